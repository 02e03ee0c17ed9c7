"""Subcommands over an existing graph: query, serve and html."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

RESULT_FORMATS = ("table", "csv", "tsv", "json")


def register(sub) -> None:
    """Attach the query, serve and html subcommands to the `kg` parser."""
    q = sub.add_parser(
        "query",
        help="run SPARQL on a graph file or store",
        description="Run a SPARQL query (text, a .rq file, or a saved query) on a graph file or store. "
        "Values given with --bind are bound as RDF terms, never pasted into the query.",
        epilog="saved queries: " + ", ".join(_saved_names()) + "\n\nexamples:\n"
        "  kg query seeds.ttl --saved who_backs_whom\n"
        "  kg query seeds.ttl --saved entity --bind name=Bukamal --format csv\n"
        "  kg query store/ --saved timeline --offset 100      # the second page\n"
        "  kg query store/ --saved timeline --all --format csv > timeline.csv\n"
        "  kg query store/ 'SELECT ?p WHERE { ?p a kg:City }'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    q.add_argument("query", nargs="?", metavar="QUERY_OR_FILE", help="SPARQL text or a .rq file")
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
        type=_rows,
        metavar="N",
        help="page size of a listing (a query with a `LIMIT n # page` line; the saved listings: 100 events, "
        "places or claim pairs a page, an event with two agents being two rows)",
    )
    page.add_argument("--all", action="store_true", help="every row of a listing, not a page (slower on a big store)")
    q.add_argument("--offset", type=_rows, default=0, metavar="N", help="start the page after the first N (default: 0)")
    q.add_argument("--list", action="store_true", help="list the saved queries and their questions")
    q.set_defaults(func=cmd_query)

    s = sub.add_parser(
        "serve",
        help="serve a SPARQL 1.1 endpoint at /sparql (read-only)",
        description="Serve the SPARQL 1.1 Protocol at /sparql (GET and POST), read-only, with "
        "a per-query time limit and a row cap, and a query page at /.",
    )
    s.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    s.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    s.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default: 10)")
    s.add_argument("--max-rows", type=int, default=10000, help="most result rows (default: 10000)")
    s.add_argument("--workers", type=int, default=2, help="query worker processes (default: 2)")
    s.set_defaults(func=cmd_serve)

    h = sub.add_parser(
        "html",
        help="write an interactive network page (works offline)",
        description="Write an interactive HTML network of the graph, self-contained and offline.",
    )
    h.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    h.add_argument("-o", "--output", required=True, metavar="OUT.html", help="page to write")
    h.add_argument("--query", metavar="SPARQL_OR_FILE", help="draw only what a CONSTRUCT or SELECT returns")
    h.add_argument("--focus", metavar="ENTITY", help="draw the neighbourhood of one entity (any of its names)")
    h.add_argument("--hops", type=int, default=1, help="with --focus: how many hops (default: 1)")
    h.add_argument(
        "--layout",
        choices=("auto", "force", "geo"),
        default="auto",
        help="geo: places at their coordinates; force: physics; auto: physics for small graphs",
    )
    h.set_defaults(func=cmd_html)


def _rows(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows (0 or more)")
    return value


def _saved_names() -> list[str]:
    from .query import saved_queries

    try:
        return list(saved_queries())
    except OSError:
        return []


def _fail(message: str, status: int = 1) -> int:
    print(f"kg: error: {message}", file=sys.stderr)
    return status


def _query_text(args: argparse.Namespace) -> str:
    from .query import QueryError, saved_query

    if args.saved and args.query:
        raise QueryError("give either a query or --saved NAME, not both")
    if args.saved:
        return saved_query(args.saved)
    if not args.query:
        raise QueryError("give a query, a .rq file, or --saved NAME")
    path = Path(args.query)
    if args.query.endswith(".rq") or (len(args.query) < 300 and "\n" not in args.query and path.is_file()):
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    return args.query


def cmd_query(args: argparse.Namespace) -> int:
    from .query import PAGE, QueryError, describe_saved, page_size, paged, parse_binding, saved_queries
    from .store import GraphNotFound, open_graph

    if args.list:
        for name, path in saved_queries().items():
            print(f"{name:26s} {describe_saved(path)}")
        return 0
    try:
        query = _query_text(args)
        limit = None if args.all else PAGE if args.limit is None else args.limit
        text = paged(query, limit, args.offset)
        bindings = dict(parse_binding(b) for b in args.bind)
        graph = open_graph(Path(args.graph))
        if args.format == "table":
            _print_table(graph.query(text, **bindings))
        else:
            result = graph.engine.execute(text, bindings)
            sys.stdout.write(serialize_results(result, args.format).decode("utf-8"))
        _say_if_more_follow(graph, query, page_size(text), args.offset, bindings)
    except (QueryError, GraphNotFound) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{args.graph}: {exc}")
    return 0


def _say_if_more_follow(graph, query: str, size: int | None, offset: int, bindings: dict) -> None:
    """A listing cut at its page says so on stderr when the next page has rows, so one page
    of a CSV is never taken for the whole (asking costs one more page-sized query)."""
    from .query import paged

    if not size:
        return
    if any(True for _ in graph.engine.execute(paged(query, size, offset + size), bindings)):
        print(
            f"kg: one page shown ({size} from offset {offset}); more follow: "
            f"--offset {offset + size} for the next page, --all for every row",
            file=sys.stderr,
        )


def _print_table(frame) -> None:
    import pandas as pd

    if frame.empty:
        print("(no results)")
        return
    shown = frame.copy()
    for col in frame.columns:  # show a label where there is one, the compact IRI otherwise
        if f"{col}_label" in frame.columns:
            from .knowledge_graph import KnowledgeGraph

            shown[col] = [
                lab if isinstance(lab, str) else KnowledgeGraph.compact(str(v)) if v is not None else ""
                for v, lab in zip(frame[col], frame[f"{col}_label"], strict=True)
            ]
            shown = shown.drop(columns=[f"{col}_label"])
    with pd.option_context(
        "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 70
    ):
        print(shown.to_string(index=False))
    print(f"({len(frame)} rows)")


def serialize_results(result, fmt: str) -> bytes:
    """SPARQL results in a standard format (csv, tsv, json, xml) or triples as Turtle/JSON-LD."""
    import pyoxigraph as ox

    formats = {
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
    }
    if isinstance(result, ox.QueryTriples):
        rdf = ox.RdfFormat.JSON_LD if fmt in {"json", "jsonld"} else ox.RdfFormat.TURTLE
        return result.serialize(format=rdf)
    return result.serialize(format=formats[fmt])


def cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve
    from .store import GraphNotFound, open_graph

    path = Path(args.graph)
    try:
        open_graph(path)  # fail early, with the reason, before binding the port
    except (GraphNotFound, OSError) as exc:
        return _fail(str(exc))
    return serve(
        path, host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows, workers=args.workers
    )


def cmd_html(args: argparse.Namespace) -> int:
    from .query import QueryError
    from .store import GraphNotFound, open_graph
    from .viewer import ViewerError, write_html

    try:
        graph = open_graph(Path(args.graph))
        query = None
        if args.query:
            query = Path(args.query).read_text(encoding="utf-8") if args.query.endswith(".rq") else args.query
        out = write_html(graph, Path(args.output), query=query, focus=args.focus, hops=args.hops, layout=args.layout)
    except (GraphNotFound, QueryError, ViewerError, OSError) as exc:
        return _fail(str(exc))
    print(f"kg: wrote {out}", file=sys.stderr)
    return 0
