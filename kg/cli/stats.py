"""`kg stats`: what a graph file or store holds, at a glance."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = (
    "Print what a graph file or store holds: documents and their outlets, the span of event and "
    "report dates, actors, places, events and claims, nodes per class and triples per property."
)


def add_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file or store folder")
    s.add_argument("--brief", action="store_true", help="only the summary, not the counts per class and property")


def run(args: argparse.Namespace) -> int:
    from kg.knowledge_graph import KnowledgeGraph, open_graph

    graph = open_graph(Path(args.graph))
    stats = graph.stats()
    print(f"{stats.triples} triples from {stats.documents} documents")
    print("  " + ", ".join(f"{n} {kind.lower()}s" for kind, n in stats.kinds.items()))
    for title, span in (("event dates", stats.event_dates), ("report dates", stats.report_dates)):
        when = f"{span.first} to {span.last} ({span.dated} dated)" if span.dated else "none"
        print(f"  {title}: {when}")
    if stats.sources:
        print("  sources: " + ", ".join(f"{name} ({n})" for name, n in stats.sources.items()))
    if args.brief:
        return 0
    for title, counter in (("nodes per class", stats.classes), ("triples per property", stats.properties)):
        print(f"\n{title}:")
        for iri, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n:6d}  {KnowledgeGraph.compact(iri)}")
    return 0
