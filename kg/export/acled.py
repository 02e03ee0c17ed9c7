"""Events as an ACLED-style table: one row per event with ACLED's column names and codes.

Analysts load ACLED spreadsheets into their own tools, so the export speaks ACLED: each event
type's ACLED event type and sub-event type come from its spec (ontology/facts/events.yaml,
`acled`), geo_precision and time_precision from the `acled_export` section there, names are
labels, never IRIs.  What the text does not give stays empty (an undated event has no
event_date; no number of dead is 0, as ACLED codes an unreported toll).  An event several
reports tell is one row: `source` names the outlet of every report, `notes` every report's
sentence; two columns ACLED lacks follow, `status` (reported, claimed, denied, contested) and
`denied_by`.  See the README's export section for every column.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from kg.core.vocab import KG, ONTOLOGY_GRAPH
from kg.export.sides import fact_sides, status_name
from kg.query.formats import spreadsheet_cell
from kg.resources.facts import FactSpecs
from kg.store.engine import Engine

CONTAINERS = {"Country": "country", "Governorate": "admin1", "District": "admin2"}
"""Which containing place fills which ACLED column."""

EVENTS = """
SELECT ?event ?type ?date ?precision ?status ?place ?fatalities WHERE {{
  VALUES ?type {{ {types} }}
  ?event a ?type .
  OPTIONAL {{ ?event kg:date ?date OPTIONAL {{ ?event kg:datePrecision ?precision }} }}
  OPTIONAL {{ ?event kg:place ?place }}
  OPTIONAL {{ ?event kg:fatalities ?fatalities }}
  OPTIONAL {{ ?event kg:status ?status }}
}} ORDER BY (!BOUND(?date)) ?date ?event ?place"""
REPORTS = """
SELECT ?event ?sentence ?outlet WHERE {
  ?event kg:evidence ?report . ?report kg:sentence ?sentence ; prov:wasDerivedFrom ?doc .
  ?doc dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:publisher/rdfs:label ?outlet }
} ORDER BY ?event ?id ?sentence"""
ROLES = """
SELECT ?event ?role ?actor ?name WHERE {
  VALUES ?role { kg:agent kg:target }
  ?event ?role ?actor . ?actor rdfs:label ?name .
} ORDER BY ?event ?role ?name"""
CLASSES = f"""
SELECT ?node ?class WHERE {{
  ?node a ?type . GRAPH <{ONTOLOGY_GRAPH}> {{ ?type rdfs:subClassOf* ?class }}
  VALUES ?class {{ {{classes}} }}
}}"""
PLACES = """
SELECT ?place ?name ?lat ?long ?container WHERE {
  ?place rdfs:label ?name .
  OPTIONAL { ?place geo:lat ?lat ; geo:long ?long }
  OPTIONAL { ?place kg:locatedIn+ ?container }
}"""


def write_acled(engine: Engine, path: Path, ontology_dir: Path | None = None, guard: bool = True) -> int:
    """Write the events of `engine` as an ACLED-style CSV at `path`; the number of events.
    `guard`: cells a spreadsheet would run as a formula are neutralised (kg.query.formats)."""
    rows = [
        {k: spreadsheet_cell(v) for k, v in row.items()} if guard else row for row in acled_rows(engine, ontology_dir)
    ]
    with path.open("w", newline="", encoding="utf-8") as out:
        columns = FactSpecs.load(ontology_dir).acled_export.columns
        writer = csv.DictWriter(out, fieldnames=columns, restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def acled_rows(engine: Engine, ontology_dir: Path | None = None) -> Iterator[dict[str, object]]:
    """One dict per event, keyed by ACLED's column names."""
    specs = FactSpecs.load(ontology_dir)
    export = specs.acled_export
    types = " ".join(f"kg:{name}" for name in specs.events)
    events = engine.frame(EVENTS.format(types=types), labels=False)
    roles = _roles(engine)
    states = _members(engine, export.state_agents)
    places = _places(engine, export.geo_precision)
    reports = engine.frame(REPORTS, labels=False)
    sentences = _grouped(reports, "event", "sentence")
    outlets = _grouped(reports.dropna(subset=["outlet"]), "event", "outlet")
    sides = fact_sides(engine)
    seen: set[str] = set()
    for row in events.itertuples(index=False):
        if row.event in seen:  # one row per event: its first place in name order
            continue
        seen.add(row.event)
        kind = row.type.removeprefix(str(KG))
        acled = specs.events[kind].acled
        agents, targets = roles[row.event]["agent"], roles[row.event]["target"]
        state_agent = any(iri in states for iri, _ in agents)
        date = row.date if isinstance(row.date, str) else ""
        yield {
            "event_id_cnty": row.event.rsplit("/", 1)[-1],
            "event_date": date,
            "year": date[:4],
            "time_precision": export.time_precision[_precision(date, row.precision)] if date else "",
            "event_type": acled.event_type,
            "sub_event_type": (acled.sub_event_type_state_agent if state_agent else None) or acled.sub_event_type,
            "actor1": agents[0][1] if agents else "",
            "assoc_actor_1": "; ".join(name for _, name in agents[1:]),
            "actor2": targets[0][1] if targets else "",
            "assoc_actor_2": "; ".join(name for _, name in targets[1:]),
            **places.get(row.place, {}),
            "source": "; ".join(sorted(outlets.get(row.event, []))),
            "notes": " | ".join(sentences.get(row.event, [])),
            "status": status_name(row.status),
            "denied_by": "; ".join(sides[row.event].denying),
            "fatalities": int(row.fatalities) if _known(row.fatalities) else 0,
        }


