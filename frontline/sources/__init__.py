"""Where reports come from besides plain files: Telegram Desktop exports, RSS/Atom feeds, HTML articles.

Each kind has its module (:mod:`.telegram`, :mod:`.feeds`, :mod:`.articles`); :func:`read_source` picks one
by what a path or URL holds and falls back to :func:`frontline.extract.read_reports` (text, Markdown,
JSON lines). Every reader returns a :class:`Batch`: the reports, and one line per item it skipped
("message 42: text is a number, not text or a list of parts") — bad items are skipped and said, never
raised, so that one odd message does not lose a whole export. Report ids are stable (a message's chat
and id, a feed entry's id or link, an article's URL or text), so reading the same source again stores
nothing twice: the store merges events by id.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import regex

from ..errors import InputError
from ..extract import read_reports
from ..files import refuse_json_array
from ._batch import Batch, fetch
from .articles import read_article
from .feeds import read_feed
from .telegram import read_telegram_export

__all__ = ["Batch", "is_url", "read_article", "read_feed", "read_source", "read_telegram_export"]

_URL = regex.compile(r"\Ahttps?:/{1,2}[^/]", regex.I)
_FEED_START = regex.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", regex.I | regex.S
)
_HTML_START = regex.compile(r"\A\s*(?:<!doctype\s+html|<html\b)", regex.I)


def is_url(location: str | Path) -> bool:
    """Whether ``location`` is an http(s) URL (a command-line ``Path`` keeps one slash of ``//``)."""
    return bool(_URL.match(str(location)))


def _url(location: str | Path) -> str:
    return regex.sub(r"\A(https?):/+", r"\1://", str(location), flags=regex.I)


def read_source(location: str | Path, *, default_date: date | None, source: str = "", url: str = "") -> Batch:
    """The reports of one file or URL, whatever it holds: a Telegram Desktop export (``result.json``),
    an RSS/Atom feed (``.xml``, ``.rss``, ``.atom`` or a feed's content), an HTML article (``.html``,
    ``.htm`` or a page's content), else text, Markdown or JSON lines as :func:`read_reports` reads them.

    ``default_date``, ``source`` and ``url`` fill what the item does not say itself.
    """
    if is_url(location):
        link = _url(location)
        raw = fetch(link)
        return _read_bytes(raw, link, default_date=default_date, source=source, url=url or link)
    path = Path(location)
    suffix = path.suffix.lower()
    if suffix in (".json", ".xml", ".rss", ".atom", ".html", ".htm") and path.is_file():
        return _read_bytes(path.read_bytes(), str(path), default_date=default_date, source=source, url=url)
    return Batch(list(read_reports(path, default_date=default_date, source=source, url=url)), [])


def _read_bytes(raw: bytes, where: str, *, default_date: date | None, source: str, url: str) -> Batch:
    head = raw[:2048].decode("utf-8", errors="replace")
    refuse_json_array(head, where)
    if head.lstrip().startswith("{"):
        try:
            export = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            msg = f"{where} is not valid JSON ({err}) — give a Telegram Desktop export (result.json)"
            raise InputError(msg) from err
        return read_telegram_export(export, where=where, source=source, url=url)
    if _FEED_START.match(head) or where.lower().endswith((".xml", ".rss", ".atom")):
        return read_feed(raw, where=where, source=source, default_date=default_date)
    if _HTML_START.match(head) or where.lower().endswith((".html", ".htm")) or "<" in head[:200]:
        return read_article(raw, where=where, source=source, url=url, default_date=default_date)
    msg = f"{where} is neither a Telegram export, a feed nor an HTML page — save it as text and give the file"
    raise InputError(msg)
