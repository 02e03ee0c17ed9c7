"""The gazetteer is cached between processes, and an edit to the curated data still takes effect."""

from __future__ import annotations

import multiprocessing
import shutil

from conftest import ROOT

from kg.resources.gazetteer import Gazetteer
from kg.resources.world_table import EntryTable

NEW_TOWN = (
    "  - {id: test-town-qwxz, label: Qwxz, type: Town, within: raqqa-governorate, "
    "lat: 35.9, long: 39.1, source: approx}\n"
)


def _ontology_copy(tmp_path, name: str):
    folder = tmp_path / name
    shutil.copytree(ROOT / "ontology", folder, ignore=shutil.ignore_patterns("queries"))
    return folder


def _same(loaded: Gazetteer, fresh: Gazetteer) -> bool:
    """The same entries and index, wherever `loaded` keeps them (the world's places in a file):
    every id, every name key's entries, and every 25th entry field by field."""
    entries_match = set(loaded.entries) == set(fresh.entries) and all(
        loaded.entries[i] == fresh.entries[i] for i in sorted(fresh.entries)[::25]
    )
    keys_match = all(sorted(loaded.by_key.get(k, [])) == sorted(v) for k, v in fresh.by_key.items())
    rest = ("by_skeleton", "demonyms", "by_role", "iso", "capitals", "sources")
    return entries_match and keys_match and all(getattr(loaded, f) == getattr(fresh, f) for f in rest)


def test_a_cached_gazetteer_equals_a_fresh_one_and_an_edit_rebuilds_it(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(cache))
    first = _ontology_copy(tmp_path, "first")
    fresh = Gazetteer._build(first)

    built = Gazetteer.load(first)  # builds and stores
    assert _same(built, fresh)
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1
    assert len(list(cache.glob("gazetteer-*.sqlite"))) == 1

    same_data = tmp_path / "same"
    same_data.symlink_to(first)  # another path, the same bytes: read from the cache
    from_cache = Gazetteer.load(same_data)
    assert _same(from_cache, fresh) and from_cache is not built
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1

    edited = _ontology_copy(tmp_path, "edited")
    places = edited / "gazetteer" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("places:\n", "places:\n" + NEW_TOWN, 1))
    gaz = Gazetteer.load(edited)
    assert gaz.entries["test-town-qwxz"].lat == 35.9
    assert gaz.lookup("Qwxz") == "test-town-qwxz"
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 2


def test_an_unusable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(blocker))
    folder = _ontology_copy(tmp_path, "ontology")
    assert _same(Gazetteer.load(folder), Gazetteer._build(folder))

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(cache))
    other = _ontology_copy(tmp_path, "other")
    Gazetteer.load(other)
    (stored,) = cache.glob("gazetteer-*.pickle")
    stored.write_bytes(b"truncated")  # a half-written or foreign file
    again = tmp_path / "again"
    again.symlink_to(other)
    assert _same(Gazetteer.load(again), Gazetteer._build(other))


def test_the_worlds_places_live_in_a_file_beside_the_cache_and_a_damaged_or_lost_file_is_rebuilt(tmp_path, monkeypatch):
    """The 190,000 looked-up-only places are read from SQLite, not held in memory; they are found
    by id and name as before, in forked workers too; a cache whose file was truncated or deleted
    is built again, not half used."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(cache))
    folder = _ontology_copy(tmp_path, "ontology")
    gaz = Gazetteer.load(folder)
    assert isinstance(gaz.entries, EntryTable) and gaz.entries.world.count > 150_000
    assert len(gaz.entries.core) < 5_000  # the matched names and the actors
    menaka = gaz.lookup("Menaka", "Place")
    assert menaka not in gaz.entries.core and gaz.entries[menaka].country == "ML"
    assert gaz.country_of(menaka) == "mali" and menaka in gaz.entries

    with multiprocessing.get_context("fork").Pool(2) as pool:  # as `kg build --jobs 2` forks
        found = pool.map(gaz.lookup, ["Menaka", "Maiduguri"])
    assert found[0] == menaka and gaz.entries[found[1]].country == "NG"

    (table,) = cache.glob("gazetteer-*.sqlite")
    table.write_bytes(table.read_bytes()[:4096])  # truncated, as a full disk or a killed copy leaves it
    again = tmp_path / "again"
    again.symlink_to(folder)
    rebuilt = Gazetteer.load(again)
    assert rebuilt.lookup("Menaka", "Place") == menaka and rebuilt.entries.world.usable()

    table.unlink()  # gone altogether
    once_more = tmp_path / "once-more"
    once_more.symlink_to(folder)
    assert Gazetteer.load(once_more).lookup("Menaka", "Place") == menaka and table.is_file()
