"""`kg serve`: a read-only SPARQL 1.1 endpoint over a graph file or store."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import say
from kg.core.settings import DEFAULTS

DESCRIPTION = (
    "Serve the SPARQL 1.1 Protocol at /sparql (GET and POST), read-only, with a per-query time limit "
    "and a row cap, and a query page at /."
)


def add_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    s.add_argument("--host", default=DEFAULTS.serve_host, help="address to listen on (default: loopback only)")
    s.add_argument("--port", type=int, default=DEFAULTS.serve_port, help=f"port (default: {DEFAULTS.serve_port})")
    s.add_argument(
        "--timeout",
        type=float,
        default=DEFAULTS.serve_timeout,
        help=f"seconds a query may run (default: {DEFAULTS.serve_timeout:g})",
    )
    s.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULTS.serve_max_rows,
        help=f"most result rows (default: {DEFAULTS.serve_max_rows})",
    )
    s.add_argument(
        "--max-memory",
        type=int,
        default=DEFAULTS.serve_max_memory // 2**20,
        metavar="MIB",
        help=f"memory a query worker may use, in MiB; past it the query gets a 500 and the worker is replaced "
        f"(default: {DEFAULTS.serve_max_memory // 2**20})",
    )
    s.add_argument(
        "--cache",
        type=int,
        default=DEFAULTS.serve_cache_bytes // 2**20,
        metavar="MIB",
        help="MiB of answers kept for repeated queries until the graph changes; 0 for none "
        f"(default: {DEFAULTS.serve_cache_bytes // 2**20})",
    )
    s.add_argument(
        "--cors",
        metavar="ORIGIN",
        help="let web pages from ORIGIN (e.g. http://localhost:3000) query the endpoint; others are refused",
    )
    s.add_argument(
        "--workers",
        type=int,
        default=DEFAULTS.serve_workers,
        help=f"query worker processes (default: {DEFAULTS.serve_workers})",
    )


def run(args: argparse.Namespace) -> int:
    from kg.serve.http import serve
    from kg.store.persistent import open_engine

    path = Path(args.graph)
    open_engine(path)  # fail early, with the reason, before binding the port

    def ready(where: str) -> None:
        say(f"serving {path} at {where} (timeout {args.timeout:g} s, max {args.max_rows} rows); Ctrl-C stops")

    return serve(
        path,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=args.workers,
        on_ready=ready,
        max_memory=args.max_memory * 2**20,
        cors=args.cors,
        cache_bytes=args.cache * 2**20,
    )
