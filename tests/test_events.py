"""Events: captures and what is not one (negation, modality, plans, encirclement), dates, counts."""

from __future__ import annotations

import pytest
from helpers import captures, claims, events

IRQ, SYR, IS = "actor/iraqi-government", "actor/syrian-government", "actor/islamic-state"


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Iraqi forces captured Rawa on Friday.", (IRQ, "place/rawa")),
        ("Syrian troops retook Palmyra in March 2017.", (SYR, "place/palmyra")),
        ("Islamic State fighters overran the Iraqi city of Ramadi in May 2015.", (IS, "place/ramadi")),
        (
            "Syrian government forces drove the militants from the last neighbourhoods of Deir ez-Zor.",
            (SYR, "place/deir-ez-zor"),
        ),
        ("On the Syrian side, government forces declared victory in Deir al-Zor.", (SYR, "place/deir-ez-zor")),
        ("Iraqi forces seized control of Akashat after a two-day battle.", (IRQ, "place/akashat")),
        ("Mosul was recaptured by Iraqi forces in July.", (IRQ, "place/mosul")),
        ("In July a U.S.-backed Iraqi offensive captured Mosul.", (IRQ, "place/mosul")),
        ("Peshmerga forces pushed Islamic State out of Sinjar.", ("actor/peshmerga", "place/sinjar")),
        (
            "The Syrian Democratic Forces wrested full control of Raqqa from Islamic State.",
            ("actor/syrian-democratic-forces", "place/raqqa"),
        ),
    ],
)
def test_capture_cues(extract, text, pair):
    assert pair in captures(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi forces did not capture Rawa.",  # negation
        "Iraqi forces could capture Rawa within days.",  # modality
        "Iraqi forces are preparing to capture Rawa.",  # plan
        "The only territory left to capture is Rawa.",  # infinitive
        "Once Rawa falls, the group will be finished.",  # condition
        "The attack is meant to pave the way for the recapture of Rawa.",  # nominal plan
        "Iraqi forces will seize Rawa next week.",  # future
        "Iraqi forces stormed Rawa last week.",  # stormed: attacked, not said to be taken
        "Syrian troops encircled Islamic State fighters in Albu Kamal.",  # encircled, not captured
    ],
)
def test_what_did_not_happen_is_not_a_capture(extract, text):
    assert not captures(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi forces captured Rawa.",  # the negated sentence above, stated
        "Iraqi forces captured Rawa within days.",  # without the modal
        "Iraqi forces seized Rawa last week.",  # in the past, not the future
    ],
)
def test_the_same_sentences_stated_as_facts_are_captures(extract, text):
    assert captures(extract(text)) == {(IRQ, "place/rawa")}


def test_encirclement_is_a_siege_with_its_target(extract):
    r = extract(
        "Syrian troops and allied militiamen on Wednesday encircled the Islamic State group in Albu Kamal.",
        date="2017-11-08",
    )
    siege = events(r, "Siege")
    assert siege and siege[0].places == ["place/albu-kamal"] and IS in siege[0].targets
    assert siege[0].date == "2017-11-08"


def test_target_is_the_side_that_lost(extract):
    r = extract("Iraqi forces seized the town of al-Qaim from Islamic State last week.", date="2017-11-08")
    capture = events(r, "Capture")[0]
    assert capture.agents == [IRQ] and capture.targets == [IS]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Friday", "2017-11-03"),
        ("on Wednesday", "2017-11-08"),
        ("in early September", "2017-09"),
        ("in 2014", "2014"),
        ("on November 2", "2017-11-02"),
        ("in July 2016", "2016-07"),
    ],
)
def test_dates_resolve_against_the_document_date_keeping_precision(extract, phrase, expected):
    r = extract(f"Iraqi forces captured Rawa {phrase}.", date="2017-11-08")
    assert events(r, "Capture")[0].date == expected


