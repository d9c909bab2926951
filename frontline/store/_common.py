"""What both stores share: their errors, what a write reports, who wrote, the query checks and the merge
of one event told twice."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..confidence import merge_told
from ..errors import FrontlineError
from ..events import COLUMNS, EVENT_TYPES, SIDES, conform

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "ADDED_COLUMNS",
    "CORRECTIONS",
    "JOINED",
    "MERGED",
    "PLACE_FIELDS",
    "Correction",
    "Query",
    "StoreError",
    "StoreLockedError",
    "WriteSummary",
    "analyst_name",
    "apply_corrections",
    "corrected_fields",
    "incoming_rows",
    "join",
    "latest_corrections",
    "merge_events",
    "merge_rows",
]

#: Columns both stores keep beside the event's own: who stored it first, and when (UTC).
ADDED_COLUMNS: tuple[str, ...] = ("x_added_by", "x_added_at")
#: Columns a merge joins (``"; "``-separated, each part once, first seen first).
JOINED: tuple[str, ...] = ("source", "x_source_url", "x_report_id", "x_claim_by")
#: Every column a merge may change.
MERGED: tuple[str, ...] = (*JOINED, "x_confidence", "fatalities")


class StoreError(FrontlineError):
    """The store cannot be used (not a GeoPackage, not an event store, unreadable, unreachable)."""


class StoreLockedError(StoreError):
    """Another process or program is writing the store."""


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a write did: events new to the store, events that gained a source, events already there.

    ``path`` is the GeoPackage written, or the database URL with its password masked.
    """

    added: int
    merged: int
    unchanged: int
    total: int
    path: Path | str
    dropped: int = 0  # events an analyst dropped (``frontline events set --drop``), not stored again


def analyst_name(analyst: str | None) -> str:
    """Who is storing events: ``analyst`` when given, else the operating system's user name."""
    if analyst and analyst.strip():
        return analyst.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor in the password database
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


@dataclass(frozen=True)
class Query:
    """Which events a read wants: dated ``start``..``end`` (inclusive), inside ``bbox`` (min lon, min lat,
    max lon, max lat), of ``event_type`` (an ACLED event type or sub-event type), involving ``side``;
    ``added`` adds who stored each event and when. Checked when made."""

    start: date | None = None
    end: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    event_type: str | None = None
    side: str | None = None
    added: bool = False

    def __post_init__(self) -> None:
        event_type, side = self.event_type, self.side
        if (
            event_type is not None
            and event_type not in EVENT_TYPES
            and not any(event_type in subs for subs in EVENT_TYPES.values())
        ):
            msg = f"event type {event_type!r} is not one of ACLED's event or sub-event types, e.g. Battles"
            raise StoreError(msg)
        if side is not None and side not in SIDES:
            msg = f"side {side!r} must be one of: {', '.join(SIDES)}"
            raise StoreError(msg)


def join(a: str, b: str) -> str:
    """``a`` with the parts of ``b`` it lacks, ``"; "``-separated.

    >>> join("Wire A", "Wire B; Wire A"), join("", "Wire B"), join("Wire A", "")
    ('Wire A; Wire B', 'Wire B', 'Wire A')
    """
    parts = [p for p in a.split("; ") if p]
    parts += [p for p in b.split("; ") if p and p not in parts]
    return "; ".join(parts)


