"""Shared fixtures: the real pipeline (built once) and the graph of the seed articles."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def nlp():
    from kg.builder.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def extract(nlp):
    """Run the whole pipeline on a short text; returns the DocResult."""
    from kg.builder.work import extract_text

    def run(text: str, date: str | None = None):
        return extract_text(nlp, text, date=date)

    return run


@pytest.fixture(scope="session")
def seeds_graph(nlp):
    import kg
    from kg.builder.local import build_engine

    engine, _ = build_engine([SEEDS], nlp=nlp, on_problem=lambda p: None)
    return kg.KnowledgeGraph(engine.ready_for_queries())


@pytest.fixture(scope="session")
def seeds_ttl(seeds_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "seeds.ttl"
    seeds_graph.serialize(path)
    return path


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    """Run the installed `kg` command in a subprocess, as a user would."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "kg", *args], input=stdin, capture_output=True, cwd=cwd or ROOT, timeout=600
    )


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is not installed; .ci/run installs it")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()
