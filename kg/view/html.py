"""The interactive network page: offline, safe with hostile article text, fast on large graphs.

Built on pyvis's bundled vis-network (9.1.2), inlined, with our own page: pyvis's templates
link Bootstrap from a CDN and, once any title contains `href`, insert titles as HTML
(measured-facts.md).  Here every string from an article travels as JSON inside a
`<script type="application/json">` element (with `<`, `>` and `&` escaped) and reaches the
page only through `textContent` or as vis-network's plain-text labels and titles; the page
sets a Content-Security-Policy that forbids any network request.

How things are drawn is data: node kinds and statuses in ontology/facts/drawing.yaml,
relations in relations.yaml; the legend draws exactly those.  Positions are computed in Python
(kg.view.layout: the same picture every time, fitted to the page; `layout="force"` leaves them
to vis-network's physics instead); above `overview_limit` nodes the page opens as an overview
whose groups open on a click.  `layout="geo"` draws the map.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg.core.errors import UnsupportedFormat, ViewerError
from kg.core.files import atomic_path, script_json
from kg.core.settings import DEFAULTS
from kg.resources.facts import FactSpecs
from kg.resources.paths import asset, fill_page
from kg.resources.schemas import KindStyle, StatusStyle
from kg.store.engine import Engine
from kg.store.lookup import find_entities
from kg.view.geo import basemap
from kg.view.layout import force_positions, geo_positions, group_label, overview_groups
from kg.view.networks import to_networkx

CLAIM_EDGE_COLOURS = {"asserts": "#009e73", "denies": "#d55e00", "claimant": "#cc79a7"}
"""Claims' links; relations take their colour from their fact spec (ontology/facts/relations.yaml)."""
PLAIN_EDGE = "#8c8c8c"
HIDDEN_KINDS = ("document",)
"""Kinds the page opens with unticked: documents are reached from the sources of a fact."""
LEGIBLE_PX = 12
"""Smallest label drawn on screen; smaller ones wait until the user zooms in."""
SAFE_LINK_PREFIXES = ("http://www.wikidata.org/entity/", "https://sws.geonames.org/")


def edge_colours(specs: FactSpecs) -> dict[str, str]:
    """Relation -> colour, as the fact specs draw them, plus the claim links."""
    return {**{name: spec.draw.colour for name, spec in specs.relations.items() if spec.draw}, **CLAIM_EDGE_COLOURS}


def node_status_style(style: StatusStyle | None, colour: str) -> dict[str, Any]:
    """vis-network node options that draw a status over its kind (none for a reported fact)."""
    if style is None:
        return {}
    return {
        "borderWidth": 4 if style.ring else 3,
        "shapeProperties": {"borderDashes": style.dashes or False},
        "color": {"background": "#ffffff" if style.hollow else colour, "border": style.ring or colour},
    }


def edge_status_style(style: StatusStyle | None) -> dict[str, Any]:
    """vis-network edge options that draw a status over its relation's colour."""
    if style is None:
        return {}
    options: dict[str, Any] = {"dashes": style.dashes or False}
    if style.hollow:
        options["opacity"] = 0.45
    if style.ring:
        options["width"] = 3
        options["shadow"] = {"enabled": True, "color": style.ring, "size": 8, "x": 0, "y": 0}
    return options


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


