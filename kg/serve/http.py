"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a graph file or a store.

* `/sparql` answers GET (`?query=`) and POST (form-encoded `query=` or an
  `application/sparql-query` body); updates are refused with 403 and change nothing.
* Results by content negotiation: SPARQL JSON (default), XML, CSV and TSV; CONSTRUCT and
  DESCRIBE as Turtle (default) or JSON-LD.
* Each query runs in a worker process that is killed when it exceeds the time limit (Oxigraph
  cannot cancel a query from inside), and results over the row cap are refused, with messages
  that say so.  Loopback only unless told otherwise.
* `/` is a small query page, self-contained, that works offline.
* HTTP is uvicorn's (h11): Python's own `http.server` says it is not for production, and most
  hostile requests are HTTP parsing, which a maintained server does better; our checks (Host,
  origin, body size, updates, the query guard) run in the app before a worker sees a query.
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
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

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
HTML_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"


class AnswerCache:
    """Answers already given, keyed by query, Accept header and the graph's version, so the
    saved queries a dashboard repeats cost one run per build; bounded in bytes, least recently
    used first out; only successful answers are kept."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path, self.max_bytes, self.size = path, max_bytes, 0
        self.answers: OrderedDict[tuple, tuple[int, str, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def key(self, sparql: str, accept: str) -> tuple:
        return (sparql, accept, _version(self.path))

    def get(self, key: tuple) -> tuple[int, str, bytes] | None:
        with self.lock:
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: tuple[int, str, bytes]) -> None:
        if answer[0] != 200 or len(answer[2]) > self.max_bytes // 4:
            return
        with self.lock:
            if key in self.answers:
                return
            self.answers[key] = answer
            self.size += len(answer[2])
            while self.size > self.max_bytes:
                _, old = self.answers.popitem(last=False)
                self.size -= len(old[2])


def make_app(
    pool: WorkerPool, timeout: float, page: bytes, cors: str | None = None, cache: AnswerCache | None = None
) -> Starlette:
    """The endpoint as an ASGI app (Starlette): `/` the query page, `/sparql` the protocol.

    HTTP itself (request parsing, a malformed or negative Content-Length, header sizes, keep-alive,
    the cap on requests at once) is uvicorn's and h11's; what is ours is checked here, before a
    query reaches a worker: the Host and the origin, the body size, updates refused."""

    async def sparql(request: Request) -> Response:
        refused = _refused_origin(request, cors)
        if refused is not None:
            return refused
        if request.method == "GET":
            return await _form(dict(request.query_params), request)
        declared = request.headers.get("content-length")
        if declared is not None and int(declared) > MAX_BODY:  # h11 has checked it is a whole number
            return _plain(413, f"request body over {MAX_BODY:,} bytes")
        body = await _capped_body(request)
        if body is None:
            return _plain(413, f"request body over {MAX_BODY:,} bytes")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return _read_only()
        if ctype == "application/sparql-query":
            return await _query(body.decode("utf-8", errors="replace"), request)
        fields = dict(parse_qsl(body.decode("utf-8", errors="replace")))
        return await _form({**fields, **dict(request.query_params)}, request)

    async def _form(params: dict[str, str], request: Request) -> Response:
        """A query sent as form fields (GET's URL or a form-encoded POST body)."""
        if "update" in params:
            return _read_only()
        if "query" not in params:
            return _plain(400, "missing the 'query' parameter")
        return await _query(params["query"], request)

    async def _query(text: str, request: Request) -> Response:
        if _looks_like_update(text):
            return _read_only()
        accept = request.headers.get("accept", "")
        key = cache.key(text, accept) if cache else None
        answer = cache.get(key) if cache else None
        if answer is None:
            answer = await run_in_threadpool(pool.run, text, accept, timeout)
            if cache:
                cache.put(key, answer)
        status, ctype, body = answer
        return Response(body, status_code=status, media_type=ctype)

    async def home(request: Request) -> Response:
        refused = _refused_origin(request, cors)
        if refused is not None:
            return refused
        return Response(page, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": HTML_POLICY})

    async def not_found(request: Request, exc: Exception) -> Response:
        return _plain(404, "not found; the endpoint is /sparql")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return _plain(405, "the endpoint answers GET and POST")

    app = Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/index.html", home, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST"]),
        ],
        exception_handlers={404: not_found, 405: not_allowed},
    )
    app.add_middleware(_SecurityHeaders, cors=cors)
    return app


class _SecurityHeaders:
    """`nosniff` on every answer, and the CORS header for the one origin `--cors` names."""

    def __init__(self, app, cors: str | None) -> None:
        self.app, self.cors = app, cors

    async def __call__(self, scope, receive, send) -> None:
        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                if self.cors:
                    headers += [(b"access-control-allow-origin", self.cors.encode()), (b"vary", b"Origin")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


async def _capped_body(request: Request) -> bytes | None:
    """The body, read no further than MAX_BODY (a chunked body has no length to check first)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _refused_origin(request: Request, cors: str | None) -> Response | None:
    """DNS rebinding and cross-site requests: on loopback only a loopback Host is served, and a
    browser request from another site (Origin or Sec-Fetch-Site says so) is refused unless `--cors`
    names that origin."""
    bound = request.scope["server"][0] if request.scope.get("server") else "127.0.0.1"
    host = request.headers.get("host", "")
    named = host.rsplit(":", 1)[0].strip("[]").lower() if not host.startswith("[") else host[1:].split("]")[0]
    if bound in LOOPBACK and named not in LOOPBACK:
        return _plain(403, "on loopback this endpoint answers Host 127.0.0.1 or localhost only")
    origin = request.headers.get("origin")
    cross = (origin and origin != f"http://{host}") or request.headers.get("sec-fetch-site") == "cross-site"
    if cross and origin != cors:
        return _plain(403, "cross-site requests are refused (start kg serve with --cors ORIGIN)")
    return None


def _plain(status: int, text: str) -> Response:
    return Response(text.encode(), status_code=status, media_type="text/plain")


def _read_only() -> Response:
    return _plain(403, "this endpoint is read-only: SPARQL updates are refused")


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


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, before any worker starts; a port in use is one line saying so."""
    try:
        return socket.create_server((host, port), backlog=DEFAULTS.serve_backlog)
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
    cache_bytes: int = DEFAULTS.serve_cache_bytes,
) -> int:
    """Run the endpoint (uvicorn) until interrupted; `on_ready` gets its URL once it listens."""
    import uvicorn

    sock = listen(host, port)
    pool = WorkerPool(path, workers, max_rows, max_memory)
    cache = AnswerCache(path, cache_bytes) if cache_bytes else None
    app = make_app(pool, timeout, query_page(), cors, cache)
    config = uvicorn.Config(
        app,
        limit_concurrency=DEFAULTS.serve_max_requests,  # one more request is answered 503 at once
        backlog=DEFAULTS.serve_backlog,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=65_536,  # request line and headers
        log_level="warning",
        access_log=False,
        server_header=False,
        lifespan="off",
    )
    where = f"http://{host}:{sock.getsockname()[1]}/sparql"
    if host not in LOOPBACK:
        log.warning("listening on %s, not loopback: anyone who can reach it can query", host)
    if on_ready is not None:
        on_ready(where)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        pool.close()
    return 0


__all__ = ["HTTPStatus", "WorkerPool", "negotiate", "serve"]
