"""Documents -> pipeline -> results -> graph: the build functions the CLI and notebooks call.

Two passes: extraction streams results to disk while the corpus summary (labels, names,
containment) is gathered; then each document's graph is written with the settled summary.
The library reports through `logging` and callbacks; bars and messages are the CLI's.
"""

from __future__ import annotations

import functools
import logging
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from spacy.language import Language

from kg.builder.parallel import Pair, extract_pairs, ordered_map
from kg.builder.pipeline import BuildStamp
from kg.core.errors import NothingToBuild
from kg.core.files import atomic_path
from kg.core.settings import DEFAULTS
from kg.ingest.documents import Document, InputProblem, read_inputs
from kg.rdf.writer import GraphAssembler, doc_graph_iri, version_graph
from kg.resolve.corpus import CorpusSummary, SettledCorpus, apply_key_mapping
from kg.resolve.events import EventSignature
from kg.resources.gazetteer import Gazetteer
from kg.resources.lexicon import Lexicon
from kg.store.engine import QUAD_FORMATS, RDF_FORMATS, Engine, quads_of

log = logging.getLogger(__name__)
Reporter = Callable[[InputProblem], None]
Progress = Callable[[int], None]
"""Called with the words of each document as it is extracted (the CLI's progress bar)."""


def log_problem(problem: InputProblem) -> None:
    """The default report of an unreadable input: one warning naming it, and the build goes on."""
    log.warning("%s", problem)


def load_documents(
    paths: Iterable[str | Path], ontology_dir: Path | None = None, on_problem: Reporter = log_problem
) -> list[Document]:
    """Read every input; report each unreadable one and keep going."""
    return list(iter_documents(paths, ontology_dir, on_problem))


def iter_documents(
    paths: Iterable[str | Path], ontology_dir: Path | None = None, on_problem: Reporter = log_problem
) -> Iterator[Document]:
    """Read inputs one at a time (a year of wire copy need not fit in memory)."""
    lex = Lexicon.load(ontology_dir)
    for item in read_inputs(paths, lex.split_words, lex.boilerplate):
        if isinstance(item, InputProblem):
            on_problem(item)
        else:
            yield item


def counted(pairs: Iterable[Pair], on_progress: Progress | None) -> Iterator[Pair]:
    """The pairs, telling `on_progress` each document's words as it finishes."""
    for doc, result in pairs:
        yield doc, result
        if on_progress is not None:
            on_progress(doc.words)


class Spill:
    """Extraction results parked on disk between the two passes, so memory stays flat."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="newskg-")  # noqa: SIM115  (closed by close())
        self.count = 0

    def write(self, pair: Pair) -> None:
        pickle.dump(pair, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def read(self) -> Iterator[Pair]:
        self.file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self.file)

    def close(self) -> None:
        self.file.close()


def summarise(
    pairs: Iterable[Pair], gaz: Gazetteer, event_window: int | None = None, stored: list[EventSignature] = ()
) -> tuple[SettledCorpus, Spill]:
    """Pass one: gather the corpus summary while extraction streams in, results parked on disk;
    reports of one event are grouped within `event_window` days, joining `stored` events."""
    summary = CorpusSummary()
    spill = Spill()
    for doc, result in pairs:
        summary.add(doc, result, gaz)
        spill.write((doc, result))
    return summary.settled(event_window, stored), spill


Layout = Literal["both", "union"]
"""Which graphs pass two writes: each document's named graph and the default graph holding
their union (for querying, and for quad files, whose status is derived over the union), or only
the union (for triple files: Turtle, N-Triples, JSON-LD...)."""


def graph_quads(
    assembler: GraphAssembler, pairs: Iterable[Pair], versioned: bool = False, layout: Layout = "both"
) -> list[ox.Quad]:
    """Pass two for a batch, anywhere (this process, a worker, a Spark executor): the
    documents' named graphs (version graphs for a store) and/or their union copies."""
    quads: list[ox.Quad] = []
    for doc, result in pairs:
        apply_key_mapping(result, assembler.corpus.mapping)
        triples = dict.fromkeys(assembler.add(doc, result))  # a document states each triple once
        if layout != "union":
            name = ox.NamedNode(str(version_graph(doc, assembler.stamp) if versioned else doc_graph_iri(doc.doc_id)))
            quads.extend(quads_of(triples, name))
        quads.extend(quads_of(triples, ox.DefaultGraph()))
    return quads


