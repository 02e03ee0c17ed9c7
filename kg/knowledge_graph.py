"""The KnowledgeGraph facade: one object whose methods delegate to small modules.

import kg
g = kg.build(["seeds/"])
g.query("SELECT ?b ?a WHERE { ?b kg:backs ?a }")   # a pandas DataFrame
g.saved("who_backs_whom")                          # a saved competency query
g.serialize("seeds.ttl")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from .engine import Engine
from .graph import union_graph
from .vocab import PREFIXES

if TYPE_CHECKING:
    import networkx
    import pandas

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".n3": "n3",
}
QUAD_FORMATS = {"trig", "nquads"}


class UnsupportedFormat(ValueError):
    """The output file's extension names no RDF format we write."""


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormat(
            f"{path}: unknown RDF format {suffix or '(no extension)'!r}; use one of {', '.join(sorted(FORMATS))}"
        )
    return FORMATS[suffix]


class KnowledgeGraph:
    """A built or loaded graph: query it, count it, save it, draw it, hand it to networkx."""

    def __init__(self, engine: Engine, dataset: Dataset | None = None) -> None:
        self.engine = engine
        self._dataset = dataset
        self._union: Graph | None = None

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> KnowledgeGraph:
        return cls(Engine.from_dataset(dataset).add_ontology(), dataset)

    @property
    def dataset(self) -> Dataset:
        """All documents' named graphs (loaded from the engine when the graph came from a file)."""
        if self._dataset is None:
            self._dataset = self.engine.to_dataset()
        return self._dataset

    @property
    def rdf(self) -> Graph:
        """The whole graph (the union of every document's named graph) as one rdflib Graph."""
        if self._union is None:
            self._union = union_graph(self.dataset)
        return self._union

    def __len__(self) -> int:
        """Triples of the data (the ontology loaded beside it for querying is not counted)."""
        return len(self.engine) - self.engine.ontology_size()

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

    def query(self, sparql: str, /, **bindings: Any) -> pandas.DataFrame:
        """Run SPARQL with values bound (never pasted into the text); a DataFrame back."""
        return self.engine.frame(sparql, bindings)

    def saved(self, query_name: str, /, **bindings: Any) -> pandas.DataFrame:
        """Run a saved competency query of ontology/queries/ by name."""
        from .query import saved_query

        return self.query(saved_query(query_name), **bindings)

    def stats(self) -> dict[str, dict[str, int]]:
        """Counts of nodes per class and triples per property."""
        data = "FILTER NOT EXISTS { GRAPH <https://w3id.org/newskg/id/graph/ontology> { ?n ?p ?o } }"
        classes = self.engine.frame(
            f"SELECT ?c (COUNT(DISTINCT ?n) AS ?k) WHERE {{ ?n a ?c . {data} }} GROUP BY ?c", labels=False
        )
        props = self.engine.frame(f"SELECT ?p (COUNT(*) AS ?k) WHERE {{ ?n ?p ?o . {data} }} GROUP BY ?p", labels=False)
        return {
            "classes": dict(zip(classes["c"], classes["k"], strict=True)),
            "properties": dict(zip(props["p"], props["k"], strict=True)),
        }

    def to_networkx(self) -> networkx.MultiDiGraph:
        """Entities, events and claims as nodes; object properties as labelled edges."""
        from .networks import to_networkx

        return to_networkx(self)

    def to_html(self, path: str | Path, **options: Any) -> Path:
        """An interactive network page that works offline (see kg.viewer)."""
        from .viewer import write_html

        return write_html(self, Path(path), **options)

    def show(self, **options: Any):
        """The interactive network inline in Jupyter."""
        from .viewer import notebook_view

        return notebook_view(self, **options)

    @staticmethod
    def compact(iri: str) -> str:
        """`https://w3id.org/newskg/ontology#backs` -> `kg:backs`."""
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(str(namespace)):
                return f"{prefix}:{iri[len(str(namespace)) :]}"
        return iri
