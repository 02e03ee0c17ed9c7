"""Who stands for and against each fact: the sources an export row cites beside its status.

For an event: the outlets stating it in their own voice (each report's publisher, else its
document) and the claimants asserting it; against it, the claimants denying it.  For a relation,
the same over its evidence nodes (a sentence no claim carries is its outlet's own).  Both sides
come from the graph's claims, so a TSV, a spreadsheet and the viewer name the same sources.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.store.engine import Engine

SIDES = """
SELECT DISTINCT ?fact ?side ?name WHERE {
  {
    { ?fact kg:evidence ?report . ?report kg:attributed false ; prov:wasDerivedFrom ?doc . }
    UNION
    { ?fact rdf:predicate ?p ; prov:wasDerivedFrom ?doc . FILTER NOT EXISTS { ?anyClaim kg:asserts|kg:denies ?fact } }
    OPTIONAL { ?doc dcterms:publisher/rdfs:label ?outlet }
    OPTIONAL { ?doc dcterms:identifier ?id }
    BIND(COALESCE(?outlet, ?id) AS ?name)
    BIND("for" AS ?side)
  }
  UNION { ?claim kg:asserts ?fact ; kg:claimant/rdfs:label ?name . BIND("for" AS ?side) }
  UNION { ?claim kg:denies ?fact ; kg:claimant/rdfs:label ?name . BIND("against" AS ?side) }
}"""


@dataclass
class Sides:
    """Names of the sources for and against one fact, sorted, each once."""

    supporting: list[str] = field(default_factory=list)
    denying: list[str] = field(default_factory=list)

    def add(self, side: str, name: str) -> None:
        names = self.supporting if side == "for" else self.denying
        if name not in names:
            names.append(name)
            names.sort()


def fact_sides(engine: Engine) -> dict[str, Sides]:
    """Fact IRI (an event, or a relation's evidence node) -> its sources for and against."""
    sides: dict[str, Sides] = defaultdict(Sides)
    for fact, side, name in engine.table(SIDES, labels=False)[1]:
        if name is not None:
            sides[fact.value].add(side.value, name.value)
    return sides


def status_name(iri: object) -> str:
    """`https://w3id.org/newskg/ontology#Contested` -> `contested` (empty when there is none)."""
    return iri.rsplit("#", 1)[-1].lower() if isinstance(iri, str) else ""
