"""What one document's graph needs to know about the rest of the corpus, gathered in one pass.

A document's named graph depends on three corpus-wide facts: each node's canonical label, which
places any article names (containment links to the nearest *mentioned* container), and which
one-word person names are short for a full name another article gives.  They are small (one
entry per distinct entity), so the build gathers them while extracting, and they merge like
counters: worker processes and Spark partitions each gather their own and the driver adds them
up.  The result does not depend on document order or on how the corpus was split, which is
what makes `--jobs N` and the Spark engine write the same graph as one process.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.core.records import DocResult, EntityInfo
from kg.core.settings import DEFAULTS
from kg.ingest.documents import Document
from kg.resolve.events import EventSignature, MergeDecision, group_mentions
from kg.resources.gazetteer import Gazetteer
from kg.resources.names import initials, name_key, slug

LabelRank = tuple[bool, int, str]  # gazetteer label first, then the longest, then alphabetical


def metadata_entity(gaz: Gazetteer, name: str, default_type: str) -> EntityInfo:
    """The node for a publisher or dateline place named in a document's metadata."""
    kind = "Place" if default_type == "Settlement" else "Actor"
    entry_id = gaz.lookup(name, kind)
    if entry_id:
        info = EntityInfo.from_entry(gaz.entries[entry_id])
        info.names.add(name)
        return info
    return EntityInfo(key=f"{kind.lower()}/{slug(name)}", label=name, type=default_type, kind=kind, names={name})


def metadata_entities(gaz: Gazetteer, doc: Document) -> list[tuple[EntityInfo, str]]:
    """(node, its default class) for the document's publisher and dateline places; a note in
    brackets after a publisher's name is not part of it (`Voice of America (VOA News; republished
    by AllAfrica)` is Voice of America)."""
    publisher = re.sub(r"\s*\([^()]*\)\s*$", "", doc.publisher or "") or doc.publisher
    named = [(publisher, "MediaOutlet")] if publisher else []
    named += [(place, "Settlement") for place in doc.dateline_places]
    return [(metadata_entity(gaz, name, default), default) for name, default in named]


