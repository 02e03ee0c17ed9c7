"""One document's work: what the pipeline wrote on its Doc, collected into a picklable DocResult.

Kept apart from the orchestration (kg/builder/local.py) because worker processes and Spark
executors run exactly this and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.core.records import DocResult
from kg.core.settings import DEFAULTS
from kg.extract.claims import claim_text
from kg.extract.dates import resolve_dates
from kg.extract.events import EventExtractor
from kg.ingest.documents import Document, is_month_first, prepare
from kg.resources.facts import FactSpecs
from kg.resources.lexicon import Lexicon


def rules_of(nlp: Language) -> EventExtractor:
    """The events component: it holds the fact specs and lexicon the pipeline was built with."""
    return nlp.get_pipe("newskg_events")


def specs_of(nlp: Language) -> FactSpecs:
    """The fact specs the pipeline's components were built with (its ontology folder's)."""
    return rules_of(nlp).specs


def result_of(doc: Doc, meta: Document, rules: EventExtractor) -> DocResult:
    """Collect what the components wrote on the Doc into a picklable DocResult: evidence as the
    original text says it, claims linked to the relations they carry, events whose required
    slots stayed empty (a capture nobody claimed) dropped, dates resolved."""
    specs = rules.specs
    result = DocResult(
        doc_id=meta.doc_id,
        entities=dict(doc._.entities or {}),
        relations=list(doc._.relations or []),
        events=[e for e in doc._.events or [] if specs.is_complete(e)],
        claims=list(doc._.claims or []),
    )
    for fact in [*result.relations, *result.events, *result.claims]:
        fact.evidence.sentence = meta.text[fact.evidence.start : fact.evidence.end].strip()
    for claim in result.claims:
        start, end = claim.content_span
        if end > start:
            claim.text = claim_text(meta.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])])
    link_claims_to_relations(result, specs.claimable)
    resolve_dates(result.events, meta.date, rules.dates, is_month_first(meta.locale))
    return result


def link_claims_to_relations(result: DocResult, claimable: frozenset[str]) -> None:
    """A claim asserts (or denies) the relations read inside its content, as it does events;
    relations are extracted after claims, so the link is made here."""
    for claim in result.claims:
        start, end = claim.content_span
        for rel in result.relations:
            if start <= rel.at < end and rel.predicate in claimable:
                claim.asserts.append(rel.ident)


def extract_documents(nlp: Language, docs: Iterable[Document], batch_size: int) -> Iterator[tuple[Document, DocResult]]:
    """Each document with its results, in input order, through one `nlp.pipe` stream.  A text
    longer than `max_part_chars` is parsed in pieces cut at line breaks (spaCy's parser needs
    about 1 GB per 100,000 characters and refuses a million) and its results put back together,
    offsets counted in the whole text."""
    rules, limit = rules_of(nlp), DEFAULTS.max_part_chars
    pieces = (
        (meta.clean_text[start:end], (meta, start, end, last))
        for meta in docs
        for start, end, last in pieces_of(meta.clean_text, limit)
    )
    parts: list[DocResult] = []
    for doc, (meta, start, end, last) in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
        whole = start == 0 and end == len(meta.text)
        part = meta if whole else replace(meta, text=meta.text[start:end], clean_text=meta.clean_text[start:end])
        parts.append(_moved(result_of(doc, part, rules), start))
        if last:
            yield meta, parts[0] if len(parts) == 1 else _joined(parts)
            parts = []


def pieces_of(text: str, limit: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_last) of pieces of at most `limit` characters, cut after the last line break
    (else sentence end, else space) before the limit, so no sentence is cut where the text has breaks."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cuts = (window.rfind("\n"), window.rfind(". "), window.rfind(" "))  # in order of preference
        cut = next((c for c in cuts if c > limit // 2), limit - 1)
        end = start + cut + 1
        yield start, end, False
        start = end
        while start < len(text) and text[start].isspace():  # the next piece opens on its first word
            start += 1
    yield start, len(text), True


def _moved(result: DocResult, offset: int) -> DocResult:
    if offset:
        for fact in [*result.relations, *result.events, *result.claims]:
            fact.evidence.start += offset
            fact.evidence.end += offset
    return result


def _joined(parts: list[DocResult]) -> DocResult:
    """One document's results from its pieces: facts in text order, each entity once."""
    joined = DocResult(doc_id=parts[0].doc_id)
    for part in parts:
        for key, info in part.entities.items():
            if key in joined.entities:
                joined.entities[key].names |= info.names
                joined.entities[key].mentions += info.mentions
            else:
                joined.entities[key] = info
        joined.relations += part.relations
        joined.events += part.events
        joined.claims += part.claims
    return joined


def extract_text(
    nlp: Language, text: str, doc_id: str = "text", date: str | None = None, ontology_dir: Path | None = None
) -> DocResult:
    """Extract one text in memory: handy in notebooks and tests."""
    lex = Lexicon.load(ontology_dir)
    meta = prepare(Document(doc_id=doc_id, text=text, date=date), lex.split_words, lex.boilerplate)
    return next(extract_documents(nlp, [meta], batch_size=1))[1]
