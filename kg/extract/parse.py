"""Dependency-parse helpers shared by the relation, event, claim, place and role components.

They answer the questions every extractor asks: which entity does this noun phrase name,
who is the subject of this verb (through coordination, relative clauses and participles),
is this clause real (not negated, not modal, not a plan), and which sentence is the evidence.
"""

from __future__ import annotations

import calendar
import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

from spacy.attrs import LEMMA, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc, Span, Token

from kg.core.records import EntityInfo, Evidence, Mention
from kg.resources.gazetteer import Gazetteer
from kg.resources.lexicon import Lexicon

RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl", "conj"})
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "xcomp", "conj", "pcomp", "acl", "csubj"})
SETTLEMENT_NOUNS = frozenset({"town", "city", "village"})
PLURAL_SETTLEMENT_NOUNS = frozenset({"towns", "cities", "villages"})
SELF_PRONOUNS = frozenset({"it", "they", "we", "its", "their", "our"})
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i"})


def is_unnamed_settlement(token: Token) -> bool:
    """`a city`, `four towns`: a settlement noun no `the` points at; a place phrase on it says
    where it is (`a city in northeastern Nigeria`), not which one it is."""
    return token.lower_ in SETTLEMENT_NOUNS | PLURAL_SETTLEMENT_NOUNS and not any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    )


def in_place_slot(
    token: Token, lex: Lexicon, ground_verbs: frozenset[tuple[str, str]], is_place: Callable[[Token], bool]
) -> bool:
    """The token stands where the text names a place, whatever the NER made of it: after a place
    noun's `of` or `including` (`the villages of Garisiyani`), where a ground-taking verb names
    the ground (`retook Awdhegle`, `Kunduz fell to the Taliban`; `ground_verbs`: (lemma,
    dependency) pairs), or listed beside such a name or a place (`Garisiyani, Booco and
    Nur-Fanah`).  `is_place` says whether a token is already known to name a place."""
    first = token
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    if first is not token and is_place(first):
        return True
    head = first.head
    if first.dep_ == "pobj" and head.lower_ in {"of", "including"}:
        geo_nouns = lex.words("places", "geo_nouns")
        return head.head.lower_ in geo_nouns or head.head.lemma_.lower() in geo_nouns
    return (lex.lemma(head), first.dep_) in ground_verbs


NAMING_ORDER = {"of": 0, "including": 0, "appos": 0, "compound": 1, "in": 2, "inside": 2}


def _naming_order(child: Token, admin_words: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Children of a place noun in the order they name it: `of X`, `including X` and an
    apposition first, then a compound modifier, then `in X` (where it is).  An administrative
    noun is named by its compound first (`the Khogyani district of Ghazni province`: `of` says
    where the district is)."""
    key = child.lower_ if child.dep_ == "prep" else child.dep_
    if key == "compound" and child.head.lower_ in admin_words:
        return -1, child.i
    return NAMING_ORDER.get(key, 3), child.i


def sentence_starts(doc: Doc) -> list[int]:
    """Where each sentence starts, computed once per Doc: spaCy's `Token.sent` walks back to the
    sentence start and `Doc.sents` rebuilds every span on each call, and the components ask
    for a token's sentence thousands of times per article.  (Kept in `user_data` under a
    plain key: a `doc._` look-up costs more than the search it saves.)"""
    starts = doc.user_data.get(_SENTENCE_STARTS)
    if starts is None:
        starts = doc.user_data[_SENTENCE_STARTS] = [s.start for s in doc.sents]
    return starts


@dataclass(frozen=True)
class Words:
    """Every token's lower-case form, lower-case lemma, coarse and fine tag as plain strings,
    read once per Doc from its arrays, so a component scanning for cue words makes a Token
    object only for the few tokens that match."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]

    def where(
        self,
        lowers: frozenset[str] = frozenset(),
        lemmas: frozenset[str] = frozenset(),
        pos: frozenset[str] = frozenset(),
        tags: frozenset[str] = frozenset(),
    ) -> list[int]:
        """Indices of tokens whose lower form, lemma, POS or tag is in the given sets, in order."""
        hits: set[int] = set()
        for column, wanted in ((self.lower, lowers), (self.lemma, lemmas), (self.pos, pos), (self.tag, tags)):
            if wanted:
                hits.update(i for i, value in enumerate(column) if value in wanted)
        return sorted(hits)


