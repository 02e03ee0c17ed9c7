"""The quickstart notebook runs end to end in a real kernel and shows what it promises: tables of
names (no IRIs, no NaN), the network and the map inline without warnings, actors ranked without
the media outlets that report on them, and charts that count events, not the reports telling them."""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"
PROBE = """
import json
print(json.dumps({
    "ranking": ranking["actor"].tolist(),
    "places": {
        t.get_text(): float(bar.get_width()) for t, bar in zip(place_chart.get_yticklabels(), place_chart.patches)
    },
    "dates": {
        t.get_text(): float(sum(bars[i].get_height() for bars in time_chart.containers))
        for i, t in enumerate(time_chart.get_xticklabels())
    },
}))
"""
"""Appended to the notebook (in memory only) to read what the charts drew and the ranking held,
from the same kernel, so the test checks the bars a reader sees rather than re-running the code."""


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook after one run in a python3 kernel, with the probe's answer as its last output."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE, metadata={"tags": ["probe"]}))
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    nbformat.write(nb, tmp_path_factory.mktemp("notebook") / "quickstart-executed.ipynb")
    return nb


def _outputs(nb, tag: str | None = None) -> list:
    """Outputs of the notebook's own code cells (the probe left out), or of the cell tagged `tag`."""
    cells = [c for c in nb.cells if c.cell_type == "code" and "probe" not in c.metadata.get("tags", [])]
    if tag is not None:
        cells = [c for c in cells if tag in c.metadata.get("tags", [])]
        assert len(cells) == 1, f"one cell tagged {tag!r}"
    return [o for cell in cells for o in cell.get("outputs", [])]


def _html(outputs: list) -> str:
    return "\n".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)


def _stdout(outputs: list) -> str:
    return "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")


def _probe(nb) -> dict:
    return json.loads(_stdout(nb.cells[-1].outputs))


def test_quickstart_runs_and_answers_the_saved_questions(executed):
    outputs = _outputs(executed)
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "Russia" in text and "Syrian government" in text  # who backs whom
    assert "Russia -> Syrian government" in text  # the backing network from networkx
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # events per place, events over time


def test_tables_show_names_not_iris_or_nan(executed):
    tables = [o for o in _outputs(executed) if "<table" in str(o.get("data", {}).get("text/html", ""))]
    assert len(tables) >= 5  # backing, captures, claims, the entity, the ranking
    for table in tables:
        shown = table.data["text/html"]
        assert not re.search(r"<td>\s*https?://", shown), shown  # no cell is an IRI
        assert not re.search(r"<td>\s*(NaN|None|nan)\s*</td>", shown), shown
        assert not re.search(r"<th>\w+Label</th>", shown), shown  # headed by plain words
    entity = _html(_outputs(executed, "entity"))
    for row in [("located in", "Syria"), ("other name", "Bukamal"), ("type", "City"), ("latitude", "34.45226")]:
        assert re.search(rf"<td>{re.escape(row[0])}</td>\s*<td>{re.escape(row[1])}</td>", entity), row
    assert '"Bukamal" was taken as Albu Kamal' in _stdout(_outputs(executed, "entity"))


def test_the_network_and_the_map_show_inline(executed):
    pages = [str(o.get("data", {}).get("text/html", "")) for o in _outputs(executed)]
    frames = [page for page in pages if "<iframe" in page]
    assert len(frames) == 2 and frames[0] != frames[1]  # the network, then the map: two views, not one twice


def test_no_cell_writes_a_warning(executed):
    """A reader sees no warning box: in particular `show()` must not trip IPython's
    "Consider using IPython.display.IFrame" warning (kg/view/html.py notebook_view)."""
    warnings = [o.text for o in _outputs(executed) if o.output_type == "stream" and o.name == "stderr"]
    assert not warnings, warnings


def test_media_outlets_are_kept_out_of_the_actor_ranking(executed, seeds_graph):
    import networkx as nx

    G = seeds_graph.to_networkx()
    outlets = {d["label"] for _, d in G.nodes(data=True) if d["type"] == "MediaOutlet"}
    assert {"Reuters", "AFP", "SANA"} <= outlets
    centrality = nx.degree_centrality(G.to_undirected())
    everyone = [n for n, d in G.nodes(data=True) if d["kind"] in {"actor", "backer", "outlet"}]
    unfiltered = {G.nodes[n]["label"] for n in sorted(everyone, key=centrality.get, reverse=True)[:8]}
    assert outlets & unfiltered  # a wire service would rank among the top eight if it were counted

    ranking = _probe(executed)["ranking"]
    assert len(ranking) == 8 and {"Iraqi government", "Syrian government", "Islamic State"} <= set(ranking)
    assert not outlets & set(ranking)
    shown = _html(_outputs(executed, "ranking"))
    assert not [name for name in outlets if f"<td>{html.escape(name)}</td>" in shown]


def test_the_charts_count_events_not_reports(executed, seeds_graph):
    timeline = seeds_graph.saved("timeline", limit=None)
    drawn = _probe(executed)

    placed = timeline.dropna(subset=["placeLabel"])
    events = placed.groupby("placeLabel")["event"].nunique()
    assert drawn["places"] == {place: float(n) for place, n in events.items()}
    reports = placed.groupby("placeLabel").size()
    assert (reports > events).any()  # some event is told by several reports: rows would overcount it

    dated = timeline.dropna(subset=["date"])
    when = dated["date"] + " (" + dated["precision"] + ")"
    assert drawn["dates"] == {w: float(n) for w, n in dated.groupby(when)["event"].nunique().items()}
    undated = timeline.loc[timeline["date"].isna(), "event"].nunique()
    assert f"{undated} events have no date and are not drawn" in _stdout(_outputs(executed, "timeline-chart"))
