"""Property-based tests: random bytes, encodings, JSON Lines shapes and HTTP requests thrown at
ingest and the endpoint.  Ingest never raises and never loses a valid article; the endpoint
never dies and answers every request with a status."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import urllib.parse

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.ingest.documents import Document, InputProblem, read_inputs
from kg.resources.lexicon import Lexicon

LEX = Lexicon.load()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def read(path):
    return list(read_inputs([path], LEX.split_words, LEX.boilerplate))


@FAST
@given(data=st.binary(max_size=3000))
def test_any_bytes_as_an_article_are_read_or_named_never_raised(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "article.txt"
    path.write_bytes(data)
    for item in read(path):
        assert isinstance(item, Document | InputProblem)
        assert isinstance(item, InputProblem) or item.text.strip()


@FAST
@given(text=st.text(min_size=1, max_size=300), encoding=st.sampled_from(["utf-8", "utf-16", "utf-32", "utf-8-sig"]))
def test_text_in_any_unicode_encoding_reads_back_as_written(tmp_path_factory, text, encoding):
    text = text.replace("\r", "")
    if not text.strip() or any(ord(c) < 32 and c not in "\t\n" for c in text):
        return  # empty or control-character text is named as not an article, tested above
    path = tmp_path_factory.mktemp("text") / "article.txt"
    path.write_bytes(text.encode(encoding))
    (doc,) = [d for d in read(path) if isinstance(d, Document)]
    assert doc.text == text.removeprefix("\ufeff")


@FAST
@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from(["id", "text", "title", "date", "publisher", "url", "locale"]), json_values),
        max_size=6,
    )
)
def test_jsonl_of_any_shape_keeps_every_valid_article(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("jsonl") / "news.jsonl"
    lines = [json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = read(path)
    valid_ids = []
    for row in rows:
        ok = isinstance(row.get("text"), str) and row["text"].strip() and str(row.get("id", "")).strip()
        if ok and str(row["id"]).strip() not in valid_ids:
            valid_ids.append(str(row["id"]).strip())
    assert [d.doc_id for d in found if isinstance(d, Document)] == valid_ids


@pytest.fixture(scope="module")
def endpoint(seeds_ttl):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(seeds_ttl), "--port", "0", "--timeout", "3", "--workers", "1"],
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", proc.stderr.readline().decode())
    assert match
    yield int(match.group(1))
    proc.terminate()
    proc.wait(timeout=10)


def _request(port: int, method: str, path: str, body: bytes, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@settings(max_examples=80, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS"]),
    query=st.text(max_size=200),
    ctype=st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded", "text/plain", "", "a/b"]),
    accept=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
)
def test_any_request_gets_a_status_and_the_endpoint_keeps_answering(endpoint, method, query, ctype, accept):
    headers = {"Accept": accept, "Content-Type": ctype} if ctype else {"Accept": accept}
    body = query.encode("utf-8") if method == "POST" else None
    path = "/sparql" if method == "POST" else "/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        status = _request(endpoint, method, path, body, headers)
    except (http.client.HTTPException, ConnectionError):
        status = None  # a request http.client itself cannot send or read back is no server failure
    assert status is None or 200 <= status < 600
    probe = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    assert _request(endpoint, "GET", f"/sparql?{probe}", None, {}) == 200
