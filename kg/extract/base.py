"""What every newskg pipeline component shares: the curated data it reads."""

from __future__ import annotations

from pathlib import Path

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
