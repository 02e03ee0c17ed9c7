"""Repair text that lost its apostrophes (``Iraq s``, ``Shi ite``) without moving any offset.

Wire copy that went through a lossy converter reads ``Iraq s Prime Minister``; the parser then
sees a verb ``s``.  Every repair here replaces one space by one apostrophe, so the repaired
text has the original's length and every character offset still points into the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A lone clitic after a word: "Iraq s", "don t", "they re", "we ll", "I m", "we ve", "he d".
_CLITIC = re.compile(r"(?<=[A-Za-z]) (?=(?:s|t|re|ll|ve|m|d)\b(?![.'’-]\w))")


@lru_cache(maxsize=8)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Compile the split-word repairs ("Shi ite" -> "Shi'ite") from the lexicon's list."""
    if not words:
        return None
    alts = "|".join(re.escape(w).replace("'", " ") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)


def has_lost_apostrophes(text: str) -> bool:
    """A text lost its apostrophes when lone ``s`` clitics outnumber real possessives."""
    lone = len(re.findall(r"[A-Za-z] s\b", text))
    kept = len(re.findall(r"[A-Za-z]['’]s\b", text))
    return lone >= 2 and lone > kept


def repair_apostrophes(text: str, split_words: tuple[str, ...] = ()) -> str:
    """Return ``text`` with lost apostrophes restored; same length, same offsets.

    ``split_words`` lists words whose apostrophe is inside the word (``Shi'ite``); they are
    repaired wherever they appear split.  Lone clitics are repaired only in texts that show
    the loss, so a normal text keeps its rare legitimate ``s`` tokens.
    """
    chars = list(text)
    pattern = _word_pattern(tuple(split_words))
    if pattern is not None:
        for match in pattern.finditer(text):
            for i in range(match.start(), match.end()):
                if chars[i] == " ":
                    chars[i] = "'"
    if has_lost_apostrophes(text):
        for match in _CLITIC.finditer(text):
            chars[match.start()] = "'"
    repaired = "".join(chars)
    assert len(repaired) == len(text)
    return repaired
