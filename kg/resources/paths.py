"""Where newskg's data lives and how it is read: the ontology folder, its YAML files, page assets.

The ontology folder (gazetteer, lexicons, fact specs, saved queries, kg.ttl) is the one named by
`--ontology` or $NEWSKG_ONTOLOGY, else the one shipped with the package.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.core.errors import ResourceError
from kg.core.settings import settings

PACKAGE = Path(__file__).resolve().parent.parent
EXTRACTION_FOLDERS = ("gazetteer", "lexicon", "facts")
"""The ontology's subfolders that decide what extraction finds (their hash joins the build stamp)."""


def default_ontology_dir() -> Path:
    """$NEWSKG_ONTOLOGY, else the ontology shipped in the package (kg/ontology in a wheel:
    pyproject maps the repository's ontology/ there), else the repository's own ontology/
    (a source checkout or an editable install, where kg/ontology does not exist)."""
    if settings().ontology_dir:
        return settings().ontology_dir
    shipped = PACKAGE / "ontology"
    return shipped if shipped.is_dir() else PACKAGE.parent / "ontology"


def ontology_dir(folder: Path | str | None = None) -> Path:
    """`folder` when given, else the default ontology folder; one that is not there is an error."""
    path = Path(folder) if folder else default_ontology_dir()
    if not path.is_dir():
        raise ResourceError(f"{path}: no such ontology folder (set --ontology or $NEWSKG_ONTOLOGY)")
    return path


def read_yaml(path: Path) -> Any:
    """A curated data file, with libyaml's parser where PyYAML has it (ten times faster: every
    build and every worker process reads these files); a broken file names itself."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise ResourceError(
            f"{path}: missing (set --ontology or $NEWSKG_ONTOLOGY to a complete ontology folder)"
        ) from None
    except yaml.YAMLError as exc:
        raise ResourceError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from exc


def resource_digest(folder: Path | None = None) -> str:
    """A hash of every file that decides what extraction finds, for the build stamp: editing a
    cue list, a gazetteer entry or a fact spec changes it."""
    root = ontology_dir(folder)
    digest = hashlib.sha256()
    for sub in EXTRACTION_FOLDERS:
        for path in sorted((root / sub).rglob("*.yaml")):
            digest.update(f"{path.relative_to(root)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def asset(name: str) -> str:
    """A page part shipped in kg/assets/ (HTML and JavaScript kept out of Python strings)."""
    return (PACKAGE / "assets" / name).read_text(encoding="utf-8")


_SLOT = re.compile(r"\$([A-Z][A-Z_]*)")


def fill_page(name: str, **values: str) -> str:
    """An asset page with its `$NAME` slots filled in one pass: a value (article text, a
    library's JavaScript) that itself contains `$NAME` is never filled again."""
    return _SLOT.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), asset(name))
