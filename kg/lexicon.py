"""Cue lexicons of ontology/lexicon/ loaded once per process, as frozen sets for fast tests."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .gazetteer import default_ontology_dir, read_yaml


@dataclass(frozen=True)
class Lexicon:
    """The cue words the extraction components test tokens against."""

    cues: dict
    descriptors: dict
    _word_sets: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    @functools.lru_cache(maxsize=4)
    def load(cls, ontology_dir: Path | None = None) -> Lexicon:
        folder = Path(ontology_dir or default_ontology_dir()) / "lexicon"
        cues = read_yaml(folder / "cues.yaml")
        descriptors = read_yaml(folder / "descriptors.yaml")
        return cls(cues=cues, descriptors=descriptors)

    def words(self, *path: str) -> frozenset[str]:
        """A word list anywhere in cues.yaml, e.g. ``words("backing", "verbs")``; built once,
        since components ask for the same lists for every token they test."""
        cached = self._word_sets.get(path)
        if cached is None:
            node = self.cues
            for part in path:
                node = node[part]
            cached = self._word_sets[path] = frozenset(w.lower() for w in node)
        return cached

    @functools.cached_property
    def split_words(self) -> tuple[str, ...]:
        return tuple(self.cues.get("split_words", []))

    @functools.cached_property
    def boilerplate(self) -> tuple[str, ...]:
        return tuple(self.cues.get("boilerplate_lines", []))

    @functools.cached_property
    def force_heads(self) -> frozenset[str]:
        return frozenset(self.descriptors["force_heads"])

    @functools.cached_property
    def source_heads(self) -> frozenset[str]:
        return frozenset(self.descriptors["source_heads"])

    @functools.cached_property
    def fragments(self) -> frozenset[str]:
        return frozenset(self.descriptors["fragments"])

    @functools.cached_property
    def role_phrases(self) -> list[tuple[str, str]]:
        """(role, phrase) pairs for the case-insensitive matcher."""
        return [(role, p) for role, spec in self.descriptors["roles"].items() for p in spec["phrases"]]

    def role_spec(self, role: str) -> dict:
        return self.descriptors["roles"].get(role, {})

    @functools.cached_property
    def event_cues(self) -> dict[str, list[tuple[str, dict]]]:
        """lemma -> [(event class, cue spec)], for one dictionary look-up per verb."""
        out: dict[str, list[tuple[str, dict]]] = {}
        for event_type, specs in self.cues["events"].items():
            if not isinstance(specs, list) or not specs or not isinstance(specs[0], dict):
                continue
            for spec in specs:
                out.setdefault(spec["lemma"], []).append((event_type, spec))
        return out

    def lemma(self, token) -> str:
        """The token's lemma, with the irregular past forms the model misses (`retook`)."""
        return self.irregular_forms.get(token.lower_) or token.lemma_.lower()

    @functools.cached_property
    def irregular_forms(self) -> dict[str, str]:
        return self.cues.get("irregular_forms", {})

    @functools.cached_property
    def role_titles(self) -> dict[str, str]:
        """title word or phrase -> role property name."""
        out = {}
        for role, titles in self.cues["roles"].items():
            for title in titles:
                out.setdefault(title.lower(), role)
        return out
