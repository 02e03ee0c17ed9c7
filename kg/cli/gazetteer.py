"""`kg gazetteer check`: find what is wrong in the curated gazetteer before it misleads a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import say

DESCRIPTION = (
    "Check the curated gazetteer of an ontology folder: names written alike by a place and an actor, "
    "coordinates outside the entry's country (against countryinfo's country outlines), entries "
    "without a described source.  Exit status 1 when anything is found."
)


def add_arguments(g: argparse.ArgumentParser) -> None:
    g.add_argument("action", choices=("check",), help="what to do with the gazetteer")
    g.add_argument("--ontology", metavar="DIR", help="ontology folder (default: the one shipped with newskg)")


def run(args: argparse.Namespace) -> int:
    from kg.resources.audit import gazetteer_problems

    problems = gazetteer_problems(Path(args.ontology) if args.ontology else None)
    for problem in problems:
        print(problem)
    if problems:
        print(f"kg: gazetteer: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    say("gazetteer: no shared names across kinds, every coordinate in its country, every entry sourced")
    return 0
