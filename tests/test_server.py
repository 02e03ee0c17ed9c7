"""`kg serve` spoken to by a real SPARQL client (SPARQLWrapper) and loaded from another process."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ROOT
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

BACKS = "PREFIX kg: <https://w3id.org/newskg/ontology#> SELECT ?a ?b WHERE { ?a kg:backs ?b } ORDER BY ?a ?b"


@pytest.fixture(scope="module")
def endpoint(seeds_ttl):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            str(seeds_ttl),
            "--port",
            "0",
            "--timeout",
            "2",
            "--max-rows",
            "500",
            "--workers",
            "2",
        ],
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    line = proc.stderr.readline().decode()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/sparql)", line)
    assert match, line
    yield match.group(1)
    proc.terminate()
    proc.wait(timeout=10)


def client(url, fmt, query=BACKS, method="GET"):
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql.query()


def test_select_as_json_and_xml(endpoint):
    rows = client(endpoint, JSON).convert()["results"]["bindings"]
    pairs = {(r["a"]["value"].rsplit("/", 1)[-1], r["b"]["value"].rsplit("/", 1)[-1]) for r in rows}
    assert ("russia", "syrian-government") in pairs
    xml = client(endpoint, XML, method=POST).convert()
    assert len(xml.getElementsByTagName("result")) == len(rows)


def test_select_as_csv_and_tsv(endpoint):
    text = client(endpoint, CSV).convert().decode()
    assert next(iter(csv.DictReader(io.StringIO(text)))).keys() == {"a", "b"}
    tsv = client(endpoint, TSV, method=POST).convert().decode()
    assert tsv.splitlines()[0] == "?a\t?b"


def test_ask(endpoint):
    assert client(endpoint, JSON, "ASK { ?x <https://w3id.org/newskg/ontology#backs> ?y }").convert()["boolean"]


def test_construct_as_turtle_and_jsonld(endpoint):
    q = (
        "CONSTRUCT { ?a <https://w3id.org/newskg/ontology#backs> ?b } WHERE { ?a "
        "<https://w3id.org/newskg/ontology#backs> ?b }"
    )
    graph = client(endpoint, TURTLE, q).convert()
    turtle = graph.decode() if isinstance(graph, bytes) else graph.serialize(format="turtle")
    assert "syrian-government" in turtle
    jsonld = client(endpoint, JSONLD, q, method=POST).convert()
    assert len(jsonld) >= 5


def test_describe(endpoint):
    q = "DESCRIBE <https://w3id.org/newskg/id/place/mosul>"
    result = client(endpoint, TURTLE, q).convert()
    text = result.decode() if isinstance(result, bytes) else result.serialize(format="turtle")
    assert "Mosul" in text


def test_update_is_refused_and_changes_nothing(endpoint):
    before = len(client(endpoint, JSON).convert()["results"]["bindings"])
    sparql = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    sparql.setMethod(POST)
    sparql.setQuery("DELETE WHERE { ?a <https://w3id.org/newskg/ontology#backs> ?b }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as err:
        sparql.query()
    assert "403" in str(err.value) or "read-only" in str(err.value)
    body = urllib.parse.urlencode({"query": "DROP ALL"}).encode()
    with pytest.raises(urllib.error.HTTPError) as raw:
        urllib.request.urlopen(urllib.request.Request(endpoint, data=body))
    assert raw.value.code == 403
    assert len(client(endpoint, JSON).convert()["results"]["bindings"]) == before


def test_bad_query_is_a_400_with_the_position(endpoint):
    with pytest.raises(QueryBadFormed) as err:
        client(endpoint, JSON, "SELECT ?x WHERE { ?x ?p }")
    assert "line 1" in str(err.value)


def test_time_limit_and_row_cap_say_what_happened(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(endpoint + "?" + urllib.parse.urlencode({"query": slow}), timeout=30)
    assert err.value.code == 503 and "time limit" in err.value.read().decode()
    big = "SELECT * WHERE { ?a ?b ?c }"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(endpoint + "?" + urllib.parse.urlencode({"query": big}), timeout=30)
    assert err.value.code == 413 and "500 rows" in err.value.read().decode()
    assert client(endpoint, JSON).convert()["results"]["bindings"]  # still answering after a kill


def test_query_page_works_offline(endpoint):
    page = urllib.request.urlopen(endpoint.rsplit("/", 1)[0] + "/").read().decode()
    assert "<script>" in page and "http://" not in page.split("<script>")[1].split("PREFIXES")[0]
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", page)


LOAD_CLIENT = r"""
import json, sys, time, urllib.parse, urllib.request
from concurrent.futures import ThreadPoolExecutor
url, n, budget = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
query = "SELECT ?a ?b WHERE { ?a <https://w3id.org/newskg/ontology#backs> ?b }"
start = time.monotonic()
def one(_):
    if time.monotonic() - start > budget:
        return "late"
    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=budget) as r:
        return len(json.load(r)["results"]["bindings"])
with ThreadPoolExecutor(8) as pool:
    results = list(pool.map(one, range(n)))