# ---- page data -----------------------------------------------------------------------------------
def page_data(g: nx.MultiDiGraph, layout: str, overview: bool | None = None) -> dict[str, Any]:
    """Nodes, edges, groups, legend, map and options for the page, as plain JSON-able data;
    `overview` groups events and evidence (None: when the graph has over `overview_limit` nodes)."""
    specs = FactSpecs.load(None)
    kinds, statuses, colours = specs.drawing.kinds, specs.drawing.statuses, edge_colours(specs)
    documents = g.graph.get("documents", {})
    data: dict[str, Any] = {"frame": None, "basemap": []}
    arrows: dict[str, str] = {}
    if layout == "geo":
        geo = geo_positions(g)
        positions, physics, arrows = geo.positions, False, geo.arrows
        data["frame"], data["basemap"] = geo.frame.box, basemap(geo.frame)
    elif layout == "force":
        positions, physics = {}, True
    else:
        positions, physics = force_positions(g), False
    if overview is None:
        overview = len(g) > DEFAULTS.overview_limit
    groups = overview_groups(g, DEFAULTS.overview_anchors) if overview else {}
    group_of = {member: gid for gid, group in groups.items() for member in group.members}
    degree = dict(g.degree())
    # labels first for who and where (actors, places), then events, then claims and documents
    order = {"event": 1, "claim": 2, "document": 2}
    ranked = {n: i for i, n in enumerate(sorted(g, key=lambda n: (order.get(g.nodes[n]["kind"], 0), -degree[n], n)))}
    nodes = []
    for n, d in g.nodes(data=True):
        style = kinds[d["kind"]]
        node = {
            "id": n,
            "label": arrows.get(n, "") + (" " if n in arrows else "") + _short(d["label"]),
            "title": f"{d['label']} ({d['type']})",
            "color": style.colour,
            "shape": style.shape,
            "kind": d["kind"],
            "type": d["type"],
            "name": d["label"],
            "aliases": d.get("aliases", []),
            "evidence": d.get("evidence", []),
            "links": [u for u in d.get("links", []) if u.startswith(SAFE_LINK_PREFIXES)],
            "size": 10 + min(20, 2 * degree[n]) if d["kind"] in {"actor", "backer", "outlet", "place"} else 9,
            "rank": ranked[n],
        }
        # the details kg.view.networks read (coordinates, date, text, count, status...), as they are
        node.update({k: v for k, v in d.items() if k not in node})
        node.update(node_status_style(statuses.get(d.get("status") or ""), style.colour))
        node.update(_when_and_who(d.get("evidence", []), documents, d))
        if n in group_of:
            node["group"] = group_of[n]
        if n in arrows:
            node["far"] = True
        if n in positions:
            node["x"], node["y"] = positions[n]
        nodes.append(node)
    edges = [_edge(i, u, v, d, colours, statuses, documents) for i, (u, v, d) in enumerate(g.edges(data=True))]
    group_nodes, group_edges = _group_drawing(g, groups, group_of, positions, kinds["group"])
    data.update(
        nodes=nodes + group_nodes,
        edges=edges + group_edges,
        groups=[gid for gid in groups],
        documents=documents,
        hidden_kinds=list(HIDDEN_KINDS),
        descriptions={name: spec.description for name, spec in specs.relations.items()},
        legend=[{"kind": k, "color": s.colour, "shape": s.shape, "text": s.legend} for k, s in kinds.items()],
        status_legend=[
            {"status": name, "dashes": s.dashes, "hollow": s.hollow, "ring": s.ring, "text": s.legend}
            for name, s in statuses.items()
        ],
        edge_legend=[
            {"relation": r, "color": colour}
            for r, colour in colours.items()
            if r in {d["relation"] for _, _, d in g.edges(data=True)}
        ],
        options=_options(g, physics),
        legible_px=LEGIBLE_PX,
    )
    return data


def _when_and_who(evidence: list[dict], documents: dict[str, dict], own: dict[str, Any]) -> dict[str, Any]:
    """The first day a fact was known (its own date, else its earliest report) for the date
    slider, and the publishers of its reports for the source filter."""
    docs = [documents[e["document"]] for e in evidence if e.get("document") in documents]
    if own.get("kind") == "document":
        docs.append(own)
    days = [day for doc in docs if (day := _day(doc.get("date")))]
    out: dict[str, Any] = {}
    day = _day(own.get("date")) if own.get("kind") == "event" else None
    if day or days:
        out["day"] = day or min(days)
    publishers = sorted({doc.get("publisher") or doc.get("doc", "") for doc in docs} - {""})
    if publishers:
        out["publishers"] = publishers
    return out


def _day(value: Any) -> str | None:
    """A date's first day as YYYY-MM-DD (`2017-11` -> 2017-11-01, `2017` -> 2017-01-01)."""
    if not isinstance(value, str) or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    return "-".join([parts[0], *[*parts[1:3], "01", "01"][:2]])


