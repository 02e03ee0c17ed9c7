"""The HTML viewer in real headless Chromium: offline, counts, search, filters, hostile text."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS

HOSTILE = (
    "BEIRUT (Reuters) - Iraqi forces captured Rawa on Friday, the army said. "
    "A statement said <img src=x onerror=\"window.__pwned='img'\"> fighters fled "
    "<script>window.__pwned='script'</script> toward Albu Kamal, the Syrian army said.\n"
)


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
    page, errors, requests = open_page(browser, seeds_page)
    g = seeds_graph.to_networkx()
    drawn = page.evaluate("window.kgView.drawn()")
    assert drawn == {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
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
    from kg.view.html import geo_positions

    g = seeds_graph.to_networkx()
    pos = geo_positions(g)
    mosul, raqqa = "https://w3id.org/newskg/id/place/mosul", "https://w3id.org/newskg/id/place/raqqa"
    assert pos[mosul][0] > pos[raqqa][0]  # Mosul lies east of Raqqa
    assert pos[mosul][1] < pos[raqqa][1]  # and north (screen y grows downwards)


def test_large_graphs_get_positions_and_no_physics():
    import networkx as nx

    from kg.view.html import PHYSICS_LIMIT, page_data

    g = nx.MultiDiGraph()
    for i in range(PHYSICS_LIMIT * 3):
        g.add_node(f"n{i}", label=f"Node {i}", type="City", kind="place", aliases=[], evidence=[])
        if i:
            g.add_edge(f"n{i}", f"n{i // 2}", relation="locatedIn")
    data = page_data(g, "auto")
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_cli_html(seeds_ttl, tmp_path):
    from conftest import run_cli

    out = tmp_path / "g.html"
    proc = run_cli("html", str(seeds_ttl), "-o", str(out), "--focus", "Mosul", "--hops", "2", "--layout", "geo")
    assert proc.returncode == 0, proc.stderr
    assert "vis.Network" in out.read_text()
    bad = run_cli("html", str(seeds_ttl), "-o", str(out), "--focus", "Atlantis")
    assert bad.returncode != 0 and "no entity named 'Atlantis'" in bad.stderr.decode()


def test_the_legend_draws_each_relation_as_its_fact_spec_says(browser, seeds_page):
    page, errors, _ = open_page(browser, seeds_page)
    style = page.eval_on_selector_all(
        "#legend span.line",
        "lines => lines.map(l => [l.dataset.relation, getComputedStyle(l).borderTopStyle,"
        " getComputedStyle(l).borderTopColor])",
    )
    drawn = {relation: (kind, colour) for relation, kind, colour in style}
    assert drawn["backs"] == ("solid", "rgb(213, 94, 0)")  # #d55e00 in ontology/facts/relations.yaml
    assert drawn["opposes"][0] == "dashed"
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
    assert all(doc in side for doc in {e["doc"] for e in data["evidence"]})
    assert not errors


def test_a_contested_event_is_ringed_and_a_denied_one_drawn_hollow_and_dashed(browser, tmp_path):
    """Status visible at a glance: the capture one wire reports and a party denies is ringed in
    red; the offensive only ever denied is hollow with a dashed border; a reported one is plain."""
    import json

    import kg

    rows = [
        {
            "id": "a",
            "date": "2017-11-17",
            "publisher": "Reuters",
            "text": "Iraqi forces recaptured the town of Rawa from Islamic State on Friday.",
        },
        {
            "id": "b",
            "date": "2017-11-19",
            "publisher": "AFP",
            "text": "Islamic State denied that Iraqi forces had captured Rawa.",
        },
        {
            "id": "c",
            "date": "2017-11-19",
            "publisher": "AFP",
            "text": "The Popular Mobilization Forces denied that their forces had entered Syria.",
        },
        {
            "id": "d",
            "date": "2017-11-19",
            "publisher": "AP",
            "text": "Iraqi forces captured the town of Qaim from Islamic State on Friday.",
        },
    ]
    (tmp_path / "wires.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    graph = kg.build(tmp_path / "wires.jsonl")
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
    assert statuses["Capture Rawa"][1] == "contested" and drawn["Capture Rawa"][1].lower() == "#f03e3e"
    assert statuses["Offensive Syria"][1] == "denied"
    assert drawn["Offensive Syria"][0].lower() == "#ffffff" and drawn["Offensive Syria"][2]
    assert statuses["Capture al-Qaim"][1] == "reported" and drawn["Capture al-Qaim"][2] is False
    assert not errors
