"""`kg html`: an interactive network page of a graph, self-contained and offline."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import read_query, say

DESCRIPTION = "Write an interactive HTML network of the graph, self-contained and offline."


def add_arguments(h: argparse.ArgumentParser) -> None:
    h.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    h.add_argument("-o", "--output", required=True, metavar="OUT.html", help="page to write")
    h.add_argument("--query", metavar="SPARQL_OR_FILE", help="draw only what a CONSTRUCT or SELECT returns")
    h.add_argument("--focus", metavar="ENTITY", help="draw the neighbourhood of one entity (any of its names)")
    h.add_argument("--hops", type=int, default=1, help="with --focus: how many hops (default: 1)")
    h.add_argument(
        "--layout",
        choices=("auto", "force", "geo"),
        default="auto",
        help=(
            "auto (default): laid out here and fitted to the page, an overview of groups past 300 nodes; "
            "geo: places at their coordinates on a map of the countries around the events; "
            "force: left to the page's physics"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from kg.knowledge_graph import open_graph

    graph = open_graph(Path(args.graph))
    query = read_query(args.query) if args.query else None
    out = graph.to_html(Path(args.output), query=query, focus=args.focus, hops=args.hops, layout=args.layout)
    say(f"wrote {out}")
    return 0
