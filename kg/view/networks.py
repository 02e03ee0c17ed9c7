"""The graph as networkx: entities, events, claims and documents as nodes, relations as edges.

Read through SPARQL, so it works the same for a built graph, a graph file and a store.  Node
attributes carry what the viewer shows: label, kind (actor, backer, outlet, place, event, claim,
document), class, other names, coordinates, Wikidata / GeoNames links, status and evidence
sentences (each with the document it came from); a document node carries its title, date and
publisher.  A relation edge carries its own evidence and status, so a click on "A backs B" can
show the sentences that say so.  Events and claims link to their documents (`source`), documents
to their publishers (`publisher`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx

from kg.core.vocab import DCTERMS, ONTOLOGY_GRAPH, PROV
from kg.core.vocab import KG as KG_NAMESPACE
from kg.resources.facts import FactSpecs
from kg.store.engine import Engine

KG = str(KG_NAMESPACE)
EVENT_EDGES = ("agent", "target", "place")
"""An event's slots, drawn as edges from the event."""
CLAIM_EDGES = ("claimant", "outlet", "asserts", "denies")
"""A claim's links, drawn as edges from the claim."""
SOURCE_EDGES = {str(PROV.wasDerivedFrom): "source", str(DCTERMS.publisher): "publisher"}
"""Provenance drawn as edges: event or claim -> its documents, document -> its publisher."""
MAX_EVIDENCE = 6


def edge_properties(specs: FactSpecs) -> tuple[str, ...]:
    """Every property drawn as an edge: the relations of the specs, event slots, claim links."""
    return (*specs.relations, *EVENT_EDGES, *CLAIM_EDGES, *SOURCE_EDGES.values())


def actor_relations(specs: FactSpecs) -> frozenset[str]:
    """Edges that make a node that is also a place (a country) an actor in the drawing."""
    between_actors = {name for name, spec in specs.relations.items() if spec.subject == spec.object == "actor"}
    return frozenset(between_actors - {"partOf", "affiliatedWith"}) | {"agent", "target", "claimant"}


NODES = f"""
SELECT ?n ?label ?type ?root WHERE {{
  ?n a ?type ; rdfs:label ?label .
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?type rdfs:subClassOf* ?root }}
  VALUES ?root {{ kg:Actor kg:MediaOutlet kg:Place kg:Event kg:Claim kg:Document }}
}}"""
EDGES = """
SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {properties} }}
  ?s ?p ?o .
}}"""
PROVENANCE = """
SELECT ?s ?p ?o WHERE {
  { ?s a kg:Event } UNION { ?s a kg:Claim } UNION { ?s a kg:Document }
  VALUES ?p { prov:wasDerivedFrom dcterms:publisher }
  ?s ?p ?o .
}"""
RELATION_EVIDENCE = """
SELECT ?s ?p ?o ?sentence ?doc ?status ?denied WHERE {
  ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?ev kg:status ?status }
  OPTIONAL { ?denial kg:denies ?ev }
  BIND(BOUND(?denial) AS ?denied)
}"""
"""A relation's own sentences (each saying whether it denies the relation) and its status."""
DOCUMENTS = """
SELECT ?n ?id ?title ?date ?publisher WHERE {
  ?n a kg:Document ; dcterms:identifier ?id .
  OPTIONAL { ?n dcterms:title ?title } OPTIONAL { ?n dcterms:date ?date }
  OPTIONAL { ?n dcterms:publisher/rdfs:label ?publisher }
}"""
DETAILS = """
SELECT ?n ?p ?v WHERE {
  VALUES ?p { skos:altLabel skos:exactMatch geo:lat geo:long kg:text kg:date kg:datePrecision kg:count }
  ?n ?p ?v .
}"""
REPORTED = """
SELECT ?n ?reported WHERE { ?n kg:date ?date ; prov:wasDerivedFrom/dcterms:date ?reported }"""
"""The report's date beside an event's own, shown where the two differ."""
EVIDENCE = """
SELECT DISTINCT ?n ?sentence ?d WHERE {
  { ?ev rdf:subject|rdf:object ?n } UNION { ?ev kg:claimant ?n } UNION { ?n kg:evidence ?ev }
  UNION { ?event kg:agent|kg:target|kg:place ?n . ?event kg:evidence ?ev }
  UNION { ?n kg:sentence ?own . BIND(?n AS ?ev) }
  ?ev kg:sentence ?sentence ; prov:wasDerivedFrom ?d .
}"""
STATUS = """
SELECT ?n ?status ?sources WHERE { ?n kg:status ?status ; kg:sourceCount ?sources }"""
"""How an event stands across its reports (kg:status, derived after the build)."""


