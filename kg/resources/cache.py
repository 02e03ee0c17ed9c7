"""Results worth keeping between processes, pickled in the user's cache folder.

Every `kg` command and every worker process starts by building the gazetteer from the curated
YAML and GeoNames' 34,000 bundled cities, a third of a second that a build of a few articles
spends again and again.  The cached copy is keyed by the bytes of everything it was built from
(the data files, the code that builds it, the package versions), so an edit to any of them
builds afresh; a cache folder that cannot be written is simply not used.

The folder is $NEWSKG_CACHE_DIR, else $XDG_CACHE_HOME/newskg, else ~/.cache/newskg.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from kg.core.files import atomic_path
from kg.core.settings import settings

log = logging.getLogger(__name__)
T = TypeVar("T")


def cache_dir() -> Path:
    """Where cached results live (see the module docstring)."""
    explicit = settings().cache_dir
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newskg"


def cached(
    name: str,
    inputs: Iterable[Path],
    packages: Iterable[str],
    build: Callable[[Path], T],
    usable: Callable[[T], bool] = lambda _: True,
) -> T:
    """`build(stem)`, or the copy an earlier process pickled from the same `inputs` (files) and
    installed versions of `packages`.  `stem` is where the value may keep files of its own beside
    its pickle (`stem` plus a suffix); a copy whose files are gone (`usable` says so) is built anew."""
    stem = cache_dir() / f"{name}-{_key(inputs, packages)}"
    path = stem.with_name(stem.name + ".pickle")
    try:
        with path.open("rb") as f, _collector_paused():
            value = pickle.load(f)
        if usable(value):
            return value
    except FileNotFoundError:
        pass
    except Exception as exc:  # a truncated or foreign file: build afresh and replace it
        log.debug("ignoring unreadable cache %s: %s", path, exc)
    value = build(stem)
    _store(path, value)
    return value


@contextlib.contextmanager
def _collector_paused():
    """Unpickling the gazetteer makes some 300,000 objects; Python's cycle collector would scan
    them again and again as they arrive (0.67 s against 0.26 s without), and none is garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _key(inputs: Iterable[Path], packages: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(path.read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package}=={metadata.version(package)}\0".encode())
    return digest.hexdigest()[:24]


def _store(path: Path, value: object) -> None:
    """Write atomically (a temporary file renamed into place), or not at all."""
    try:
        with atomic_path(path) as tmp, tmp.open("wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:
        log.debug("not caching %s: %s", path, exc)
