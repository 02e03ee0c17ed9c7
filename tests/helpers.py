"""Small assertions over DocResults, named for what a reader of the graph would check."""

from __future__ import annotations


def relations(result, predicate: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in result.relations if r.predicate == predicate}


def events(result, event_type: str) -> list:
    return [e for e in result.events if e.type == event_type]


def captures(result) -> set[tuple[str, str]]:
    return {(a, p) for e in events(result, "Capture") for a in e.agents for p in e.places}


def claims(result) -> set[tuple[str, str]]:
    return {(c.claimant, c.stance) for c in result.claims}
