"""The README's viewer screenshots, taken in headless Chromium (run by hand, never in tests).

    python docs/make_screenshots.py seeds out/seeds.ttl
    python docs/make_screenshots.py news-1000 /tmp/news1000.ttl

For a graph (a file or a store), writes docs/viewer-NAME.png (the page as it opens) and
docs/viewer-NAME-geo.png (`--layout geo`), 1400 x 900 pixels.  Needs Debian's chromium and
Playwright for Python.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> int:
    from playwright.sync_api import sync_playwright

    import kg

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("name", help="names the pictures: docs/viewer-NAME.png and docs/viewer-NAME-geo.png")
    ap.add_argument("graph", type=Path, help="a graph file or store")
    args = ap.parse_args()
    graph = kg.load(args.graph)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for suffix, layout in (("", "auto"), ("-geo", "geo")):
            page_path = graph.to_html(Path(tmp) / f"{layout}.html", layout=layout)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(page_path.resolve().as_uri())
            page.wait_for_selector("body[data-ready='true']", state="attached", timeout=180_000)
            out = DOCS / f"viewer-{args.name}{suffix}.png"
            page.screenshot(path=str(out))
            print(out)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
