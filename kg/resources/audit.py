"""What `kg gazetteer check` finds wrong in the curated gazetteer, before it misleads a build.

Three kinds of problem, each a line naming the entries:

* a name shared by entries of different kinds (a town and a TV channel both called `Al
  Mayadeen`): whichever the matcher meets first wins, so one of them is never found;
* coordinates outside the entry's own country (a border crossing put on the wrong side, a
  swapped latitude): checked against the country outlines the countryinfo package ships, with
  a margin for its coarse borders;
* an entry without a source, or with a source key its file does not describe.

Only curated entries are checked: the world's cities and countries come from their packages.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from kg.resources.gazetteer import Entry, Gazetteer

BORDER_MARGIN_DEGREES = 0.25
"""How far outside its country's outline a point may lie (about 25 km): countryinfo's outlines
are simplified, and border towns and crossings sit on the line."""

Ring = list[tuple[float, float]]


def gazetteer_problems(ontology_dir: Path | None = None) -> list[str]:
    """Every problem found, sorted; empty when the gazetteer is sound."""
    gaz = Gazetteer.load(ontology_dir)
    curated = [e for e in gaz.in_memory() if e.curated]
    problems = [*_shared_names(curated), *_outside_their_country(gaz, curated), *_unsourced(gaz, curated)]
    return sorted(problems)


def _shared_names(entries: list[Entry]) -> Iterator[str]:
    """Names written alike (case, hyphens and spaces aside) by a place and an actor.  Spellings
    that only fold alike (`Mayadin`, `Al Mayadeen`) are told apart by context at resolution."""
    owners: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entry in entries:
        for name in entry.names():
            owners[_written(name)][entry.kind].add(entry.id)
    for key, by_kind in owners.items():
        if len(by_kind) > 1:
            listed = "; ".join(f"{kind}: {', '.join(sorted(ids))}" for kind, ids in sorted(by_kind.items()))
            yield f"name {key!r} is shared by entries of different kinds ({listed})"


def _written(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


def _outside_their_country(gaz: Gazetteer, entries: list[Entry]) -> Iterator[str]:
    outlines = country_outlines()
    for entry in entries:
        if entry.lat is None or entry.long is None or entry.type == "Country":
            continue
        country_id = gaz.country_of(entry.id)
        country = gaz.entries.get(country_id or "")
        rings = outlines.get(country.country if country else "")
        if rings and not _near_any(rings, entry.long, entry.lat):
            yield f"{entry.id}: coordinates {entry.lat}, {entry.long} lie outside {country.label}"


def _unsourced(gaz: Gazetteer, entries: list[Entry]) -> Iterator[str]:
    for entry in entries:
        if not entry.source:
            yield f"{entry.id}: no source"
        elif entry.source not in gaz.sources:
            yield f"{entry.id}: source {entry.source!r} is not described in its file's `sources`"


def country_outlines() -> dict[str, list[Ring]]:
    """ISO alpha-2 -> the outer rings of the country's polygons (longitude, latitude)."""
    from countryinfo import CountryInfo

    outlines: dict[str, list[Ring]] = {}
    for row in CountryInfo.all().values():
        iso, shape = row.get("ISO", {}).get("alpha2"), row.get("geoJSON")
        if not iso or not shape:
            continue
        data = json.loads(shape.replace("'", '"')) if isinstance(shape, str) else shape
        rings: list[Ring] = []
        for feature in data.get("features", []):
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates", [])
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            rings += [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons if polygon]
        outlines[iso] = rings
    return outlines


def _near_any(rings: list[Ring], x: float, y: float) -> bool:
    """Inside one of the rings, or within the margin of one (tested at eight points around)."""
    m = BORDER_MARGIN_DEGREES
    probes = [(x, y)] + [(x + dx, y + dy) for dx in (-m, 0, m) for dy in (-m, 0, m) if dx or dy]
    return any(_inside(ring, px, py) for ring in rings for px, py in probes)


def _inside(ring: Ring, x: float, y: float) -> bool:
    """Even-odd rule: a ray from the point crosses the ring's edges an odd number of times."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside
