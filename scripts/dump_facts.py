"""Print the extracted facts of a built graph, one line each, for reviewing extraction by eye."""

import sys

from rdflib import Graph

g = Graph().parse(sys.argv[1])
g.parse("ontology/kg.ttl")
Q = {
    "backs/allied/opposes/leads": """SELECT ?p ?a ?b ?s WHERE { ?ev rdf:subject ?x ; rdf:predicate ?pp ; rdf:object ?y ; kg:sentence ?s .
        ?x rdfs:label ?a . ?y rdfs:label ?b . BIND(STRAFTER(STR(?pp), "#") AS ?p) } ORDER BY ?p ?a ?b""",
    "events": """SELECT ?t ?agents ?place ?targets ?date ?att ?s WHERE { ?e a ?c ; kg:sentence ?s ; kg:attributed ?att .
        ?c rdfs:subClassOf* kg:Event . BIND(STRAFTER(STR(?c), "#") AS ?t)
        OPTIONAL { ?e kg:agent/rdfs:label ?agents } OPTIONAL { ?e kg:place/rdfs:label ?place }
        OPTIONAL { ?e kg:target/rdfs:label ?targets } OPTIONAL { ?e kg:date ?date } }""",
    "claims": """SELECT ?who ?stance ?text WHERE { ?c a kg:Claim ; kg:claimant/rdfs:label ?who ; kg:stance ?st ; kg:text ?text .
        BIND(STRAFTER(STR(?st), "#") AS ?stance) }""",
}
from kg.vocab import PREFIXES  # noqa: E402

for title, q in Q.items():
    print(f"== {title}")
    for row in g.query(q, initNs=PREFIXES):
        print(" | ".join(str(x)[:110] if x is not None else "-" for x in row))
