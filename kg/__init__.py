"""newskg: explainable knowledge graphs of actors, places, backing, events and claims from news.

The notebook API is the same library the command line uses:

    import kg
    graph = kg.build(["seeds/"])
    graph.saved("who_backs_whom")          # a pandas DataFrame
    graph.query("SELECT ?b ?a WHERE { ?b kg:backs ?a }")

Every user-facing failure is a `kg.KGError` (see kg.core.errors); the library logs through the
`kg` logger and never prints.  The stages, in the order data flows through them: kg.ingest,
kg.extract, kg.resolve, kg.rdf, kg.store, kg.query, kg.view, kg.serve; kg.builder runs them,
kg.cli is the command line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from kg.core import threads as _threads  # noqa: F401  (before numpy loads: see kg/core/threads.py)
from kg.core.errors import KGError
from kg.core.settings import VERSION
from kg.knowledge_graph import KnowledgeGraph, open_graph

__all__ = ["KGError", "KnowledgeGraph", "build", "load"]
__version__ = VERSION
logging.getLogger(__name__).addHandler(logging.NullHandler())


def build(
    paths: Iterable[str | Path] | str | Path,
    model: str | None = None,
    ontology_dir: str | Path | None = None,
    progress: bool = False,
    jobs: int = 1,
    event_window: int | None = None,
) -> KnowledgeGraph:
    """Read news files, folders or JSON Lines and return their knowledge graph (in memory;
    for corpora larger than memory, build into a store with `kg build --store`).  With
    `progress`, a words-per-second bar (tqdm's, notebook-aware); reports of one event dated at
    most `event_window` days apart are one event (Settings.event_window_days by default)."""
    from kg.builder.local import build_engine

    if isinstance(paths, (str, Path)):
        paths = [paths]
    folder = Path(ontology_dir) if ontology_dir else None
    if not progress:
        engine, _ = build_engine(paths, model=model, ontology_dir=folder, jobs=jobs, event_window=event_window)
    else:
        from tqdm.auto import tqdm

        with tqdm(unit="word", unit_scale=True, desc="extracting") as bar:
            engine, _ = build_engine(
                paths, model=model, ontology_dir=folder, jobs=jobs, on_progress=bar.update, event_window=event_window
            )
    return KnowledgeGraph(engine.ready_for_queries(folder))


def load(path_or_store: str | Path) -> KnowledgeGraph:
    """Open an exported graph file (any RDF format newskg writes) or a store folder."""
    return open_graph(path_or_store)
