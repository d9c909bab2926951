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

from gazetteer import Gazetteer

from ..events import Event
from .acled import to_event
from .drafts import merge_drafts, read_drafts
from .reports import Report

__all__ = ["extract_events"]


def extract_events(report: Report, gaz: Gazetteer, *, timestamp: int | None = None) -> list[Event]:
    """The events a report tells of, in ACLED's schema, one per place, event type and date.

    ``timestamp`` (Unix seconds) is ACLED's time of entry; now when not given.
    """
    if not report.text.strip():
        return []
    mentions = gaz.find_mentions(report.text, on=report.date)
    if not mentions:
        return []
    drafts = merge_drafts(read_drafts(report, mentions))
    stamp = int(time.time()) if timestamp is None else timestamp
    return [to_event(d, report, stamp) for d in drafts]
