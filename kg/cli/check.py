"""`kg check`: validate an ontology folder and the pipeline built on it, before a long build."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import say

DESCRIPTION = (
    "Load and validate every data file of the ontology folder (gazetteer, lexicons, fact specs, "
    "kg.ttl), build the pipeline on it and check its component order; print what was loaded."
)


def add_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("--ontology", metavar="DIR", help="ontology folder (default: the one shipped with newskg)")
    c.add_argument("--model", metavar="NAME", help="spaCy pipeline to check with (default: en_core_web_sm)")


def run(args: argparse.Namespace) -> int:
    from kg.builder.pipeline import check_resources

    report = check_resources(args.model, Path(args.ontology) if args.ontology else None)
    for line in report:
        print(line)
    say("ontology folder and pipeline are valid")
    return 0
