"""From a report to events: the gazetteer finds the places, and each step of reading has its module.

1. :mod:`.sentences` cuts the text into sentences and hands each its place mentions;
2. :mod:`.places` keeps the mentions that are places acted on and ties each to its action;
3. :mod:`.attribution` says who claims each action and which side acts;
4. :mod:`.drafts` turns them into drafts — dated (:mod:`.dates`), as sure as the wording and its
   claimant make them (:mod:`frontline.confidence`) — and merges the drafts of one place, event type
   and date;
5. :mod:`.acled` writes each draft as an ACLED event.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace

from gazetteer import Gazetteer

from ..events import Event
from .acled import to_event
from .drafts import merge_drafts, read_drafts, report_party
from .reports import Report

__all__ = ["WINDOW_CHARS", "extract_events", "windows"]

#: A report longer than this is read in windows of whole paragraphs of about this size, each found its
#: places and read on its own, then the drafts of all merged: reading a sentence looks over the report's
#: earlier mentions and drafts, so one long report would cost the square of its length.
WINDOW_CHARS = 20_000


def extract_events(
    report: Report,
    gaz: Gazetteer,
    *,
    timestamp: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Event]:
    """The events a report tells of, in ACLED's schema, one per place, event type and date.

    ``timestamp`` (Unix seconds) is ACLED's time of entry; now when not given. ``progress``, when given,
    is called with the characters read so far after each window of a long report.
    """
    if not report.text.strip():
        return []
    drafts = []
    party = report_party(report)
    read = 0
    for window in windows(report.text):
        part = report if len(window) == len(report.text) else replace(report, text=window)
        mentions = gaz.find_mentions(window, on=report.date)
        if mentions:
            drafts.extend(read_drafts(part, mentions, party, opening=read == 0))
        read += len(window)
        if progress is not None:
            progress(read)
    stamp = int(time.time()) if timestamp is None else timestamp
    return [to_event(d, report, stamp) for d in merge_drafts(drafts)]


def windows(text: str, size: int | None = None) -> Iterator[str]:
    """``text`` in pieces of at most about ``size`` (:data:`WINDOW_CHARS`) characters, cut after a
    paragraph, else after a sentence or a line, else (one enormous sentence) anywhere.

    >>> [len(w) for w in windows("One. Two.\\n\\nThree. Four five.", size=12)]
    [11, 6, 11]
    >>> list(windows("short"))
    ['short']
    """
    size = WINDOW_CHARS if size is None else size
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n\n", start, end) + 2
        if cut <= start + 1:
            cut = max(text.rfind(". ", start, end), text.rfind("\n", start, end)) + 1
        if cut <= start:
            cut = end
        yield text[start:cut]
        start = cut
    yield text[start:]
