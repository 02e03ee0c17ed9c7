"""Hostile queries: SERVICE and LOAD refused by every front, deep nesting refused before it can
crash anything; a local HTTP listener proves nothing was fetched."""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import run_cli
from test_server import endpoint  # noqa: F401  (the running `kg serve` fixture)

from kg.core.errors import KGError, QueryError
from kg.query.guard import check_query


@pytest.fixture
def listener():
    """A local HTTP server that records every request it gets (none may come)."""
    seen: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(
                b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "LEAKED"}}]}}'
            )

        do_POST = do_GET

        def log_message(self, *args):
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()


def federated(url: str) -> str:
    return f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


def test_service_is_refused_by_the_api_the_cli_and_the_endpoint(listener, seeds_graph, seeds_ttl, endpoint):  # noqa: F811
    url, seen = listener
    with pytest.raises(KGError, match="SERVICE is refused"):
        seeds_graph.query(federated(url))
    proc = run_cli("query", str(seeds_ttl), federated(url))
    assert proc.returncode == 2 and "SERVICE is refused" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{endpoint}?{urllib.parse.urlencode({'query': federated(url)})}", timeout=30)
    assert caught.value.code == 400 and b"SERVICE is refused" in caught.value.read()
    assert seen == []  # nothing reached the listener


def test_a_deeply_nested_query_is_refused_and_the_endpoint_keeps_serving(seeds_ttl, endpoint):  # noqa: F811
    deep = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000
    proc = run_cli("query", str(seeds_ttl), deep)
    assert proc.returncode == 2 and "limit is 100" in proc.stderr.decode()
    for _ in range(3):  # more than there are workers: none of them died
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(endpoint, data=urllib.parse.urlencode({"query": deep}).encode(), timeout=30)
        assert caught.value.code == 400
    ask = "ASK { ?s ?p ?o }"
    with urllib.request.urlopen(f"{endpoint}?{urllib.parse.urlencode({'query': ask})}", timeout=30) as answer:
        assert b"true" in answer.read()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("LOAD <http://example.org/data.ttl>", "LOAD is refused"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM <http://example.org/g> is refused"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", "is refused"),
        ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000, "the limit is 100,000"),
        ("select * where { service <http://x/> { ?s ?p ?o } }", "SERVICE is refused"),
    ],
)
def test_refused_queries_say_why(query, said):
    with pytest.raises(QueryError, match=said):
        check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s rdfs:label "SERVICE <http://x/> and LOAD" }',  # words inside a string
        "SELECT ?s WHERE { ?s ?p ?o } # a SERVICE mentioned in a comment",
        "SELECT ?s WHERE { ?s ?p ?n FILTER(?n < 5 && ?n > 1) }",  # comparisons, not IRIs
        "SELECT * FROM <https://w3id.org/newskg/id/graph/000-186d0da5b90adb4b> WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s <http://example.org/service> ?o }",  # an IRI that says service
    ],
)
def test_ordinary_queries_pass(query):
    check_query(query)


def test_the_saved_queries_pass_the_guard(seeds_graph):
    from kg.query.saved import saved_queries

    for path in saved_queries().values():
        check_query(path.read_text(encoding="utf-8"))
    assert not seeds_graph.saved("who_backs_whom").empty


@pytest.mark.parametrize(("length", "status"), [("-1", 400), ("abc", 400), ("1e3", 400), ("999999999999", 413)])
def test_a_bad_content_length_is_refused_and_the_endpoint_keeps_serving(endpoint, length, status):  # noqa: F811
    import socket

    host, port = urllib.parse.urlparse(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {length}\r\n\r\nASK {{ ?s ?p ?o }}".encode()
        )
        reply = conn.recv(4096).decode("latin-1")
    assert reply.startswith(f"HTTP/1.0 {status}") or reply.startswith(f"HTTP/1.1 {status}"), reply[:200]
    ask = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    with urllib.request.urlopen(f"{endpoint}?{ask}", timeout=30) as answer:
        assert b"true" in answer.read()
