"""Where places are: text patterns, the gazetteer's containment, coordinates, roles of people."""

from __future__ import annotations

import pytest
from helpers import relations


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Fighting reached Iraq's Tal Afar.", ("place/tal-afar", "place/iraq")),
        ("Troops took most of the town of Kafr Nabudah, Syria, on Friday.", None),
        ("The Syrian border town of Bukamal was shelled.", ("place/albu-kamal", "place/syria")),
        (
            "Albu Kamal lies in the oil-rich eastern province of Deir Ezzor.",
            ("place/albu-kamal", "place/deir-ez-zor-governorate"),
        ),
        # a town the NER took for an organisation, placed by `in` after its place noun
        (
            "Militants attacked a base in the town of Elbe in Gedo region of Somalia.",
            ("place/elbe", "place/gedo-so-ge"),
        ),
        # `Hiran region` as a compound before the place noun, the NER having taken `Hiran` alone
        (
            "The army chief visited the Hiran region village of Yasoman in Somalia.",
            ("place/yasoman", "place/hiiraan-so-hi"),
        ),
    ],
)
def test_located_in_from_text(extract, text, pair):
    found = relations(extract(text), "locatedIn")
    if pair is None:  # an unknown town placed by `X, Syria`
        assert any(obj == "place/syria" for _, obj in found)
    else:
        assert pair in found


def test_near_from_text(extract):
    r = extract("Government forces are 40 km from Albu Kamal, the Syrian town across the border from al-Qaim.")
    assert ("place/albu-kamal", "place/al-qaim") in relations(r, "near")


def test_near_stays_in_the_clause_of_the_name(extract):
    r = extract("Russia's defence ministry said its warplanes had struck positions near Deir Ezzor on Monday.")
    assert not any(subject == "place/russia" for subject, _ in relations(r, "near"))
    strike = next(e for e in r.events if e.type == "AirStrike")  # the place belongs to the strike
    assert strike.places == ["place/deir-ez-zor"]


def test_gazetteer_containment_and_coordinates_in_the_graph(seeds_graph):
    rows = seeds_graph.query("""SELECT ?lat ?long ?country WHERE {
        ?p rdfs:label "Mosul" ; geo:lat ?lat ; geo:long ?long ;
        kg:locatedIn+ ?c . ?c a kg:Country ; rdfs:label ?country }""")
    assert list(rows["country"]) == ["Iraq"]
    assert abs(float(rows["lat"][0]) - 36.335) < 0.05 and abs(float(rows["long"][0]) - 43.119) < 0.05


def test_no_place_in_the_graph_that_no_article_names_except_countries(seeds_graph):
    rows = seeds_graph.query("""SELECT ?p WHERE { ?p a/rdfs:subClassOf* kg:Place .
        FILTER NOT EXISTS { ?p kg:mentionedIn ?d } FILTER NOT EXISTS { ?p a kg:Country }
        FILTER NOT EXISTS { ?doc dcterms:spatial|dcterms:publisher ?p } }""")
    assert rows.empty, rows


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Iraq's Prime Minister Haidar Abadi spoke.", ("headOfGovernment", "actor/haider-al-abadi", "place/iraq")),
        ("President Bashar al-Assad spoke.", ("headOfState", "actor/bashar-al-assad", "place/syria")),
        (
            "SDF spokesman Talal Silo told Reuters the city fell.",
            ("spokespersonFor", "actor/talal-silo", "actor/syrian-democratic-forces"),
        ),
        (
            "Islamic State's leader, Abu Bakr al-Baghdadi, is in hiding.",
            ("leaderOf", "actor/abu-bakr-al-baghdadi", "actor/islamic-state"),
        ),
    ],
)
def test_roles(extract, text, triple):
    predicate, person, org = triple
    assert (person, org) in relations(extract(text), predicate)


@pytest.mark.parametrize(
    "text", ["Iraq borders Syria.", "The fighting spread to Iraq, which borders Syria to the west."]
)
def test_borders_where_stated(extract, text):
    assert ("place/iraq", "place/syria") in relations(extract(text), "borders")


def test_a_dateline_brings_no_country_of_its_own(tmp_path):
    import kg

    (tmp_path / "a.txt").write_text("AMMAN (Reuters) - Iraqi forces captured Rawa on Friday.")
    graph = kg.build([tmp_path])
    countries = set(graph.query("SELECT ?c WHERE { ?c a kg:Country }")["cLabel"])
    assert countries == {"Iraq"}
    assert "Amman" in set(graph.query("SELECT ?p WHERE { ?d dcterms:spatial ?p }")["pLabel"])


def test_role_in_apposition_with_for(extract):
    r = extract("Brigadier General Yahya Rasool, a spokesman for Iraq's Joint Operations Command, said the city fell.")
    assert ("actor/yahya-rasool", "actor/iraqi-joint-operations-command") in relations(r, "spokespersonFor")
