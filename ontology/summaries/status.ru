# How sure: kg:status on every event and on every relation evidence node, from every report of it.
#   independent sources (s): the outlets stating it in their own voice (a document's publisher, else
#     the document) and the sources they quote that are not parties to it;
#   parties (p): claimants on one of its sides (an agent or target, or the backer or backed, or an
#     actor that is part of, affiliated with, holds a role in or speaks for the same side: both
#     reach one actor along those links);
#   deniers (d): claimants denying it.
# Contested: denied and asserted by another; Denied: denied only; Reported: s > 0; else Claimed.
# Written to the status graph and the union (so queries and exports see it); the refresh that runs
# this file first removes the old status (kg/store/tallies.py).  Party checks are joins and MINUS,
# not EXISTS: Oxigraph evaluates an EXISTS body without the outer bindings.
INSERT {
  GRAPH <https://w3id.org/newskg/id/graph/status> {
    ?fact kg:status ?status ; kg:sourceCount ?s ; kg:partyCount ?p ; kg:denialCount ?d ; kg:confidence ?confidence .
  }
  ?fact kg:status ?status ; kg:sourceCount ?s ; kg:partyCount ?p ; kg:denialCount ?d ; kg:confidence ?confidence .
}
WHERE {
  {
    SELECT ?fact (COUNT(DISTINCT ?independent) AS ?s) (COUNT(DISTINCT ?claimer) AS ?p) (COUNT(DISTINCT ?denier) AS ?d)
    WHERE {
      { ?fact kg:evidence ?anyReport . }
      UNION
      { ?fact kg:evidence ?report . ?report kg:attributed false ; prov:wasDerivedFrom ?doc .
        OPTIONAL { ?doc dcterms:publisher ?publisher }
        BIND(COALESCE(?publisher, ?doc) AS ?independent) }
      UNION
      { ?claim kg:asserts ?fact ; kg:claimant ?claimer . ?fact kg:agent|kg:target ?side .
        ?claimer (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . ?side (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . }
      UNION
      { ?claim kg:asserts ?fact ; kg:claimant ?independent . ?fact kg:evidence ?its .
        MINUS { ?claim kg:asserts ?fact ; kg:claimant ?independent . ?fact kg:agent|kg:target ?side .
                ?independent (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . ?side (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . } }
      UNION
      { ?claim kg:denies ?fact ; kg:claimant ?denier . ?fact kg:evidence ?its . }
    }
    GROUP BY ?fact
  }
  BIND(IF(?d > 0, IF(?s + ?p > 0, kg:Contested, kg:Denied), IF(?s > 0, kg:Reported, kg:Claimed)) AS ?status)
  BIND(xsd:decimal(ROUND(100 * (?s + ?p / 2) / (?s + ?p / 2 + ?d + 1)) / 100) AS ?confidence)
} ;

# Relations: the status of a relation (one subject, predicate and object, however many sentences)
# on each of its evidence nodes.  A sentence no claim carries is the writer's own.
INSERT {
  GRAPH <https://w3id.org/newskg/id/graph/status> {
    ?evidence kg:status ?status ; kg:sourceCount ?s ; kg:partyCount ?p ; kg:denialCount ?d ; kg:confidence ?confidence .
  }
  ?evidence kg:status ?status ; kg:sourceCount ?s ; kg:partyCount ?p ; kg:denialCount ?d ; kg:confidence ?confidence .
}
WHERE {
  {
    SELECT ?subject ?predicate ?object (COUNT(DISTINCT ?independent) AS ?s) (COUNT(DISTINCT ?claimer) AS ?p)
           (COUNT(DISTINCT ?denier) AS ?d)
    WHERE {
      ?fact rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
      { ?fact prov:wasDerivedFrom ?doc .
        MINUS { ?anyClaim kg:asserts|kg:denies ?fact }
        OPTIONAL { ?doc dcterms:publisher ?publisher }
        BIND(COALESCE(?publisher, ?doc) AS ?independent) }
      UNION
      { ?claim kg:asserts ?fact ; kg:claimant ?claimer . ?fact rdf:subject|rdf:object ?side .
        ?claimer (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . ?side (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . }
      UNION
      { ?claim kg:asserts ?fact ; kg:claimant ?independent .
        MINUS { ?claim kg:asserts ?fact ; kg:claimant ?independent . ?fact rdf:subject|rdf:object ?side .
                ?independent (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . ?side (kg:partOf|kg:affiliatedWith|kg:speaksFor|kg:holdsRoleIn|kg:headOfState|kg:headOfGovernment|kg:leaderOf|kg:spokespersonFor|kg:commanderOf|kg:memberOf)* ?top . } }
      UNION
      { ?claim kg:denies ?fact ; kg:claimant ?denier . }
    }
    GROUP BY ?subject ?predicate ?object
  }
  ?evidence rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
  BIND(IF(?d > 0, IF(?s + ?p > 0, kg:Contested, kg:Denied), IF(?s > 0, kg:Reported, kg:Claimed)) AS ?status)
  BIND(xsd:decimal(ROUND(100 * (?s + ?p / 2) / (?s + ?p / 2 + ?d + 1)) / 100) AS ?confidence)
}
