"""Documents -> pipeline -> results -> graph: the one build function the CLI and notebooks call."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Dataset
from spacy.language import Language
from spacy.tokens import Doc

from .documents import Document, InputProblem, read_inputs
from .gazetteer import Gazetteer
from .graph import GraphAssembler
from .lexicon import Lexicon
from .model import DocResult
from .resolution import merge_short_person_names
from .temporal import resolve_dates

log = logging.getLogger(__name__)
Reporter = Callable[[InputProblem], None]
CLAIMABLE = frozenset({"backs", "alliedWith", "opposes", "leads"})


class NothingToBuild(RuntimeError):
    """No input could be read."""


def report_to_stderr(problem: InputProblem) -> None:
    print(f"kg: {problem}", file=sys.stderr)


def load_documents(
    paths: Iterable[str | Path], ontology_dir: Path | None = None, on_problem: Reporter = report_to_stderr
) -> list[Document]:
    """Read every input; report each unreadable one and keep going."""
    lex = Lexicon.load(ontology_dir)
    docs = []
    for item in read_inputs(paths, lex.split_words, lex.boilerplate):
        if isinstance(item, InputProblem):
            on_problem(item)
        else:
            docs.append(item)
    return docs


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
            claim.text = meta.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])].strip(" ,.\"'“”")
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


def extract(
    nlp: Language, docs: list[Document], progress: bool = False, batch_size: int = 16
) -> Iterator[tuple[Document, DocResult]]:
    """Run the pipeline over documents, yielding each with its results as it finishes."""
    from tqdm import tqdm

    total_words = sum(d.words for d in docs)
    bar = tqdm(
        total=total_words, unit="word", unit_scale=True, desc="extracting", disable=not progress, file=sys.stderr
    )
    with bar:
        for doc, meta in nlp.pipe(((d.clean_text, d) for d in docs), as_tuples=True, batch_size=batch_size):
            yield meta, result_of(doc, meta)
            bar.update(meta.words)


def apply_key_mapping(results: list[DocResult], mapping: dict[str, str]) -> None:
    """Rewrite entity keys after corpus-level merges (short person names)."""
    if not mapping:
        return
    for r in results:
        for old, new in mapping.items():
            if old in r.entities:
                info = r.entities.pop(old)
                target = r.entities.get(new)
                if target is None:
                    info.key = new
                    r.entities[new] = info
                else:
                    target.names |= info.names
        for rel in r.relations:
            rel.subject = mapping.get(rel.subject, rel.subject)
            rel.object = mapping.get(rel.object, rel.object)
        for e in r.events:
            e.agents = [mapping.get(a, a) for a in e.agents]
            e.targets = [mapping.get(a, a) for a in e.targets]
        for c in r.claims:
            c.claimant = mapping.get(c.claimant, c.claimant)
            if c.outlet:
                c.outlet = mapping.get(c.outlet, c.outlet)


def build_dataset(
    paths: Iterable[str | Path],
    model: str | None = None,
    ontology_dir: Path | None = None,
    progress: bool = False,
    on_problem: Reporter = report_to_stderr,
    nlp: Language | None = None,
) -> tuple[Dataset, list[Document]]:
    """Read, extract and assemble; raises NothingToBuild when no input could be read."""
    docs = load_documents(paths, ontology_dir, on_problem)
    if not docs:
        raise NothingToBuild("no document could be read from the given inputs")
    if nlp is None:
        from .nlp import build_pipeline

        nlp = build_pipeline(model, ontology_dir)
    pairs = list(extract(nlp, docs, progress=progress))
    results = [r for _, r in pairs]
    apply_key_mapping(results, merge_short_person_names(results))
    dataset = GraphAssembler(Gazetteer.load(ontology_dir)).add_all(pairs)
    return dataset, docs
