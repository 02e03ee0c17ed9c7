"""The geographic layout: a map frame fitted to where the events are, and an offline basemap.

The frame is an equirectangular projection centred on the theatre (the places events happened
at, else every place with coordinates), with its east-west scale corrected for that latitude, so
a region looks as it does on a map.  A place far outside the frame (a backer's capital across the
world) is drawn on the frame's edge with an arrow pointing its way instead of stretching the map
until the theatre is a speck.

The basemap is Natural Earth's 1:50m country outlines (public domain) as the `world-atlas` npm
package ships them in TopoJSON (ontology/basemap/, source in ontology/SOURCES.md).  Only the
outlines near the frame go into a page, already projected, so the page draws them on its canvas
under the graph without loading anything.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property

from kg.resources.paths import ontology_dir

FRAME_UNITS = 1600.0
"""Width or height (the larger) of the theatre in the page's coordinates."""
THEATRE_MARGIN = 0.15
"""Share of the theatre's extent added on each side (and at least MIN_MARGIN_DEGREES)."""
MIN_MARGIN_DEGREES = 0.5
FAR_FACTOR = 0.6
"""A place further out than this share of the frame's size beyond its edge is drawn at the edge."""
BASEMAP_REACH = 1.0
"""Outlines are kept within this many frame sizes around the frame (context when panning)."""
OUTLIER_MIN_POINTS = 10
"""Fewest event places from which the outermost tenth is treated as outliers."""
ARROWS = ("→", "↗", "↑", "↖", "←", "↙", "↓", "↘")


@dataclass(frozen=True)
class MapFrame:
    """Where the theatre is and how a (longitude, latitude) becomes page coordinates."""

    west: float
    south: float
    east: float
    north: float

    @cached_property
    def centre(self) -> tuple[float, float]:
        return (self.west + self.east) / 2, (self.south + self.north) / 2

    @cached_property
    def x_stretch(self) -> float:
        return math.cos(math.radians(max(-80.0, min(80.0, self.centre[1]))))

    @cached_property
    def scale(self) -> float:
        width, height = (self.east - self.west) * self.x_stretch, self.north - self.south
        return FRAME_UNITS / max(width, height, 1e-6)

    def project(self, long: float, lat: float) -> tuple[float, float]:
        lon0, lat0 = self.centre
        return (long - lon0) * self.x_stretch * self.scale, -(lat - lat0) * self.scale

    @cached_property
    def box(self) -> tuple[float, float, float, float]:
        """The frame in page coordinates: left, top, right, bottom (computed once: every
        projected point of the basemap and every place asks for the same values)."""
        left, top = self.project(self.west, self.north)
        right, bottom = self.project(self.east, self.south)
        return left, top, right, bottom

    def place(self, long: float, lat: float) -> tuple[float, float, str | None]:
        """Page position of a place, and the arrow to prefix its label with when it lies far out
        and is drawn on the frame's edge instead (None when it is drawn where it is)."""
        x, y = self.project(long, lat)
        left, top, right, bottom = self.box
        reach_x, reach_y = FAR_FACTOR * (right - left), FAR_FACTOR * (bottom - top)
        if left - reach_x <= x <= right + reach_x and top - reach_y <= y <= bottom + reach_y:
            return x, y, None
        angle = math.atan2(-y, x)  # page y grows downwards
        arrow = ARROWS[round(angle / (math.pi / 4)) % 8]
        return max(left, min(right, x)), max(top, min(bottom, y)), arrow


def fit_frame(theatre: list[tuple[float, float]]) -> MapFrame:
    """The frame around (longitude, latitude) points, with a margin.  With many points, the
    outermost tenth on each side is left out (drawn at the edge like any far place): one town a
    name lookup put on another continent must not shrink the theatre to a speck."""
    if not theatre:
        return MapFrame(-180.0, -60.0, 180.0, 80.0)
    longs, lats = sorted(p[0] for p in theatre), sorted(p[1] for p in theatre)
    if len(theatre) >= OUTLIER_MIN_POINTS:
        cut = len(theatre) // 10
        longs, lats = longs[cut : len(longs) - cut], lats[cut : len(lats) - cut]
    dx = max(MIN_MARGIN_DEGREES, THEATRE_MARGIN * (max(longs) - min(longs)))
    dy = max(MIN_MARGIN_DEGREES, THEATRE_MARGIN * (max(lats) - min(lats)))
    return MapFrame(
        max(-180.0, min(longs) - dx), max(-85.0, min(lats) - dy), min(180.0, max(longs) + dx), min(85.0, max(lats) + dy)
    )


@cache
def country_rings() -> tuple[tuple[tuple[float, float, float, float], tuple[tuple[float, float], ...]], ...]:
    """Every country outline ring as (bounding box, (longitude, latitude) points), decoded from
    the vendored TopoJSON: arcs are delta-encoded integers, scaled and translated by the file's
    transform; a ring joins its arcs (a negative index is arc ~i reversed), each arc's first
    point being the previous arc's last."""
    path = ontology_dir(None) / "basemap" / "countries-50m.json"
    topology = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    rings = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring_arcs in polygon:
                ring: list[tuple[float, float]] = []
                for index in ring_arcs:
                    points = arcs[index] if index >= 0 else arcs[~index][::-1]
                    ring.extend(points if not ring else points[1:])
                if len(ring) > 2:
                    longs, lats = [p[0] for p in ring], [p[1] for p in ring]
                    rings.append(((min(longs), min(lats), max(longs), max(lats)), tuple(ring)))
    return tuple(rings)


def basemap(frame: MapFrame, min_step: float = 1.5) -> list[list[float]]:
    """Outlines near the frame, projected, as flat [x0, y0, x1, y1, ...] lists; points closer
    than `min_step` page units to the last kept one are dropped (invisible at any useful zoom)."""
    width, height = frame.east - frame.west, frame.north - frame.south
    west, east = frame.west - BASEMAP_REACH * width, frame.east + BASEMAP_REACH * width
    south, north = frame.south - BASEMAP_REACH * height, frame.north + BASEMAP_REACH * height
    out = []
    for (w, s, e, n), ring in country_rings():
        if e < west or w > east or n < south or s > north:
            continue
        flat: list[float] = []
        last = None
        for long, lat in ring:
            x, y = frame.project(long, lat)
            if last is None or abs(x - last[0]) + abs(y - last[1]) >= min_step:
                flat += [round(x, 1), round(y, 1)]
                last = (x, y)
        if len(flat) >= 6:
            out.append(flat)
    return out
