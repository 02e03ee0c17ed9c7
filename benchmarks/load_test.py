"""`kg serve` under load: many concurrent clients sending the saved queries, on loopback only.

    python benchmarks/load_test.py                               # 1M triples, 64 clients, 60 s
    python benchmarks/load_test.py --triples 100000 --clients 16 --seconds 20 --workers 4

Generates a KG-shaped store (benchmarks/query_bench.py's generator), starts `kg serve` on it
(loopback, a free port), measures each saved query once with a single client (the baseline), then
runs `--clients` threads for `--seconds`, each sending saved queries in turn (GET, SPARQL JSON;
`--cache 0` makes every request run its query, as a client asking new questions would),
and prints requests/s, p50 and p99 latency, the statuses seen and p50 under load against the
single-client baseline.  Target (the security issue): no errors, p99 under 1 s for saved queries.
Bounded: the clients stop at the deadline and every request has a 30 s timeout.
Run by hand; timings are never asserted in tests.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from query_bench import generate  # noqa: E402

from kg.query.saved import lookups, saved_queries  # noqa: E402
from kg.store.engine import Engine, with_union  # noqa: E402
from kg.store.persistent import STORE_MARKER  # noqa: E402


def build_store(folder: Path, triples: int) -> Path:
    store_dir = folder / "store"
    store = ox.Store(str(store_dir))
    store.bulk_extend(list(with_union(generate(triples))))
    store.flush()
    Engine(store).ready_for_queries()
    store.flush()
    del store
    (store_dir / STORE_MARKER).write_text("benchmark store\n")
    return store_dir


def saved_paths() -> list[str]:
    """The saved queries as GET paths (the entity query's name bound in the text it looks up)."""
    paths = []
    for path in saved_queries().values():
        text = path.read_text(encoding="utf-8")
        if lookups(text):  # the endpoint takes plain SPARQL: bind the entity as the CLI would
            text = text.replace("WHERE {", 'WHERE { ?entity rdfs:label "Place 3" .', 1)
        paths.append("/sparql?" + urllib.parse.urlencode({"query": text}))
    return paths


def ask(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        answer = conn.getresponse()
        answer.read()
        status = answer.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - started


def load(port: int, paths: list[str], clients: int, seconds: float) -> tuple[list[float], collections.Counter]:
    latencies: list[float] = []
    statuses: collections.Counter = collections.Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < deadline:
            status, took = ask(port, paths[i % len(paths)])
            with lock:
                latencies.append(took)
                statuses[status] += 1
            i += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers (default: 2, its default)")
    parser.add_argument("--cache", type=int, default=64, help="kg serve --cache MiB (0: every query runs; default 64)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp), args.triples)
        print(f"store of ~{args.triples:,} triples built in {time.perf_counter() - started:.0f} s", flush=True)
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "kg", "serve", str(store), "--port", "0"),
                *("--workers", str(args.workers), "--cache", str(args.cache)),
            ],
            stderr=subprocess.PIPE,
        )
        try:
            port = int(re.search(r":(\d+)/sparql", server.stderr.readline().decode()).group(1))
            paths = saved_paths()
            baseline = [statistics.median(ask(port, p)[1] for _ in range(3)) for p in paths]
            single = statistics.median(baseline)
            print(f"baseline, one client: median {single * 1000:.0f} ms over the {len(paths)} saved queries")
            latencies, statuses = load(port, paths, args.clients, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=10)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    errors = sum(n for status, n in statuses.items() if status != 200)
    print(
        f"{args.clients} clients, {args.seconds:g} s, {args.workers} workers, cache {args.cache} MiB: "
        f"{len(latencies) / args.seconds:.1f} requests/s, "
        f"p50 {p50 * 1000:.0f} ms ({p50 / single:.1f}x one client), p99 {p99 * 1000:.0f} ms, "
        f"statuses {dict(statuses)}, errors {errors}"
    )
    print("target (no errors, p99 < 1 s):", "met" if not errors and p99 < 1 else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
