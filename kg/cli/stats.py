"""`kg stats`: counts of nodes per class and triples per property."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = "Print counts of nodes per class and triples per property."


def add_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")


def run(args: argparse.Namespace) -> int:
    from kg.knowledge_graph import open_graph

    graph = open_graph(Path(args.graph))
    stats = graph.stats()
    print(f"{len(graph)} triples")
    for title, counter in (("nodes per class", stats["classes"]), ("triples per property", stats["properties"])):
        print(f"\n{title}:")
        for iri, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n:6d}  {graph.compact(iri)}")
    return 0
