"""What a graph holds at a glance (`kg stats`, `graph.stats()`): kinds, documents, dates, sources.

An analyst opening a graph or store first asks how much is in it, from which outlets, over
which days; each answer here is one aggregate query over the default graph (the data), with the
class tree read from the ontology's own graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.core.vocab import ONTOLOGY_GRAPH
from kg.store.engine import Engine

KINDS = ("Actor", "Place", "Event", "Claim")
"""The kinds a reader counts first: the roots of the class tree the viewer also draws."""

_KIND_COUNTS = f"""
SELECT ?root (COUNT(DISTINCT ?n) AS ?k) WHERE {{
  ?n a ?type .
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?type rdfs:subClassOf* ?root }}
  VALUES ?root {{ {" ".join(f"kg:{k}" for k in KINDS)} }}
}} GROUP BY ?root"""
_DATES = """
SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  ?x {predicate} ?d . {pattern}
}}"""
_SOURCES = """
SELECT ?publisher (COUNT(DISTINCT ?doc) AS ?k) WHERE {
  ?doc a kg:Document ; dcterms:publisher ?publisher .
} GROUP BY ?publisher ORDER BY DESC(?k) ?publisher"""


@dataclass
class DateRange:
    """The first and last date of something, and how many things carry one."""

    first: str | None = None
    last: str | None = None
    dated: int = 0


@dataclass
class GraphStats:
    """What `kg stats` prints and `graph.stats()` returns."""

    triples: int = 0
    documents: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    event_dates: DateRange = field(default_factory=DateRange)
    report_dates: DateRange = field(default_factory=DateRange)
    sources: dict[str, int] = field(default_factory=dict)
    """Publisher label (or IRI) -> documents it published."""
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)


def graph_stats(engine: Engine) -> GraphStats:
    """Counts of a graph file or store: by kind and class, per property, documents, the span of
    event dates and of report dates, and the outlets."""
    kinds = engine.frame(_KIND_COUNTS, labels=False)
    by_kind = {root.rsplit("#", 1)[-1]: int(k) for root, k in zip(kinds["root"], kinds["k"], strict=True)}
    classes = engine.frame("SELECT ?c (COUNT(DISTINCT ?n) AS ?k) WHERE { ?n a ?c } GROUP BY ?c", labels=False)
    props = engine.frame("SELECT ?p (COUNT(*) AS ?k) WHERE { ?n ?p ?o } GROUP BY ?p", labels=False)
    return GraphStats(
        triples=len(engine),
        documents=int(engine.frame("SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }")["n"][0]),
        kinds={kind: by_kind.get(kind, 0) for kind in KINDS},
        event_dates=_date_range(engine, "kg:date", ""),
        report_dates=_date_range(engine, "dcterms:date", "?x a kg:Document ."),
        sources=_named_counts(engine.frame(_SOURCES), "publisher"),
        classes=dict(zip(classes["c"], classes["k"], strict=True)),
        properties=dict(zip(props["p"], props["k"], strict=True)),
    )


def _named_counts(frame, column: str) -> dict[str, int]:
    """{label (or the IRI where there is none): count} of a grouped listing."""
    if frame.empty:
        return {}
    names = [
        lab if isinstance(lab, str) else iri for lab, iri in zip(frame[f"{column}Label"], frame[column], strict=True)
    ]
    return dict(zip(names, (int(k) for k in frame["k"]), strict=True))


def _date_range(engine: Engine, predicate: str, pattern: str) -> DateRange:
    row = engine.frame(_DATES.format(predicate=predicate, pattern=pattern), labels=False).iloc[0]
    return DateRange(row["first"], row["last"], int(row["n"]))
