"""Work on one process or several: batches in, results out, in input order.

The language model is most of a build's cost and holds no state between documents, so with
``jobs > 1`` worker processes extract batches of documents and only the small, picklable
`DocResult`s travel back; later they turn batches of results into N-Quads the same way.  At
most a few batches per worker are in flight, so a corpus of any size streams through in bounded
memory.  (spaCy's own ``n_process`` would ship whole `Doc`s back, and our Doc extensions hold
Python objects it cannot serialise.)

Workers are forked from a process that has already built what they need (the pipeline, or
the settled corpus), as spaCy's own ``n_process`` does: they start at once, share its memory
pages, and a user's script needs no ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language

from kg.core.records import DocResult
from kg.core.settings import DEFAULTS
from kg.ingest.documents import Document

Pair = tuple[Document, DocResult]
T = TypeVar("T")
R = TypeVar("R")
BATCH_DOCS = DEFAULTS.batch_docs

_worker_state: Any = None  # what the forked workers read: set just before the pool forks


def available_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def batches(items: Iterable[T], size: int = BATCH_DOCS) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def ordered_map(
    work: Callable[[Any, list[T]], R], state: Any, items: Iterable[T], jobs: int, size: int = BATCH_DOCS
) -> Iterator[tuple[list[T], R]]:
    """``work(state, batch)`` for each batch of `items`, on `jobs` forked processes sharing
    `state`; (batch, result) pairs come back in input order, a bounded number in flight."""
    global _worker_state
    if jobs <= 1:
        for batch in batches(items, size):
            yield batch, work(state, batch)
        return
    _worker_state = state
    todo = batches(items, size)
    with ProcessPoolExecutor(jobs, multiprocessing.get_context("fork")) as pool:
        pending: deque[tuple[list[T], Future]] = deque()
        for batch in islice(todo, jobs * DEFAULTS.batches_in_flight_per_job):
            pending.append((batch, pool.submit(_in_worker, work, batch)))
        while pending:
            batch, future = pending.popleft()
            result = future.result()
            for following in islice(todo, 1):
                pending.append((following, pool.submit(_in_worker, work, following)))
            yield batch, result
    _worker_state = None


def _in_worker(work: Callable[[Any, list[T]], R], batch: list[T]) -> R:
    return work(_worker_state, batch)


# ---- extraction ---------------------------------------------------------------------------------
def extract_pairs(
    docs: Iterable[Document],
    jobs: int = 1,
    model: str | None = None,
    ontology_dir: Path | None = None,
    nlp: Language | None = None,
) -> Iterator[Pair]:
    """Each document with its extraction results, in input order, on `jobs` processes."""
    if nlp is None:
        from kg.builder.pipeline import build_pipeline

        nlp = build_pipeline(model, ontology_dir)
    if jobs <= 1:  # one stream through nlp.pipe, no batching of our own
        yield from _extract(nlp, docs)
        return
    for batch, results in ordered_map(extract_batch, nlp, docs, jobs):
        yield from zip(batch, results, strict=True)


def extract_batch(nlp: Language, docs: list[Document]) -> list[DocResult]:
    return [result for _, result in _extract(nlp, docs)]


def _extract(nlp: Language, docs: Iterable[Document]) -> Iterator[Pair]:
    from kg.builder.work import extract_documents

    return extract_documents(nlp, docs, BATCH_DOCS)
