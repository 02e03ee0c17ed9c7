"""Time to first draw and frame time when panning, of the HTML viewer in headless Chromium.

    python benchmarks/viewer_bench.py                     # 1000 5000 50000 nodes
    python benchmarks/viewer_bench.py --sizes 5000 --runs 1

For each size a knowledge-graph-shaped graph (tests/synthetic.py: actors, places, events,
claims, documents, with dates, statuses and evidence) is drawn two ways in the same run:
newskg's page as it opens (positions computed in Python, physics off, and past
`Settings.overview_limit` nodes an overview whose groups open on a click) and the baseline, the
same page with every node drawn (no overview).  Reports Python layout + page time, the time from
navigation to the first drawn frame, and the median frame time over 12 pans; the ratios are
baseline / newskg.  Needs Debian's chromium and Playwright for Python.  Run by hand; never in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from synthetic import kg_shaped_graph  # noqa: E402

from kg.view.html import render  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAN = """() => new Promise(done => {
    const net = window.kgView.network, times = [];
    let i = 0;
    function step() {
        const t0 = performance.now();
        net.once('afterDrawing', () => { times.push(performance.now() - t0); if (++i < 12) step(); else done(times); });
        const p = net.getViewPosition();
        net.moveTo({position: {x: p.x + 40 / net.getScale(), y: p.y}, animation: false});
    }
    step();
})"""


def first_draw(browser, path: Path, cap: float) -> tuple[float | None, float | None, int]:
    """Seconds to the first drawn frame, median pan frame (s), and nodes drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="commit")
    try:
        page.wait_for_selector("body[data-ready='true']", state="attached", timeout=cap * 1000)
    except Exception:
        page.close()
        return None, None, 0
    drawn = time.perf_counter() - start
    frames = page.evaluate(PAN)
    nodes = page.evaluate("window.kgView.drawn().nodes")
    page.close()
    return drawn, statistics.median(frames) / 1000, nodes


def main() -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 50000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cap", type=float, default=180.0, help="give up waiting for a first draw after this (s)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size in args.sizes:
            g = kg_shaped_graph(size)
            t0 = time.perf_counter()
            ours = Path(tmp) / f"ours-{size}.html"
            ours.write_text(render(g, "auto"))
            build = time.perf_counter() - t0
            base = Path(tmp) / f"whole-{size}.html"
            base.write_text(render(g, "auto", overview=False))
            ours_runs = [first_draw(browser, ours, args.cap) for _ in range(args.runs)]
            base_run = first_draw(browser, base, args.cap)  # once: it is the slow one
            draw = statistics.median(r[0] for r in ours_runs if r[0] is not None)
            pan = statistics.median(r[1] for r in ours_runs if r[1] is not None)
            rows.append((size, g.number_of_edges(), build, ours_runs[0][2], draw, pan, base_run))
            whole = "> cap" if base_run[0] is None else f"{base_run[0]:.2f} s, pan {base_run[1] * 1000:.0f} ms"
            print(
                f"{size} nodes: layout+page {build:.1f} s, {ours_runs[0][2]} drawn, first draw {draw:.2f} s, "
                f"pan frame {pan * 1000:.0f} ms; whole graph: first draw {whole}",
                flush=True,
            )
        browser.close()
    print(
        "\n| nodes | edges | layout + page | drawn at first | first draw | pan frame | whole graph: first draw |"
        " pan frame | ratio first draw | ratio pan |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, edges, build, drawn, draw, pan, (bdraw, bpan, _) in rows:
        if bdraw is None:
            whole = f"> {args.cap:.0f} s | - | > {args.cap / draw:.0f}x | -"
        else:
            whole = f"{bdraw:.2f} s | {bpan * 1000:.0f} ms | {bdraw / draw:.1f}x | {bpan / pan:.1f}x"
        print(f"| {size:,} | {edges:,} | {build:.1f} s | {drawn:,} | {draw:.2f} s | {pan * 1000:.0f} ms | {whole} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
