"""`kg export`: the graph for other tools (ACLED-style events, GraphML, GEXF, JSON-LD, facts CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import say

DESCRIPTION = (
    "Write a graph file or store for the tools analysts already use: events as an ACLED-style table, "
    "the network for Gephi and networkx, the RDF as JSON-LD, every fact as a spreadsheet row."
)
EPILOG = """formats:
  acled     events, one row each, in ACLED's columns (CSV; names, never IRIs)
  graphml   the network for networkx, Gephi, Cytoscape (.graphml)
  gexf      the network for Gephi, with colours and map positions (.gexf)
  jsonld    the RDF graph as JSON-LD with a compact context (.jsonld)
  csv       every fact (edge) as a row: subject, relation, object, with labels and source counts (.csv)

examples:
  kg export seeds.ttl --format acled -o events.csv
  kg export kgstore/ -o network.graphml          # the format from the extension
  kg export seeds.ttl -o seeds.gexf"""


def add_arguments(e: argparse.ArgumentParser) -> None:
    from kg.export import EXPORTS

    e.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    e.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="file to write")
    e.add_argument(
        "--format", choices=list(EXPORTS), help="what to write (default: the one the output's extension names)"
    )
    e.add_argument(
        "--keep-formulas",
        action="store_true",
        help="write CSV cells that start with = + - @ as they are (by default they get a leading ' so a "
        "spreadsheet shows them as text, never runs them)",
    )


def run(args: argparse.Namespace) -> int:
    from kg.export import export_format
    from kg.knowledge_graph import open_graph

    fmt = export_format(args.output, args.format)  # before opening a large store
    open_graph(Path(args.graph)).export(args.output, fmt, keep_formulas=args.keep_formulas)
    say(f"wrote {args.output} ({fmt})")
    return 0
