"""Ingest: files, folders, stdin and JSON Lines; metadata; apostrophe repair; bad inputs."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEEDS, run_cli

from kg.ingest.documents import InputProblem, read_inputs
from kg.ingest.textfix import repair_apostrophes
from kg.resources.lexicon import Lexicon

LEX = Lexicon.load()


def read(*paths):
    return list(read_inputs(paths, LEX.split_words, LEX.boilerplate))


def test_folder_is_read_recursively_with_ids_from_file_names(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep_story.txt").write_text("BEIRUT (Reuters) - Syrian troops advanced.")
    (tmp_path / "top.txt").write_text("Iraqi forces captured Rawa.")
    docs = read(tmp_path)
    assert sorted(d.doc_id for d in docs) == ["deep_story", "top"]


def test_seed_metadata_from_dateline_masthead_and_date_line():
    docs = {d.doc_id: d for d in read(SEEDS)}
    assert docs["000_186d0da5b90adb4b"].publisher == "Reuters"
    assert docs["000_186d0da5b90adb4b"].dateline_places == ["Beirut", "Erbil"]
    assert docs["001_79a6cac849b95e68"].publisher == "Houston Chronicle"
    assert docs["001_79a6cac849b95e68"].title.startswith("Islamic State, squeezed on 2 sides")
    assert docs["002_3015488c8860971d"].date == "2017-11-08"
    assert docs["003_21e4b335035a0287"].publisher == "Reuters"


def test_a_dateline_after_the_headline_names_the_agency(tmp_path):
    (tmp_path / "story.txt").write_text(
        "Syrian army retakes Mayadin from Islamic State\n\n"
        "BEIRUT (Reuters) - The Syrian army seized the town of Mayadin on Saturday.\n"
    )
    (doc,) = read(tmp_path)
    assert doc.publisher == "Reuters" and doc.dateline_places == ["Beirut"]
    assert "(Reuters)" not in doc.clean_text and "Syrian army retakes" in doc.clean_text


@pytest.mark.parametrize("opening", ["YANGON—Ethnic Kachin rebels say", "YANGON -- Ethnic Kachin rebels say"])
def test_a_dateline_ends_at_a_dash_with_or_without_spaces(tmp_path, opening):
    (tmp_path / "story.txt").write_text(f"{opening} the army attacked their headquarters.\n", encoding="utf-8")
    (doc,) = read(tmp_path)
    assert doc.dateline_places == ["Yangon"] and doc.clean_text.lstrip().startswith("Ethnic")


def test_a_hyphen_without_spaces_is_no_dateline(tmp_path):
    (tmp_path / "story.txt").write_text("U.S.-Backed forces took the town.\n", encoding="utf-8")
    (doc,) = read(tmp_path)
    assert doc.dateline_places == []


def test_jsonl_articles_carry_their_fields(tmp_path):
    rows = [
        {
            "id": "a1",
            "text": "Iraqi forces captured Rawa.",
            "title": "T",
            "date": "2017-11-17",
            "publisher": "AFP",
            "url": "https://example.org/a1",
        },
        {"id": "a2", "text": "Syrian troops encircled Albu Kamal.", "date": "November 8, 2017"},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    docs = {d.doc_id: d for d in read(path)}
    assert docs["a1"].publisher == "AFP" and docs["a1"].url == "https://example.org/a1"
    assert docs["a1"].date == "2017-11-17" and docs["a2"].date == "2017-11-08"


def test_jsonl_bad_line_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "ok", "text": "Iraqi forces captured Rawa."}\n{not json}\n{"id": "", "text": "x"}\n')
    items = read(path)
    assert [d.doc_id for d in items if not isinstance(d, InputProblem)] == ["ok"]
    problems = [str(p) for p in items if isinstance(p, InputProblem)]
    assert any("news.jsonl:2" in p and "not valid JSON" in p for p in problems)
    assert any("news.jsonl:3" in p and "'id'" in p for p in problems)


def test_apostrophe_repair_keeps_every_offset():
    text = "Iraq s Prime Minister and Shi ite militias met on Friday s deadline; they don t stop."
    fixed = repair_apostrophes(text, LEX.split_words)
    assert len(fixed) == len(text)
    assert "Iraq's Prime" in fixed and "Shi'ite" in fixed and "Friday's" in fixed and "don't" in fixed


def test_text_with_apostrophes_is_left_alone():
    text = "The Syrian army's advance on Albu Kamal's edges, said the army s spokesman."
    assert repair_apostrophes(text, LEX.split_words) == text


def test_seed_clean_text_is_repaired_and_aligned():
    doc = next(d for d in read(SEEDS) if d.doc_id.startswith("000"))
    assert len(doc.clean_text) == len(doc.text)
    start = doc.text.index("Iraq s Prime")
    assert doc.clean_text[start : start + 12] == "Iraq's Prime"


def test_latin1_and_cp1252_text_is_decoded(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Les forces irakiennes ont pris Rawa, près de l’Euphrate.".encode("cp1252"))
    (tmp_path / "l1.txt").write_bytes(
        "Forces entered Anah near the Syrian border: café, naïve, Müller.".encode("latin-1")
    )
    docs = {d.doc_id: d for d in read(tmp_path)}
    assert "près" in docs["latin1"].text and "l’Euphrate" in docs["latin1"].text
    assert "Müller" in docs["l1"].text


def test_bad_files_are_named_on_stderr_and_the_rest_still_build(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "good.txt").write_text("Iraqi forces captured Rawa on Friday, the army said.")
    out = tmp_path / "g.ttl"
    proc = run_cli("build", str(tmp_path), str(tmp_path / "missing.txt"), "-o", str(out), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.decode()
    assert "empty.txt: empty file" in err
    assert "image.txt: binary file" in err
    assert "missing.txt: no such file" in err
    assert "Rawa" in out.read_text()


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    proc = run_cli("build", str(tmp_path), "-o", str(tmp_path / "g.ttl"), "--no-progress")
    assert proc.returncode != 0
    assert "no document could be read" in proc.stderr.decode()
    assert not (tmp_path / "g.ttl").exists()


def test_stdin_is_an_input(tmp_path):
    out = tmp_path / "g.nt"
    proc = run_cli(
        "build",
        "-",
        "-o",
        str(out),
        "--no-progress",
        stdin=b"BAGHDAD (Reuters) - Iraqi forces recaptured Rawa on Friday.",
    )
    assert proc.returncode == 0, proc.stderr
    assert '"stdin"' in out.read_text()


def test_graph_files_in_an_article_folder_are_skipped_with_a_notice(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), folder / "article.txt")
    (folder / "old-graph.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    proc = run_cli("build", str(folder), "-o", str(folder / "graph.ttl"), "--no-progress")
    assert proc.returncode == 0
    assert "old-graph.ttl: a .ttl file is output, not an article; skipped" in proc.stderr.decode()
    assert "1 documents" in proc.stderr.decode()


def test_paragraph_breaks_start_sentences_and_leave_a_parsed_doc_alone(nlp):
    doc = nlp("Iraqi forces take Kirkuk\n\nIraqi government forces captured the Kirkuk oilfields on Monday.")
    assert [s.text.strip() for s in doc.sents][:2] == [
        "Iraqi forces take Kirkuk",
        "Iraqi government forces captured the Kirkuk oilfields on Monday.",
    ]
    again = nlp.get_pipe("newskg_paragraphs")(doc)  # run out of order on a parsed Doc: no error, no change
    assert [s.start for s in again.sents] == [s.start for s in doc.sents]