def test_relative_date_without_document_date_keeps_only_the_text(extract):
    capture = events(extract("Iraqi forces captured Rawa on Friday."), "Capture")[0]
    assert capture.date is None and capture.date_text == "Friday"


def test_displacement_with_count_and_place(extract):
    r = extract("An estimated 120,000 people have been displaced from Albu Kamal, the U.N. said.")
    d = events(r, "Displacement")
    assert d and d[0].count == 120000 and d[0].places == ["place/albu-kamal"]


def test_killings_with_count(extract):
    r = extract("Air strikes killed 35 civilians in Raqqa on Monday, the Syrian Observatory for Human Rights said.")
    k = events(r, "Killing")
    assert k and k[0].count == 35 and "place/raqqa" in k[0].places


def test_air_strike_and_offensive(extract):
    r = extract(
        "Jordanian jets struck Islamic State positions near Raqqa. "
        "Hezbollah fighters advanced to the southern edges of Albu Kamal."
    )
    assert events(r, "AirStrike")[0].agents == ["place/jordan"]
    assert events(r, "Offensive")[0].places == ["place/albu-kamal"]


def test_seed_captures_end_to_end(seeds_graph):
    rows = seeds_graph.query("""SELECT DISTINCT ?a ?p WHERE { ?e a kg:Capture ; kg:agent ?a ; kg:place ?p }""")
    pairs = set(zip(rows["aLabel"], rows["pLabel"], strict=True))
    assert {
        ("Iraqi government", "al-Qaim"),
        ("Syrian government", "Deir ez-Zor"),
        ("Iraqi government", "Akashat"),
        ("Iraqi government", "Mosul"),
    } <= pairs
    assert ("Syrian government", "Albu Kamal") not in pairs
    assert ("Iraqi government", "Rawa") not in pairs


def test_forces_owned_by_the_reporting_subject(extract):
    r = extract("The Russian defence ministry said its jets had struck Islamic State positions near Albu Kamal.")
    strike = events(r, "AirStrike")[0]
    assert strike.agents == ["place/russia"] and strike.places == ["place/albu-kamal"] and strike.attributed


def test_the_town_refers_back_to_the_town_just_named(extract):
    r = extract(
        "Iraqi forces entered Rawa on Friday. The town was retaken by army units and the Popular "
        "Mobilization Forces, the Joint Operations Command said."
    )
    assert ("actor/popular-mobilization-forces", "place/rawa") in captures(r)


def test_the_town_on_the_river_refers_back_too(extract):
    r = extract(
        "Iraqi forces retook Rawa on Friday. The town on the Euphrates fell to the army and the "
        "Hashed al-Shaabi paramilitary units after a brief assault."
    )
    assert ("actor/popular-mobilization-forces", "place/rawa") in captures(r)


def test_a_leaders_claim_gives_the_capture_to_his_government(extract):
    r = extract('"Our forces have liberated Rawa in record time," Prime Minister Haider al-Abadi said.')
    assert captures(r) == {("actor/iraqi-government", "place/rawa")}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Iraqi forces completed the recapture of Tal Afar on Thursday.", (IRQ, "place/tal-afar")),
        ("The Iraqi army announced the liberation of Rawa.", (IRQ, "place/rawa")),
        ("The Syrian army captured the T4 airbase from Islamic State.", (SYR, "place/t4-airbase")),
    ],
)
def test_nominal_captures_and_facilities(extract, text, pair):
    assert pair in captures(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "The army said it had liberated 15 villages around Hawija.",  # the villages, not Hawija
        "Government forces are poised to retake Albu Kamal.",  # a plan
    ],
)
def test_not_a_capture_of_the_named_place(extract, text):
    assert not captures(extract(text))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The army said it had liberated Hawija.", "place/hawija"),  # the place itself, not villages around it
        ("Government forces retook Albu Kamal.", "place/albu-kamal"),  # done, not poised
    ],
)
def test_taking_the_named_place_itself_is_a_capture(extract, text, place):
    assert {p for _, p in captures(extract(text))} == {place}


