# Who backs whom, counted over the whole graph: one kg:BackingTally per backer and backed actor,
# with how many documents and sentences (evidence nodes) say so, and the relation's status across
# them (written on each evidence node by status.ru, which runs first).  Read by who_backs_whom.rq.
INSERT {
  GRAPH <https://w3id.org/newskg/id/graph/summary> {
    _:tally a kg:BackingTally ; kg:backer ?backer ; kg:backed ?backed ;
            kg:documentCount ?documents ; kg:sentenceCount ?sentences ;
            kg:status ?status ; kg:sourceCount ?independent ; kg:denialCount ?denials ; kg:confidence ?confidence .
  }
}
WHERE {
  SELECT ?backer ?backed (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?evidence) AS ?sentences)
         (SAMPLE(?state) AS ?status) (MAX(?s) AS ?independent) (MAX(?d) AS ?denials) (MAX(?c) AS ?confidence)
  WHERE {
    ?evidence rdf:predicate kg:backs ; rdf:subject ?backer ; rdf:object ?backed ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?evidence kg:status ?state ; kg:sourceCount ?s ; kg:denialCount ?d ; kg:confidence ?c }
  }
  GROUP BY ?backer ?backed
}
