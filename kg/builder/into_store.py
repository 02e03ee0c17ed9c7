"""Building into a persistent store: new and changed documents extracted, unchanged ones skipped.

Documents stream through in batches (Settings.store_batch), each batch's graphs written in one
transaction before the next is assembled, so memory stays flat and a stopped build loses at most
the batch in hand: running it again resumes where it stopped.  A document counts as unchanged
only when both its text and the build stamp it was extracted with are the current ones.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.builder.local import Progress, Reporter, counted, graph_quads, iter_documents, log_problem, summarise
from kg.builder.parallel import Pair, batches, extract_pairs
from kg.builder.pipeline import BuildStamp
from kg.core.errors import NothingToBuild
from kg.core.settings import DEFAULTS
from kg.ingest.documents import Document
from kg.rdf.writer import GraphAssembler
from kg.resolve.corpus import SettledCorpus
from kg.resolve.events import EventSignature
from kg.resources.gazetteer import Gazetteer
from kg.store.engine import Engine
from kg.store.persistent import KgStore, StoreReport, version_key


def add_to_store(
    paths: Iterable[str | Path],
    path: Path,
    model: str | None = None,
    ontology_dir: Path | None = None,
    on_progress: Progress | None = None,
    on_added: Callable[[str], None] | None = None,
    on_problem: Reporter = log_problem,
    jobs: int = 1,
    event_window: int | None = None,
) -> StoreReport:
    """Add articles to the store at `path`; see the module docstring.  A new report of an event
    already stored joins it (kg.resolve.events), within `event_window` days."""
    docs = iter_documents(paths, ontology_dir, on_problem)
    first = next(docs, None)
    if first is None:
        raise NothingToBuild("no document could be read from the given inputs")
    store = KgStore(path)
    Engine(store.store).add_ontology(ontology_dir)
    versions = store.versions()
    stamp = BuildStamp.current(model, ontology_dir)
    report = StoreReport()

    def new_or_changed() -> Iterator[Document]:
        for doc in itertools.chain([first], docs):
            current = version_key(doc.sha256, stamp.digest)
            if current in versions.get(doc.doc_id, {}):
                report.skipped.append(doc.doc_id)
                report.dropped_stale += store.drop_versions(doc.doc_id, current, versions)
            else:
                yield doc

    gaz = Gazetteer.load(ontology_dir)
    stored = store.events()
    pairs = counted(extract_pairs(new_or_changed(), jobs, model, ontology_dir), on_progress)
    for number, batch in enumerate(batches(pairs, DEFAULTS.store_batch), start=1):
        settled, spill = summarise(batch, gaz, event_window, stored)
        stored += new_events(batch, settled, {event.key for event in stored})
        assembler = GraphAssembler(gaz, settled, stamp.digest, stamp.described)
        store.write(graph_quads(assembler, spill.read(), versioned=True))
        spill.close()
        if number % DEFAULTS.flush_every_batches == 0:
            store.flush()  # RocksDB keeps writes in memory tables (one per index) until flushed
        for doc, _ in batch:
            existed = doc.doc_id in versions
            report.dropped_stale += store.drop_versions(doc.doc_id, version_key(doc.sha256, stamp.digest), versions)
            (report.replaced if existed else report.added).append(doc.doc_id)
            if on_added is not None:
                on_added(doc.doc_id)
    store.finish(ontology_dir)
    return report


def new_events(batch: list[Pair], settled: SettledCorpus, known: set[str]) -> list[EventSignature]:
    """The batch's events not yet among `known`, one signature each, for the next batches to join."""
    found: dict[str, EventSignature] = {}
    for doc, result in batch:
        for event in result.events:
            own = EventSignature.of(doc.doc_id, event).mapped(settled.mapping)
            decision = settled.events.get(own.key)
            key = decision.event_key if decision else own.key
            if key not in known and key not in found:
                found[key] = dataclasses.replace(own, key=key)
    return list(found.values())