def test_an_announcer_is_not_the_capturer(extract):
    r = extract(
        "Prime Minister Haider al-Abadi announced the recapture of Rawa. A spokesman announced the fall of Ana."
    )
    assert captures(r) == {("actor/iraqi-government", "place/rawa")}


def test_a_village_named_with_a_surname_inside_is_a_place(extract):
    r = extract("Iraqi forces captured the village of Khan Baghdadi Saleh on Friday.")
    assert captures(r) == {("actor/iraqi-government", "place/khan-baghdadi-saleh")}
    assert "actor/abu-bakr-al-baghdadi" not in r.entities


@pytest.mark.parametrize(
    "text", ["Iraqi forces seized weapons in Mosul.", "Iraqi troops captured three fighters in Rawa."]
)
def test_seizing_things_in_a_place_is_not_taking_the_place(extract, text):
    assert not captures(extract(text))


@pytest.mark.parametrize(
    ("text", "place"), [("Iraqi forces seized Mosul.", "place/mosul"), ("Iraqi troops captured Rawa.", "place/rawa")]
)
def test_seizing_the_place_itself_is_taking_it(extract, text, place):
    assert captures(extract(text)) == {(IRQ, place)}


def test_a_described_city_refers_back_to_the_city_just_named(extract):
    r = extract("Peshmerga forces withdrew from Kirkuk as Iraqi troops took over the oil city on Monday.")
    assert captures(r) == {("actor/iraqi-government", "place/kirkuk")}


def test_an_outlet_takes_no_part_in_the_fighting(extract):
    # GeoNames spells the town `Al Mayādīn`; the TV channel Al Mayadeen folds to the same name
    r = extract("The Hashed al-Shaabi alliance has denied that its own forces entered Al Mayādīn on Wednesday.")
    assert all("actor/al-mayadeen" not in e.targets + e.agents for e in r.events)
    assert claims(r) == {("actor/popular-mobilization-forces", "Denial")}  # what the sentence does say


def test_a_verb_the_parser_hangs_on_the_object_of_another_keeps_its_subject(extract):
    """`troops launched a counterattack and retook X`: spaCy makes `retook` a conjunct of the noun
    `counterattack`; the troops still retook the towns."""
    r = extract(
        "The governor of the Lower Shabelle region, Abdulkadir Mohamed Nur, tells VOA's Somali Service that "
        "government troops launched a counterattack and retook Awdhegle and Mubarak, about 75 kilometers "
        "west of Mogadishu, Somalia."
    )
    assert {("actor/somali-government", "place/awdhegle"), ("actor/somali-government", "place/mubarak")} <= captures(r)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # the subject of `fell to` is ground taken, whatever the NER made of it
        ("Kunduz fell to the Taliban on Monday, Afghan officials said.", ("actor/taliban", "place/kunduz-1135689")),
        # `it`: the place named just before, not the province that says where that place is
        (
            "Afghan forces moved back into the Khogyani district of Ghazni province Monday just hours after it "
            "fell to Taliban militants.",
            ("actor/taliban", "place/khogyani"),
        ),
        # `the city`: the one the text introduced as a city, not the last city named
        (
            "Forces loyal to General Khalifa Haftar said they captured the city of Sirte from the government in "
            "Tripoli. The city fell within hours, they said.",
            ("actor/khalifa-haftar", "place/sirte-2210554"),
        ),
    ],
)
def test_a_place_falls_to_its_captor(extract, text, pair):
    assert pair in captures(extract(text))


def test_a_clause_of_its_own_under_a_planning_verb_still_happened(extract):
    """`moved to retake X` is a plan; `moved in after it fell to Y` tells that it fell."""
    assert not captures(extract("Nigerian troops moved to retake the town of Dikwa from Boko Haram."))
    fell = captures(extract("Nigerian troops moved into Dikwa in Borno state after it fell to Boko Haram fighters."))
    assert ("actor/boko-haram", "place/dikwa-2344854") in fell
