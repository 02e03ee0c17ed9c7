"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a graph file or a store.

* `/sparql` answers GET (`?query=`) and POST (form-encoded `query=` or an
  `application/sparql-query` body); updates are refused with 403 and change nothing.
* Results by content negotiation: SPARQL JSON (default), XML, CSV and TSV; CONSTRUCT and
  DESCRIBE as Turtle (default) or JSON-LD.
* Each query runs in a worker process that is killed when it exceeds the time limit (Oxigraph
  cannot cancel a query from inside), and results over the row cap are refused, with messages
  that say so.  Loopback only unless told otherwise.
* `/` is a small query page, self-contained, that works offline.
"""

from __future__ import annotations

import errno
import html
import logging
import multiprocessing as mp
import queue
import resource
import socket
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from kg.core.errors import QueryError, ServeError
from kg.core.files import script_json
from kg.core.settings import DEFAULTS
from kg.query.formats import serialize_boolean, serialize_solutions, serialize_triples
from kg.query.saved import describe_saved, saved_queries
from kg.resources.paths import fill_page
from kg.store.persistent import open_engine

log = logging.getLogger(__name__)

SELECT_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]
GRAPH_TYPES = [("text/turtle", "turtle"), ("application/ld+json", "jsonld"), ("application/json", "jsonld")]
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
}
MAX_BODY = DEFAULTS.serve_max_body


# ---- worker processes ----------------------------------------------------------------------------
def _worker_main(path: str, max_rows: int, max_memory: int, conn) -> None:
    """Open the graph, cap the process's memory, then answer (query, accept) requests until the
    pipe closes, reopening the graph when a build has changed it since (every answer comes from
    the latest committed store, whichever worker gives it)."""
    source = Path(path)
    engine, seen = open_engine(source), _version(source)
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    conn.send(("ready", None, None))
    while True:
        try:
            sparql, accept = conn.recv()
        except EOFError:
            return
        if _version(source) != seen:
            engine, seen = open_engine(source), _version(source)
        conn.send(_answer(engine, sparql, accept, max_rows))


def _version(path: Path) -> tuple[int, ...]:
    """What changes when a build writes the graph: a file's size and time, a store folder's files'."""
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.is_file())
    return tuple(n for f in files for n in (f.stat().st_mtime_ns, f.stat().st_size))


def _answer(engine, sparql: str, accept: str, max_rows: int) -> tuple[int, str, bytes]:
    """Run the query once, read at most `max_rows` + 1 results (more is a 413), serialise them."""
    import pyoxigraph as ox

    try:
        result = engine.execute(sparql)
        if isinstance(result, ox.QueryBoolean):
            fmt = negotiate(accept, SELECT_TYPES)
            return 200, CONTENT_TYPES[fmt], serialize_boolean(bool(result), fmt)
        if isinstance(result, ox.QueryTriples):
            fmt = negotiate(accept, GRAPH_TYPES)
            triples = list(islice(result, max_rows + 1))
            if len(triples) > max_rows:
                return 413, "text/plain", _too_many(max_rows, "triples")
            return 200, CONTENT_TYPES[fmt], serialize_triples(triples, fmt)
        fmt = negotiate(accept, SELECT_TYPES)
        variables = [v.value for v in result.variables]
        rows = [tuple(s[v] for v in variables) for s in islice(result, max_rows + 1)]
        if len(rows) > max_rows:
            return 413, "text/plain", _too_many(max_rows, "rows")
        return 200, CONTENT_TYPES[fmt], serialize_solutions(variables, rows, fmt)
    except QueryError as exc:
        return 400, "text/plain", str(exc).encode()
    except MemoryError:
        return 500, "text/plain", b"the query ran out of memory (the endpoint's cap); narrow it or add LIMIT"
    except Exception as exc:  # the engine's own errors (bad IRIs, type errors) are the client's to read
        return 400, "text/plain", f"query failed: {exc}".encode()


def _too_many(cap: int, what: str) -> bytes:
    return f"result has more than {cap} {what} (the endpoint's cap); add LIMIT or narrow the query".encode()


