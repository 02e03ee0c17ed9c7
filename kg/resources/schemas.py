"""Schemas of the curated data files, checked when they are loaded.

Every YAML file under ontology/ is read through one of these pydantic models: an unknown or
misspelt key, a wrong type or a word listed twice is a `ResourceError` that names the file and
the entry (`ontology/lexicon/cues.yaml: events.Capture.3.lemmaa: unknown key`), never a
silently ignored entry.

Models record which of their fields the code reads while `track_reads()` is on, so a test can
prove that every key of every file is used by something (see tests/test_resources.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from kg.core.errors import ResourceError
from kg.resources.paths import read_yaml

_reads: set[tuple[str, str]] | None = None


@contextmanager
def track_reads() -> Iterator[set[tuple[str, str]]]:
    """Collect the (model, field) pairs the code reads inside the block."""
    global _reads
    _reads = set()
    try:
        yield _reads
    finally:
        _reads = None


class Strict(BaseModel):
    """A record of a data file: unknown keys are errors, values are frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def __getattribute__(self, name: str) -> Any:
        if _reads is not None and name in type(self).model_fields:
            _reads.add((type(self).__name__, name))
        return super().__getattribute__(name)


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    twice = []
    for value in values:
        if value in seen:
            twice.append(value)
        seen.add(value)
    if twice:
        raise ValueError(f"listed twice: {', '.join(map(str, dict.fromkeys(twice)))}")
    return values


Words = Annotated[list[str], AfterValidator(_unique)]
"""A list of cue words or names; each may appear once (case-insensitively)."""


# ---- lexicon/cues.yaml ------------------------------------------------------------------------------
class Backing(Strict):
    verbs: Words
    nouns: Words
    help_preps: Words
    receive_verbs: Words
    proxy_nouns: Words
    give_verbs: Words
    give_objects: Words
    sending_verbs: Words
    """`troops were deployed to support X`: sent with the purpose of backing."""
    means: Words
    hyphen_suffixes: Words
    pro_prefix: Words
    pro_government: Words


class Alliance(Strict):
    verbs: Words
    nouns: Words
    preps_after_fight: Words
    adjectives: Words
    fight_verbs: Words


class Opposition(Strict):
    verbs: Words


class Cue(Strict):
    """One verb that signals an event type, with the conditions under which it does."""

    lemma: str
    place_preps: Words = Field(default_factory=list)
    objects: Words = Field(default_factory=list)
    subjects: Words = Field(default_factory=list)
    particle: str | None = None
    needs_place_prep: bool = False
    intransitive: bool = False
    agent_preps: Words = Field(default_factory=list)
    target_preps: Words = Field(default_factory=list)
    """`clashed with X`: X is the other side."""
    count_from: Literal["subject", "object"] | None = None


class Nominal(Strict):
    """`completed the recapture of X`: event nouns and the verbs that report them done."""

    nouns: Words
    verbs: Words


class Modality(Strict):
    modal_auxiliaries: Words
    irrealis_heads: Words
    irrealis_markers: Words
    realis_heads: Words
    question_marks: Words


class Claims(Strict):
    verbs: Words
    denial_verbs: Words
    according_to: Words
    outlets_verbs: Words
    document_nouns: Words
    institutions: Words
    institutional_words: Words
    official_voices: Words
    """`a U.N. spokesman said`: a voice whose words are its organisation's."""
    referring_nouns: Words
    falsity_words: Words
    """`the claims were false`: what saying a report is denies it."""


class Places(Strict):
    geo_nouns: Words
    near_phrases: Words
    river_preps: Words
    kind_nouns: Words
    name_suffixes: Words
    event_preps: Words
    admin_types: dict[str, str]
    """`Borno state`, `Kunar province`: an administrative word after or before a name types the place."""


class Names(Strict):
    particles: Words
    articles: Words
    acronym_skips: Words
    not_given_names: Words


