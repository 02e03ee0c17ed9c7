"""The graph as a network file Gephi, Cytoscape and networkx read (GraphML, GEXF), and as an
edge list a spreadsheet reads (CSV): nodes with label, kind, type, coordinates and colour; edges
with relation, status and how many documents state them."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from kg.query.formats import spreadsheet_cell
from kg.resources.facts import FactSpecs
from kg.store.engine import Engine
from kg.view.html import KINDS, PLAIN_EDGE, edge_styles
from kg.view.networks import edge_properties, to_networkx

SOURCES = """
SELECT ?s ?p ?o (COUNT(DISTINCT ?doc) AS ?n) (GROUP_CONCAT(DISTINCT ?state; separator="; ") AS ?status) WHERE {{
  VALUES ?p {{ {properties} }}
  ?s ?p ?o .
  {{ ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
     OPTIONAL {{ ?ev kg:status/rdfs:label ?state }} }}
  UNION {{ ?s prov:wasDerivedFrom ?doc }}
}} GROUP BY ?s ?p ?o"""
FACT_COLUMNS = ["subject", "subjectLabel", "relation", "object", "objectLabel", "sources", "status"]


def network(engine: Engine, ontology_dir: Path | None = None) -> nx.MultiDiGraph:
    """The drawn network (kg.view.networks) with only scalar attributes, as file formats need:
    aliases joined by "; ", evidence left out (it is in the RDF), colours as the viewer draws."""
    specs = FactSpecs.load(ontology_dir)
    g = to_networkx(engine, ontology_dir)
    styles = edge_styles(specs)
    counted = _sources(engine, specs)
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        attrs = {"label": data["label"], "kind": data["kind"], "type": data["type"], "colour": KINDS[data["kind"]][0]}
        attrs["aliases"] = "; ".join(data.get("aliases", []))
        attrs.update({k: float(data[k]) for k in ("lat", "long") if k in data})
        out.add_node(n, **attrs)
    for s, o, key, data in g.edges(keys=True, data=True):
        relation = data["relation"]
        n, status = counted.get((s, relation, o), (0, ""))
        colour = styles.get(relation, PLAIN_EDGE)[0]
        out.add_edge(s, o, key=key, relation=relation, label=relation, sources=n, status=status, colour=colour)
    return out


def _sources(engine: Engine, specs: FactSpecs) -> dict[tuple[str, str, str], tuple[int, str]]:
    """(subject, relation, object) -> (documents stating it, its status where one is recorded)."""
    properties = " ".join(f"kg:{p}" for p in edge_properties(specs))
    frame = engine.frame(SOURCES.format(properties=properties), labels=False)
    return {
        (row.s, row.p.rsplit("#", 1)[-1], row.o): (int(row.n), row.status or "")
        for row in frame.itertuples(index=False)
    }


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
            row = [s, g.nodes[s]["label"], data["relation"], o, g.nodes[o]["label"], data["sources"], data["status"]]
            writer.writerow([spreadsheet_cell(c) for c in row] if guard else row)
    return g.number_of_edges()