def negotiate(accept: str, offers: list[tuple[str, str]]) -> str:
    """The first offered format the Accept header allows (q-values honoured), else the default."""
    wanted = []
    for part in (accept or "").split(","):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            wanted.append((q, media.strip().lower()))
    for _, media in sorted(wanted, key=lambda w: -w[0]):
        for offer, fmt in offers:
            if media == offer or media == f"{offer.split('/')[0]}/*":
                return fmt
    return offers[0][1]


class WorkerPool:
    """Worker processes, each with the graph open; a worker past the time limit is killed and
    replaced, so one runaway query never blocks the endpoint."""

    def __init__(self, path: Path, size: int, max_rows: int, max_memory: int = DEFAULTS.serve_max_memory) -> None:
        self.path, self.max_rows, self.max_memory = path, max_rows, max_memory
        self.ctx = mp.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        for _ in range(max(1, size)):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(
            target=_worker_main, args=(str(self.path), self.max_rows, self.max_memory, child), daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(120):
            process.kill()
            raise RuntimeError(f"query worker could not open {self.path}")
        parent.recv()
        return process, parent

    def run(self, sparql: str, accept: str, timeout: float) -> tuple[int, str, bytes]:
        try:
            process, conn = self.idle.get(timeout=timeout)
        except queue.Empty:
            return 503, "text/plain", b"all query workers are busy; try again"
        answer, finished = None, False
        try:
            conn.send((sparql, accept))
            finished = conn.poll(timeout)
            answer = conn.recv() if finished else None
        except (EOFError, OSError):  # the worker died under the query (memory cap, a crash)
            answer = None
        if answer is not None:
            self.idle.put((process, conn))
            return answer
        process.kill()
        process.join()
        threading.Thread(target=lambda: self.idle.put(self._start()), daemon=True).start()
        if not finished:
            return 503, "text/plain", f"query exceeded the time limit of {timeout:g} s and was stopped".encode()
        return (
            500,
            "text/plain",
            (
                f"the query stopped its worker (exit code {process.exitcode}; over the memory cap of "
                f"{self.max_memory // 2**20:,} MiB?); a fresh worker takes its place"
            ).encode(),
        )

    def close(self) -> None:
        while not self.idle.empty():
            process, conn = self.idle.get_nowait()
            conn.close()
            process.kill()


# ---- HTTP ------------------------------------------------------------------------------------------
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def make_handler(pool: WorkerPool, timeout: float, page: bytes, cors: str | None = None):
    slots = threading.BoundedSemaphore(DEFAULTS.serve_max_requests)

    class Handler(BaseHTTPRequestHandler):
        server_version = "newskg"

        def log_message(self, fmt: str, *args) -> None:  # quiet by default; errors still go to stderr
            return

        def handle_one_request(self) -> None:
            """At most `serve_max_requests` requests at once; the next is told to come back (503)
            rather than queued without bound."""
            if not slots.acquire(blocking=False):
                self.raw_requestline = self.rfile.readline(65537)
                if self.parse_request():
                    self._send(503, "text/plain", b"the endpoint is at its limit of requests at once; try again")
                self.close_connection = True
                return
            try:
                super().handle_one_request()
            finally:
                slots.release()

        def _refused_origin(self) -> bool:
            """DNS rebinding and cross-site requests: on loopback only a loopback Host is served, and
            a browser request from another site (Origin or Sec-Fetch-Site says so) is refused unless
            `--cors` names that origin."""
            host = self.server.server_address[0]
            named = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
            if host in LOOPBACK and named not in LOOPBACK:
                self._send(
                    403, "text/plain", b"this endpoint answers on loopback only: Host must be 127.0.0.1 or localhost"
                )
                return True
            origin = self.headers.get("Origin")
            own = {f"http://{self.headers.get('Host', '')}"}
            cross = (origin and origin not in own) or self.headers.get("Sec-Fetch-Site") == "cross-site"
            if cross and origin != cors:
                self._send(403, "text/plain", b"cross-site requests are refused (start kg serve with --cors ORIGIN)")
                return True
            return False

        def do_GET(self) -> None:
            if self._refused_origin():
                return
            url = urlparse(self.path)
            if url.path in {"/", "/index.html"}:
                return self._send(200, "text/html; charset=utf-8", page)
            if url.path != "/sparql":
                return self._send(404, "text/plain", b"not found; the endpoint is /sparql")
            self._form(parse_qs(url.query))

        def do_POST(self) -> None:
            if self._refused_origin():
                return
            url = urlparse(self.path)
            if url.path != "/sparql":
                return self._send(404, "text/plain", b"not found; the endpoint is /sparql")
            declared = (self.headers.get("Content-Length") or "0").strip()
            if not declared.isascii() or not declared.isdigit():  # `-1` would read to the end, `abc` raise
                self.close_connection = True
                return self._send(400, "text/plain", b"Content-Length must be a whole number of bytes")
            if int(declared) > MAX_BODY:
                self.close_connection = True
                return self._send(413, "text/plain", f"request body over {MAX_BODY:,} bytes".encode())
            body = self.rfile.read(int(declared)).decode("utf-8", errors="replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return self._refuse_update()
            if ctype == "application/sparql-query":
                return self._query(body)
            self._form({**parse_qs(body), **parse_qs(url.query)})

        def _form(self, params: dict[str, list[str]]) -> None:
            """A query sent as form fields (GET's URL or a form-encoded POST body)."""
            if "update" in params:
                return self._refuse_update()
            if "query" not in params:
                return self._send(400, "text/plain", b"missing the 'query' parameter")
            self._query(params["query"][0])

        def _refuse_update(self) -> None:
            self._send(403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused")

        def _query(self, sparql: str) -> None:
            if _looks_like_update(sparql):
                return self._refuse_update()
            status, ctype, body = pool.run(sparql, self.headers.get("Accept", ""), timeout)
            self._send(status, ctype, body)

        def _send(self, status: int, ctype: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if cors:
                self.send_header("Access-Control-Allow-Origin", cors)
                self.send_header("Vary", "Origin")
            if ctype.startswith("text/html"):
                self.send_header(
                    "Content-Security-Policy",
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
                )
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _looks_like_update(sparql: str) -> bool:
    """Updates sent as `query=`: Oxigraph would reject them as queries, but say why plainly."""
    import re

    text = re.sub(r"#[^\n]*", " ", sparql)
    text = re.sub(r"(?i)\b(PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)", " ", text).strip()
    return bool(re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", text))


def query_page() -> bytes:
    """The offline query page; saved queries embedded as JSON (escaped for a script element)."""
    saved = {
        name: {"question": describe_saved(p), "text": p.read_text(encoding="utf-8")}
        for name, p in saved_queries().items()
    }
    return fill_page("query.html", SAVED=script_json(saved), TITLE=html.escape("newskg SPARQL")).encode("utf-8")


def listen(host: str, port: int) -> ThreadingHTTPServer:
    """The listening socket, before any worker starts; a port in use is one line saying so."""

    class Server(ThreadingHTTPServer):
        request_queue_size = DEFAULTS.serve_backlog  # the listen backlog (http.server's default: 5)

    try:
        return Server((host, port), BaseHTTPRequestHandler)
    except socket.gaierror as exc:
        raise ServeError(f"{host}: not an address this machine has ({exc.strerror})") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is in use (another server?); choose another with --port") from None
        if exc.errno in {errno.EADDRNOTAVAIL, errno.EACCES}:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        raise


def serve(
    path: Path,
    host: str = DEFAULTS.serve_host,
    port: int = DEFAULTS.serve_port,
    timeout: float = DEFAULTS.serve_timeout,
    max_rows: int = DEFAULTS.serve_max_rows,
    workers: int = DEFAULTS.serve_workers,
    on_ready: Callable[[str], None] | None = None,
    max_memory: int = DEFAULTS.serve_max_memory,
    cors: str | None = None,
) -> int:
    """Run the endpoint until interrupted; `on_ready` gets its URL once it listens."""
    server = listen(host, port)
    pool = WorkerPool(path, workers, max_rows, max_memory)
    server.RequestHandlerClass = make_handler(pool, timeout, query_page(), cors)
    where = f"http://{host}:{server.server_address[1]}/sparql"
    if host not in {"127.0.0.1", "localhost", "::1"}:
        log.warning("listening on %s, not loopback: anyone who can reach it can query", host)
    if on_ready is not None:
        on_ready(where)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        pool.close()
    return 0


__all__ = ["HTTPStatus", "WorkerPool", "negotiate", "serve"]
