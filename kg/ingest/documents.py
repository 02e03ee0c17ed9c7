"""Documents in: files, folders, standard input and JSON Lines, with their metadata.

Each input becomes a :class:`Document` whose ``text`` is exactly what was read (offsets in the
graph point into it) and whose ``clean_text`` is the same length with lost apostrophes
repaired and page furniture blanked, ready for the parser.  Inputs that cannot be read become
:class:`InputProblem` values instead of exceptions, so one bad file never stops a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

from kg.core.settings import DEFAULTS, settings
from kg.ingest.textfix import repair_apostrophes

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ROOT_MARK = "::"
"""Joins a folder the user named and a file's path below it in a source name, until the document
id is taken from it."""
# what newskg itself writes (graphs, pages, query results): a folder of articles may hold them
NOT_ARTICLES = {".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".owl", ".n3", ".html", ".htm", ".csv", ".tsv"}
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .,'/-]{1,60}?)\s*(?:,\s*\w[\w .]*\s*)?\((?P<agency>[A-Za-z .-]{2,40})\)\s*[-—–]+\s*"
)
_DATELINE_PLACE = re.compile(r"^\s*(?P<place>[A-Z][A-Z .'/-]{2,60}?)\s*(?:[-—–]{1,2}\s+|[—–])(?=[A-Z])")
"""`BEIRUT -- Syrian troops`, `YANGON—Ethnic Kachin rebels` (a dash alone needs no space; a hyphen does)."""
_DATE_LINE = re.compile(r"^\s*(?:date|published|dateline)[:\s]+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE | re.MULTILINE)
NEWS_CODE_PAGES = ("cp1252", "cp1256", "cp1251", "cp1253", "cp1255", "cp1254", "cp1250")
"""Windows code pages of the world's legacy news text (Western, Arabic, Cyrillic, Greek, Hebrew,
Turkish, Central European), tried beside charset-normalizer's guess, which for a short text is
often a stranger one (cp775 for French, cp932 for Arabic)."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class Document:
    """One news article: original text, the parser's text and what we know about it."""

    doc_id: str
    text: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    path_id: str | None = None
    """The file's path from the folder named, without extension (`news/a/report`): its id when
    another file of the same name took the plain name (the id is the file name otherwise)."""
    locale: str | None = None
    """The outlet's locale (`en-US`, `en-GB`), when the metadata gives it: how to read `03/05/2020`."""
    source: str | None = None
    dateline_places: list[str] = field(default_factory=list)
    clean_text: str = ""

    @property
    def sha256(self) -> str:
        """Content hash: a store skips a document whose text it already holds."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read, and why, for one line on stderr."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read_inputs(
    paths: Iterable[str | Path], split_words: tuple[str, ...] = (), boilerplate: tuple[str, ...] = ()
) -> Iterator[Document | InputProblem]:
    """Yield a Document (or an InputProblem) for every article under the given paths."""
    seen: set[str] = set()
    for raw in paths:
        for item in _expand(str(raw)):
            if isinstance(item, InputProblem):
                yield item
                continue
            source, data = item
            for result in [data] if isinstance(data, Document) else _parse(source, data):
                if isinstance(result, Document):
                    if result.doc_id in seen and result.path_id:
                        # another file of the same name: its path below the folder named tells it apart
                        result.doc_id = result.path_id
                    if result.doc_id in seen:
                        where = result.source or source.replace(ROOT_MARK, "/")
                        yield InputProblem(where, f"duplicate document id {result.doc_id!r}; skipped")
                        continue
                    seen.add(result.doc_id)
                    prepare(result, split_words, boilerplate)
                yield result


def _expand(path: str, root: Path | None = None) -> Iterator[tuple[str, bytes | Document] | InputProblem]:
    """Every article file under `path`: `root` is the folder the user named, so that a document's
    id is its path below that folder (`a/report`, `b/report` stay two documents)."""
    if path == "-":
        try:
            yield "<stdin>", _read_stdin()
        except InputTooLarge as exc:
            yield InputProblem("<stdin>", str(exc))
        return
    p = Path(path)
    if p.is_dir():
        files = list(_files_under(p))
        if not files:
            yield InputProblem(path, "folder holds no files")
        for f in files:
            if f.suffix.lower() in NOT_ARTICLES:
                yield InputProblem(str(f), f"a {f.suffix} file is output, not an article; skipped")
            else:
                yield from _expand(str(f), root or p)
        return
    if not p.exists():
        yield InputProblem(path, "no such file or folder")
        return
    try:
        if p.suffix.lower() in JSONL_SUFFIXES:
            yield from _stream_jsonl(str(p), p)
        else:
            yield _file_source(p, root), _read_capped(p)
    except OSError as exc:
        yield InputProblem(path, f"cannot be read ({exc.strerror or exc})")
    except InputTooLarge as exc:
        yield InputProblem(path, str(exc))


def _files_under(folder: Path) -> Iterator[Path]:
    """Files below `folder` in name order, following symlinked folders once each (a link back up
    the tree is not followed again), hidden files left out."""
    seen: set[str] = set()
    for here, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(here, name).is_file():
                yield Path(here, name)


def _file_source(path: Path, root: Path | None) -> str:
    """The file's name as given, and, below a folder the user named, as `ROOT::a/report.txt` so the
    document id can be its path below that folder."""
    return f"{root}{ROOT_MARK}{path.relative_to(root).as_posix()}" if root else str(path)


class InputTooLarge(Exception):
    """A single input over the size setting (`max_input_bytes`)."""


def _read_capped(path: Path) -> bytes:
    """The file's bytes, read no further than the size limit (a device such as /dev/zero has no
    size to check beforehand)."""
    with path.open("rb") as stream:
        return _capped(stream, "over the {limit:,}-byte limit per file (max_input_bytes)")


def _read_stdin() -> bytes:
    return _capped(sys.stdin.buffer, "standard input is over the {limit:,}-byte limit (max_input_bytes)")


def _capped(stream, message: str) -> bytes:
    limit = settings().max_input_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(message.format(limit=limit))
    return data


def _stream_jsonl(source: str, path: Path) -> Iterator[tuple[str, Document] | InputProblem]:
    """A JSON Lines file a line at a time: a year of wire copy in one file never sits in memory,
    and no line is read past the size limit (one article per line: `max_input_bytes`)."""
    empty = True
    with path.open("rb") as lines:
        for number, raw in enumerate(_capped_lines(lines, settings().max_input_bytes), start=1):
            if raw is None:
                limit = settings().max_input_bytes
                yield InputProblem(
                    f"{source}:{number}", f"line over the {limit:,}-byte limit (max_input_bytes); skipped"
                )
                continue
            if not raw.strip():
                continue
            empty = False
            where = f"{source}:{number}"
            line = decode(raw)
            if line is None:
                yield InputProblem(where, "text encoding could not be detected")
                continue
            for result in _jsonl_row(where, line):
                yield result if isinstance(result, InputProblem) else (source, result)
    if empty:
        yield InputProblem(source, "empty file")


def _capped_lines(stream, limit: int) -> Iterator[bytes | None]:
    """The stream's lines, each read no further than `limit` bytes; None for a longer one (the
    rest of it is skipped a limit's worth at a time, so memory stays bounded)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or (line.endswith(b"\n") and len(line) == limit + 1):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(limit + 1)
        yield None


