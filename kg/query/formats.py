"""Query results in the standard formats (SPARQL JSON, XML, CSV, TSV; Turtle or JSON-LD for graphs).

Shared by `kg query` and `kg serve`, so a result reads the same from the command line and the
endpoint.
"""

from __future__ import annotations

import pyoxigraph as ox

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
