"""The query engine: Oxigraph (pyoxigraph) over a built graph, a graph file or a store folder.

measured-facts.md: Oxigraph loads 1M triples in 4 s where rdflib takes 47 s, and answers
joins and aggregates 10-30x faster, so every query runs here; rdflib only builds and
pretty-prints.  Documents live in named graphs, and the default graph holds their union as a
set (Oxigraph's own union view repeats a triple once per graph stating it), so queries see each
fact once and `GRAPH ?g` still says which document stated it.
Values are bound with SPARQL substitutions (SEP-0007), never pasted into the query text.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.core.errors import QueryError, UnsupportedFormat
from kg.core.vocab import GEO, GN, KG, ONTOLOGY_GRAPH, PREFIXES, RDFS, SKOS, SUMMARY_GRAPH, WD
from kg.query.guard import check_query
from kg.rdf.terms import to_ox
from kg.resources.paths import ontology_dir as ontology_folder

if TYPE_CHECKING:  # pandas costs a quarter second to import; a build never needs it
    import pandas as pd

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}
LABEL = ox.NamedNode(str(RDFS.label))
SENTENCE = ox.NamedNode(str(KG.sentence))
TERM_NAMES = {
    str(RDFS.label): "name",
    str(SKOS.altLabel): "other name",
    str(SKOS.exactMatch): "same as",
    str(GEO.lat): "latitude",
    str(GEO.long): "longitude",
}
"""Standard-vocabulary terms newskg writes whose local name would mislead a reader (`altLabel`,
`lat`); the ontology's own terms carry rdfs:label, and other standard terms read well as words."""
LINKED_DATA = {str(WD): "Wikidata", str(GN): "GeoNames"}
"""Authorities whose IRIs the graph links to (skos:exactMatch) without a label of theirs."""
VOCABULARIES = tuple(str(ns) for prefix, ns in PREFIXES.items() if prefix not in {"kgr", "wd", "gn"})
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}


def format_for(path: str | Path) -> ox.RdfFormat:
    """The RDF format an output file's extension names; an error listing the ones we write."""
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        raise UnsupportedFormat(
            f"{path}: unknown RDF format {suffix or '(no extension)'!r}; use one of {', '.join(sorted(RDF_FORMATS))}"
        )
    return RDF_FORMATS[suffix]


