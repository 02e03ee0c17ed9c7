"""The interactive network page: offline, safe with hostile article text, fast on large graphs.

Built on pyvis's bundled vis-network (9.1.2), inlined, with our own page: pyvis's templates
link Bootstrap from a CDN and, once any title contains `href`, insert titles as HTML
(measured-facts.md).  Here every string from an article travels as JSON inside a
`<script type="application/json">` element (with `<`, `>` and `&` escaped) and reaches the
page only through `textContent` or as vis-network's plain-text labels and titles; the page
sets a Content-Security-Policy that forbids any network request.

Above PHYSICS_LIMIT nodes, positions are computed here with networkx and physics is off, so
a 10k-node graph draws in seconds and stays responsive; `layout="geo"` puts places at their
coordinates and actors and events beside the places they act in.
"""

from __future__ import annotations

import html
import math
import random
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg.core.errors import UnsupportedFormat, ViewerError
from kg.core.files import atomic_path, script_json
from kg.core.settings import DEFAULTS
from kg.resources.facts import FactSpecs
from kg.resources.paths import asset, fill_page
from kg.store.engine import Engine
from kg.store.lookup import find_entities
from kg.view.networks import to_networkx

PHYSICS_LIMIT = DEFAULTS.physics_limit
CORE_LIMIT = 450  # laid out by force (numpy path: networkx needs scipy from 500); the rest beside neighbours
KINDS = {  # colour, shape, legend text
    "backer": ("#d9480f", "diamond", "backer (backs others)"),
    "actor": ("#e8590c", "dot", "actor"),
    "place": ("#2b8a3e", "square", "place"),
    "event": ("#1c7ed6", "triangle", "event"),
    "claim": ("#862e9c", "star", "claim"),
}
CLAIM_EDGE_COLOURS = {"asserts": "#862e9c", "denies": "#f03e3e", "claimant": "#9c36b5"}
"""Claims' links; relations take their colour from their fact spec (ontology/facts/relations.yaml)."""
PLAIN_EDGE = ("#868e96", False)
STATUS_STYLES = {
    "claimed": {"dashes": True, "hollow": False},
    "denied": {"dashes": True, "hollow": True},
    "contested": {"dashes": False, "hollow": False, "border": "#f03e3e"},
}
"""How an event's status is drawn: claimed only by a party dashed, denied dashed and hollow,
contested ringed in red; a reported event as its kind is."""


def status_style(status: str | None, colour: str) -> dict[str, Any]:
    """vis-network options that draw a status (nothing for a reported fact or none)."""
    style = STATUS_STYLES.get(status or "")
    if style is None:
        return {}
    options: dict[str, Any] = {
        "borderWidth": 3,
        "shapeProperties": {"borderDashes": [5, 4] if style["dashes"] else False},
    }
    options["color"] = {"background": "#ffffff" if style["hollow"] else colour, "border": style.get("border", colour)}
    return options


SAFE_LINK_PREFIXES = ("http://www.wikidata.org/entity/", "https://sws.geonames.org/")


def edge_styles(specs: FactSpecs) -> dict[str, tuple[str, bool]]:
    """Relation -> (colour, dashed), as the fact specs draw them, plus the claim links."""
    drawn = {name: (spec.draw.colour, spec.draw.dashes) for name, spec in specs.relations.items() if spec.draw}
    return {**drawn, **{name: (colour, False) for name, colour in CLAIM_EDGE_COLOURS.items()}}


# ---- choosing what to draw ---------------------------------------------------------------------
def select(engine: Engine, g: nx.MultiDiGraph, query: str | None, focus: str | None, hops: int) -> nx.MultiDiGraph:
    """The part of `g` a query returns and/or the neighbourhood of an entity (`focus`)."""
    if query:
        g = _query_subgraph(engine, g, query)
    if focus:
        g = _focus_subgraph(engine, g, focus, hops)
    return g


