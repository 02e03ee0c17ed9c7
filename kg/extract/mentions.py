"""Pipeline components that find mentions: the gazetteer matcher and the mention collector.

``newskg_gazetteer`` runs before spaCy's NER and marks every name, acronym, demonym and
description the curated gazetteer knows (so the statistical NER keeps them and fills only
the gaps).  ``newskg_mentions`` runs after the NER and turns entity spans into
:class:`~kg.model.Mention` records, composing ``Jordanian troops`` or ``Assad's army`` from a
demonym or possessive and a force noun, and dropping fragments (``Army``, ``Deir``, dates).
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.core.records import Mention
from kg.extract import extensions  # noqa: F401  (declares doc._.mentions and the rest)
from kg.extract.base import Component, component
from kg.extract.parse import in_place_slot, words_of
from kg.resources.gazetteer import Gazetteer
from kg.resources.lexicon import Lexicon

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
ARTICLES = frozenset({"the", "a", "an"})
LEADING_NOISE = frozenset({"the", "a", "an", "'s", "’s", "'", "s"})


@Language.factory("newskg_gazetteer", default_config={"ontology_dir": None}, assigns=["doc.ents"])
def make_gazetteer_matcher(nlp: Language, name: str, ontology_dir: str | None) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, Path(ontology_dir) if ontology_dir else None)


class GazetteerMatcher:
    """Marks gazetteer names (case-sensitive) and descriptions (case-insensitive) as entities.

    Patterns are compiled once, when the pipeline is built, from the data in ontology/.
    """

    def __init__(self, nlp: Language, ontology_dir: Path | None) -> None:
        gaz = Gazetteer.load(ontology_dir)
        lex = Lexicon.load(ontology_dir)
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.descriptions = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[str, tuple[str, str]] = {}
        self.organisation_words = frozenset(lex.descriptors.organisation_words)
        self.particles = lex.words("names", "particles")
        self.demonyms = gaz.demonym_words
        self.not_given_names = lex.words("names", "not_given_names") | frozenset(lex.role_titles)
        self._add(nlp, self.names, gaz.name_patterns())
        described = gaz.description_patterns() + [("ORG", phrase, f"role:{role}") for role, phrase in lex.role_phrases]
        self._add(nlp, self.descriptions, described)

    def _add(self, nlp: Language, matcher: PhraseMatcher, patterns: list[tuple[str, str, str]]) -> None:
        grouped: dict[str, list[Doc]] = {}
        for label, text, hint in patterns:
            match_key = f"{label}|{hint}"
            self.labels[match_key] = (label, hint)
            grouped.setdefault(match_key, []).append(nlp.make_doc(text))
        for match_key, docs in grouped.items():
            matcher.add(match_key, docs)

    def _inside_organisation_name(self, doc: Doc, end: int) -> bool:
        """A place name followed by a capitalised organisation word names an organisation."""
        nxt = doc[end] if end < len(doc) else None
        return nxt is not None and nxt.is_title and nxt.lower_ in self.organisation_words

    def _end_of_proper_name(self, doc: Doc, start: int, end: int) -> bool:
        """Capitalised description words after another capitalised word end a longer proper
        name (`Tiger Forces`, `Libyan National Army`), except one word after a demonym, which
        is that state's (`Iraqi Army`)."""
        if not all(t.is_title for t in doc[start:end]):
            return False
        if end - start == 1:
            return _after_name_word(doc, start, self.demonyms)
        return _after_name_word(doc, start, frozenset())

    def _family_name_of_another(self, doc: Doc, start: int) -> bool:
        """A surname (`Maliki`, `al-Assad`) right after `<Given name> al-` or `<Given name>`
        belongs to that fuller name, not to the gazetteer's best-known bearer of it."""
        i = start
        if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in self.particles:
            i -= 2  # `Turki al-` + `Maliki`
        elif not (i + 1 < len(doc) and doc[i].lower_ in self.particles and doc[i + 1].text == "-"):
            return False  # only surnames with their particle: `Assad` alone after `President` is fine
        given = doc[i - 1] if i >= 1 else None
        return (
            given is not None
            and given.is_alpha
            and given.is_title
            and given.tag_ == "NNP"  # `Hafez`, not `Meanwhile`
            and given.lower_ not in self.not_given_names
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.descriptions, self.names):
            for match_id, start, end in matcher(doc):
                label, hint = self.labels[doc.vocab.strings[match_id]]
                if matcher is self.descriptions:
                    if end - start == 1 and _generic_use(doc, start):
                        continue  # `a coalition of Islamist groups` is not the U.S.-led coalition
                    if end - start == 1 and _after_name_word(doc, start, self.demonyms, any_case=True):
                        continue  # `the Seleka coalition` is Seleka's, not the U.S.-led coalition
                    if self._end_of_proper_name(doc, start, end):
                        continue  # `Libyan National Army`, `Tiger Forces`: a name, not `the army`
                while start < end - 1 and doc[start].lower_ in ARTICLES:
                    start += 1  # `the Islamic State` must not outrank `Islamic State group`
                if label in {"GPE", "LOC"} and self._inside_organisation_name(doc, end):
                    continue  # `Free Idlib Brigade`: leave the whole name to the NER
                if end - start == 1 and _inside_longer_name(doc, start):
                    continue  # `Khan Baghdadi Saleh` is a village, not Abu Bakr al-Baghdadi
                if label == "PERSON" and self._family_name_of_another(doc, start):
                    continue  # `Turki al-Maliki` is not Nouri al-Maliki: leave the name to the NER
                spans.append(Span(doc, start, end, label=label, span_id=hint))
        kept = filter_spans(spans)
        doc.set_ents(kept, default="unmodified")
        return doc