def to_networkx(engine: Engine, ontology_dir: Path | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph of the graph's entities, events and claims."""
    specs = FactSpecs.load(ontology_dir)
    g = nx.MultiDiGraph()
    roots: dict[str, set[str]] = defaultdict(set)
    for row in engine.frame(NODES, labels=False).itertuples(index=False):
        roots[row.n].add(row.root.removeprefix(KG))
        data = g.nodes[row.n] if row.n in g else None
        if data is None:
            g.add_node(row.n, label=row.label, type=row.type.removeprefix(KG), aliases=[], evidence=[])
        elif row.type.startswith(KG) and _more_specific(row.type.removeprefix(KG), data["type"]):
            data["type"] = row.type.removeprefix(KG)
    edges = EDGES.format(properties=" ".join(f"kg:{p}" for p in edge_properties(specs)))
    for row in engine.frame(edges, labels=False).itertuples(index=False):
        if row.s in g and row.o in g:
            g.add_edge(row.s, row.o, key=row.p.removeprefix(KG), relation=row.p.removeprefix(KG))
    for row in engine.frame(PROVENANCE, labels=False).itertuples(index=False):
        if row.s in g and row.o in g:
            g.add_edge(row.s, row.o, key=SOURCE_EDGES[row.p], relation=SOURCE_EDGES[row.p])
    _details(engine, g)
    _documents(engine, g)
    _relation_evidence(engine, g)
    _kinds(g, roots, actor_relations(specs))
    return g


def _more_specific(candidate: str, current: str) -> bool:
    generic = {"Actor", "Place", "Event", "Claim", "State", "Settlement", "Organization"}
    return current in generic and candidate not in generic


def _details(engine: Engine, g: nx.MultiDiGraph) -> None:
    for row in engine.frame(DETAILS, labels=False).itertuples(index=False):
        if row.n not in g:
            continue
        node, prop = g.nodes[row.n], row.p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if prop == "altLabel":
            node["aliases"].append(row.v)
        elif prop == "exactMatch":
            node.setdefault("links", []).append(row.v)
        elif prop in {"lat", "long"}:
            node[prop] = float(row.v)
        else:
            node[prop] = row.v
    for row in engine.frame(REPORTED, labels=False).itertuples(index=False):
        if row.n in g and g.nodes[row.n].get("date") != row.reported:
            g.nodes[row.n]["reported"] = row.reported
    for row in engine.frame(STATUS, labels=False).itertuples(index=False):
        if row.n in g:
            g.nodes[row.n]["status"] = row.status.rsplit("#", 1)[-1].lower()
            g.nodes[row.n]["sources"] = int(row.sources)
    for row in engine.frame(EVIDENCE, labels=False).itertuples(index=False):
        if row.n in g and len(g.nodes[row.n]["evidence"]) < MAX_EVIDENCE:
            g.nodes[row.n]["evidence"].append({"sentence": row.sentence, "document": row.d})


def _documents(engine: Engine, g: nx.MultiDiGraph) -> None:
    """A document's identifier, title, date and publisher on its node; its identifier on each
    evidence sentence (`doc`), so a sentence names where it was read without a lookup."""
    documents: dict[str, dict[str, str]] = {}
    for row in engine.frame(DOCUMENTS, labels=False).itertuples(index=False):
        about = {"doc": row.id}
        about.update({k: str(v) for k in ("title", "date", "publisher") if _present(v := getattr(row, k))})
        documents[row.n] = about
        if row.n in g:
            g.nodes[row.n].update(about)
    for _, data in g.nodes(data=True):
        for evidence in data["evidence"]:
            evidence["doc"] = documents.get(evidence["document"], {}).get("doc", evidence["document"])
    g.graph["documents"] = documents


def _present(value: object) -> bool:
    return value is not None and value == value  # not None, not NaN


def _relation_evidence(engine: Engine, g: nx.MultiDiGraph) -> None:
    """Each relation edge's sentences (with their documents) and its status."""
    documents = g.graph["documents"]
    for row in engine.frame(RELATION_EVIDENCE, labels=False).itertuples(index=False):
        key = row.p.removeprefix(KG)
        if not g.has_edge(row.s, row.o, key):
            continue
        edge = g.edges[row.s, row.o, key]
        evidence = edge.setdefault("evidence", [])
        if len(evidence) < MAX_EVIDENCE:
            doc_id = documents.get(row.doc, {}).get("doc", row.doc)
            evidence.append({"sentence": row.sentence, "document": row.doc, "doc": doc_id})
            if row.denied in (True, "true"):
                evidence[-1]["denies"] = True
        if isinstance(row.status, str):
            edge["status"] = _stronger(edge.get("status"), row.status.rsplit("#", 1)[-1].lower())


STATUS_ORDER = ("reported", "claimed", "denied", "contested")


def _stronger(current: str | None, status: str) -> str:
    """Evidence nodes of one relation share its status; should two differ, the edge shows the
    one that warns most (contested over denied over claimed over reported)."""
    if current is None:
        return status
    return max(current, status, key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else -1)


def _kinds(g: nx.MultiDiGraph, roots: dict[str, set[str]], actor_edges: frozenset[str]) -> None:
    """actor / backer / outlet / place / event / claim / document: a country that acts is drawn as
    an actor; a media outlet is never ranked among the actors."""
    for n, data in g.nodes(data=True):
        r = roots[n]
        relations = {d["relation"] for _, _, d in g.out_edges(n, data=True)} | {
            d["relation"] for _, _, d in g.in_edges(n, data=True)
        }
        if "Document" in r:
            kind = "document"
        elif "Claim" in r:
            kind = "claim"
        elif "Event" in r:
            kind = "event"
        elif "MediaOutlet" in r:
            kind = "outlet"
        elif "Actor" in r and ("Place" not in r or relations & actor_edges):
            kind = "backer" if any(d["relation"] == "backs" for _, _, d in g.out_edges(n, data=True)) else "actor"
        else:
            kind = "place"
        data["kind"] = kind
        data.setdefault("aliases", [])
        data["aliases"] = sorted(set(data["aliases"]))
