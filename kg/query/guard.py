"""Checks a SPARQL text passes before any engine sees it: nothing leaves the machine, nothing
runs too deep.

Oxigraph follows `SERVICE <url>` (it fetches whatever a query names) and overflows its stack on a
query nested a few thousand groups deep, killing the process.  So every query, from the API, the
command line or the endpoint, is scanned first, outside its strings, comments and IRIs:

* `SERVICE` and `LOAD` are refused (newskg never opens an outbound connection);
* `FROM` / `FROM NAMED` may only name the store's own graphs (the newskg namespace);
* the text may be at most `Settings.query_max_bytes` long and nest brackets at most
  `Settings.query_max_depth` deep.
"""

from __future__ import annotations

import re

from kg.core.errors import QueryError
from kg.core.settings import DEFAULTS
from kg.core.vocab import KGR

# One alternative per lexical item that can hide a keyword or a bracket: long strings, short
# strings, comments, IRIs (no spaces inside, as SPARQL's IRIREF), then words and brackets.
_TOKENS = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
    r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\#[^\n]*|<[^<>"{}|^`\\\s]*>"""
    r"""|(?P<word>[A-Za-z_]+)|(?P<open>[{(\[])|(?P<close>[})\]])""",
    re.DOTALL,
)
_OWN_GRAPHS = str(KGR)


def check_query(
    text: str, max_bytes: int = DEFAULTS.query_max_bytes, max_depth: int = DEFAULTS.query_max_depth
) -> None:
    """Raise QueryError, before any evaluation, for a query newskg will not run (see above)."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise QueryError(f"the query is {size:,} bytes; the limit is {max_bytes:,}")
    depth = deepest = 0
    previous: list[str] = []
    for match in _TOKENS.finditer(text):
        word = match.group("word")
        if word is not None:
            _check_word(word.upper())
            previous = [*previous[-1:], word.upper()]
        elif match.group("open"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > max_depth:
                raise QueryError(f"the query nests brackets more than {max_depth} deep; the limit is {max_depth}")
        elif match.group("close"):
            depth = max(0, depth - 1)
        elif match.group(0).startswith("<") and "FROM" in previous[-2:]:
            _check_graph_name(match.group(0)[1:-1])
            previous = []
        elif not match.group(0).startswith("#"):
            previous = []


def _check_word(word: str) -> None:
    if word == "SERVICE":
        raise QueryError("SERVICE is refused: newskg never opens an outbound connection (federated queries are off)")
    if word == "LOAD":
        raise QueryError("LOAD is refused: newskg never fetches data from elsewhere, and queries here are read-only")


def _check_graph_name(iri: str) -> None:
    if not iri.startswith(_OWN_GRAPHS):
        raise QueryError(f"FROM <{iri}> is refused: FROM may only name this store's own graphs ({_OWN_GRAPHS}...)")
