"""Query results in the standard formats (SPARQL JSON, XML, CSV, TSV; Turtle or JSON-LD for graphs).

Shared by `kg query` and `kg serve`, so a result reads the same from the command line and the
endpoint.
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape as _escape

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute."""
    return _escape(text, {'"': "&quot;"})


RESULT_FORMATS = ("table", "csv", "tsv", "json")
"""What `kg query --format` offers (`table` is the command's own readable form)."""
_SPARQL_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


def serialize_results(result, fmt: str) -> bytes:
    """SPARQL results in a standard format (csv, tsv, json, xml) or triples as Turtle/JSON-LD."""
    if isinstance(result, ox.QueryTriples):
        rdf = ox.RdfFormat.JSON_LD if fmt in {"json", "jsonld"} else ox.RdfFormat.TURTLE
        return result.serialize(format=rdf)
    return result.serialize(format=_SPARQL_FORMATS[fmt])


def serialize_solutions(variables: list[str], rows: list[tuple], fmt: str) -> bytes:
    """Solutions already read (the endpoint counts them against its row cap first, so the query
    runs once) in a SPARQL 1.1 results format: json, xml, csv (plain values), tsv (RDF terms)."""
    if fmt == "json":
        return serialize_table(variables, rows, "json")
    if fmt == "csv":
        return serialize_table(variables, rows, "csv")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    head = "".join(f'<variable name="{escape(v)}"/>' for v in variables)
    results = "".join(
        "<result>"
        + "".join(
            f'<binding name="{escape(v)}">{_xml_term(term)}</binding>'
            for v, term in zip(variables, row, strict=True)
            if term is not None
        )
        + "</result>"
        for row in rows
    )
    return (
        f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{head}</head><results>{results}</results></sparql>"
    ).encode()


def serialize_boolean(answer: bool, fmt: str) -> bytes:
    """An ASK answer in a SPARQL 1.1 results format (json or xml; csv and tsv as `true`/`false`)."""
    word = "true" if answer else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode()
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>"
        ).encode()
    return f"{word}\n".encode()


def serialize_triples(triples: list, fmt: str) -> bytes:
    """CONSTRUCT or DESCRIBE triples already read, as Turtle or JSON-LD."""
    rdf = ox.RdfFormat.JSON_LD if fmt in {"json", "jsonld"} else ox.RdfFormat.TURTLE
    return ox.serialize(triples, format=rdf) or b""


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
    if term.datatype and term.datatype.value != XSD_STRING:
        return f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
    return f"<literal>{escape(term.value)}</literal>"


def serialize_table(variables: list[str], rows: list[tuple], fmt: str, guard: bool = False) -> bytes:
    """A listing with its label columns (kg.store.engine.Engine.table): csv and tsv as plain cells
    a spreadsheet shows as they are (an IRI, a label, a number), json as SPARQL 1.1 JSON results.
    `guard`: cells a spreadsheet would run as a formula are neutralised (see `spreadsheet_cell`)."""
    if fmt == "json":
        bindings = [
            {var: _json_term(term) for var, term in zip(variables, row, strict=True) if term is not None}
            for row in rows
        ]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\r\n" if fmt == "csv" else "\n")
    writer.writerow(variables)
    cell = (lambda term: spreadsheet_cell(_cell(term))) if guard else _cell
    writer.writerows([cell(term) for term in row] for row in rows)
    return out.getvalue().encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def spreadsheet_cell(value: object) -> object:
    """Article text a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM`)
    gets a leading apostrophe, which spreadsheets show as text (OWASP "CSV injection"); numbers
    such as a longitude of -3.2 are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _cell(term) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != XSD_STRING:
        found["datatype"] = term.datatype.value
    return found