print(json.dumps({"results": results, "seconds": time.monotonic() - start}))
"""


def test_load_from_a_second_process_on_loopback(endpoint):
    assert endpoint.startswith("http://127.0.0.1:")
    proc = subprocess.run(
        [sys.executable, "-c", LOAD_CLIENT, endpoint, "200", "60"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    counts = set(report["results"])
    assert len(report["results"]) == 200 and "late" not in counts and len(counts) == 1 and counts.pop() > 5
    assert report["seconds"] < 60
    print(f"200 queries from 8 client threads in {report['seconds']:.1f} s")


def test_query_page_runs_a_saved_query_in_a_browser(endpoint, browser):
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    root = endpoint.rsplit("/", 1)[0] + "/"
    page.goto(root)
    page.select_option("#saved", "who_backs_whom")
    assert "Who backs whom" in page.inner_text("#question")
    page.click("#run")
    page.wait_for_selector("#out table")
    assert "syrian-government" in page.inner_text("#out table")
    assert not errors and all(url.startswith(root) for url in requests), requests
    page.close()


def _serve(graph, *options: str):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(graph), "--port", "0", *options], stderr=subprocess.PIPE, cwd=ROOT
    )
    line = proc.stderr.readline().decode()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/sparql)", line)
    assert match, line
    return proc, match.group(1)


def _status(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode(), answer.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), err.headers


def test_a_foreign_host_or_a_cross_site_form_is_refused(endpoint):
    """DNS rebinding (a page on evil.example resolving to 127.0.0.1) and cross-site form posts."""
    query = urllib.parse.urlencode({"query": BACKS})
    status, body, _ = _status(f"{endpoint}?{query}", headers={"Host": "evil.example:80"})
    assert status == 403 and "loopback" in body
    status, body, headers = _status(endpoint, query.encode(), {"Origin": "http://evil.example"})
    assert status == 403 and "--cors" in body and "Access-Control-Allow-Origin" not in headers
    assert _status(f"{endpoint}?{query}")[0] == 200


def test_cors_names_the_one_origin_allowed(seeds_ttl):
    proc, url = _serve(seeds_ttl, "--cors", "http://localhost:3000")
    try:
        query = urllib.parse.urlencode({"query": BACKS}).encode()
        status, _, headers = _status(url, query, {"Origin": "http://localhost:3000"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        assert _status(url, query, {"Origin": "http://evil.example"})[0] == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_query_over_the_memory_cap_is_a_500_and_the_endpoint_goes_on(seeds_ttl):
    proc, url = _serve(seeds_ttl, "--max-memory", "700", "--workers", "1", "--timeout", "30")
    try:
        hungry = (
            "SELECT ?x WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
            "BIND(CONCAT(STR(?a), STR(?d), STR(?g), STR(?c), STR(?f), STR(?i)) AS ?x) } ORDER BY ?x LIMIT 1"
        )
        status, body, _ = _status(f"{url}?{urllib.parse.urlencode({'query': hungry})}")
        assert status == 500 and "memory cap of 700 MiB" in body
        assert client(url, JSON).convert()["results"]["bindings"]  # a fresh worker answers
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_every_worker_answers_from_the_latest_build_of_a_store(tmp_path):
    from conftest import SEEDS

    first, store = tmp_path / "first", tmp_path / "store"
    first.mkdir()
    (first / "one.txt").write_bytes((SEEDS / "002_3015488c8860971d.txt").read_bytes())
    built = subprocess.run([sys.executable, "-m", "kg", "build", str(first), "--store", str(store)], cwd=ROOT)
    assert built.returncode == 0
    proc, url = _serve(store, "--workers", "2")
    count = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }"
    try:
        asked = [_status(f"{url}?{urllib.parse.urlencode({'query': count})}") for _ in range(4)]
        assert {json.loads(body)["results"]["bindings"][0]["n"]["value"] for _, body, _ in asked} == {"1"}
        built = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "--store", str(store)], cwd=ROOT)
        assert built.returncode == 0
        asked = [_status(f"{url}?{urllib.parse.urlencode({'query': count})}") for _ in range(4)]
        assert {json.loads(body)["results"]["bindings"][0]["n"]["value"] for _, body, _ in asked} == {
            "5"
        }  # one.txt and the four seeds
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_repeated_query_is_answered_from_the_cache_while_the_worker_is_busy(seeds_ttl):
    """One worker, busy with a slow query: a query asked before is still answered at once, from
    the answers kept for this version of the graph (a rebuilt store is asked afresh: see above)."""
    import threading
    import time

    proc, url = _serve(seeds_ttl, "--workers", "1", "--timeout", "3")
    try:
        quick = f"{url}?{urllib.parse.urlencode({'query': BACKS})}"
        first = _status(quick)
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        busy = threading.Thread(target=_status, args=(f"{url}?{urllib.parse.urlencode({'query': slow})}",))
        busy.start()
        time.sleep(0.5)  # the worker has taken the slow query
        started = time.monotonic()
        again = _status(quick)
        assert again[:2] == first[:2] and again[0] == 200 and time.monotonic() - started < 1.0
        busy.join()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
