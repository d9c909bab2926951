"""HTML articles as reports: the main text found by ``trafilatura``, the selectolax reading of
:func:`frontline.extract.html_to_text` when it finds none.

The article's date, site name and canonical URL come from its metadata when it has them; the default
date, source and URL given fill the gaps. An article with no main text is one skipped line, not an
error: a page of menus only has nothing to report. Its report id is its URL, else a hash of its text.
"""

from __future__ import annotations

from datetime import date

from ..errors import InputError
from ..extract import Report, clean_text, html_to_text, report_id
from ..extract.reports import parse_date
from ._batch import Batch

__all__ = ["article_text", "read_article"]


def article_text(html: str) -> str:
    """The main text of an HTML page: trafilatura's, else the selectolax reading; "" when there is none.

    >>> article_text("<html><body><nav>Home | War</nav><article><p>Russian forces shelled Kharkiv."
    ...              "</p></article><footer>© Site</footer></body></html>")
    'Russian forces shelled Kharkiv.'
    >>> article_text("")
    ''
    """
    if not html.strip():
        return ""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    return clean_text(text or html_to_text(html))


def read_article(
    document: bytes | str,
    *,
    where: str = "article",
    source: str = "",
    url: str = "",
    default_date: date | None = None,
) -> Batch:
    """One HTML page as a report (none, and one skipped line, when it has no main text)."""
    html = document.decode("utf-8", errors="replace") if isinstance(document, bytes) else document
    text = article_text(html)
    if not text:
        return Batch([], [f"{where}: no main text found — not an article"])
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    when = default_date
    if meta is not None and meta.date:
        when = parse_date(meta.date, where=where)
    if when is None:
        msg = f"{where}: the article gives no date — add --date YYYY-MM-DD"
        raise InputError(msg)
    name = source or (meta.sitename if meta is not None and meta.sitename else "") or where
    link = url or (meta.url if meta is not None and meta.url else "")
    title = meta.title if meta is not None and meta.title else ""
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return Batch([Report(text, when, name, link, link or report_id(text, name))])
