"""`kg build`: read articles and write their graph to a file or a store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import days, fail, jobs, say
from kg.core.settings import DEFAULTS

DESCRIPTION = (
    "Read news articles (files, folders, '-' for stdin, JSON Lines) and write their knowledge graph "
    "to a file (-o) or add it to a store (--store)."
)


def add_arguments(b: argparse.ArgumentParser) -> None:
    b.add_argument("paths", nargs="+", metavar="PATH", help="article file, folder (recursive), .jsonl, or '-'")
    out = b.add_mutually_exclusive_group(required=True)
    out.add_argument(
        "-o", "--output", metavar="OUT", help="graph file; format from extension: .ttl .nt .trig .nq .jsonld"
    )
    out.add_argument("--store", metavar="DIR", help="persistent store folder to add to (created if missing)")
    b.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (default: en_core_web_sm)")
    b.add_argument("--ontology", metavar="DIR", help="ontology folder (default: the one shipped with newskg)")
    b.add_argument(
        "-j",
        "--jobs",
        type=jobs,
        default=1,
        metavar="N",
        help="worker processes for extraction, each with its own model (0: one per core; default 1)",
    )
    b.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help="run extraction here (default) or as a PySpark job (needs newskg[spark] and Java)",
    )
    b.add_argument("--master", metavar="URL", help="Spark master for --engine spark (default: local[*])")
    b.add_argument(
        "--staging",
        metavar="DIR",
        help="--engine spark: folder for the partitions' N-Quads, on a file system the driver and every "
        "executor reach (default: a temporary folder, enough for local[N])",
    )
    b.add_argument(
        "--event-window",
        type=days,
        metavar="DAYS",
        help="reports of the same type of event at the same place, with agreeing sides, dated at most "
        f"DAYS apart are one event (default: {DEFAULTS.event_window_days})",
    )
    b.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from kg.store.engine import format_for

    if (args.master or args.staging) and args.engine != "spark":
        return fail("--master and --staging are for --engine spark")
    if args.output:
        format_for(args.output)  # before any work: a bad extension is known at once
    ontology = Path(args.ontology) if args.ontology else None
    if args.engine == "spark":
        return _build_with_spark(args, ontology)
    from tqdm import tqdm

    show = not args.no_progress and sys.stderr.isatty()
    with tqdm(unit="word", unit_scale=True, desc="extracting", disable=not show, file=sys.stderr) as bar:
        options = {
            "model": args.model,
            "ontology_dir": ontology,
            "jobs": args.jobs,
            "on_progress": bar.update,
            "event_window": args.event_window,
        }
        if args.store:
            return _build_store(args, options)
        from kg.builder.local import build_file

        output = Path(args.output)
        count = build_file(args.paths, output, **options)
    say(f"{count} documents -> {output}")
    return 0


def _build_store(args: argparse.Namespace, options: dict) -> int:
    from kg.builder.into_store import add_to_store

    on_added = (lambda doc_id: say(f"stored {doc_id}")) if args.verbose else None
    report = add_to_store(args.paths, Path(args.store), on_added=on_added, **options)
    print(report, file=sys.stderr)
    return 0


def _build_with_spark(args: argparse.Namespace, ontology: Path | None) -> int:
    from kg.builder.spark import build_with_spark

    summary = build_with_spark(
        args.paths,
        output=Path(args.output) if args.output else None,
        store=Path(args.store) if args.store else None,
        master=args.master or "local[*]",
        staging=Path(args.staging) if args.staging else None,
        model=args.model,
        ontology_dir=ontology,
        event_window=args.event_window,
    )
    say(f"spark: {summary}")
    return 0
