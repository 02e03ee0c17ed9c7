"""The graph as a network file Gephi, Cytoscape and networkx read (GraphML, GEXF), and as an
edge list a spreadsheet reads (CSV): nodes with label, kind, type, coordinates and colour; edges
with relation, status, how many documents state them and who asserts and denies them."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.export.sides import Sides, fact_sides, status_name
from kg.query.formats import spreadsheet_cell
from kg.resources.facts import FactSpecs
from kg.store.engine import Engine
from kg.view.html import PLAIN_EDGE, edge_colours
from kg.view.networks import edge_properties, to_networkx

SOURCES = """
SELECT ?s ?p ?o ?fact ?doc ?state WHERE {{
  VALUES ?p {{ {properties} }}
  ?s ?p ?o .
  {{ ?fact rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc . }}
  UNION {{ ?s prov:wasDerivedFrom ?doc . BIND(?s AS ?fact) }}
  OPTIONAL {{ ?fact kg:status ?state }}
}}"""
FACT_COLUMNS = [
    "subject",
    "subjectLabel",
    "relation",
    "object",
    "objectLabel",
    "sources",
    "status",
    "asserted_by",
    "denied_by",
]


def network(engine: Engine, ontology_dir: Path | None = None) -> nx.MultiDiGraph:
    """The drawn network (kg.view.networks) with only scalar attributes, as file formats need:
    aliases joined by "; ", evidence left out (it is in the RDF), colours as the viewer draws."""
    specs = FactSpecs.load(ontology_dir)
    g = to_networkx(engine, ontology_dir)
    colours, kinds = edge_colours(specs), specs.drawing.kinds
    counted = _sources(engine, specs)
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        colour = kinds[data["kind"]].colour
        attrs = {"label": data["label"], "kind": data["kind"], "type": data["type"], "colour": colour}
        attrs["aliases"] = "; ".join(data.get("aliases", []))
        attrs.update({k: float(data[k]) for k in ("lat", "long") if k in data})
        out.add_node(n, **attrs)
    for s, o, key, data in g.edges(keys=True, data=True):
        relation = data["relation"]
        edge = counted.get((s, relation, o), EdgeSources())
        colour = colours.get(relation, PLAIN_EDGE)
        out.add_edge(
            s,
            o,
            key=key,
            relation=relation,
            label=relation,
            sources=len(edge.documents),
            status=edge.status,
            asserted_by="; ".join(edge.sides.supporting),
            denied_by="; ".join(edge.sides.denying),
            colour=colour,
        )
    return out


@dataclass
class EdgeSources:
    """The documents stating an edge, its status, and who stands for and against it."""

    documents: set[str] = field(default_factory=set)
    status: str = ""
    sides: Sides = field(default_factory=Sides)


def _sources(engine: Engine, specs: FactSpecs) -> dict[tuple[str, str, str], EdgeSources]:
    """(subject, relation, object) -> its sources: an edge of an event takes the event's, a
    relation those of its evidence nodes."""
    properties = " ".join(f"kg:{p}" for p in edge_properties(specs))
    frame = engine.frame(SOURCES.format(properties=properties), labels=False)
    sides = fact_sides(engine)
    edges: dict[tuple[str, str, str], EdgeSources] = {}
    for row in frame.itertuples(index=False):
        edge = edges.setdefault((row.s, row.p.rsplit("#", 1)[-1], row.o), EdgeSources())
        edge.documents.add(row.doc)
        edge.status = edge.status or status_name(row.state)
        for side in ("for", "against"):
            found = sides[row.fact]
            for name in found.supporting if side == "for" else found.denying:
                edge.sides.add(side, name)
    return edges


def write_graphml(engine: Engine, path: Path, ontology_dir: Path | None = None) -> int:
    g = network(engine, ontology_dir)
    nx.write_graphml(g, path)
    return g.number_of_edges()


def write_gexf(engine: Engine, path: Path, ontology_dir: Path | None = None) -> int:
    """GEXF with Gephi's own colour and position (longitude, latitude) for each node."""
    g = network(engine, ontology_dir)
    for _, data in g.nodes(data=True):
        red, green, blue = (int(data["colour"][i : i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
        if "lat" in data:
            data["viz"]["position"] = {"x": data["long"], "y": data["lat"], "z": 0.0}
    nx.write_gexf(g, path)
    return g.number_of_edges()


def write_facts_csv(engine: Engine, path: Path, ontology_dir: Path | None = None, guard: bool = True) -> int:
    """Every edge of the network as a row: subject and object with their labels, the relation,
    how many documents state it and its status (`guard`: formula cells neutralised)."""
    g = network(engine, ontology_dir)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(FACT_COLUMNS)
        for s, o, data in sorted(g.edges(data=True), key=lambda e: (e[2]["relation"], e[0], e[1])):
            row = [s, g.nodes[s]["label"], data["relation"], o, g.nodes[o]["label"]]
            row += [data["sources"], data["status"], data["asserted_by"], data["denied_by"]]
            writer.writerow([spreadsheet_cell(c) for c in row] if guard else row)
    return g.number_of_edges()
