"""Places component: where places are, as the text says it (the gazetteer adds the rest).

`Iraq's Mosul`, `al-Qaim, Iraq`, `the Syrian border town of Bukamal`, `the Borno state town of
Dikwa`, `Michika in Adamawa state`, `Maiduguri, the Borno state capital`, `X lies in the
province of Y` give kg:locatedIn; `across the border from X` and `on the Euphrates` give kg:near.
Containers must be bigger kinds of place (countries, governorates, regions), so a sentence
never puts a town inside a town.  A town the gazetteer does not know is in the country its
sentence is about (the resolver's `sent_country`), as a reader takes `the town of Bui` in a
story about Nigeria.
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from kg.core.records import Relation
from kg.extract.base import Component, component
from kg.extract.parse import DocView, sentence_number, sentence_of

CONTAINER_TYPES = frozenset({"Country", "Governorate", "Region", "District"})
SIZE_RANK = {"District": 1, "Governorate": 2, "Region": 2, "Country": 3}
"""Kinds of container by size: a place lies only in a bigger kind (a town in a district, a
district in a province, a province in a country), never a country in a country or a province in
a district, whatever a list or a misparse (`Nigeria, Niger and Chad`) seems to say."""
LOCATING_VERBS = frozenset({"lie", "locate", "sit", "situate", "be"})
LOCAL_TYPES = frozenset({"Settlement", "City", "Town", "Village", "District", "Governorate", "Facility"})
"""Places that lie in one country (provinces too; not regions, which may cross borders)."""


@component("newskg_places", requires=["doc._.entities"], assigns=["doc._.relations"])
class PlaceLinker(Component):
    """Appends locatedIn / near relations read from the text to ``doc._.relations``."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        self.geo = self.lex.words("places", "geo_nouns")
        self.river_preps = self.lex.words("places", "river_preps")
        self.admin_words = frozenset(self.lex.node("places", "admin_types"))

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.gaz, self.lex)
        relations = list(doc._.relations or [])
        # the NER's label aside (`the town of Elbe` it took for an organisation), not a demonym
        places = [m for m in view.mentions if m.key and view.is_place(m.key) and m.label != "NORP"]
        for m in places:
            for predicate, obj, cue in self._links(view, m):
                if obj != m.key and (predicate != "locatedIn" or _smaller(view.type_of(m.key), view.type_of(obj))):
                    relations.append(Relation(predicate, m.key, obj, view.evidence(doc[m.start], cue), at=m.start))
        placed = {r.subject for r in relations if r.predicate == "locatedIn"}
        for m in view.mentions:
            country = self._story_country(view, m) if m.key not in placed else None
            if country:
                placed.add(m.key)
                relations.append(Relation("locatedIn", m.key, country, view.evidence(doc[m.start]), at=m.start))
        doc._.relations = relations
        return doc

    def _story_country(self, view: DocView, m) -> str | None:
        """The country of the sentence, for a settlement or district the gazetteer does not know;
        the one country the story is set in when the sentence's is another (`Saada province,
        which is located near the border with Saudi Arabia` in a report from Yemen)."""
        info = view.entities.get(m.key or "")
        if info is None or info.kind != "Place" or info.gazetteer_id or info.type not in LOCAL_TYPES:
            return None
        countries = view.doc._.sent_country or []
        number = sentence_number(view.doc[m.start])
        entry_id = countries[number] if number < len(countries) else None
        if len(view.home) == 1 and entry_id not in view.home:
            entry_id = next(iter(view.home))
        entry = self.gaz.entries.get(entry_id or "")
        return entry.iri_path if entry is not None and entry.type == "Country" else None

    def _container(self, view: DocView, key: str | None) -> str | None:
        return key if key and view.type_of(key) in CONTAINER_TYPES else None

    def _links(self, view: DocView, m):
        doc = view.doc
        head = doc[m.end - 1]
        # `Iraq's Mosul`
        for child in head.children:
            if child.dep_ == "poss":
                container = self._container(view, view.entity_of_token(child, "place", via_modifiers=False))
                if container:
                    yield "locatedIn", container, "'s"
        # `al-Qaim, Iraq`
        if m.end + 1 < len(doc) and doc[m.end].text == ",":
            nxt = view.mention_at(doc[m.end + 1])
            if nxt is not None and nxt.start == m.end + 1 and (nxt.end >= len(doc) or doc[nxt.end].is_punct):
                container = self._container(view, nxt.key)
                if container:
                    yield "locatedIn", container, ","
        # `the Syrian border town of Bukamal`, `the Borno state town of Dikwa`
        if head.head.lower_ == "of" and head.dep_ == "pobj":
            noun = head.head.head
            if noun.lower_ in self.geo or noun.lemma_.lower() in self.geo:
                yield from self._noun_modifiers(view, noun)
                for obj in view.prep_objects(noun, {"in", "inside"}):  # `the town of Elbe in Gedo region`
                    container = self._container(view, view.find_place(obj))
                    if container:
                        yield "locatedIn", container, "in"
        # `Michika in Adamawa state`, `Bui in northeastern Nigeria`, `the Khogyani district of Ghazni province`
        preps = {"in", "inside", "of"} if head.lower_ in self.admin_words else {"in", "inside"}
        for obj in view.prep_objects(head, preps):
            container = self._container(view, view.find_place(obj))
            if container:
                yield "locatedIn", container, "in"
        # `Maiduguri, the Borno state capital`, `Goma, the capital of North Kivu province`
        for appos in (c for c in head.children if c.dep_ == "appos"):
            if appos.lower_ in self.geo or appos.lemma_.lower() in self.geo:
                yield from self._noun_modifiers(view, appos)
                for obj in view.prep_objects(appos, {"of", "in"}):
                    container = self._container(view, view.find_place(obj))
                    if container:
                        yield "locatedIn", container, appos.text
        # `X lies in the province of Y`
        if head.dep_ == "nsubj" and head.head.lemma_.lower() in LOCATING_VERBS:
            for obj in view.prep_objects(head.head, {"in", "inside", "within"}):
                container = self._container(view, view.find_place(obj))
                if container:
                    yield "locatedIn", container, head.head.text
        # `Syria borders Iraq`, `X, which borders Y`
        verbs = [head.head] if head.dep_ == "nsubj" else []
        verbs += [c for c in head.children if c.dep_ == "relcl"]
        for verb in verbs:
            if verb.lemma_.lower() != "border":
                continue
            for obj in (c for c in verb.children if c.dep_ == "dobj"):
                other = view.find_place(obj)
                if other:
                    yield "borders", other, verb.text
        # `X, the Syrian town across the border from Y` / `X on the Euphrates`
        yield from self._near(view, m)

    def _noun_modifiers(self, view: DocView, noun):
        """Containers named before a place noun: a demonym (`Syrian`), a province (`Borno state`,
        `the Hiran region village of Yasoman`, where the NER took `Hiran` alone)."""
        for child in noun.children:
            if child.dep_ not in {"amod", "compound", "nmod"}:
                continue
            if view.mention_at(child) is None and child.lower_ in self.admin_words:
                child = next((g for g in child.children if g.dep_ == "compound"), child)
            cm = view.mention_at(child)
            if cm is None or not cm.key:
                continue
            if cm.label == "NORP" or self._container(view, cm.key):
                yield "locatedIn", cm.key, child.text

    def _near(self, view: DocView, m):
        doc = view.doc
        sent = sentence_of(doc[m.start])
        end = min(sent.end, m.end + 12)
        # the phrase must belong to this name's clause: not `Russia said its jets struck IS near X`
        end = next((t.i for t in doc[m.end : end] if _ends_clause(t)), end)
        window = doc[m.end : end]
        text = " ".join(t.lower_ for t in window)
        for phrase in self.lex.words("places", "near_phrases"):
            if f" {phrase} " in f" {text} ":
                pos = _token_offset(window, phrase)
                if pos is None:
                    continue
                after = view.mention_at(doc[pos])
                if after is not None and after.key and view.is_place(after.key) and after.key != m.key:
                    yield "near", after.key, phrase
                    return
        for i in range(m.end, min(sent.end, m.end + 10)):
            token = doc[i]
            river = view.mention_at(token)
            if river is not None and river.key and view.type_of(river.key) == "River":
                prep = doc[river.start - 2] if river.start >= 2 and doc[river.start - 1].lower_ == "the" else None
                if prep is not None and prep.lower_ in self.river_preps:
                    yield "near", river.key, f"{prep.text} the"
                return
            if _ends_clause(token):
                return


def _smaller(inner: str | None, outer: str | None) -> bool:
    """A place of kind `inner` can lie in one of kind `outer` (SIZE_RANK; a town in anything)."""
    return SIZE_RANK.get(inner or "", 0) < SIZE_RANK.get(outer or "", 0)


def _ends_clause(token) -> bool:
    """A full stop, a semicolon or a verb of another clause (participles describing the name
    stay in: `X, located near Y`, `X, the border town, facing Y`)."""
    describing = token.dep_ in {"acl", "relcl"} or (token.tag_ == "VBG" and token.dep_ == "advcl")
    return token.text in {";", "."} or (token.pos_ == "VERB" and not describing)


def _token_offset(window, phrase: str) -> int | None:
    words = phrase.split()
    lows = [t.lower_ for t in window]
    for i in range(len(lows) - len(words)):
        if lows[i : i + len(words)] == words:
            return window[i + len(words)].i if i + len(words) < len(window) else None
    return None
