# Claims per claimant and stance, counted over the whole graph: one kg:ClaimTally each, with how
# many claims, in how many documents, and one example text.  Read by claims_by_claimant.rq.
INSERT {
  GRAPH <https://w3id.org/newskg/id/graph/summary> {
    _:tally a kg:ClaimTally ; kg:ofClaimant ?claimant ; kg:ofStance ?stance ;
            kg:claimCount ?claims ; kg:documentCount ?documents ; kg:exampleText ?example .
  }
}
WHERE {
  SELECT ?claimant ?stance (COUNT(?claim) AS ?claims) (COUNT(DISTINCT ?doc) AS ?documents) (MIN(?text) AS ?example)
  WHERE {
    ?claim a kg:Claim ; kg:claimant ?claimant ; kg:stance ?stance ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?claim kg:text ?text }
  }
  GROUP BY ?claimant ?stance
}
