"""Extraction results -> RDF: one named graph per document, IRIs from content, not counters.

Every IRI is derived from what it names (a gazetteer id, a folded name, a document id and
character offsets), so building the same input twice, in any order or on any number of
processes, gives the same graph, and a document's facts can be replaced by replacing its
named graph.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import URIRef

from kg.core.records import Claim, DocResult, EntityInfo, Event, Evidence, Relation
from kg.core.vocab import DCTERMS, GEO, GN, KG, KGR, PREFIXES, PROV, RDF, RDFS, SKOS, WD, XSD
from kg.ingest.documents import Document
from kg.resolve.corpus import SettledCorpus, metadata_entities
from kg.resolve.events import mention_key
from kg.resources.gazetteer import Gazetteer
from kg.resources.names import slug

_PLAIN_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def doc_segment(doc_id: str) -> str:
    """A document's id as an IRI path segment: the id itself where it is already plain (lower-case
    letters, digits, `_.-`), else a readable slug and a short hash of the exact id, so `Report 1`
    and `report_1`, or two Arabic titles that slug alike, stay two documents."""
    if _PLAIN_ID.fullmatch(doc_id):
        return doc_id
    return f"{slug(doc_id)}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:8]}"


def doc_iri(doc_id: str) -> URIRef:
    return KGR[f"doc/{doc_segment(doc_id)}"]


def doc_graph_iri(doc_id: str) -> URIRef:
    return KGR[f"graph/{doc_segment(doc_id)}"]


def version_graph(doc: Document, stamp: str | None = None) -> URIRef:
    """A store keeps each version of a document in its own graph, named by its content hash and
    the build stamp it was extracted with (a new lexicon or model makes a new version)."""
    return KGR[f"graph/{doc_segment(doc.doc_id)}/{_hash(doc.sha256, stamp)}"]


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class Triples(list):
    """One document's triples, in the order written; `add` as on an rdflib Graph, at the cost
    of a list append (an rdflib Dataset's context bookkeeping was a fifth of the build)."""

    add = list.append


@dataclass
class GraphAssembler:
    """Writes one document's results as triples, with the corpus-wide labels and containment."""

    gaz: Gazetteer
    corpus: SettledCorpus = field(default_factory=lambda: SettledCorpus({}, {}, set()))
    stamp: str | None = None
    """The build stamp's hash (kg:buildStamp on each document), see kg.builder.pipeline.BuildStamp."""
    stamp_text: str | None = None
    """The build stamp's readable form (kg:extractedWith)."""

    @property
    def labels(self) -> dict[str, str]:
        return self.corpus.labels

    # ---- one document -----------------------------------------------------------------------
    def add(self, doc: Document, result: DocResult) -> Triples:
        """The document's triples; `result` must already have the corpus key mapping applied."""
        g = Triples()
        d = doc_iri(doc.doc_id)
        mentioned = self.corpus.mentioned or set(result.entities)
        publisher = self._document(g, d, doc, mentioned)
        for key, info in result.entities.items():
            self._entity(g, key, info, d, mentioned)
        # a corpus-wide merge (a short name taken for a full one) can make both ends one actor: no
        # actor backs, allies with or opposes itself
        facts = {
            rel.ident: self._relation(g, rel, d, result.entities)
            for rel in result.relations
            if rel.subject != rel.object
        }
        facts.update({e.ident: self._event(g, e, d, doc.doc_id) for e in result.events})
        for claim in result.claims:
            self._claim(g, claim, d, doc.doc_id, facts, publisher)
        return g

    def _document(self, g: Triples, d: URIRef, doc: Document, mentioned: set[str]) -> URIRef | None:
        """The document node; returns its publisher's node, the default outlet of its claims."""
        g.add((d, RDF.type, KG.Document))
        g.add((d, DCTERMS.identifier, ox.Literal(doc.doc_id)))
        g.add((d, KG.sha256, ox.Literal(doc.sha256)))
        g.add((d, KG.wordCount, _typed(doc.words, XSD.integer)))
        if doc.date:
            g.add((d, DCTERMS.date, _typed(doc.date, XSD.date)))
        if doc.title:
            g.add((d, DCTERMS.title, ox.Literal(doc.title)))
        g.add((d, RDFS.label, ox.Literal(doc.title or doc.doc_id)))  # listings name documents
        if doc.url:
            g.add((d, SCHEMA_URL, _typed(doc.url, XSD.anyURI)))
        if doc.source:
            g.add((d, DCTERMS.source, ox.Literal(doc.source)))
        if self.stamp:
            g.add((d, KG.buildStamp, ox.Literal(self.stamp)))
            g.add((d, KG.extractedWith, ox.Literal(self.stamp_text or "")))
        publisher = None
        for info, default_type in metadata_entities(self.gaz, doc):
            # placed in the containers the articles name, but brings in no country of its own
            node = self._entity(g, info.key, info, None, mentioned, add_country=info.key in mentioned)
            if default_type == "MediaOutlet":
                publisher = node
                g.add((d, DCTERMS.publisher, node))
            else:
                g.add((d, DCTERMS.spatial, node))
        return publisher

    def _entity(
        self, g: Triples, key: str, info: EntityInfo, d: URIRef | None, mentioned: set[str], add_country: bool = True
    ) -> URIRef:
        node = KGR[key]
        label = self.labels.get(key, info.label)
        g.add((node, RDF.type, KG[info.type]))
        g.add((node, RDFS.label, ox.Literal(label)))
        for name in sorted(info.names):
            if name and name != label:
                g.add((node, SKOS.altLabel, ox.Literal(name)))
        if d is not None:
            g.add((node, KG.mentionedIn, d))
        if info.affiliation:
            g.add((node, KG.affiliatedWith, KGR[info.affiliation]))
        entry = self.gaz.entries.get(info.gazetteer_id or "")
        if entry is not None:
            self._gazetteer_facts(g, node, entry, mentioned, add_country)
        return node

    def _gazetteer_facts(self, g: Triples, node: URIRef, entry, mentioned: set[str], add_country: bool = True) -> None:
        if entry.lat is not None and entry.long is not None:
            g.add((node, GEO.lat, _decimal(entry.lat)))
            g.add((node, GEO.long, _decimal(entry.long)))
        if entry.wikidata:
            g.add((node, SKOS.exactMatch, WD[entry.wikidata]))
        if entry.geonames:
            g.add((node, SKOS.exactMatch, GN[f"{entry.geonames}/"]))
        if entry.source:
            g.add((node, DCTERMS.source, ox.Literal(self.gaz.sources.get(entry.source, entry.source))))
        if entry.kind == "Place":
            self._containment(g, node, entry, mentioned, add_country)
        if entry.type == "MediaOutlet" and entry.role:  # a state outlet: its claims are its government's
            country = self.gaz.country_of(entry.id)
            government = self.gaz.entries.get(self.gaz.role_actor(country, "government") or "") if country else None
            if government is not None and government.iri_path in mentioned:
                g.add((node, KG.speaksFor, KGR[government.iri_path]))
        if entry.part_of and entry.part_of in self.gaz.entries:
            parent = self.gaz.entries[entry.part_of]
            if parent.iri_path in mentioned:
                g.add((node, KG.partOf, KGR[parent.iri_path]))

    def _containment(self, g: Triples, node: URIRef, entry, mentioned: set[str], add_country: bool = True) -> None:
        """kg:locatedIn to the nearest container the news names, and always to the country, so
        the graph holds no place that no article mentions except the country itself."""
        chain = self.gaz.containers(entry.id)
        linked = False
        for container_id in chain:
            container = self.gaz.entries.get(container_id)
            if container is None:
                continue
            is_country = container.type == "Country"
            if container.iri_path in mentioned or (is_country and not linked and add_country):
                g.add((node, KG.locatedIn, KGR[container.iri_path]))
                if is_country and container.iri_path not in mentioned:
                    self._entity(
                        g,
                        container.iri_path,
                        EntityInfo.from_entry(container),
                        None,
                        mentioned,
                    )
                linked = True
                if is_country:
                    break

    # ---- facts ------------------------------------------------------------------------------------
    def _evidence(self, g: Triples, ev: Evidence, d: URIRef, node: URIRef) -> None:
        g.add((node, PROV.wasDerivedFrom, d))
        g.add((node, KG.sentence, ox.Literal(ev.sentence)))
        g.add((node, KG.charStart, _typed(ev.start, XSD.integer)))
        g.add((node, KG.charEnd, _typed(ev.end, XSD.integer)))
        if ev.cue:
            g.add((node, KG.cue, ox.Literal(ev.cue)))

    def _relation(self, g: Triples, rel: Relation, d: URIRef, entities: dict[str, EntityInfo]) -> URIRef:
        s, o, p = KGR[rel.subject], KGR[rel.object], KG[rel.predicate]
        g.add((s, p, o))
        ev = KGR[f"evidence/{_hash(str(d), rel.predicate, rel.subject, rel.object, rel.evidence.start)}"]
        g.add((ev, RDF.type, KG.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        self._evidence(g, rel.evidence, d, ev)
        return ev

    def _event(self, g: Triples, event: Event, d: URIRef, doc_id: str) -> URIRef:
        """The event node (shared by every report of the event, kg.resolve.events) and this
        report's own evidence node: its sentence, date phrase and whether a source was quoted."""
        own_key = mention_key(doc_id, event.ident)
        merged = self.corpus.events.get(own_key)
        node = KGR[merged.event_key if merged else own_key]
        places = merged.places if merged else event.places
        date, precision, count, fatalities = (
            (merged.date, merged.precision, merged.count, merged.fatalities)
            if merged
            else (event.date, event.date_precision, event.count, event.fatalities)
        )
        g.add((node, RDF.type, KG[event.type]))
        label = f"{event.type} {' & '.join(self.labels.get(p, p) for p in places) or ''}".strip()
        g.add((node, RDFS.label, ox.Literal(label)))
        for agent in event.agents:
            g.add((node, KG.agent, KGR[agent]))
        for target in event.targets:
            g.add((node, KG.target, KGR[target]))
        for place in event.places:
            g.add((node, KG.place, KGR[place]))
        if date:
            g.add((node, KG.date, _date_literal(date)))
            g.add((node, KG.datePrecision, ox.Literal(precision or "day")))
        if count is not None:
            g.add((node, KG["count"], _typed(count, XSD.integer)))
        if fatalities is not None:
            g.add((node, KG.fatalities, _typed(fatalities, XSD.integer)))
        g.add((node, PROV.wasDerivedFrom, d))
        mention = KGR[own_key.replace("event/", "evidence/", 1)]
        g.add((node, KG.evidence, mention))
        g.add((mention, RDF.type, KG.Evidence))
        self._evidence(g, event.evidence, d, mention)
        if event.date_text:
            g.add((mention, KG.dateText, ox.Literal(event.date_text)))
        g.add((mention, KG.attributed, _boolean(event.attributed)))
        if merged:
            g.add((mention, KG.mergedBecause, ox.Literal(merged.reason)))
        return node

    def _claim(
        self, g: Triples, claim: Claim, d: URIRef, doc_id: str, facts: dict[str, URIRef], publisher: URIRef | None
    ) -> None:
        """The claim, its claimant and stance, and links to the events and relations it carries;
        the outlet is the one the text names (`told AFP`), else the document's publisher."""
        node = KGR[f"claim/{_hash(doc_id, claim.evidence.start, claim.claimant, claim.text)}"]
        g.add((node, RDF.type, KG.Claim))
        g.add((node, KG.claimant, KGR[claim.claimant]))
        g.add((node, KG.stance, KG[claim.stance]))
        g.add((node, KG.text, ox.Literal(claim.text)))
        g.add((node, RDFS.label, ox.Literal(f"{self.labels.get(claim.claimant, claim.claimant)}: {claim.text[:80]}")))
        outlet = KGR[claim.outlet] if claim.outlet else publisher
        if outlet is not None:
            g.add((node, KG.outlet, outlet))
        link = KG.denies if claim.stance == "Denial" else KG.asserts
        for ident in claim.asserts:
            if ident in facts:
                g.add((node, link, facts[ident]))
        self._evidence(g, claim.evidence, d, node)


SCHEMA_URL = PREFIXES["schema"]["url"]


def _typed(value: object, datatype: URIRef) -> ox.Literal:
    """Literals are made as Oxigraph terms, the form they are written in: an rdflib Literal
    per value (and its conversion) cost a tenth of the build's own time."""
    return ox.Literal(str(value), datatype=_ox_iri(datatype))


def _boolean(value: bool) -> ox.Literal:
    return _typed("true" if value else "false", XSD.boolean)


@functools.lru_cache(maxsize=32)
def _ox_iri(iri: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _decimal(value: float) -> ox.Literal:
    """xsd:decimal in its canonical form (`35`, `33.4`), as Oxigraph stores it, so a graph
    streamed out and one passed through a store are the same graph."""
    text = format(Decimal(str(value)).normalize(), "f")
    return _typed(text, XSD.decimal)


def _date_literal(value: str) -> ox.Literal:
    """ISO dates keep their precision: 2017, 2017-09 and 2017-11-10 get gYear, gYearMonth, date."""
    if len(value) == 4:
        return _typed(value, XSD.gYear)
    if len(value) == 7:
        return _typed(value, XSD.gYearMonth)
    return _typed(value, XSD.date)