@dataclass
class CorpusSummary:
    """Labels, mentioned keys and person names of a corpus (or of a part, to be merged)."""

    label_ranks: dict[str, LabelRank] = field(default_factory=dict)
    metadata_labels: dict[str, str] = field(default_factory=dict)
    mentioned: set[str] = field(default_factory=set)
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    single_names: set[str] = field(default_factory=set)
    acronyms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Unknown organisations named by an acronym (`GNA`), by acronym."""
    spelled_out: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Unknown organisations of three words or more (`Government of National Accord`), by initials."""
    events: list[EventSignature] = field(default_factory=list)
    """Every event mention, to be grouped into events across reports (kg.resolve.events)."""

    def add(self, doc: Document, result: DocResult, gaz: Gazetteer) -> None:
        for key, info in result.entities.items():
            self._offer_label(key, info)
            self.mentioned.add(key)
            if info.type == "Person":
                parts = name_parts(info.label)
                if len(parts) > 1:
                    self.surnames[parts[-1]].add(key)
                elif info.gazetteer_id is None:
                    self.single_names.add(key)
            elif info.kind == "Actor" and info.gazetteer_id is None:
                self._offer_acronym(key, info.label)
        for info, _ in metadata_entities(gaz, doc):
            current = self.metadata_labels.get(info.key)
            self.metadata_labels[info.key] = info.label if current is None else min(current, info.label)
        self.events += [EventSignature.of(doc.doc_id, event) for event in result.events]

    def merge(self, other: CorpusSummary) -> CorpusSummary:
        for key, rank in other.label_ranks.items():
            if key not in self.label_ranks or rank > self.label_ranks[key]:
                self.label_ranks[key] = rank
        for key, label in other.metadata_labels.items():
            self.metadata_labels[key] = min(label, self.metadata_labels.get(key, label))
        self.mentioned |= other.mentioned
        for surname, keys in other.surnames.items():
            self.surnames[surname] |= keys
        self.single_names |= other.single_names
        for mine, theirs in ((self.acronyms, other.acronyms), (self.spelled_out, other.spelled_out)):
            for acronym, keys in theirs.items():
                mine[acronym] |= keys
        self.events += other.events
        return self

    def _offer_acronym(self, key: str, label: str) -> None:
        letters = label.replace(".", "")
        if 2 < len(letters) <= 6 and letters.isalpha() and letters.isupper():
            self.acronyms[letters].add(key)
        elif len([w for w in label.split() if w[:1].isupper()]) >= 3 and len(initials(label)) >= 3:
            self.spelled_out[initials(label)].add(key)

    def _offer_label(self, key: str, info: EntityInfo) -> None:
        rank = (info.gazetteer_id is not None, len(info.label), info.label)
        if key not in self.label_ranks or rank > self.label_ranks[key]:
            self.label_ranks[key] = rank

    # ---- what the graph assembler reads ---------------------------------------------------------
    def key_mapping(self) -> dict[str, str]:
        """A one-word unknown person whose name is the surname of exactly one known multi-word
        person is that person; an unknown organisation's acronym that spells exactly one unknown
        organisation's initials is that organisation (`GNA`, `Government of National Accord`,
        in one report or two): old key -> new key."""
        mapping = {}
        for acronym, keys in self.acronyms.items():
            owners = self.spelled_out.get(acronym, set())
            if len(keys) == 1 and len(owners) == 1:
                mapping[next(iter(keys))] = next(iter(owners))
        for key in self.single_names:
            label_key = key.rsplit("/", 1)[-1].replace("-", "")
            owners = {k for k in self.surnames.get(name_key(label_key), set()) if k != key}
            if len(owners) == 1:
                mapping[key] = next(iter(owners))
        return mapping

    def settled(self, event_window: int | None = None, stored: list[EventSignature] = ()) -> SettledCorpus:
        """The decisions every document's graph is written with; `event_window` (days) bounds
        how far apart two reports of one event may be dated, `stored` are a store's events."""
        mapping = self.key_mapping()
        ranks: dict[str, LabelRank] = {}
        for key, rank in self.label_ranks.items():
            target = mapping.get(key, key)
            if target not in ranks or rank > ranks[target]:
                ranks[target] = rank
        labels = dict(self.metadata_labels)
        labels.update({key: rank[2] for key, rank in ranks.items()})
        window = DEFAULTS.event_window_days if event_window is None else event_window
        events = group_mentions([e.mapped(mapping) for e in self.events], window, labels, stored)
        return SettledCorpus(mapping, labels, {mapping.get(k, k) for k in self.mentioned}, events)


@dataclass(frozen=True)
class SettledCorpus:
    """The corpus-wide decisions every document's graph is written with."""

    mapping: dict[str, str]
    labels: dict[str, str]
    mentioned: set[str]
    events: dict[str, MergeDecision] = field(default_factory=dict)
    """Mention key -> the event it is one report of (only mentions that joined others)."""


def name_parts(text: str) -> list[str]:
    return [name_key(p) for p in text.replace("-", " ").split() if name_key(p)]


def apply_key_mapping(result: DocResult, mapping: dict[str, str]) -> None:
    """Rewrite one document's entity keys after corpus-level merges (short person names)."""
    if not mapping:
        return
    for old, new in mapping.items():
        if old in result.entities:
            info = result.entities.pop(old)
            target = result.entities.get(new)
            if target is None:
                info.key = new
                result.entities[new] = info
            else:
                target.names |= info.names
    for rel in result.relations:
        rel.subject = mapping.get(rel.subject, rel.subject)
        rel.object = mapping.get(rel.object, rel.object)
    for e in result.events:
        e.agents = [mapping.get(a, a) for a in e.agents]
        e.targets = [mapping.get(a, a) for a in e.targets]
    for c in result.claims:
        c.claimant = mapping.get(c.claimant, c.claimant)
        if c.outlet:
            c.outlet = mapping.get(c.outlet, c.outlet)
