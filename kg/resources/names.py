"""Normalised keys for names, so spellings of one name meet in one index entry.

Arabic names reach English news transliterated many ways: ``Deir ez-Zor``, ``Deir al-Zor``,
``Deir elZour``, ``Deir Ezzor``.  :func:`name_key` folds case, diacritics, apostrophes,
hyphens, the article (al-/el-/ez-/ash-...), sun-letter doubling (``Ezzor``), doubled letters
and common vowel spellings; :func:`skeleton` keeps only consonants, a looser second tier.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_APOSTROPHES = re.compile(r"['’‘`ʿʾ´]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_SUN_LETTER = re.compile(r"^[ae](?:(sh)|([dnrstz]))(?:\1|\2)")


@cache
def articles() -> frozenset[str]:
    """The articles a name key leaves out (lexicon `names.articles` of the shipped ontology: keys
    must not change with `--ontology`, or a cached gazetteer and a new build would disagree)."""
    from kg.resources.lexicon import Lexicon

    return Lexicon.load(None).words("names", "articles")


def ascii_fold(text: str) -> str:
    """Strip diacritics and apostrophe-like marks: ``Ālbū Kamāl`` -> ``Albu Kamal``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", plain)


def _fold_token(token: str, first: bool) -> str:
    if not first:
        token = _SUN_LETTER.sub(lambda m: m.group(1) or m.group(2), token)
    token = token.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    token = token.replace("q", "k").replace("ph", "f")
    return re.sub(r"(.)\1+", r"\1", token)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Fold a name to its comparison key; '' when nothing name-like is left."""
    text = _CAMEL.sub(" ", ascii_fold(name.strip()))
    tokens = [t for t in re.split(r"[^a-z0-9]+", text.lower()) if t]
    if tokens and tokens[-1] == "s" and len(tokens) > 1:  # possessive left by a lost apostrophe
        tokens.pop()
    content = [t for t in tokens if t not in articles()] or tokens
    return "".join(_fold_token(t, i == 0) for i, t in enumerate(content))


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Consonant skeleton of a key (``deirzor`` -> ``drzr``); used only for long names."""
    return re.sub(r"[aeiouyhw]", "", name_key(name))


def slug(text: str) -> str:
    """A readable IRI path segment: ``Deir ez-Zor`` -> ``deir-ez-zor``."""
    folded = ascii_fold(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def initials(name: str) -> str:
    """The capital initials of a name's words, its small words left out (`Democratic Republic of
    the Congo` -> `DRC`, `Government of National Accord` -> `GNA`): what an acronym of it spells."""
    from kg.resources.lexicon import Lexicon

    small = Lexicon.load(None).words("names", "acronym_skips")
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019]*", ascii_fold(name).replace("-", " "))
    return "".join(w[0].upper() for w in words if w.lower() not in small)
