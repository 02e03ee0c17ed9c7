"""A paragraph break ends a sentence (a spaCy component that runs before the parser).

A blank line always is one.  A single newline is one too, unless the text is hard-wrapped (every
line short, as in e-mail copy): wire text often puts one paragraph per line, and a claim that
runs on into the next paragraph cites words its claimant never said."""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newskg_paragraphs", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A headline, a byline or a dateline line without a full stop must not run into the
    story's first sentence (`... from Islamic State BEIRUT (Reuters)`).  The parser keeps
    boundaries set before it (and a parsed Doc keeps its own)."""
    if doc.has_annotation("DEP"):
        return doc
    breaks = 1 if _one_paragraph_per_line(doc.text) else 2
    for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():  # a Token object for space tokens only
        if i + 1 < len(doc) and doc[i].text.count("\n") >= breaks:
            doc[i + 1].is_sent_start = True
    return doc


HARD_WRAP_COLUMNS = 100
"""Hard-wrapped text keeps every line at most this long (e-mail wraps at 72 to 80 columns)."""


def _one_paragraph_per_line(text: str) -> bool:
    """Some line is longer than a hard wrap allows: newlines end paragraphs, not lines."""
    return any(len(line) > HARD_WRAP_COLUMNS for line in text.split("\n"))
