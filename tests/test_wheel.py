"""The built wheel works installed anywhere: its data ships inside it (issue: the gazetteer,
lexicons and saved queries were missing from site-packages)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def installed_kg(tmp_path_factory) -> Path:
    """A fresh virtual environment with only the wheel installed (its dependencies are reached
    through a .pth line to this environment's site-packages, which holds no copy of the package
    itself: the editable install's finder is not loaded from there)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((work / "dist").glob("newskg-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "deps-of-the-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    return subprocess.run([str(bin_dir / "kg"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_wheel_builds_queries_and_draws_from_another_folder(installed_kg, tmp_path):
    where = subprocess.run(
        [
            str(installed_kg / "python"),
            "-c",
            "import kg, kg.resources.paths as p; print(kg.__file__, p.ontology_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(str(ROOT) not in path for path in where), where  # the wheel's copy, not this checkout
    assert where[1].endswith("kg/ontology")
    shutil.copytree(SEEDS, tmp_path / "news")

    built = _run(installed_kg, "build", "news", "-o", "news.ttl", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    backs = _run(installed_kg, "query", "news.ttl", "--saved", "who_backs_whom", "--format", "csv", cwd=tmp_path)
    assert backs.returncode == 0, backs.stderr
    assert "Iran" in backs.stdout and "Syrian" in backs.stdout
    drawn = _run(installed_kg, "html", "news.ttl", "-o", "news.html", cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    assert "Bukamal" in (tmp_path / "news.html").read_text(encoding="utf-8")
    checked = _run(installed_kg, "check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
