"""Query inputs: bindings from the command line, saved competency queries, query errors.

Bindings become RDF terms handed to the engine (Oxigraph substitutions), so a value taken
from an article can never change the query's meaning.  Saved competency queries live in
ontology/queries/*.rq, each opening with a comment that states its question.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from .gazetteer import default_ontology_dir
from .vocab import PREFIXES

_CURIE = re.compile(r"^([a-z][a-z0-9]*):([A-Za-z0-9_./-]+)$")


class QueryError(ValueError):
    """Bad SPARQL, a missing saved query, or a bad binding: the message says which and where."""


def prefix_header() -> str:
    """PREFIX lines for the project's namespaces, prepended to every query text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def to_term(value: Any) -> Node:
    """A binding value as an RDF term: IRIs (full or prefixed) stay IRIs, the rest are literals."""
    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        if value.startswith(("http://", "https://", "urn:")):
            return URIRef(value)
        match = _CURIE.match(value)
        if match and match.group(1) in PREFIXES:
            return PREFIXES[match.group(1)][match.group(2)]
    return Literal(value)


def parse_binding(text: str) -> tuple[str, Node]:
    """`name=value` from the command line; `name=<iri>` forces an IRI, `name="..."` a literal."""
    if "=" not in text:
        raise QueryError(f"binding {text!r} is not of the form name=value")
    name, value = text.split("=", 1)
    name = name.strip().lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"binding name {name!r} is not a SPARQL variable name")
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return name, Literal(value[1:-1])
    return name, to_term(value)


def saved_queries(ontology_dir: Path | None = None) -> dict[str, Path]:
    folder = Path(ontology_dir or default_ontology_dir()) / "queries"
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


def saved_query(name: str, ontology_dir: Path | None = None) -> str:
    queries = saved_queries(ontology_dir)
    if name not in queries:
        raise QueryError(f"no saved query {name!r}; saved queries: {', '.join(queries) or 'none'}")
    return queries[name].read_text(encoding="utf-8")


def describe_saved(path: Path) -> str:
    """The question a saved query answers: its opening comment lines."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return " ".join(x for x in lines if x)
