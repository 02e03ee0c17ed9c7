"""The KnowledgeGraph facade: one object whose methods delegate to small modules.

    import kg
    g = kg.build(["seeds/"])
    g.query("SELECT ?b ?a WHERE { ?b kg:backs ?a }")   # a pandas DataFrame
    g.serialize("seeds.ttl")
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from .graph import union_graph
from .vocab import PREFIXES, RDF

if TYPE_CHECKING:
    import networkx
    import pandas

FORMATS = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld",
           ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}
QUAD_FORMATS = {"trig", "nquads"}


class UnsupportedFormat(ValueError):
    """The output file's extension names no RDF format we write."""


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormat(f"{path}: unknown RDF format {suffix or '(no extension)'!r}; "
                                f"use one of {', '.join(sorted(FORMATS))}")
    return FORMATS[suffix]


class KnowledgeGraph:
    """A built or loaded graph: query it, count it, save it, hand it to networkx."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._union: Graph | None = None

    @property
    def rdf(self) -> Graph:
        """The whole graph (all documents' named graphs) as one rdflib Graph."""
        if self._union is None:
            self._union = union_graph(self.dataset)
        return self._union

    def __len__(self) -> int:
        return len(self.rdf)

    def serialize(self, path: str | Path) -> Path:
        """Write to `path` in the format its extension names, atomically (temp file + rename)."""
        path = Path(path)
        fmt = format_for(path)
        tmp = path.with_name(f".{path.name}.tmp")
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt in QUAD_FORMATS:
            self.dataset.serialize(destination=str(tmp), format=fmt)
        else:
            self.rdf.serialize(destination=str(tmp), format=fmt)
        tmp.replace(path)
        return path

    def query(self, sparql: str, **bindings: Any) -> pandas.DataFrame:
        """Run SPARQL with values bound (never pasted into the text); a DataFrame back."""
        from .query import run_query

        return run_query(self.rdf, sparql, bindings)

    def stats(self) -> dict[str, Counter]:
        """Counts of nodes per class and triples per property."""
        classes = Counter(str(o) for o in self.rdf.objects(None, RDF.type))
        properties = Counter(str(p) for p in self.rdf.predicates())
        return {"classes": classes, "properties": properties}

    def to_networkx(self) -> networkx.MultiDiGraph:
        """Entities, events and claims as nodes; object properties as labelled edges."""
        from .networks import to_networkx

        return to_networkx(self.rdf)

    @staticmethod
    def compact(iri: str) -> str:
        """`https://w3id.org/newskg/ontology#backs` -> `kg:backs`."""
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(str(namespace)):
                return f"{prefix}:{iri[len(str(namespace)):]}"
        return iri