def _edge(
    i: int, u: str, v: str, d: dict[str, Any], colours: dict[str, str], statuses: dict, documents: dict[str, dict]
) -> dict[str, Any]:
    relation = d["relation"]
    edge = {
        "id": f"e{i}",
        "from": u,
        "to": v,
        "label": relation,
        "relation": relation,
        "arrows": "to",
        "color": {"color": colours.get(relation, PLAIN_EDGE)},
        "evidence": d.get("evidence", []),
    }
    if d.get("status"):
        edge["status"] = d["status"]
        edge.update(edge_status_style(statuses.get(d["status"])))
    if edge["evidence"]:
        edge.update(_when_and_who(edge["evidence"], documents, {}))
    return edge


def _group_drawing(
    g: nx.MultiDiGraph, groups: dict, group_of: dict[str, str], positions: dict, style: KindStyle
) -> tuple[list[dict], list[dict]]:
    """A node per group (at its members' centre) tied to its anchor, and one edge from a group to
    each other node its members link to, as wide as the links it stands for."""
    nodes, edges, links = [], [], {}
    for gid, group in groups.items():
        node = {
            "id": gid,
            "label": group_label(group),
            "name": group_label(group),
            "title": group_label(group) + " (click to open)",
            "kind": "group",
            "memberKind": group.kind,
            "anchor": group.anchor,
            "members": len(group.members),
            "shape": style.shape,
            "color": style.colour,
            "size": 8 + 2 * len(group.members).bit_length(),
            "aliases": [],
            "evidence": [],
            "links": [],
            "rank": len(g) + len(nodes),
        }
        placed = [positions[m] for m in group.members if m in positions]
        if placed:
            node["x"] = sum(p[0] for p in placed) / len(placed)
            node["y"] = sum(p[1] for p in placed) / len(placed)
        nodes.append(node)
        if group.anchor:
            links[(gid, group.anchor)] = 0
    for u, v in g.edges():
        for member, other in ((u, v), (v, u)):
            gid = group_of.get(member)
            if gid and other not in group_of and other != groups[gid].anchor:
                links[(gid, other)] = links.get((gid, other), 0) + 1
    for i, ((gid, other), count) in enumerate(sorted(links.items())):
        edges.append(
            {
                "id": f"g{i}",
                "from": gid,
                "to": other,
                "relation": "grouped",
                "color": {"color": PLAIN_EDGE},
                "width": 1 + min(6, count.bit_length()),
                "title": f"{count} links" if count else "beside",
            }
        )
    return nodes, edges


def _options(g: nx.MultiDiGraph, physics: bool) -> dict[str, Any]:
    threshold = {"drawThreshold": LEGIBLE_PX + 1, "maxVisible": 28}
    return {
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "stabilization": {"iterations": 200, "fit": True},
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140},
        },
        "edges": {
            "smooth": False,
            "font": {"size": LEGIBLE_PX, "align": "middle"},
            "width": 1,
            "scaling": {"label": threshold},
        },
        "nodes": {"font": {"size": 14}, "scaling": {"label": threshold}},
        "interaction": {"hover": True, "hideEdgesOnDrag": len(g) > 2000, "tooltipDelay": 150},
        "layout": {"improvedLayout": False, "randomSeed": 7},
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


def render(g: nx.MultiDiGraph, layout: str = "auto", title: str = "newskg graph", overview: bool | None = None) -> str:
    """The whole page: vis-network and our script inlined, the graph as JSON data."""
    js, css = _vis_assets()
    data = page_data(g, layout, overview)
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


class InlinePage:
    """The page for Jupyter: shown inline in an iframe (srcdoc), isolated from the notebook and
    offline like the file.  A plain object with `_repr_html_`: IPython's HTML class warns about
    any iframe it is given."""

    def __init__(self, page: str, height: int) -> None:
        self.page, self.height = page, int(height)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" style="width:100%;height:{self.height}px;'
            f'border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )


def notebook_view(engine: Engine, height: int = 650, **options: Any) -> InlinePage:
    """The page inline in Jupyter, for the whole graph or the part `query` / `focus` selects."""
    g = select(engine, to_networkx(engine), options.get("query"), options.get("focus"), options.get("hops", 1))
    return InlinePage(render(g, options.get("layout", "auto")), height)
