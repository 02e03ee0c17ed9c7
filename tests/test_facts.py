"""Fact specs (ontology/facts/): one entry per event and relation type, read by every stage."""

from __future__ import annotations

import pytest
from conftest import ROOT
from rdflib import Graph, Namespace
from test_resources import edit, ontology_copy

from kg.core.errors import ResourceError
from kg.resources.facts import FactSpecs

SH = Namespace("http://www.w3.org/ns/shacl#")
KG = Namespace("https://w3id.org/newskg/ontology#")


def test_every_spec_example_behaves(nlp):
    """Each positive example sentence yields its type, each negative one does not."""
    from kg.builder.pipeline import check_examples

    assert check_examples(nlp) == []
    specs = FactSpecs.load(None)
    assert sum(len(s.examples.positive) for s in specs.events.values()) >= len(specs.events)


def test_the_shapes_require_every_slot_a_spec_requires():
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    required = set()
    for shape in shapes.subjects(SH.targetClass, None):
        for target in shapes.objects(shape, SH.targetClass):
            for prop in shapes.objects(shape, SH.property):
                if shapes.value(prop, SH.minCount) is not None and int(shapes.value(prop, SH.minCount)) >= 1:
                    required.add(
                        (str(target).removeprefix(str(KG)), str(shapes.value(prop, SH.path)).removeprefix(str(KG)))
                    )
    specs = FactSpecs.load(None)
    for name in specs.events:
        for slot in specs.required_slots(name):
            assert (name, slot) in required, f"shapes.ttl does not require kg:{slot} of kg:{name}"


def test_a_new_event_type_is_a_spec_entry_and_cue_words(tmp_path):
    """Shelling was added with an entry in facts/events.yaml, its cues and its class, no code:
    it is extracted, written with its class, listed by the timeline and drawn."""
    import kg

    (tmp_path / "news.txt").write_text(
        "Syrian government forces shelled the town of Douma on Sunday, killing 12 people.\n"
        "Houthi fighters fired rockets at the city of Marib on Tuesday.\n"
    )
    graph = kg.build([tmp_path / "news.txt"])
    shelling = graph.query("SELECT ?agent ?place WHERE { ?e a kg:Shelling ; kg:agent ?agent ; kg:place ?place }")
    assert set(shelling["placeLabel"]) == {"Douma", "Marib"}
    timeline = graph.saved("timeline")
    assert "https://w3id.org/newskg/ontology#Shelling" in set(timeline["type"])
    drawn = {d["type"] for _, d in graph.to_networkx().nodes(data=True) if d["kind"] == "event"}
    assert "Shelling" in drawn


def test_the_claimant_fallback_is_the_specs_not_the_codes(tmp_path, nlp):
    """`Rawa was liberated, the army said`: the capture's agent comes from its claimant because the
    Capture spec says `fallback: claimant`; without it the capture has no agent and is dropped."""
    from kg.builder.pipeline import build_pipeline
    from kg.builder.work import extract_text

    text = "Rawa was liberated on Friday, the Iraqi army said."
    assert [e.agents for e in extract_text(nlp, text).events] == [["actor/iraqi-government"]]
    folder = ontology_copy(tmp_path)
    edit(folder / "facts" / "events.yaml", "agent: {required: true, fallback: claimant}", "agent: {required: true}")
    without = build_pipeline(ontology_dir=folder)
    assert extract_text(without, text, ontology_dir=folder).events == []


def test_an_unknown_rule_fails_when_the_pipeline_is_built(tmp_path):
    from kg.builder.pipeline import build_pipeline

    folder = ontology_copy(tmp_path)
    edit(folder / "facts" / "events.yaml", "rules: [objects_are_ground]", "rules: [objects_are_grond]")
    with pytest.raises(ResourceError, match="objects_are_grond"):
        build_pipeline(ontology_dir=folder)


def test_a_misbehaving_example_is_reported_by_kg_check(tmp_path):
    from conftest import run_cli

    folder = ontology_copy(tmp_path)
    edit(
        folder / "facts" / "events.yaml", '"Syrian troops may encircle Albu Kamal."', '"Syrian troops encircled Raqqa."'
    )
    proc = run_cli("check", "--ontology", str(folder))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "examples that misbehave" in err and "Siege" in err and "Traceback" not in err
    ok = run_cli("check")
    assert ok.returncode == 0 and "event Shelling" in ok.stdout.decode()


def test_the_pipeline_order_meets_every_components_needs(nlp):
    problems = nlp.analyze_pipes()["problems"]
    assert set(problems) >= {"newskg_events", "newskg_claims"}  # the components declared what they need
    assert all(not missing for missing in problems.values())


def test_viewer_edges_follow_the_relation_specs(nlp):
    from kg.view.html import edge_colours

    colours = edge_colours(FactSpecs.load(None))
    assert colours["backs"] == "#d55e00" and colours["opposes"] == "#cc79a7"
    assert set(FactSpecs.load(None).claimable) == {"backs", "alliedWith", "opposes", "leads"}
