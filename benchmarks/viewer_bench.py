"""Time to first draw of the HTML viewer in headless Chromium at 500, 2k and 10k nodes.

    python benchmarks/viewer_bench.py                  # 500 2000 10000
    python benchmarks/viewer_bench.py --sizes 500 --cap 60

For each size a KG-shaped graph (actors, places, events, claims; ~2 edges per node) is drawn
two ways in the same run: newskg's default for large graphs (positions precomputed with
networkx in Python, physics off) and the baseline, vis-network laying it out with physics in
the browser (what pyvis pages do).  Reports Python layout + page write time, time from
navigation to the first drawn frame, and a zoom redraw; the ratio is baseline / newskg.
Needs Debian's chromium and Playwright for Python.  Run by hand; never in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.view.html import render

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KINDS = ["actor", "backer", "place", "event", "claim"]
RELATIONS = {"actor": "backs", "backer": "backs", "place": "locatedIn", "event": "place", "claim": "claimant"}


def synthetic(n: int, seed: int = 3) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        kind = rng.choices(KINDS, [3, 1, 3, 2, 2])[0]
        g.add_node(
            f"n{i}",
            label=f"{kind} {i}",
            type=kind.title(),
            kind=kind,
            aliases=[f"alias {i}"],
            evidence=[{"sentence": f"Sentence about {i}.", "doc": f"d{i % 50}"}],
            lat=rng.uniform(30, 37),
            long=rng.uniform(36, 45),
        )
    hubs = [f"n{i}" for i in range(max(5, n // 50))]
    for i in range(1, n):
        node = f"n{i}"
        relation = RELATIONS[g.nodes[node]["kind"]]
        g.add_edge(node, rng.choice(hubs), relation=relation)
        if rng.random() < 0.9:
            g.add_edge(node, f"n{rng.randrange(i)}", relation=relation)
    return g


def first_draw(browser, path: Path, cap: float) -> tuple[float | None, float | None]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="commit")
    try:
        page.wait_for_selector("body[data-ready='true']", state="attached", timeout=cap * 1000)
    except Exception:
        page.close()
        return None, None
    drawn = time.perf_counter() - start
    zoom = page.evaluate("""() => new Promise(done => {
        const net = window.kgView.network, t0 = performance.now();
        net.once('afterDrawing', () => done(performance.now() - t0));
        net.moveTo({scale: net.getScale() * 1.5}); })""")
    page.close()
    return drawn, zoom / 1000


def main() -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cap", type=float, default=120.0, help="give up waiting for a first draw after this (s)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size in args.sizes:
            g = synthetic(size)
            t0 = time.perf_counter()
            ours = Path(tmp) / f"ours-{size}.html"
            ours.write_text(render(g, "auto"))
            build = time.perf_counter() - t0
            base = Path(tmp) / f"physics-{size}.html"
            base.write_text(render(g, "force"))
            ours_runs = [first_draw(browser, ours, args.cap) for _ in range(args.runs)]
            base_run = first_draw(browser, base, args.cap)  # once: it is the slow one
            draw = statistics.median(r[0] for r in ours_runs if r[0] is not None)
            zoom = statistics.median(r[1] for r in ours_runs if r[1] is not None)
            rows.append((size, g.number_of_edges(), build, draw, zoom, base_run[0]))
            print(
                f"{size} nodes: layout+page {build:.1f} s, first draw {draw:.2f} s, zoom redraw {zoom * 1000:.0f} ms;"
                f" physics baseline {'> cap' if base_run[0] is None else f'{base_run[0]:.1f} s'}",
                flush=True,
            )
        browser.close()
    print(
        "\n| nodes | edges | layout + page (Python) | first draw (newskg) | zoom redraw | first draw, "
        "in-browser physics (baseline) | baseline / newskg |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, edges, build, draw, zoom, base in rows:
        base_text = f"> {args.cap:.0f} s" if base is None else f"{base:.1f} s"
        ratio = f"> {args.cap / draw:.0f}x" if base is None else f"{base / draw:.1f}x"
        print(f"| {size:,} | {edges:,} | {build:.1f} s | {draw:.2f} s | {zoom * 1000:.0f} ms | {base_text} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
