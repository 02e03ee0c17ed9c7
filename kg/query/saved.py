"""Query inputs: bindings from the command line, saved competency queries, query errors.

Bindings become RDF terms handed to the engine (Oxigraph substitutions), so a value taken
from an article can never change the query's meaning.  Saved competency queries live in
ontology/queries/*.rq, each opening with a comment that states its question.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.core.errors import QueryError
from kg.rdf.terms import iri_of, to_term
from kg.resources.paths import ontology_dir as ontology_folder

# A listing query marks the LIMIT of the subquery that picks its page: `LIMIT 100 # page`.
_PAGE_LINE = re.compile(r"^([ \t]*)LIMIT[ \t]+(\d+)(?:[ \t]+OFFSET[ \t]+\d+)?[ \t]*#[ \t]*page\b.*$", re.M | re.I)
PAGE: typing.Literal["page"] = "page"
"""`limit=PAGE`: the page size the query itself marks (and every row for a query without one)."""
Limit = int | typing.Literal["page"] | None
"""Rows per page: a number, PAGE (as the query marks), or None (every row)."""


def parse_binding(text: str) -> tuple[str, Node]:
    """`name=value` from the command line; `name=<iri>` forces an IRI, `name="..."` a literal."""
    if "=" not in text:
        raise QueryError(f"binding {text!r} is not of the form name=value")
    name, value = text.split("=", 1)
    name = name.strip().lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"binding name {name!r} is not a SPARQL variable name")
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(_checked_iri(name, value[1:-1]))
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return name, Literal(value[1:-1])
    iri = iri_of(value)
    return name, URIRef(_checked_iri(name, iri)) if iri is not None else to_term(value)


def _checked_iri(name: str, iri: str) -> str:
    """An IRI Oxigraph accepts, or a one-line error naming the binding (not a traceback later)."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"binding {name}: <{iri}> is not a valid IRI ({exc})") from None
    return iri


def saved_queries(ontology_dir: Path | None = None) -> dict[str, Path]:
    folder = ontology_folder(ontology_dir) / "queries"
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


def saved_query(name: str, ontology_dir: Path | None = None) -> str:
    queries = saved_queries(ontology_dir)
    if name not in queries:
        raise QueryError(f"no saved query {name!r}; saved queries: {', '.join(queries) or 'none'}")
    return queries[name].read_text(encoding="utf-8")


def describe_saved(path: Path) -> str:
    """The question a saved query answers: its opening comment lines (a `lookup:` line left out)."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if not _LOOKUP.match(line):
            lines.append(line.lstrip("# ").rstrip())
    return " ".join(x for x in lines if x)


_LOOKUP = re.compile(r"^#\s*lookup:\s*\?(\w+)\s*->\s*\?(\w+)\s*$", re.M)


def lookups(text: str) -> dict[str, str]:
    """The names a query looks up before it runs, from its `# lookup: ?name -> ?entity` lines:
    the user gives ?name as typed, the entity found by any spelling is bound to ?entity."""
    return dict(_LOOKUP.findall(text))


def page_size(text: str) -> int | None:
    """The page a listing query marks (`LIMIT n # page`), or None when it has none."""
    match = _PAGE_LINE.search(text)
    return int(match.group(2)) if match else None


def paged(text: str, limit: Limit = PAGE, offset: int = 0) -> str:
    """The query with its marked page moved to `offset` and sized `limit` (None: every row).

    Listings at a million triples are only fast when the page is chosen before the rows are
    described, inside the query, so paging rewrites that one marked line; the numbers are ints
    we checked, never text from an argument."""
    if not (_is_count(limit) or limit is None or limit == PAGE) or not _is_count(offset):
        raise QueryError(f"limit and offset must be whole numbers of rows, not {limit!r} and {offset!r}")
    match = _PAGE_LINE.search(text)
    if match is None:  # every row is what such a query gives already
        if _is_count(limit) or offset:
            raise QueryError(
                "this query has no page to move (no `LIMIT n # page` line); write LIMIT and OFFSET in the query itself"
            )
        return text
    size = int(match.group(2)) if limit == PAGE else limit
    words = ([f"LIMIT {size}"] if size is not None else []) + ([f"OFFSET {offset}"] if offset else [])
    line = f"{match.group(1)}{' '.join(words)} # page" if words else f"{match.group(1)}# page: every row"
    return text[: match.start()] + line + text[match.end() :]


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
