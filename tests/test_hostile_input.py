"""Hostile and odd inputs lose nothing: every readable article goes in, each problem is one line
naming the file (and line), and no input aborts the build (issue: hostile input)."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from conftest import run_cli

import kg
from kg.core.settings import DEFAULTS
from kg.ingest.documents import Document, InputProblem, decode_noting, read_inputs
from kg.resources.lexicon import Lexicon

LEX = Lexicon.load()
STORY = "Iraqi forces captured Rawa on Friday, the army said."


def read(*paths):
    return list(read_inputs(paths, LEX.split_words, LEX.boilerplate))


def test_jsonl_fields_of_the_wrong_kind_are_left_out_and_the_article_kept(tmp_path):
    rows = [
        {"id": "numeric", "text": STORY, "publisher": 123},
        {"id": "listed", "text": STORY, "title": ["a", "list"]},
        {"id": "impossible", "text": STORY, "date": "2017-02-30"},
        {"id": "huge", "text": STORY, "date": "x" * 100_000},
        {"id": "object", "text": STORY, "url": {"href": "x"}},
    ]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found = read(corpus)
    docs = {d.doc_id: d for d in found if isinstance(d, Document)}
    problems = [str(p) for p in found if isinstance(p, InputProblem)]
    assert set(docs) == {"numeric", "listed", "impossible", "huge", "object"}
    assert docs["numeric"].publisher == "123" and docs["listed"].title is None
    assert docs["impossible"].date is None and docs["huge"].date is None  # never an invalid xsd:date
    assert f"{corpus}:2: field 'title' is list, not text; left out" in problems
    assert f"{corpus}:3: date '2017-02-30' is not a date; the article goes in undated" in problems
    assert any(p.startswith(f"{corpus}:4: field 'date' is 100,000 characters") for p in problems)
    proc = run_cli("build", str(corpus), "-o", str(tmp_path / "g.ttl"), "--no-progress")
    assert proc.returncode == 0 and "5 documents" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()


def test_files_of_the_same_name_in_different_folders_are_two_documents(tmp_path):
    for folder, place in (("a", "Rawa"), ("b", "Anah"), ("b/deeper", "Hit")):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "report.txt").write_text(f"Iraqi forces captured {place}.", encoding="utf-8")
    docs = [d for d in read(tmp_path / "a", tmp_path / "b") if isinstance(d, Document)]
    assert sorted(d.doc_id for d in docs) == ["b/deeper/report", "b/report", "report"]
    assert len({d.text for d in docs}) == 3


def test_symlinked_folders_are_followed_once_even_in_a_loop(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "news").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "news" / "linked")
    os.symlink(tmp_path / "news", tmp_path / "news" / "loop")  # a link back up the tree
    docs = [d for d in read(tmp_path / "news") if isinstance(d, Document)]
    assert [d.doc_id for d in docs] == ["story"]


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-16", "Iraqi forces captured Rawa, said José."),
        ("utf-32", "Iraqi forces captured Rawa, said José."),
        ("utf-8-sig", "Iraqi forces captured Rawa, said José."),
        ("latin-1", "Les forces irakiennes ont pris Rawa, dit José au café."),
        ("cp1252", "Iraqi forces captured Rawa, the café’s owner said – on Friday."),
        ("cp1256", "Iraqi forces captured Rawa. قالت القوات العراقية إنها سيطرت على راوة"),
        ("cp1256", "Iraqi forces captured Rawa on Friday, the channel الجزيرة said."),  # charset-normalizer: cp932
        ("cp1251", "Российские войска обстреляли Харьков."),
        ("cp1253", "Ο στρατός κατέλαβε την πόλη."),
        ("cp1250", "Wojska zajęły miasto, powiedział Łukasz."),
        ("cp1252", "Señor Muñoz said the attack in Bogotá killed 3."),
    ],
)
def test_each_common_encoding_reads_right(tmp_path, encoding, text):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    (doc,) = read(path)
    assert doc.text == text


def test_utf8_with_a_bad_byte_stays_utf8_and_says_so():
    data = "Iraqi forces captured Rawa, said José, and Anah, said Zoë.".encode() + b"\xff" + b" Done."
    text, note = decode_noting(data)
    assert "José" in text and "Zoë" in text and "\ufffd" in text
    assert note == "1 byte(s) not valid UTF-8 replaced with U+FFFD"


def test_a_text_longer_than_a_parse_piece_is_parsed_in_pieces_and_loses_nothing(nlp, monkeypatch):
    """spaCy refuses a text over a million characters; newskg cuts it at line breaks and joins the
    results, each offset counted in the whole text (here with pieces of 400 characters)."""
    from kg.builder import work

    paragraphs = [
        f"Iraqi forces captured {p} on Friday, the army said." for p in ("Rawa", "Anah", "Hit", "Haditha")
    ] * 6
    text = "\n\n".join(paragraphs)
    whole = work.extract_text(nlp, text)
    monkeypatch.setattr(work, "DEFAULTS", replace(DEFAULTS, max_part_chars=400))
    pieces = list(work.pieces_of(text, 400))
    assert len(pieces) > 3 and all(end - start <= 400 for start, end, _ in pieces)
    cut = work.extract_text(nlp, text)
    assert [(e.type, e.places, e.evidence.start) for e in cut.events] == [
        (e.type, e.places, e.evidence.start) for e in whole.events
    ]
    assert all(text[e.evidence.start : e.evidence.end].strip() == e.evidence.sentence for e in cut.events)
    assert set(cut.entities) == set(whole.entities)


def test_a_file_over_the_size_limit_is_named_and_the_rest_go_in(tmp_path, monkeypatch):
    from kg.ingest import documents

    monkeypatch.setattr(documents, "settings", lambda: replace(DEFAULTS, max_input_bytes=1_000))
    (tmp_path / "big.txt").write_text(STORY * 100, encoding="utf-8")
    (tmp_path / "small.txt").write_text(STORY, encoding="utf-8")
    found = read(tmp_path)
    assert [d.doc_id for d in found if isinstance(d, Document)] == ["small"]
    assert any("big.txt" in str(p) and "1,000-byte limit" in str(p) for p in found if isinstance(p, InputProblem))


def test_a_graph_never_holds_an_invalid_date(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": STORY, "date": "2017-13-45"}) + "\n", encoding="utf-8")
    graph = kg.build([corpus])
    assert graph.query("SELECT ?d WHERE { ?x dcterms:date ?d }").empty


def test_an_endless_device_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    from kg.ingest import documents

    monkeypatch.setattr(documents, "settings", lambda: replace(DEFAULTS, max_input_bytes=10_000))
    (problem,) = read("/dev/zero")
    assert isinstance(problem, InputProblem) and "10,000-byte limit" in str(problem)


def test_ids_that_slug_alike_stay_two_documents():
    from kg.rdf.writer import doc_iri

    ids = ["Report 1", "report_1", "report-1", "تقرير", "تقرير آخر", "000_186d0da5b90adb4b"]
    assert len({doc_iri(i) for i in ids}) == len(ids)
    assert str(doc_iri("000_186d0da5b90adb4b")).endswith("doc/000_186d0da5b90adb4b")  # a plain id is kept as is


def test_article_text_naming_a_page_slot_cannot_change_the_viewer(tmp_path, browser):
    """The viewer's template is filled in one pass: an article that says `$VIS_JS` or `$DATA`
    stays text (a chained replace once blanked the page)."""
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(
        "Iraqi forces captured Rawa on Friday, said $VIS_JS $DATA $APP_JS $TITLE.\n", encoding="utf-8"
    )
    page = kg.build([tmp_path / "news"]).to_html(tmp_path / "a.html")
    html = page.read_text(encoding="utf-8")
    assert html.count("vis-network") >= 1 and "$VIS_JS $DATA" in html  # the words kept as words, once
    from test_viewer import open_page

    tab, errors, _ = open_page(browser, page)
    assert tab.evaluate("window.kgView.drawn()")["nodes"] >= 3 and not errors
    tab.close()


def test_a_jsonl_line_over_the_limit_is_skipped_and_the_next_lines_read(tmp_path, monkeypatch):
    from kg.ingest import documents

    monkeypatch.setattr(documents, "settings", lambda: replace(DEFAULTS, max_input_bytes=2_000))
    rows = [{"id": "a", "text": STORY}, {"id": "huge", "text": STORY * 200}, {"id": "b", "text": STORY}]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found = read(corpus)
    assert [d.doc_id for d in found if isinstance(d, Document)] == ["a", "b"]
    assert [str(p) for p in found if isinstance(p, InputProblem)] == [
        f"{corpus}:2: line over the 2,000-byte limit (max_input_bytes); skipped"
    ]
