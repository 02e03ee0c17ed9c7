"""Where the viewer puts nodes, and which it groups until clicked.

Positions are computed here with networkx for graphs too large for live physics in the page,
and for the map (`geo`).  The overview groups a large graph's events, claims and documents (and,
past `overview_anchors`, its least connected actors and places) into one node per kind beside the
actor or place they belong to, so 5,000 or 50,000 nodes open as a readable picture of who and
where; the page opens a group on a click.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.view.geo import MapFrame, fit_frame

CORE_LIMIT = 450  # laid out by force (numpy path: networkx needs scipy from 500); the rest beside neighbours
GROUPED_KINDS = ("event", "claim", "document")
"""Kinds an overview always groups: the events and their evidence."""
ANCHOR_BY = {"event": ("place", "agent", "target"), "claim": ("claimant", "outlet"), "document": ("publisher",)}
"""Which neighbour a grouped node sits beside, by preference: an event at its place, a claim by
its claimant, a document by its publisher; anything else beside its best-connected neighbour."""
FAR_SPACING = 60.0
"""Page units kept between places drawn at the map's edge (Washington beside the United States)."""
PLURALS = {"event": "events", "claim": "claims", "document": "documents", "place": "places", "actor": "actors"}


def force_positions(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Force layout of the largest connected part (its best-connected core by force, the rest
    beside their neighbours), and each smaller part laid out alone in a row beneath it, so a few
    stray nodes never shrink the main picture when the page fits everything to the screen."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    if not len(simple):
        return {}
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    main = simple.subgraph(parts[0])
    core = sorted(main, key=lambda n: (-main.degree(n), n))[:CORE_LIMIT]
    pos = nx.spring_layout(main.subgraph(core), seed=seed, iterations=60)
    _beside_neighbours(main, pos, 0.08, random.Random(seed))
    unit = 120 * math.sqrt(len(main))
    out = {n: (float(x) * unit, float(y) * unit) for n, (x, y) in pos.items()}
    x, y, row_height = -unit, 1.3 * unit, 0.0
    for part in parts[1:]:  # small parts left to right beneath the main one, wrapping at its width
        size = 60 * math.sqrt(len(part))
        if x + size > unit:
            x, y, row_height = -unit, y + row_height + 80, 0.0
        local = {min(part): (0.0, 0.0)}
        if len(part) > 1:
            local = nx.spring_layout(simple.subgraph(part), seed=seed, iterations=30)
        for n, (px, py) in local.items():
            out[n] = (x + size / 2 + float(px) * size / 2, y + float(py) * size / 2)
        x, row_height = x + size + 80, max(row_height, size)
    return out


def _beside_neighbours(simple: nx.Graph, pos: dict, distance: float, rng: random.Random) -> None:
    """Place each unplaced node near the mean of its placed neighbours, in rounds, so nodes two
    and three steps from the placed ones are reached."""
    for _ in range(3):
        for n in simple:
            if n in pos:
                continue
            placed = [pos[m] for m in simple[n] if m in pos]
            if placed:
                x = sum(p[0] for p in placed) / len(placed)
                y = sum(p[1] for p in placed) / len(placed)
                angle = rng.uniform(0, 2 * math.pi)
                pos[n] = (x + distance * math.cos(angle), y + distance * math.sin(angle))


def theatre(g: nx.MultiDiGraph) -> list[tuple[float, float]]:
    """(longitude, latitude) of the places events happened at; of every place when none did."""
    event_places = {v for _, v, d in g.edges(data=True) if d["relation"] == "place"}
    points = [(d["long"], d["lat"]) for n, d in g.nodes(data=True) if n in event_places and "lat" in d]
    return points or [(d["long"], d["lat"]) for _, d in g.nodes(data=True) if "lat" in d and "long" in d]


@dataclass
class GeoLayout:
    """Positions on the map, the frame to fit, and arrows for places drawn at its edge."""

    frame: MapFrame
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    arrows: dict[str, str] = field(default_factory=dict)


def geo_positions(g: nx.MultiDiGraph, seed: int = 7) -> GeoLayout:
    """Places at their coordinates on a frame fitted to the theatre (far ones at its edge, with an
    arrow); actors and events beside the places they act in; the rest in a column at the left."""
    layout = GeoLayout(fit_frame(theatre(g)))
    left, top, right, bottom = layout.frame.box
    centre = ((left + right) / 2, (top + bottom) / 2)
    at_edge: list[tuple[float, float]] = []
    for n, d in sorted(g.nodes(data=True), key=lambda item: item[0]):
        if "lat" in d and "long" in d:
            x, y, arrow = layout.frame.place(d["long"], d["lat"])
            if arrow:
                layout.arrows[n] = arrow
                while any(abs(x - u) + abs(y - v) < FAR_SPACING for u, v in at_edge):  # one beside the other
                    x, y = x + (centre[0] - x) * 0.06, y + (centre[1] - y) * 0.06
                at_edge.append((x, y))
            layout.positions[n] = (x, y)
    _beside_neighbours(nx.Graph(g.to_undirected(as_view=True)), layout.positions, 25.0, random.Random(seed))
    rows = max(1, int((bottom - top) / 30))
    loose = [n for n in g if n not in layout.positions]
    for i, n in enumerate(loose):  # nothing ties them to a place: columns left of the map
        layout.positions[n] = (left - 150 * (1 + i // rows), top + 30 * (i % rows))
    return layout


@dataclass
class Group:
    """Nodes of one kind drawn as one node beside their anchor until opened."""

    id: str
    kind: str
    anchor: str | None
    members: list[str] = field(default_factory=list)


def overview_groups(g: nx.MultiDiGraph, anchors_limit: int) -> dict[str, Group]:
    """Groups of the overview: every event, claim and document, and past `anchors_limit` the least
    connected actors and places, beside the neighbour they belong to.  A group of one is no group."""
    degree = dict(g.degree())
    candidates = [n for n, d in g.nodes(data=True) if d["kind"] not in GROUPED_KINDS]
    anchors = set(sorted(candidates, key=lambda n: (-degree[n], n))[:anchors_limit])
    groups: dict[str, Group] = {}
    for n, d in g.nodes(data=True):
        if n in anchors:
            continue
        anchor = _anchor(g, n, d["kind"], anchors, degree)
        kind = d["kind"] if d["kind"] in GROUPED_KINDS or d["kind"] == "place" else "actor"
        gid = f"group:{kind}:{anchor or ''}"
        groups.setdefault(gid, Group(gid, kind, anchor)).members.append(n)
    return {gid: group for gid, group in groups.items() if len(group.members) > 1}


def _anchor(g: nx.MultiDiGraph, n: str, kind: str, anchors: set[str], degree: dict[str, int]) -> str | None:
    by_relation = defaultdict(list)
    for _, v, d in g.out_edges(n, data=True):
        by_relation[d["relation"]].append(v)
    for relation in ANCHOR_BY.get(kind, ()):
        placed = [v for v in by_relation[relation] if v in anchors]
        if placed:
            return placed[0]
    neighbours = [m for m in nx.all_neighbors(g, n) if m in anchors]
    return max(neighbours, key=lambda m: (degree[m], m)) if neighbours else None


def group_label(group: Group) -> str:
    return f"{len(group.members)} {PLURALS.get(group.kind, group.kind + 's')}"
