"""Claims: attributed statements with claimant, stance, text, outlet and links to events."""

from __future__ import annotations

import pytest
from helpers import claims, events


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Iraqi forces captured Rawa, the army said.", "actor/iraqi-government"),
        ("The Syrian Observatory for Human Rights said 30 people died.", "actor/sohr"),
        ("According to SANA, troops entered the town.", "actor/sana"),
        ("An Iraqi military statement said Akashat was captured.", "actor/iraqi-government"),
        ("Hezbollah announced that its fighters reached the border.", "actor/hezbollah"),
    ],
)
def test_claim_cues(extract, text, claimant):
    assert (claimant, "Assertion") in claims(extract(text))


def test_denial_has_denial_stance(extract):
    r = extract("The Hashed al-Shaabi paramilitary alliance has denied that its forces entered Syria.")
    assert claims(r) == {("actor/popular-mobilization-forces", "Denial")}


def test_outlet_from_told(extract):
    r = extract("A Syrian military source told Reuters that engineers were clearing mines in Deir al-Zor.")
    claim = r.claims[0]
    assert claim.outlet == "actor/reuters"
    source = r.entities[claim.claimant]
    assert source.type == "AnonymousSource" and source.label == "Syrian military source"
    assert source.affiliation == "actor/syrian-government"


def test_pronoun_and_definite_source_refer_back(extract):
    r = extract(
        "A Syrian military source told Reuters the battle was over. The source added that fighters "
        "had surrendered. It will be finished soon, he said."
    )
    assert len({c.claimant for c in r.claims}) == 1 and len(r.claims) == 3


def test_claimed_capture_is_linked_and_marked_attributed(extract):
    r = extract("Iraq's Prime Minister Haidar Abadi announced that government forces had captured al-Qaim.")
    claim, capture = r.claims[0], events(r, "Capture")[0]
    assert claim.claimant == "actor/haider-al-abadi" and capture.ident in claim.asserts
    assert capture.attributed


def test_stated_capture_is_not_attributed(extract):
    capture = events(extract("Iraqi forces captured al-Qaim on Friday."), "Capture")[0]
    assert not capture.attributed


def test_denial_of_a_claim_denies_its_event(extract):
    r = extract("Abadi said Iraqi forces had liberated Mosul, but Islamic State rejected the claim.")
    capture = events(r, "Capture")[0]
    denial = next(c for c in r.claims if c.stance == "Denial")
    assert capture.ident in denial.asserts


def test_unnamed_source_without_a_side_makes_no_claimant(extract):
    assert not extract("Officials on both sides of the border said the war could end soon.").claims


def test_unnamed_source_with_a_side_is_an_anonymous_source_of_that_side(extract):
    r = extract("An Iraqi military source said the war could end soon.")
    assert claims(r) == {("actor/source/iraqi-military-source", "Assertion")}
    assert r.entities["actor/source/iraqi-military-source"].affiliation == "actor/iraqi-government"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Iraqi army officials said the war could end soon.", "actor/iraqi-government"),
        # a country with no curated government gets the one generated for it
        (
            "Afghan forces retook a district of Afghanistan. Afghan officials said the Taliban burned buildings.",
            "actor/afghan-government",
        ),
        ("Officials in Mali said fighters stormed the town of Nampala before dawn.", "actor/malian-government"),
        # no side in the words: the government of the country the story is set in
        (
            "Abu Sayyaf militants attacked troops in the southern Philippines. "
            "A military spokesman said five militants died.",
            "actor/filipino-government",
        ),
    ],
)
def test_officials_speak_for_their_government(extract, text, claimant):
    assert claimant in {who for who, _ in claims(extract(text))}


def test_seed_claims_end_to_end(seeds_graph):
    rows = seeds_graph.query("""SELECT ?who ?stance ?id WHERE { ?c a kg:Claim ; kg:claimant ?w ; kg:stance ?stance ;
        prov:wasDerivedFrom ?d . ?w rdfs:label ?who . ?d dcterms:identifier ?id }""")
    found = set(zip(rows["id"], rows["who"], rows["stance"], strict=True))
    ns = "https://w3id.org/newskg/ontology#"
    assert ("002_3015488c8860971d", "Popular Mobilization Forces", ns + "Denial") in found
    assert ("000_186d0da5b90adb4b", "Haider al-Abadi", ns + "Assertion") in found
    assert ("002_3015488c8860971d", "SANA", ns + "Assertion") in found
    asserted = seeds_graph.query("SELECT ?c ?e WHERE { ?c kg:asserts ?e . ?e a kg:Capture }")
    assert len(asserted) >= 3


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("The Russian defence ministry said its jets had struck positions near Albu Kamal.", "place/russia"),
        ("The Kremlin said talks on Syria would continue.", "place/russia"),
        ("The Pentagon said U.S. troops had not entered Raqqa.", "actor/us-military"),
    ],
)
def test_ministries_and_capitals_speak_for_their_state(extract, text, claimant):
    assert (claimant, "Assertion") in claims(extract(text))


def test_long_unnamed_source_keeps_a_short_label(extract):
    r = extract(
        "A commander in the military alliance fighting in support of President Bashar al-Assad said the "
        "army had taken the town."
    )
    source = r.entities[r.claims[0].claimant]
    assert source.label == "commander in the military alliance"
    assert source.affiliation in {"actor/syrian-government", "actor/bashar-al-assad"}  # its side


