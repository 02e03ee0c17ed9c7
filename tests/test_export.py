"""Exports for the tools analysts use: an ACLED-style table a spreadsheet opens with names, not
IRIs; GraphML and GEXF networkx (and so Gephi) reads; JSON-LD any RDF tool parses."""

from __future__ import annotations

import typing

import networkx as nx
import pandas as pd
import pytest
from conftest import run_cli
from rdflib import Graph

from kg.core.errors import UnsupportedFormat
from kg.resources.facts import FactSpecs
from kg.resources.schemas import Acled

ACLED_EVENT_TYPES = set(typing.get_args(Acled.model_fields["event_type"].annotation))
"""ACLED's six event types, as the spec schema allows them."""


@pytest.fixture(scope="module")
def acled(seeds_graph, tmp_path_factory) -> pd.DataFrame:
    path = seeds_graph.export(tmp_path_factory.mktemp("acled") / "events.csv", format="acled")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_acled_export_has_acleds_columns_and_names_never_iris(acled):
    assert list(acled.columns) == FactSpecs.load().acled_export.columns
    assert len(acled) > 10 and acled["event_id_cnty"].is_unique
    assert not acled.apply(lambda col: col.str.contains("https://")).any().any()
    assert set(acled["event_type"]) <= ACLED_EVENT_TYPES


def test_acled_rows_read_like_an_analysts_coding(acled):
    qaim = acled[(acled["location"] == "al-Qaim") & (acled["actor1"] == "Iraqi government")]
    assert not qaim.empty
    row = qaim.iloc[0]
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Government regains territory")
    assert (row["country"], row["admin1"], row["geo_precision"]) == ("Iraq", "Anbar Governorate", "1")
    assert float(row["latitude"]) == pytest.approx(34.39, abs=0.05)
    assert "al-Qaim" in row["notes"] or "Qaim" in row["notes"]
    islamic_state = acled[acled["actor1"] == "Islamic State"]
    assert set(islamic_state["sub_event_type"]) <= {"Non-state actor overtakes territory", "Armed clash"}
    dated = acled[acled["event_date"] == "2017-11-08"]
    # the day the text gives (1), or the report's week for an event the text does not date (2)
    assert not dated.empty and set(dated["time_precision"]) == {"1", "2"} and set(dated["year"]) == {"2017"}
    assert set(acled[acled["event_date"] == ""]["time_precision"]) <= {""}  # no report date: never guessed
    assert {"Reuters", "Houston Chronicle"} <= {name for cell in acled["source"] for name in cell.split("; ")}
    assert set(acled[acled["location"] == "Syria"]["geo_precision"]) <= {"3"}


def test_network_exports_open_in_networkx_with_labels_and_counts(seeds_graph, tmp_path):
    for name in ("seeds.graphml", "seeds.gexf"):
        path = seeds_graph.export(tmp_path / name)
        g = nx.read_graphml(path) if name.endswith("graphml") else nx.read_gexf(path)
        labels = {data["label"]: n for n, data in g.nodes(data=True)}
        russia, syria = labels["Russia"], labels["Syrian government"]
        assert g.nodes[russia]["kind"] == "backer" and g.nodes[russia]["colour"].startswith("#")
        backs = [d for _, o, d in g.out_edges(russia, data=True) if o == syria and d["relation"] == "backs"]
        assert backs and int(backs[0]["sources"]) >= 2  # two of the seed reports say so
        assert float(g.nodes[labels["Mosul"]]["lat"]) == pytest.approx(36.34, abs=0.05)


def test_jsonld_export_is_the_same_graph_with_a_compact_context(seeds_graph, tmp_path):
    path = seeds_graph.export(tmp_path / "seeds.jsonld")
    text = path.read_text(encoding="utf-8")
    assert '"@context"' in text and '"kg:backs"' in text
    assert len(Graph().parse(path, format="json-ld")) == len(seeds_graph)


def test_facts_csv_has_a_label_beside_every_iri(seeds_graph, tmp_path):
    facts = pd.read_csv(seeds_graph.export(tmp_path / "facts.csv"))
    russia = facts[(facts["subjectLabel"] == "Russia") & (facts["relation"] == "backs")]
    assert "Syrian government" in set(russia["objectLabel"])
    assert facts["subjectLabel"].notna().all() and facts["objectLabel"].notna().all()


def test_export_refuses_a_format_that_does_not_fit_the_file(seeds_graph, seeds_ttl, tmp_path):
    with pytest.raises(UnsupportedFormat, match=r"\.gexf"):
        seeds_graph.export(tmp_path / "x.csv", format="gexf")
    proc = run_cli("export", str(seeds_ttl), "-o", str(tmp_path / "x.png"))
    assert proc.returncode == 2 and "give --format" in proc.stderr.decode()
    proc = run_cli("export", str(seeds_ttl), "--format", "acled", "-o", str(tmp_path / "events.csv"))
    assert proc.returncode == 0 and "event_id_cnty" in (tmp_path / "events.csv").read_text(encoding="utf-8")
    assert not (tmp_path / "x.png").exists()


def test_article_text_never_becomes_a_spreadsheet_formula(tmp_path):
    """A quote that starts with `=` or `@` reaches the notes and facts as text a spreadsheet shows,
    not a formula it runs; a negative longitude stays a number; --keep-formulas writes them raw."""
    import kg
    from kg.query.formats import spreadsheet_cell

    assert spreadsheet_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_cell("@SUM(A1)") == "'@SUM(A1)" and spreadsheet_cell("+cmd|'/C calc'!A0").startswith("'+")
    assert spreadsheet_cell("-3.2") == "-3.2" and spreadsheet_cell(-3.2) == -3.2 and spreadsheet_cell("Rawa") == "Rawa"
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("=1+2 Iraqi forces captured Rawa on Friday.\n", encoding="utf-8")
    graph = kg.build([tmp_path / "news"])
    guarded = pd.read_csv(graph.export(tmp_path / "events.csv", format="acled"), dtype=str)
    assert guarded["notes"].str.startswith("'=").all()
    raw = pd.read_csv(graph.export(tmp_path / "raw.csv", format="acled", keep_formulas=True), dtype=str)
    assert raw["notes"].str.startswith("=").all()
    proc = run_cli(
        "query", str(graph.serialize(tmp_path / "g.ttl")), "SELECT ?s WHERE { ?e kg:sentence ?s }", "--format", "csv"
    )
    assert proc.stdout.decode().splitlines()[1].startswith("'=")
