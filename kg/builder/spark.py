"""The Spark engine: the same two passes as a local build, as a PySpark job.

1. The driver reads the inputs (a store build leaves out documents already stored) and
   partitions them.
2. Each partition runs one spaCy pipeline per Python worker (loaded once, reused across
   partitions) and keeps its (document, results) pairs, cached for the second pass.
3. Each partition gathers its part of the corpus summary; the driver merges them
   (`CorpusSummary.merge`) and broadcasts the settled labels, names and containment.
4. Each partition writes its documents' graphs as one N-Quads file into a staging folder.
5. The driver merges the files into the store (one transaction per document, as a local
   build does) or into a graph file.

Entity, event and claim IRIs come from content, and the corpus summary is the same however
the corpus was split, so partitions agree without shared state and the graph equals a local
build's.  On a multi-machine cluster the staging folder (``--staging``, default: a temporary
folder) must be on a file system every executor and the driver can reach.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.builder.local import Reporter, iter_documents, log_problem, nquads_of
from kg.builder.parallel import Pair, extract_batch
from kg.builder.pipeline import BuildStamp
from kg.core.errors import NothingToBuild, SparkUnavailable
from kg.core.files import atomic_path
from kg.ingest.documents import Document
from kg.rdf.writer import GraphAssembler
from kg.resolve.corpus import CorpusSummary
from kg.resolve.events import EventSignature
from kg.resources.gazetteer import Gazetteer
from kg.store.engine import Engine
from kg.store.persistent import KgStore, version_key

_pipelines: dict[tuple[str | None, str | None], Any] = {}  # per Python worker, reused across tasks


def build_with_spark(
    paths: Iterable[str | Path],
    *,
    output: Path | None = None,
    store: Path | None = None,
    master: str = "local[*]",
    model: str | None = None,
    ontology_dir: Path | None = None,
    partitions: int | None = None,
    staging: Path | None = None,
    on_problem: Reporter = log_problem,
    event_window: int | None = None,
) -> str:
    """Build `paths` as a Spark job into a graph file (`output`) or a store; returns a summary line."""
    if (output is None) == (store is None):
        raise ValueError("give exactly one of output and store")
    docs = list(iter_documents(paths, ontology_dir, on_problem))
    if not docs:
        raise NothingToBuild("no document could be read from the given inputs")
    kg_store, skipped = None, 0
    stamp = BuildStamp.current(model, ontology_dir)
    if store is not None:
        kg_store = KgStore(store)
        Engine(kg_store.store).add_ontology(ontology_dir)
        versions = kg_store.versions()
        fresh = [d for d in docs if version_key(d.sha256, stamp.digest) not in versions.get(d.doc_id, {})]
        skipped, docs = len(docs) - len(fresh), fresh
    if staging is not None:
        staging.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newskg-spark-", dir=staging) as folder:
        if docs:
            stored = kg_store.events() if kg_store is not None else []
            grouping = (event_window, stored)
            _run_job(
                docs, Path(folder), master, (model, ontology_dir, stamp), partitions, kg_store is not None, grouping
            )
        if kg_store is not None:
            added, replaced = _merge_into_store(kg_store, Path(folder), docs, stamp.digest)
            kg_store.finish(ontology_dir)
            return f"{added} added, {replaced} replaced, {skipped} unchanged (skipped)"
        assert output is not None
        _merge_into_file(Path(folder), output, ontology_dir)
    return f"{len(docs)} documents -> {output}"


# ---- the job ----------------------------------------------------------------------------------------
def _run_job(
    docs: list[Document],
    folder: Path,
    master: str,
    build: tuple[str | None, Path | None, BuildStamp],
    partitions: int | None,
    versioned: bool,
    grouping: tuple[int | None, list[EventSignature]],
) -> None:
    model, ontology_dir, stamp = build
    spark = _session(master)
    try:
        sc = spark.sparkContext
        slices = partitions or max(1, min(len(docs), sc.defaultParallelism * 2))
        options = (model, str(ontology_dir) if ontology_dir else None)
        pairs = sc.parallelize(docs, slices).mapPartitions(lambda part: _extract_partition(part, options))
        pairs = pairs.persist(_storage_level())
        summary = pairs.mapPartitions(lambda part: [_summarise_partition(part, options)]).reduce(_merge)
        settled = sc.broadcast(summary.settled(*grouping))
        target = str(folder)
        stamped = (stamp.digest, stamp.described)
        pairs.mapPartitionsWithIndex(
            lambda index, part: _write_partition(index, part, settled.value, options, target, versioned, stamped)
        ).count()
        pairs.unpersist()
    except Exception as exc:
        if type(exc).__module__.startswith(("py4j", "pyspark")):
            raise SparkUnavailable(f"the Spark job failed: {_first_line(exc)}") from exc
        raise
    finally:
        spark.stop()


def _session(master: str):
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network needed, no host name to resolve
    try:
        with warnings.catch_warnings():  # pyspark warns about pandas versions we do not use it with
            warnings.simplefilter("ignore", FutureWarning)
            from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable("--engine spark needs PySpark: pip install 'newskg[spark]'") from exc
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors import kg from this environment
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("newskg build")
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            spark = builder.getOrCreate()
    except Exception as exc:  # Java missing or broken: py4j says so in its own words
        raise SparkUnavailable(f"Spark did not start (is Java 17+ installed?): {_first_line(exc)}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _storage_level():
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---- what runs on the executors -----------------------------------------------------------------
def _pipeline(options: tuple[str | None, str | None]):
    if options not in _pipelines:
        from kg.builder.pipeline import build_pipeline  # on the executor, once per Python worker

        model, ontology = options
        _pipelines[options] = build_pipeline(model, Path(ontology) if ontology else None)
    return _pipelines[options]


def _extract_partition(docs: Iterable[Document], options: tuple[str | None, str | None]) -> Iterator[Pair]:
    batch = list(docs)
    return iter(zip(batch, extract_batch(_pipeline(options), batch), strict=True)) if batch else iter(())


def _summarise_partition(pairs: Iterable[Pair], options: tuple[str | None, str | None]) -> CorpusSummary:
    gaz = Gazetteer.load(Path(options[1]) if options[1] else None)
    summary = CorpusSummary()
    for doc, result in pairs:
        summary.add(doc, result, gaz)
    return summary


def _merge(a: CorpusSummary, b: CorpusSummary) -> CorpusSummary:
    return a.merge(b)


def _write_partition(
    index: int,
    pairs: Iterable[Pair],
    settled,
    options: tuple[str | None, str | None],
    folder: str,
    versioned: bool,
    stamp: tuple[str, str],
) -> Iterator[int]:
    batch = list(pairs)
    gaz = Gazetteer.load(Path(options[1]) if options[1] else None)
    data = nquads_of(GraphAssembler(gaz, settled, *stamp), batch, versioned) if batch else b""
    with atomic_path(Path(folder) / f"part-{index:05d}.nq") as tmp:  # a part file is whole or absent
        tmp.write_bytes(data)
    return iter([len(batch)])


# ---- merging on the driver ----------------------------------------------------------------------
def _part_files(folder: Path) -> list[Path]:
    """The partitions' N-Quads files (whole ones: atomic_path hides files being written)."""
    return sorted(folder.glob("part-*.nq"))


