"""Subcommands added by later modules (query, serve, html)."""

from __future__ import annotations


def register(sub) -> None:
    """Attach further subcommands to the `kg` parser."""
    return None
