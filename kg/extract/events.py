"""Events component: one generic extractor driven by the event specs of ontology/facts/events.yaml.

A cue verb of a spec (`captured`, `drove ... from`, `declared victory in`, `encircled`,
`shelled`) becomes an event of its type when the clause is real (not negated, modal, planned or
conditional) and the slots the spec requires can be filled from the parse: agent (subject, `by`
phrase, or the actor behind an `Iraqi offensive`), place (object or a place preposition, through
`the town of X`), target (an actor object, or `from X`), date and count.  A required slot with a
`fallback` (a capture's agent from its claimant) is left for the component that fills it; the
build drops the event if it is still empty.  The few checks a spec names by `rules` live in the
`event_rules` registry below, looked up when the pipeline is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import catalogue
from spacy.tokens import Doc, Token

from kg.core.errors import ResourceError
from kg.core.records import Event
from kg.extract.base import Component, component
from kg.extract.dates import DateReader
from kg.extract.parse import PRONOUNS, DocView, is_unnamed_settlement, words_of
from kg.resources.schemas import Cue, EventSpec

OBJECT_DEPS = frozenset({"dobj", "npadvmod", "attr", "oprd"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})


VERB_POS = frozenset({"VERB", "AUX"})
VERB_FORMS = frozenset({"VBN", "VBG", "VBD"})  # verb forms whose POS says otherwise (`ADJ`)


EventRule = Callable[["EventExtractor", DocView, Token, Cue, list[Token], list[str]], bool]
event_rules = catalogue.create("newskg", "event_rules", entry_points=False)
"""Named checks an event spec can ask for (`rules: [objects_are_ground]`): each gets the
extractor, the view, the verb, its cue, its objects and the places found, and says whether the
event stands."""


@event_rules.register("objects_are_ground")
def objects_are_ground(
    extractor: EventExtractor, view: DocView, verb: Token, cue: Cue, objects: list[Token], places: list[str]
) -> bool:
    """What is taken must be ground: `seized weapons in Mosul` and `captured fighters in Rawa` did
    not take Mosul or Rawa.  Cues that name the place with a preposition (`drove X from Y`) or as
    their subject (`X fell to Y`, `hours after it fell`, where `hours` is no object) pass."""
    if cue.place_preps or cue.intransitive or not objects or places:
        return True
    return any(extractor.takes_ground(view, o) for o in objects)


@component("newskg_events", requires=["doc._.entities"], assigns=["doc._.events"])
class EventExtractor(Component):
    """Writes ``doc._.events``; agentless captures wait for the claims component to fill them."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        self.cues: dict[str, list[tuple[str, Cue]]] = {}  # lemma -> [(event type, cue)]
        self.nominal: list[tuple[str, frozenset[str], frozenset[str]]] = []  # (type, nouns, verbs)
        self.rules: dict[str, list[EventRule]] = {}
        for event_type, spec in self.specs.events.items():
            self._read_spec(event_type, spec)
        self.event_preps = self.lex.words("places", "event_preps")
        self.dates = DateReader(self.lex)
        """Reads the date phrases the events keep; the build resolves them once it knows the report's date."""

    def _read_spec(self, event_type: str, spec: EventSpec) -> None:
        for key in spec.cues:
            section, _, name = key.partition(".")
            if section == "events":
                for cue in self.lex.node("events", name):
                    self.cues.setdefault(cue.lemma, []).append((event_type, cue))
            elif section == "nominal":
                nominal = self.lex.node("nominal", name)
                self.nominal.append((event_type, frozenset(nominal.nouns), frozenset(nominal.verbs)))
        try:
            self.rules[event_type] = [event_rules.get(rule) for rule in spec.rules]
        except catalogue.RegistryError:
            known = ", ".join(event_rules.get_all())
            raise ResourceError(
                f"event type {event_type}: unknown rule in {spec.rules}; known rules: {known}"
            ) from None

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.gaz, self.lex)
        events = []
        for i in words_of(doc).where(pos=VERB_POS, tags=VERB_FORMS):
            token = doc[i]
            for event_type, cue in self.cues.get(self.lex.lemma(token), []):
                event = self._event(view, token, event_type, cue)
                if event is not None:
                    events.append(event)
                    break
            else:
                event = self._nominal_event(view, token)
                if event is not None:
                    events.append(event)
        events = self._tolls_folded(doc, events)
        self._type_armed_agents(view, events)
        doc._.events = events
        return doc

    def _tolls_folded(self, doc: Doc, events: list[Event]) -> list[Event]:
        """A killing's count is its fatalities; a killing clause hanging from another armed
        event (`attacked Djibo on Sunday, killing 12 soldiers`, `stormed the base and killed 12`)
        is that event's toll, as ACLED codes one event with its fatalities, not a second event."""
        by_trigger = {e.trigger: e for e in events}
        kept = []
        for event in events:
            if not self.specs.events[event.type].toll:
                kept.append(event)
                continue
            event.fatalities = event.count
            owner, token = None, doc[event.trigger]
            while owner is None and token.dep_ in {"advcl", "conj", "xcomp"} and token.head.i != token.i:
                token = token.head
                candidate = by_trigger.get(token.i)
                if candidate is not None and self.specs.events[candidate.type].armed:
                    owner = candidate
            if owner is None or event.count is None:
                kept.append(event)
            else:
                owner.fatalities = max(owner.fatalities or 0, event.count)
        return kept

    def _type_armed_agents(self, view: DocView, events: list[Event]) -> None:
        """An organisation the gazetteer does not know is typed by what it does: the agent of a
        capture, attack or killing (a spec marked `armed`) is an armed group; so is a name (the
        NER may take it for a person) followed by `fighters`, `rebels`... (`Boko Haram fighters`)."""
        armed = self.lex.armed_member_nouns
        acting = {k for e in events if self.specs.events[e.type].armed for k in e.agents}
        for m in view.mentions:
            info = view.entities.get(m.key or "")
            if info is None or info.gazetteer_id is not None or info.type not in {"Organization", "Person"}:
                continue
            followed = m.end < len(view.doc) and view.doc[m.end].lemma_.lower() in armed
            if followed or (info.type == "Organization" and m.key in acting):
                info.type = "ArmedGroup"

    def _event(self, view: DocView, verb: Token, event_type: str, cue: Cue) -> Event | None:
        if not self._fits(view, verb, cue) or view.is_irrealis(verb):
            return None
        spec = self.specs.events[event_type]
        passive = view.is_passive(verb)
        agents = self._agents(view, verb, cue, passive)
        objects = self._objects(view, verb, passive)
        place_slot = spec.slots.get("place")
        place_preps = frozenset(cue.place_preps) | (
            frozenset(place_slot.preps) if place_slot and place_slot.preps else self.event_preps
        )
        # nearest first: the object (`captured Rawa`), its place (`positions near Raqqa`), the
        # verb's place phrase (`encircled IS in Albu Kamal`), then one level deeper
        places = view.places_in(objects)
        if not all(rule(self, view, verb, cue, objects, places) for rule in self.rules[event_type]):
            return None
        if not places:
            named = [obj for obj in objects if not is_unnamed_settlement(obj)]  # not `a city in Nigeria`
            places = view.places_in([p for obj in named for p in view.prep_objects(obj, place_preps)])
        prep_heads = view.prep_objects(verb, place_preps)
        if not places:
            places = view.places_in(prep_heads)
        if not places:  # `killed in air strikes on Idlib`
            nested = [o for h in prep_heads for o in view.prep_objects(h, {"on", "in", "near", "around"})]
            places += view.places_in(nested)
        if cue.intransitive:  # `X fell to Y`; `it fell to Y`, X named just before
            subjects = [s for s in verb.children if s.dep_ == "nsubj"]
            referred = [view.place_referred_to(s) for s in subjects if s.lower_ == "it"]
            places = view.places_in(subjects) or [p for p in referred if p] or places
        targets = [
            k
            for obj in objects
            for k in view.np_entities(obj, "actor", via_modifiers=False) + self._compound_actor(view, obj)
            if not view.is_place(k)
        ]
        targets += [
            k
            for k in view.np_entities_from(view.prep_objects(verb, {"from"}))
            if k not in targets and not view.is_place(k)
        ]
        # `clashed with Afghan forces in Kunduz`: the other side (a state acting counts), and where
        other_side = view.prep_objects(verb, set(cue.target_preps)) if cue.target_preps else []
        targets += [k for k in view.np_entities_from(other_side) if k not in targets and view.is_actor(k)]
        if not places:
            places = view.places_in([p for head in other_side for p in view.prep_objects(head, place_preps)])
        # an outlet reports fighting and takes no part in it (a town read as a channel: `Al Mayādīn`);
        # the agent's allies (`forces, supported by militias,`) fight on its side, not against it
        own_side = self._agent_side(view, verb, passive)
        targets = [k for k in dict.fromkeys(targets) if view.type_of(k) != "MediaOutlet" and k not in own_side]
        agents = [a for a in agents if a not in targets and view.type_of(a) != "MediaOutlet"]
        event = Event(
            type=event_type,
            evidence=view.evidence(verb),
            agents=agents,
            targets=targets,
            places=places,
            **_dated(view, verb),
            trigger=verb.i,
            count=self._count(verb, cue.count_from) if cue.count_from else None,
        )
        return event if self._complete_for_now(event, spec) else None

    @staticmethod
    def _complete_for_now(event: Event, spec: EventSpec) -> bool:
        """The spec's required slots filled, except those another component may still fill
        (a `fallback`), and one of its `require_one_of` slots."""
        filled = {"agent": event.agents, "target": event.targets, "place": event.places, "count": event.count}
        if any(slot.required and not slot.fallback and not filled[name] for name, slot in spec.slots.items()):
            return False
        return not spec.require_one_of or any(filled[name] for name in spec.require_one_of)

    @staticmethod
    def _compound_actor(view: DocView, noun: Token) -> list[str]:
        """`Daesh terrorists`, `IS fighters`: the actor named by a compound before the noun."""
        for child in noun.children:
            if child.dep_ == "compound":
                m = view.mention_at(child)
                if m is not None and m.key and view.is_actor(m.key) and m.label != "NORP":
                    return [m.key]
        return []

    def _nominal_event(self, view: DocView, verb: Token) -> Event | None:
        """`Iraqi forces completed the recapture of Tal Afar`, `the army announced the liberation
        of Rawa`: an event noun as the object of a verb that reports it done."""
        lemma = self.lex.lemma(verb)
        for event_type, nouns, verbs in self.nominal:
            if lemma not in verbs or view.is_irrealis(verb):
                continue
            for obj in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns):
                places = view.places_in(view.prep_objects(obj, {"of"}))
                agents = [
                    a for s in view.subjects(verb) for k in view.np_entities(s) if (a := self._announcer_side(view, k))
                ]
                if places and agents:
                    return Event(
                        type=event_type,
                        evidence=view.evidence(obj),
                        agents=agents,
                        places=places,
                        trigger=obj.i,
                        **_dated(view, verb),
                    )
        return None

    def takes_ground(self, view: DocView, obj: Token) -> bool:
        """An object that is ground: a place, a place noun, or `control`."""
        geo = self.lex.words("places", "geo_nouns")
        return obj.lower_ in geo or obj.lemma_.lower() in geo or bool(view.find_place(obj))

    def _announcer_side(self, view: DocView, key: str) -> str | None:
        """Who took a place that someone announces taken: a leader's government; a force itself;
        nobody for other people (a spokesman announces, he does not capture)."""
        if view.is_place(key) and view.type_of(key) != "Country":
            return None
        if view.type_of(key) != "Person":
            return key
        entry = self.gaz.entries.get(key.split("/", 1)[1])
        if entry is None or entry.role not in {"head_of_state", "head_of_government"}:
            return None
        country = self.gaz.country_of(entry.id)
        return view.government_of(self.gaz.entries[country].iri_path) if country else None

    def _fits(self, view: DocView, verb: Token, cue: Cue) -> bool:
        """The cue's own conditions: required object (`declare victory`), particle (`cut off`),
        subject kind (`warplanes struck`), or a place preposition (`push ... from`)."""
        if cue.objects:
            objs = {c.lemma_.lower() for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}}
            if not objs & set(cue.objects):
                return False
        if cue.particle and not any(c.dep_ == "prt" and c.lower_ == cue.particle for c in verb.children):
            return False
        if cue.subjects:
            subj = {w for s in view.subjects(verb) for t in s.subtree for w in (t.lemma_.lower(), t.lower_)}
            if not subj & set(cue.subjects):
                return False
        return not (cue.needs_place_prep and not view.prep_objects(verb, set(cue.place_preps)))

    def _agents(self, view: DocView, verb: Token, cue: Cue, passive: bool) -> list[str]:
        # what `fell` is the place; who took it comes only as `fell to X`
        subjects = view.passive_agents(verb) if passive else view.subjects(verb)
        heads = [] if cue.intransitive else subjects
        if cue.agent_preps:
            heads = heads + view.prep_objects(verb, set(cue.agent_preps))
        out = []
        geo = self.lex.words("places", "geo_nouns")
        named = [h for h in heads if view.entity_of_token(h, "actor", via_modifiers=False)]
        if named:  # `Somali militant group al-Shabab`: the named group, not the group noun's demonym
            groups = self.lex.descriptors.organisation_words
            heads = [h for h in heads if h in named or h.lemma_.lower() not in groups]
        for head in heads:
            if head.lower_ in PRONOUNS:  # `it took Dessie` after `the TPLF came`, `X said it seized`
                key = view.entity_of_token(head, "actor")
                if key and key not in out:
                    out.append(key)
                continue
            keys = view.np_entities(head, "actor", conjuncts=False) or self._possessive_forces(view, head)
            for conj in head.conjuncts:
                if conj.lemma_.lower() not in geo:
                    keys += [k for k in view.np_entities(conj, "actor", conjuncts=False) if k not in keys]
            out += [k for k in keys if (k not in out and not view.is_place(k)) or view.type_of(k) == "Country"]
        return [k for k in out if view.is_actor(k)]

    def _agent_side(self, view: DocView, verb: Token, passive: bool) -> set[str]:
        """Everyone named in the agent's own phrase (`government forces, supported by Iranian-backed
        militias,`, `troops backed by X`) or fighting beside it (`fighting alongside X`)."""
        heads = view.passive_agents(verb) if passive else view.subjects(verb)
        fight = self.lex.words("alliance", "fight_verbs")
        beside = self.lex.words("alliance", "preps_after_fight")
        heads += [
            c
            for c in verb.children
            if c.dep_ == "advcl" and c.lemma_.lower() in fight and any(p.lower_ in beside for p in c.children)
        ]
        side = set()
        for head in heads:
            for token in head.subtree:
                mention = view.mention_at(token)
                if mention is not None and mention.key:
                    side.add(mention.key)
        return side

    def _possessive_forces(self, view: DocView, head: Token) -> list[str]:
        """`his forces` after `Abadi congratulated`: the forces of the clause's subject; where the
        forces are that subject (`the ministry said its jets struck`), of the reporting clause's."""
        if head.lower_ not in self.lex.force_heads:
            return []
        if not any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in head.children):
            return []
        clause = head.head
        for _ in range(3):
            if clause.pos_ not in {"VERB", "AUX"} or head not in view.subjects(clause):
                break
            clause = clause.head
        for subject in view.subjects(clause) if clause.pos_ in {"VERB", "AUX"} else []:
            for key in view.np_entities(subject, "actor"):
                country = (
                    view.gaz.country_of(key.split("/", 1)[1]) if key.split("/", 1)[1] in view.gaz.entries else None
                )
                if view.type_of(key) == "Person" and country:
                    return [view.government_of(view.gaz.entries[country].iri_path)]
                return [key]
        return []

    def _objects(self, view: DocView, verb: Token, passive: bool) -> list[Token]:
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        if passive:
            objects += [c for c in verb.children if c.dep_ == "nsubjpass"]
            if verb.dep_ in {"acl"} and not objects:
                objects.append(verb.head)
        for obj in list(objects):
            if obj.lemma_.lower() in {"control", "victory", "hold", "grip"}:
                objects += view.prep_objects(obj, {"of", "over", "in", "at"})
        return objects

    def _count(self, verb: Token, where: str) -> int | None:
        """The number in the subject or object phrase (`killed 35 civilians`, `killed two farmers`)."""
        words = self.lex.node("numbers")
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        deps = {"nsubj", "nsubjpass"} if where == "subject" or passive else {"dobj"}
        heads = [c for c in verb.children if c.dep_ in deps]
        for head in heads:
            for child in head.subtree:
                if child.lower_ in words:
                    return words[child.lower_]
                if child.like_num:
                    digits = re.sub(r"[^\d]", "", child.text)
                    if digits:
                        return int(digits)
        return None


def _dated(view: DocView, verb: Token) -> dict[str, object]:
    """An event's date fields: the phrase DocView.date_of chose and whether an earlier sentence gave it."""
    date_text, inherited = view.date_of(verb)
    return {"date_text": date_text, "date_inherited": inherited}
