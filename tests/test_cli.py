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