def _query_subgraph(engine: Engine, g: nx.MultiDiGraph, query: str) -> nx.MultiDiGraph:
    frame = engine.frame(query)
    if {"subject", "predicate", "object"} <= set(frame.columns):  # CONSTRUCT / DESCRIBE
        keep = set(frame["subject"]) | set(frame["object"])
        relations = {p.rsplit("#", 1)[-1] for p in frame["predicate"]}
        sub = g.subgraph([n for n in keep if n in g]).copy()
        sub.remove_edges_from(
            [(u, v, k) for u, v, k, d in sub.edges(keys=True, data=True) if d["relation"] not in relations]
        )
        return sub
    keep = {v for col in frame.columns if not col.endswith("Label") for v in frame[col] if isinstance(v, str)}
    return g.subgraph([n for n in keep if n in g]).copy()


def _focus_subgraph(engine: Engine, g: nx.MultiDiGraph, focus: str, hops: int) -> nx.MultiDiGraph:
    matches = find_entities(engine, focus, limit=1)
    starts = [m.entity for m in matches if m.entity in g]
    if not starts:
        raise ViewerError(f"no entity named {focus!r} in the graph")
    undirected = g.to_undirected(as_view=True)
    keep: set[str] = set()
    for start in starts:
        keep |= set(nx.single_source_shortest_path_length(undirected, start, cutoff=max(0, hops)))
    return g.subgraph(keep).copy()


# ---- layout -----------------------------------------------------------------------------------------
def force_positions(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Force layout of the best-connected core; every other node beside its placed neighbours."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    if not len(simple):
        return {}
    core = sorted(simple, key=lambda n: (-simple.degree(n), n))[:CORE_LIMIT]
    pos = nx.spring_layout(simple.subgraph(core), seed=seed, iterations=40)
    rng = random.Random(seed)
    rest = [n for n in simple if n not in pos]
    for _ in range(3):  # placing in rounds reaches nodes two and three steps from the core
        for n in rest:
            placed = [pos[m] for m in simple[n] if m in pos]
            if placed and n not in pos:
                x = sum(p[0] for p in placed) / len(placed)
                y = sum(p[1] for p in placed) / len(placed)
                angle = rng.uniform(0, 2 * math.pi)
                pos[n] = (x + 0.08 * math.cos(angle), y + 0.08 * math.sin(angle))
    leftovers = [n for n in simple if n not in pos]
    for i, n in enumerate(leftovers):  # unconnected nodes on an outer ring
        angle = 2 * math.pi * i / max(1, len(leftovers))
        pos[n] = (1.4 * math.cos(angle), 1.4 * math.sin(angle))
    scale = 120 * math.sqrt(len(simple))
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}


