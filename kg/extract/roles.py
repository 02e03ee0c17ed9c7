"""Roles component: people's positions towards states and organisations.

`Iraq's Prime Minister Haidar Abadi` (head of government), `President Bashar al-Assad`
(head of state, of the country the gazetteer or a demonym gives), `the group's leader, Abu
Bakr al-Baghdadi` (leader), `spokesman U.S. Colonel Ryan Dillon` (spokesperson),
`Linda Tom from the United Nations' humanitarian affairs coordination office` (member).
Title words live in ontology/lexicon/cues.yaml (`roles`).
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from kg.core.records import Mention, Relation
from kg.extract.base import Component, component
from kg.extract.parse import DocView, sentence_of


@component("newskg_roles", requires=["doc._.entities"], assigns=["doc._.relations"])
class RoleLinker(Component):
    """Appends role relations (person -> organisation or state) to ``doc._.relations``."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        self.titles = self.lex.role_titles
        self.properties = self.specs.role_properties  # `head_of_state` -> `headOfState`

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.gaz, self.lex)
        relations = list(doc._.relations or [])
        for m in view.mentions:
            if view.type_of(m.key) != "Person":
                continue
            for role, org, cue in self._roles(view, m):
                if org and org != m.key and view.is_actor(org):
                    relations.append(
                        Relation(self.properties[role], m.key, org, view.evidence(doc[m.start], cue), at=m.start)
                    )
        doc._.relations = relations
        return doc

    def _roles(self, view: DocView, m: Mention):
        doc = view.doc
        # title words just before the name: `Iraq's Prime Minister Haidar Abadi`, `spokesman U.S. Colonel`
        i = m.start - 1
        while i >= sentence_of(doc[m.start]).start and i >= m.start - 6:
            role, width = self._title_ending_at(doc, i)
            if role:
                org = self._owner_before(view, i - width + 1)
                if org is None and role in {"head_of_state", "head_of_government"}:
                    org = self._person_country(view, m)
                if org is not None:
                    yield role, org, doc[i - width + 1 : i + 1].text
                    return
                break
            if not (doc[i].is_title or doc[i].text.endswith(".") or view.mention_at(doc[i])):
                break
            i -= 1
        # apposition: `the group's leader, Abu Bakr al-Baghdadi`, `X, a spokesman for the JOC`
        head = doc[m.end - 1]
        for title, person_side in (
            (head.head, head.dep_ == "appos"),
            *((c, True) for c in head.children if c.dep_ == "appos"),
        ):
            role = self.titles.get(title.lower_) if person_side else None
            if not role:
                continue
            owners = [c for c in title.children if c.dep_ == "poss"] + view.prep_objects(title, {"for", "of"})
            for owner in owners[:1]:
                yield role, view.entity_of_token(owner), title.text
        # `Linda Tom from the United Nations' ... office`
        for obj in view.prep_objects(head, {"from", "of", "at"}):
            org = view.entity_of_token(obj) or next(
                (
                    view.mention_at(t).key
                    for t in obj.subtree
                    if view.mention_at(t) is not None
                    and view.mention_at(t).key
                    and view.type_of(view.mention_at(t).key) != "Country"
                    and view.is_actor(view.mention_at(t).key)
                ),
                None,
            )
            if org:
                yield "member", org, "from"

    def _title_ending_at(self, doc: Doc, i: int) -> tuple[str | None, int]:
        for width in (3, 2, 1):
            if i - width + 1 < 0:
                continue
            words = " ".join(t.lower_ for t in doc[i - width + 1 : i + 1])
            if words in self.titles:
                return self.titles[words], width
        return None, 0

    def _owner_before(self, view: DocView, title_start: int) -> str | None:
        doc = view.doc
        j = title_start - 1
        if j >= 0 and doc[j].lower_ in {"'s", "’s", "'"}:
            j -= 1
        if j < 0:
            return None
        m = view.mention_at(doc[j])
        if m is None or not m.key:
            return None
        if m.label == "NORP" or view.type_of(m.key) == "Country":
            return m.key  # `Iraq's Prime Minister`, `Syrian President`: the state
        return m.key if view.is_actor(m.key) else None

    def _person_country(self, view: DocView, m: Mention) -> str | None:
        entry_id = m.key.split("/", 1)[1] if m.key else ""
        country = self.gaz.country_of(entry_id) if entry_id in self.gaz.entries else None
        return view.ensure_entity(country) if country else None