class Roles(Strict):
    head_of_state: Words
    head_of_government: Words
    leader: Words
    spokesperson: Words
    commander: Words
    member: Words


class Dates(Strict):
    part_of_month: Words
    same_day: Words
    this_month: Words
    background_preps: Words
    time_nouns: Words
    month_first_locales: Words
    leading_preps: Words
    units: Words
    vague_counts: Words
    past_markers: Words
    range_words: Words


class CuesFile(Strict):
    sources: dict[str, str]
    backing: Backing
    alliance: Alliance
    opposition: Opposition
    irregular_forms: dict[str, str]
    events: dict[str, list[Cue]]
    nominal: dict[str, Nominal]
    modality: Modality
    claims: Claims
    places: Places
    roles: Roles
    split_words: Words
    boilerplate_lines: Words
    names: Names
    dates: Dates
    numbers: dict[str, int]


# ---- lexicon/descriptors.yaml ---------------------------------------------------------------------
class RoleDescription(Strict):
    phrases: Words
    fallback: Literal["state"] | None = None
    resolve: Literal["salience"] | None = None


class DescriptorsFile(Strict):
    sources: dict[str, str]
    roles: dict[str, RoleDescription]
    force_heads: Words
    source_heads: Words
    organisation_words: Words
    member_nouns: Words
    armed_member_nouns: Words
    """`Boko Haram fighters`, `ELN rebels`: members that make the group before them an armed group."""
    fragments: Words
    media_nouns: Words


# ---- gazetteer/*.yaml -------------------------------------------------------------------------------
class Country(Strict):
    iso: str = Field(pattern=r"^[A-Z]{2}$")
    label: str
    aliases: Words = Field(default_factory=list)
    descriptions: Words = Field(default_factory=list)
    demonyms: Words = Field(default_factory=list)
    capital: str | None = None
    lat: float = Field(ge=-90, le=90)
    long: float = Field(ge=-180, le=180)
    wikidata: str | None = Field(default=None, pattern=r"^Q\d+$")
    geonames: int | None = None


class GazetteerRow(Strict):
    """A curated place or actor."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str
    type: str
    aliases: Words = Field(default_factory=list)
    acronyms: Words = Field(default_factory=list)
    descriptions: Words = Field(default_factory=list)
    country: str | None = None
    role: str | None = None
    within: str | None = None
    part_of: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    long: float | None = Field(default=None, ge=-180, le=180)
    wikidata: str | None = Field(default=None, pattern=r"^Q\d+$")
    geonames: int | None = None
    source: str


class CityOverride(Strict):
    label: str | None = None
    aliases: Words = Field(default_factory=list)


class PlacesFile(Strict):
    sources: dict[str, str]
    geonames_countries: Words
    world_cities_min_population: int = Field(ge=500)
    geonames_admin1: dict[str, dict[str, str]]
    countries: list[Country]
    places: list[GazetteerRow]
    geonames_overrides: dict[int, CityOverride]


class ActorsFile(Strict):
    sources: dict[str, str]
    actors: list[GazetteerRow]


# ---- facts/*.yaml: one spec per event and relation type -----------------------------------------
SlotName = Literal["agent", "target", "place", "count"]


class Slot(Strict):
    """An argument of an event: whether an event needs it, and where it may come from."""

    required: bool = False
    fallback: Literal["claimant"] | None = None
    """Filled from the claim that carries the event when the sentence names none."""
    preps: Words = Field(default_factory=list)
    """For the place: the prepositions that introduce it (default: lexicon places.event_preps)."""


class Acled(Strict):
    event_type: Literal[
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ]
    sub_event_type: str
    sub_event_type_state_agent: str | None = None
    """ACLED's sub-event type when the agent is a state (Capture: Government regains territory)."""


