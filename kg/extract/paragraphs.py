"""A blank line ends a sentence (a spaCy component that runs before the parser)."""

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
    for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():  # a Token object for space tokens only
        if i + 1 < len(doc) and doc[i].text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc
