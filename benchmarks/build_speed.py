"""Build speed against bare spaCy, and peak memory on a large generated corpus.

    python benchmarks/build_speed.py                      # ~100k words, 3 runs each
    python benchmarks/build_speed.py --runs 5 --words 200000
    python benchmarks/build_speed.py --articles 100000    # add the memory run (long)
    python benchmarks/build_speed.py --compare-with f4ee804   # also time an older newskg, same runs

Speed: the seed articles repeated to about --words words (benchmarks/corpus.py).  Each run
starts a fresh process, as a user does, and is timed on the wall clock from start to exit:

* bare spaCy: load the same model, `nlp.pipe` the same cleaned texts with the batch size
  newskg uses (spaCy's default of 1000 is slower here and peaks near 2 GB), nothing else;
* `kg build CORPUS -o graph.nq --jobs 1` and `--jobs 2`;
* with `--compare-with REV`, `kg build --jobs 1` of that git revision (its source exported to a
  temporary folder and imported from there, with its own ontology folder), so a refactor's
  speed is compared with the code before it in the same interleaved runs.

Runs are interleaved (bare, jobs 1, jobs 2, bare, ...) so a slow moment of the machine hits all
three; medians are reported with words/s and ratios.  The graphs of --jobs 1 and 2 are compared.

Memory: --articles N generated articles (JSON Lines) built into a store with --jobs 2; the peak
of the summed resident memory of the build and its workers is sampled every 0.2 s.
Run by hand; timings are never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ROOT, generated_articles, repeated_seeds

BARE_SPACY = """
import sys
from kg.builder.local import load_documents
from kg.builder.pipeline import load_model
from kg.builder.parallel import BATCH_DOCS
texts = [d.clean_text for d in load_documents(sys.argv[1:])]
nlp = load_model()
for _ in nlp.pipe(texts, batch_size=BATCH_DOCS):
    pass
"""


def timed(command: list[str], env: dict[str, str] | None = None, shared: bool = False) -> tuple[float, int]:
    """Wall seconds and peak summed RSS (bytes) of `command` and its children; with `shared`,
    the peak summed PSS instead, which counts a page the forked workers share with the build
    once (split among them) where RSS counts it in each."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    done = threading.Event()

    def size(process: psutil.Process) -> int:
        return process.memory_full_info().pss if shared else process.memory_info().rss

    def sample() -> None:
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [parent, *parent.children(recursive=True)]
                peak[0] = max(peak[0], sum(size(p) for p in tree if p.is_running()))
            except psutil.Error:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode()}")
    return elapsed, peak[0]


# `kg` from $PYTHONPATH even when this newskg is an editable install (whose import hook would
# otherwise win over the path) or the current folder is a checkout.
OLDER_KG = """
import runpy, sys
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", repr(f))]
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
sys.argv[0] = "kg"
runpy.run_module("kg", run_name="__main__")
"""


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args, "--no-progress"]


def exported(revision: str, folder: Path) -> dict[str, str]:
    """The source of `revision` in `folder`; the environment that runs it instead of this one."""
    folder.mkdir()
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return {**os.environ, "PYTHONPATH": str(folder), "NEWSKG_ONTOLOGY": str(folder / "ontology")}


def speed(words_target: int, runs: int, compare_with: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        paths = repeated_seeds(folder, words_target)
        from kg.builder.local import load_documents

        words = sum(d.words for d in load_documents([folder]))
        commands = {
            "bare spaCy nlp.pipe": [sys.executable, "-c", BARE_SPACY, str(folder)],
            "kg build --jobs 1": kg_command("build", str(folder), "-o", f"{tmp}/jobs1.nq", "--jobs", "1"),
            "kg build --jobs 2": kg_command("build", str(folder), "-o", f"{tmp}/jobs2.nq", "--jobs", "2"),
        }
        environments: dict[str, dict[str, str] | None] = dict.fromkeys(commands)
        if compare_with:
            older = f"kg build --jobs 1 at {compare_with}"
            commands[older] = [
                sys.executable,
                "-c",
                OLDER_KG,
                *kg_command("build", str(folder), "-o", f"{tmp}/older.nq", "--jobs", "1")[3:],
            ]
            environments[older] = exported(compare_with, Path(tmp) / "older")
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, int] = dict.fromkeys(commands, 0)
        for run in range(runs):
            for name, command in commands.items():
                elapsed, peak = timed(command, environments[name])
                seconds[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
                print(f"  run {run + 1}: {name}: {elapsed:.2f} s", file=sys.stderr)
        same = set(ox.parse(path=f"{tmp}/jobs1.nq")) == set(ox.parse(path=f"{tmp}/jobs2.nq"))
        print(f"\ncorpus: {len(paths)} articles (the 4 seeds repeated), {words:,} words; {runs} runs, medians")
        print("| run | median s | words/s | vs bare spaCy | vs --jobs 1 | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|")
        base = statistics.median(seconds["bare spaCy nlp.pipe"])
        one = statistics.median(seconds["kg build --jobs 1"])
        for name, values in seconds.items():
            median = statistics.median(values)
            print(
                f"| {name} | {median:.2f} | {words / median:,.0f} | {base / median:.2f}x | "
                f"{one / median:.2f}x | {peaks[name] / 2**20:,.0f} MiB |"
            )
        print(f"\n--jobs 1 and --jobs 2 graphs identical: {same}")
        paired = [b / k for b, k in zip(seconds["bare spaCy nlp.pipe"], seconds["kg build --jobs 1"], strict=True)]
        print(  # each pair ran back to back, so a slow spell of the shared machine mostly cancels out
            f"--jobs 1 vs bare spaCy, run by run: {', '.join(f'{r:.2f}' for r in paired)}; "
            f"median {statistics.median(paired):.2f}x"
        )
        if compare_with:
            versus = [o / k for o, k in zip(seconds[older], seconds["kg build --jobs 1"], strict=True)]
            print(
                f"--jobs 1 vs {compare_with}, run by run: {', '.join(f'{r:.2f}' for r in versus)}; "
                f"median {statistics.median(versus):.2f}x (above 1: this tree is faster)"
            )


def memory(articles: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        words = generated_articles(corpus, articles)
        store = Path(tmp) / "store"
        command = kg_command("build", str(corpus), "--store", str(store), "--jobs", str(jobs))
        elapsed, peak = timed(command)
        size = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
        shutil.rmtree(store)
        _, pss = timed(command, shared=True)  # a second build, sampled for what the processes share
        print(f"\nmemory: {articles:,} generated articles, {words:,} words, store build --jobs {jobs}")
        print("| articles | words | wall | words/s | peak RSS (build + workers) | peak PSS (same) | store on disk |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        print(
            f"| {articles:,} | {words:,} | {elapsed / 60:.1f} min | {words / elapsed:,.0f} | "
            f"{peak / 2**30:.2f} GiB | {pss / 2**30:.2f} GiB | {size / 2**30:.2f} GiB |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=100_000, help="speed corpus size (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument("--articles", type=int, default=0, help="also measure memory on N generated articles")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the memory run (default 2)")
    parser.add_argument("--skip-speed", action="store_true", help="only the memory run")
    parser.add_argument("--compare-with", metavar="REV", help="also time `kg build --jobs 1` of this git revision")
    args = parser.parse_args()
    cpu = platform.processor() or platform.machine()
    ram = psutil.virtual_memory().total / 2**30
    python = platform.python_version()
    print(f"machine: {platform.system()} {cpu}, {os.cpu_count()} cores, {ram:.0f} GiB, Python {python}")
    if not args.skip_speed:
        speed(args.words, args.runs, args.compare_with)
    if args.articles:
        memory(args.articles, args.jobs)


if __name__ == "__main__":
    main()
