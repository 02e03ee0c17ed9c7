"""Past one process: --jobs N and the Spark engine write the same graph as one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SEEDS, run_cli

from kg.builder.local import load_documents
from kg.builder.parallel import extract_pairs
from kg.knowledge_graph import open_graph
from kg.resolve.corpus import CorpusSummary
from kg.resources.gazetteer import Gazetteer


def quads(path: Path) -> set:
    return set(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def store_quads(path: Path) -> set:
    return set(open_graph(path).engine.data_quads())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and edited copies of them: 36 articles, more than one batch per worker."""
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(9):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (folder / f"{seed.stem}_{i}.txt").write_text(text if i == 0 else f"{text}\n(Version {i}.)\n")
    return folder


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("jobs1") / "graph.nq"
    proc = run_cli("build", str(corpus), "-o", str(out), "--jobs", "1", "--no-progress")
    assert proc.returncode == 0, proc.stderr.decode()
    return out


def test_two_processes_write_the_same_graph_as_one(corpus, one_process, tmp_path):
    out = tmp_path / "graph.nq"
    proc = run_cli("build", str(corpus), "-o", str(out), "--jobs", "2", "--no-progress")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "36 documents" in proc.stderr.decode()
    assert quads(out) == quads(one_process)


def test_store_build_on_two_processes_equals_one(corpus, tmp_path):
    stores = {}
    for jobs in ("1", "2"):
        stores[jobs] = tmp_path / f"store{jobs}"
        proc = run_cli("build", str(corpus), "--store", str(stores[jobs]), "--jobs", jobs, "--no-progress")
        assert proc.returncode == 0 and "36 added" in proc.stderr.decode(), proc.stderr.decode()
    assert store_quads(stores["1"]) == store_quads(stores["2"])


def test_summaries_of_parts_merge_into_the_summary_of_the_whole(nlp, tmp_path):
    """What lets workers and Spark partitions summarise separately: the merged summary settles
    the same labels, short-name merges and mentioned places as one pass over everything."""
    (tmp_path / "a.txt").write_text("Colonel Ryan Dillon, a spokesman for the U.S.-led coalition, spoke in Baghdad.")
    (tmp_path / "b.txt").write_text("Mr. Dillon told reporters that air strikes near Raqqa would continue.")
    gaz = Gazetteer.load()
    pairs = list(extract_pairs(load_documents([SEEDS, tmp_path]), nlp=nlp))
    whole, first, second = CorpusSummary(), CorpusSummary(), CorpusSummary()
    for i, (doc, result) in enumerate(pairs):
        whole.add(doc, result, gaz)
        (first if i % 2 else second).add(doc, result, gaz)
    merged = second.merge(first).settled()
    assert merged == whole.settled()
    assert merged.labels["place/deir-ez-zor"] == "Deir ez-Zor"
    assert merged.mapping == {"actor/dillon": "actor/ryan-dillon"}  # `Dillon` alone is Ryan Dillon


def test_jobs_must_be_a_number(tmp_path):
    proc = run_cli("build", str(SEEDS), "-o", str(tmp_path / "g.ttl"), "--jobs", "many")
    assert proc.returncode == 2 and "not a number of processes" in proc.stderr.decode()


# ---- the Spark engine (local[2]: two executor threads, two Python workers) ----------------------------
needs_spark = pytest.mark.skipif(
    shutil.which("java") is None, reason="Java is missing; the machines this runs on have Java 17"
)


@needs_spark
def test_spark_build_equals_the_single_process_graph(tmp_path, one_process, corpus):
    pytest.importorskip("pyspark", reason="install newskg[spark]")
    out = tmp_path / "spark.nq"
    proc = run_cli("build", str(corpus), "-o", str(out), "--engine", "spark", "--master", "local[2]")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "kg: spark: 36 documents" in proc.stderr.decode()
    assert quads(out) == quads(one_process)


@needs_spark
def test_spark_build_into_a_store_equals_a_local_store_and_is_idempotent(tmp_path):
    pytest.importorskip("pyspark", reason="install newskg[spark]")
    spark_store, local_store = tmp_path / "spark", tmp_path / "local"
    spark = ("build", str(SEEDS), "--store", str(spark_store), "--engine", "spark", "--master", "local[2]")
    first = run_cli(*spark)
    assert first.returncode == 0 and "4 added" in first.stderr.decode(), first.stderr.decode()
    again = run_cli(*spark)
    assert again.returncode == 0 and "0 added, 0 replaced, 4 unchanged" in again.stderr.decode()
    assert run_cli("build", str(SEEDS), "--store", str(local_store), "--no-progress").returncode == 0
    assert store_quads(spark_store) == store_quads(local_store)


def test_spark_options_need_the_spark_engine(tmp_path):
    proc = run_cli("build", str(SEEDS), "-o", str(tmp_path / "g.ttl"), "--master", "local[2]")
    assert proc.returncode != 0 and "--engine spark" in proc.stderr.decode()
