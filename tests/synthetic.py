"""A knowledge-graph-shaped networkx graph of any size, as kg.view.networks.to_networkx makes
them (kinds, relations, evidence with documents, dates, statuses), for the viewer's scale tests
and benchmarks/viewer_bench.py, where building thousands of articles would take minutes."""

from __future__ import annotations

import datetime
import random

import networkx as nx

SHARES = {"actor": 0.25, "outlet": 0.01, "place": 0.25, "event": 0.25, "claim": 0.16, "document": 0.08}
STATUSES = ["reported"] * 6 + ["claimed", "claimed", "denied", "contested"]
START = datetime.date(2024, 3, 1)


def kg_shaped_graph(n: int, seed: int = 3, days: int = 90) -> nx.MultiDiGraph:
    """About `n` nodes: places in one theatre (and a few far away), actors, outlets, documents
    published by them, events at places by actors on days over `days`, claims about events."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    ids = {kind: [f"{kind}/{i}" for i in range(max(2, int(n * share)))] for kind, share in SHARES.items()}
    pick = lambda kind: ids[kind][min(len(ids[kind]) - 1, int(rng.paretovariate(1.2)) - 1)]  # noqa: E731
    documents = {}
    for i, doc in enumerate(ids["document"]):
        day = START + datetime.timedelta(days=rng.randrange(days))
        documents[doc] = {"doc": f"report-{i}", "title": f"Report {i}", "date": day.isoformat()}
        documents[doc]["publisher"] = f"Outlet {ids['outlet'].index(pick('outlet'))}"
    g.graph["documents"] = documents
    for i, place in enumerate(ids["place"]):
        far = i % 97 == 5
        lat, long = (rng.uniform(35, 55), rng.uniform(-100, -70)) if far else (rng.uniform(5, 16), rng.uniform(-5, 15))
        g.add_node(place, label=f"Place {i}", type="Town", kind="place", lat=lat, long=long)
    for i, actor in enumerate(ids["actor"]):
        g.add_node(actor, label=f"Actor {i}", type="ArmedGroup", kind="backer" if i % 9 == 0 else "actor")
    for i, outlet in enumerate(ids["outlet"]):
        g.add_node(outlet, label=f"Outlet {i}", type="MediaOutlet", kind="outlet")
    for doc, about in documents.items():
        g.add_node(doc, label=about["title"], type="Document", kind="document", **about)
        g.add_edge(doc, ids["outlet"][int(about["publisher"].split()[-1])], relation="publisher")
    for i, event in enumerate(ids["event"]):
        doc = rng.choice(ids["document"])
        evidence = [{"sentence": f"Actor took Place in event {i}.", "document": doc, "doc": documents[doc]["doc"]}]
        date = (START + datetime.timedelta(days=rng.randrange(days))).isoformat()
        status = rng.choice(STATUSES)
        g.add_node(event, label=f"Attack {i}", type="Attack", kind="event", date=date, status=status, evidence=evidence)
        g.add_edge(event, pick("place"), relation="place")
        g.add_edge(event, pick("actor"), relation="agent")
        g.add_edge(event, doc, relation="source")
    for i, claim in enumerate(ids["claim"]):
        doc = rng.choice(ids["document"])
        evidence = [{"sentence": f"Claim {i}, a spokesman said.", "document": doc, "doc": documents[doc]["doc"]}]
        g.add_node(claim, label=f"Claim {i}", type="Claim", kind="claim", evidence=evidence)
        g.add_edge(claim, pick("actor"), relation="claimant")
        g.add_edge(claim, rng.choice(ids["event"]), relation="asserts")
        g.add_edge(claim, doc, relation="source")
    for i, place in enumerate(ids["place"][10:], start=10):
        g.add_edge(place, ids["place"][i % 10], relation="locatedIn")
    for _ in range(len(ids["actor"])):
        doc = rng.choice(ids["document"])
        evidence = [{"sentence": "One backs the other.", "document": doc, "doc": documents[doc]["doc"]}]
        g.add_edge(pick("actor"), rng.choice(ids["actor"]), relation="backs", evidence=evidence, status="reported")
    for _, data in g.nodes(data=True):
        data.setdefault("aliases", [])
        data.setdefault("evidence", [])
    return g
