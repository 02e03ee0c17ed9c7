"""What the command modules share: the error line and argument types."""

from __future__ import annotations

import argparse
import sys


def fail(message: str, status: int = 2) -> int:
    """Say what went wrong in one line; the exit status (2: the user's to fix)."""
    print(f"kg: error: {message}", file=sys.stderr)
    return status


def say(message: str) -> None:
    """A line of the command's own report, on stderr (stdout is for results)."""
    print(f"kg: {message}", file=sys.stderr, flush=True)


def rows(text: str) -> int:
    """A number of rows (0 or more), for --limit and --offset."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows (0 or more)")
    return value


def jobs(text: str) -> int:
    """A number of worker processes; 0 means one per core."""
    from kg.builder.parallel import available_cores

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("the number of processes cannot be negative")
    return n or available_cores()


def read_query(text: str) -> str:
    """A query argument: the text itself, or a file's content when the argument names an existing
    .rq file (or any existing file, for a short one-line argument)."""
    from pathlib import Path

    from kg.core.errors import QueryError

    looks_like_path = text.endswith(".rq") or (len(text) < 256 and "\n" not in text and "{" not in text)
    if looks_like_path:
        path = Path(text)
        if path.is_file():
            return path.read_text(encoding="utf-8")
        if text.endswith(".rq"):
            raise QueryError(f"{path}: no such query file")
    return text
