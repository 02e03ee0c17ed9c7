"""The graph as JSON-LD with a compact context: the project's prefixes become the context, so
`kg:backs` reads as such in any JSON-LD tool instead of a full IRI on every key."""

from __future__ import annotations

import json
from pathlib import Path

from kg.core.vocab import PREFIXES
from kg.store.engine import Engine


def write_jsonld(engine: Engine, path: Path, ontology_dir: Path | None = None) -> int:
    graph = engine.to_rdflib()
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    path.write_text(json.dumps(json.loads(text), ensure_ascii=False, indent=1), encoding="utf-8")
    return len(graph)
