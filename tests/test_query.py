"""Asking the graph: the Python API, saved queries and `kg query` with every format and a binding."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import ROOT, run_cli

from kg.core.errors import QueryError
from kg.query.saved import saved_queries

ID = "https://w3id.org/newskg/id/"


def test_query_returns_a_dataframe_with_labels(seeds_graph):
    frame = seeds_graph.query("SELECT ?b ?a WHERE { ?b kg:backs ?a }")
    assert {"b", "bLabel", "a", "aLabel"} <= set(frame.columns)
    assert ("Russia", "Syrian government") in set(zip(frame["bLabel"], frame["aLabel"], strict=True))


def test_binding_is_a_value_not_query_text(seeds_graph):
    found = seeds_graph.saved("entity", name="Bukamal")
    assert set(found["entity"]) == {"https://w3id.org/newskg/id/place/albu-kamal"}
    injection = 'x" ) } } SELECT * WHERE { ?s ?p ?o } #'
    with pytest.raises(QueryError, match="no actor or place named like"):
        seeds_graph.saved("entity", name=injection)
    hostile = seeds_graph.query("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", name=injection)
    assert hostile.empty  # the text stayed a literal: it matched no name and changed nothing


def test_every_saved_query_states_its_question_and_runs(seeds_graph):
    queries = saved_queries()
    assert {
        "who_backs_whom",
        "places_changed_hands",
        "claims_by_claimant",
        "contested_facts",
        "entity",
        "timeline",
        "places_with_coordinates",
    } <= set(queries)
    for name, path in queries.items():
        first = path.read_text().splitlines()[0]
        assert first.startswith("# ") and first.rstrip().endswith("?"), name
        frame = seeds_graph.saved(name, **({"name": "Iraq"} if name == "entity" else {}))
        if name != "contested_facts":
            assert not frame.empty, name


def test_who_backs_whom_counts_sources(seeds_graph):
    frame = seeds_graph.saved("who_backs_whom")
    row = frame[(frame["backerLabel"] == "Russia") & (frame["backedLabel"] == "Syrian government")].iloc[0]
    assert row["documents"] >= 3 and row["sentences"] >= row["documents"]


def test_places_changed_hands_names_source_and_date(seeds_graph):
    frame = seeds_graph.saved("places_changed_hands")
    qaim = frame[frame["placeLabel"] == "al-Qaim"]
    assert set(qaim["agentLabel"]) == {"Iraqi government"}
    assert "Haider al-Abadi" in set(qaim["claimantLabel"].dropna())


def test_contested_facts_find_an_asserted_and_denied_event(tmp_path):
    import kg

    (tmp_path / "a.txt").write_text(
        "Abadi said Iraqi forces had liberated Mosul, but Islamic State rejected the claim."
    )
    frame = kg.build([tmp_path]).saved("contested_facts")
    assert list(zip(frame["asserterLabel"], frame["denierLabel"], strict=True)) == [
        ("Haider al-Abadi", "Islamic State")
    ]


@pytest.fixture(scope="module")
def graph_file(seeds_ttl):
    return str(seeds_ttl)


def test_cli_table_with_binding(graph_file):
    proc = run_cli("query", graph_file, "--saved", "entity", "--bind", "name=Bukamal")
    out = proc.stdout.decode()
    assert proc.returncode == 0 and "Albu Kamal" in out and "rows)" in out


def test_cli_csv_tsv_json(graph_file):
    q = "SELECT ?p ?lat ?name WHERE { ?p rdfs:label ?name ; geo:lat ?lat }"
    out = {}
    for fmt in ("csv", "tsv", "json"):
        proc = run_cli("query", graph_file, q, "--bind", "name=Mosul", "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        out[fmt] = proc.stdout.decode()
    row = next(iter(csv.DictReader(io.StringIO(out["csv"]))))
    assert row["p"].endswith("place/mosul") and row["pLabel"] == "Mosul"  # a name beside every IRI
    assert out["tsv"].splitlines()[:2] == ["p\tpLabel\tlat\tname", f"{row['p']}\tMosul\t{row['lat']}\tMosul"]
    answer = json.loads(out["json"])
    assert answer["head"]["vars"] == ["p", "pLabel", "lat", "name"]
    binding = answer["results"]["bindings"][0]
    assert binding["lat"]["value"].startswith("36.3") and binding["lat"]["datatype"].endswith("#decimal")
    assert binding["pLabel"] == {"type": "literal", "value": "Mosul"}


def test_cli_query_file(graph_file, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Capture }")
    proc = run_cli("query", graph_file, str(rq), "--format", "csv")
    assert proc.returncode == 0 and int(proc.stdout.decode().split()[1]) >= 4


def test_cli_bad_sparql_gives_line_and_column(graph_file):
    proc = run_cli("query", graph_file, "SELECT ?x WHERE {\n  ?x ?p \n}")
    err = proc.stderr.decode()
    assert proc.returncode != 0 and "line 3" in err and "column" in err


def test_cli_unknown_saved_query_lists_the_saved_ones(graph_file):
    proc = run_cli("query", graph_file, "--saved", "nope")
    assert proc.returncode != 0 and "who_backs_whom" in proc.stderr.decode()


def test_cli_list_shows_questions():
    proc = run_cli("query", str(ROOT), "--list")
    assert "Who backs whom" in proc.stdout.decode()


def test_listing_pages_cover_every_row_once(graph_file):
    every = run_cli("query", graph_file, "--saved", "timeline", "--all", "--format", "csv")
    assert every.returncode == 0 and "full page" not in every.stderr.decode()
    all_rows = _filled_cells(every.stdout.decode())
    assert len(all_rows) > 12
    pages: list[list[dict]] = []
    hints: list[bool] = []
    for offset in range(0, len(all_rows) + 5, 5):  # 5 events a page; an event told twice is two rows
        page = run_cli(
            "query", graph_file, "--saved", "timeline", "--limit", "5", "--offset", str(offset), "--format", "csv"
        )
        assert page.returncode == 0
        pages.append(_filled_cells(page.stdout.decode()))
        hints.append(f"--offset {offset + 5}" in page.stderr.decode())
    paged = [row for page in pages for row in page]
    assert sorted(map(str, paged)) == sorted(map(str, all_rows))  # every row once
    dates = [row.get("date", "~") for row in paged]  # the reports of one event come in store order
    assert dates == sorted(dates)  # dated events first, in date order, then undated
    assert hints == [any(later) for later in (pages[i + 1 :] for i in range(len(pages)))]  # "more follow" iff they do
    assert not pages[-1] and hints[0]


def _filled_cells(text: str) -> list[dict[str, str]]:
    """CSV rows as their non-empty cells: a page whose IRI column is empty throughout has no
    label column for it (there is nothing to label), so pages are compared cell by cell."""
    import csv
    import io

    return [{k: v for k, v in row.items() if v} for row in csv.DictReader(io.StringIO(text))]


def test_saved_listing_in_python_comes_a_page_at_a_time(seeds_graph):
    every = seeds_graph.saved("places_with_coordinates", limit=None)
    first = seeds_graph.saved("places_with_coordinates", limit=10)
    second = seeds_graph.saved("places_with_coordinates", limit=10, offset=10)
    assert len(every) > 20 and len(first) == len(second) == 10
    assert list(first["place"]) + list(second["place"]) == list(every["place"][:20])
    assert list(every["name"]) == sorted(every["name"])
    with pytest.raises(QueryError, match="whole numbers"):  # a page size is a number, never query text
        seeds_graph.saved("timeline", limit="5 } } DROP ALL #")


def test_limit_on_a_query_without_a_page_is_refused(graph_file):
    proc = run_cli("query", graph_file, "SELECT ?p WHERE { ?p a kg:City }", "--limit", "3")
    assert proc.returncode != 0 and "no page" in proc.stderr.decode()
    assert run_cli("query", graph_file, "--saved", "timeline", "--limit", "many").returncode == 2


def test_the_ontology_is_in_its_own_graph_not_the_default_one(seeds_graph):
    """Queries over data see data: no class or property declaration answers `?s ?p ?o`, and the
    class tree is still there for a query that asks the ontology's graph."""
    declared = "SELECT ?c WHERE { ?c a owl:Class }"
    assert seeds_graph.query(declared).empty
    in_its_graph = seeds_graph.query("SELECT ?c WHERE { GRAPH kgr:graph\\/ontology { ?c rdfs:subClassOf* kg:Event } }")
    assert {"https://w3id.org/newskg/ontology#Capture", "https://w3id.org/newskg/ontology#Siege"} <= set(
        in_its_graph["c"]
    )
    subjects = set(seeds_graph.query("SELECT DISTINCT ?x WHERE { ?x ?p ?o }")["x"])
    assert any(s.endswith("place/albu-kamal") for s in subjects)
    assert not [s for s in subjects if s.startswith("https://w3id.org/newskg/ontology#")]  # no class, no property


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Abu Kamal", "Albu Kamal"),  # a near spelling of the canonical name
        ("deir ezzor", "Deir ez-Zor"),  # case, space and transliteration
        ("BUKAMAL", "Albu Kamal"),  # an alias, shouted
        ("Mosel", "Mosul"),  # a typo
        ("ISIS", "Islamic State"),  # an alias
    ],
)
def test_an_entity_is_found_by_any_spelling(seeds_graph, typed, found):
    matches = seeds_graph.lookup(typed)
    assert matches["label"][0] == found, matches
    facts = seeds_graph.saved("entity", name=typed)
    assert set(facts["entityLabel"]) == {found} and len(facts) > 3


