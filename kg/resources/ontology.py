"""The classes and properties of ontology/kg.ttl, so data files can be checked against them.

A fact spec naming a class the ontology lacks, or a gazetteer entry with a misspelt type, is an
error at load instead of a new RDF class minted from a typo.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import ResourceError
from kg.core.vocab import KG, OWL, RDF, RDFS
from kg.resources.paths import ontology_dir


@dataclass(frozen=True)
class Ontology:
    """Local names of kg: classes (with every superclass) and properties."""

    superclasses: dict[str, frozenset[str]]
    properties: frozenset[str]

    @classmethod
    @functools.lru_cache(maxsize=4)
    def load(cls, folder: Path | None = None) -> Ontology:
        path = ontology_dir(folder) / "kg.ttl"
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError) as exc:
            raise ResourceError(f"{path}: cannot be read as Turtle ({exc})") from exc
        kg, parents = str(KG), {}
        properties = set()
        for t in triples:
            subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
            if not subject.startswith(kg):
                continue
            name = subject[len(kg) :]
            if t.predicate.value == str(RDF.type) and t.object.value == str(OWL.Class):
                parents.setdefault(name, set())
            elif t.predicate.value == str(RDFS.subClassOf) and t.object.value.startswith(kg):
                parents.setdefault(name, set()).add(t.object.value[len(kg) :])
            elif t.predicate.value == str(RDF.type) and t.object.value.endswith(("ObjectProperty", "DatatypeProperty")):
                properties.add(name)
        return cls({name: frozenset(_ancestors(name, parents)) for name in parents}, frozenset(properties))

    def is_a(self, name: str, ancestor: str) -> bool:
        """`name` is `ancestor` or one of its subclasses."""
        return ancestor in self.superclasses.get(name, ())

    def check_class(self, name: str, under: str, where: str) -> None:
        if not self.is_a(name, under):
            known = sorted(c for c in self.superclasses if self.is_a(c, under))
            raise ResourceError(
                f"{where}: {name!r} is not a class under kg:{under} in kg.ttl; known: {', '.join(known)}"
            )


def _ancestors(name: str, parents: dict[str, set[str]]) -> set[str]:
    seen, todo = {name}, [name]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen
