"""Every event dated as precisely as its text says, in the date styles of the world's press;
never from a background date; a precision beside every date, in the graph and the exports."""

from __future__ import annotations

import logging

import pytest
import yaml
from conftest import ROOT

from kg.extract.dates import DateReader, When
from kg.resources.lexicon import Lexicon

CASES = yaml.safe_load((ROOT / "tests" / "data" / "dated_events.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reader() -> DateReader:
    return DateReader(Lexicon.load(None))


@pytest.mark.parametrize(
    ("phrase", "report", "expected"),
    [
        ("3 May 2020", None, When("2020-05-03", "day")),
        ("May 3, 2020", None, When("2020-05-03", "day")),
        ("the 3rd of May", "2020-05-10", When("2020-05-03", "day")),
        ("Sunday 3 May", "2020-05-10", When("2020-05-03", "day")),
        ("on 3 May", "2020-05-10", When("2020-05-03", "day")),
        ("03/05/2020", None, When("2020-05-03", "day")),  # day first
        ("2020-05-03", None, When("2020-05-03", "day")),
        ("1-3 May 2020", None, When("2020-05-01", "week")),
        ("between 1 and 3 May", "2020-05-10", When("2020-05-01", "week")),
        ("10-25 April 2020", None, When("2020-04", "month")),
        ("yesterday", "2020-05-10", When("2020-05-09", "day")),
        ("on Tuesday", "2020-05-10", When("2020-05-05", "day")),
        ("on Sunday", "2020-05-10", When("2020-05-10", "day")),  # the report's own weekday is that day
        ("overnight", "2020-05-10", When("2020-05-10", "day")),
        ("last week", "2020-05-10", When("2020-05-03", "week")),
        ("earlier this month", "2020-05-10", When("2020-05", "month")),
        ("two days ago", "2020-05-10", When("2020-05-08", "day")),
        ("in early September", "2020-05-10", When("2019-09", "month")),
        ("in July 2016", "2020-05-10", When("2016-07", "month")),
        ("in 2014", None, When("2014", "year")),
    ],
)
def test_date_phrases_in_every_common_form(reader, phrase, report, expected):
    assert reader.read(phrase, report) == expected


@pytest.mark.parametrize("phrase", ["six years", "for three years", "recent weeks", "the past two weeks"])
def test_a_duration_or_a_vague_span_names_no_date(reader, phrase):
    assert reader.read(phrase, "2020-05-10") is None


@pytest.mark.parametrize("phrase", ["on Sunday", "yesterday", "3 May", "last week", "overnight"])
def test_without_a_report_date_relative_dates_stay_unresolved(reader, phrase):
    """Never guessed from today's clock."""
    assert reader.read(phrase, None) is None


@pytest.mark.parametrize("case", CASES, ids=[c["style"] + ": " + c["text"][:40] for c in CASES])
def test_each_description_dates_its_event_to_the_day_it_states(extract, case):
    result = extract(case["text"], date=case["report"])
    assert result.events, "no event found"
    event = result.events[-1]  # the last sentence's event where a paragraph has two
    assert (event.date, event.date_precision) == (case["date"], case["precision"])
    if case.get("never"):
        assert not (event.date or "").startswith(case["never"])


def test_a_relative_date_without_a_report_date_is_kept_as_text_and_noted(extract, caplog):
    with caplog.at_level(logging.INFO, logger="kg.extract.dates"):
        capture = extract("Iraqi forces captured Rawa on Friday.").events[0]
    assert capture.date is None and capture.date_text == "Friday"
    assert "no date to count from" in caplog.text


def test_the_graph_types_each_date_at_its_precision(seeds_graph):
    rows = seeds_graph.query(
        "SELECT ?date ?precision (DATATYPE(?date) AS ?type) WHERE { ?e kg:date ?date ; kg:datePrecision ?precision }"
    )
    assert len(rows) > 5
    expected_type = {"day": "date", "week": "date", "month": "gYearMonth", "year": "gYear"}
    for date, precision, datatype in rows[["date", "precision", "type"]].itertuples(index=False):
        assert datatype.endswith("#" + expected_type[precision]), (date, precision)
    timeline = seeds_graph.saved("timeline", limit=None)
    last_week = timeline[timeline["sentence"].str.contains("last week")].iloc[0]
    assert (last_week["date"], last_week["precision"], last_week["reported"]) == ("2017-11-01", "week", "2017-11-08")


REAL = yaml.safe_load((ROOT / "tests" / "data" / "real_dated_sentences.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", REAL, ids=[f"{c['country']}: {c['outlet']}"[:50] for c in REAL])
def test_real_news_sentences_date_their_event_or_never_take_a_background_date(extract, case):
    result = extract(case["text"], date=case["published"])
    if "never" in case:
        taken = [e.date for e in result.events if e.date and e.date.startswith(tuple(case["never"]))]
        assert not taken, f"took a background date: {taken}"
        return
    want = case.get("expected") or {"date": case["event_date"], "precision": case["precision"]}
    event = result.events[-1]
    assert (event.date, event.date_precision) == (want["date"], want["precision"])


def test_numeric_dates_are_day_first_unless_the_outlet_writes_the_month_first(tmp_path):
    import json

    import kg

    text = "On 03/05/2020 gunmen killed five soldiers in Mopti."
    rows = [
        {"id": "world", "text": text, "date": "04/05/2020"},
        {"id": "us", "text": text, "date": "03/06/2020", "locale": "en-US"},
    ]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found = kg.build([corpus]).query(
        "SELECT ?id ?date ?reported WHERE { ?e kg:date ?date ; prov:wasDerivedFrom ?d . "
        "?d dcterms:identifier ?id ; dcterms:date ?reported }"
    )
    dates = {row.id: (row.date, row.reported) for row in found.itertuples(index=False)}
    assert dates == {"world": ("2020-05-03", "2020-05-04"), "us": ("2020-03-05", "2020-03-06")}
