"""F1 on news from outside Syria and Iraq: the 30 VOA reports of benchmarks/world/, per region.

    python benchmarks/world_f1.py                 # every region with reports, and all together
    python benchmarks/world_f1.py --regions asia

Builds a graph of each region's reports (and of all of them) with `kg build`, and scores it with
the shared scorer (../shared/eval/score.py) against the hand-made gold of benchmarks/world/
gold.json restricted to that region: an entity group counts as required where one of its names
occurs in the region's texts (a government named only as `the government` where its country
does), a pair where both of its groups occur, a claim by its document.  Run by hand after
changes to extraction; the gold is never edited to fit the output.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORLD = ROOT / "benchmarks" / "world"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
PAIRS = ("backs", "captures", "located_in")


def occurs(name: str, text: str) -> bool:
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(name) + r"(?![A-Za-z0-9])", text, re.IGNORECASE) is not None


def region_gold(gold: dict, articles: dict[str, dict], docs: list[str], name: str) -> dict:
    """The gold for the documents `docs`, as the module docstring says."""
    text = "\n".join(articles[d]["title"] + "\n" + articles[d]["text"] for d in docs)
    present = {e["id"] for e in gold["entities"] if any(occurs(alias, text) for alias in e["aliases"])}
    present |= {e["id"] for e in gold["entities"] if e["id"].endswith("_GOV") and e["id"][:-4] in present}
    both = lambda pairs: [p for p in pairs if p[0] in present and p[1] in present]  # noqa: E731
    return {
        **gold,
        "corpus": f"{gold['corpus']}:{name}",
        "documents": docs,
        "document_dates": {d: gold["document_dates"][d] for d in docs if d in gold["document_dates"]},
        "entities": [{**e, "required": bool(e["required"] and e["id"] in present)} for e in gold["entities"]],
        **{key: {part: both(pairs) for part, pairs in gold[key].items()} for key in PAIRS},
        "claims": {part: [c for c in claims if c["doc"] in docs] for part, claims in gold["claims"].items()},
    }


def score(name: str, docs: list[str], articles: dict[str, dict], gold: dict, tmp: Path) -> str:
    corpus, graph, gold_path = tmp / f"{name}.jsonl", tmp / f"{name}.ttl", tmp / f"{name}.gold.json"
    corpus.write_text("".join(json.dumps(articles[d]) + "\n" for d in docs), encoding="utf-8")
    gold_path.write_text(json.dumps(region_gold(gold, articles, docs, name)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(graph)], check=True, cwd=ROOT)
    result = subprocess.run(
        [sys.executable, str(SCORER), str(graph), "--gold", str(gold_path), "--ontology", str(ROOT / "ontology")],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--regions", nargs="*", help="regions to score (default: every region with reports, then all)")
    args = ap.parse_args()
    articles = {a["id"]: a for a in map(json.loads, (WORLD / "articles.jsonl").open(encoding="utf-8"))}
    gold = json.loads((WORLD / "gold.json").read_text(encoding="utf-8"))
    regions = json.loads((WORLD / "regions.json").read_text(encoding="utf-8"))
    wanted = args.regions or [*sorted(set(regions.values())), "all"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in wanted:
            docs = list(articles) if name == "all" else [d for d, r in regions.items() if r == name]
            print(f"{name} ({len(docs)} reports): {score(name, docs, articles, gold, Path(tmp))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