def test_a_table_read_by_its_label_columns_shows_names_only(seeds_graph):
    """Every bound cell of a labelled column has a name beside it: a property by its label (or
    its name in words), a literal as written, a GeoNames link by authority and id, an evidence
    node by its sentence; a label is empty only where the query left the value unbound."""
    facts = seeds_graph.saved("entity", name="Bukamal")
    assert facts["propertyLabel"].notna().all() and facts["valueLabel"].notna().all()
    assert not [v for v in facts["valueLabel"] if v.startswith(("http://", "https://"))]
    shown = set(zip(facts["propertyLabel"], facts["valueLabel"], strict=True))
    assert {
        ("type", "City"),
        ("latitude", "34.45226"),
        ("other name", "Bukamal"),
        ("same as", "GeoNames 174448"),
        ("located in", "Syria"),
    } <= shown
    said = facts.loc[facts["propertyLabel"] == "subject", "valueLabel"]
    assert any(sentence.startswith("Albu Kamal lies on the Syrian side") for sentence in said)
    captures = seeds_graph.saved("places_changed_hands")
    assert captures["claimant"].isna().any()  # a report in its own voice: no claimant, no name
    assert (captures["claimant"].isna() == captures["claimantLabel"].isna()).all()


def test_lookup_ranks_matches_and_finds_nothing_for_nonsense(seeds_graph):
    ranked = seeds_graph.lookup("deir ezzor")
    assert list(ranked["label"][:2]) == ["Deir ez-Zor", "Deir ez-Zor Governorate"]
    assert list(ranked["score"]) == sorted(ranked["score"], reverse=True)
    assert seeds_graph.lookup("Qwxzt").empty


def test_saved_entity_without_a_name_says_how_to_give_one(graph_file):
    proc = run_cli("query", graph_file, "--saved", "entity")
    assert proc.returncode == 2 and "--bind name=" in proc.stderr.decode()
    said = run_cli("query", graph_file, "--saved", "entity", "--bind", "name=deir ezzor", "--format", "csv")
    assert said.returncode == 0 and "taken as Deir ez-Zor" in said.stderr.decode()
    assert said.stdout.decode().splitlines()[1].startswith(f"{ID}place/deir-ez-zor,Deir ez-Zor,")
