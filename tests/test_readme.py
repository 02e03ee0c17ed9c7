"""The README's examples run as written: every line of its command-line block, in order, in a
folder holding what the README says it holds, then every Python block (the issue: its Python
example failed, a bound variable missing from the SELECT).  The install and test blocks are run
by .ci/run itself."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"(<!-- ci:\w+ -->\n)?```(bash|python)\n(.*?)```", re.S)


def _blocks(language: str) -> list[str]:
    return [m.group(3) for m in BLOCK.finditer(README) if m.group(2) == language and not m.group(1)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """seeds/, news/, news.jsonl and my-question.rq, as the README's command-line section says."""
    here = tmp_path_factory.mktemp("readme")
    for name in ("seeds", "news"):
        (here / name).mkdir()
        for path in SEEDS.glob("*.txt"):
            (here / name / path.name).write_bytes(path.read_bytes())
    with (here / "news.jsonl").open("w", encoding="utf-8") as out:
        for path in sorted(SEEDS.glob("*.txt")):
            out.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}) + "\n")
    (here / "my-question.rq").write_text("SELECT ?b ?a WHERE { ?b kg:backs ?a }\n", encoding="utf-8")
    return here


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _command_lines() -> list[str]:
    blocks = _blocks("bash")
    assert len(blocks) == 1, "one command-line block besides the CI blocks"
    return [line for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]


def test_every_command_line_example_runs_as_written(folder):
    lines = _command_lines()
    assert len(lines) > 20
    for line in lines:
        if shlex.split(line, comments=True)[:2] == ["kg", "serve"]:
            _serve_answers(line, folder)
            continue
        proc = subprocess.run(["bash", "-c", line], cwd=folder, env=_env(), capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{line}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr
    assert (folder / "timeline.csv").read_text(encoding="utf-8").startswith("date,")
    assert "Deir ez-Zor" in (folder / "events.csv").read_text(encoding="utf-8")
    assert (folder / "network.graphml").stat().st_size > 10_000 and (folder / "map.html").exists()


def _serve_answers(line: str, folder: Path) -> None:
    """`kg serve` runs until stopped: start it as written, ask it one query, stop it."""
    args = shlex.split(line, comments=True)
    port = int(args[args.index("--port") + 1])
    server = subprocess.Popen(args, cwd=folder, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        assert "serving" in server.stderr.readline()
        query = urllib.parse.urlencode({"query": "SELECT ?b WHERE { ?b kg:backs ?a }"})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}", timeout=60) as answer:
            assert json.load(answer)["results"]["bindings"]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def test_every_python_example_runs_as_written(folder):
    """After the command lines (the Python block opens the store they built)."""
    if not (folder / "kgstore").is_dir():
        test_every_command_line_example_runs_as_written(folder)
    code = "\n".join(_blocks("python"))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, env=_env(), capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    assert (folder / "seeds.html").exists() and (folder / "events.csv").exists()
