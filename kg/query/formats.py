"""Query results in the standard formats (SPARQL JSON, XML, CSV, TSV; Turtle or JSON-LD for graphs).

Shared by `kg query` and `kg serve`, so a result reads the same from the command line and the
endpoint.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
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


def serialize_table(variables: list[str], rows: list[tuple], fmt: str) -> bytes:
    """A listing with its label columns (kg.store.engine.Engine.table): csv and tsv as plain cells
    a spreadsheet shows as they are (an IRI, a label, a number), json as SPARQL 1.1 JSON results."""
    if fmt == "json":
        bindings = [
            {var: _json_term(term) for var, term in zip(variables, row, strict=True) if term is not None}
            for row in rows
        ]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\r\n" if fmt == "csv" else "\n")
    writer.writerow(variables)
    writer.writerows([_cell(term) for term in row] for row in rows)
    return out.getvalue().encode("utf-8")


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
