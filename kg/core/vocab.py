"""The graph's vocabulary as rdflib Namespaces, so no module spells an IRI by hand."""

from __future__ import annotations

from rdflib import Namespace, namespace


class CachedNamespace(Namespace):
    """A Namespace that makes each term once: rdflib builds a new URIRef on every attribute
    access, which is measurable when a build writes millions of triples."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        if not name.startswith("_"):
            self.__dict__[name] = term
        return term


# rdflib's own W3C namespaces check each term against their closed list on every access (7 us:
# 0.4 s of a 100,000-word build); the same IRIs, made once each.
DCTERMS = CachedNamespace(str(namespace.DCTERMS))
OWL = CachedNamespace(str(namespace.OWL))
PROV = CachedNamespace(str(namespace.PROV))
RDF = CachedNamespace(str(namespace.RDF))
RDFS = CachedNamespace(str(namespace.RDFS))
SKOS = CachedNamespace(str(namespace.SKOS))
XSD = CachedNamespace(str(namespace.XSD))


KG = CachedNamespace("https://w3id.org/newskg/ontology#")
"""Classes and properties of the newskg ontology (ontology/kg.ttl)."""

KGR = CachedNamespace("https://w3id.org/newskg/id/")
"""Resources: entities, documents, events, claims and evidence nodes."""

ONTOLOGY_GRAPH = str(KGR["graph/ontology"])
"""Where a store keeps its copy of ontology/kg.ttl (so queries can use rdfs:subClassOf*)."""
SUMMARY_GRAPH = str(KGR["graph/summary"])
"""Where a store keeps its whole-graph counts (kg/store/tallies.py); saved queries name it in full."""
STATUS_GRAPH = str(KGR["graph/status"])
"""Where each fact's status across reports is kept (and copied into the union): derived, exported."""

GEO = CachedNamespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = CachedNamespace("https://schema.org/")
SEM = CachedNamespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = CachedNamespace("http://www.wikidata.org/entity/")
GN = CachedNamespace("https://sws.geonames.org/")

PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "kgr": KGR,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "geo": GEO,
    "schema": SCHEMA,
    "sem": SEM,
    "xsd": XSD,
    "wd": WD,
    "gn": GN,
}

__all__ = [
    "DCTERMS",
    "GEO",
    "GN",
    "KG",
    "KGR",
    "ONTOLOGY_GRAPH",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SKOS",
    "STATUS_GRAPH",
    "SUMMARY_GRAPH",
    "WD",
    "XSD",
]
