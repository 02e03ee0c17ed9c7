"""Every failure a user can fix, as one exception family.

`KGError` is the root: a notebook catches it, and the `kg` command turns it into one line
(`kg: error: ...`) and exit status 2, never a traceback.  Each subclass also inherits the builtin
that older callers caught (`ValueError`, `FileNotFoundError`, `RuntimeError`), so an
`except ValueError` written before this module existed still works.  Bugs are not KGErrors:
they keep their traceback.

Who raises what, and who should catch it:

* `InputError`: ingest, when no input can be read at all (one bad file is only reported);
  `NothingToBuild` is its most common case.  Caught by the CLI.
* `ResourceError`: resources, when an ontology file (gazetteer, lexicon, fact specs) breaks its
  schema; the message names the file and the entry.  Fix the file.
* `ModelNotFound`: build, when no spaCy pipeline is installed.
* `GraphNotFound`: store, when a path is neither a graph file nor a store.
* `UnsupportedFormat`: an output file's extension names no format newskg writes.
* `QueryError`: query and store, for bad SPARQL, a bad binding or an unknown saved query.
* `ViewerError`: view, for a bad `--query`, `--focus` or layout.
* `SparkUnavailable`: build, when PySpark or Java is missing or Spark fails.
* `ServeError`: serve, when the endpoint cannot listen (a port in use, an address not ours).
"""

from __future__ import annotations


class KGError(Exception):
    """The root of newskg's user-facing errors: the message says what to change."""


class InputError(KGError, ValueError):
    """The inputs given could not be read."""


class NothingToBuild(InputError):
    """No document could be read from the inputs."""


class ResourceError(KGError, ValueError):
    """An ontology, gazetteer, lexicon or fact-spec file breaks its schema."""


class ModelNotFound(KGError, RuntimeError):
    """No usable spaCy pipeline is installed."""


class GraphNotFound(KGError, FileNotFoundError):
    """The path is neither a graph file nor a store."""


class UnsupportedFormat(KGError, ValueError):
    """The output file's extension names no format newskg writes."""


class QueryError(KGError, ValueError):
    """Bad SPARQL, a missing saved query, or a bad binding: the message says which and where."""


class ViewerError(KGError, ValueError):
    """A bad --query, --focus or layout for the viewer."""


class SparkUnavailable(KGError, RuntimeError):
    """PySpark (the `newskg[spark]` extra) or Java is missing, or Spark failed to start."""


class ServeError(KGError, OSError):
    """The endpoint cannot listen where it was asked to."""


class StaleSummaryWarning(UserWarning):
    """A store's tallies predate some of its documents; the aggregate queries lag behind."""


__all__ = [
    "GraphNotFound",
    "InputError",
    "KGError",
    "ModelNotFound",
    "NothingToBuild",
    "QueryError",
    "ResourceError",
    "SparkUnavailable",
    "StaleSummaryWarning",
    "UnsupportedFormat",
    "ViewerError",
]
