"""Cue lexicons of ontology/lexicon/, validated and loaded once per process.

The components test tokens against word lists millions of times per corpus, so every list is
handed out as a frozen set, built once; the files themselves are checked against their schemas
(kg/resources/schemas.py) when loaded.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from kg.resources.paths import ontology_dir
from kg.resources.schemas import CuesFile, DescriptorsFile, load_file


@dataclass(frozen=True)
class Lexicon:
    """The cue words the extraction components test tokens against."""

    cues: CuesFile
    descriptors: DescriptorsFile
    folder: Path
    _word_sets: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    @functools.lru_cache(maxsize=4)
    def load(cls, folder: Path | None = None) -> Lexicon:
        lexicon = ontology_dir(folder) / "lexicon"
        return cls(
            cues=load_file(lexicon / "cues.yaml", CuesFile),
            descriptors=load_file(lexicon / "descriptors.yaml", DescriptorsFile),
            folder=lexicon,
        )

    def words(self, *path: str) -> frozenset[str]:
        """A word list of cues.yaml by its keys, e.g. ``words("backing", "verbs")``, lower-cased;
        built once, since components ask for the same lists for every token they test."""
        cached = self._word_sets.get(path)
        if cached is None:
            cached = self._word_sets[path] = frozenset(w.lower() for w in self.node(*path))
        return cached

    def node(self, *path: str):
        """The entry of cues.yaml at `path` (attributes, then mapping keys)."""
        node = self.cues
        for part in path:
            node = node[part] if isinstance(node, dict) else getattr(node, part)
        return node

    def has(self, dotted: str) -> bool:
        """Whether `dotted` (`events.Capture`, `roles.leader`) names an entry of cues.yaml."""
        try:
            self.node(*dotted.split("."))
        except (AttributeError, KeyError):
            return False
        return True

    @functools.cached_property
    def split_words(self) -> tuple[str, ...]:
        return tuple(self.cues.split_words)

    @functools.cached_property
    def boilerplate(self) -> tuple[str, ...]:
        return tuple(self.cues.boilerplate_lines)

    @functools.cached_property
    def force_heads(self) -> frozenset[str]:
        return frozenset(self.descriptors.force_heads)

    @functools.cached_property
    def source_heads(self) -> frozenset[str]:
        return frozenset(self.descriptors.source_heads)

    @functools.cached_property
    def fragments(self) -> frozenset[str]:
        return frozenset(self.descriptors.fragments)

    @functools.cached_property
    def member_nouns(self) -> frozenset[str]:
        return frozenset(self.descriptors.member_nouns)

    @functools.cached_property
    def armed_member_nouns(self) -> frozenset[str]:
        return frozenset(self.descriptors.armed_member_nouns)

    @functools.cached_property
    def role_phrases(self) -> list[tuple[str, str]]:
        """(role, phrase) pairs for the case-insensitive matcher."""
        return [(role, p) for role, spec in self.descriptors.roles.items() for p in spec.phrases]

    def lemma(self, token: Token) -> str:
        """The token's lemma, with the irregular past forms the model misses (`retook`)."""
        return self.irregular_forms.get(token.lower_) or token.lemma_.lower()

    @functools.cached_property
    def irregular_forms(self) -> dict[str, str]:
        return dict(self.cues.irregular_forms)

    @functools.cached_property
    def role_titles(self) -> dict[str, str]:
        """title word or phrase -> role name (`prime minister` -> `head_of_government`)."""
        out: dict[str, str] = {}
        for role in type(self.cues.roles).model_fields:
            for title in getattr(self.cues.roles, role):
                out.setdefault(title.lower(), role)
        return out

    @functools.cached_property
    def sources(self) -> dict[str, str]:
        """Where the word lists come from, for `kg check`."""
        return {**self.cues.sources, **self.descriptors.sources}
