"""Hand the graph to the tools analysts already use: ACLED-style event tables, Gephi and
networkx (GraphML, GEXF), spreadsheets (an edge list with labels) and other RDF tools (JSON-LD
with a compact context).  `kg export` and `graph.export()` both call `export()`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.core.errors import UnsupportedFormat
from kg.core.files import atomic_path
from kg.export.acled import write_acled
from kg.export.linked_data import write_jsonld
from kg.export.network import write_facts_csv, write_gexf, write_graphml
from kg.store.engine import Engine

Writer = Callable[..., int]
"""(engine, path, ontology_dir[, guard]) -> rows, edges or triples written."""
EXPORTS: dict[str, tuple[tuple[str, ...], Writer, str]] = {
    "acled": ((".csv",), write_acled, "events, one row each, in ACLED's columns"),
    "graphml": ((".graphml", ".xml"), write_graphml, "the network for networkx, Gephi, Cytoscape"),
    "gexf": ((".gexf",), write_gexf, "the network for Gephi, with colours and positions"),
    "jsonld": ((".jsonld", ".json"), write_jsonld, "the RDF graph as JSON-LD with a compact context"),
    "csv": ((".csv",), write_facts_csv, "every fact (edge) as a row with labels"),
}
"""Format -> (file extensions it fits, writer, what it holds)."""


def export_format(path: Path, fmt: str | None) -> str:
    """The format asked for, or the one the extension names; one that does not fit is an error."""
    suffix = path.suffix.lower()
    if fmt is None:
        fits = [name for name, (suffixes, _, _) in EXPORTS.items() if suffix in suffixes and name != "acled"]
        if not fits:
            raise UnsupportedFormat(f"{path}: no export format for {suffix or 'no extension'!r}; give --format")
        return fits[0]
    if fmt not in EXPORTS:
        raise UnsupportedFormat(f"unknown export format {fmt!r}; use one of {', '.join(EXPORTS)}")
    suffixes = EXPORTS[fmt][0]
    if suffix not in suffixes:
        raise UnsupportedFormat(f"{path}: a {fmt} export is written to a {' or '.join(suffixes)} file")
    return fmt


SPREADSHEETS = {"acled", "csv"}
"""Formats opened in spreadsheets: their formula cells are neutralised unless asked not to."""


def export(
    engine: Engine, path: Path, fmt: str | None = None, ontology_dir: Path | None = None, keep_formulas: bool = False
) -> int:
    """Write `engine`'s graph to `path` in `fmt` (else the format its extension names),
    atomically; the number of rows, edges or triples written.  In the spreadsheet formats a
    cell that would run as a formula gets a leading apostrophe unless `keep_formulas`."""
    path = Path(path)
    fmt = export_format(path, fmt)
    writer = EXPORTS[fmt][1]
    options = {"guard": not keep_formulas} if fmt in SPREADSHEETS else {}
    with atomic_path(path) as tmp:
        return writer(engine, tmp, ontology_dir, **options)
