"""The persistent store (Oxigraph on disk) and opening any graph for querying.

Each document lives in its own named graph ``graph/<doc>/<version>``, named by its content hash
and the build stamp it was extracted with (kg.builder.pipeline.BuildStamp):

* a document already stored with the same text and stamp is skipped (running the same input
  twice adds nothing twice); one whose stamp changed (new cues, gazetteer or model) is
  extracted again;
* a changed document's new version is written in one transaction, then the old version's graph
  is dropped, so a reader never sees half a document; a build killed between the two leaves
  both versions and the next build with that input drops the stale one;
* documents are written in batches, one transaction each, as they finish, so a build killed
  mid-way leaves every completed batch in the store and a rerun resumes with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import GraphNotFound, QueryError
from kg.core.vocab import DCTERMS, KG, KGR, ONTOLOGY_GRAPH
from kg.resolve.events import EventSignature
from kg.store.engine import PREFIX_MAP, RDF_FORMATS, Engine
from kg.store.tallies import warn_if_stale

STORE_MARKER = "newskg-store"
# Each event with its places, sides, date and count (kg.resolve.events.EventSignature).
STORED_EVENTS = """
SELECT ?e ?type ?date ?precision ?count ?fatalities
            (GROUP_CONCAT(DISTINCT STR(?place); separator=" ") AS ?places)
            (GROUP_CONCAT(DISTINCT STR(?agent); separator=" ") AS ?agents)
            (GROUP_CONCAT(DISTINCT STR(?target); separator=" ") AS ?targets)
            WHERE {
              GRAPH <$ONTOLOGY> { ?type rdfs:subClassOf+ kg:Event }
              ?e a ?type ; kg:place ?place .
              OPTIONAL { ?e kg:agent ?agent } OPTIONAL { ?e kg:target ?target }
              OPTIONAL { ?e kg:date ?date } OPTIONAL { ?e kg:datePrecision ?precision } OPTIONAL { ?e kg:count ?count }
              OPTIONAL { ?e kg:fatalities ?fatalities }
            } GROUP BY ?e ?type ?date ?precision ?count ?fatalities"""
# One update request is one transaction: the version's graph goes, and with it each union triple
# that no other document still states.  $GRAPH is an IRI we minted, never article text.
DROP_VERSION = """
DELETE { ?s ?p ?o } WHERE {
  GRAPH <$GRAPH> { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other != <$GRAPH>) }
} ;
DROP SILENT GRAPH <$GRAPH>
"""


def is_store(path: Path) -> bool:
    return path.is_dir() and (path / STORE_MARKER).exists()


def open_engine(path: Path) -> Engine:
    """A graph file (any format newskg writes) or a store folder, ready to query (read-only)."""
    if not path.exists():
        raise GraphNotFound(f"{path}: no such graph file or store")
    if path.is_dir():
        if not is_store(path):
            raise GraphNotFound(f"{path}: a folder that is not a newskg store (no {STORE_MARKER} file)")
        store = ox.Store.read_only(str(path))  # the build added the ontology and the summary
        warn_if_stale(store, path)
        return Engine(store)
    if path.suffix.lower() not in RDF_FORMATS:
        raise GraphNotFound(f"{path}: unknown RDF format {path.suffix!r}; use one of {', '.join(sorted(RDF_FORMATS))}")
    try:
        return Engine.from_file(path).ready_for_queries()
    except QueryError as exc:
        raise GraphNotFound(str(exc)) from exc


def version_key(sha256: str, stamp: str | None) -> str:
    """What makes a stored version current: the document's text and the build stamp."""
    return f"{sha256}:{stamp or ''}"


@dataclass
class StoreReport:
    """What one store build did, for the closing line on stderr."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dropped_stale: int = 0

    def __str__(self) -> str:
        return (
            f"kg: store: {len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.skipped)} unchanged (skipped)"
            + (f", {self.dropped_stale} stale versions dropped" if self.dropped_stale else "")
        )


class KgStore:
    """An on-disk Oxigraph store of documents' named graphs."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        marker = path / STORE_MARKER
        if any(path.iterdir()) and not marker.exists():
            raise GraphNotFound(f"{path}: folder is not empty and is not a newskg store; refusing to write there")
        self.path = path
        self.store = ox.Store(str(path))
        marker.write_text("newskg Oxigraph store; one named graph per document version\n")

    def versions(self) -> dict[str, dict[str, str]]:
        """doc id -> {version key: named graph IRI} of the stored versions (see `version_key`)."""
        out: dict[str, dict[str, str]] = {}
        query = """SELECT ?g ?id ?h ?stamp WHERE { GRAPH ?g {
            ?d a kg:Document ; dcterms:identifier ?id ; kg:sha256 ?h OPTIONAL { ?d kg:buildStamp ?stamp } } }"""
        for row in self.store.query(query, prefixes={"kg": str(KG), "dcterms": str(DCTERMS)}):
            stamp = row["stamp"].value if row["stamp"] is not None else None
            out.setdefault(row["id"].value, {})[version_key(row["h"].value, stamp)] = row["g"].value
        return out

    def events(self) -> list[EventSignature]:
        """The events already stored, as groups a new report of one of them joins (kg.resolve.events)."""
        query = STORED_EVENTS.replace("$ONTOLOGY", ONTOLOGY_GRAPH)

        def keys(term) -> frozenset[str]:
            return frozenset(iri.removeprefix(str(KGR)) for iri in (term.value.split() if term else []))

        def text(term) -> str | None:
            return term.value if term is not None else None

        return [
            EventSignature(
                key=row["e"].value.removeprefix(str(KGR)),
                type=row["type"].value.removeprefix(str(KG)),
                places=keys(row["places"]),
                agents=keys(row["agents"]),
                targets=keys(row["targets"]),
                date=text(row["date"]),
                precision=text(row["precision"]),
                count=int(row["count"].value) if row["count"] is not None else None,
                fatalities=int(row["fatalities"].value) if row["fatalities"] is not None else None,
            )
            for row in self.store.query(query, prefixes=PREFIX_MAP)
        ]

    def write(self, quads: list[ox.Quad]) -> None:
        """Documents' version graphs and union triples in one transaction: after a kill the
        store holds each batch whole or not at all."""
        self.store.extend(quads)

    def drop_versions(self, doc_id: str, keep: str, versions: dict[str, dict[str, str]]) -> int:
        """Drop the document's stored versions other than `keep` (a version key); how many."""
        dropped = 0
        for key, graph_iri in versions.get(doc_id, {}).items():
            if key != keep:
                self.store.update(DROP_VERSION.replace("$GRAPH", graph_iri))
                dropped += 1
        return dropped

    def flush(self) -> None:
        self.store.flush()

    def finish(self, ontology_dir: Path | None = None) -> None:
        """Recount the summary for the documents now stored, then flush: the last step of every
        build into the store, so a rerun after a stopped build also brings the counts up to date."""
        Engine(self.store).refresh_summary(ontology_dir)
        self.store.flush()


__all__ = ["KgStore", "StoreReport", "is_store", "open_engine", "version_key"]
