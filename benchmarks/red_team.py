"""Replay the hostile-input cases of the security issue against this checkout and print a table:
case, what must happen, what was seen, and whether it held.

    python benchmarks/red_team.py            # about two minutes; builds the seeds first

Every case runs as a user or an attacker would: the `kg` command in a subprocess, a running
`kg serve` spoken to over raw HTTP, a local listener that must receive nothing.  The tests
assert each behaviour (tests/test_query_guard.py, test_server.py, test_hostile_input.py,
test_fuzz.py); this script is the one place that shows them all at once.  Exit status 1 when a
case did not hold.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = "Iraqi forces captured Rawa on Friday, the army said."
Case = tuple[str, str, Callable[[], tuple[bool, str]]]


def kg(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, input=stdin, capture_output=True, timeout=900)


def one_line_error(proc: subprocess.CompletedProcess) -> tuple[bool, str]:
    err = proc.stderr.decode(errors="replace")
    lines = [line for line in err.splitlines() if line.startswith("kg: error:")]
    held = proc.returncode == 2 and len(lines) == 1 and "Traceback" not in err
    return held, f"exit {proc.returncode}: {(lines or err.splitlines() or [''])[0][:90]}"


class Listener:
    """A local HTTP server that records every request (a query must never reach it)."""

    def __init__(self) -> None:
        seen = self.seen = []

        class Record(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                self.send_response(200)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/data"


class Endpoint:
    """`kg serve` on a free port, spoken to over raw HTTP."""

    def __init__(self, graph: Path, *options: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(graph), "--port", "0", *options],
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        line = self.proc.stderr.readline().decode()
        self.port = int(re.search(r":(\d+)/sparql", line).group(1))

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            answer = conn.getresponse()
            return answer.status, answer.read().decode(errors="replace")
        except (ConnectionError, http.client.HTTPException) as exc:
            return 0, f"connection closed by the server ({type(exc).__name__})"
        finally:
            conn.close()

    def raw(self, data: bytes) -> str:
        """Bytes straight onto the socket (headers http.client would refuse to send)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as sock:
            sock.sendall(data)
            return sock.recv(4096).decode(errors="replace").split("\r\n")[0]

    def get(self, query: str, headers: dict | None = None):
        return self.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)

    def alive(self) -> bool:
        return self.get("ASK { ?s ?p ?o }")[0] == 200

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="kg-red-team-"))
    seeds = work / "seeds.ttl"
    assert kg("build", str(ROOT / "seeds"), "-o", str(seeds), "--no-progress", cwd=work).returncode == 0
    listener = Listener()
    server = Endpoint(seeds, "--timeout", "5", "--workers", "2")
    hungry = Endpoint(seeds, "--max-memory", "700", "--workers", "1", "--timeout", "30")
    service = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    deep = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000
    filters = "SELECT * WHERE { ?s ?p ?o " + "FILTER(?s != <urn:x>) " * 10000 + "}"
    try:
        cases = http_cases(server, hungry, listener, service, deep, filters)
        cases += cli_cases(work, seeds, listener, service)
        cases += ingest_cases(work)
        results = [(name, want, *check()) for name, want, check in cases]
    finally:
        server.stop()
        hungry.stop()
    width = max(len(name) for name, *_ in results)
    print(f"{'case':{width}}  held  expected / seen")
    for name, want, held, seen in results:
        print(f"{name:{width}}  {'yes' if held else 'NO ':4}  {want}\n{'':{width}}        seen: {seen}")
    failed = [name for name, _, held, _ in results if not held]
    print(
        f"\n{len(results) - len(failed)}/{len(results)} cases held" + (f"; NOT: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


def http_cases(server: Endpoint, hungry: Endpoint, listener: Listener, service: str, deep: str, filters: str):
    def status(answer, want: int | set[int], alive: Endpoint = server) -> tuple[bool, str]:
        code, body = answer
        wanted = want if isinstance(want, set) else {want}
        return code in wanted and alive.alive(), f"{code} {body[:70]!r}; still answering: {alive.alive()}"

    def long_post() -> tuple[bool, str]:
        headers = {"Content-Type": "application/sparql-query"}
        return status(server.request("POST", "/sparql", filters.encode(), headers), 400)

    def service_refused() -> tuple[bool, str]:
        code, body = server.get(service)
        return code == 400 and not listener.seen, f"{code} {body[:50]!r}; listener saw {len(listener.seen)} request(s)"

    def cross_site() -> tuple[bool, str]:
        form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
        return status(server.request("POST", "/sparql", form, {"Origin": "http://evil.example"}), 403)

    def bad_lengths() -> tuple[bool, str]:
        seen = [
            server.raw(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {n}\r\n\r\n".encode())
            for n in ("-1", "abc", "99999999999")
        ]
        return all(" 400 " in s or " 413 " in s for s in seen) and server.alive(), "; ".join(seen)

    return [
        ("endpoint SERVICE (SSRF)", "400, and nothing reaches the listener", service_refused),
        (
            "endpoint nesting depth 5,000",
            "400 before evaluation, still answering",
            lambda: status(server.get(deep), 400),
        ),
        (
            "endpoint 10,000 FILTERs in a GET",
            "refused at the HTTP layer (URL over 64 KiB: 4xx or closed), still answering",
            lambda: status(server.get(filters), {0, 400, 414, 431}),
        ),
        ("endpoint 10,000 FILTERs in a POST", "400 (query size), still answering", long_post),
        ("endpoint bad Content-Length", "-1, abc: 400; 99,999,999,999: 413", bad_lengths),
        ("endpoint update", "403, nothing changed", lambda: status(server.get("DROP ALL"), 403)),
        (
            "endpoint foreign Host (DNS rebinding)",
            "403",
            lambda: status(server.get("ASK {}", {"Host": "evil.example"}), 403),
        ),
        ("endpoint cross-site form POST", "403", cross_site),
        (
            "endpoint query over the memory cap",
            "500, a fresh worker answers next",
            lambda: status(
                hungry.get(
                    "SELECT ?x WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . BIND(CONCAT(STR(?a), STR(?d), STR(?g), "
                    "STR(?c), STR(?f), STR(?i)) AS ?x) } ORDER BY ?x LIMIT 1"
                ),
                500,
                hungry,
            ),
        ),
        (
            "endpoint slow query",
            "503 after the time limit, still answering",
            lambda: status(
                server.get("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"), 503
            ),
        ),
    ]


def cli_cases(work: Path, seeds: Path, listener: Listener, service: str):
    def service_refused() -> tuple[bool, str]:
        held, seen = one_line_error(kg("query", str(seeds), service, cwd=work))
        return held and not listener.seen, f"{seen}; listener saw {len(listener.seen)}"

    deep = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000
    return [
        ("kg query SERVICE", "exit 2, one line, nothing fetched", service_refused),
        (
            "kg query nesting depth 3,000",
            "exit 2, one line",
            lambda: one_line_error(kg("query", str(seeds), deep, cwd=work)),
        ),
        (
            "kg query LOAD <url>",
            "exit 2, one line",
            lambda: one_line_error(kg("query", str(seeds), f"LOAD <{listener.url}>", cwd=work)),
        ),
        (
            "kg query invalid IRI in --bind",
            "exit 2, one line",
            lambda: one_line_error(kg("query", str(seeds), "SELECT ?x {?x ?p ?o}", "--bind", "x=<a b>", cwd=work)),
        ),
        (
            "kg query huge --limit",
            "exit 2, one line",
            lambda: one_line_error(kg("query", str(seeds), "--saved", "timeline", "--limit", "9" * 30, cwd=work)),
        ),
        (
            "kg html -o x.png",
            "exit 2, one line",
            lambda: one_line_error(kg("html", str(seeds), "-o", "x.png", cwd=work)),
        ),
    ]


def ingest_cases(work: Path):
    def built(name: str, files: dict[str, bytes], want_docs: int, check: Callable[[Path], str] | None = None):
        def run() -> tuple[bool, str]:
            folder = work / name
            folder.mkdir()
            for relative, data in files.items():
                (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                (folder / relative).write_bytes(data)
            out = work / f"{name}.ttl"
            started = time.monotonic()
            proc = kg("build", str(folder), "-o", str(out), "--no-progress", cwd=work)
            err = proc.stderr.decode(errors="replace")
            docs = re.search(r"(\d+) documents", err)
            extra = check(out) if check and proc.returncode == 0 else ""
            held = proc.returncode == 0 and docs and int(docs.group(1)) == want_docs and "Traceback" not in err
            held = held and not extra.startswith("NOT")
            took = time.monotonic() - started
            return bool(held), f"exit {proc.returncode}, {docs.group(0) if docs else 'no count'}, {took:.0f} s {extra}"

        return run

    def has(text: str) -> Callable[[Path], str]:
        return lambda out: f"'{text}' kept" if text in out.read_text(encoding="utf-8") else f"NOT: '{text}' lost"

    def lacks(text: str) -> Callable[[Path], str]:
        return lambda out: f"no {text}" if text not in out.read_text(encoding="utf-8") else f"NOT: {text} written"

    jsonl = "".join(
        json.dumps(row) + "\n"
        for row in (
            {"id": "n", "text": STORY, "publisher": 123},
            {"id": "l", "text": STORY, "title": ["x"]},
            {"id": "d", "text": STORY, "date": "2017-02-30"},
            {"id": "long", "text": STORY, "date": "x" * 1_000_000},
        )
    ).encode()
    long_text = (STORY + "\n\n") * 20_000
    symlinked = work / "elsewhere"
    symlinked.mkdir()
    (symlinked / "linked.txt").write_text(STORY, encoding="utf-8")

    def symlink_case() -> tuple[bool, str]:
        folder = work / "links"
        folder.mkdir()
        (folder / "own.txt").write_text(STORY, encoding="utf-8")
        os.symlink(symlinked, folder / "sub")
        os.symlink(folder, folder / "loop")
        proc = kg("build", str(folder), "-o", str(work / "links.ttl"), "--no-progress", cwd=work)
        err = proc.stderr.decode()
        return proc.returncode == 0 and "2 documents" in err, f"exit {proc.returncode}, {err.strip().splitlines()[-1]}"

    def viewer_slots() -> tuple[bool, str]:
        folder = work / "slots"
        folder.mkdir()
        (folder / "a.txt").write_text(STORY + " He said $VIS_JS $DATA.\n", encoding="utf-8")
        graph, page = work / "slots.ttl", work / "slots.html"
        kg("build", str(folder), "-o", str(graph), "--no-progress", cwd=work)
        proc = kg("html", str(graph), "-o", str(page), cwd=work)
        html = page.read_text(encoding="utf-8") if page.exists() else ""
        held = proc.returncode == 0 and "$VIS_JS $DATA" in html and "vis-network" in html
        return held, f"exit {proc.returncode}; article words kept as text: {'$VIS_JS $DATA' in html}"

    def formula() -> tuple[bool, str]:
        folder = work / "formula"
        folder.mkdir()
        (folder / "a.txt").write_text("=HYPERLINK(1) " + STORY, encoding="utf-8")
        graph, events = work / "formula.ttl", work / "formula.csv"
        kg("build", str(folder), "-o", str(graph), "--no-progress", cwd=work)
        kg("export", str(graph), "--format", "acled", "-o", str(events), cwd=work)
        text = events.read_text(encoding="utf-8") if events.exists() else ""
        return "'=HYPERLINK" in text, "notes cell starts with '=" if "'=HYPERLINK" in text else text[-80:]

    def endless_stdin() -> tuple[bool, str]:
        proc = subprocess.run(
            f"head -c 60000000 /dev/zero | {sys.executable} -m kg build - -o {work / 'zero.ttl'}",
            shell=True,
            capture_output=True,
            cwd=work,
            timeout=300,
        )
        err = proc.stderr.decode()
        return "byte limit" in err and "Traceback" not in err, err.strip().splitlines()[0][:90]

    return [
        (
            "ingest article over 1,000,000 chars",
            "parsed in pieces, fully in",
            built("long", {"long.txt": long_text.encode()}, 1, has("Rawa")),
        ),
        (
            "ingest JSONL wrong field types",
            "4 articles in, fields left out with file:line",
            built("jsonl", {"n.jsonl": jsonl}, 4, lacks("2017-02-30")),
        ),
        (
            "ingest Latin-1 / cp1252 / cp1256",
            "read right",
            built(
                "enc",
                {
                    "a.txt": "José said: Iraqi forces captured Rawa.".encode("latin-1"),
                    "b.txt": "Iraqi forces captured Rawa – the café’s owner.".encode("cp1252"),
                    "c.txt": "Iraqi forces captured Rawa on Friday, the channel الجزيرة said.".encode("cp1256"),
                },
                3,
                has("الجزيرة"),
            ),
        ),
        (
            "ingest UTF-8 with a bad byte",
            "stays UTF-8, byte replaced",
            built("bad8", {"a.txt": "José said Iraqi forces captured Rawa.".encode() + b"\xff"}, 1, has("José")),
        ),
        ("ingest UTF-16 with BOM", "read", built("u16", {"a.txt": STORY.encode("utf-16")}, 1, has("Rawa"))),
        (
            "ingest same file name, two folders",
            "both in",
            built(
                "dups",
                {"a/report.txt": STORY.encode(), "b/report.txt": STORY.replace("Rawa", "Anah").encode()},
                2,
                has("Anah"),
            ),
        ),
        ("ingest symlinked folder and a loop", "followed once", symlink_case),
        ("ingest endless stdin (/dev/zero)", "refused at the size limit", endless_stdin),
        ("viewer: article text '$VIS_JS $DATA'", "kept as text, page intact", viewer_slots),
        ("export: a cell starting with '='", "neutralised with a leading '", formula),
    ]


if __name__ == "__main__":
    sys.exit(main())
