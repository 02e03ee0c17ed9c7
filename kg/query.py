"""SPARQL over a graph with values bound, never pasted; results as pandas DataFrames.

Bindings go to the engine as RDF terms (rdflib ``initBindings`` / Oxigraph ``substitutions``),
so a value taken from an article can never change the query's meaning.  Saved competency
queries live in ontology/queries/*.rq and run by name.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pandas as pd
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from .gazetteer import default_ontology_dir
from .vocab import PREFIXES

_CURIE = re.compile(r"^([a-z][a-z0-9]*):([A-Za-z0-9_./-]+)$")


class QueryError(ValueError):
    """Bad SPARQL, a missing saved query, or a bad binding: the message says which and where."""


def prefix_header() -> str:
    """PREFIX lines for the project's namespaces, prepended to every query text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@functools.lru_cache(maxsize=256)
def prepare(sparql: str):
    """Parse once, reuse: rdflib spends milliseconds parsing each query string."""
    try:
        return prepareQuery(sparql, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing's ParseException carries line and column
        raise QueryError(syntax_message(exc)) from exc


def syntax_message(exc: Exception) -> str:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    if line is None:
        match = re.search(r"line:?\s*(\d+).*?col:?\s*(\d+)", str(exc))
        if match:
            line, col = int(match.group(1)), int(match.group(2))
    where = f" at line {line}, column {col}" if line is not None else ""
    text = getattr(exc, "msg", None) or str(exc).splitlines()[0]
    return f"SPARQL syntax error{where}: {text}"


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


def run_query(graph: Graph, sparql: str, bindings: dict[str, Any] | None = None,
              labels: bool = True) -> pd.DataFrame:
    """Run SPARQL on an rdflib graph; a DataFrame with a `<var>_label` column beside IRIs."""
    query = prepare(sparql)
    init = {k: to_term(v) for k, v in (bindings or {}).items()}
    result = graph.query(query, initBindings=init)
    if result.type == "ASK":
        return pd.DataFrame({"ask": [bool(result.askAnswer)]})
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        rows = [(s, p, o) for s, p, o in result.graph]
        return frame([str(v) for v in ("subject", "predicate", "object")], rows, graph if labels else None)
    variables = [str(v) for v in result.vars]
    return frame(variables, [tuple(row) for row in result], graph if labels else None)


def frame(variables: list[str], rows: list[tuple], graph: Graph | None) -> pd.DataFrame:
    """Rows of RDF terms as Python values; IRI columns get a readable label column beside them."""
    data: dict[str, list] = {v: [] for v in variables}
    label_cols: dict[str, list] = {}
    for row in rows:
        for var, value in zip(variables, row, strict=False):
            data[var].append(python_value(value))
    if graph is not None:
        for i, var in enumerate(variables):
            iris = [row[i] for row in rows]
            if iris and any(isinstance(v, URIRef) for v in iris):
                label_cols[f"{var}_label"] = [label_of(graph, v) if isinstance(v, URIRef) else None for v in iris]
    ordered: dict[str, list] = {}
    for var in variables:
        ordered[var] = data[var]
        if f"{var}_label" in label_cols and f"{var}_label" not in data:
            ordered[f"{var}_label"] = label_cols[f"{var}_label"]
    return pd.DataFrame(ordered, columns=list(ordered))


def python_value(value: Node | None) -> Any:
    if value is None:
        return None
    if isinstance(value, Literal):
        py = value.toPython()
        return py if not isinstance(py, Literal) else str(py)
    if isinstance(value, BNode):
        return f"_:{value}"
    return str(value)


def label_of(graph: Graph, iri: URIRef) -> str | None:
    label = graph.value(iri, RDFS.label)
    return str(label) if label is not None else None
