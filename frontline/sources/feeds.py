"""RSS and Atom feeds (a ministry's, an outlet's) as reports, read by ``feedparser``.

Each entry is one report: its title as the headline and its content or summary (HTML reduced to text)
as the body, its published (else updated) date, its link as the URL, and its id (else link) for the
report id — so a feed read again stores nothing twice. The feed's title is the source unless one is
given. An entry without text or without a date (and no default date) is skipped with one line saying
which; a document that is no feed at all (an HTML page, say) is an :class:`~frontline.errors.InputError`.

>>> rss = b'''<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
... <item><guid>a1</guid><title>Kharkiv shelled</title><pubDate>Fri, 10 May 2024 08:00:00 GMT</pubDate>
... <description>&lt;p&gt;Russian forces shelled Kharkiv.&lt;/p&gt;</description></item>
... <item><guid>a2</guid><title>No date</title><description>Text</description></item>
... </channel></rss>'''
>>> batch = read_feed(rss, default_date=None)
>>> [(r.text, r.date.isoformat(), r.source, r.report_id) for r in batch.reports]
[('Kharkiv shelled\\n\\nRussian forces shelled Kharkiv.', '2024-05-10', 'Wire', 'feed:a1')]
>>> batch.skipped
['feed entry a2: no date — give a default date (--date)']
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import InputError
from ..extract import Report, clean_text
from ._batch import Batch

__all__ = ["read_feed"]


def read_feed(
    document: bytes | str, *, where: str = "feed", source: str = "", default_date: date | None = None
) -> Batch:
    """The entries of an RSS/Atom ``document`` (its bytes, or a file path or URL ``feedparser`` reads)."""
    import feedparser

    parsed = feedparser.parse(document)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        what = "an HTML page" if _looks_html(document) else f"unreadable ({problem})" if problem else "empty"
        msg = f"{where} is not an RSS or Atom feed: it is {what} — give the feed's own address"
        raise InputError(msg)
    name = source or str(parsed.feed.get("title") or where)
    batch = Batch([])
    for position, entry in enumerate(parsed.entries):
        ident = str(entry.get("id") or entry.get("link") or f"#{position}")
        report = _report(entry, ident=ident, name=name, default_date=default_date)
        if isinstance(report, str):
            batch.skipped.append(f"{where} entry {ident}: {report}")
        else:
            batch.reports.append(report)
    return batch


def _looks_html(document: bytes | str) -> bool:
    head = document[:2048] if isinstance(document, bytes) else document[:2048].encode()
    return b"<html" in head.lower() or b"<!doctype html" in head.lower()


def _report(entry: Any, *, ident: str, name: str, default_date: date | None) -> Report | str:
    """The report of one entry, or why it has none."""
    content = entry.get("content") or []
    body = next((c.get("value", "") for c in content if c.get("value")), "") or entry.get("summary", "")
    title = clean_text(str(entry.get("title") or ""))
    text = clean_text(str(body))
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    if not text.strip():
        return "no text"
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    when = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else default_date
    if when is None:
        return "no date — give a default date (--date)"
    return Report(text, when, name, str(entry.get("link") or ""), f"feed:{ident}")
