"""User errors: one line naming the problem, exit status 2, never a traceback; the library raises
KGError and logs, it never prints."""

from __future__ import annotations

import logging

import pytest
from conftest import SEEDS, run_cli

import kg
from kg.core.errors import GraphNotFound, KGError, NothingToBuild, UnsupportedFormat


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("build", "no/such/folder", "-o", "x.ttl"), "no document could be read"),
        (("build", str(SEEDS), "-o", "graph.png"), "unknown RDF format '.png'"),
        (("stats", "no-such-graph.ttl"), "no such graph file or store"),
        (("query", str(SEEDS / "missing.ttl"), "--saved", "timeline"), "no such graph file or store"),
        (("check", "--ontology", "no/such/ontology"), "no/such/ontology: no such ontology folder"),
        (("build", str(SEEDS), "-o", "x.ttl", "--event-window", "a week"), "not a number of days: 'a week'"),
        (("build", str(SEEDS), "-o", "x.ttl", "--event-window", "-1"), "a number of days cannot be negative"),
        (("gazetteer", "check", "--ontology", "no/such/ontology"), "no/such/ontology"),
    ],
)
def test_a_user_error_is_one_line_and_exit_two(args, said, tmp_path):
    proc = run_cli(*args, cwd=tmp_path)
    err = proc.stderr.decode()
    lines = [line for line in err.splitlines() if line.startswith("kg: error:")]
    assert proc.returncode == 2, err
    assert len(lines) == 1 and said in lines[0], err
    assert "Traceback" not in err


def test_the_library_raises_kgerrors_a_caller_can_catch(tmp_path):
    with pytest.raises(KGError):
        kg.load(tmp_path / "nothing-here.ttl")
    with pytest.raises(GraphNotFound):  # also a FileNotFoundError, for callers that catch that
        kg.load(tmp_path / "nothing-here.ttl")
    with pytest.raises(NothingToBuild):
        kg.build([tmp_path / "missing"])
    graph = kg.build([SEEDS / "000_186d0da5b90adb4b.txt"])
    with pytest.raises(UnsupportedFormat):
        graph.serialize(tmp_path / "graph.png")


def test_the_library_logs_unreadable_inputs_and_prints_nothing(tmp_path, capsys, caplog):
    (tmp_path / "good.txt").write_text("Iraqi forces captured Rawa on Friday.")
    (tmp_path / "empty.txt").write_text("")
    with caplog.at_level(logging.WARNING, logger="kg"):
        graph = kg.build([tmp_path])
    assert not graph.query("SELECT ?e WHERE { ?e a kg:Capture }").empty  # the good document went in
    assert any("empty.txt" in r.getMessage() and "empty file" in r.getMessage() for r in caplog.records)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_help_lists_every_command():
    proc = run_cli("--help")
    text = proc.stdout.decode()
    assert proc.returncode == 0
    assert all(name in text for name in ("build", "stats", "query", "serve", "html", "check"))


def _one_error_line(proc) -> str:
    err = proc.stderr.decode()
    lines = [line for line in err.splitlines() if line.startswith("kg: error:")]
    assert proc.returncode == 2 and len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_serve_on_a_port_in_use_says_so(seeds_ttl):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _one_error_line(run_cli("serve", str(seeds_ttl), "--port", str(port)))
    assert f"port {port} on 127.0.0.1 is in use" in line and "--port" in line


def test_html_refuses_an_output_name_that_is_not_a_page(seeds_ttl, tmp_path):
    line = _one_error_line(run_cli("html", str(seeds_ttl), "-o", str(tmp_path / "x.png")))
    assert "x.png" in line and ".html" in line
    assert not (tmp_path / "x.png").exists()


def test_a_long_one_line_query_is_a_query_and_file_reads_any_name(seeds_ttl, tmp_path):
    long_query = "SELECT ?b ?a WHERE { ?b kg:backs ?a " + "FILTER(?b != <urn:x:nobody>) " * 12 + "}"
    assert len(long_query) > 300 and "\n" not in long_query
    proc = run_cli("query", str(seeds_ttl), long_query, "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0 and "Russia" in proc.stdout.decode(), proc.stderr.decode()
    named = tmp_path / "backers.sparql"
    named.write_text("SELECT ?b WHERE { ?b kg:backs ?a }")
    proc = run_cli("query", str(seeds_ttl), "--file", str(named), "--format", "csv")
    assert proc.returncode == 0 and "Iran" in proc.stdout.decode()
    assert "no such query file" in _one_error_line(run_cli("query", str(seeds_ttl), "--file", "nope.rq"))
    assert "not several" in _one_error_line(run_cli("query", str(seeds_ttl), "SELECT * {}", "--saved", "timeline"))


def test_a_bad_binding_or_a_huge_limit_is_one_line(seeds_ttl):
    query = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"
    line = _one_error_line(run_cli("query", str(seeds_ttl), query, "--bind", "x=<not an iri>"))
    assert "binding x: <not an iri> is not a valid IRI" in line
    line = _one_error_line(run_cli("query", str(seeds_ttl), "--saved", "timeline", "--limit", "9" * 30))
    assert "more rows than any graph holds" in line
