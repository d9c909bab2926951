"""Reports as the extractor reads them: a typed record, read from files, HTML and Markdown reduced to
text, site boilerplate dropped.

Input is checked once, here: a missing file, binary data, text that is not UTF-8, a JSON lines record
without text or with a bad date each end in one :class:`~frontline.errors.InputError` naming the file
and line.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import regex

from ..errors import InputError
from ..files import decode_utf8, existing_file, iso_date, json_lines, refuse_json_array

__all__ = ["Report", "clean_text", "html_to_text", "parse_date", "read_reports", "report_id"]

_MAX_BYTES = 200 * 1024 * 1024

_HTML = regex.compile(r"\A\s*(?:<!doctype\s+html|<html|<(?:body|div|p|article|h[1-6]|section)\b)", regex.I)
_DROP_TAGS = (
    "script, style, nav, header, footer, aside, form, noscript, iframe, svg, button, figure figcaption"
)
_DROP_CLASSES = regex.compile(
    r"\b(?:nav|menu|footer|sidebar|related|sponsor|promo|advert|ads?|author|byline|bio|share|social|"
    r"newsletter|subscribe|comments?|breadcrumbs?|cookie|tags)\b",
    regex.I,
)
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, dd, dt"

# Lines that are site furniture, not reporting (matched on the whole line).
_BOILERPLATE = regex.compile(
    r"\A\s*(?:"
    r"(?:more|also) in this (?:category|section)|related(?: articles| stories| news)?|read (?:more|also)|"
    r"see also|most read|popular|trending|share(?: this)?(?: on \w+)?|follow us.*|subscribe.*|"
    r"sign up.*|advertisement|sponsored\b.*|.*\bsponsored by\b.*|©.*|copyright\b.*|all rights reserved.*|"
    r"home(?:\s*[|/·•]\s*\w+)+|(?:\w+\s*[|·•]\s*){2,}\w+|tags?:.*|photo:.*|фото:.*|"
    r"читайте (?:також|также).*|підписуйтесь.*|подписывайтесь.*|реклама|"
    r"\w+(?: \w+)? is an? (?:\w+ )?(?:reporter|correspondent|journalist|editor|writer)\b.*"
    r")\s*\Z",
    regex.I,
)
_MD_LINK = regex.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = regex.compile(
    r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))|(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)"
)


@dataclass(frozen=True, slots=True)
class Report:
    """One report: its text (already reduced to plain text), the date it was published, where from."""

    text: str
    date: date
    source: str = ""
    url: str = ""
    report_id: str = ""
    #: False when ``source`` only stands in for one (a file's name): nobody named publishes the report
    source_named: bool = True
    #: where the report came from before its source, e.g. the channel a Telegram post was forwarded from
    forwarded_from: str = ""


def report_id(text: str, source: str = "") -> str:
    """A stable id for a report with no id of its own: a hash of its source and text."""
    return hashlib.sha1(f"{source}\n{text}".encode()).hexdigest()[:16]


def parse_date(value: object, *, where: str) -> date:
    """An ISO date (``2024-02-17``; a time after it is ignored), else :class:`InputError`."""
    return iso_date(str(value or ""), f"{where}: date")


def html_to_text(html: str) -> str:
    """The reporting in an HTML page: headings, paragraphs and list items of the article (or of the
    body when there is no ``<article>``/``<main>``), without menus, asides, footers, author blurbs."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id], [role]"):
        attrs = node.attributes
        label = " ".join(str(attrs.get(k) or "") for k in ("class", "id", "role"))
        if _DROP_CLASSES.search(label):
            node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return ""
    blocks = [node.text(separator=" ", strip=True) for node in root.css(_BLOCKS)]
    if not blocks:
        blocks = [root.text(separator="\n", strip=True)]
    return "\n\n".join(b for b in blocks if b)


# Headings after which a page or a wire story carries only furniture: other stories' headlines, bylines.
_TAIL = regex.compile(
    r"\A\s*(?:most read|most popular|related(?: articles| stories| news| coverage)?|more (?:from|on) \w+|"
    r"trending|popular(?: now)?|більше новин|популярне|читайте також:?|популярное|читайте также:?)\s*\Z",
    regex.I,
)
# Lines of a wire story's footer: "Reporting by …; Editing by …", "Our Standards: The Trust Principles."
_FOOTER = regex.compile(
    r"\A\s*(?:(?:additional )?reporting by\b.*|(?:writing|editing) by\b.*|our standards:.*|"
    r"compiled by\b.*|©.*)\s*\Z",
    regex.I,
)


