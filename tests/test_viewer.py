"""The HTML viewer in real headless Chromium: offline, counts, search, filters, hostile text."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS

HOSTILE = (
    "BEIRUT (Reuters) - Iraqi forces captured Rawa on Friday, the army said. "
    "A statement said <img src=x onerror=\"window.__pwned='img'\"> fighters fled "
    "<script>window.__pwned='script'</script> toward Albu Kamal, the Syrian army said.\n"
)


def build_wires(tmp_path, reports):
    """A graph of wire reports given as (id, date, publisher, text), read as JSON Lines."""
    import json

    import kg

    keys = ("id", "date", "publisher", "text")
    lines = [json.dumps(dict(zip(keys, report, strict=True))) for report in reports]
    (tmp_path / "wires.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return kg.build(tmp_path / "wires.jsonl")


def open_page(browser, path):
    """Open a page from file:// with every non-file request recorded and refused."""
    context = browser.new_context()
    page = context.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
    )
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='true']", state="attached", timeout=60000)  # no eval under the CSP
    return page, errors, requests


@pytest.fixture(scope="module")
def seeds_page(seeds_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "seeds.html"
    seeds_graph.to_html(path)
    return path


def test_page_draws_the_whole_graph_offline_without_errors(browser, seeds_graph, seeds_page):
    """Everything but the documents at first (they are a tick away, and reached from any fact's
    sources); with documents ticked, every node and edge of the graph."""
    page, errors, requests = open_page(browser, seeds_page)
    g = seeds_graph.to_networkx()
    documents = {n for n, d in g.nodes(data=True) if d["kind"] == "document"}
    assert documents
    drawn = page.evaluate("window.kgView.drawn()")
    assert drawn == {
        "nodes": len(g) - len(documents),
        "edges": sum(1 for u, v in g.edges() if u not in documents and v not in documents),
    }
    page.check("#kinds input[value=document]")
    assert page.evaluate("window.kgView.drawn()") == {"nodes": len(g), "edges": g.number_of_edges()}
    assert not errors
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viewer-seeds.png"))


def test_search_finds_an_entity_by_any_of_its_names(browser, seeds_page):
    page, _, _ = open_page(browser, seeds_page)
    page.fill("#search", "Bukamal")
    selected = page.evaluate("window.kgView.network.getSelectedNodes()")
    assert "https://w3id.org/newskg/id/place/albu-kamal" in selected
    assert "Albu Kamal" in page.inner_text("#side")


def test_kind_and_relation_filters_hide_what_they_name(browser, seeds_graph, seeds_page):
    page, _, _ = open_page(browser, seeds_page)
    g = seeds_graph.to_networkx()
    places = sum(1 for _, d in g.nodes(data=True) if d["kind"] == "place")
    backs = sum(1 for _, _, d in g.edges(data=True) if d["relation"] == "backs")
    before = page.evaluate("window.kgView.drawn()")
    page.uncheck("#kinds input[value=place]")
    assert page.evaluate("window.kgView.drawn().nodes") == before["nodes"] - places
    page.check("#kinds input[value=place]")
    page.click("#bar2 summary")  # the relations list opens on a click
    page.uncheck("#relations input[value=backs]")
    assert page.evaluate("window.kgView.drawn().edges") == before["edges"] - backs


def test_hostile_article_shows_as_text_and_runs_nothing(browser, tmp_path):
    import kg

    (tmp_path / "hostile.txt").write_text(HOSTILE)
    graph = kg.build([tmp_path])
    out = graph.to_html(tmp_path / "hostile.html")
    raw = out.read_text()
    assert "<script>window.__pwned" not in raw and "<img src=x" not in raw
    page, errors, requests = open_page(browser, out)
    claim = next(
        n
        for n, d in graph.to_networkx().nodes(data=True)
        if d["kind"] == "claim" and any("<script>" in e["sentence"] for e in d["evidence"])
    )
    page.evaluate("id => window.kgView.network.selectNodes([id])", claim)
    page.evaluate("id => window.kgView.network.body.emitter.emit('click', {nodes: [id], edges: []})", claim)
    page.locator("#side", has_text="__pwned").wait_for(timeout=10000)  # a selector: no eval under the CSP
    side = page.inner_text("#side")
    assert "<script>window.__pwned='script'</script>" in side and "<img src=x" in side
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('#side img, #side script').length") == 0
    assert not errors and all(url.startswith(("file:", "data:")) for url in requests)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viewer-hostile.png"))


def test_focus_and_query_draw_part_of_the_graph(seeds_graph, tmp_path):
    from kg.core.errors import ViewerError
    from kg.view.html import select

    g = seeds_graph.to_networkx()
    near = select(seeds_graph.engine, g, None, "Bukamal", 1)
    assert "https://w3id.org/newskg/id/place/albu-kamal" in near and 1 < len(near) < len(g)
    backing = select(seeds_graph.engine, g, "CONSTRUCT { ?a kg:backs ?b } WHERE { ?a kg:backs ?b }", None, 1)
    assert {d["relation"] for _, _, d in backing.edges(data=True)} == {"backs"}
    with pytest.raises(ViewerError):
        select(seeds_graph.engine, g, None, "Atlantis", 1)


def test_geo_layout_puts_places_at_their_coordinates(seeds_graph):
    from kg.view.layout import geo_positions

    g = seeds_graph.to_networkx()
    geo = geo_positions(g)
    mosul, raqqa = "https://w3id.org/newskg/id/place/mosul", "https://w3id.org/newskg/id/place/raqqa"
    assert geo.positions[mosul][0] > geo.positions[raqqa][0]  # Mosul lies east of Raqqa
    assert geo.positions[mosul][1] < geo.positions[raqqa][1]  # and north (screen y grows downwards)
    left = geo.frame.box[0]
    us = "https://w3id.org/newskg/id/place/united-states"
    assert geo.arrows[us] in "←↖↙" and geo.positions[us][0] == left  # far west: at the frame's left edge


def test_large_graphs_get_positions_and_open_as_an_overview():
    from synthetic import kg_shaped_graph

    from kg.core.settings import DEFAULTS
    from kg.view.html import page_data

    g = kg_shaped_graph(DEFAULTS.overview_limit * 3)
    data = page_data(g, "auto")
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    grouped = [n for n in data["nodes"] if n.get("group")]
    assert {n["kind"] for n in grouped} >= {"event", "claim", "document"} and len(data["groups"]) > 5
    assert page_data(g, "auto", overview=False)["groups"] == []


def test_cli_html(seeds_ttl, tmp_path):
    from conftest import run_cli

    out = tmp_path / "g.html"
    proc = run_cli("html", str(seeds_ttl), "-o", str(out), "--focus", "Mosul", "--hops", "2", "--layout", "geo")
    assert proc.returncode == 0, proc.stderr
    assert "vis.Network" in out.read_text()
    bad = run_cli("html", str(seeds_ttl), "-o", str(out), "--focus", "Atlantis")
    assert bad.returncode != 0 and "no entity named 'Atlantis'" in bad.stderr.decode()


def test_the_legend_draws_exactly_the_shapes_and_colours_on_the_page(browser, seeds_page):
    """Each kind's legend symbol has the shape and colour its nodes are drawn with (both from
    ontology/facts/drawing.yaml), kinds differ in both, and each relation's line its edges' colour."""
    page, errors, _ = open_page(browser, seeds_page)
    legend = page.eval_on_selector_all(
        "#legend .item[data-kind]",
        "items => items.map(i => [i.dataset.kind, i.dataset.shape, i.dataset.color,"
        " i.querySelector('svg > *').tagName, i.querySelector('svg > *').getAttribute('fill')])",
    )
    drawn = page.evaluate(
        """() => { const out = {}; const net = window.kgView.network;
        for (const id of net.body.nodeIndices) { const n = window.kgView.nodes.get(id), o = net.body.nodes[id].options;
          if (n.status && n.status !== 'reported') continue;
          (out[n.kind] = out[n.kind] || new Set()).add(o.shape + ' ' + o.color.background); }
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]])); }"""
    )
    assert {"actor", "backer", "outlet", "place", "event", "claim"} <= {kind for kind, *_ in legend}
    for kind, shape, colour, tag, fill in legend:
        assert fill == colour
        assert tag == {"square": "rect", "dot": "circle"}.get(shape, "polygon")
        if kind in drawn:
            assert drawn[kind] == [f"{shape} {colour}"], kind
    assert len({shape for _, shape, *_ in legend}) == len(legend) == len({colour for _, _, colour, *_ in legend})
    lines = page.eval_on_selector_all(
        "#legend .item[data-relation]", "items => items.map(i => [i.dataset.relation, i.dataset.color])"
    )
    edge_colours = page.evaluate(
        "() => Object.fromEntries(window.kgView.edges.get().map(e => [e.relation, e.color.color]))"
    )
    assert dict(lines)["backs"] == "#d55e00"  # relations.yaml
    assert all(edge_colours[relation] == colour for relation, colour in lines)
    assert errors == []


def test_an_event_shows_its_date_its_precision_and_the_report_date(browser, seeds_graph, seeds_page):
    """`seizing the town of Al-Qaim ... last week` in a report of 8 November: the event's own date
    (the week before), at week precision, and the report's date beside it."""
    event = next(
        n
        for n, d in seeds_graph.to_networkx().nodes(data=True)
        if d["kind"] == "event" and any("last week" in e["sentence"] for e in d["evidence"])
    )
    page, errors, _ = open_page(browser, seeds_page)
    page.evaluate("id => window.kgView.network.body.emitter.emit('click', {nodes: [id], edges: []})", event)
    page.locator("#side", has_text="reported").wait_for(timeout=10000)
    assert "date: 2017-11-01 (week); reported 2017-11-08" in page.inner_text("#side")
    assert not errors


def test_an_event_told_by_several_reports_shows_its_status_and_every_report(browser, seeds_graph, seeds_page):
    """The capture of al-Qaim is told by three of the four seed reports: one node, its status
    with its independent sources, and each report's sentence in its panel."""
    event, data = next(
        (n, d)
        for n, d in seeds_graph.to_networkx().nodes(data=True)
        if d["kind"] == "event" and d["label"] == "Capture al-Qaim"
    )
    assert len({e["doc"] for e in data["evidence"]}) == 3
    page, errors, _ = open_page(browser, seeds_page)
    page.evaluate("id => window.kgView.network.body.emitter.emit('click', {nodes: [id], edges: []})", event)
    page.locator("#side", has_text="status").wait_for(timeout=10000)
    side = page.inner_text("#side")
    assert "status: reported (3 independent sources)" in side
    documents = seeds_graph.to_networkx().graph["documents"]
    titles = {documents[e["document"]].get("title", e["doc"]) for e in data["evidence"]}
    assert "Sources (3)" in side and all(title in side for title in titles)
    assert not errors


def test_a_contested_event_is_ringed_and_a_denied_one_drawn_hollow_and_dashed(browser, tmp_path):
    """Status visible at a glance: the capture one wire reports and a party denies is ringed in
    vermilion; the offensive only ever denied is hollow with a dashed border; a reported one is plain."""

    graph = build_wires(
        tmp_path,
        [
            ("a", "2017-11-17", "Reuters", "Iraqi forces recaptured the town of Rawa from Islamic State on Friday."),
            ("b", "2017-11-19", "AFP", "Islamic State denied that Iraqi forces had captured Rawa."),
            ("c", "2017-11-19", "AFP", "The Popular Mobilization Forces denied that their forces had entered Syria."),
            ("d", "2017-11-19", "AP", "Iraqi forces captured the town of Qaim from Islamic State on Friday."),
        ],
    )
    page_path = tmp_path / "status.html"
    graph.to_html(page_path)
    statuses = {
        d["label"]: (n, d.get("status")) for n, d in graph.to_networkx().nodes(data=True) if d["kind"] == "event"
    }
    page, errors, _ = open_page(browser, page_path)
    drawn = {
        label: page.evaluate(
            "id => { const o = window.kgView.network.body.nodes[id].options;"
            " return [o.color.background, o.color.border, o.shapeProperties.borderDashes]; }",
            node,
        )
        for label, (node, _) in statuses.items()
    }
    assert statuses["Capture Rawa"][1] == "contested" and drawn["Capture Rawa"][1].lower() == "#d55e00"
    assert statuses["Offensive Syria"][1] == "denied"
    assert drawn["Offensive Syria"][0].lower() == "#ffffff" and drawn["Offensive Syria"][2]
    assert statuses["Capture al-Qaim"][1] == "reported" and drawn["Capture al-Qaim"][2] is False
    assert not errors


CENTRE_ON = (
    "id => window.kgView.network.moveTo("
    "{position: window.kgView.network.getPositions([id])[id], scale: SCALE, animation: false})"
)


def click_on_canvas(page, point):
    """A real mouse click at a point of the network's own coordinates."""
    box = page.eval_on_selector("#net", "e => { const r = e.getBoundingClientRect(); return [r.x, r.y]; }")
    dom = page.evaluate("p => window.kgView.network.canvasToDOM(p)", point)
    page.mouse.click(box[0] + dom["x"], box[1] + dom["y"])


def test_clicking_an_edge_shows_its_relation_status_sources_and_sentences(browser, seeds_graph, seeds_page):
    """'United States backs Iraqi government': a mouse click on the line opens the sentences that
    say so, the documents they come from and the fact's status."""
    g = seeds_graph.to_networkx()
    page, errors, _ = open_page(browser, seeds_page)
    us, iraq = "https://w3id.org/newskg/id/place/united-states", "https://w3id.org/newskg/id/actor/iraqi-government"
    edge = page.evaluate(
        "([a, b]) => window.kgView.edges.get().find(e => e.from === a && e.to === b && e.relation === 'backs').id",
        [us, iraq],
    )
    page.evaluate("id => window.kgView.network.focus(id, {scale: 1.2, animation: false})", iraq)
    point = page.evaluate(
        """id => { const net = window.kgView.network, e = window.kgView.edges.get(id);
        const p = net.getPositions([e.from, e.to]), a = p[e.from], b = p[e.to];
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
          const q = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)}, dom = net.canvasToDOM(q);
          if (net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === id) return q; }
        return null; }""",
        edge,
    )
    if point is None:  # the line is off screen or under a node at this zoom: bring it to the middle
        page.evaluate(
            CENTRE_ON.replace("SCALE", "2.5"),
            us,
        )
        point = page.evaluate("id => window.kgView.network.getPositions([id])[id]", us)
        point = {"x": point["x"] + 1, "y": point["y"]}
    assert point is not None
    click_on_canvas(page, point)
    page.locator("#side h3", has_text="backs").wait_for(timeout=10000)
    side = page.inner_text("#side")
    sentences = [e["sentence"] for e in g.edges[us, iraq, "backs"]["evidence"]]
    assert "United States backs Iraqi government" in side
    assert all(sentence in side for sentence in sentences) and "status: reported" in side
    assert "Sources (2)" in side
    assert not errors


def test_an_event_panel_names_its_sides_and_a_source_opens_the_document(browser, seeds_graph, seeds_page):
    """An event's panel gives agent, place, status and sources; a source opens the document's
    panel with its publisher and every fact it gave, each a link back."""
    g = seeds_graph.to_networkx()
    event = next(n for n, d in g.nodes(data=True) if d["label"] == "Capture al-Qaim")
    page, errors, _ = open_page(browser, seeds_page)
    page.evaluate("id => window.kgView.show(id)", event)
    side = page.inner_text("#side")
    assert "agent: Iraqi government" in side and "place: al-Qaim" in side and "status: reported" in side
    reuters_doc = next(
        n
        for n, d in g.nodes(data=True)
        if d["kind"] == "document"
        and d.get("publisher") == "Reuters"
        and any(e["document"] == n for e in g.nodes[event]["evidence"])
    )
    page.click(f"#side ul.sources button:text-is('{g.nodes[reuters_doc].get('title', g.nodes[reuters_doc]['doc'])}')")
    page.locator("#side", has_text="facts from it").wait_for(timeout=10000)
    side = page.inner_text("#side")
    assert "publisher: Reuters" in side and "Capture al-Qaim (event)" in side
    facts = sum(1 for _, d in g.nodes(data=True) if any(e["document"] == reuters_doc for e in d["evidence"])) + sum(
        1 for *_, d in g.edges(data=True) if any(e["document"] == reuters_doc for e in d.get("evidence", []))
    )
    assert f"{facts} facts from it" in side
    page.click("#side button:text-is('Capture al-Qaim (event)')")
    assert "agent: Iraqi government" in page.inner_text("#side")
    assert not errors


def test_search_ignores_case_and_accents_and_says_when_nothing_matches(browser, seeds_page):
    page, errors, _ = open_page(browser, seeds_page)
    page.fill("#search", "AL-QĀIM")
    assert "https://w3id.org/newskg/id/place/al-qaim" in page.evaluate("window.kgView.network.getSelectedNodes()")
    assert page.inner_text("#side h3") == "al-Qaim"
    page.fill("#search", "deir ezzor")  # an alias written without its hyphen
    assert "Deir ez-Zor" in page.inner_text("#side h3")
    page.fill("#search", "Atlantis")
    side = page.inner_text("#side")
    assert "Nothing is named “Atlantis”" in side and "Deir ez-Zor" not in side
    assert page.evaluate("window.kgView.network.getSelectedNodes()") == []
    assert not errors


def test_status_and_source_filters_hide_what_they_name(browser, seeds_graph, seeds_page):
    g = seeds_graph.to_networkx()
    claimed = {n for n, d in g.nodes(data=True) if d.get("status") == "claimed"}
    assert claimed
    page, errors, _ = open_page(browser, seeds_page)
    page.uncheck("#statuses input[value=claimed]")
    shown = set(page.evaluate("window.kgView.visibleIds()"))
    assert not shown & claimed and any(g.nodes[n].get("status") == "reported" for n in shown)
    page.check("#statuses input[value=claimed]")
    page.select_option("#source", "Reuters")
    shown = set(page.evaluate("window.kgView.visibleIds()"))
    documents = g.graph["documents"]
    for n in shown:
        evidence = g.nodes[n]["evidence"]
        if g.nodes[n]["kind"] in {"event", "claim"}:
            assert any(documents[e["document"]].get("publisher") == "Reuters" for e in evidence), n
    assert any(g.nodes[n]["kind"] == "event" for n in shown)
    assert len(shown) < len(g)
    assert not errors


def test_the_date_slider_hides_later_events_and_the_strip_lists_a_day(browser, seeds_graph, seeds_page):
    g = seeds_graph.to_networkx()
    days = sorted({d["date"] for _, d in g.nodes(data=True) if d["kind"] == "event" and len(d.get("date", "")) == 10})
    early, late = days[0], days[-1]
    later = {n for n, d in g.nodes(data=True) if d["kind"] == "event" and d.get("date", "") > early}
    page, errors, _ = open_page(browser, seeds_page)
    assert later <= set(page.evaluate("window.kgView.visibleIds()"))
    page.eval_on_selector(
        "#asof",
        "(s, day) => { s.value = String(Date.parse(day + 'T00:00:00Z') / 86400000);"
        " s.dispatchEvent(new Event('input')); }",
        early,
    )
    assert early in page.inner_text("#asof-label")
    shown = set(page.evaluate("window.kgView.visibleIds()"))
    assert not shown & later
    assert any(g.nodes[n]["kind"] == "actor" for n in shown)  # who and where stay
    page.click(f"#timeline button.tick[data-day='{late}']")
    side = page.inner_text("#side")
    assert f"Events of {late}" in side
    same_day = [d["label"] for _, d in g.nodes(data=True) if d["kind"] == "event" and d.get("date") == late]
    assert all(label in side for label in same_day)
    assert not errors


def test_the_geo_view_spans_the_page_with_far_backers_at_its_edge(browser, seeds_graph, tmp_path):
    """On the map the theatre fills the page; the United States, a backer across the world, sits at
    the map's edge behind an arrow instead of shrinking the theatre to a speck; outlines drawn."""
    path = seeds_graph.to_html(tmp_path / "geo.html", layout="geo")
    page, errors, _ = open_page(browser, path)
    box = page.eval_on_selector("#net", "e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }")
    placed = page.evaluate(
        """() => { const net = window.kgView.network, out = [];
        const shown = new Set(window.kgView.visibleIds());
        for (const n of window.kgView.nodes.get())
          if (n.kind === 'place' && n.lat !== undefined && !n.far && shown.has(n.id))
            out.push(net.canvasToDOM(net.getPositions([n.id])[n.id]));
        return out; }"""
    )
    xs, ys = [p["x"] for p in placed], [p["y"] for p in placed]
    assert max(xs) - min(xs) > 0.5 * box[0] or max(ys) - min(ys) > 0.5 * box[1]
    us = page.evaluate("id => window.kgView.nodes.get(id)", "https://w3id.org/newskg/id/place/united-states")
    assert us["far"] and us["label"][0] in "←↖↙"
    dom = page.evaluate(
        "id => window.kgView.network.canvasToDOM(window.kgView.network.getPositions([id])[id])", us["id"]
    )
    assert -20 <= dom["x"] <= box[0] + 20 and -20 <= dom["y"] <= box[1] + 20
    colours = page.evaluate(
        """() => { const c = document.querySelector('#net canvas'), ctx = c.getContext('2d'), seen = new Set();
        for (let x = 5; x < c.width; x += 37) for (let y = 5; y < c.height; y += 41) {
          const d = ctx.getImageData(x, y, 1, 1).data; seen.add(d[0] + ',' + d[1] + ',' + d[2]); }
        return [...seen]; }"""
    )
    assert "251,251,248" in colours  # the basemap's land
    assert not errors
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viewer-seeds-geo.png"))


def test_first_view_labels_are_legible_and_large_graphs_open_as_an_overview(browser, seeds_page, tmp_path):
    """At the first zoom every label drawn is at least 12 px, for the seeds and for 5,000 nodes;
    5,000 nodes open grouped, and a click on a group opens it."""
    from synthetic import kg_shaped_graph

    from kg.view.html import render

    page, errors, _ = open_page(browser, seeds_page)
    sizes = page.evaluate("window.kgView.labelSizes()")
    assert len(sizes) >= 10 and min(sizes) >= 12
    path = tmp_path / "big.html"
    path.write_text(render(kg_shaped_graph(5000)), encoding="utf-8")
    page, errors, _ = open_page(browser, path)
    sizes = page.evaluate("window.kgView.labelSizes()")
    assert len(sizes) >= 10 and min(sizes) >= 12
    before = page.evaluate("window.kgView.drawn()")
    assert before["nodes"] < 2500
    groups = page.evaluate(
        "() => window.kgView.nodes.get().filter(n => n.kind === 'group' && n.memberKind === 'event')"
        ".sort((a, b) => b.members - a.members).slice(0, 10)"
    )
    for group in groups:  # the biggest event group a click lands on alone at this zoom
        page.evaluate(CENTRE_ON.replace("SCALE", "1.5"), group["id"])
        point = page.evaluate("id => window.kgView.network.getPositions([id])[id]", group["id"])
        dom = page.evaluate("p => window.kgView.network.canvasToDOM(p)", point)
        if page.evaluate("p => window.kgView.network.getNodeAt(p)", dom) == group["id"]:
            break
    click_on_canvas(page, point)
    after = page.evaluate("window.kgView.drawn()")
    assert after["nodes"] == before["nodes"] - 1 + group["members"]
    assert group["id"] not in page.evaluate("window.kgView.visibleIds()")
    assert not errors
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viewer-5000.png"))


def test_a_contested_relation_is_drawn_glowing_and_its_panel_shows_both_sides(browser, tmp_path):
    """Two wires say Iran backs the PMF, a third that Iran denied it: the edge is drawn with the
    contested glow, and its panel gives the status and all three reports' sentences, the denial
    marked as one."""

    graph = build_wires(
        tmp_path,
        [
            ("a", "2017-11-17", "Reuters", "Iran backs the Popular Mobilization Forces."),
            ("b", "2017-11-18", "AFP", "Iran backs the Popular Mobilization Forces."),
            ("c", "2017-11-19", "Associated Press", "Iran denied that it backs the Popular Mobilization Forces."),
        ],
    )
    page, errors, _ = open_page(browser, graph.to_html(tmp_path / "backing.html"))
    edge = page.evaluate("() => window.kgView.edges.get().find(e => e.relation === 'backs')")
    assert edge["status"] == "contested"
    drawn = page.evaluate(
        "id => { const o = window.kgView.network.body.edges[id].options; return [o.shadow.enabled, o.shadow.color]; }",
        edge["id"],
    )
    assert drawn == [True, "#d55e00"]  # the contested ring of ontology/facts/drawing.yaml
    page.evaluate("id => window.kgView.showEdge(id)", edge["id"])
    side = page.inner_text("#side")
    assert "status: contested" in side and "Sources (3)" in side
    assert side.count("Iran backs the Popular Mobilization Forces.") == 2
    assert "denies it: Iran denied that it backs the Popular Mobilization Forces." in side
    assert not errors


def test_a_50000_node_graph_opens_as_an_overview_and_stays_responsive(browser, tmp_path):
    """50,000 nodes open drawing a few thousand (the rest grouped); search still reaches a node
    inside a group, opening it."""
    from synthetic import kg_shaped_graph

    from kg.view.html import render

    g = kg_shaped_graph(50_000)
    path = tmp_path / "huge.html"
    path.write_text(render(g), encoding="utf-8")
    page, errors, _ = open_page(browser, path)
    drawn = page.evaluate("window.kgView.drawn()")
    assert 100 < drawn["nodes"] < 3_000
    page.fill("#search", "Attack 4242")
    assert page.evaluate("window.kgView.network.getSelectedNodes()") == ["event/4242"]
    assert page.inner_text("#side h3") == "Attack 4242"
    assert page.evaluate("window.kgView.drawn().nodes") > drawn["nodes"]  # its group opened
    assert not errors