def geo_positions(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Places at their coordinates (a schematic map, no tiles); others beside their places."""
    rng = random.Random(seed)
    pos: dict[str, tuple[float, float]] = {}
    scale = 120.0
    for n, d in g.nodes(data=True):
        if "lat" in d and "long" in d:
            pos[n] = (d["long"] * scale, -d["lat"] * scale)
    simple = g.to_undirected(as_view=True)
    for _ in range(3):
        for n in g:
            if n in pos:
                continue
            placed = [pos[m] for m in simple[n] if m in pos]
            if placed:
                x = sum(p[0] for p in placed) / len(placed)
                y = sum(p[1] for p in placed) / len(placed)
                angle = rng.uniform(0, 2 * math.pi)
                pos[n] = (x + 25 * math.cos(angle), y + 25 * math.sin(angle))
    if pos:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        left, top = min(xs) - 200, min(ys)
    else:
        left, top = 0.0, 0.0
    loose = [n for n in g if n not in pos]
    for i, n in enumerate(loose):  # nothing ties them to a place: a column at the map's left
        pos[n] = (left - 150 * (i // 40), top + 30 * (i % 40))
    return pos


# ---- page ---------------------------------------------------------------------------------------------
def page_data(g: nx.MultiDiGraph, layout: str) -> dict[str, Any]:
    """Nodes, edges and options for vis-network, as plain JSON-able data."""
    styles = edge_styles(FactSpecs.load(None))
    if layout == "geo":
        positions, physics = geo_positions(g), False
    elif layout == "force" or (layout == "auto" and len(g) <= PHYSICS_LIMIT):
        positions, physics = {}, True
    else:
        positions, physics = force_positions(g), False
    nodes = []
    for n, d in g.nodes(data=True):
        colour, shape, _ = KINDS[d["kind"]]
        node = {
            "id": n,
            "label": _short(d["label"]),
            "title": f"{d['label']} ({d['type']})",
            "group": d["kind"],
            "color": colour,
            "shape": shape,
            "kind": d["kind"],
            "type": d["type"],
            "name": d["label"],
            "aliases": d.get("aliases", []),
            "evidence": d.get("evidence", []),
            "links": [u for u in d.get("links", []) if u.startswith(SAFE_LINK_PREFIXES)],
            "size": 10 + min(20, 2 * g.degree(n)) if d["kind"] in {"actor", "backer", "place"} else 8,
        }
        # the details kg.view.networks read (coordinates, date, text, count, status...), as they are
        node.update({k: v for k, v in d.items() if k not in node})
        node.update(status_style(d.get("status"), colour))
        if n in positions:
            node["x"], node["y"] = positions[n]
        nodes.append(node)
    edges = [
        {
            "id": f"e{i}",
            "from": u,
            "to": v,
            "label": d["relation"],
            "relation": d["relation"],
            "arrows": "to",
            "color": {"color": styles.get(d["relation"], PLAIN_EDGE)[0]},
            "dashes": styles.get(d["relation"], PLAIN_EDGE)[1],
        }
        for i, (u, v, d) in enumerate(g.edges(data=True))
    ]
    options = {
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "stabilization": {"iterations": 150, "fit": True},
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140},
        },
        "edges": {"smooth": False, "font": {"size": 9, "align": "middle"}, "width": 1},
        "nodes": {"font": {"size": 12}},
        "interaction": {"hover": True, "hideEdgesOnDrag": len(g) > 2000, "tooltipDelay": 150},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "legend": [{"kind": k, "color": c, "shape": s, "text": t} for k, (c, s, t) in KINDS.items()],
        "edge_legend": [
            {"relation": r, "color": colour, "dashes": dashes}
            for r, (colour, dashes) in styles.items()
            if r in {d["relation"] for _, _, d in g.edges(data=True)}
        ],
    }


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


@cache
def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (lib / "vis-network.css").read_text(encoding="utf-8").replace("</style", "<\\/style")
    return js, css


def render(g: nx.MultiDiGraph, layout: str = "auto", title: str = "newskg graph") -> str:
    """The whole page: vis-network and our script inlined, the graph as JSON data."""
    js, css = _vis_assets()
    data = page_data(g, layout)
    return fill_page(
        "viewer.html",
        TITLE=html.escape(title),
        VIS_CSS=css,
        APP_JS=asset("viewer.js"),
        DATA=script_json(data),
        VIS_JS=js,
    )


def write_html(
    engine: Engine,
    path: Path,
    query: str | None = None,
    focus: str | None = None,
    hops: int = 1,
    layout: str = "auto",
) -> Path:
    """Write the page for the whole graph or the part `query` / `focus` selects."""
    if layout not in {"auto", "force", "geo"}:
        raise ViewerError(f"unknown layout {layout!r}; use auto, force or geo")
    if Path(path).suffix.lower() not in {".html", ".htm"}:
        raise UnsupportedFormat(f"{path}: kg html writes an HTML page; give a file name ending .html")
    g = select(engine, to_networkx(engine), query, focus, hops)
    with atomic_path(path) as tmp:
        tmp.write_text(render(g, layout), encoding="utf-8")
    return path


def notebook_view(engine: Engine, height: int = 650, **options: Any):
    """The page inline in Jupyter, isolated in an iframe (srcdoc), offline like the file."""
    from IPython.display import HTML

    g = select(engine, to_networkx(engine), options.get("query"), options.get("focus"), options.get("hops", 1))
    page = render(g, options.get("layout", "auto"))
    return HTML(
        f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{int(height)}px;'
        f'border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
    )