KG_SHA256 = str(KG.sha256)
# The old ontology copy goes with every union triple no document graph also states.
DROP_ONTOLOGY = f"""
DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{ONTOLOGY_GRAPH}>) }}
}} ;
DROP SILENT GRAPH <{ONTOLOGY_GRAPH}>
"""
BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
ONTOLOGY_LAYOUT = b"ontology in its own graph only\0"
"""Hashed with kg.ttl: a store whose copy an older version also put in the union reloads it."""
XSD_NUMBERS = {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"}


class Engine:
    """A pyoxigraph Store with the project's prefixes, union default graph and bindings."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    # ---- construction ------------------------------------------------------------------------
    @classmethod
    def from_file(cls, path: Path) -> Engine:
        fmt = RDF_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise QueryError(f"{path}: unknown RDF format {path.suffix!r}")
        store = ox.Store()
        try:
            store.extend(with_union(ox.parse(path=str(path), format=fmt)))
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"{path}: not a readable graph ({exc})") from exc
        return cls(store)

    def add_ontology(self, ontology_dir: Path | None = None) -> Engine:
        """Load ontology/kg.ttl into its own named graph, kgr:graph/ontology, and not into the
        default graph: queries over the data see only data, and a query that needs the class
        tree asks that graph (`GRAPH <.../graph/ontology> { ?c rdfs:subClassOf* kg:Event }`).
        The graph carries the file's hash: loading the same file again does nothing, a changed
        file replaces the old copy (and a copy an older version put in the union goes too)."""
        import hashlib

        path = ontology_folder(ontology_dir) / "kg.ttl"
        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        digest = hashlib.sha256(ONTOLOGY_LAYOUT + path.read_bytes()).hexdigest()
        stamp = ox.Quad(graph, ox.NamedNode(KG_SHA256), ox.Literal(digest), graph)
        if stamp in self.store:
            return self
        if self.store.contains_named_graph(graph):
            self.store.update(DROP_ONTOLOGY)
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        ]
        self.store.extend([*quads, stamp])
        return self

    def refresh_summary(self, ontology_dir: Path | None = None) -> bool:
        """Recount the whole-graph tallies the aggregate saved queries read (kg/store/tallies.py),
        if the documents changed since they were counted; True when they were rewritten."""
        from kg.store import tallies as summary

        return summary.refresh(self.store, PREFIX_MAP, ontology_dir)

    def ready_for_queries(self, ontology_dir: Path | None = None) -> Engine:
        """The ontology copy and the summary in place: what every writer does last."""
        self.add_ontology(ontology_dir)
        self.refresh_summary(ontology_dir)
        return self

    # ---- querying -------------------------------------------------------------------------------
    def execute(self, sparql: str, bindings: dict[str, Any] | None = None):
        """Raw pyoxigraph results (solutions, triples or a boolean); the query is checked first
        (kg.query.guard: no SERVICE, no LOAD, bounded size and depth)."""
        check_query(sparql)
        try:
            subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        except ValueError as exc:  # a variable name or IRI Oxigraph refuses
            raise QueryError(f"bad binding: {exc}") from None
        try:
            return self.store.query(sparql, prefixes=PREFIX_MAP, substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(syntax_message(str(exc))) from exc
        except RuntimeError as exc:
            if "projection" in str(exc):  # Oxigraph substitutes only projected variables (SEP-0007)
                raise QueryError(f"{exc}: a bound variable must appear in the SELECT clause") from exc
            raise QueryError(str(exc)) from exc

    def frame(self, sparql: str, bindings: dict[str, Any] | None = None, labels: bool = True) -> pd.DataFrame:
        """Results as a DataFrame; IRI columns get a readable `<var>Label` column beside them."""
        import pandas as pd  # imported here: see TYPE_CHECKING above

        variables, rows = self.table(sparql, bindings, labels)
        return pd.DataFrame(
            {var: [py_value(row[i]) for row in rows] for i, var in enumerate(variables)}, columns=variables
        )

    def table(
        self, sparql: str, bindings: dict[str, Any] | None = None, labels: bool = True
    ) -> tuple[list[str], list[tuple]]:
        """Results as variables and rows of RDF terms (None where unbound), each IRI-valued
        variable followed by `<var>Label`, the IRI's rdfs:label, so no listing shows an IRI
        alone (an ASK answers `ask`, a CONSTRUCT subject/predicate/object)."""
        return self.table_of(self.execute(sparql, bindings), labels)

    def table_of(self, result, labels: bool = True) -> tuple[list[str], list[tuple]]:
        """`table` for results already in hand (pyoxigraph solutions, triples or a boolean)."""
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [(ox.Literal(str(bool(result)).lower(), datatype=BOOLEAN),)]
        if isinstance(result, ox.QueryTriples):
            variables = ["subject", "predicate", "object"]
            rows = [(t.subject, t.predicate, t.object) for t in result]
        else:
            variables = [v.value for v in result.variables]
            rows = [tuple(solution[v] for v in variables) for solution in result]
        return self._with_labels(variables, rows) if labels else (variables, rows)

    def _with_labels(self, variables: list[str], rows: list[tuple]) -> tuple[list[str], list[tuple]]:
        """Each column holding an IRI gets `<var>Label` beside it, filled on every bound row: an
        IRI's name (see `name`), a literal's own text, so a table read by its label columns
        alone shows no IRI and has a gap only where the query left the value unbound."""
        labelled = [
            i
            for i, var in enumerate(variables)
            if f"{var}Label" not in variables and any(isinstance(row[i], ox.NamedNode) for row in rows)
        ]
        out_vars: list[str] = []
        for i, var in enumerate(variables):
            out_vars += [var, f"{var}Label"] if i in labelled else [var]
        names: dict[ox.NamedNode | ox.BlankNode, str | None] = {}  # the same few IRIs recur down a column
        out_rows = []
        for row in rows:
            cells: list = []
            for i, term in enumerate(row):
                cells.append(term)
                if i in labelled:
                    cells.append(self._label_cell(term, names))
            out_rows.append(tuple(cells))
        return out_vars, out_rows

    def _label_cell(self, term: object, names: dict[ox.NamedNode | ox.BlankNode, str | None]) -> ox.Literal | None:
        """The label beside one cell; `names` remembers each node's name for the rest of the table."""
        if isinstance(term, ox.Literal):
            return ox.Literal(term.value)  # a label is text: a date or a number as written
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            if term not in names:
                names[term] = self.name(term)
            found = names[term]
            return ox.Literal(found) if found is not None else None
        return None  # unbound (or an RDF-star triple, which newskg never writes)

    def label(self, node: ox.NamedNode | ox.BlankNode) -> str | None:
        """The node's rdfs:label in any graph (the ontology's graph labels classes and properties)."""
        for quad in self.store.quads_for_pattern(node, LABEL, None):
            return quad.object.value
        return None

    def name(self, node: ox.NamedNode | ox.BlankNode) -> str | None:
        """What a reader should see for a node: its rdfs:label; else the sentence an evidence
        node records (it has no name of its own, and the sentence is what it stands for); else,
        for a term of a standard vocabulary, its local name in words (`wasDerivedFrom` -> `was
        derived from`); for a Wikidata or GeoNames link, the authority and its id; else the IRI.
        None only for an unlabelled blank node, which newskg never writes."""
        found = self.label(node)
        if found is not None:
            return found
        for quad in self.store.quads_for_pattern(node, SENTENCE, None):
            return quad.object.value
        if isinstance(node, ox.BlankNode):
            return None
        return iri_name(node.value)

    def __len__(self) -> int:
        """Triples of the union: an entity's label stated by several documents counts once."""
        result = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(result))["n"].value)

    # ---- export -----------------------------------------------------------------------------------
    def data_quads(self):
        """The documents' quads (the ontology loaded for querying and the summary left out)."""
        derived = {ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(SUMMARY_GRAPH)}
        graphs = [g for g in self.store.named_graphs() if g not in derived]
        for graph in graphs:
            yield from self.store.quads_for_pattern(None, None, None, graph)
        if not graphs:  # loaded from a triples-only file: the data is the default graph
            yield from (ox.Quad(t.subject, t.predicate, t.object) for t in self.data_triples())

    def data_triples(self):
        """The union of the documents' graphs (the default graph), each triple once."""
        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield ox.Triple(quad.subject, quad.predicate, quad.object)

    def to_rdflib(self) -> Graph:
        """The data as an rdflib Graph with the project's prefixes (for rdflib's serialisers and
        for callers who want rdflib's API; it holds the whole graph in memory)."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        data = ox.serialize(self.data_triples(), format=ox.RdfFormat.N_TRIPLES)
        if data:
            graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def export(self, path: Path) -> None:
        """Write the data in the format the extension names, streaming (Oxigraph's serialisers)."""
        fmt = RDF_FORMATS[path.suffix.lower()]
        data = self.data_quads() if fmt in QUAD_FORMATS else self.data_triples()
        ox.serialize(data, str(path), fmt, prefixes=PREFIX_MAP)


QUAD_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}


