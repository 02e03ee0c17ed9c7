"""The world's looked-up-only places, kept in a SQLite file instead of the process's memory.

Of the gazetteer's 190,000 entries, all but some 1,700 are towns, districts and provinces of the
world that are never matched in the text by name, only looked up when a name the NER or the text
calls a place is not a curated one (see `Entry.matched`).  Held as Python objects they took 225 MiB
of every process (the build and each worker) and 0.7 s to unpickle at every start; a document
looks up a few dozen of them.  So the cached gazetteer keeps them in a SQLite file beside its
pickle (an index of their name keys and one row per entry), opened read-only and immutable, one
connection per process (never one carried across a fork), and rebuilds an `Entry` on demand.

`EntryTable` and `NameIndex` present the in-memory entries and the file's as one mapping each, so
the gazetteer's callers read `gaz.entries[id]` and `gaz.by_key.get(key)` as before.
"""

from __future__ import annotations

import functools
import os
import pickle
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Generic, TypeVar

from kg.core.files import atomic_path

E = TypeVar("E")

ENTRY_CACHE_SIZE = 8192
"""Entries rebuilt from the file kept per process: a corpus's places recur from report to report."""


class WorldTable(Generic[E]):
    """Read access to the entries written by `WorldTable.write`, each rebuilt as `make(*fields)`."""

    def __init__(self, path: Path, count: int, make: Callable[..., E]) -> None:
        self.path = path
        self.count = count
        self.make = make
        self._connections: dict[int, sqlite3.Connection] = {}
        self._lock = threading.Lock()

    @classmethod
    def write(
        cls, path: Path, rows: Iterable[tuple[str, tuple]], names: list[tuple[str, str]], make: Callable[..., E]
    ) -> WorldTable[E]:
        """Write (id, constructor arguments) `rows` and (name key, id) `names` to `path`, atomically."""
        count = 0
        with atomic_path(path) as tmp:
            db = sqlite3.connect(tmp)
            try:
                db.execute("CREATE TABLE entries (id TEXT PRIMARY KEY, fields BLOB) WITHOUT ROWID")
                db.execute("CREATE TABLE names (key TEXT, id TEXT)")
                for entry_id, fields in rows:
                    db.execute("INSERT INTO entries VALUES (?, ?)", (entry_id, pickle.dumps(fields, 5)))
                    count += 1
                db.executemany("INSERT INTO names VALUES (?, ?)", names)
                db.execute("CREATE INDEX names_by_key ON names (key)")
                db.commit()
            finally:
                db.close()
        return cls(path, count, make)

    def usable(self) -> bool:
        """The file is there, readable, and holds every entry written (not truncated or foreign)."""
        try:
            return self._rows("SELECT count(*) FROM entries")[0][0] == self.count
        except sqlite3.Error:
            return False

    def _db(self) -> sqlite3.Connection:
        """This process's connection (a forked worker opens its own; the parent's is left alone)."""
        pid = os.getpid()
        db = self._connections.get(pid)
        if db is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            db = self._connections[pid] = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return db

    def _rows(self, sql: str, *args: object) -> list[tuple]:
        with self._lock:
            return self._db().execute(sql, args).fetchall()

    @functools.lru_cache(maxsize=ENTRY_CACHE_SIZE)  # noqa: B019  (one table per gazetteer, kept for the process)
    def entry(self, entry_id: str) -> E | None:
        rows = self._rows("SELECT fields FROM entries WHERE id = ?", entry_id)
        return self.make(*pickle.loads(rows[0][0])) if rows else None

    def ids_named(self, key: str) -> list[str]:
        return [row[0] for row in self._rows("SELECT id FROM names WHERE key = ? ORDER BY rowid", key)]

    def ids(self) -> Iterator[str]:
        return (row[0] for row in self._rows("SELECT id FROM entries"))

    def keys(self) -> Iterator[str]:
        return (row[0] for row in self._rows("SELECT DISTINCT key FROM names"))

    def __getstate__(self) -> dict:
        return {"path": self.path, "count": self.count, "make": self.make}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state["count"], state["make"])


class EntryTable(Mapping[str, E]):
    """The gazetteer's entries by id: those in memory (`core`), then the world table's."""

    def __init__(self, core: dict[str, E], world: WorldTable[E]) -> None:
        self.core = core
        self.world = world

    def __getitem__(self, entry_id: str) -> E:
        entry = self.core.get(entry_id)
        if entry is None:
            entry = self.world.entry(entry_id)
        if entry is None:
            raise KeyError(entry_id)
        return entry

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.core or (isinstance(entry_id, str) and self.world.entry(entry_id) is not None)

    def __iter__(self) -> Iterator[str]:
        return chain(self.core, self.world.ids())

    def __len__(self) -> int:
        return len(self.core) + self.world.count


class NameIndex(Mapping[str, list[str]]):
    """Entry ids by name key: the in-memory entries' (`core`), then the world table's."""

    def __init__(self, core: dict[str, list[str]], world: WorldTable) -> None:
        self.core = core
        self.world = world

    def __getitem__(self, key: str) -> list[str]:
        found = [*self.core.get(key, ()), *self.world.ids_named(key)]
        if not found:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(chain(self.core, self.world.keys())))

    def __len__(self) -> int:
        return sum(1 for _ in self)
