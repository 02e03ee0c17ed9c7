"""What every newskg pipeline component shares: the curated data it reads."""

from __future__ import annotations

from pathlib import Path

from .gazetteer import Gazetteer
from .lexicon import Lexicon


class Component:
    """A spaCy pipeline component over the ontology folder's gazetteer and cue lexicons
    (loaded once per process and shared, so components cost nothing extra to build)."""

    def __init__(self, ontology_dir: Path | str | None) -> None:
        folder = Path(ontology_dir) if ontology_dir else None
        self.gaz = Gazetteer.load(folder)
        self.lex = Lexicon.load(folder)
