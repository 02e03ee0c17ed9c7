# Who backs whom, counted over the whole graph: one kg:BackingTally per backer and backed actor,
# with how many documents and sentences (evidence nodes) say so.  Read by who_backs_whom.rq.
INSERT {
  GRAPH <https://w3id.org/newskg/id/graph/summary> {
    _:tally a kg:BackingTally ; kg:backer ?backer ; kg:backed ?backed ;
            kg:documentCount ?documents ; kg:sentenceCount ?sentences .
  }
}
WHERE {
  SELECT ?backer ?backed (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?evidence) AS ?sentences)
  WHERE {
    ?evidence rdf:predicate kg:backs ; rdf:subject ?backer ; rdf:object ?backed ; prov:wasDerivedFrom ?doc .
  }
  GROUP BY ?backer ?backed
}