def iri_name(iri: str) -> str:
    """A readable name for an IRI that has no rdfs:label (see `Engine.name`)."""
    if iri in TERM_NAMES:
        return TERM_NAMES[iri]
    for namespace in VOCABULARIES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", iri[len(namespace) :]).lower()
    for namespace, authority in LINKED_DATA.items():
        if iri.startswith(namespace):
            return f"{authority} {iri[len(namespace) :].strip('/')}"
    return iri


@functools.lru_cache(maxsize=1 << 16)
def _named_node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def quads_of(triples, graph: ox.NamedNode):
    """Assembled triples (rdflib IRIs, literals of either library) as pyoxigraph quads in
    `graph`; IRIs (mostly vocabulary and the same few entities) are converted once."""
    for s, p, o in triples:
        obj = o if isinstance(o, ox.Literal) else _named_node(o) if isinstance(o, URIRef) else to_ox(o)
        yield ox.Quad(_named_node(s), _named_node(p), obj, graph)


def with_union(quads):
    """Each quad as parsed, plus its triple in the default graph (the set-union view)."""
    for quad in quads:
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())


def syntax_message(text: str) -> str:
    """pyoxigraph says `error at 1:26: expected ...`; say it with line and column in words."""
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", text, re.DOTALL)
    if match:
        return f"SPARQL syntax error at line {match.group(1)}, column {match.group(2)}: {match.group(3).strip()}"
    return f"SPARQL syntax error: {text}"


XSD = "http://www.w3.org/2001/XMLSchema#"


def py_value(term) -> Any:
    """A pyoxigraph term as a plain Python value for a DataFrame cell."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value.removeprefix(XSD) if term.datatype else ""
        try:
            if dtype in XSD_NUMBERS:
                return int(term.value)
            if dtype in {"decimal", "double", "float"}:
                return float(term.value)
            if dtype == "boolean":
                return term.value == "true"
        except ValueError:
            return term.value
        return term.value
    return str(term)
