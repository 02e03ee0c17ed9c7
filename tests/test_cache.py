"""The gazetteer is cached between processes, and an edit to the curated data still takes effect."""

from __future__ import annotations

import shutil

from conftest import ROOT

from kg.resources.gazetteer import Gazetteer

NEW_TOWN = (
    "  - {id: test-town-qwxz, label: Qwxz, type: Town, within: raqqa-governorate, "
    "lat: 35.9, long: 39.1, source: approx}\n"
)


def _ontology_copy(tmp_path, name: str):
    folder = tmp_path / name
    shutil.copytree(ROOT / "ontology", folder, ignore=shutil.ignore_patterns("queries"))
    return folder


def test_a_cached_gazetteer_equals_a_fresh_one_and_an_edit_rebuilds_it(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(cache))
    first = _ontology_copy(tmp_path, "first")
    fresh = Gazetteer._build(first)

    built = Gazetteer.load(first)  # builds and stores
    assert built == fresh
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1

    same_data = tmp_path / "same"
    same_data.symlink_to(first)  # another path, the same bytes: read from the cache
    from_cache = Gazetteer.load(same_data)
    assert from_cache == fresh and from_cache is not built
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
    assert Gazetteer.load(folder) == Gazetteer._build(folder)

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(cache))
    other = _ontology_copy(tmp_path, "other")
    Gazetteer.load(other)
    (stored,) = cache.glob("gazetteer-*.pickle")
    stored.write_bytes(b"truncated")  # a half-written or foreign file
    again = tmp_path / "again"
    again.symlink_to(other)
    assert Gazetteer.load(again) == Gazetteer._build(other)
