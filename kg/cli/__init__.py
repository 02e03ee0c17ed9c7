"""The `kg` command: a thin front over the library, one module per command.

This module only builds the parser from the command table, sets up logging (`-v`), dispatches
and maps errors to exit statuses: a `KGError` (and an OS error on a file the user named) is one
line, `kg: error: ...`, exit 2; Ctrl-C is 130.  Each command module has `add_arguments(parser)`
and `run(args) -> int` and calls one public library function a notebook can call too.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import warnings

from kg.cli.common import fail

COMMANDS = {
    "build": "read articles and write their graph",
    "stats": "what a graph holds: documents, sources, dates, kinds, classes, properties",
    "query": "run SPARQL on a graph file or store",
    "serve": "serve a SPARQL 1.1 endpoint at /sparql (read-only)",
    "html": "write an interactive network page (works offline)",
    "export": "write events as ACLED-style CSV, the network as GraphML/GEXF, JSON-LD, or facts as CSV",
    "check": "validate the ontology folder (gazetteer, lexicons, fact specs) and the pipeline",
    "gazetteer": "check the curated gazetteer: shared names, coordinates outside their country, sources",
}
EPILOG = """examples:
  kg build seeds/ -o seeds.ttl            build a graph from a folder of articles
  kg build news.jsonl --store kgstore/    add articles to a persistent store
  kg stats seeds.ttl                      counts per class and property
  kg query seeds.ttl --saved who_backs_whom
  kg html seeds.ttl -o seeds.html         an interactive network, offline
  kg export seeds.ttl --format acled -o events.csv   events for spreadsheets
  kg check                                validate the ontology folder
  kg gazetteer check                      audit the curated gazetteer
"""


class Parser(argparse.ArgumentParser):
    """argparse with its usage errors said as newskg says every user error: one line, exit 2."""

    def error(self, message: str):  # type: ignore[override]
        print(f"kg: error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    from kg.core.settings import VERSION

    parser = Parser(
        prog="kg",
        description="newskg: knowledge graphs of actors, places, backing, events and claims from news.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say what each step does")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=Parser)
    for name, summary in COMMANDS.items():
        module = importlib.import_module(f"kg.cli.{name}")
        command = sub.add_parser(
            name,
            help=summary,
            description=module.DESCRIPTION,
            epilog=getattr(module, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="say what each step does"
        )
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """The library's warnings (a stale store summary) as one plain line, not a source location."""
    print(f"kg: warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Parse, dispatch, and turn every user error into one line and exit status 2."""
    from kg.core.errors import KGError

    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="kg: %(message)s")
    warnings.showwarning = _show_warning
    try:
        return args.run(args)
    except KGError as exc:
        return fail(str(exc))
    except BrokenPipeError:  # `kg query ... | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so the interpreter's final flush is quiet
        return 0
    except OSError as exc:  # a file or folder the user named: unreadable, full disk, port in use
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return fail(f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        return fail("interrupted", 130)