def words_of(doc: Doc) -> Words:
    """The Doc's `Words`, computed on first use."""
    words = doc.user_data.get(_WORDS)
    if words is None:
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LOWER, LEMMA, POS, TAG]).T.tolist() if len(doc) else [[]] * 5
        names = {h: strings[h] if h else "" for h in set(chain.from_iterable(columns))}  # each hash once
        text, lower, lemma, pos, tag = ([names[h] for h in column] for column in columns)
        words = doc.user_data[_WORDS] = Words(text, lower, [w.lower() for w in lemma], pos, tag)
    return words


def _sentence_text(token: Token) -> tuple[str, int, int]:
    """The token's sentence as evidence (stripped text, character start and end), worked out
    once per sentence: a sentence often carries several facts."""
    cache = doc_cache(token.doc, "newskg.sentence_text")
    number = sentence_number(token)
    found = cache.get(number)
    if found is None:
        sent = sentence_of(token)
        first = next((t for t in sent if not t.is_space), None)
        start = first.idx if first is not None else sent.start_char
        found = cache[number] = (sent.text.strip(), start, sent.end_char)
    return found


_NUMERIC_DATE = re.compile(r"(?<![\w/.-])(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?![\w/-])")


_WEEKDAY = re.compile(rf"\b(?:{'|'.join(calendar.day_name)})\b", re.I)


def date_spans(doc: Doc) -> list[Span]:
    """The Doc's DATE entities, TIME entities that name a day (`Sunday night`), and the numeric
    dates the NER leaves untagged (`03/05/2020`,
    `2020-05-03`), in text order, collected once (`Span.ents` rebuilds every entity)."""
    dates = doc.user_data.get(_DATES)
    if dates is None:
        spans = [e for e in doc.ents if e.label_ == "DATE" or (e.label_ == "TIME" and _WEEKDAY.search(e.text))]
        tagged = {i for e in spans for i in range(e.start, e.end)}
        for match in _NUMERIC_DATE.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), label="DATE", alignment_mode="expand")
            if span is not None and not tagged.intersection(range(span.start, span.end)):
                spans.append(span)
        dates = doc.user_data[_DATES] = sorted(spans, key=lambda e: e.start)
    return dates


def doc_cache(doc: Doc, key: str) -> dict:
    """A per-Doc dictionary for values worth computing once per article."""
    cache = doc.user_data.get(key)
    if cache is None:
        cache = doc.user_data[key] = {}
    return cache


_SENTENCE_STARTS = "newskg.sentence_starts"
_WORDS = "newskg.words"
_DATES = "newskg.dates"


def sentence_number(token: Token) -> int:
    """The index of the token's sentence in the Doc."""
    return bisect_right(sentence_starts(token.doc), token.i) - 1


def sentence_of(token: Token) -> Span:
    """`token.sent`, by a binary search over the Doc's sentence starts."""
    doc = token.doc
    starts = sentence_starts(doc)
    k = bisect_right(starts, token.i) - 1
    return doc[starts[k] : starts[k + 1] if k + 1 < len(starts) else len(doc)]


def home_countries(mentions: list[Mention], entities: dict[str, EntityInfo], gaz: Gazetteer) -> frozenset[str]:
    """The countries a story is set in: those holding at least half as many of the places below a
    country it names (towns, provinces, crossings; not capitals, which mostly stand for their
    governments) as the country holding most (a report from Mali that names Paris once is not set
    in France); in a story naming no such place, the country it names most, if twice or more;
    else none (unknown)."""
    held = Counter(
        country
        for info in entities.values()
        if info.kind == "Place"
        and info.type != "Country"
        and info.gazetteer_id
        and not gaz.is_capital(info.gazetteer_id)
        for country in [gaz.country_of(info.gazetteer_id)]
        if country
    )
    if not held:  # `Afghanistan`, `Afghan forces`, `the Afghan government`
        named = Counter(
            gaz.country_of(info.gazetteer_id)
            for m in mentions
            for info in [entities.get(m.key or "")]
            if info is not None and info.type in {"Country", "Government"} and info.gazetteer_id
        )
        named.pop(None, None)
        most = max(named.values(), default=0)
        return frozenset(country for country, count in named.items() if count == most >= 2)
    most = max(held.values(), default=0)
    return frozenset(country for country, count in held.items() if 2 * count >= most)


