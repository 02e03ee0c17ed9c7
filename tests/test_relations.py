"""Who backs whom, fights beside whom and fights whom: each cue family with sentences of our own."""

from __future__ import annotations

import pytest
from helpers import relations

US, RU, IR, TR = "place/united-states", "place/russia", "place/iran", "place/turkey"
SYR, IRQ, SDF, YPG = "actor/syrian-government", "actor/iraqi-government", "actor/syrian-democratic-forces", "actor/ypg"
PMF, IS, HEZ = "actor/popular-mobilization-forces", "actor/islamic-state", "actor/hezbollah"


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Russia supports the Syrian government.", (RU, SYR)),  # active
        ("Iran has armed and trained the Popular Mobilization Forces.", (IR, PMF)),  # coordinated verbs
        ("The Syrian army, backed by Russian air strikes, advanced.", (RU, SYR)),  # passive, means
        ("The Syrian army, backed by Russian air power, advanced.", (RU, SYR)),  # a means of two words
        ("The Kurdish YPG militia, which is backed by the United States, advanced.", (US, YPG)),  # relative clause
        ("The U.S.-backed SDF entered the town.", (US, SDF)),  # hyphenated adjective
        ("Iranian-backed Shi'ite paramilitaries joined the battle for Tal Afar in Iraq.", (IR, PMF)),
        ("The United States provided air support to the Iraqi army on Friday.", (US, IRQ)),  # giving support
        ("With help from Russia, the Syrian army retook the city.", (RU, SYR)),  # help phrase
        ("Fighters from the pro-regime Hezbollah movement advanced near Damascus.", (HEZ, SYR)),  # pro-X
    ],
)
def test_backing_cues(extract, text, pair):
    assert pair in relations(extract(text), "backs")


def test_coordinated_backers_and_backed(extract):
    r = extract(
        "In Iraq, the army and Shi'ite armed groups, backed both by the U.S.-led coalition and by Iran, "
        "advanced on Hawija."
    )
    backs = relations(r, "backs")
    assert {("actor/us-led-coalition", IRQ), (IR, IRQ), (IR, PMF), ("actor/us-led-coalition", PMF)} <= backs


def test_suspended_coordination_names_both_backers(extract):
    r = extract("The Turkish- and U.S.-backed SDF clashed with Islamic State.")
    assert {(TR, SDF), (US, SDF)} <= relations(r, "backs")


def test_direction_backer_is_the_subject(extract):
    r = extract("Iran and Russia support the government of President Bashar al-Assad.")
    assert relations(r, "backs") == {(IR, SYR), (RU, SYR)}


def test_negated_and_future_backing_is_not_backing(extract):
    assert not relations(extract("Russia does not support the Syrian government."), "backs")
    assert not relations(extract("Turkey will arm the Syrian rebels next year."), "backs")


def test_stated_backing_is_backing(extract):
    assert relations(extract("Russia supports the Syrian government."), "backs") == {(RU, SYR)}
    assert relations(extract("Turkey armed the Syrian rebels last year."), "backs") == {
        (TR, "actor/syrian-opposition-rebels")
    }


def test_fighting_alongside_is_alliance_not_backing(extract):
    r = extract("Iranian-backed forces fighting with the Syrian army announced an offensive.")
    assert ("actor/syrian-progovernment-militias", SYR) in relations(r, "alliedWith")
    assert ("actor/syrian-progovernment-militias", SYR) not in relations(r, "backs")
    assert (IR, "actor/syrian-progovernment-militias") in relations(r, "backs")


def test_fighting_against_is_enmity(extract):
    r = extract("The U.S.-led coalition has been bombing Islamic State in Syria.")
    assert ("actor/us-led-coalition", IS) in relations(r, "opposes")
    assert ("actor/us-led-coalition", IS) not in relations(r, "backs")


def test_led_is_leadership_not_backing(extract):
    r = extract("The U.S.-led coalition said it struck Raqqa.")
    assert (US, "actor/us-led-coalition") in relations(r, "leads")
    assert not relations(r, "backs")


def test_seed_backing_has_one_evidence_node_per_sentence(seeds_graph):
    rows = seeds_graph.query("""SELECT ?b ?a (COUNT(DISTINCT ?ev) AS ?n) (COUNT(DISTINCT ?s) AS ?sents) WHERE {
        ?b kg:backs ?a . ?ev rdf:subject ?b ; rdf:predicate kg:backs ; rdf:object ?a ; kg:sentence ?s ;
        prov:wasDerivedFrom ?d . ?d a kg:Document } GROUP BY ?b ?a""")
    assert len(rows) >= 5
    assert (rows["n"] == rows["sents"]).all()
    russia = rows[(rows["bLabel"] == "Russia") & (rows["aLabel"] == "Syrian government")]
    assert int(russia["n"].iloc[0]) >= 3


@pytest.mark.parametrize(
    ("text", "predicate", "pair"),
    [
        ("The Syrian army, with Russian air support, pushed into Mayadin.", "backs", (RU, SYR)),
        ("Under Russian air cover, the Syrian army advanced on Palmyra.", "backs", (RU, SYR)),
        ("The YPG receives weapons from the United States.", "backs", (US, YPG)),
        ("Tehran has supplied weapons and advisers to the Iraqi government.", "backs", (IR, IRQ)),
        ("Hezbollah, a close ally of Iran, sent fighters to Syria.", "alliedWith", (HEZ, IR)),
        (
            "Iran-allied militias fought near Deir al-Zor in Syria.",
            "alliedWith",
            ("actor/syrian-progovernment-militias", IR),
        ),
    ],
)
def test_more_ways_of_saying_backing_and_alliance(extract, text, predicate, pair):
    assert pair in relations(extract(text), predicate)


def test_an_army_lending_its_artillery_backs_not_its_state_as_well(extract):
    r = extract("Hezbollah fighters, backed by Syrian army artillery, seized Arsal from Nusra Front militants.")
    assert relations(r, "backs") == {("actor/syrian-government", "actor/hezbollah")}


def test_a_hyphenated_backer_in_apposition_backs_the_group_named_before(extract):
    r = extract("Iraqi officials said Kataib Hezbollah, an Iranian-backed militia, had crossed into Syria.")
    assert ("place/iran", "actor/kataib-hezbollah") in relations(r, "backs")


def test_no_evidence_of_backing_is_no_backing(extract):
    assert not relations(extract("The Pentagon said it had no evidence that Iran was arming the Houthis."), "backs")
    assert relations(extract("The Pentagon said Iran was arming the Houthis."), "backs") == {
        ("place/iran", "actor/houthis")
    }


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # members named by their group: the group is backed
        ("Rwanda and Uganda are supporting the M23 rebels.", ("place/uganda", "actor/m23-ucdp-1160")),
        # sent with the purpose of backing
        ("Turkish troops are being deployed to Libya to support the GNA.", ("actor/turkish-armed-forces", "actor/gna")),
        # who acts `in support of` others backs them
        (
            "Kenyan troops attacked the town in support of Somali forces.",
            ("actor/kenyan-government", "actor/somali-government"),
        ),
    ],
)
def test_backing_told_the_ways_wires_from_elsewhere_tell_it(extract, text, pair):
    assert pair in relations(extract(text), "backs")


def test_a_deployment_or_a_purpose_that_may_be_is_no_backing(extract):
    assert not relations(extract("Turkey deployed troops to Borno state in Nigeria last month."), "backs")
    assert not relations(extract("Turkey may deploy troops to Libya to support the GNA."), "backs")