def merge_rows(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """One event told by ``old`` and by ``new``: sources, links, report ids and claimants joined, the
    confidence :func:`frontline.confidence.merge_told` gives (rules 4 and 6: a second independent source
    telling it in its own voice confirms it; values it does not know leave the old one) and the higher
    fatality count. Other fields stay as ``old`` has them."""
    out = dict(old)
    for col in JOINED:
        out[col] = join(str(old[col] or ""), str(new[col] or ""))
    told = merge_told(old["x_confidence"], old["source"], new["x_confidence"], new["source"])
    out["x_confidence"] = told or old["x_confidence"]
    out["fatalities"] = max(int(old["fatalities"] or 0), int(new["fatalities"] or 0))
    return out


def incoming_rows(new: geopandas.GeoDataFrame) -> dict[str, dict[str, Any]]:
    """The rows of an event table by ``event_id_cnty``, rows sharing one merged, in first-seen order."""
    incoming: dict[str, dict[str, Any]] = {}
    for rec in new[list(COLUMNS)].to_dict("records"):
        key = rec["event_id_cnty"]
        incoming[key] = merge_rows(incoming[key], rec) if key in incoming else rec
    return incoming


def merge_events(
    existing: geopandas.GeoDataFrame, new: geopandas.GeoDataFrame
) -> tuple[geopandas.GeoDataFrame, int, int, int]:
    """``existing`` with ``new`` merged in by ``event_id_cnty``: ``(table, added, merged, unchanged)``.

    Neither input is changed. An event already present gains the new sources, report ids and
    claimants, the confidence :func:`frontline.confidence.merge` gives and the higher fatality count
    (:func:`merge_rows`). The stores do the same merge in place.
    """
    import pandas as pd

    # only the rows of ``new`` are handled one by one: ``existing`` may hold many more
    incoming = incoming_rows(new)
    ids = existing["event_id_cnty"]
    hit = ids.isin(incoming)
    changed: dict[int, dict[str, Any]] = {}
    merged = unchanged = 0
    for position, old in zip(
        hit[hit].index, existing.loc[hit, list(COLUMNS)].to_dict("records"), strict=True
    ):
        combined = merge_rows(old, incoming[old["event_id_cnty"]])
        if combined == old:
            unchanged += 1
        else:
            merged += 1
            changed[position] = combined
    present = set(ids[hit])
    fresh = [rec for key, rec in incoming.items() if key not in present]
    if not changed and not fresh:
        return existing, 0, 0, unchanged
    table = existing.copy()
    for col in MERGED:
        table.loc[list(changed), col] = [rec[col] for rec in changed.values()]
    if fresh:
        table = pd.concat([table, conform(pd.DataFrame(fresh, columns=list(COLUMNS)))], ignore_index=True)
    return table.reset_index(drop=True), len(fresh), merged, unchanged


# -- corrections by an analyst (``frontline events set``) -----------------------------------------------

#: The table both stores keep corrections in: one row per field set, latest last.
CORRECTIONS = "frontline_corrections"
#: Event fields a place correction sets.
PLACE_FIELDS: tuple[str, ...] = ("location", "latitude", "longitude", "x_geonameid", "admin1")


@dataclass(frozen=True, slots=True)
class Correction:
    """What an analyst set on one event: ``field`` is ``"drop"``, ``"x_confidence"`` or ``"place"``
    (``value`` then JSON of :data:`PLACE_FIELDS`), recorded with who and when (UTC, ISO 8601)."""

    event_id_cnty: str
    field: str
    value: str
    analyst: str
    at: str


def latest_corrections(rows: list[Correction]) -> dict[str, dict[str, str]]:
    """Each event's corrections, the latest value of each field (``rows`` in the order recorded)."""
    out: dict[str, dict[str, str]] = {}
    for c in rows:
        out.setdefault(c.event_id_cnty, {})[c.field] = c.value
    return out


def corrected_fields(fields: dict[str, str]) -> dict[str, Any]:
    """The event columns and values a set of corrections (not a drop) gives."""
    import json

    out: dict[str, Any] = {}
    if "x_confidence" in fields:
        out["x_confidence"] = fields["x_confidence"]
    if "place" in fields:
        out.update(json.loads(fields["place"]))
    return out


def apply_corrections(
    events: geopandas.GeoDataFrame, corrections: dict[str, dict[str, str]]
) -> geopandas.GeoDataFrame:
    """``events`` with the analysts' corrections applied: dropped events left out, places and confidence
    set as they were set. The input is not changed."""
    if not corrections or not len(events):
        return events
    ids = events["event_id_cnty"]
    hit = ids.isin(corrections)
    if not hit.any():
        return events
    dropped = ids.map(lambda k: "drop" in corrections.get(k, {}))
    out = events.loc[~dropped].copy()
    for position, key in out["event_id_cnty"].items():
        for col, value in corrected_fields(corrections.get(key, {})).items():
            out.at[position, col] = value
    return out
