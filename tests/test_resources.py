"""The curated data files: checked against their schemas at load, every key of them read."""

from __future__ import annotations

import shutil
import typing

import pytest
from conftest import ROOT, SEEDS
from pydantic import BaseModel

from kg.core.errors import KGError, ResourceError
from kg.resources import schemas


def ontology_copy(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", folder)
    return folder


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh_loads():
    """Forget what this process loaded, so the next load reads the files again."""
    from kg.resources.facts import FactSpecs
    from kg.resources.gazetteer import Gazetteer
    from kg.resources.lexicon import Lexicon
    from kg.resources.names import articles, name_key, skeleton
    from kg.resources.ontology import Ontology

    for cached in (FactSpecs.load, Gazetteer.load, Lexicon.load, Ontology.load, articles, name_key, skeleton):
        cached.cache_clear()


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [
        ("lexicon/cues.yaml", "{lemma: seize}", "{lemmaa: seize}", "events.Capture.1.lemmaa: unknown key"),
        ("lexicon/cues.yaml", "  verbs: [back, support,", "  verbs: [back, back, support,", "listed twice: back"),
        ("lexicon/cues.yaml", "opposition:\n  verbs: [", "opposition:\n  verbz: [", "opposition.verbz: unknown key"),
        ("lexicon/descriptors.yaml", "media_nouns: [television", "media_nouns: [7, television", "media_nouns.0"),
    ],
)
def test_a_broken_lexicon_is_an_error_naming_the_file_and_the_entry(tmp_path, file, old, new, said):
    from kg.resources.lexicon import Lexicon

    folder = ontology_copy(tmp_path)
    edit(folder / file, old, new)
    with pytest.raises(ResourceError) as caught:
        Lexicon.load(folder)
    assert file.split("/")[1] in str(caught.value) and said in str(caught.value)
    assert isinstance(caught.value, KGError)


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [
        ("gazetteer/actors.yaml", "type: Government\n", "type: Governmnet\n", "'Governmnet' is not a class"),
        ("gazetteer/places.yaml", "aliases: [Anbar, Anbar province,", "aliases: [Anbar, Anbar,", "listed twice: Anbar"),
        ("gazetteer/places.yaml", "lat: 36.54, long: 37.27", "lat: 136.54, long: 37.27", "less than or equal to 90"),
        ("gazetteer/actors.yaml", "    source: acled\n", "    sauce: acled\n", "sauce: unknown key"),
    ],
)
def test_a_broken_gazetteer_is_an_error_naming_the_file_and_the_entry(tmp_path, monkeypatch, file, old, new, said):
    from kg.resources.gazetteer import Gazetteer

    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(tmp_path / "cache"))
    folder = ontology_copy(tmp_path)
    edit(folder / file, old, new)
    with pytest.raises(ResourceError) as caught:
        Gazetteer.load(folder)
    assert file.split("/")[1] in str(caught.value) and said in str(caught.value)


def test_a_misspelt_event_type_in_the_cues_is_an_error_not_a_new_class(tmp_path):
    from kg.resources.facts import FactSpecs

    folder = ontology_copy(tmp_path)
    edit(folder / "lexicon" / "cues.yaml", "  Siege:\n", "  Captur:\n    - {lemma: grab}\n  Siege:\n")
    with pytest.raises(ResourceError, match=r"cues.yaml: events.Captur: no event type of that name"):
        FactSpecs.load(folder)


def test_a_spec_type_missing_from_the_ontology_is_an_error(tmp_path):
    from kg.resources.facts import FactSpecs

    folder = ontology_copy(tmp_path)
    edit(folder / "kg.ttl", "kg:Shelling a owl:Class ; rdfs:subClassOf kg:Event ;", "kg:Shelling a owl:Class ;")
    with pytest.raises(ResourceError, match=r"events.yaml: events.Shelling: 'Shelling' is not a class under kg:Event"):
        FactSpecs.load(folder)


def _fields(model: type[BaseModel], seen: set) -> set[tuple[str, str]]:
    """Every (model, field) reachable from a file's model: what a YAML file can hold."""
    if model in seen:
        return set()
    seen.add(model)
    out = set()
    for name, info in model.model_fields.items():
        out.add((model.__name__, name))
        todo = [info.annotation]
        while todo:
            kind = todo.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                out |= _fields(kind, seen)
            todo.extend(typing.get_args(kind))
    return out


FILE_MODELS = (
    schemas.CuesFile,
    schemas.DescriptorsFile,
    schemas.PlacesFile,
    schemas.ActorsFile,
    schemas.EventsFile,
    schemas.RelationsFile,
    schemas.DrawingFile,
)


def test_every_key_of_every_data_file_is_read(tmp_path, monkeypatch):
    """Load the data afresh, check it (`kg check`), build and draw the seeds while recording which
    fields of the file schemas the code reads: none may be left unread (a dead key)."""
    import kg
    from kg.builder.pipeline import check_resources

    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(tmp_path / "cache"))  # the gazetteer is built, not unpickled
    fresh_loads()
    with schemas.track_reads() as reads:
        check_resources()
        graph = kg.build([SEEDS])
        graph.to_html(tmp_path / "seeds.html")  # the viewer reads how relations are drawn
        graph.export(tmp_path / "events.csv", format="acled")  # the ACLED mapping
    fresh_loads()
    assert len(graph) > 1000
    declared = set().union(*(_fields(model, set()) for model in FILE_MODELS))
    assert declared - reads == set()
