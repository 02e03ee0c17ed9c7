"""Whole-graph facts derived after every build: counts kept beside the documents, so aggregate
questions answer at once, and each fact's status across every report of it.

Counting who backs whom reads every evidence node (45k at 1M triples: half a second or more on
the store), yet the answer is a few hundred rows.  So the counts are computed once, after each
build, by the SPARQL updates of ontology/summaries/*.ru, into the named graph SUMMARY_GRAPH, and
the aggregate saved queries read them there.

* The summary graph is not in the union default graph and is left out of exports: no document
  states these counts, and everything exported keeps its provenance.
* The graph carries a stamp, kg:sha256 of the sorted names of the document graphs it counted
  (each name holds the document's content hash) and of the updates that counted them, so a
  summary that predates the documents (a build stopped before its end) or the updates is known
  as stale; `refresh` rewrites it in one transaction.
* Status (kg:status and its source counts, ontology/summaries/status.ru) depends on every report
  of a fact, so no document's graph can state it: it is derived with the counts, into
  STATUS_GRAPH and the union, and unlike the counts it is exported (the graph contract's kg:status).
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import StaleSummaryWarning
from kg.core.vocab import KG, ONTOLOGY_GRAPH, STATUS_GRAPH, SUMMARY_GRAPH
from kg.resources.paths import ontology_dir as ontology_folder

_STAMP = ox.NamedNode(str(KG.sha256))
# The old status leaves the union (no document graph states a status) and its own graph.
DROP_STATUS = f"""DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{STATUS_GRAPH}> {{ ?s ?p ?o }} }} ;
DROP SILENT GRAPH <{STATUS_GRAPH}>"""
_GRAPH = ox.NamedNode(SUMMARY_GRAPH)


def summary_updates(ontology_dir: Path | None = None) -> list[Path]:
    """The SPARQL updates that derive the status and count the tallies, in a fixed order."""
    # status first: the counts read each fact's status
    return sorted(
        (ontology_folder(ontology_dir) / "summaries").glob("*.ru"), key=lambda p: (p.stem != "status", p.name)
    )


def summary_digest(store: ox.Store, ontology_dir: Path | None = None) -> str:
    """A hash of the document graphs' names and of the updates that count them: it changes
    whenever a document version comes or goes, or a newer newskg counts differently."""
    skip = {ONTOLOGY_GRAPH, SUMMARY_GRAPH, STATUS_GRAPH}
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in skip)
    digest = hashlib.sha256("\n".join(names).encode())
    for path in summary_updates(ontology_dir):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stamp_of(store: ox.Store) -> str | None:
    for quad in store.quads_for_pattern(_GRAPH, _STAMP, None, _GRAPH):
        return quad.object.value
    return None


def is_current(store: ox.Store, ontology_dir: Path | None = None) -> bool:
    return stamp_of(store) == summary_digest(store, ontology_dir)


def refresh(store: ox.Store, prefixes: dict[str, str], ontology_dir: Path | None = None) -> bool:
    """Rewrite the summary if it is missing or stale; True when it was rewritten.  The old
    counts go and the new ones come in one update request, which Oxigraph applies as one
    transaction: a reader sees the old summary or the new one, never a mix."""
    digest = summary_digest(store, ontology_dir)
    if stamp_of(store) == digest:
        return False
    parts = [DROP_STATUS, f"DROP SILENT GRAPH <{SUMMARY_GRAPH}>"]
    parts += [path.read_text(encoding="utf-8") for path in summary_updates(ontology_dir)]
    # The digest is hex we computed, never article text.
    parts.append(f'INSERT DATA {{ GRAPH <{SUMMARY_GRAPH}> {{ <{SUMMARY_GRAPH}> <{_STAMP.value}> "{digest}" }} }}')
    store.update(" ;\n".join(parts), prefixes=prefixes)
    return True


def warn_if_stale(store: ox.Store, where: object) -> None:
    """Opening a store read-only cannot fix its counts; say so, and how to."""
    if not is_current(store):
        warnings.warn(
            f"{where}: the store's counts (who_backs_whom, claims_by_claimant) predate some of its "
            "documents (a stopped build) or this newskg; run the same `kg build --store` again to update them",
            StaleSummaryWarning,
            stacklevel=3,
        )