@component("newskg_mentions", requires=["doc.ents"], assigns=["doc._.mentions"])
class MentionCollector(Component):
    """Turns entity spans into Mention records and composes demonym/possessive force phrases."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        # a lower-case place word may end a name the NER missed: `the T4 airbase`, `Anbar province`
        self.place_words = self.lex.words("places", "geo_nouns") | {"airbase", "air", "base", "dam", "oilfield"}
        self.taking_verbs = self.ground_verbs
        self.admin_words = frozenset(self.lex.node("places", "admin_types"))

    def __call__(self, doc: Doc) -> Doc:
        sent_of = _sentence_index(doc)
        mentions: list[Mention] = []
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:  # not DATE, CARDINAL, LAW...
                continue
            span = _trim(ent)
            if span is None:
                continue
            hint = ent.id_ or None
            label = ent.label_
            if label == "NORP" and hint is None and self._names_a_group(doc, span.end):
                label = "ORG"  # `Seleka rebels`, `the Seleka coalition`: a group's name, not a people
            composed = self._compose_forces(span, hint)
            if composed is not None:
                span, hint = composed
                label = "ORG"
            elif hint is None and self._is_fragment(span, label):
                continue
            mentions.append(Mention.of(span, label, sent_of[span.start], hint))
        mentions.extend(self._possessive_forces(doc, mentions, sent_of))
        mentions.extend(self._names_the_ner_missed(doc, mentions, sent_of))
        mentions.sort(key=lambda m: m.start)
        doc._.mentions = _drop_overlaps(mentions)
        return doc

    def _names_a_group(self, doc: Doc, end: int) -> bool:
        """The word after a name is a fighter noun or an organisation word (`rebels`, `coalition`)."""
        if end >= len(doc):
            return False
        word = doc[end].lemma_.lower()
        return word in self.lex.armed_member_nouns or word in self.lex.descriptors.organisation_words

    def _is_fragment(self, span: Span, label: str) -> bool:
        text = span.text.strip()
        low = text.lower()
        if len(text) < 2 or low in self.lex.fragments or not any(c.isupper() for c in text):
            return True
        if all(t.lower_ in self.lex.fragments or t.is_punct or t.is_stop for t in span):
            return True
        return label == "NORP"  # a demonym alone names no one

    def _compose_forces(self, span: Span, hint: str | None) -> tuple[Span, str] | None:
        """`Jordanian troops`: a demonym followed by a force noun names that state's forces."""
        if not (hint and hint.startswith("demonym:")):
            return None
        doc, end = span.doc, span.end
        for width in (2, 1):
            words = " ".join(t.lower_ for t in doc[end : end + width])
            if end + width <= len(doc) and words in self.lex.force_heads:
                country = hint.split(":", 1)[1]
                return doc[span.start : end + width], f"role:government@{country}"
        return None

    def _possessive_forces(self, doc: Doc, mentions: list[Mention], sent_of: list[int]) -> list[Mention]:
        """`Assad's army`, `the government of President Bashar al-Assad`: forces of a named owner."""
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        out = []
        for i in words_of(doc).where(lowers=self.lex.force_heads):
            token = doc[i]
            covering = by_token.get(token.i)
            generic = covering is not None and (covering.hint or "").startswith("role:")
            if covering is not None and not generic:
                continue
            if token.is_title and _after_name_word(doc, token.i, self.gaz.demonym_words):
                continue  # `Haftar's Libyan National Army` is a name, not Haftar's state's army
            owner = None
            for child in token.children:
                if child.dep_ == "poss" and child.i in by_token:
                    owner = by_token[child.i]
                elif child.dep_ == "prep" and child.lower_ == "of":
                    objs = [g for g in child.children if g.dep_ == "pobj"]
                    owner_tokens = [t for o in objs for t in o.subtree if t.i in by_token]
                    if owner_tokens and token.lower_ in {"government", "regime", "forces", "army"}:
                        owner = by_token[owner_tokens[-1].i]
            if owner is None:
                continue
            start = min(owner.start, token.i, covering.start if generic else token.i)
            end = max(owner.end, token.i + 1)
            hint = f"role:government@owner:{owner.start}:{owner.end}:{owner.label}"
            out.append(Mention.of(doc[start:end], "ORG", sent_of[token.i], hint))
        return out

    def _names_the_ner_missed(self, doc: Doc, mentions: list[Mention], sent_of: list[int]) -> list[Mention]:
        """Capitalised runs the NER skipped (`Deir elZour`) that the gazetteer knows by key."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        covered |= {i for ent in doc.ents if ent.label_ in {"DATE", "TIME"} for i in range(ent.start, ent.end)}
        words = words_of(doc)
        lower = words.lower
        capitalised = [_name_like(text) and not doc[i].is_stop for i, text in enumerate(words.text)]
        places = {i for m in mentions if m.label in {"GPE", "LOC", "FAC"} for i in range(m.start, m.end)}
        out, i = [], 0
        while i < len(doc):
            if i in covered or not capitalised[i]:
                i += 1
                continue
            j = i
            while j < len(doc) and j not in covered and (capitalised[j] or lower[j] in {"al", "el", "ez", "-"}):
                j += 1
            if j < len(doc) and lower[j] in self.place_words:  # `the T4 airbase`, `Anbar province`
                j += 1
            found = self._longest_known(doc, i, min(j, i + 6))
            if found is None and self._unknown_place(doc[i:j], places):
                out.append(Mention.of(doc[i:j], "GPE", sent_of[i], None))
                places.update(range(i, j))
                i = j
                continue
            if found is None:
                i += 1
                continue
            start, end, entry_id = found
            label = "GPE" if self.gaz.entries[entry_id].kind == "Place" else "ORG"
            out.append(Mention.of(doc[start:end], label, sent_of[start], entry_id))
            i = end
        return out

    def _unknown_place(self, span: Span, places: set[int]) -> bool:
        """A name no one knows that stands where the text names a place (`retook Awdhegle and
        Mubarak`, `the villages of Garisiyani, Booco and Nur-Fanah`) or that an administrative
        word follows (`Khogyani district`) is a place."""
        if span[0].is_sent_start or any(t.is_stop or (not t.is_alpha and t.text != "-") for t in span):
            return False
        if len(span) > 1 and span[-1].lower_ in self.admin_words:
            return True  # `the Khogyani district of Ghazni province`: the word types it
        return in_place_slot(span.root, self.lex, self.taking_verbs, lambda t: t.i in places)

    def _longest_known(self, doc: Doc, start: int, stop: int) -> tuple[int, int, str] | None:
        for end in range(stop, start, -1):
            span = doc[start:end]
            if span[-1].lower_ in {"al", "el", "ez", "-"} or (end - start == 1 and span[0].is_sent_start):
                continue
            entry_id = self.gaz.lookup(span.text)
            if entry_id and len(span.text) >= 4:
                return start, end, entry_id
        return None


_GLUED_ARTICLE = re.compile(r"^(?:al|el|ez|az|as|ad|ar|an|at|ash|es)[A-Z]")


def _name_like(text: str) -> bool:
    """A name-like word (when it is no stop word): `Deir`, and also `elZour` whose article
    lost its hyphen."""
    return text.isalnum() and (text[0].isupper() or bool(_GLUED_ARTICLE.match(text)))


def _inside_longer_name(doc: Doc, i: int) -> bool:
    """A one-word name with capitalised words on both sides is part of a longer name."""
    if i == 0 or i + 1 >= len(doc):
        return False
    left, right = doc[i - 1], doc[i + 1]
    return left.is_alpha and left.is_title and right.is_alpha and right.is_title and not doc[i - 1].is_sent_start


def _after_name_word(doc: Doc, i: int, demonyms: frozenset[str], any_case: bool = False) -> bool:
    """The token before `i` is a capitalised word that is no demonym (`National` Army); with
    `any_case`, a name in capitals too (`the M23 coalition`, `the SELEKA coalition`)."""
    previous = doc[i - 1] if i > 0 else None
    capitalised = previous is not None and (previous.is_title or (any_case and previous.text[:1].isupper()))
    return (
        previous is not None
        and capitalised
        and (previous.is_alpha or any_case)
        and not previous.is_sent_start
        and previous.lower_ not in demonyms
    )


def _generic_use(doc: Doc, i: int) -> bool:
    """`a coalition`, `another coalition`, `the coalition of ...`: a kind, not the one named."""
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    return before in {"a", "an", "another", "new"} or after == "of"


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _trim(span: Span) -> Span | None:
    """Drop determiners and stray possessive marks at the edges: `the Iraqi army's` -> `Iraqi army`."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in LEADING_NOISE or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in LEADING_NOISE or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (a composed phrase wins over its parts)."""
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), m.start))
    taken: set[int] = set()
    kept = []
    for m in ordered:
        if any(i in taken for i in range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)