def clean_text(raw: str) -> str:
    """Plain text of a report given as text, Markdown or HTML, with boilerplate lines dropped.

    >>> clean_text("<p>Shelling in Kharkiv.</p><aside>More in this category</aside>")
    'Shelling in Kharkiv.'
    >>> clean_text(chr(10).join(["Shelling in Kharkiv.", "Reporting by A. Writer", "Most read", "Kyiv hit"]))
    'Shelling in Kharkiv.'
    >>> clean_text("")
    ''
    """
    text = html_to_text(raw) if _HTML.match(raw) else raw
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    lines = []
    for line in text.splitlines():
        if _TAIL.match(line):
            break  # the rest is other stories' headlines
        if not _BOILERPLATE.match(line) and not _FOOTER.match(line):
            lines.append(line)
    return "\n".join(lines).strip()


def _decode(raw: bytes, where: str) -> str:
    if b"\x00" in raw:
        msg = f"{where} looks like a binary file — give plain text, Markdown, HTML or JSON lines in UTF-8"
        raise InputError(msg)
    return decode_utf8(raw, where)


def _stem(path: Path) -> str:
    return "stdin" if str(path) == "-" else path.stem


def _read_bytes(path: Path) -> bytes:
    """The whole input, refused when over :data:`_MAX_BYTES`. The read itself is bounded — one byte
    more than the limit tells an oversized input — since a size can lie: stdin, a pipe and /dev/zero
    have none."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(_MAX_BYTES + 1)
    else:
        existing_file(path, "a report (text, Markdown, HTML) or a .jsonl file of reports")
        with path.open("rb") as fh:
            raw = fh.read(_MAX_BYTES + 1)
    if len(raw) > _MAX_BYTES:
        msg = (
            f"{path} is over {_MAX_BYTES // 2**20} MB — split it into reports under {_MAX_BYTES // 2**20} MB"
        )
        raise InputError(msg)
    return raw


def read_reports(
    path: Path, *, default_date: date | None, source: str = "", url: str = ""
) -> Iterator[Report]:
    """The reports in one file (``-``: standard input): every record of a ``.jsonl`` file (fields
    ``id``, ``text``, ``date``, ``source``, ``url``; ``default_date``, ``source`` and ``url`` fill
    gaps), or the whole file as one report. The whole file is checked before the first report is
    yielded, so bad input stores nothing.
    """
    raw = _read_bytes(path)
    where = "stdin" if str(path) == "-" else str(path)
    text = _decode(raw, where)
    if not text.strip():
        msg = f"{where} is empty — give a report as text, Markdown or HTML, or JSON lines of reports"
        raise InputError(msg)
    refuse_json_array(text[:2048], where)
    if path.suffix.lower() in (".jsonl", ".ndjson") or (
        text.lstrip().startswith("{") and path.suffix.lower() not in (".html", ".htm", ".md", ".txt")
    ):
        reports = list(_json_lines(raw, path, default_date=default_date, source=source, url=url))
    else:
        if default_date is None:
            msg = f"{path}: a plain-text report needs its date — add --date YYYY-MM-DD"
            raise InputError(msg)
        body = clean_text(text)
        src = source or _stem(path)
        reports = [Report(body, default_date, src, url, report_id(body, src), source_named=bool(source))]
    yield from reports


def _json_lines(
    raw: bytes, path: Path, *, default_date: date | None, source: str, url: str
) -> Iterator[Report]:
    # lines end at "\n" only, as geoparse and --workers read them: a lone "\r" is JSON whitespace
    for lineno, record in json_lines(raw.split(b"\n"), str(path)):
        where = f"{path}: line {lineno}"
        if not isinstance(record.get("text"), str):
            msg = f'{where} has no string "text" — give each record one, e.g. {{"id": "r1", "text": "…"}}'
            raise InputError(msg)
        if record.get("date"):
            when = parse_date(record["date"], where=where)
        elif default_date is not None:
            when = default_date
        else:
            msg = f'{where} has no "date" — add one (YYYY-MM-DD) or give --date for every record'
            raise InputError(msg)
        named = str(record.get("source") or source)
        src = named or _stem(path)
        body = clean_text(record["text"])
        rid = str(record.get("id") or report_id(body, src))
        yield Report(body, when, src, str(record.get("url") or url), rid, source_named=bool(named))
