"""Poll feeds, Telegram exports and folders of reports, and store the events of what is new
(``frontline watch``).

A round reads every location — a feed URL or file, a Telegram export, a report file, or a folder of
them (its files, not its subfolders) — with :func:`frontline.sources.read_source`, keeps the reports
whose ids it has not seen, extracts their events and appends them to the store, and only then writes
the ids down in a state file (JSON, replaced atomically). Killed at any point, a restart at worst reads
again reports whose events are already stored, and the store merges them by id: nothing is stored
twice. A location that cannot be read in one round (a feed down, a file half written) is one warning
line, and the next round tries again.

>>> parse_every("10m"), parse_every("45s"), parse_every("2h")
(600.0, 45.0, 7200.0)
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from .errors import FrontlineError, InputError
from .files import write_text_atomic
from .sources import is_url, read_source

if TYPE_CHECKING:
    from gazetteer import Gazetteer

    from .extract import Report
    from .store import StoreLike

__all__ = ["Round", "WatchState", "parse_every", "watch_round"]

logger = logging.getLogger(__name__)

_EVERY = regex.compile(r"\A\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*\Z", regex.I)
_UNIT_S = {"s": 1.0, "m": 60.0, "h": 3600.0}
_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".xml", ".rss", ".atom")


def parse_every(value: str) -> float:
    """Seconds in a polling interval written ``30s``, ``10m``, ``1h`` (a bare number is minutes)."""
    m = _EVERY.match(value)
    if not m or float(m[1]) <= 0:
        msg = f"interval {value!r} is not a duration — write it as 30s, 10m or 1h"
        raise InputError(msg)
    return float(m[1]) * _UNIT_S[(m[2] or "m").lower()]


class WatchState:
    """The report ids already stored, kept in a JSON file between rounds and restarts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: set[str] = set()
        if path.is_file():
            try:
                self.seen = set(json.loads(path.read_text(encoding="utf-8")).get("seen", []))
            except (OSError, ValueError, AttributeError) as err:
                msg = f"{path} is not a watch state file ({err}) — remove it to start afresh"
                raise InputError(msg) from err

    def save(self) -> None:
        """Write the state atomically: a kill leaves the old file or the new one, never half of one."""
        write_text_atomic(self.path, json.dumps({"seen": sorted(self.seen)}))


@dataclass(frozen=True, slots=True)
class Round:
    """What one round did: reports new since the last, events found, and the store's summary of them."""

    reports: int
    events: int
    added: int
    merged: int
    unchanged: int
    problems: tuple[str, ...]


def _files(location: str | Path) -> list[str | Path]:
    if is_url(location):
        return [location]
    path = Path(location)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES)
    return [path]


def watch_round(
    locations: Iterable[str | Path],
    state: WatchState,
    gaz: Gazetteer,
    *,
    store: StoreLike = None,
    default_date: date | None = None,
    source: str = "",
    analyst: str | None = None,
    warn: Callable[[str], None] = logger.warning,
) -> Round:
    """One round: read ``locations``, store the events of reports not seen before, remember them."""
    from .events import events_frame
    from .extract import extract_events
    from .store import append_events

    fresh: list[Report] = []
    problems: list[str] = []
    for location in locations:
        for item in _files(location):
            try:
                batch = read_source(item, default_date=default_date or date.today(), source=source)
            except FrontlineError as err:
                problems.append(f"{item}: {err}")
                continue
            problems += batch.skipped
            fresh += [r for r in batch.reports if r.report_id not in state.seen]
    for line in problems:
        warn(line)
    events = [e for r in fresh for e in extract_events(r, gaz)]
    table = events_frame(events)
    summary = append_events(table, store, analyst=analyst) if len(table) else None
    state.seen.update(r.report_id for r in fresh)
    state.save()  # only once the events are stored: a kill before this reads them again, harmlessly
    return Round(
        reports=len(fresh),
        events=len(table),
        added=summary.added if summary else 0,
        merged=summary.merged if summary else 0,
        unchanged=summary.unchanged if summary else 0,
        problems=tuple(problems),
    )
