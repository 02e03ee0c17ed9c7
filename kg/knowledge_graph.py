"""The KnowledgeGraph facade: one object whose methods delegate to the stage subpackages.

It holds no logic of its own: querying is kg.store.engine and kg.query.saved, drawing is
kg.view, networkx is kg.view.networks, writing files is kg.store.engine.

import kg
g = kg.build(["seeds/"])
g.query("SELECT ?b ?a WHERE { ?b kg:backs ?a }")   # a pandas DataFrame
g.saved("who_backs_whom")                          # a saved competency query
g.saved("timeline", offset=100)                    # listings come a page (100 rows) at a time
g.serialize("seeds.ttl")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from kg.core.files import atomic_path
from kg.core.vocab import PREFIXES
from kg.query.saved import PAGE, Limit
from kg.store.engine import Engine, format_for
from kg.store.persistent import open_engine

if TYPE_CHECKING:
    import networkx
    import pandas

    from kg.store.overview import GraphStats


def open_graph(path: str | Path) -> KnowledgeGraph:
    """A graph file (any format newskg writes) or a store folder, ready to query (read-only)."""
    return KnowledgeGraph(open_engine(Path(path)))


class KnowledgeGraph:
    """A built or loaded graph: query it, count it, save it, draw it, hand it to networkx."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._rdf: Graph | None = None

    @property
    def rdf(self) -> Graph:
        """The whole graph (the union of every document's named graph) as an rdflib Graph,
        loaded into memory on first use."""
        if self._rdf is None:
            self._rdf = self.engine.to_rdflib()
        return self._rdf

    def __len__(self) -> int:
        """Triples of the data (the default graph: the ontology and the tallies are kept apart)."""
        return len(self.engine)

    def serialize(self, path: str | Path) -> Path:
        """Write to `path` in the format its extension names, atomically (temp file + rename)."""
        path = Path(path)
        format_for(path)
        with atomic_path(path) as tmp:
            self.engine.export(tmp)
        return path

    def query(self, sparql: str, /, **bindings: Any) -> pandas.DataFrame:
        """Run SPARQL with values bound (never pasted into the text); a DataFrame back."""
        return self.engine.frame(sparql, bindings)

    def saved(self, query_name: str, /, *, limit: Limit = PAGE, offset: int = 0, **bindings: Any) -> pandas.DataFrame:
        """Run a saved competency query of ontology/queries/ by name.

        The listings (timeline, places_changed_hands, places_with_coordinates, contested_facts)
        answer a page at a time, 100 rows unless `limit` says otherwise; `offset` turns the
        page and `limit=None` returns every row (slower on a large store: the time grows with
        the rows).  The other saved queries return every row."""
        from kg.query.saved import paged, saved_query
        from kg.store.lookup import bind_lookups

        text = saved_query(query_name)
        bound, _found = bind_lookups(self.engine, text, bindings)
        return self.query(paged(text, limit, offset), **bound)

    def lookup(self, name: str, /, limit: int = 10) -> pandas.DataFrame:
        """Actors and places by any spelling of `name` (case, accents, transliteration,
        aliases, typos), best first: entity, label, the name that matched, score (100: exact)."""
        import pandas as pd

        from kg.store.lookup import find_entities

        return pd.DataFrame(find_entities(self.engine, name, limit), columns=["entity", "label", "name", "score"])

    def stats(self) -> GraphStats:
        """What the graph holds: triples, documents, actors/places/events/claims, nodes per class,
        triples per property, the span of event and report dates, documents per outlet."""
        from kg.store.overview import graph_stats

        return graph_stats(self.engine)

    def export(self, path: str | Path, format: str | None = None, keep_formulas: bool = False) -> Path:
        """Write an export for other tools: `acled` (events in ACLED's columns, CSV), `graphml`,
        `gexf`, `jsonld`, `csv` (every fact with labels); the format defaults to the extension's.
        CSV cells a spreadsheet would run as formulas get a leading apostrophe unless `keep_formulas`."""
        from kg.export import export

        export(self.engine, Path(path), format, keep_formulas=keep_formulas)
        return Path(path)

    def to_networkx(self) -> networkx.MultiDiGraph:
        """Entities, events and claims as nodes; object properties as labelled edges."""
        from kg.view.networks import to_networkx

        return to_networkx(self.engine)

    def to_html(self, path: str | Path, **options: Any) -> Path:
        """An interactive network page that works offline (see kg.view.html)."""
        from kg.view.html import write_html

        return write_html(self.engine, Path(path), **options)

    def show(self, **options: Any):
        """The interactive network inline in Jupyter."""
        from kg.view.html import notebook_view

        return notebook_view(self.engine, **options)

    @staticmethod
    def compact(iri: str) -> str:
        """`https://w3id.org/newskg/ontology#backs` -> `kg:backs`."""
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(str(namespace)):
                return f"{prefix}:{iri[len(str(namespace)) :]}"
        return iri
