"""The fact specs of ontology/facts/: one declarative entry per event type and per relation.

Extraction, RDF writing, the viewer and the docs all read these instead of naming types in code,
so adding a type is a spec entry, its cue words and its tests.  Loading checks the specs against
the ontology (each type a class under kg:Event, each relation a property) and the lexicon (each
cue key exists, every event type of cues.yaml has a spec), so a typo fails at start-up with the
file and entry named.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import ResourceError
from kg.resources.lexicon import Lexicon
from kg.resources.ontology import Ontology
from kg.resources.paths import ontology_dir
from kg.resources.schemas import (
    AcledExport,
    DrawingFile,
    EventsFile,
    EventSpec,
    RelationsFile,
    RelationSpec,
    load_file,
)


@dataclass(frozen=True)
class FactSpecs:
    """Event and relation specs by type name, in file order."""

    events: dict[str, EventSpec]
    relations: dict[str, RelationSpec]
    digest: str
    sources: dict[str, str]
    acled_export: AcledExport
    drawing: DrawingFile
    """How the viewer draws node kinds and statuses (facts/drawing.yaml)."""

    @classmethod
    @functools.lru_cache(maxsize=4)
    def load(cls, folder: Path | None = None) -> FactSpecs:
        root = ontology_dir(folder) / "facts"
        events_path, relations_path = root / "events.yaml", root / "relations.yaml"
        events_file, relations_file = load_file(events_path, EventsFile), load_file(relations_path, RelationsFile)
        events, relations = events_file.events, relations_file.relations
        ontology, lexicon = Ontology.load(folder), Lexicon.load(folder)
        for name, spec in events.items():
            ontology.check_class(name, "Event", f"{events_path}: events.{name}")
            _check_cues(lexicon, spec.cues, f"{events_path}: events.{name}.cues")
            for slot in spec.require_one_of:
                if slot not in spec.slots:
                    raise ResourceError(
                        f"{events_path}: events.{name}.require_one_of: {slot!r} is not one of its slots"
                    )
        export = events_file.acled_export
        for name in export.state_agents:
            ontology.check_class(name, "Actor", f"{events_path}: acled_export.state_agents")
        for name in export.geo_precision:
            ontology.check_class(name, "Place", f"{events_path}: acled_export.geo_precision")
        for name, spec in relations.items():
            if name not in ontology.properties:
                raise ResourceError(f"{relations_path}: relations.{name}: no such property in kg.ttl")
            _check_cues(lexicon, spec.cues, f"{relations_path}: relations.{name}.cues")
        for section in ("events", "nominal"):
            for name in lexicon.node(section):
                if name not in events:
                    raise ResourceError(
                        f"{lexicon.folder / 'cues.yaml'}: {section}.{name}: no event type of that name in "
                        f"{events_path} (known: {', '.join(events)})"
                    )
        drawing = load_file(root / "drawing.yaml", DrawingFile)
        digest = hashlib.sha256(events_path.read_bytes() + relations_path.read_bytes()).hexdigest()
        sources = {**events_file.sources, **relations_file.sources, **drawing.sources}
        return cls(events, relations, digest, sources, events_file.acled_export, drawing)

    def required_slots(self, event_type: str) -> list[str]:
        return [name for name, slot in self.events[event_type].slots.items() if slot.required]

    def fallback_slots(self, event_type: str, source: str) -> list[str]:
        """Slots of the type that may be filled from `source` (`claimant`)."""
        return [name for name, slot in self.events[event_type].slots.items() if slot.fallback == source]

    def is_complete(self, event) -> bool:
        """Every required slot of the event filled, and one of its `require_one_of` slots."""
        spec = self.events[event.type]
        filled = {"agent": event.agents, "target": event.targets, "place": event.places, "count": event.count}
        if any(slot.required and not filled[name] for name, slot in spec.slots.items()):
            return False
        return not spec.require_one_of or any(filled[name] for name in spec.require_one_of)

    @functools.cached_property
    def claimable(self) -> frozenset[str]:
        """Relations a claim can assert or deny."""
        return frozenset(name for name, spec in self.relations.items() if spec.claimable)

    @functools.cached_property
    def role_properties(self) -> dict[str, str]:
        """Role cue key (`head_of_state`) -> relation (`headOfState`)."""
        return {
            cue.removeprefix("roles."): name
            for name, spec in self.relations.items()
            for cue in spec.cues
            if cue.startswith("roles.")
        }


def _check_cues(lexicon: Lexicon, keys: list[str], where: str) -> None:
    missing = [key for key in keys if not lexicon.has(key)]
    if missing:
        raise ResourceError(f"{where}: no lexicon entry {', '.join(missing)} in {lexicon.folder / 'cues.yaml'}")
