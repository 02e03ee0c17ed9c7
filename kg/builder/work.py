"""One document's work: what the pipeline wrote on its Doc, collected into a picklable DocResult.

Kept apart from the orchestration (kg/builder/local.py) because worker processes and Spark
executors run exactly this and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.core.records import DocResult
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


def extract_text(
    nlp: Language, text: str, doc_id: str = "text", date: str | None = None, ontology_dir: Path | None = None
) -> DocResult:
    """Extract one text in memory: handy in notebooks and tests."""
    lex = Lexicon.load(ontology_dir)
    meta = prepare(Document(doc_id=doc_id, text=text, date=date), lex.split_words, lex.boilerplate)
    return result_of(nlp(meta.clean_text), meta, rules_of(nlp))
