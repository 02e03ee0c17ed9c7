"""Events component: captures, sieges, offensives, air strikes, displacement and killings.

A cue verb from ontology/lexicon/cues.yaml (`captured`, `drove ... from`, `declared victory
in`, `encircled`, `displaced`) becomes an event when the clause is real (not negated, modal,
planned or conditional) and its slots can be filled from the parse: agent (subject, `by`
phrase, or the actor behind an `Iraqi offensive`), place (object or a place preposition,
through `the town of X`), target (an actor object, or `from X`), date and count.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from .component import Component
from .model import Event
from .syntax import PRONOUNS, DocView, words_of

DEFAULT_PLACE_PREPS = frozenset({"in", "at", "inside", "around", "near", "outside", "into"})
CAPTURE_PLACE_PREPS = frozenset({"in", "at", "inside", "into"})  # `villages around Hawija` did not take Hawija
OBJECT_DEPS = frozenset({"dobj", "npadvmod", "attr", "oprd"})
NEEDS_AGENT = frozenset({"Siege", "Offensive", "AirStrike"})  # a Capture may get its agent from its claimant
NEEDS_PLACE = frozenset({"Capture", "Displacement"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})


@Language.factory("newskg_events", default_config={"ontology_dir": None})
def make_event_extractor(nlp: Language, name: str, ontology_dir: str | None) -> EventExtractor:
    return EventExtractor(Path(ontology_dir) if ontology_dir else None)


VERB_POS = frozenset({"VERB", "AUX"})
VERB_FORMS = frozenset({"VBN", "VBG", "VBD"})  # verb forms whose POS says otherwise (`ADJ`)


class EventExtractor(Component):
    """Writes ``doc._.events``; agentless captures wait for the claims component to fill them."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        self.cues = self.lex.event_cues

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.gaz, self.lex)
        events = []
        for i in words_of(doc).where(pos=VERB_POS, tags=VERB_FORMS):
            token = doc[i]
            for event_type, spec in self.cues.get(self.lex.lemma(token), []):
                event = self._event(view, token, event_type, spec)
                if event is not None:
                    events.append(event)
                    break
            else:
                event = self._nominal_capture(view, token)
                if event is not None:
                    events.append(event)
        doc._.events = events
        return doc

    def _event(self, view: DocView, verb: Token, event_type: str, spec: dict) -> Event | None:
        if not self._fits(view, verb, spec) or view.is_irrealis(verb):
            return None
        passive = view.is_passive(verb)
        agents = self._agents(view, verb, spec, passive)
        objects = self._objects(view, verb, passive)
        place_preps = frozenset(spec.get("place_preps", [])) | (
            CAPTURE_PLACE_PREPS if event_type == "Capture" else DEFAULT_PLACE_PREPS
        )
        # nearest first: the object (`captured Rawa`), its place (`positions near Raqqa`), the
        # verb's place phrase (`encircled IS in Albu Kamal`), then one level deeper
        places = view.places_in(objects)
        takes_objects = event_type == "Capture" and not spec.get("place_preps")  # not `drove X from Y`
        if takes_objects and objects and not places and not any(self._takes_ground(view, o) for o in objects):
            return None  # `seized weapons in Mosul`, `captured fighters in Rawa`: Mosul and Rawa were not taken
        if not places:
            places = view.places_in([p for obj in objects for p in view.prep_objects(obj, place_preps)])
        prep_heads = view.prep_objects(verb, place_preps)
        if not places:
            places = view.places_in(prep_heads)
        if not places:  # `killed in air strikes on Idlib`
            nested = [o for h in prep_heads for o in view.prep_objects(h, {"on", "in", "near", "around"})]
            places += view.places_in(nested)
        if spec.get("intransitive"):
            places = view.places_in([s for s in verb.children if s.dep_ == "nsubj"]) or places
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
        # an outlet reports fighting and takes no part in it (a town read as a channel: `Al Mayādīn`)
        targets = [k for k in dict.fromkeys(targets) if view.type_of(k) != "MediaOutlet"]
        agents = [a for a in agents if a not in targets and view.type_of(a) != "MediaOutlet"]
        if event_type in NEEDS_PLACE and not places:
            return None
        if event_type in NEEDS_AGENT and not agents:
            return None
        if event_type in {"Offensive", "Siege"} and not (places or targets):
            return None
        count = self._count(verb, spec["count_from"]) if spec.get("count_from") else None
        if event_type == "Killing" and not (places or count):
            return None
        event = Event(
            type=event_type,
            evidence=view.evidence(verb),
            agents=agents,
            targets=targets,
            places=places,
            date_text=view.date_of(verb),
            trigger=verb.i,
        )
        event.count = count
        return event

    @staticmethod
    def _compound_actor(view: DocView, noun: Token) -> list[str]:
        """`Daesh terrorists`, `IS fighters`: the actor named by a compound before the noun."""
        for child in noun.children:
            if child.dep_ == "compound":
                m = view.mention_at(child)
                if m is not None and m.key and view.is_actor(m.key) and m.label != "NORP":
                    return [m.key]
        return []

    def _nominal_capture(self, view: DocView, verb: Token) -> Event | None:
        """`Iraqi forces completed the recapture of Tal Afar`, `the army announced the liberation
        of Rawa`: a capture noun as the object of a verb that reports it done."""
        nominal = self.lex.cues["events"]["nominal_capture"]
        if self.lex.lemma(verb) not in nominal["verbs"] or view.is_irrealis(verb):
            return None
        for obj in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in nominal["nouns"]):
            places = view.places_in(view.prep_objects(obj, {"of"}))
            agents = [
                a for s in view.subjects(verb) for k in view.np_entities(s) if (a := self._announcer_side(view, k))
            ]
            if places and agents:
                return Event(
                    type="Capture",
                    evidence=view.evidence(obj),
                    agents=agents,
                    places=places,
                    date_text=view.date_of(verb),
                    trigger=obj.i,
                )
        return None

    def _takes_ground(self, view: DocView, obj: Token) -> bool:
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

    def _fits(self, view: DocView, verb: Token, spec: dict) -> bool:
        """The cue's own conditions: required object (`declare victory`), particle (`cut off`),
        subject kind (`warplanes struck`), or a place preposition (`push ... from`)."""
        if "objects" in spec:
            objs = {c.lemma_.lower() for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}}
            if not objs & set(spec["objects"]):
                return False
        if "particle" in spec and not any(c.dep_ == "prt" and c.lower_ == spec["particle"] for c in verb.children):
            return False
        if "subjects" in spec:
            subj = {w for s in view.subjects(verb) for t in s.subtree for w in (t.lemma_.lower(), t.lower_)}
            if not subj & set(spec["subjects"]):
                return False
        return not (spec.get("needs_place_prep") and not view.prep_objects(verb, set(spec.get("place_preps", []))))

    def _agents(self, view: DocView, verb: Token, spec: dict, passive: bool) -> list[str]:
        # what `fell` is the place; who took it comes only as `fell to X`
        subjects = view.passive_agents(verb) if passive else view.subjects(verb)
        heads = [] if spec.get("intransitive") else subjects
        if spec.get("agent_preps"):
            heads = heads + view.prep_objects(verb, set(spec["agent_preps"]))
        out = []
        geo = self.lex.words("places", "geo_nouns")
        for head in heads:
            if head.lower_ in PRONOUNS:
                continue
            keys = view.np_entities(head, "actor", conjuncts=False) or self._possessive_forces(view, head)
            for conj in head.conjuncts:
                if conj.lemma_.lower() not in geo:
                    keys += [k for k in view.np_entities(conj, "actor", conjuncts=False) if k not in keys]
            out += [k for k in keys if (k not in out and not view.is_place(k)) or view.type_of(k) == "Country"]
        return [k for k in out if view.is_actor(k)]

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

    @staticmethod
    def _count(verb: Token, where: str) -> int | None:
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        deps = {"nsubj", "nsubjpass"} if where == "subject" or passive else {"dobj"}
        heads = [c for c in verb.children if c.dep_ in deps]
        for head in heads:
            for child in head.subtree:
                if child.like_num:
                    digits = re.sub(r"[^\d]", "", child.text)
                    if digits:
                        return int(digits)
        return None
