"""newskg: explainable knowledge graphs of actors, places, backing, events and claims from news.

The notebook API is the same library the command line uses:

    import kg
    graph = kg.build(["seeds/"])
    graph.query(open("ontology/queries/who_backs_whom.rq").read())
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import _threads  # noqa: F401  (before numpy loads: see kg/_threads.py)
from .knowledge_graph import KnowledgeGraph

__all__ = ["KnowledgeGraph", "build", "load"]
__version__ = "0.1.0"


def build(
    paths: Iterable[str | Path] | str | Path,
    model: str | None = None,
    ontology_dir: str | Path | None = None,
    progress: bool = False,
    jobs: int = 1,
) -> KnowledgeGraph:
    """Read news files, folders or JSON Lines and return their knowledge graph (in memory;
    for corpora larger than memory, build into a store with `kg build --store`)."""
    from .builder import build_engine

    if isinstance(paths, (str, Path)):
        paths = [paths]
    folder = Path(ontology_dir) if ontology_dir else None
    engine, _ = build_engine(paths, model=model, ontology_dir=folder, progress=progress, jobs=jobs)
    return KnowledgeGraph(engine.ready_for_queries(folder))


def load(path_or_store: str | Path) -> KnowledgeGraph:
    """Open an exported graph file (any RDF format newskg writes) or a store folder."""
    from .store import open_graph

    return open_graph(Path(path_or_store))
