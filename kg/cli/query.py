"""`kg query`: SPARQL (text, a .rq file or a saved query) on a graph file or store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import read_query, read_query_file, rows, say
from kg.query.formats import RESULT_FORMATS

DESCRIPTION = (
    "Run a SPARQL query (text, a .rq file, or a saved query) on a graph file or store. "
    "Values given with --bind are bound as RDF terms, never pasted into the query."
)


def _saved_names() -> list[str]:
    from kg.query.saved import saved_queries

    try:
        return list(saved_queries())
    except OSError:
        return []


EPILOG = (
    "saved queries: " + ", ".join(_saved_names()) + "\n\nexamples:\n"
    "  kg query seeds.ttl --saved who_backs_whom\n"
    "  kg query seeds.ttl --saved entity --bind name=Bukamal --format csv\n"
    "  kg query store/ --saved timeline --offset 100      # the second page\n"
    "  kg query store/ --saved timeline --all --format csv > timeline.csv\n"
    "  kg query store/ 'SELECT ?p WHERE { ?p a kg:City }'"
)


def add_arguments(q: argparse.ArgumentParser) -> None:
    q.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    q.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL text (or the name of an existing .rq file)")
    q.add_argument("--file", type=Path, metavar="Q.rq", help="read the query from this file")
    q.add_argument("--saved", metavar="NAME", help="run a saved query of ontology/queries/")
    q.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to VALUE (an IRI if it looks like one or is <...>, else a literal)",
    )
    q.add_argument(
        "--format",
        choices=RESULT_FORMATS,
        default="table",
        help="table (with labels, default), or the SPARQL results formats csv, tsv, json",
    )
    page = q.add_mutually_exclusive_group()
    page.add_argument(
        "--limit",
        type=rows,
        metavar="N",
        help="page size of a listing (a query with a `LIMIT n # page` line; the saved listings: 100 events, "
        "places or claim pairs a page, an event with two agents being two rows)",
    )
    page.add_argument("--all", action="store_true", help="every row of a listing, not a page (slower on a big store)")
    q.add_argument("--offset", type=rows, default=0, metavar="N", help="start the page after the first N (default: 0)")
    q.add_argument("--list", action="store_true", help="list the saved queries and their questions")
    q.add_argument(
        "--keep-formulas",
        action="store_true",
        help="csv/tsv: write cells that start with = + - @ as they are (by default they get a leading ' "
        "so a spreadsheet never runs article text as a formula)",
    )


def _query_text(args: argparse.Namespace) -> str:
    from kg.core.errors import QueryError
    from kg.query.saved import saved_query

    given = [x for x in (args.query, args.file, args.saved) if x]
    if len(given) != 1:
        raise QueryError("give one of: a query, --file Q.rq, or --saved NAME" + (" (not several)" if given else ""))
    if args.saved:
        return saved_query(args.saved)
    if args.file:
        return read_query_file(args.file)
    return read_query(args.query)


def run(args: argparse.Namespace) -> int:
    from kg.knowledge_graph import open_graph
    from kg.query.saved import PAGE, describe_saved, page_size, paged, parse_binding, saved_queries
    from kg.store.lookup import bind_lookups

    if args.list:
        for name, path in saved_queries().items():
            print(f"{name:26s} {describe_saved(path)}")
        return 0
    query = _query_text(args)
    limit = None if args.all else PAGE if args.limit is None else args.limit
    text = paged(query, limit, args.offset)
    graph = open_graph(Path(args.graph))
    bindings, found = bind_lookups(graph.engine, query, dict(parse_binding(b) for b in args.bind))
    for each in found:
        say(_taken_as(each))
    if args.format == "table":
        _print_table(graph.query(text, **bindings))
    else:
        _write_listing(graph, text, bindings, args.format, guard=not args.keep_formulas)
    _say_if_more_follow(graph, query, page_size(text), args.offset, bindings)
    return 0


def _taken_as(found) -> str:
    """`'deir ezzor' taken as Deir ez-Zor (...); also close: ...`: which entity a typed name became."""
    chosen = found.chosen
    line = f"{found.typed!r} taken as {chosen.label} (matched {chosen.name!r}, score {chosen.score:.0f})"
    if found.others:
        line += "; also close: " + ", ".join(f"{m.label} ({m.score:.0f})" for m in found.others)
    return line


def _write_listing(graph, text: str, bindings: dict, fmt: str, guard: bool) -> None:
    """CSV, TSV or JSON with a label column beside each IRI column; a CONSTRUCT as Turtle or JSON-LD."""
    import pyoxigraph as ox

    from kg.query.formats import serialize_results, serialize_table

    result = graph.engine.execute(text, bindings)
    if isinstance(result, ox.QueryTriples):
        out = serialize_results(result, fmt)
    else:
        out = serialize_table(*graph.engine.table_of(result), fmt, guard=guard)
    sys.stdout.write(out.decode("utf-8"))


def _say_if_more_follow(graph, query: str, size: int | None, offset: int, bindings: dict) -> None:
    """A listing cut at its page says so on stderr when the next page has rows, so one page
    of a CSV is never taken for the whole (asking costs one more page-sized query)."""
    from kg.query.saved import paged

    if not size:
        return
    if any(True for _ in graph.engine.execute(paged(query, size, offset + size), bindings)):
        say(
            f"one page shown ({size} from offset {offset}); more follow: "
            f"--offset {offset + size} for the next page, --all for every row"
        )


def _print_table(frame) -> None:
    import pandas as pd

    from kg.knowledge_graph import KnowledgeGraph

    if frame.empty:
        print("(no results)")
        return
    shown = frame.copy()
    for col in frame.columns:  # show a label where there is one, the compact IRI otherwise
        if f"{col}Label" in frame.columns:
            shown[col] = [
                lab if isinstance(lab, str) else KnowledgeGraph.compact(str(v)) if v is not None else ""
                for v, lab in zip(frame[col], frame[f"{col}Label"], strict=True)
            ]
            shown = shown.drop(columns=[f"{col}Label"])
    with pd.option_context(
        "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 70
    ):
        print(shown.to_string(index=False))
    print(f"({len(frame)} rows)")