def _parse(source: str, data: bytes) -> Iterator[Document | InputProblem]:
    suffix = Path(source).suffix.lower()
    shown = source.replace(ROOT_MARK, "/")
    if not data.strip():
        yield InputProblem(shown, "empty file")
        return
    if _looks_binary(data):
        yield InputProblem(shown, "binary file, not text")
        return
    text, note = decode_noting(data)
    if text is None:
        yield InputProblem(shown, "text encoding could not be detected")
        return
    if not text.strip():  # a byte-order mark and nothing after it
        yield InputProblem(shown, "empty file")
        return
    if suffix in JSONL_SUFFIXES or (source == "<stdin>" and text.lstrip().startswith("{")):
        yield from _parse_jsonl(source, text)
        return
    path_id = None
    if ROOT_MARK in source:
        root, relative = source.split(ROOT_MARK, 1)
        source = str(Path(root) / relative)
        path_id = (Path(Path(root).resolve().name) / relative).with_suffix("").as_posix()
    doc_id = "stdin" if source == "<stdin>" else Path(source).stem
    if note:
        yield InputProblem(source, note)
    yield Document(doc_id=doc_id, text=text, source=source, path_id=path_id or Path(source).with_suffix("").as_posix())


def _parse_jsonl(source: str, text: str) -> Iterator[Document | InputProblem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield from _jsonl_row(f"{source}:{number}", line)


def _jsonl_row(where: str, line: str) -> Iterator[Document | InputProblem]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputProblem(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(row, dict) or not str(row.get("id", "")).strip() or not isinstance(row.get("text"), str):
        yield InputProblem(where, "a JSON Lines article needs a non-empty 'id' and a string 'text'")
        return
    if not row["text"].strip():
        yield InputProblem(where, f"article {row['id']!r} has empty text")
        return
    fields, problems = _metadata(row)
    report_date = _iso_date(fields.get("date"), month_first=is_month_first(fields.get("locale")))
    if fields.get("date") and not report_date:
        problems.append(f"date {fields['date'][:40]!r} is not a date; the article goes in undated")
    for problem in problems:
        yield InputProblem(where, problem)
    yield Document(
        doc_id=str(row["id"]).strip(),
        text=row["text"],
        title=fields.get("title"),
        date=report_date,
        publisher=fields.get("publisher"),
        url=fields.get("url"),
        locale=fields.get("locale"),
        source=where,
    )


METADATA = ("title", "date", "publisher", "url", "locale")


def _metadata(row: dict) -> tuple[dict[str, str], list[str]]:
    """A JSON Lines article's metadata as text: numbers become text, anything else (a list, an
    object) or an over-long value is left out with a message; the article always goes in."""
    fields: dict[str, str] = {}
    problems: list[str] = []
    limit = DEFAULTS.max_field_chars
    for name in METADATA:
        value = row.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            problems.append(f"field {name!r} is {type(value).__name__}, not text; left out")
            continue
        text = str(value).strip()
        if len(text) > limit:
            problems.append(f"field {name!r} is {len(text):,} characters, over {limit:,}; left out")
            continue
        if text:
            fields[name] = text
    return fields, problems


def is_month_first(locale: str | None) -> bool:
    """Whether the outlet writes numeric dates month first (lexicon `dates.month_first_locales`)."""
    from kg.resources.lexicon import Lexicon

    month_first = Lexicon.load(None).words("dates", "month_first_locales")
    return (locale or "").strip().lower() in month_first


def _looks_binary(data: bytes) -> bool:
    if data.startswith(tuple(bom for bom, _ in BOMS)):
        return False
    head = data[:4096]
    if b"\x00" in head:  # UTF-16/32 text opens with a byte-order mark, handled above
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(head) * 0.05


BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)


def decode(data: bytes) -> str | None:
    """The text of `data` (see decode_noting), without the note."""
    return decode_noting(data)[0]


def decode_noting(data: bytes) -> tuple[str | None, str | None]:
    """The text, and a note when it had to be repaired: a byte-order mark says the encoding
    (UTF-8, UTF-16, UTF-32); else strict UTF-8; else UTF-8 with a few bad bytes replaced when the
    rest is plainly UTF-8; else charset-normalizer's guess, checked: short Latin-script text fits
    several code pages equally, and news in Latin script is cp1252 far more often than the rest."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), None
            except UnicodeDecodeError:
                return None, None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    multibyte = sum(1 for c in repaired if ord(c) > 127) - bad
    if multibyte >= bad and bad <= max(3, len(repaired) // 1000):
        return repaired, f"{bad} byte(s) not valid UTF-8 replaced with U+FFFD"
    best = from_bytes(data).best()
    candidates = dict.fromkeys([NEWS_CODE_PAGES[0], *([best.encoding] if best else []), *NEWS_CODE_PAGES[1:]])
    readings = []
    for order, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        readings.append((_plausibility(text), -order, text))
    return (max(readings)[2], None) if readings else (None, None)


_WORD = re.compile(r"[^\W\d_]+")


def _plausibility(text: str) -> int:
    """How much a decoding reads like words of a writing system.  A wrong code page turns the same
    bytes into words that no script writes: letters of two scripts in one word, a Latin word of
    accented letters only (`ÇáÌÒíÑÉ` for Arabic), case changing mid-word (`ЗбМТнСЙ`), and symbols
    or control codes between them.  A right one gives Arabic or Cyrillic words, or Latin words
    with a few accents (`café`)."""
    score = 0
    for word in _WORD.findall(text):
        foreign = [c for c in word if not c.isascii()]
        if not foreign:
            continue
        scripts = {unicodedata.name(c, "?").split()[0] for c in foreign}
        odd_case = any(c.isupper() or c.islower() for c in word) and not (
            word.islower() or word.isupper() or word.istitle()
        )
        latin_only_accents = scripts == {"LATIN"} and len(word) >= 3 and len(foreign) == len(word)
        score += -2 * len(word) if len(scripts) > 1 or odd_case or latin_only_accents else len(foreign)
    symbols = sum(1 for c in text if not c.isascii() and unicodedata.category(c)[0] in "SC")
    return score - 2 * symbols


def _iso_date(value: object, month_first: bool = False) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text[:10]).isoformat()  # only real days: not 2017-02-30
        except ValueError:
            return None
    import dateparser

    order = "MDY" if month_first else "DMY"
    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": order})
    return parsed.date().isoformat() if parsed else None


# ---- metadata found in the text ---------------------------------------------------------------
def prepare(doc: Document, split_words: tuple[str, ...] = (), boilerplate: tuple[str, ...] = ()) -> Document:
    """Fill date, publisher and title from the text; build the parser's same-length text."""
    text = doc.text
    masked = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if masked[i] not in "\n\r":
                masked[i] = " "

    date_match = _DATE_LINE.search(text[:400])
    if date_match:
        doc.date = doc.date or _iso_date(date_match.group(1))  # `date 2017-02-30` is no date
        blank(date_match.start(), date_match.end())
    lines = _lines(text)
    _read_dateline(doc, text, blank)
    _read_masthead(doc, lines, blank)
    patterns = [re.compile(p) for p in boilerplate]
    for start, end, line in lines:
        if any(p.match(line.strip()) for p in patterns):
            blank(start, end)
    doc.clean_text = repair_apostrophes("".join(masked), split_words)
    return doc


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        out.append((pos, pos + len(stripped), stripped))
        pos += len(line)
    return out


def _read_dateline(doc: Document, text: str, blank) -> None:
    """`BEIRUT/ERBIL (Reuters) -`: the agency is the publisher, the places are where it was filed.
    The dateline opens the story, which may come after a headline and a byline."""
    lines = _lines(text)[:12]
    for start, _end, line in lines:
        match = _DATELINE.match(line)
        if match:
            doc.publisher = doc.publisher or match.group("agency").strip()
            doc.dateline_places = [p.strip().title() for p in re.split(r"[/,]", match.group("place")) if p.strip()]
            blank(start + match.start(), start + match.end())
            return
    for start, _end, line in lines:
        match = _DATELINE_PLACE.match(line)
        if match and match.group("place").strip().isupper():
            doc.dateline_places = [p.strip().title() for p in match.group("place").split("/") if p.strip()]
            blank(start + match.start(), start + match.end())
            return


def _read_masthead(doc: Document, lines: list[tuple[int, int, str]], blank) -> None:
    """A short Title Case first line followed by a blank line is a masthead (`Houston Chronicle`);
    the next such line is the headline."""
    content = [(s, e, line) for s, e, line in lines if line.strip()]
    if len(content) < 3:
        return
    start, end, first = content[0]
    words = first.split()
    first_index = next(i for i, row in enumerate(lines) if row[0] == start)
    followed_by_blank = first_index + 1 < len(lines) and not lines[first_index + 1][2].strip()
    if (
        1 <= len(words) <= 5
        and all(w[0].isupper() for w in words if w[0].isalpha())
        and not first.rstrip().endswith((".", ":", "?", "!"))
        and followed_by_blank
    ):
        doc.publisher = doc.publisher or first.strip()
        blank(start, end)
        if doc.title is None:
            title = content[1][2].strip()
            if len(title.split()) <= 25 and not title.endswith("."):
                doc.title = title
