"""The graph's vocabulary as rdflib Namespaces, so no module spells an IRI by hand."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/newskg/ontology#")
"""Classes and properties of the newskg ontology (ontology/kg.ttl)."""

KGR = Namespace("https://w3id.org/newskg/id/")
"""Resources: entities, documents, events, claims and evidence nodes."""

GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
GN = Namespace("https://sws.geonames.org/")

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
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SKOS",
    "WD",
    "XSD",
]
