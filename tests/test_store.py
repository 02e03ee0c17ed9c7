"""The persistent store: incremental, idempotent, replaced on change, safe when killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, SEEDS, run_cli
from rdflib import RDFS

from kg.core.errors import StaleSummaryWarning
from kg.knowledge_graph import open_graph

ID = "https://w3id.org/newskg/id/"


def doc_versions(store) -> dict[str, int]:
    frame = open_graph(store).query("""SELECT ?id (COUNT(DISTINCT ?g) AS ?n) WHERE {
        GRAPH ?g { ?d a kg:Document ; dcterms:identifier ?id } } GROUP BY ?id""")
    return dict(zip(frame["id"], frame["n"], strict=True))


def test_store_build_is_idempotent_and_queryable(tmp_path):
    store = tmp_path / "store"
    first = run_cli("build", str(SEEDS), "--store", str(store), "--no-progress")
    assert first.returncode == 0 and "4 added" in first.stderr.decode()
    graph = open_graph(store)
    triples = len(graph)
    del graph
    second = run_cli("build", str(SEEDS), "--store", str(store), "--no-progress")
    assert second.returncode == 0 and "0 added" in second.stderr.decode() and "4 unchanged" in second.stderr.decode()
    graph = open_graph(store)
    assert len(graph) == triples
    assert set(doc_versions(store).values()) == {1}
    backs = graph.saved("who_backs_whom")
    assert ("Russia", "Syrian government") in set(zip(backs["backerLabel"], backs["backedLabel"], strict=True))


def test_changed_document_is_replaced_and_its_old_facts_go(tmp_path):
    corpus, store = tmp_path / "news", tmp_path / "store"
    corpus.mkdir()
    article = corpus / "a.txt"
    article.write_text("Russian-backed Syrian troops captured Rawa on Friday, the army said.")
    assert run_cli("build", str(corpus), "--store", str(store), "--no-progress").returncode == 0
    backs = open_graph(store).saved("who_backs_whom")
    assert list(zip(backs["backerLabel"], backs["backedLabel"], backs["documents"], strict=True)) == [
        ("Russia", "Syrian government", 1)
    ]
    article.write_text("Iranian-backed militias captured Palmyra on Friday, the army said.")
    proc = run_cli("build", str(corpus), "--store", str(store), "--no-progress")
    assert proc.returncode == 0 and "1 replaced" in proc.stderr.decode()
    graph = open_graph(store)
    places = set(graph.query("SELECT ?p WHERE { ?e a kg:Capture ; kg:place ?p }")["pLabel"])
    assert places == {"Palmyra"}
    assert doc_versions(store) == {"a": 1}
    assert set(graph.saved("who_backs_whom")["backerLabel"]) == {"Iran"}  # the tallies were recounted


def test_build_killed_midway_keeps_every_completed_document(tmp_path):
    corpus, store = tmp_path / "news", tmp_path / "store"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(40):
        src = seeds[i % len(seeds)]
        (corpus / f"doc{i:02d}.txt").write_text(src.read_text() + f"\n(copy {i})\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "-v", str(corpus), "--store", str(store), "--no-progress"],
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
    )
    stored: list[str] = []
    deadline = time.time() + 300
    while len(stored) < 3 and time.time() < deadline:
        line = proc.stderr.readline().decode()
        if not line and proc.poll() is not None:
            break
        if line.startswith("kg: stored "):
            stored.append(line.split()[-1])
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(stored) >= 3, "the build never reported stored documents"
    with pytest.warns(StaleSummaryWarning):  # the store opens after a kill, and says its counts lag
        versions = doc_versions(store)
    assert set(stored) <= set(versions) and len(versions) < 40
    assert set(versions.values()) == {1}
    stale = run_cli("query", str(store), "--saved", "who_backs_whom", "--format", "csv")
    assert stale.returncode == 0 and "kg: warning:" in stale.stderr.decode() and "predate" in stale.stderr.decode()
    resumed = run_cli("build", str(corpus), "--store", str(store), "--no-progress")
    assert resumed.returncode == 0
    err = resumed.stderr.decode()
    assert f"{len(versions)} unchanged" in err and f"{40 - len(versions)} added" in err
    assert len(doc_versions(store)) == 40
    fresh = run_cli("query", str(store), "--saved", "who_backs_whom", "--format", "csv")
    assert fresh.returncode == 0 and "warning" not in fresh.stderr.decode()
    russia = next(line for line in fresh.stdout.decode().splitlines() if line.startswith(f"{ID}place/russia,"))
    assert russia.split(",")[1] == "Russia" and russia.split(",")[4] == "40"  # every copy says Russia backs someone


def test_store_refuses_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    proc = run_cli("build", str(SEEDS), "--store", str(tmp_path), "--no-progress")
    assert proc.returncode != 0 and "not a newskg store" in proc.stderr.decode()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_load_reads_a_store_as_well_as_a_file(tmp_path, seeds_ttl):
    import kg

    store = tmp_path / "store"
    assert run_cli("build", str(SEEDS), "--store", str(store), "--no-progress").returncode == 0
    from_store, from_file = kg.load(store), kg.load(seeds_ttl)
    q = "SELECT ?p WHERE { ?p a kg:City }"
    assert set(from_store.query(q)["p"]) == set(from_file.query(q)["p"])


def test_a_changed_ontology_replaces_the_stored_copy(tmp_path):
    import pyoxigraph as ox

    from kg.core.vocab import ONTOLOGY_GRAPH
    from kg.store.engine import Engine

    graph = ox.NamedNode(ONTOLOGY_GRAPH)

    def in_its_graph(engine: Engine) -> int:
        return len(list(engine.store.quads_for_pattern(None, None, None, graph)))

    engine = Engine(ox.Store(str(tmp_path / "store"))).add_ontology()
    before = in_its_graph(engine)
    assert before > 100 and len(engine) == 0  # the default graph is the data's alone
    assert in_its_graph(engine.add_ontology()) == before  # the same file again adds nothing
    changed = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", changed)
    kg_ttl = changed / "kg.ttl"
    kg_ttl.write_text(kg_ttl.read_text() + "\nkg:Ambush a owl:Class ; rdfs:subClassOf kg:Event .\n")
    engine.add_ontology(changed)
    assert in_its_graph(engine) == before + 2 and len(engine) == 0
    assert engine.frame(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ kg:Ambush rdfs:subClassOf kg:Event }} }}")["ask"][0]


def test_an_ontology_copy_an_older_version_put_in_the_union_goes(tmp_path):
    """Stores written before the ontology had a graph of its own kept a copy in the default graph."""
    import pyoxigraph as ox

    from kg.core.vocab import ONTOLOGY_GRAPH
    from kg.store.engine import Engine

    store = ox.Store(str(tmp_path / "store"))
    old = [
        ox.Quad(
            ox.NamedNode("https://w3id.org/newskg/ontology#Capture"),
            ox.NamedNode(str(RDFS.label)),
            ox.Literal("capture"),
            g,
        )
        for g in (ox.NamedNode(ONTOLOGY_GRAPH), ox.DefaultGraph())
    ]
    store.extend(old)
    assert len(Engine(store).add_ontology()) == 0


def test_a_document_extracted_with_other_rules_is_extracted_again(tmp_path):
    """The build stamp: a store keeps what older rules extracted only until the rules change."""
    from test_resources import edit, ontology_copy

    corpus, store = tmp_path / "news", tmp_path / "store"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Syrian troops, with the backing of Russia, captured Rawa on Friday.")
    assert run_cli("build", str(corpus), "--store", str(store), "--no-progress").returncode == 0
    stamp = open_graph(store).query("SELECT ?s ?w WHERE { ?d kg:buildStamp ?s ; kg:extractedWith ?w }")
    assert len(stamp) == 1 and "newskg_events" in stamp["w"][0]
    assert set(open_graph(store).saved("who_backs_whom")["backerLabel"]) == {"Russia"}
    again = run_cli("build", str(corpus), "--store", str(store), "--no-progress")
    assert "1 unchanged" in again.stderr.decode()

    folder = ontology_copy(tmp_path)  # the same text, a lexicon without `backing` as a help noun
    edit(folder / "lexicon" / "cues.yaml", "  nouns: [help, support, backing,", "  nouns: [help, support,")
    changed = run_cli("build", str(corpus), "--store", str(store), "--no-progress", "--ontology", str(folder))
    assert changed.returncode == 0 and "1 replaced" in changed.stderr.decode(), changed.stderr.decode()
    graph = open_graph(store)
    assert doc_versions(store) == {"a": 1}
    new_stamp = graph.query("SELECT ?s WHERE { ?d kg:buildStamp ?s }")["s"]
    assert list(new_stamp) != list(stamp["s"])
    assert graph.saved("who_backs_whom").empty  # what the old rules found is gone with them
