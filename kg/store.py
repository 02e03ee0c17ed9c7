"""The persistent store (Oxigraph on disk) and opening any graph for querying.

Each document lives in its own named graph ``graph/<doc>/<sha>``, named by its content hash:

* a document already stored with the same hash is skipped (running the same input twice adds
  nothing twice);
* a changed document's new version is written in one transaction, then the old version's graph
  is dropped, so a reader never sees half a document; a build killed between the two leaves
  both versions and the next build with that input drops the stale one;
* documents are written in batches, one transaction each, as they finish, so a build killed
  mid-way leaves every completed batch in the store and a rerun resumes with the rest.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .documents import Document
from .engine import Engine
from .knowledge_graph import FORMATS, KnowledgeGraph
from .query import QueryError
from .summary import warn_if_stale
from .vocab import DCTERMS, KG, RDF

STORE_MARKER = "newskg-store"
STORE_BATCH = 32  # documents per transaction, sharing one corpus summary; the most a stopped build loses
FLUSH_EVERY_BATCHES = 8  # so memory stays flat on a long build
# One update request is one transaction: the version's graph goes, and with it each union triple
# that no other document still states.  $GRAPH is an IRI we minted, never article text.
DROP_VERSION = """
DELETE { ?s ?p ?o } WHERE {
  GRAPH <$GRAPH> { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other != <$GRAPH>) }
} ;
DROP SILENT GRAPH <$GRAPH>
"""


class GraphNotFound(FileNotFoundError):
    """The path is neither a graph file nor a store."""


def is_store(path: Path) -> bool:
    return path.is_dir() and (path / STORE_MARKER).exists()


def open_graph(path: Path) -> KnowledgeGraph:
    """A graph file (any format newskg writes) or a store folder, ready to query (read-only)."""
    if not path.exists():
        raise GraphNotFound(f"{path}: no such graph file or store")
    if path.is_dir():
        if not is_store(path):
            raise GraphNotFound(f"{path}: a folder that is not a newskg store (no {STORE_MARKER} file)")
        store = ox.Store.read_only(str(path))  # the build added the ontology and the summary
        warn_if_stale(store, path)
        return KnowledgeGraph(Engine(store))
    if path.suffix.lower() not in FORMATS:
        raise GraphNotFound(f"{path}: unknown RDF format {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}")
    try:
        return KnowledgeGraph(Engine.from_file(path).ready_for_queries())
    except QueryError as exc:
        raise GraphNotFound(str(exc)) from exc


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
        """doc id -> {sha256: named graph IRI} of the stored versions."""
        out: dict[str, dict[str, str]] = {}
        query = """SELECT ?g ?id ?h WHERE { GRAPH ?g { ?d a kg:Document ; dcterms:identifier ?id ; kg:sha256 ?h } }"""
        for row in self.store.query(query, prefixes={"kg": str(KG), "dcterms": str(DCTERMS)}):
            out.setdefault(row["id"].value, {})[row["h"].value] = row["g"].value
        return out

    def write(self, quads: list[ox.Quad]) -> None:
        """Documents' version graphs and union triples in one transaction: after a kill the
        store holds each batch whole or not at all."""
        self.store.extend(quads)

    def drop_versions(self, doc_id: str, keep_sha: str, versions: dict[str, dict[str, str]]) -> int:
        dropped = 0
        for sha, graph_iri in versions.get(doc_id, {}).items():
            if sha != keep_sha:
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


def add_to_store(
    paths: Iterable[str | Path],
    path: Path,
    model: str | None = None,
    ontology_dir: Path | None = None,
    progress: bool = False,
    on_added: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> StoreReport:
    """Add articles to the store at `path`: new ones extracted and written, unchanged skipped.

    Documents stream through in batches of STORE_BATCH, each batch's graphs written in one
    transaction before the next is assembled, so memory stays flat and a stopped build loses
    at most the batch in hand: running it again resumes where it stopped."""
    from .builder import NothingToBuild, graph_quads, iter_documents, report_to_stderr, summarise, with_progress
    from .gazetteer import Gazetteer
    from .graph import GraphAssembler
    from .parallel import batches, extract_pairs

    docs = iter_documents(paths, ontology_dir, report_to_stderr)
    first = next(docs, None)
    if first is None:
        raise NothingToBuild("no document could be read from the given inputs")
    store = KgStore(path)
    Engine(store.store).add_ontology(ontology_dir)
    versions = store.versions()
    report = StoreReport()

    def new_or_changed() -> Iterator[Document]:
        for doc in itertools.chain([first], docs):
            if doc.sha256 in versions.get(doc.doc_id, {}):
                report.skipped.append(doc.doc_id)
                report.dropped_stale += store.drop_versions(doc.doc_id, doc.sha256, versions)
            else:
                yield doc

    gaz = Gazetteer.load(ontology_dir)
    pairs = with_progress(extract_pairs(new_or_changed(), jobs, model, ontology_dir), progress)
    for number, batch in enumerate(batches(pairs, STORE_BATCH), start=1):
        settled, spill = summarise(batch, gaz)
        store.write(graph_quads(GraphAssembler(gaz, settled), spill.read(), versioned=True))
        spill.close()
        if number % FLUSH_EVERY_BATCHES == 0:
            store.flush()  # RocksDB keeps writes in memory tables (one per index) until flushed
        for doc, _ in batch:
            existed = doc.doc_id in versions
            report.dropped_stale += store.drop_versions(doc.doc_id, doc.sha256, versions)
            (report.replaced if existed else report.added).append(doc.doc_id)
            if on_added is not None:
                on_added(doc.doc_id)
    store.finish(ontology_dir)
    return report


def print_added(doc_id: str) -> None:
    print(f"kg: stored {doc_id}", file=sys.stderr, flush=True)


__all__ = ["RDF", "GraphNotFound", "KgStore", "StoreReport", "add_to_store", "is_store", "open_graph"]
