"""What every newskg pipeline component shares: the curated data it reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from spacy.language import Language

from kg.resources.facts import FactSpecs
from kg.resources.gazetteer import Gazetteer
from kg.resources.lexicon import Lexicon


class Component:
    """A spaCy pipeline component over the ontology folder's gazetteer, cue lexicons and fact
    specs (loaded once per process and shared, so components cost nothing extra to build)."""

    def __init__(self, ontology_dir: Path | str | None) -> None:
        folder = Path(ontology_dir) if ontology_dir else None
        self.gaz = Gazetteer.load(folder)
        self.lex = Lexicon.load(folder)
        self.specs = FactSpecs.load(folder)

    @property
    def ground_verbs(self) -> frozenset[tuple[str, str]]:
        """(lemma, dependency) of the cue verbs and the slot where they name ground taken (event
        types with the rule `objects_are_ground`): the object (`captured X`, `retook X`), or the
        subject of an intransitive cue (`X fell to the Taliban`), as the fact specs declare them."""
        slots = set()
        for spec in self.specs.events.values():
            if "objects_are_ground" in spec.rules:
                for key in spec.cues:
                    section, _, name = key.partition(".")
                    if section == "events":
                        cues = self.lex.node("events", name)
                        slots.update((cue.lemma, "nsubj" if cue.intransitive else "dobj") for cue in cues)
        return frozenset(slots)


C = TypeVar("C", bound=type[Component])


def component(name: str, requires: Sequence[str] = (), assigns: Sequence[str] = ()) -> Callable[[C], C]:
    """Register a Component class as the spaCy factory `name`, configured by `ontology_dir`, with
    the Doc extensions it reads (`requires`) and writes (`assigns`) for `nlp.analyze_pipes()`."""

    def register(cls: C) -> C:
        def make(nlp: Language, name: str, ontology_dir: str | None) -> Component:
            return cls(Path(ontology_dir) if ontology_dir else None)

        Language.factory(
            name, default_config={"ontology_dir": None}, requires=list(requires), assigns=list(assigns), func=make
        )
        return cls

    return register