def _known(value: object) -> bool:
    """Not unbound: pandas turns a missing number into None or NaN (which is not equal to itself)."""
    return value is not None and value == value


def _precision(date: str, stated: object) -> str:
    """The precision the graph states, else the one the date's form shows (graphs from before
    kg:datePrecision)."""
    return stated if isinstance(stated, str) else {10: "day", 7: "month"}.get(len(date), "year")


def _roles(engine: Engine) -> dict[str, dict[str, list[tuple[str, str]]]]:
    roles: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: {"agent": [], "target": []})
    for row in engine.frame(ROLES, labels=False).itertuples(index=False):
        roles[row.event][row.role.removeprefix(str(KG))].append((row.actor, row.name))
    return roles


def _members(engine: Engine, classes: list[str]) -> dict[str, set[str]]:
    """Node -> the given classes it is an instance of (through the class tree)."""
    members: dict[str, set[str]] = defaultdict(set)
    query = CLASSES.replace("{classes}", " ".join(f"kg:{c}" for c in classes))
    frame = engine.frame(query, labels=False)
    for node, cls in zip(frame["node"], frame["class"], strict=True):
        members[node].add(cls.removeprefix(str(KG)))
    return members


def _places(engine: Engine, geo_precision: dict[str, int]) -> dict[str, dict[str, object]]:
    """Place -> its ACLED location columns: name, coordinates, precision, containing places."""
    kinds = _members(engine, [*geo_precision, *CONTAINERS])
    names: dict[str, str] = {}
    columns: dict[str, dict[str, object]] = {}
    containers: dict[str, set[str]] = defaultdict(set)
    for row in engine.frame(PLACES, labels=False).itertuples(index=False):
        names[row.place] = row.name
        if isinstance(row.container, str):
            containers[row.place].add(row.container)
        found = columns.setdefault(row.place, {"location": row.name, "latitude": "", "longitude": ""})
        if _known(row.lat):
            found["latitude"], found["longitude"] = row.lat, row.long
    for place, found in columns.items():
        precisions = [geo_precision[k] for k in kinds.get(place, ()) if k in geo_precision]
        found["geo_precision"] = min(precisions) if precisions else ""
        for kind, column in CONTAINERS.items():
            within = sorted(names.get(c, "") for c in containers[place] | {place} if kind in kinds.get(c, ()))
            found[column] = within[0] if within else ""
    return columns


def _grouped(frame, key: str, value: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for k, v in zip(frame[key], frame[value], strict=True):
        if v not in grouped[k]:
            grouped[k].append(v)
    return grouped
