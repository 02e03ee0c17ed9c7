"""Documents -> pipeline -> results -> graph: the one build function the CLI and notebooks call."""

from __future__ import annotations

import functools
import logging
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from spacy.language import Language
from spacy.tokens import Doc

from .claims import claim_text
from .corpus import CorpusSummary, SettledCorpus, apply_key_mapping
from .documents import Document, InputProblem, read_inputs
from .engine import QUAD_FORMATS, RDF_FORMATS, Engine, quads_of
from .gazetteer import Gazetteer
from .graph import GraphAssembler, doc_graph_iri, version_graph
from .lexicon import Lexicon
from .model import DocResult
from .parallel import Pair, extract_pairs, ordered_map
from .temporal import resolve_dates

log = logging.getLogger(__name__)
Reporter = Callable[[InputProblem], None]
ASSEMBLY_BATCH = 16  # documents per N-Quads chunk in the second pass
CLAIMABLE = frozenset({"backs", "alliedWith", "opposes", "leads"})


class NothingToBuild(RuntimeError):
    """No input could be read."""


def report_to_stderr(problem: InputProblem) -> None:
    print(f"kg: {problem}", file=sys.stderr)


def load_documents(
    paths: Iterable[str | Path], ontology_dir: Path | None = None, on_problem: Reporter = report_to_stderr
) -> list[Document]:
    """Read every input; report each unreadable one and keep going."""
    return list(iter_documents(paths, ontology_dir, on_problem))


def result_of(doc: Doc, meta: Document) -> DocResult:
    """Collect what the components wrote on the Doc into a picklable DocResult."""
    events = [e for e in doc._.events or [] if e.agents or e.type not in {"Capture"}]
    result = DocResult(
        doc_id=meta.doc_id,
        entities=dict(doc._.entities or {}),
        relations=list(doc._.relations or []),
        events=events,
        claims=list(doc._.claims or []),
    )
    for fact in [*result.relations, *result.events, *result.claims]:
        fact.evidence.sentence = meta.text[fact.evidence.start : fact.evidence.end].strip()
    for claim in result.claims:
        start, end = claim.content_span
        if end > start:
            claim.text = claim_text(meta.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])])
    link_claims_to_relations(result)
    resolve_dates(result.events, meta.date)
    return result


def link_claims_to_relations(result: DocResult) -> None:
    """A claim asserts (or denies) the relations read inside its content, as it does events;
    relations are extracted after claims, so the link is made here."""
    for claim in result.claims:
        start, end = claim.content_span
        for rel in result.relations:
            if start <= rel.at < end and rel.predicate in CLAIMABLE:
                claim.asserts.append(rel.ident)


def extract_text(
    nlp: Language, text: str, doc_id: str = "text", date: str | None = None, ontology_dir: Path | None = None
) -> DocResult:
    """Extract one text in memory: handy in notebooks and tests (`kg.extract_text(nlp, "...")`)."""
    from .documents import prepare

    lex = Lexicon.load(ontology_dir)
    meta = prepare(Document(doc_id=doc_id, text=text, date=date), lex.split_words, lex.boilerplate)
    return result_of(nlp(meta.clean_text), meta)


def iter_documents(
    paths: Iterable[str | Path], ontology_dir: Path | None = None, on_problem: Reporter = report_to_stderr
) -> Iterator[Document]:
    """Read inputs one at a time (a year of wire copy need not fit in memory)."""
    lex = Lexicon.load(ontology_dir)
    for item in read_inputs(paths, lex.split_words, lex.boilerplate):
        if isinstance(item, InputProblem):
            on_problem(item)
        else:
            yield item


def with_progress(pairs: Iterable[Pair], enabled: bool) -> Iterator[Pair]:
    """A words-per-second bar on stderr as documents finish."""
    from tqdm import tqdm

    bar = tqdm(unit="word", unit_scale=True, desc="extracting", disable=not enabled, file=sys.stderr)
    with bar:
        for doc, result in pairs:
            yield doc, result
            bar.update(doc.words)


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


def summarise(pairs: Iterable[Pair], gaz: Gazetteer) -> tuple[SettledCorpus, Spill]:
    """Pass one: gather the corpus summary while extraction streams in, results parked on disk."""
    summary = CorpusSummary()
    spill = Spill()
    for doc, result in pairs:
        summary.add(doc, result, gaz)
        spill.write((doc, result))
    return summary.settled(), spill


Layout = Literal["both", "named", "union"]
"""Which graphs pass two writes: each document's named graph and the default graph holding
their union (for querying), only the named graphs (for N-Quads and TriG files), or only the
union (for triple files: Turtle, N-Triples, JSON-LD...)."""


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
            name = ox.NamedNode(str(version_graph(doc) if versioned else doc_graph_iri(doc.doc_id)))
            quads.extend(quads_of(triples, name))
        if layout != "named":
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
    progress: bool = False,
    on_problem: Reporter = report_to_stderr,
    nlp: Language | None = None,
    layout: Layout = "both",
) -> Iterator[tuple[int, bytes]]:
    """Read, extract and assemble, both passes on `jobs` processes: (documents, N-Quads) chunks
    of the documents' graphs in input order.  Raises NothingToBuild when no input could be read."""
    gaz = Gazetteer.load(ontology_dir)
    docs = iter_documents(paths, ontology_dir, on_problem)
    pairs = with_progress(extract_pairs(docs, jobs, model, ontology_dir, nlp), progress)
    settled, spill = summarise(pairs, gaz)
    try:
        if not spill.count:
            raise NothingToBuild("no document could be read from the given inputs")
        work = functools.partial(nquads_of, layout=layout)
        for batch, data in ordered_map(work, GraphAssembler(gaz, settled), spill.read(), jobs, size=ASSEMBLY_BATCH):
            yield len(batch), data
    finally:
        spill.close()


def build_engine(paths: Iterable[str | Path], *, store: ox.Store | None = None, **options) -> tuple[Engine, int]:
    """Build into an Oxigraph store (in memory unless one is given), one named graph per
    document plus their union; returns the engine and the number of documents."""
    engine = Engine(store if store is not None else ox.Store())
    count = 0
    for documents, data in build_chunks(paths, **options):
        engine.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        count += documents
    return engine, count


def build_file(paths: Iterable[str | Path], output: Path, **options) -> int:
    """Build straight into `output`, which appears whole or not at all.  N-Quads stream out as
    they are assembled; other formats go through a temporary on-disk store (under $TMPDIR,
    never among the inputs, which are read lazily) holding only the graphs the format needs,
    then Oxigraph's streaming serialiser: memory stays flat however large the corpus."""
    fmt = RDF_FORMATS[output.suffix.lower()]
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp{output.suffix}")
    try:
        count = _write_file(paths, fmt, tmp, options)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(output)
    return count


def _write_file(paths: Iterable[str | Path], fmt: ox.RdfFormat, path: Path, options: dict) -> int:
    count = 0
    if fmt == ox.RdfFormat.N_QUADS:
        with path.open("wb") as out:
            for documents, data in build_chunks(paths, layout="named", **options):
                out.write(data)
                count += documents
        return count
    layout: Layout = "named" if fmt in QUAD_FORMATS else "union"
    with tempfile.TemporaryDirectory(prefix="newskg-build-") as folder:
        engine = Engine(ox.Store(folder))
        for documents, data in build_chunks(paths, layout=layout, **options):
            engine.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            count += documents
        engine.export(path)
        del engine
    return count
