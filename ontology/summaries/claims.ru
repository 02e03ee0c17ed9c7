# Claims per claimant and stance, counted over the whole graph: one kg:ClaimTally each, with how
# many claims, in how many documents, how many of them are about a contested fact (status.ru, which
# runs first, says which), and one example text.  Read by claims_by_claimant.rq.
INSERT {
  GRAPH <https://w3id.org/newskg/id/graph/summary> {
    _:tally a kg:ClaimTally ; kg:ofClaimant ?claimant ; kg:ofStance ?stance ;
            kg:claimCount ?claims ; kg:documentCount ?documents ; kg:contestedCount ?contested ;
            kg:exampleText ?example .
  }
}
WHERE {
  SELECT ?claimant ?stance (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?doc) AS ?documents)
         (COUNT(DISTINCT ?disputed) AS ?contested) (MIN(?text) AS ?example)
  WHERE {
    ?claim a kg:Claim ; kg:claimant ?claimant ; kg:stance ?stance ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?claim kg:text ?text }
    OPTIONAL { ?claim kg:asserts|kg:denies ?fact . ?fact kg:status kg:Contested . BIND(?claim AS ?disputed) }
  }
  GROUP BY ?claimant ?stance
}
