"""The `kg` command: a thin front over the library (build, stats, query, serve, html)."""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

EPILOG = """examples:
  kg build seeds/ -o seeds.ttl            build a graph from a folder of articles
  kg build news.jsonl --store kgstore/    add articles to a persistent store
  kg stats seeds.ttl                      counts per class and property
  kg query seeds.ttl --saved who_backs_whom
  kg html seeds.ttl -o seeds.html         an interactive network, offline
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="newskg: knowledge graphs of actors, places, backing, events and claims from news.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say what each step does")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="say what each step does (e.g. each document stored)",
    )

    b = sub.add_parser(
        "build",
        parents=[common],
        help="read articles and write their graph",
        description="Read news articles (files, folders, '-' for stdin, JSON Lines) and write "
        "their knowledge graph to a file (-o) or add it to a store (--store).",
    )
    b.add_argument("paths", nargs="+", metavar="PATH", help="article file, folder (recursive), .jsonl, or '-'")
    out = b.add_mutually_exclusive_group(required=True)
    out.add_argument(
        "-o", "--output", metavar="OUT", help="graph file; format from extension: .ttl .nt .trig .nq .jsonld"
    )
    out.add_argument("--store", metavar="DIR", help="persistent store folder to add to (created if missing)")
    b.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (default: en_core_web_sm)")
    b.add_argument("--ontology", metavar="DIR", help="ontology folder (default: the project's ontology/)")
    b.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes for extraction, each with its own model (0: one per core; default 1)",
    )
    b.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help="run extraction here (default) or as a PySpark job (needs newskg[spark] and Java)",
    )
    b.add_argument("--master", metavar="URL", help="Spark master for --engine spark (default: local[*])")
    b.add_argument(
        "--staging",
        metavar="DIR",
        help="--engine spark: folder for the partitions' N-Quads, on a file system the driver and every "
        "executor reach (default: a temporary folder, enough for local[N])",
    )
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser(
        "stats",
        help="count nodes per class and triples per property",
        description="Print counts of nodes per class and triples per property.",
    )
    s.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    s.set_defaults(func=cmd_stats)

    _add_later_commands(sub)
    return parser


def _add_later_commands(sub) -> None:
    """Commands whose modules load heavier dependencies: imported only when run."""
    from . import cli_extra

    cli_extra.register(sub)


def _jobs(text: str) -> int:
    from .parallel import available_cores

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("the number of processes cannot be negative")
    return n or available_cores()


def _version() -> str:
    from . import __version__

    return __version__


def cmd_build(args: argparse.Namespace) -> int:
    from .builder import NothingToBuild
    from .knowledge_graph import UnsupportedFormat, format_for
    from .nlp import ModelNotFound
    from .store import GraphNotFound

    options = {
        "model": args.model,
        "ontology_dir": Path(args.ontology) if args.ontology else None,
        "progress": not args.no_progress and sys.stderr.isatty(),
    }
    if (args.master or args.staging) and args.engine != "spark":
        return _fail("--master and --staging are for --engine spark")
    if args.output:
        try:
            format_for(args.output)
        except UnsupportedFormat as exc:
            return _fail(str(exc))
    try:
        if args.engine == "spark":
            return _build_with_spark(args, options)
        if args.store:
            return _build_store(args, options)
        from .builder import build_file

        output = Path(args.output)
        count = build_file(args.paths, output, jobs=args.jobs, **options)
    except (NothingToBuild, ModelNotFound, GraphNotFound, OSError) as exc:
        return _fail(str(exc))
    print(f"kg: {count} documents -> {output}", file=sys.stderr)
    return 0


def _build_store(args: argparse.Namespace, options: dict) -> int:
    from .store import add_to_store, print_added

    report = add_to_store(
        args.paths, Path(args.store), jobs=args.jobs, on_added=print_added if args.verbose else None, **options
    )
    print(report, file=sys.stderr)
    return 0


def _build_with_spark(args: argparse.Namespace, options: dict) -> int:
    from .spark import SparkUnavailable, build_with_spark

    try:
        summary = build_with_spark(
            args.paths,
            output=Path(args.output) if args.output else None,
            store=Path(args.store) if args.store else None,
            master=args.master or "local[*]",
            staging=Path(args.staging) if args.staging else None,
            model=options["model"],
            ontology_dir=options["ontology_dir"],
        )
    except SparkUnavailable as exc:
        return _fail(str(exc))
    print(f"kg: spark: {summary}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .store import GraphNotFound, open_graph

    try:
        graph = open_graph(Path(args.graph))
    except (GraphNotFound, OSError) as exc:
        return _fail(str(exc))
    stats = graph.stats()
    print(f"{len(graph)} triples")
    for title, counter in (("nodes per class", stats["classes"]), ("triples per property", stats["properties"])):
        print(f"\n{title}:")
        for iri, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n:6d}  {graph.compact(iri)}")
    return 0


def _fail(message: str, status: int = 1) -> int:
    print(f"kg: error: {message}", file=sys.stderr)
    return status


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """The library's warnings (a stale store summary) as one plain line, not a source location."""
    print(f"kg: warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="kg: %(message)s")
    warnings.showwarning = _show_warning
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