class AcledExport(Strict):
    """How `kg export --format acled` fills the columns that depend on the ontology's classes."""

    columns: Words
    """ACLED's column names, in the order the file has them (each one a value of the export)."""
    state_agents: Words
    """Classes whose members are states for ACLED (an agent of these makes a state sub-event type)."""
    geo_precision: dict[str, Literal[1, 2, 3]]
    """Place class -> ACLED geo_precision (1 the place itself, 2 part of a region, 3 a larger region)."""
    time_precision: dict[Literal["day", "week", "month", "year"], Literal[1, 2, 3]]
    """Precision of an event's date -> ACLED time_precision (1 day, 2 week, 3 month or coarser)."""


class Examples(Strict):
    positive: Words
    negative: Words = Field(default_factory=list)


class EventSpec(Strict):
    """What one event type is, how it is found, listed, exported and drawn."""

    description: str
    cues: Words
    """Lexicon keys of its cues: `events.<Type>` (verbs), `nominal.<Type>` (nouns)."""
    slots: dict[SlotName, Slot]
    require_one_of: list[SlotName] = Field(default_factory=list)
    """At least one of these slots must be filled."""
    rules: Words = Field(default_factory=list)
    """Extra checks by name, from the `event_rules` registry of kg.extract.events."""
    listed_in: Words = Field(default_factory=list)
    """Saved queries that list it (they select it through the ontology's class hierarchy)."""
    toll: bool = False
    """Its count is people killed: that count is its fatalities, and a clause of it hanging from
    another armed event (`attacked Djibo, killing 12`) is that event's toll, not an event."""
    armed: bool = False
    """Its agents use force: an organisation the gazetteer does not know that acts in it is an
    armed group (and so is a name the NER took for a person when `fighters` follow it)."""
    acled: Acled
    examples: Examples


class Draw(Strict):
    """An edge's colour; its line (solid, dashed, faint) tells its status (facts/drawing.yaml)."""

    colour: str = Field(pattern=r"^#[0-9a-f]{6}$")


class RelationSpec(Strict):
    """What one relation is, how it is found, listed and drawn."""

    description: str
    subject: Literal["actor", "place", "person"]
    object: Literal["actor", "place"]
    cues: Words = Field(default_factory=list)
    """Lexicon keys of its cue words (`backing`, `roles.leader`); none when the gazetteer gives it."""
    claimable: bool = False
    """A claim can assert or deny it (`X denied backing Y`)."""
    listed_in: Words = Field(default_factory=list)
    draw: Draw | None = None
    examples: Examples | None = None


Shape = Literal["dot", "diamond", "square", "triangle", "triangleDown", "star", "hexagon"]


class KindStyle(Strict):
    """How the viewer draws one kind of node, and what its legend says."""

    colour: str = Field(pattern=r"^#[0-9a-f]{6}$")
    shape: Shape
    legend: str


class StatusStyle(Strict):
    """How a status is drawn over a node's or an edge's own style."""

    dashes: list[int] = Field(default_factory=list)
    hollow: bool = False
    ring: str | None = Field(default=None, pattern=r"^#[0-9a-f]{6}$")
    legend: str


class DrawingFile(Strict):
    sources: dict[str, str]
    kinds: dict[str, KindStyle]
    statuses: dict[Literal["claimed", "denied", "contested"], StatusStyle]


class EventsFile(Strict):
    sources: dict[str, str]
    acled_export: AcledExport
    events: dict[str, EventSpec]


class RelationsFile(Strict):
    sources: dict[str, str]
    relations: dict[str, RelationSpec]


M = TypeVar("M", bound=BaseModel)


def load_file(path: Path, model: type[M]) -> M:
    """`path` validated against `model`; every problem listed, by file and entry, in one error."""
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc'])) or '(top)'}: {_message(e)}" for e in exc.errors()]
        raise ResourceError(f"{path}: " + "; ".join(problems)) from None


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key (misspelt?)"
    if error["type"] == "missing":
        return "required key missing"
    return str(error["msg"]).removeprefix("Value error, ")