def nquads_of(assembler: GraphAssembler, pairs: list[Pair], versioned: bool = False, layout: Layout = "both") -> bytes:
    """`graph_quads` as N-Quads, the cheapest form to send between processes."""
    return ox.serialize(graph_quads(assembler, pairs, versioned, layout), format=ox.RdfFormat.N_QUADS)


def build_chunks(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    model: str | None = None,
    ontology_dir: Path | None = None,
    on_progress: Progress | None = None,
    on_problem: Reporter = log_problem,
    nlp: Language | None = None,
    layout: Layout = "both",
    event_window: int | None = None,
) -> Iterator[tuple[int, bytes]]:
    """Read, extract and assemble, both passes on `jobs` processes: (documents, N-Quads) chunks
    of the documents' graphs in input order; reports of one event `event_window` days apart at
    most are one event.  Raises NothingToBuild when no input could be read."""
    gaz = Gazetteer.load(ontology_dir)
    stamp = BuildStamp.current(model, ontology_dir)
    docs = iter_documents(paths, ontology_dir, on_problem)
    pairs = counted(extract_pairs(docs, jobs, model, ontology_dir, nlp), on_progress)
    settled, spill = summarise(pairs, gaz, event_window)
    try:
        if not spill.count:
            raise NothingToBuild("no document could be read from the given inputs")
        work = functools.partial(nquads_of, layout=layout)
        assembler = GraphAssembler(gaz, settled, stamp.digest, stamp.described)
        for batch, data in ordered_map(work, assembler, spill.read(), jobs, size=DEFAULTS.assembly_batch):
            yield len(batch), data
    finally:
        spill.close()


def build_engine(paths: Iterable[str | Path], *, store: ox.Store | None = None, **options) -> tuple[Engine, int]:
    """Build into an Oxigraph store (in memory unless one is given), one named graph per
    document plus their union, each fact's status derived; returns the engine and the number
    of documents."""
    engine = Engine(store if store is not None else ox.Store())
    count = 0
    for documents, data in build_chunks(paths, **options):
        engine.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        count += documents
    return engine.ready_for_queries(options.get("ontology_dir")), count


def build_file(paths: Iterable[str | Path], output: Path, **options) -> int:
    """Build straight into `output`, which appears whole or not at all.  The graphs go through a
    temporary store where each fact's status across every report is derived, then out through
    Oxigraph's streaming serialiser.  The store is kept in memory up to
    Settings.file_build_memory_quads quads, then moved to a temporary folder (under $TMPDIR,
    never among the inputs, which are read lazily): memory stays flat however large the corpus."""
    fmt = RDF_FORMATS[output.suffix.lower()]
    with atomic_path(output) as tmp:
        return _write_file(paths, fmt, tmp, options)


def _write_file(paths: Iterable[str | Path], fmt: ox.RdfFormat, path: Path, options: dict) -> int:
    count = 0
    layout: Layout = "both" if fmt in QUAD_FORMATS else "union"
    with tempfile.TemporaryDirectory(prefix="newskg-build-") as folder:
        store, in_memory, loaded = ox.Store(), True, 0
        for documents, data in build_chunks(paths, layout=layout, **options):
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            loaded += data.count(b"\n")
            count += documents
            if in_memory and loaded > DEFAULTS.file_build_memory_quads:
                store, in_memory = _moved_to_disk(store, Path(folder)), False
        engine = Engine(store).ready_for_queries(options.get("ontology_dir"))
        engine.export(path)
        del engine, store
    return count


def _moved_to_disk(store: ox.Store, folder: Path) -> ox.Store:
    """The in-memory store's quads in an on-disk store in `folder` (the memory one is let go)."""
    disk = ox.Store(str(folder))
    disk.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return disk
