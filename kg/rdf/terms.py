"""Values given by users (bindings, look-ups) as RDF terms, decided in one place.

An IRI stays an IRI (full, `<...>`, or prefixed with one of the project's prefixes); everything
else becomes a literal, so a value can never change a query's meaning: it is bound, never pasted.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.core.vocab import PREFIXES, XSD

_CURIE = re.compile(r"^([a-z][a-z0-9]*):([A-Za-z0-9_./-]+)$")


def iri_of(value: str) -> str | None:
    """The IRI a string names (`https://...`, `urn:...`, `kg:backs`), or None for a literal."""
    if value.startswith(("http://", "https://", "urn:")):
        return value
    match = _CURIE.match(value)
    if match and match.group(1) in PREFIXES:
        return str(PREFIXES[match.group(1)][match.group(2)])
    return None


def to_term(value: Any) -> Node:
    """A binding value as an rdflib term."""
    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        iri = iri_of(value)
        if iri is not None:
            return URIRef(iri)
    return Literal(value)


def to_ox(value: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A binding value as a pyoxigraph term (what the engine substitutes)."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    if isinstance(value, Node):
        return ox.Literal(str(value))
    if isinstance(value, str):
        iri = iri_of(value)
        return ox.NamedNode(iri) if iri is not None else ox.Literal(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(str(XSD.boolean)))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(str(XSD.integer)))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(str(XSD.double)))
    return ox.Literal(str(value))
