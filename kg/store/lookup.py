"""Finding an entity by any spelling a user types: case, accents, transliteration, aliases, typos.

Users type "deir ezzor", "Abu Kamal" or "Mosel" where the graph says "Deir ez-Zor", "Albu Kamal"
(alias "Abu Kamal") and "Mosul".  Every name of every actor and place (rdfs:label and
skos:altLabel) is folded with the same key the resolver uses (kg.resources.names.name_key:
case, diacritics, articles, doubled letters, vowel spellings) and compared with rapidfuzz, so
the best matches come first with a score of 0-100 (100: the same name once folded).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rdflib import URIRef

from kg.core.errors import QueryError
from kg.core.vocab import ONTOLOGY_GRAPH
from kg.query.saved import lookups
from kg.resources.names import name_key
from kg.store.engine import Engine

NAMES = f"""
SELECT DISTINCT ?entity ?name ?label WHERE {{
  ?entity rdfs:label|skos:altLabel ?name ; a ?type ; rdfs:label ?label .
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?type rdfs:subClassOf* ?root }}
  VALUES ?root {{ kg:Actor kg:Place }}
}}"""
MIN_SCORE = 80
"""Below this a match is more likely another name than a misspelling (measured on the seeds:
"Mosel" -> Mosul scores 80, "Abu Kamal" -> "Albu Kamal" 94; "Hajin" -> "Hama" 67)."""
WORD_SCORE = 90.0


@dataclass(frozen=True)
class Match:
    """An entity found for a typed name: its IRI, canonical label, the name that matched, score."""

    entity: str
    label: str
    name: str
    score: float


def find_entities(engine: Engine, text: str, limit: int = 10, min_score: float = MIN_SCORE) -> list[Match]:
    """The entities one of whose names best matches `text`, best first (one row per entity).

    A whole name scores by edit similarity of the folded keys; one word of a longer name
    ("Baghdadi" in "Abu Bakr al-Baghdadi") scores at most WORD_SCORE, so a full name wins."""
    wanted = name_key(text)
    if not wanted:
        return []
    frame = engine.frame(NAMES, labels=False)
    rows = list(zip(frame["entity"], frame["name"], frame["label"], strict=True))
    candidates: list[tuple[str, int, float]] = []  # (key, row, highest score it may reach)
    for i, (_entity, name, _label) in enumerate(rows):
        candidates.append((name_key(name), i, 100.0))
        words = [name_key(w) for w in name.split()] if " " in name else []
        candidates += [(w, i, WORD_SCORE) for w in words if len(w) >= 4]
    hits = process.extract(wanted, [c[0] for c in candidates], scorer=fuzz.ratio, score_cutoff=min_score, limit=None)
    best: dict[str, Match] = {}
    for _key, score, j in hits:
        _, i, ceiling = candidates[j]
        entity, name, label = rows[i]
        match = Match(entity, label, name, min(score, ceiling))
        if entity not in best or match.score > best[entity].score:
            best[entity] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.label))[:limit]


@dataclass(frozen=True)
class Found:
    """What a looked-up name was taken to mean: the chosen match and the runners-up."""

    typed: str
    chosen: Match
    others: list[Match]


def bind_lookups(engine: Engine, text: str, bindings: dict[str, Any]) -> tuple[dict[str, Any], list[Found]]:
    """The bindings with each name the query looks up (`# lookup: ?name -> ?entity`, see
    kg.query.saved.lookups) replaced by the IRI of the entity that name matches best."""
    bound = dict(bindings)
    found = []
    for name_var, entity_var in lookups(text).items():
        if name_var not in bound:
            raise QueryError(
                f"this query looks up an entity by name: give one with --bind {name_var}=... "
                f"(in Python: {name_var}=...), any spelling"
            )
        typed = str(bound.pop(name_var))
        matches = find_entities(engine, typed, limit=4)
        if not matches:
            raise QueryError(f"no actor or place named like {typed!r} in the graph")
        bound[entity_var] = URIRef(matches[0].entity)
        found.append(Found(typed, matches[0], matches[1:]))
    return bound, found