@dataclass
class DocView:
    """A Doc with its mentions indexed by token, and the gazetteer and lexicon at hand."""

    doc: Doc
    gaz: Gazetteer
    lex: Lexicon

    def __post_init__(self) -> None:
        self.mentions: list[Mention] = self.doc._.mentions or []
        self.entities: dict[str, EntityInfo] = self.doc._.entities or {}
        self.by_token: dict[int, Mention] = {i: m for m in self.mentions for i in range(m.start, m.end)}

    # ---- entities ----------------------------------------------------------------------------
    def mention_at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def kind(self, key: str | None) -> str | None:
        info = self.entities.get(key or "")
        if info is not None:
            return info.kind
        return None

    def type_of(self, key: str | None) -> str | None:
        info = self.entities.get(key or "")
        return info.type if info is not None else None

    def is_actor(self, key: str | None) -> bool:
        """Actors, and countries acting as states."""
        return bool(key) and (self.kind(key) == "Actor" or self.type_of(key) == "Country")

    def is_place(self, key: str | None) -> bool:
        return bool(key) and self.kind(key) == "Place"

    def government_of(self, country_key: str) -> str:
        """The actor that acts for a country: its government where the gazetteer has one and the
        story is set in that country (else the country itself, `Gazetteer.acting_for_state`)."""
        country_id = country_key.split("/", 1)[1]
        actor = self.gaz.role_actor(country_id, "government")
        if actor is None or self.gaz.acting_for_state(actor, self.home) != actor:
            return country_key
        self.ensure_entity(actor)
        return self.gaz.entries[actor].iri_path

    @functools.cached_property
    def home(self) -> frozenset[str]:
        return home_countries(self.mentions, self.entities, self.gaz)

    def _speaker(self, pronoun: Token) -> str | None:
        """`Hezbollah said it ...`, `Forces loyal to Haftar say they ...`, `we` in a quote: the
        subject of the verb of saying above; else, for a pronoun in a clause that hangs from
        another (`the TPLF came within 200 km after it took Dessie`), that clause's subject."""
        say = self.lex.words("claims", "verbs") | self.lex.words("claims", "denial_verbs")
        token = pronoun.head
        for _ in range(4):
            if token.lemma_.lower() in say:
                return self._subject_actor(token, pronoun)
            if token.head.i == token.i:
                break
            token = token.head
        clause = pronoun.head
        if clause.dep_ in {"advcl", "conj"} and clause.head.pos_ in {"VERB", "AUX"}:
            return self._subject_actor(clause.head, pronoun)
        return None

    def _subject_actor(self, verb: Token, pronoun: Token) -> str | None:
        for subject in (c for c in verb.children if c.dep_ == "nsubj" and c.i != pronoun.i):
            if subject.lower_ in PRONOUNS:
                continue
            key = self.entity_of_token(subject, "actor") or self.spoken_for(subject)
            if key and self.is_actor(key):
                return key
        return None

    def spoken_for(self, head: Token) -> str | None:
        """`officials with X`, `a spokesman for X`: the organisation an unnamed source's words
        name as its own (`they` in what such officials say is X)."""
        if head.lower_ not in self.lex.source_heads and head.lemma_.lower() not in self.lex.source_heads:
            return None
        for obj in self.prep_objects(head, {"with", "for", "of", "from"}):
            key = self.entity_of_token(obj, "actor", via_modifiers=False)
            if key and self.is_actor(key):
                return key
        return None

    def _is_demonym(self, token: Token) -> bool:
        m = self.mention_at(token)
        return m is None or m.label == "NORP"

    def capital_of(self, key: str) -> str | None:
        """The country key whose capital this place is, for capitals standing for states."""
        entry = self.gaz.entries.get(key.split("/", 1)[1])
        if entry is None or entry.type not in {"City", "Settlement"}:
            return None
        country_id = self.gaz.capitals.get(entry.label)
        if country_id and self.gaz.country_of(entry.id) == country_id:
            return self.ensure_entity(country_id)
        return None

    def ensure_entity(self, entry_id: str) -> str:
        entry = self.gaz.entries[entry_id]
        self.entities.setdefault(entry.iri_path, EntityInfo.from_entry(entry))
        return entry.iri_path

    def np_entities(
        self, head: Token, want: str = "actor", via_modifiers: bool = True, conjuncts: bool = True
    ) -> list[str]:
        """Entities a noun phrase names, with its conjuncts: `Iran and Russia` -> both.

        With `via_modifiers`, a phrase whose head names no entity may name one through a
        demonym, possessive or compound: `Russian air strikes` -> Russia, `an Iraqi offensive`
        -> Iraq's government, `Assad's army` -> the Syrian government.
        """
        out: list[str] = []
        for token in [head, *head.conjuncts] if conjuncts else [head]:
            key = self.entity_of_token(token, want, via_modifiers)
            if key and key not in out:
                out.append(key)
        return out

    def np_entities_from(self, heads: list[Token], want: str = "actor") -> list[str]:
        out: list[str] = []
        for head in heads:
            out += [k for k in self.np_entities(head, want) if k not in out]
        return out

    def entity_of_token(self, token: Token, want: str = "actor", via_modifiers: bool = True) -> str | None:
        m = self.mention_at(token)
        if m is not None and m.key:
            if m.label == "NORP" and want == "actor":
                return self.government_of(m.key) if self.kind(m.key) == "Place" else m.key
            if want == "actor" and self.kind(m.key) == "Place":
                capital_of = self.capital_of(m.key)
                if capital_of:  # `Washington trains rebels`, `militias allied to Damascus`
                    return self.government_of(capital_of)
            if (want == "actor" and self.is_actor(m.key)) or (want == "place" and self.is_place(m.key)):
                return m.key
            return None
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.entity_of_token(token.head.head, want, via_modifiers)
        if want == "actor" and token.lower_ in SELF_PRONOUNS and token.dep_ in {"nsubj", "nsubjpass", "poss"}:
            return self._speaker(token)
        if not via_modifiers or want != "actor":
            return None
        if token.lemma_.lower() in self.lex.member_nouns:  # `fighters from Hezbollah`, `members of the SDF`
            for obj in self.prep_objects(token, {"from", "of"}):  # also `rebels from the M23 group`
                named = [obj, *(c for c in obj.children if c.dep_ in {"compound", "appos"})]
                key = next(filter(None, (self.entity_of_token(t, want, via_modifiers=False) for t in named)), None)
                if key:
                    return key
            for loyal in (c for c in token.children if c.lower_ == "loyal"):  # `forces loyal to Haftar`
                for obj in self.prep_objects(loyal, {"to"}):
                    key = self.entity_of_token(obj, want, via_modifiers=False)
                    if key:
                        return key
        for appos in (c for c in token.children if c.dep_ == "appos"):  # `militant group al-Shabab`
            key = self.entity_of_token(appos, want, via_modifiers=False)
            if key:
                return key
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        hyphen = self.lex.words("backing", "hyphen_suffixes")
        for child in sorted(modifiers, key=lambda c: (self._is_demonym(c), c.i)):  # names before demonyms
            if (
                child.i > 1
                and child.nbor(-1).text == "-"
                and child.nbor(-2).lower_ in self.lex.words("backing", "pro_prefix")
            ):
                continue  # `pro-Iranian militia`: the militia's sympathy, not its identity
            if any(g.lower_ in hyphen for g in child.subtree):
                continue  # `U.S.-backed Iraqi offensive`: the backer is not the agent
            cm = self.mention_at(child)
            if cm is not None and cm.key:
                if cm.label == "NORP" or self.type_of(cm.key) == "Country":
                    return self.government_of(cm.key)
                if self.is_actor(cm.key):
                    return cm.key
        return None

    # ---- clause structure ---------------------------------------------------------------------------
    def subjects(self, verb: Token) -> list[Token]:
        """Subject heads of a verb, inherited through coordination and participles."""
        subj = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
        if subj:
            return subj
        if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
            return self.subjects(verb.head)
        if verb.dep_ == "conj" and verb.pos_ == "VERB" and verb.head.dep_ == "dobj":
            # `troops launched a counterattack and retook X`, the parser hanging `retook` on the noun
            return self.subjects(verb.head.head)
        if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            return [verb.head]
        if verb.dep_ in {"advcl", "xcomp", "pcomp"}:
            governor = verb.head.head if verb.head.pos_ == "ADP" else verb.head
            if verb.head.pos_ == "ADP" and verb.head.lower_ == "for":
                objects = [c for c in governor.children if c.dep_ == "dobj"]
                if objects:
                    return objects
            if governor.pos_ in {"VERB", "AUX"}:  # `troops are deployed to support X`: the troops support
                return self.subjects(governor) or [c for c in governor.children if c.dep_ == "nsubjpass"]
        return []

    def passive_agents(self, verb: Token) -> list[Token]:
        """`captured by X` / `backed both by X and by Y`: the heads after `by`."""
        out = []
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                out.extend(g for g in child.children if g.dep_ == "pobj")
                for conj in child.conjuncts:
                    out.extend(g for g in conj.children if g.dep_ == "pobj")
        return out

    def objects(self, verb: Token) -> list[Token]:
        return [c for c in verb.children if c.dep_ in {"dobj", "dative", "attr", "oprd"}]

    def prep_objects(self, token: Token, preps: frozenset[str] | set[str]) -> list[Token]:
        out = []
        for child in token.children:
            if child.dep_ in {"prep", "agent", "prt", "advmod", "dative"} and child.lower_ in preps:
                objs = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
                if not objs:  # `out of Sinjar`, `away from X`
                    objs = [g for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
                out.extend(objs)
        return out

    def is_passive(self, verb: Token) -> bool:
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
            return True
        has_object = any(c.dep_ in {"dobj", "npadvmod"} for c in verb.children)
        return verb.tag_ == "VBN" and verb.dep_ in {"acl", "advcl"} and not has_object

    def is_irrealis(self, verb: Token) -> bool:
        """Negated, modal, planned, conditional or hypothetical: not something that happened.

        Looks at the verb itself (`did not capture`, `could capture`, `once it falls`), then up
        to three clauses above it (`preparing to capture`, `meant to pave the way`, `is going
        to`), stopping at a verb that asserts success (`managed to capture`)."""
        if self._marked_irrealis(verb) or verb.dep_ in {"csubj", "csubjpass"} or self._asks(verb):
            return True
        heads = self.lex.words("modality", "irrealis_heads")
        realis = self.lex.words("modality", "realis_heads")
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        token = verb
        for _ in range(3):
            if token.dep_ not in CLAUSE_LINKS:
                break
            head = token.head.head if token.head.pos_ == "ADP" else token.head
            lemma = head.lemma_.lower()
            if token.dep_ == "xcomp" and lemma in realis:  # unless `would manage to capture`
                return self._marked_irrealis(head)
            own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)
            if token.dep_ in {"xcomp", "acl", "pcomp", "advcl"} and lemma in heads and not own_subject:
                return True  # `moved to take X`, not `moved in after it fell to Y` (a clause of its own)
            if token.dep_ in {"acl", "ccomp"} and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
                return True  # `no evidence that Iran was supplying weapons`
            if lemma == "go" and head.tag_ == "VBG":  # `is going to capture`
                return True
            if token.dep_ not in {"conj", "relcl", "ccomp"}:
                if infinitive and token.dep_ == "acl":  # `the only territory left to capture`
                    return True
                if self._has_modal(head):
                    return True
            token = head
        return infinitive and verb.dep_ != "xcomp"

    def _asks(self, verb: Token) -> bool:
        """The verb's sentence is a question (its last tokens, before closing quotes, end in `?`)."""
        marks = self.lex.words("modality", "question_marks")
        sent = sentence_of(verb)
        return any(t.text in marks for t in verb.doc[max(sent.start, sent.end - 3) : sent.end])

    def _marked_irrealis(self, verb: Token) -> bool:
        markers = self.lex.words("modality", "irrealis_markers")
        return self._has_modal(verb) or any(
            c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in markers) for c in verb.children
        )

    def _has_modal(self, verb: Token) -> bool:
        modals = self.lex.words("modality", "modal_auxiliaries")
        return any(c.dep_ in {"aux", "auxpass"} and c.lower_ in modals for c in verb.children)

    # ---- places -------------------------------------------------------------------------------------------
    def find_place(self, token: Token, depth: int = 4) -> str | None:
        """The place a phrase names: directly, or through a place noun (`the town of al-Qaim`,
        `most of the city of X`, `neighbourhoods ... in the capital of X`)."""
        key = self.entity_of_token(token, want="place", via_modifiers=False)
        if key:
            return key
        if depth == 0:
            return None
        geo = self.lex.words("places", "geo_nouns")
        if token.lower_ not in geo and token.lemma_.lower() not in geo:
            return None
        antecedent = self._definite_settlement(token)
        if antecedent:
            return antecedent
        # `the Borno state town of Dikwa`: the name after `of` or beside the noun before a
        # modifier; `four towns including Michika` names them; `a city in northeastern Nigeria`
        # says where an unnamed city is, not which
        naming_preps = {"of", "including"} if is_unnamed_settlement(token) else {"of", "including", "in", "inside"}
        admin_words = frozenset(self.lex.node("places", "admin_types"))
        for child in sorted(token.children, key=lambda c: _naming_order(c, admin_words)):
            found = None
            if child.dep_ == "prep" and child.lower_ in naming_preps:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    found = found or self.find_place(pobj, depth - 1)
            elif child.dep_ in {"appos", "compound"}:
                found = self.find_place(child, depth - 1)
            elif child.dep_ == "relcl":
                for prep in (g for g in child.children if g.dep_ == "prep" and g.lower_ == "in"):
                    for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                        found = found or self.find_place(pobj, depth - 1)
            if found:
                return found
        return None

    def _definite_settlement(self, token: Token) -> str | None:
        """`the town` (or `the oil city`) with nothing else to say which: the town (city,
        village) last named within the previous two sentences."""
        if token.lower_ not in SETTLEMENT_NOUNS or any(
            (c.dep_ == "prep" and c.lower_ == "of")
            or c.dep_ in {"appos", "nummod", "poss"}
            or (c.dep_ in {"amod", "compound"} and not c.is_lower)
            for c in token.children
        ):
            return None  # `the town of X`, `the Syrian town`; but `the oil city`, `the town on the river` refer back
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        floor = sentence_starts(token.doc)[max(0, sentence_number(token) - 2)]
        settlements = []
        for m in reversed([m for m in self.mentions if floor <= m.start < token.i and m.key]):
            entry = self.gaz.entries.get(m.key.split("/", 1)[1])
            kind = entry.type if entry is not None else self.type_of(m.key)
            if kind in {"City", "Town", "Village", "Settlement"}:
                settlements.append(m)
        # `captured the city of Sirte from the government in Tripoli ... the city fell`: Sirte
        same_noun = [m for m in settlements if self._named_with_noun(m, token.lemma_.lower())]
        chosen = same_noun or settlements
        return chosen[0].key if chosen else None

    def _named_with_noun(self, m: Mention, noun: str) -> bool:
        """The place was introduced with this noun: `the city of X`, `X, a city`."""
        root = self.doc[m.end - 1]
        if root.head.lower_ == "of" and root.head.head.lemma_.lower() == noun:
            return True
        return any(c.dep_ == "appos" and c.lemma_.lower() == noun for c in root.children)

    def place_referred_to(self, pronoun: Token) -> str | None:
        """`it` where only a place can stand (`hours after it fell to Taliban militants`): the
        place last named before it, in its sentence or the one before, a country aside."""
        floor = sentence_starts(pronoun.doc)[max(0, sentence_number(pronoun) - 1)]
        for m in reversed([m for m in self.mentions if floor <= m.start < pronoun.i and m.key]):
            local = self.is_place(m.key) and self.type_of(m.key) != "Country" and m.label != "NORP"
            if local and not self._container_of_previous(m):
                return m.key
        return None

    def _container_of_previous(self, m: Mention) -> bool:
        """`Ghazni` in `the Khogyani district of Ghazni province`, `Borno` in `Dikwa in Borno
        state`: it says where the place just before it is."""
        if m.start < 2 or self.doc[m.start - 1].lower_ not in {"of", "in", ","}:
            return False
        before = self.mention_at(self.doc[m.start - 2])
        return before is not None and self.is_place(before.key)

    def places_in(self, tokens: list[Token]) -> list[str]:
        """The places the phrases name, each conjunct too (`Awdhegle and Mubarak`, `the villages
        of Garisiyani, Booco and Nur-Fanah`)."""
        out = []
        for token in tokens:
            for t in [token, *token.conjuncts, *self._listed_after(token)]:
                key = self.find_place(t)
                if key and key not in out:
                    out.append(key)
        return out

    def _listed_after(self, token: Token) -> list[Token]:
        """The other names a place noun's `of` or `including` lists (`villages of X, Y and Z`)."""
        geo = self.lex.words("places", "geo_nouns")
        if token.lower_ not in geo and token.lemma_.lower() not in geo:
            return []
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"of", "including"}]
        return [conj for prep in preps for pobj in prep.children if pobj.dep_ == "pobj" for conj in pobj.conjuncts]

    # ---- evidence -------------------------------------------------------------------------------------------
    def evidence(self, token: Token, cue: str = "") -> Evidence:
        sentence, start, end = _sentence_text(token)
        return Evidence(sentence=sentence, start=start, end=end, cue=cue or token.text)

    def date_of(self, verb: Token) -> tuple[str | None, bool]:
        """The date phrase of an event's clause: `on Saturday`, `last week`, `in July, when ...`;
        else of the clause it hangs from (`attacked Djibo on Sunday, killing 12`); else the
        nearest earlier date of its paragraph that dates a clause (`Gunmen attacked X on 3 May.
        They killed two farmers.`).

        A date belongs to the clause its head path reaches first, so `troops on Wednesday
        encircled` dates the encirclement even where the parser hangs `on` on the subject.
        A date another thing owns is not the clause's: one that reaches the verb through a noun
        (`the 2 May 2014 fire`, `the 2016 offensive`; time nouns such as `the morning of 3 May`
        excepted) or after a word that bounds a span (`since 2014`).

        The second value says whether the phrase came from an earlier sentence (kg.extract.dates
        then takes it only when it names a day or a week: `in 2014` two sentences back is background).
        """
        token = verb
        for _ in range(4):
            found = self._clause_date(token)
            if found is not None:
                return found, False
            if token.dep_ not in {"advcl", "conj", "xcomp"} or token.head.pos_ not in {"VERB", "AUX"}:
                break
            token = token.head
        earlier = self._earlier_in_paragraph(verb)
        return earlier, earlier is not None

    def _clause_date(self, verb: Token) -> str | None:
        sent = sentence_of(verb)
        dates = [e for e in date_spans(verb.doc) if sent.start <= e.start < sent.end]
        if verb.dep_ in {"relcl", "advcl"} and verb.head.ent_type_ == "DATE":
            ent = next((e for e in dates if e.start <= verb.head.i < e.end), None)
            if ent is not None:
                return ent.text
        for ent in dates:
            if self._dates_the_verb(ent, verb):
                return ent.text
        same_day = self.lex.words("dates", "same_day")
        return next((c.text for c in verb.children if c.dep_ in {"advmod", "npadvmod"} and c.lower_ in same_day), None)

    def _earlier_in_paragraph(self, verb: Token) -> str | None:
        """The last date before the verb's sentence, in its paragraph, that dates its own clause."""
        doc, start = verb.doc, sentence_of(verb).start
        for ent in reversed([e for e in date_spans(doc) if e.end <= start]):
            if any("\n" in t.text or "\n" in t.whitespace_ for t in doc[ent.end - 1 : start]):
                return None  # a line break between: another paragraph (wire copy sets one a line)
            clause = ent.root
            while clause.head.i != clause.i and not (clause.pos_ in {"VERB", "AUX"} and clause.dep_ in CLAUSE_DEPS):
                clause = clause.head
            if clause.pos_ in {"VERB", "AUX"} and self._dates_the_verb(ent, clause):
                return ent.text
        return None

    def _dates_the_verb(self, ent: Span, verb: Token) -> bool:
        background = self.lex.words("dates", "background_preps")
        before = verb.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in background:
            return False
        if before == "on" and verb.dep_ == "ROOT" and _NUMERIC_DATE.fullmatch(ent.text):
            return True  # `On 03/05/2020 gunmen killed`: the model parses the number as the subject's
        token, came_by = ent.root, ""
        for _ in range(8):
            if token.i == verb.i:
                return True
            outside = not ent.start <= token.i < ent.end
            if outside and token.lower_ in background:
                return False
            if outside and token.pos_ in {"NOUN", "PROPN"} and not self._date_may_pass(token, came_by):
                return False
            if (token.dep_ in CLAUSE_DEPS and token.pos_ in {"VERB", "AUX"}) or token.head.i == token.i:
                return False
            came_by, token = token.dep_, token.head
        return False

    def _date_may_pass(self, noun: Token, came_by: str) -> bool:
        """Whether a date reaching `noun` on its way to the verb still dates the verb's event:
        a time noun (`the morning of 3 May`), or a noun the date follows with a preposition (`an
        attack on Sunday`, `in Ghor province on Sunday night`, `troops on Wednesday encircled`).
        A date put before a noun names that other thing (`the 2016 offensive`, `the 2 May 2014
        fire`, `a Nov. 3, 2015 file photo`)."""
        return came_by == "prep" or noun.lemma_.lower() in self.lex.words("dates", "time_nouns")
