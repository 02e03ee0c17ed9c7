"""Resolution: every mention to one entity key, however it is spelled or described.

Order of evidence, strongest first: the gazetteer id the matcher attached; the gazetteer's
folded-name index (``Deir elZour`` = ``Deir ez-Zor``); names defined in the document itself
(``Syrian Democratic Forces (SDF)``, ``... known as Popular Mobilization``, ``Abadi`` after
``Haidar Abadi``); and last the NER's own type for a name nobody knows.  Descriptions that
depend on context (``government forces``, ``state media``) take the country the sentence is
about, voted by the places and governments mentioned near them.

Across articles, ``kg.resolve.corpus.CorpusSummary.key_mapping`` joins ``Dillon`` in one article to
``Ryan Dillon`` in another when the surname is unambiguous.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Doc

from kg.core.records import EntityInfo, Mention
from kg.extract.base import Component, component
from kg.extract.parse import home_countries, in_place_slot, sentence_of
from kg.resolve.corpus import name_parts
from kg.resources.gazetteer import Entry
from kg.resources.names import initials, name_key, slug

WELL_KNOWN_POPULATION = 100_000
"""A world place this big is taken at its own name even in a story that names no country of it."""
KIND_OF_LABEL = {"PERSON": "Actor", "ORG": "Actor", "NORP": "Actor", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
TYPE_OF_LABEL = {"PERSON": "Person", "ORG": "Organization", "GPE": "Settlement", "LOC": "Region", "FAC": "Facility"}
GOVERNMENT_WEIGHT = 1.5
PLACE_WEIGHT = 1.0
LEADER_WEIGHT = 1.0
DEMONYM_WEIGHT = 0.5


@component("newskg_resolver", requires=["doc._.mentions"], assigns=["doc._.entities", "doc._.sent_country"])
class Resolver(Component):
    """Assigns ``Mention.key`` and fills ``doc._.entities`` and ``doc._.sent_country``."""

    def __init__(self, ontology_dir: Path | None) -> None:
        super().__init__(ontology_dir)
        self._votes: dict[tuple[str | None, bool, str | None], tuple[str | None, float]] = {}
        self.media_nouns = tuple(self.lex.descriptors.media_nouns)
        roles = self.lex.descriptors.roles
        self.salience_roles = frozenset(name for name, spec in roles.items() if spec.resolve == "salience")
        self.state_fallback_roles = frozenset(name for name, spec in roles.items() if spec.fallback == "state")
        self.place_kind_nouns = self.lex.words("places", "kind_nouns")
        self.place_suffixes = self.lex.words("places", "name_suffixes")
        self.place_preps = self.lex.words("places", "event_preps")
        self.taking_verbs = self.ground_verbs
        self.admin_types = {word.lower(): cls for word, cls in self.lex.node("places", "admin_types").items()}
        self.admin_classes = frozenset(self.admin_types.values())
        self.trailing_nouns = self.lex.member_nouns | self.lex.armed_member_nouns
        self._doc_countries: set[str] = set()

    # ---- component ----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.mentions or []
        entities: dict[str, EntityInfo] = {}
        self._doc = doc
        self._doc_countries = self._countries_named(doc)
        for m in mentions:
            self._resolve_by_name(m, entities)
        self._define_aliases(doc, mentions, entities)
        self._rejoin_split_names(doc, mentions, entities)
        self._resolve_short_names(mentions, entities)
        roles = [m for m in mentions if m.key is None and m.hint and m.hint.startswith("role:")]
        for m in sorted(roles, key=lambda r: "@" not in r.hint):  # explicit owners first
            self._resolve_role(doc, m, mentions, entities)
        self._states_acting_abroad(mentions, entities)
        for m in mentions:
            if m.key and m.key in entities and m.label != "NORP" and not self._generic(m):
                info = entities[m.key]
                info.names.add(_clean_name(m.text))
                info.mentions += 1
        doc._.entities = entities
        doc._.mentions = [m for m in mentions if m.key]
        doc._.sent_country = [self.country_near(doc, mentions, s.start, s.end, entities) for s in doc.sents]
        return doc

    def _states_acting_abroad(self, mentions: list[Mention], entities: dict[str, EntityInfo]) -> None:
        """A generated government of a country the story is not set in gives way to the country
        (`Kenyan troops`, `the Kenyan government` in Somalia: Kenya; `Gazetteer.acting_for_state`)."""
        home = home_countries(mentions, entities, self.gaz)
        replaced = set()
        for m in mentions:
            entry_id = m.key.split("/", 1)[1] if m.key else None
            acting = self.gaz.acting_for_state(entry_id, home) if entry_id else None
            if acting is not None and acting != entry_id:
                replaced.add(m.key)
                m.key = self.gaz.entries[acting].iri_path
                entities.setdefault(m.key, EntityInfo.from_entry(self.gaz.entries[acting]))
        _drop_unused(replaced, mentions, entities)

    # ---- names ---------------------------------------------------------------------------------
    def _resolve_by_name(self, m: Mention, entities: dict[str, EntityInfo]) -> None:
        hint = m.hint
        if hint and hint.startswith("role:"):
            return
        entry = None
        if hint and hint.startswith("demonym:"):
            entry = self.gaz.entries.get(hint.split(":", 1)[1])
        elif hint:
            entry = self.gaz.entries.get(hint)
        if entry is not None and entry.kind == "Place":
            entry = self._in_a_named_country(m.text, entry)
        admin = self._admin_type(m)
        if entry is not None and not entry.matched and not self._plausible_here(entry, m.text, admin):
            entry = None  # a span found among world places (mentions._longest_known) must fit the story too
        if entry is not None and not entry.matched and admin and not self._kind_agrees(entry, m.text):
            entry = None
        if entry is None or entry.type in {"City", "Town", "Settlement"}:
            province = self._as_province(m)  # `the province of Deir Ezzor`, `Anbar province`
            entry = province or entry
        if entry is None:
            said_place = self._named_as_place(m) or self._after_place_preposition(m) or admin
            kind = "Place" if m.label != "NORP" and said_place else KIND_OF_LABEL.get(m.label)
            entry = self._best_candidate(m, kind, admin)
            if entry is None and kind == "Actor":
                entry = self._by_initials(m) or self._place_of_the_story(m)
        if entry is not None:
            m.key = entry.iri_path
            entities.setdefault(m.key, EntityInfo.from_entry(entry))
            return
        if m.label == "NORP":
            return
        label = "GPE" if admin or self._named_as_place(m) else m.label  # `the village of X`, whatever the NER said
        kind = KIND_OF_LABEL.get(label, "Actor")
        name = self._bare_name(_clean_name(m.text)) if admin else _clean_name(m.text)  # `Khogyani district`
        key = f"{kind.lower()}/{slug(name)}"
        m.key = key
        kind_of_node = "MediaOutlet" if self._named_as_outlet(m) else admin or TYPE_OF_LABEL.get(label, "Organization")
        entities.setdefault(key, EntityInfo(key=key, label=name, type=kind_of_node, kind=kind))

    def _best_candidate(self, m: Mention, kind: str | None, admin: str | None) -> Entry | None:
        """The first entry the name may be that fits the mention and the story; with an
        administrative word (`Kidal region`, `Borno state`) a province or region before a town
        of the same name, without one a town first; a world place named by its own name before
        one that has the name among its others (`Basilan`, the province, not the City of Isabela
        that GeoNames also calls Basilan)."""
        found = self.gaz.candidates(m.text, kind, also=self._bare_name(m.text))
        found.sort(key=lambda c: self._rank(self.gaz.entries[c], m.text, admin))  # stable
        for entry_id in found:
            entry = self.gaz.entries[entry_id]
            # `Sahel region`, `the town of Gao`: a place, whatever the NER said
            if not admin and kind != "Place" and not _compatible(entry, m):
                continue
            if admin and not self._kind_agrees(entry, m.text):
                continue
            if entry.kind == "Place":
                entry = self._in_a_named_country(m.text, entry)
            if entry.matched or self._plausible_here(entry, m.text, admin):
                return entry
        return None

    def _rank(self, entry: Entry, text: str, admin: str | None) -> tuple[bool, bool, bool]:
        """Sort key of a candidate (smaller first): curated or named by its own name; a division
        beside an administrative word, a town without one; of the class the word says."""
        by_other_name = not entry.curated and not self._own_name(entry, text)
        return by_other_name, (entry.type in self.admin_classes) != bool(admin), bool(admin) and entry.type != admin

    def _by_initials(self, m: Mention) -> Entry | None:
        """A name of three words or more that no entry has, whose initials are the acronym of
        exactly one actor (`Tigray People's Liberation Front`, the TPLF that UCDP spells
        `Tigrean`)."""
        words = [w for w in _clean_name(m.text).split() if w[:1].isupper()]
        acronym = initials(_clean_name(m.text))
        if len(words) < 3 or len(acronym) < 3:
            return None
        found = self.gaz.by_acronym.get(acronym, [])
        return self.gaz.entries[found[0]] if len(found) == 1 else None

    def _place_of_the_story(self, m: Mention) -> Entry | None:
        """A name the NER took for an organisation or a person that no actor has, but that is a
        town of a country the story names (`militants attacked Djibo` in a story about Burkina
        Faso): that town."""
        for entry_id in self.gaz.candidates(m.text, "Place"):
            entry = self.gaz.entries[entry_id]
            if entry.kind == "Place" and self.gaz.country_of(entry_id) in self._doc_countries:
                return entry
        return None

    def _kind_agrees(self, entry: Entry, text: str) -> bool:
        """Beside an administrative word, a province, region or district, never a town:
        `the district of Dangam` is not the town of Dangam, `Kohistan district` no town that has
        Kohistan among its other names."""
        return entry.type in self.admin_classes

    def _own_name(self, entry: Entry, text: str) -> bool:
        """The entry's own name is the text's, an administrative word aside (`Ghazni province`);
        a province's names are its own (`Basilan` for the Province of Basilan), a town's others
        are not (GeoNames also calls the City of Isabela `Basilan`)."""
        key = name_key(self._bare_name(_clean_name(text)))
        return self.gaz.own_name(entry.id, key) or name_key(self._bare_name(entry.label)) == key

    def _bare_name(self, name: str) -> str:
        """The name without a last administrative word or member noun the NER took in with it
        (`Borno State` -> `Borno`, `al-Shabab militia` -> `al-Shabab`)."""
        words = name.split()
        last = words[-1].lower() if words else ""
        if len(words) > 1 and (last in self.admin_types or last.removesuffix("s") in self.trailing_nouns):
            words = words[:-1]
        return " ".join(words)

    def _named_as_outlet(self, m: Mention) -> bool:
        """`Al Masirah television`, `Rudaw TV`: the word after the name says it is an outlet."""
        doc = self._doc
        after = " ".join(t.lower_ for t in doc[m.end : m.end + 2])
        return any(after == noun or after.startswith(noun + " ") for noun in self.media_nouns)

    def _countries_named(self, doc: Doc) -> set[str]:
        """Countries the document names, by name or demonym (`Libya`, `Libyan`), as the
        gazetteer matcher marked them (before longer mentions such as `Libya's army` took them in)."""
        named = set()
        for ent in doc.ents:
            entry_id = ent.id_.removeprefix("demonym:")
            if entry_id in self.gaz.entries and self.gaz.entries[entry_id].type == "Country":
                named.add(entry_id)
        return named

    def _in_a_named_country(self, name: str, entry: Entry) -> Entry:
        """Of two places with one name (`Tripoli`, Libya or Lebanon), the one in a country the
        document names."""
        candidates = self.gaz.by_key.get(name_key(name), [])
        if len(candidates) < 2 or self.gaz.country_of(entry.id) in self._doc_countries:
            return entry
        for candidate in candidates:
            other = self.gaz.entries[candidate]
            if other.kind == "Place" and self.gaz.country_of(candidate) in self._doc_countries:
                return other
        return entry

    def _admin_type(self, m: Mention) -> str | None:
        """The class an administrative word gives the name: its last word (`Kunduz province`),
        the word after it (`Borno state`) or the phrase before it (`the province of Kunar`)."""
        doc = self._doc
        words = [doc[m.end - 1].lower_ if m.end - m.start > 1 else ""]
        words.append(doc[m.end].lower_ if m.end < len(doc) else "")
        if m.start >= 2 and doc[m.start - 1].lower_ == "of":
            words.append(doc[m.start - 2].lower_)
        return next((self.admin_types[w] for w in words if w in self.admin_types), None)

    def _plausible_here(self, entry: Entry, name: str, admin: str | None) -> bool:
        """A world place (looked up, not matched) fits the story: in a country it names, or big
        and called by its own name (`Paris`); `Borno` is no other spelling of a small German town,
        `Haram` (of Boko Haram) no Norwegian town, `Hamas` not GeoNames' other name for Hamm.  A
        province or region of the world needs its country in the story, or an administrative
        word beside it in a story that names no country (`Sahel region`): `the Sahel` is not
        Burkina Faso's Sahel region, `Saada province` in a story about Yemen not Mayotte's Sada."""
        in_story = self.gaz.country_of(entry.id) in self._doc_countries or self._province_named(entry)
        if entry.type in self.admin_classes and not entry.curated:
            return in_story or (admin is not None and not self._doc_countries)
        return in_story or (entry.population >= WELL_KNOWN_POPULATION and self._own_name(entry, name))

    def _province_named(self, entry: Entry) -> bool:
        """The story names the province or district the place is in (`the Borno state town of
        Dikwa` in a story that names only Chad)."""
        text = self._doc.text
        for container in self.gaz.containers(entry.id)[:-1]:  # the last is the country
            names = self.gaz.entries[container].names() if container in self.gaz.entries else ()
            if any(len(n) >= 4 and re.search(rf"\b{re.escape(n)}\b", text) for n in names):
                return True
        return False

    def _named_as_place(self, m: Mention) -> bool:
        """`the town of X`, `the village of X`, `X province`, `retook X`, `the villages of Y, X
        and Z`: the text says X is a place."""
        doc = self._doc
        before = [t.lower_ for t in doc[max(0, m.start - 2) : m.start]]
        after = doc[m.end].lower_ if m.end < len(doc) else ""
        return (
            (len(before) == 2 and before[1] == "of" and before[0] in self.place_kind_nouns)
            or after in self.place_suffixes
            or (self._may_be_place(m) and in_place_slot(doc[m.end - 1], self.lex, self.taking_verbs, _tagged_place))
        )

    def _may_be_place(self, m: Mention) -> bool:
        """A person the NER found is a place only when listed beside one (`Awdhegle and Mubarak`):
        `rebels captured Gaddafi` took a man, not a town."""
        return m.label != "PERSON" or self._doc[m.end - 1].dep_ == "conj"

    def _after_place_preposition(self, m: Mention) -> bool:
        """`marched in Bamako`: a name after `in`, `near`, `outside` is looked up among places
        first, whatever the NER called it (the look-up still needs the place to fit the story)."""
        return m.start > 0 and self._doc[m.start - 1].lower_ in self.place_preps

    def _as_province(self, m: Mention) -> Entry | None:
        doc = self._doc
        before = " ".join(t.lower_ for t in doc[max(0, m.start - 2) : m.start])
        after = doc[m.end].lower_ if m.end < len(doc) else ""
        if before.endswith(("province of", "governorate of")) or after in {"province", "governorate"}:
            entry_id = self.gaz.lookup(f"{_clean_name(m.text)} province", "Place")
            entry = self.gaz.entries.get(entry_id) if entry_id else None
            if entry is not None and entry.type == "Governorate":
                return entry
        return None

    def _define_aliases(self, doc: Doc, mentions: list[Mention], entities: dict[str, EntityInfo]) -> None:
        """`Long Name (ACR)` and `X known as Y` make two mentions one entity within the document."""
        by_start = {m.start: m for m in mentions}
        aliases: dict[str, str] = {}
        for m in mentions:
            nxt = doc[m.end : m.end + 3]
            if len(nxt) == 3 and nxt[0].text == "(" and nxt[2].text == ")" and nxt[1].is_upper and m.key:
                acr = by_start.get(m.end + 1)
                known = acr is not None and acr.key in entities and entities[acr.key].gazetteer_id
                if acr is not None and acr.key and known and entities.get(m.key) and not entities[m.key].gazetteer_id:
                    self._merge(m, acr.key, entities)  # `al-Qaida in the Islamic Maghreb (AQIM)`: the known AQIM
                elif acr is not None and acr.key != m.key:
                    self._merge(acr, m.key, entities)
                aliases[name_key(nxt[1].text)] = m.key
            words = [t.lower_ for t in doc[m.end : m.end + 2]]
            if words == ["known", "as"] or words[:1] == ["called"]:
                skip = 2 if words == ["known", "as"] else 1
                named = by_start.get(m.end + skip)
                if named is not None and named.key:
                    if m.key and m.key != named.key and m.key in entities and entities[m.key].gazetteer_id is None:
                        entities.pop(m.key, None)  # the description was an unknown name: the named entity wins
                    m.key = named.key
                    m.hint = None
        for m in mentions:
            if m.key and m.key in entities and entities[m.key].gazetteer_id is None:
                target = aliases.get(name_key(m.text))
                if target and target != m.key:
                    self._merge(m, target, entities)

    @staticmethod
    def _merge(m: Mention, key: str | None, entities: dict[str, EntityInfo]) -> None:
        old = m.key
        m.key = key
        if old and old in entities and entities[old].gazetteer_id is None:
            entities.pop(old)

    def _rejoin_split_names(self, doc: Doc, mentions: list[Mention], entities: dict[str, EntityInfo]) -> None:
        """A one-word name the gazetteer does not know that opens a longer name the document
        gives whole elsewhere is that name, split by the NER (`Boko` `Haram` once, `Boko Haram`
        everywhere else): not a place called Boko."""
        whole: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)  # by first word
        for m in mentions:
            if m.key and m.end - m.start > 1 and "\n" not in doc[m.start : m.end].text:
                words = tuple(t.lower_ for t in doc[m.start : m.end])
                whole[words[0]][words] = m.key
        replaced = set()
        for m in mentions:
            info = entities.get(m.key or "")
            if m.end - m.start != 1 or info is None or info.gazetteer_id:
                continue
            for words, key in whole.get(doc[m.start].lower_, {}).items():
                if key != m.key and tuple(t.lower_ for t in doc[m.start : m.start + len(words)]) == words:
                    replaced.add(m.key)
                    m.key = key
                    break
        _drop_unused(replaced, mentions, entities)

    def _resolve_short_names(self, mentions: list[Mention], entities: dict[str, EntityInfo]) -> None:
        """`Dillon` after `Ryan Dillon` in one article is the same person, `Addis` after `Addis
        Ababa` the same place."""
        full: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            info = entities.get(m.key or "")
            if info and info.type == "Person" and len(m.text.split()) > 1:
                for part in name_parts(m.text)[1:]:
                    full[part].add(m.key)
            elif info and info.kind == "Place" and info.gazetteer_id and len(m.text.split()) > 1:
                full[name_parts(m.text)[0]].add(m.key)
        for m in mentions:
            info = entities.get(m.key or "")
            if not info or info.gazetteer_id or len(m.text.split()) != 1 or len(info.label.split()) > 1:
                continue  # (a word already taken for a longer name: `Boko`, see _rejoin_split_names)
            if m.label not in {"PERSON", "ORG", "GPE"} and info.type != "Person":
                continue
            owners = {k for k in full.get(name_key(m.text), set()) - {m.key} if entities[k].kind == info.kind}
            if len(owners) == 1:
                self._merge(m, next(iter(owners)), entities)
            elif info.type == "Person" and self._named_as_group(m):
                info.type = "Organization"  # `militant group al-Shabab`, `al-Shabab militants`
            elif info.type == "Person" and not self._speaks(m):
                # a lone unknown one-word "person" is mostly a group or a fragment (`Yazidis`);
                # a surname that speaks (`said Dillon`) stays, for the corpus-level merge
                dropped = m.key
                for other in mentions:
                    if other.key == dropped:
                        other.key = None
                entities.pop(dropped, None)

    def _named_as_group(self, m: Mention) -> bool:
        """A group noun just before the name or a fighter or group noun just after it: the NER's
        one-word "person" is a group (`militant group al-Shabab`, `al-Shabab fighters`)."""
        doc = self._doc
        group_words = self.lex.descriptors.organisation_words
        before = doc[m.start - 1].lemma_.lower() if m.start > 0 else ""
        after = doc[m.end].lemma_.lower() if m.end < len(doc) else ""
        return before in group_words or after in group_words or after in self.lex.armed_member_nouns

    def _generic(self, m: Mention) -> bool:
        """`militants`, `the group`: a description resolved by salience is no name of the group."""
        return bool(m.hint) and m.hint.startswith("role:salient")

    def _speaks(self, m: Mention) -> bool:
        token = self._doc[m.end - 1]
        say = self.lex.words("claims", "verbs") | self.lex.words("claims", "denial_verbs")
        return token.dep_ == "nsubj" and token.head.lemma_.lower() in say

    # ---- context-dependent descriptions ------------------------------------------------------------
    def _resolve_role(self, doc: Doc, m: Mention, mentions: list[Mention], entities: dict[str, EntityInfo]) -> None:
        role, _, where = m.hint.removeprefix("role:").partition("@")
        if role in self.salience_roles:
            named = next((o for o in mentions if o.end == m.start and o.key and o.label not in {"NORP", "GPE"}), None)
            # `Tahrir al-Sham militants`: the name just before the word says which group
            key = named.key if named is not None else self._salient_armed_group(mentions, m, entities)
            if key:
                m.key = key
            return
        country = None
        if where.startswith("owner:"):
            owner = self._owner(doc, where, entities)
            if owner is not None:
                country = self._country_of_key(owner.key)
            commander = self._stateless_person(owner, entities) if country is None else None
            if commander is not None:
                m.key = commander  # `Haftar's forces`: forces loyal to a man who holds no state office
                return
        elif where:
            country = where
        if country is None:
            country = self._demonym_inside(doc, m)
        if country is None and role == "government" and doc[m.start - 1 : m.start].text.lower() == "the":
            named = self._government_named_before(doc, m, mentions)
            if named is not None:
                m.key = named
                return
        if country is None:
            country = self.country_near(doc, mentions, m.start, m.end, entities, exclude=m, role=role)
        if country is None:
            return
        actor = self.gaz.role_actor(country, role)
        if actor is None and role in self.state_fallback_roles:
            actor = country
        if actor is None:
            return
        entry = self.gaz.entries[actor]
        m.key = entry.iri_path
        entities.setdefault(m.key, EntityInfo.from_entry(entry))

    def _government_named_before(self, doc: Doc, m: Mention, mentions: list[Mention]) -> str | None:
        """`Iraqi armed forces ... according to the military`: a definite description refers
        back to the government (or its force) named earlier in the sentence."""
        sent = sentence_of(doc[m.start])
        for o in reversed([o for o in mentions if o.key and sent.start <= o.start < m.start]):
            entry = self.gaz.entries.get(o.key.split("/", 1)[1])
            if entry is not None and self._vote_weight(o) == GOVERNMENT_WEIGHT:
                return entry.iri_path if entry.role == "government" else self.gaz.entries[entry.part_of].iri_path
        return None

    def _owner(self, doc: Doc, where: str, entities: dict[str, EntityInfo]) -> Mention | None:
        """The owner inside `Assad's army` / `government of President X`, resolved as a name."""
        _, start, end, label = where.split(":")
        span = doc[int(start) : int(end)]
        owner = Mention.of(span, label, hint=span[0].ent_id_ or None)
        self._resolve_by_name(owner, {})
        return owner if owner.key else None

    @staticmethod
    def _stateless_person(owner: Mention | None, entities: dict[str, EntityInfo]) -> str | None:
        """The one person of the document an owner the gazetteer gives no country (so no state
        office) names, in full or by a part of the name (`Haftar` for `Khalifa Haftar`)."""
        if owner is None:
            return None
        key = name_key(owner.text)
        people = {
            info.key
            for info in entities.values()
            if info.type == "Person"
            and not info.gazetteer_id
            and key in map(name_key, [info.label, *name_parts(info.label)])
        }
        return people.pop() if len(people) == 1 else None

    def _demonym_inside(self, doc: Doc, m: Mention) -> str | None:
        for token in doc[max(0, m.start - 2) : m.end]:
            country = self.gaz.demonyms.get(token.lower_)
            if country and not doc[token.i + 1 : token.i + 2].text.startswith("-"):
                return country
        return None

    def _salient_armed_group(self, mentions: list[Mention], m: Mention, entities: dict[str, EntityInfo]) -> str | None:
        """`the group`, `the militants`: the armed group named last in this or the two previous
        sentences, else the one the document names most."""
        groups = [
            o
            for o in mentions
            if o.key
            and o.start < m.start
            and o is not m
            and entities.get(o.key)
            and entities[o.key].type in {"ArmedGroup", "Militia"}
        ]
        recent = [o for o in groups if o.sent >= m.sent - 2]
        if recent:
            return recent[-1].key
        counts = Counter(o.key for o in groups)
        return counts.most_common(1)[0][0] if counts else None

    def _country_of_key(self, key: str | None) -> str | None:
        if not key:
            return None
        entry_id = key.split("/", 1)[1]
        return self.gaz.country_of(entry_id) if entry_id in self.gaz.entries else None

    def country_near(
        self,
        doc: Doc,
        mentions: list[Mention],
        start: int,
        end: int,
        entities: dict[str, EntityInfo],
        exclude: Mention | None = None,
        role: str | None = None,
    ) -> str | None:
        """The country a stretch of text is about: places and governments nearby vote, nearer
        ones louder; the previous sentence and then the whole document break silence."""
        sent = sentence_of(doc[start])
        previous_start = _previous_sentence_start(doc, sent)
        starts = [o.start for o in mentions]  # mentions come sorted by position
        first_here, first_after = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        here: Counter[str] = Counter()
        for o, country, weight in self._voters(mentions[first_here:first_after], exclude, role):
            distance = min(abs(o.start - end), abs(start - o.end))
            here[country] += weight / (1 + distance / 8)
        before: Counter[str] = Counter()
        anywhere: Counter[str] = Counter()
        if not here:  # the previous sentence, then the rest of the document, only when needed
            for _, country, weight in self._voters(
                mentions[bisect_left(starts, previous_start) : first_here], exclude, role
            ):
                before[country] += weight
        if not here and not before:
            others = mentions[: bisect_left(starts, previous_start)] + mentions[first_after:]
            for _, country, weight in self._voters(others, exclude, role):
                anywhere[country] += weight
        votes = here or before or anywhere
        if role:  # prefer countries where the role has its own actor (a government, state media)
            fitting = Counter({c: v for c, v in votes.items() if self.gaz.role_actor(c, role)})
            votes = fitting or votes
        if not votes:
            return None
        return max(sorted(votes), key=lambda c: votes[c])

    def _voters(self, mentions: list[Mention], exclude: Mention | None, role: str | None):
        """(mention, country, weight) of the mentions that vote for a country."""
        for o in mentions:
            if o is exclude or not o.key:
                continue
            country, weight = self._country_vote(o, role)
            if country:
                yield o, country, weight

    def _country_vote(self, o: Mention, role: str | None) -> tuple[str | None, float]:
        """(country, weight) of one mention's vote; it depends only on the gazetteer, so it is
        worked out once per (key, NORP or not, role) instead of once per pair of mentions."""
        cache_key = (o.key, o.label == "NORP", role)
        vote = self._votes.get(cache_key)
        if vote is None:
            weight = self._vote_weight(o, role)
            vote = self._votes[cache_key] = (self._country_of_key(o.key) if weight else None, weight)
        return vote

    def _vote_weight(self, o: Mention, role: str | None = None) -> float:
        entry_id = o.key.split("/", 1)[1] if o.key else ""
        entry = self.gaz.entries.get(entry_id)
        if entry is None:
            return 0.0
        if o.label == "NORP":  # a demonym votes only where the role has an actor: "Syrian President"
            return DEMONYM_WEIGHT if role and self.gaz.role_actor(entry.id, role) else 0.0
        if entry.kind == "Place":
            return PLACE_WEIGHT
        if entry.role == "government" or (
            entry.type == "StateForce"
            and entry.part_of in self.gaz.entries
            and self.gaz.entries[entry.part_of].role == "government"
        ):
            return GOVERNMENT_WEIGHT
        if entry.role in {"head_of_state", "head_of_government"}:
            return LEADER_WEIGHT
        return 0.0


def _previous_sentence_start(doc: Doc, sent) -> int:
    if sent.start == 0:
        return 0
    return sentence_of(doc[sent.start - 1]).start


def _tagged_place(token) -> bool:
    return token.ent_type_ in {"GPE", "LOC", "FAC"}


def _compatible(entry: Entry, m: Mention) -> bool:
    """A gazetteer hit on a name the NER typed otherwise: trust the gazetteer, except that a
    one-word person name must not become a place (``Hassan`` the man, not a village)."""
    return not (m.label == "PERSON" and entry.kind == "Place" and len(m.text.split()) == 1 and not entry.curated)


def _clean_name(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    text = text.strip(" ,;:-")
    # a trailing period is punctuation, except after an abbreviation such as `U.S.`
    return text[:-1] if text.endswith(".") and not (len(text) > 2 and text[-3] == ".") else text


def _drop_unused(keys: set[str | None], mentions: list[Mention], entities: dict[str, EntityInfo]) -> None:
    """Forget the nodes of `keys` that no mention names any more (their mentions were re-keyed)."""
    for key in keys - {m.key for m in mentions}:
        entities.pop(key or "", None)