def _merge_into_file(folder: Path, output: Path, ontology_dir: Path | None) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newskg-merge-") as merged:
        engine = Engine(ox.Store(merged))
        for part in _part_files(folder):
            engine.store.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
        engine.ready_for_queries(ontology_dir)  # each fact's status, from every report of it
        with atomic_path(output) as tmp:
            engine.export(tmp)
        del engine


def _merge_into_store(kg_store: KgStore, folder: Path, docs: list[Document], stamp: str) -> tuple[int, int]:
    """One transaction per document (its version graph and union triples), then its older
    versions dropped: a merge stopped half-way leaves whole documents only."""
    versions = kg_store.versions()
    by_graph: dict[str, list[ox.Quad]] = {}
    for part in _part_files(folder):
        by_graph.clear()
        union: dict[str, list[ox.Quad]] = {}
        for quad in ox.parse(path=str(part), format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.NamedNode):
                by_graph.setdefault(quad.graph_name.value, []).append(quad)
                union.setdefault(quad.graph_name.value, []).append(
                    ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())
                )
        for graph, quads in by_graph.items():
            kg_store.store.extend(quads + union[graph])
    added = replaced = 0
    for doc in docs:
        if doc.doc_id in versions:
            replaced += 1
        else:
            added += 1
        kg_store.drop_versions(doc.doc_id, version_key(doc.sha256, stamp), versions)
    return added, replaced
