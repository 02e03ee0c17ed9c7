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


MAX_ROWS = 10**12
"""More rows than any store holds; a larger --limit or --offset is a typo, not a request."""


def rows(text: str) -> int:
    """A number of rows (0 or more), for --limit and --offset."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows (0 or more)")
    if value > MAX_ROWS:
        raise argparse.ArgumentTypeError(
            f"{text} is more rows than any graph holds (at most {MAX_ROWS:,}; --all for every row)"
        )
    return value


def _count(text: str, things: str) -> int:
    """A whole number of `things`, 0 or more, or argparse's one-line usage error."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of {things}: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"a number of {things} cannot be negative")
    return n


def days(text: str) -> int:
    """A number of days (0 or more)."""
    return _count(text, "days")


def jobs(text: str) -> int:
    """A number of worker processes; 0 means one per core."""
    from kg.builder.parallel import available_cores

    return _count(text, "processes") or available_cores()


def read_query(text: str) -> str:
    """A query argument: the text itself, or a file's content when the argument is the name of an
    existing .rq file.  Nothing else is ever taken as a path, so a long one-line query is a query
    (`--file` reads a file of any name)."""
    from pathlib import Path

    if text.strip().lower().endswith(".rq") and "\n" not in text and len(text) < 1024:
        return read_query_file(Path(text.strip()))
    return text


def read_query_file(path) -> str:
    """A query file's text; a missing or unreadable one is one line naming it."""
    from kg.core.errors import QueryError

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: not a readable query file ({exc})") from None
