"""Plain records that flow from the pipeline components to the graph builder.

They are small dataclasses (picklable, so worker processes can return them) and carry every
offset into the document's original text, so each fact in the graph cites its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Evidence:
    """Where a fact was read: the sentence and its character offsets in the document."""

    sentence: str
    start: int
    end: int
    cue: str = ""


@dataclass
class EntityInfo:
    """A resolved node: its key (IRI path), canonical label, class and the names seen."""

    key: str
    label: str
    type: str
    kind: str
    names: set[str] = field(default_factory=set)
    gazetteer_id: str | None = None
    affiliation: str | None = None  # anonymous sources: the key of their side
    mentions: int = 0

    @classmethod
    def from_entry(cls, entry) -> EntityInfo:
        """The node of a gazetteer entry (a kg.gazetteer.Entry)."""
        return cls(key=entry.iri_path, label=entry.label, type=entry.type, kind=entry.kind, gazetteer_id=entry.id)


@dataclass
class Mention:
    """A span of the document that names an entity (or a role to resolve in context)."""

    start: int  # token indices
    end: int
    start_char: int
    end_char: int
    text: str
    label: str
    sent: int
    hint: str | None = None  # gazetteer id, "demonym:<id>", "role:<role>", "role:<role>@<country>"
    key: str | None = None  # resolved entity key

    @classmethod
    def of(cls, span, label: str, sent: int = 0, hint: str | None = None) -> Mention:
        """A mention covering a spaCy Span."""
        return cls(
            start=span.start,
            end=span.end,
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            label=label,
            sent=sent,
            hint=hint,
        )


@dataclass
class Relation:
    """A binary fact between two entities, e.g. backs, alliedWith, locatedIn, spokespersonFor."""

    predicate: str
    subject: str
    object: str
    evidence: Evidence
    at: int = -1  # token index of the cue, to link claims to the relations they carry

    @property
    def ident(self) -> str:
        return f"{self.predicate}:{self.subject}:{self.object}:{self.evidence.start}"


@dataclass
class Event:
    """Something that happened: a capture, a siege, an offensive, an air strike, a displacement."""

    type: str
    evidence: Evidence
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: str | None = None
    """ISO at its precision: 2020-05-03, 2020-05 or 2020."""
    date_precision: str | None = None
    """day, week, month or year (kg.extract.dates)."""
    date_text: str | None = None
    date_inherited: bool = False
    """The date phrase is an earlier sentence's of the same paragraph (kg.extract.parse.date_of)."""
    count: int | None = None
    fatalities: int | None = None
    """People killed in it, where the text says (`attacked Djibo, killing 12`)."""
    attributed: bool = False
    trigger: int = -1  # token index of the cue, to link claims to events

    @property
    def ident(self) -> str:
        return f"{self.type}:{self.evidence.start}:{self.trigger}"


@dataclass
class Claim:
    """An attributed statement: who said it, asserting or denying, and what."""

    claimant: str
    stance: str  # "Assertion" | "Denial"
    text: str
    evidence: Evidence
    outlet: str | None = None
    asserts: list[str] = field(default_factory=list)  # Event.ident values
    content_span: tuple[int, int] = (0, 0)  # token range of the claimed content


@dataclass
class DocResult:
    """Everything extracted from one document, ready for the graph."""

    doc_id: str
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
