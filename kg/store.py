"""Opening graphs: exported files now; the persistent Oxigraph store is added by issue 4."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from .knowledge_graph import FORMATS


class GraphNotFound(FileNotFoundError):
    """The path is neither a graph file nor a store."""


def open_graph(path: Path) -> Dataset:
    """A graph file as a Dataset (named graphs kept for TriG/N-Quads)."""
    if not path.exists():
        raise GraphNotFound(f"{path}: no such graph file or store")
    if path.is_dir():
        raise GraphNotFound(f"{path}: is a folder, not a graph file")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphNotFound(f"{path}: unknown RDF format {path.suffix!r}")
    ds = Dataset(default_union=True)
    try:
        ds.parse(str(path), format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphNotFound(f"{path}: not a readable {fmt} graph ({exc})") from exc
    return ds