def test_institution_speaks_for_its_state_and_relative_clause_denials(extract):
    r = extract(
        "Russia's defence ministry said its jets flew 40 sorties. Kurdish officials accused the Hashd "
        "al-Shaabi of looting homes, a charge the group rejected."
    )
    assert ("place/russia", "Assertion") in claims(r)
    assert ("actor/popular-mobilization-forces", "Denial") in claims(r)
    assert not any(v.type == "AnonymousSource" for v in r.entities.values())


def test_claims_carry_relations_and_the_publisher_is_the_default_outlet(tmp_path):
    import kg

    (tmp_path / "a.txt").write_text(
        "BEIRUT (Reuters) - Iran backs the Houthis, a U.S. official said. "
        "Hezbollah told AFP it fights alongside the Syrian army."
    )
    graph = kg.build([tmp_path])
    rows = graph.query("""SELECT ?outlet ?p WHERE { ?c a kg:Claim ; kg:outlet ?outlet ; kg:asserts ?ev .
        ?ev rdf:predicate ?p }""")
    found = set(zip(rows["outletLabel"], rows["p"], strict=True))
    assert ("Reuters", "https://w3id.org/newskg/ontology#backs") in found
    assert ("AFP", "https://w3id.org/newskg/ontology#alliedWith") in found


def test_coordinated_saying_verb_keeps_its_subject(extract):
    r = extract("Syria's foreign ministry condemned the strike and said the coalition had killed civilians.")
    assert ("actor/syrian-government", "Assertion") in claims(r)


def test_a_name_followed_by_television_is_the_outlet(extract):
    r = extract('"We are still fighting in Mokha," Houthi spokesman Mohammed Abdulsalam told Al Masirah television.')
    assert r.entities["actor/al-masirah"].type == "MediaOutlet"
    assert [(c.claimant, c.outlet) for c in r.claims] == [("actor/mohammed-abdulsalam", "actor/al-masirah")]


def test_who_denies_a_fall_is_not_the_one_who_took_the_town(extract):
    r = extract("Islamic State denied that Rawa had fallen. The Houthis denied that the city had fallen.")
    assert not [e for e in r.events if e.type == "Capture" and e.agents]
    assert {(c.claimant, c.stance) for c in r.claims} == {
        ("actor/islamic-state", "Denial"),
        ("actor/houthis", "Denial"),
    }


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("State news agency SANA quoted a military source as saying the army had captured Albu Kamal.", "actor/sana"),
        ("Reuters quoted Iraqi military spokesman Yahya Rasool as saying forces had retaken Rawa.", "actor/reuters"),
        ("An army officer was quoted by al-Manar TV as saying the army had captured Albu Kamal.", "actor/al-manar-tv"),
    ],
)
def test_the_one_quoted_claims_and_the_quoting_outlet_carries_it(extract, text, outlet):
    [claim] = extract(text).claims
    assert claim.outlet == outlet and claim.claimant != outlet
    assert claim.text.startswith(("the army had captured", "forces had retaken"))


def test_a_headline_stays_out_of_the_first_sentence_of_the_story(extract):
    r = extract(
        "Syrian army retakes Mayadin from Islamic State\n\n"
        "BEIRUT (Reuters) - The Syrian army seized the town of Mayadin from Islamic State, state media reported."
    )
    (claim,) = r.claims
    assert claim.text == "The Syrian army seized the town of Mayadin from Islamic State"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'Haider al-Abadi said the operation was needed to "protect the unity of the country".',
            'the operation was needed to "protect the unity of the country"',
        ),
        ('"We will fight to the end," Hezbollah said on Sunday.', "We will fight to the end"),
        (
            "The Kurdistan Regional Government accused Baghdad of a declaration of war.",
            "Baghdad of a declaration of war",
        ),
    ],
)
def test_claimed_words_keep_their_quotes_and_the_charge(extract, text, content):
    assert [c.text for c in extract(text).claims] == [content]


def test_he_is_the_person_last_named_not_the_last_claimant(extract):
    r = extract(
        "Iraqi forces retook Rawa on Friday, the Joint Operations Command announced. "
        'Prime Minister Haider al-Abadi hailed the victory. "Our heroic forces liberated Rawa," he said.'
    )
    claimants = {c.text: c.claimant for c in r.claims}
    assert claimants["Our heroic forces liberated Rawa"] == "actor/haider-al-abadi"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # an official voice of a named organisation speaks for it
        ("A U.N. spokesman said that rebels captured the town of Kibumba.", "actor/united-nations"),
        ("A spokesman for the Libyan National Army said the city fell within hours.", "actor/lna-ucdp-7072"),
        # a spokesman the apposition names speaks himself
        ("A MUJAO spokesman, Omar Hamaha, said the group killed 40 fighters.", "actor/omar-hamaha"),
    ],
)
def test_a_spokesman_speaks_for_the_organisation_or_is_the_person_named(extract, text, claimant):
    assert claims(extract(text)) == {(claimant, "Assertion")}


def test_each_of_two_speakers_makes_a_claim_and_calling_a_report_false_denies_it(extract):
    both = extract("Rwanda and Uganda have strongly denied accusations they are supporting the M23.")
    assert claims(both) == {("place/rwanda", "Denial"), ("place/uganda", "Denial")}
    called_false = extract("A TPLF representative told VOA that these claims were false.")
    assert claims(called_false) == {("actor/tplf-ucdp-410", "Denial")}
    called_true = extract("A TPLF representative told VOA that these claims were accurate.")
    assert claims(called_true) == {("actor/tplf-ucdp-410", "Assertion")}
