"""Claims component: who said what, asserting or denying it, carried by which outlet.

Cues: a verb of saying or denying with its subject (`X said`, `X told Reuters`, `X has
denied that ...`, inverted `..., said X`), and `according to X`.  The claimant is resolved
like any mention, with three additions: a statement stands for its author (`an Iraqi
military statement`), an unnamed source with a side becomes an anonymous-source node
(`a Syrian military source`), and `it`/`he`/`the source` refer back to the last claimant.
Events whose verb lies inside the claimed content are linked (kg:asserts / kg:denies) and
marked attributed: what a source claims stays a claim.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from kg.core.records import Claim, EntityInfo, Event
from kg.extract.base import Component, component
from kg.extract.parse import PRONOUNS, DocView, sentence_number, sentence_of, sentence_starts, words_of
from kg.resources.names import slug

DEFINITE = frozenset({"the", "this", "that"})
ATTRIBUTIVE_DEPS = frozenset({"acl", "amod", "compound"})  # `declared by IS`: a participle, not a claim
SELF_REPORTING_TYPES = frozenset({"Government", "StateForce", "Militia", "ArmedGroup", "Coalition", "Country"})


MAX_SOURCE_WORDS = 8


def _source_label(head: Token) -> str:
    """The words naming an unnamed source, as written: `Syrian military source`, `source from the
    militias allied to Damascus`; clauses hanging off a long description are dropped
    (`commander in the military alliance [fighting in support of ...]`)."""
    tokens = [t for t in head.subtree if not (t.dep_ == "det" and t.i < head.i)]
    if len([t for t in tokens if not t.is_punct]) > MAX_SOURCE_WORDS:
        cut = {d.i for t in head.subtree if t.dep_ in {"acl", "relcl", "appos"} for d in t.subtree}
        tokens = [t for t in tokens if t.i not in cut]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    start, end = tokens[0].i, tokens[-1].i + 1
    return head.doc[start:end].text if end - start == len(tokens) else " ".join(t.text for t in tokens)


PERSONAL_PRONOUNS = frozenset({"he", "she"})


def claim_text(text: str) -> str:
    """The claimed words without the sentence's edges (spaces, commas, full stops), without
    quote marks that enclose all of them, and without marks left unpaired by the cut; a quoted
    phrase inside keeps both (`needed to "protect the unity of the country"`)."""
    previous = None
    while text != previous:
        previous, text = text, text.strip(" \n\r\t,.;:")
        if len(text) >= 2 and text[-1] == _CLOSING.get(text[0]) and _marks(text, text[0]) == 2:
            text = text[1:-1]
        elif text and text[0] in _CLOSING and _unpaired(text, text[0]):
            text = text[1:]
        elif text and text[-1] in _CLOSING.values() and _unpaired(text, text[-1]):
            text = text[:-1]
    return text


_CLOSING = {'"': '"', "'": "'", "“": "”"}  # not ‘’: more often apostrophes (`Sāmarrā’`)


def _marks(text: str, opening: str) -> int:
    closing = _CLOSING[opening]
    return text.count(opening) + (text.count(closing) if closing != opening else 0)


def _unpaired(text: str, mark: str) -> bool:
    if mark in ("“", "”"):
        return text.count("“") != text.count("”")
    return text.count(mark) % 2 == 1


@component("newskg_claims", requires=["doc._.entities", "doc._.events"], assigns=["doc._.claims"])
class ClaimExtractor(Component):
    """Writes ``doc._.claims`` and links events to the claims that carry them."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        self.say = self.lex.words("claims", "verbs")
        self.deny = self.lex.words("claims", "denial_verbs")
        self.speech_verbs = self.say | self.deny
        self.cue_lemmas = self.speech_verbs | {"quote"}
        self.document_nouns = self.lex.words("claims", "document_nouns")
        self.according = self.lex.words("claims", "according_to")
        self.institutions = self.lex.words("claims", "institutions")
        self.institutional_words = self.lex.words("claims", "institutional_words")
        self.referring_nouns = self.lex.words("claims", "referring_nouns")
        self.official_voices = self.lex.words("claims", "official_voices")
        self.falsity_words = self.lex.words("claims", "falsity_words")

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.gaz, self.lex)
        claims: list[Claim] = []
        state = {"claimant": None, "source": None}
        for i in words_of(doc).where(lowers=self.according, lemmas=self.cue_lemmas):
            token = doc[i]
            claim = None
            if token.lower_ in self.according:
                claim = self._according_to(view, token, state)
            elif token.lemma_.lower() == "quote" and _as_saying(token) is not None:
                claim = self._quoted(view, token, state)
            elif token.lemma_.lower() in self.speech_verbs and token.pos_ in {"VERB", "AUX"}:
                said = self._said(view, token, state)
                claims += said[1:]  # `Rwanda and Uganda denied ...`: each of them
                claim = said[0] if said else None
            if claim is not None:
                claims.append(claim)
                state["claimant"] = claim.claimant
        self._link_events(view, claims, doc._.events or [])
        doc._.claims = claims
        return doc

    # ---- cues -----------------------------------------------------------------------------------
    def _said(self, view: DocView, verb: Token, state: dict) -> list[Claim]:
        """The claims of a verb of saying: one per speaker (`Rwanda and Uganda denied ...`)."""
        if verb.dep_ in ATTRIBUTIVE_DEPS or any(c.dep_ == "neg" for c in verb.children):
            return []
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ == "conj":  # `the ministry condemned the strike and said ...`
            subjects = view.subjects(verb)
        if not subjects:
            return []
        claimants = [self._claimant(view, s, state) for s in [subjects[0], *subjects[0].conjuncts]]
        claimants = list(dict.fromkeys(c for c in claimants if c))
        if not claimants:
            return []
        content = self._content(verb, subjects[0])
        outlet = None
        if verb.lemma_.lower() in self.lex.words("claims", "outlets_verbs"):
            for obj in (c for c in verb.children if c.dep_ in {"dobj", "dative"}):
                key = view.entity_of_token(obj)
                if key and view.type_of(key) == "MediaOutlet":
                    outlet = key
        denies = verb.lemma_.lower() in self.deny or self._called_false(content)
        stance = "Denial" if denies else "Assertion"
        made = [self._claim(view, verb, claimant, stance, content, outlet) for claimant in claimants]
        return [claim for claim in made if claim is not None]

    def _called_false(self, content: Span) -> bool:
        """`told VOA that these claims were false`: saying that a report is false denies it."""
        root = content.root
        subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        said_of = [c for c in root.children if c.dep_ in {"acomp", "attr"}]
        return any(s.lemma_.lower() in self.referring_nouns for s in subjects) and any(
            a.lower_ in self.falsity_words or a.lemma_.lower() in self.falsity_words for a in said_of
        )

    def _quoted(self, view: DocView, verb: Token, state: dict) -> Claim | None:
        """`SANA quoted a military source as saying ...` and `X was quoted by al-Manar as
        saying ...`: the one quoted claims what follows `saying`; the quoting outlet carries it."""
        saying = _as_saying(verb)
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        quoted = next((c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
        if saying is None or quoted is None:
            return None
        claimant = self._claimant(view, quoted, state)
        if claimant is None:
            return None
        if passive:
            by = next((c for c in verb.children if c.dep_ == "agent"), None)
            carriers = [g for g in by.children if g.dep_ == "pobj"] if by is not None else []
        else:
            carriers = [c for c in verb.children if c.dep_ == "nsubj"]
        outlet = next((k for c in carriers if (k := view.entity_of_token(c)) and view.is_actor(k)), None)
        return self._claim(view, verb, claimant, "Assertion", self._content(saying, quoted), outlet)

    def _according_to(self, view: DocView, token: Token, state: dict) -> Claim | None:
        to = next((c for c in token.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            return None
        claimant = self._claimant(view, pobj, state)
        if claimant is None:
            return None
        sent = sentence_of(token)
        phrase = list(token.subtree)
        start, end = sent.start, sent.end
        if phrase[0].i - sent.start > sent.end - phrase[-1].i:
            end = phrase[0].i
        else:
            start = phrase[-1].i + 1
        return self._claim(view, token, claimant, "Assertion", token.doc[start:end], None)

    def _claim(
        self, view: DocView, cue: Token, claimant: str, stance: str, content: Span, outlet: str | None
    ) -> Claim | None:
        if len(content) > 1 and content[0].dep_ == "mark" and content[0].head.i >= content.start:
            content = content[1:]  # `denied that the army took X`: the claim is what follows `that`
        text = claim_text(content.text)
        if not text:
            return None
        return Claim(
            claimant=claimant,
            stance=stance,
            text=text,
            evidence=view.evidence(cue),
            outlet=outlet,
            content_span=(content.start, content.end),
        )

    # ---- who and what ----------------------------------------------------------------------------
    def _claimant(self, view: DocView, head: Token, state: dict) -> str | None:
        low = head.lower_
        if low in PERSONAL_PRONOUNS:
            return self._person_before(view, head) or state["claimant"]
        if low in PRONOUNS:
            return state["claimant"]
        key = view.entity_of_token(head, via_modifiers=False)
        if key and view.is_actor(key):
            return key
        if low in self.document_nouns or head.lemma_.lower() in self.document_nouns:
            found = view.np_entities(head)
            if found:
                return found[0]
            return state["claimant"] if self._definite(head) else None
        if low in self.lex.source_heads or head.lemma_.lower() in self.lex.source_heads:
            return self._anonymous_source(view, head, state)
        found = view.np_entities(head)
        return found[0] if found else None

    def _anonymous_source(self, view: DocView, head: Token, state: dict) -> str | None:
        """`a Syrian military source`: a node for the unnamed source, affiliated to its side."""
        named = self._named_voice(view, head)
        if named is not None:
            return named
        subtree = [t for t in head.subtree if t.dep_ not in {"punct"}]
        side = view.spoken_for(head) or next(
            (key for t in subtree if t.i != head.i for key in [view.entity_of_token(t, via_modifiers=False)] if key),
            None,
        )  # `officials with X` are X's; else names, demonyms (`Syrian`), capitals (`pro-Damascus`)
        official = head.lower_ in self.official_voices
        if official and side is not None and view.type_of(side) != "Person":
            # `a U.N. spokesman`, `a spokesman for Haftar's Libyan National Army`, `Afghan officials`
            return view.government_of(side) if view.type_of(side) == "Country" else side
        if side is not None and head.lemma_.lower() in self.institutions:
            # `Russia's defence ministry said`: the institution speaks for its state's government
            return view.government_of(side) if view.type_of(side) == "Country" else side
        if self._definite(head) and state["source"]:
            return state["source"]  # `the military source said`: the source already met
        from_context = False
        if side is None and any(t.lower_ in self.institutional_words for t in subtree if t.i < head.i):
            side = self._context_government(view, head)  # `a military spokesman` in a story about Iraq
            from_context = True
            if official and side is not None:
                return side  # `government officials said`: the government of the story's country
        if side is None:
            return None
        label = _source_label(head)
        if from_context:  # the side is not in the words: keep two countries' spokesmen apart
            side_label = view.entities[side].label if side in view.entities else side.rsplit("/", 1)[-1]
            label = f"{label} ({side_label})"
        key = f"actor/source/{slug(label)}"
        info = view.entities.get(key) or EntityInfo(
            key=key, label=label, type="AnonymousSource", kind="Actor", affiliation=side
        )
        info.names.add(label)
        view.entities[key] = info
        state["source"] = key
        return key

    @staticmethod
    def _person_before(view: DocView, pronoun: Token) -> str | None:
        """`Abadi hailed the victory. "We won," he said`: `he` is the person last named, in
        this sentence or the one before (the last claimant may be someone else)."""
        starts = sentence_starts(pronoun.doc)
        floor = starts[max(0, sentence_number(pronoun) - 1)]
        for m in reversed(view.mentions):
            if floor <= m.start < pronoun.i and m.key and view.type_of(m.key) == "Person":
                return m.key
        return None

    def _context_government(self, view: DocView, token: Token) -> str | None:
        index = sentence_number(token)
        countries = token.doc._.sent_country or []
        country = countries[index] if index < len(countries) else None
        if country not in self.gaz.entries:
            return None
        return view.government_of(self.gaz.entries[country].iri_path)

    @staticmethod
    def _definite(head: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)

    @staticmethod
    def _content(verb: Token, subject: Token) -> Span:
        """The claimed content: the clausal complement, else the object, else (a bare
        `Colonel X said.`) the sentence before."""
        doc = verb.doc
        if verb.dep_ == "relcl":  # `..., a charge the group rejected`: what the sentence reports
            sent = sentence_of(verb)
            return doc[sent.start : sent.end]
        for dep in ("ccomp", "xcomp", "dobj"):
            comp = next((c for c in verb.children if c.dep_ == dep and c.i != subject.i), None)
            if comp is not None:
                tokens = [t for t in comp.subtree if not t.is_space]
                if dep == "dobj":  # `accused Baghdad of a declaration of war`: the charge goes with it
                    charge = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "of" and c.i > comp.i]
                    tokens += [t for c in charge[:1] for t in c.subtree if not t.is_space]
                return doc[tokens[0].i : tokens[-1].i + 1]
        sent = sentence_of(verb)
        others = [
            t for t in sent if t.i not in {verb.i} and t.i not in {s.i for s in subject.subtree} and not t.is_punct
        ]
        if others or sent.start == 0:
            return doc[sent.start : sent.end]
        previous = sentence_of(doc[sent.start - 1])
        return doc[previous.start : previous.end]

    # ---- claims carry events ------------------------------------------------------------------
    def _link_events(self, view: DocView, claims: list[Claim], events: list[Event]) -> None:
        self._link_events_in_content(view, claims, events)
        for previous, claim in pairwise(claims):
            if claim.stance == "Denial" and previous.asserts and claim.claimant != previous.claimant:
                start, end = claim.content_span
                heads = {t.lemma_.lower() for t in view.doc[start:end]}
                if heads & self.referring_nouns:  # `IS rejected the claim`: denies what was just claimed
                    claim.asserts.extend(previous.asserts)

    def _link_events_in_content(self, view: DocView, claims: list[Claim], events: list[Event]) -> None:
        for event in events:
            for claim in claims:
                start, end = claim.content_span
                if start <= event.trigger < end:
                    claim.asserts.append(event.ident)
                    event.attributed = True
                    agent_from_claimant = "agent" in self.specs.fallback_slots(event.type, "claimant")
                    if agent_from_claimant and not event.agents and claim.stance != "Denial":
                        # who announces a capture reports its own; who denies one did not make it
                        event.agents = self._claimant_side(view, claim.claimant)
                    break

    @staticmethod
    def _named_voice(view: DocView, head: Token) -> str | None:
        """`A MUJAO spokesman, Omar Hamaha, said`: the person the apposition names speaks."""
        for appos in (c for c in head.children if c.dep_ == "appos"):
            key = view.entity_of_token(appos, via_modifiers=False)
            if key and view.type_of(key) == "Person":
                return key
        return None

    def _claimant_side(self, view: DocView, claimant: str) -> list[str]:
        """A government or armed group announcing a capture with no agent named reports its own."""
        info = view.entities.get(claimant)
        if info is None:
            return []
        if info.type == "AnonymousSource" and info.affiliation:
            return self._claimant_side(view, info.affiliation)
        entry = self.gaz.entries.get(info.gazetteer_id or "")
        if info.type == "Person" and entry is not None and entry.role in {"head_of_state", "head_of_government"}:
            country = self.gaz.country_of(entry.id)  # `our forces liberated Rawa, Abadi said`
            return [view.government_of(self.gaz.entries[country].iri_path)] if country else []
        if info.type in SELF_REPORTING_TYPES:
            if entry is not None and entry.type == "StateForce" and entry.part_of in self.gaz.entries:
                return [view.ensure_entity(entry.part_of)]
            return [claimant]
        return []


def _as_saying(verb: Token) -> Token | None:
    """The `saying` of `quoted X as saying ...`."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
        for comp in prep.children:
            if comp.dep_ in {"pcomp", "pobj"} and comp.lemma_.lower() == "say":
                return comp
    return None
