"""The whole-graph tallies the aggregate saved queries read: right, current, and never exported."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
from conftest import ROOT, SEEDS, run_cli

import kg
from kg.core.vocab import SUMMARY_GRAPH
from kg.store.engine import Engine

# The counts as the evidence nodes give them, computed the slow way for comparison.
BACKING_FROM_EVIDENCE = """
SELECT ?backer ?backed (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?evidence) AS ?sentences)
WHERE { ?evidence rdf:predicate kg:backs ; rdf:subject ?backer ; rdf:object ?backed ; prov:wasDerivedFrom ?doc . }
GROUP BY ?backer ?backed
"""
CLAIMS_FROM_CLAIMS = """
SELECT ?claimant ?stance (COUNT(?claim) AS ?claims) (COUNT(DISTINCT ?doc) AS ?documents)
WHERE { ?claim a kg:Claim ; kg:claimant ?claimant ; kg:stance ?stance ; prov:wasDerivedFrom ?doc . }
GROUP BY ?claimant ?stance
"""


def rows(frame, *columns) -> set[tuple]:
    return set(zip(*(frame[c] for c in columns), strict=True))


def test_tallies_equal_the_counts_over_the_evidence(seeds_graph):
    backing = ("backer", "backed", "documents", "sentences")
    saved = seeds_graph.saved("who_backs_whom")
    assert len(saved) >= 8 and rows(saved, *backing) == rows(seeds_graph.query(BACKING_FROM_EVIDENCE), *backing)
    claims = ("claimant", "stance", "claims", "documents")
    saved = seeds_graph.saved("claims_by_claimant")
    assert len(saved) >= 10 and rows(saved, *claims) == rows(seeds_graph.query(CLAIMS_FROM_CLAIMS), *claims)
    assert saved["example"].notna().all()


def test_tallies_stay_out_of_the_data_and_its_exports(tmp_path):
    store = tmp_path / "store"
    assert run_cli("build", str(SEEDS), "--store", str(store), "--no-progress").returncode == 0
    graph = kg.load(store)
    assert graph.query("SELECT ?t WHERE { ?t a kg:BackingTally }").empty  # not in the default graph
    in_summary = f"SELECT ?t WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?t a kg:BackingTally }} }}"
    assert len(graph.query(in_summary)) >= 8
    trig = graph.serialize(tmp_path / "seeds.trig").read_text()
    assert SUMMARY_GRAPH not in trig and "BackingTally" not in trig
    assert not any("Tally" in str(data.get("type", "")) for _, data in graph.to_networkx().nodes(data=True))


def test_refresh_rewrites_only_when_documents_or_counting_changed(seeds_ttl, tmp_path):
    engine = Engine.from_file(seeds_ttl)
    assert engine.refresh_summary() is True
    assert engine.refresh_summary() is False  # nothing changed: the counts stand
    changed = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", changed)
    backing = changed / "summaries" / "backing.ru"
    backing.write_text(backing.read_text() + "\n# counted differently\n")
    assert engine.refresh_summary(changed) is True  # a newer way of counting: recounted
    assert engine.refresh_summary() is True and engine.refresh_summary() is False
    tallies = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?t a ?kind }} }}"
    before = engine.frame(tallies)["n"][0]
    new_graph = ox.NamedNode("urn:x:graph")
    engine.store.add(ox.Quad(ox.NamedNode("urn:x:d"), ox.NamedNode("urn:x:p"), ox.Literal("x"), new_graph))
    assert engine.refresh_summary() is True  # a new document graph: recounted, not added twice
    assert engine.frame(tallies)["n"][0] == before
