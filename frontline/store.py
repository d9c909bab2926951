"""The event store: one GeoPackage file (layer ``events``) that QGIS opens as it is, and loses nothing.

* **Columns**: exactly :data:`frontline.events.COLUMNS` (ACLED's in ACLED's order, then ours), EPSG:4326
  points. Columns an imported ACLED file had beyond those are kept in a second, non-spatial table
  ``events_extra`` (event_id_cnty, column, value) and come back on export.
* **Identity**: an event is its ``event_id_cnty``. Extracted events get an id from their place, date and
  sub-event type (:func:`frontline.events.event_id`), so the same report stored twice adds nothing and
  the same event from a second source becomes one event with both sources, both report ids, both
  claimants (``"; "``-joined) and the confidence :func:`frontline.confidence.merge` gives.
* **Atomic writes**: a write builds the whole new store in a temporary file beside it and renames it
  over the old one (an atomic step on POSIX file systems) — a process killed mid-write leaves the old
  store as it was. Writers take a lock file beside the store, so two processes never interleave; a
  store another program holds a write lock on (QGIS editing it) is refused, not overwritten.

Side codes in ``x_control_from``/``x_control_to`` and the ``side`` filter: ``"UA"`` (Ukraine's forces)
and ``"RU"`` (Russia's forces and those fighting with them: Wagner, the DPR/LPR formations).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .confidence import merge
from .errors import FrontlineError
from .events import (
    ACTORS,
    COLUMNS,
    EVENT_TYPES,
    SIDES,
    Event,
    conform,
    empty_events,
    events_frame,
)
from .files import remove_stale_temps, write_atomic

if TYPE_CHECKING:
    import geopandas
    import pandas

__all__ = [
    "EXTRA_LAYER",
    "LAYER",
    "StoreError",
    "StoreLockedError",
    "WriteSummary",
    "append_events",
    "default_store_path",
    "merge_events",
    "read_events",
    "read_extra",
]

log = logging.getLogger(__name__)

LAYER = "events"
EXTRA_LAYER = "events_extra"
_APP = "frontline"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")
_LOCK_WAIT_S = 10.0
_JOINED = ("source", "x_source_url", "x_report_id", "x_claim_by")
_EXTRA_COLUMNS = ["event_id_cnty", "column", "value"]


class StoreError(FrontlineError):
    """The store file cannot be used (not a GeoPackage, not an event store, unreadable)."""


class StoreLockedError(StoreError):
    """Another process is writing the store."""


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a write did: events new to the store, events that gained a source, events already there."""

    added: int
    merged: int
    unchanged: int
    total: int
    path: Path


def default_store_path() -> Path:
    """``events.gpkg`` in the user data directory (``$FRONTLINE_DATA_DIR`` when set)."""
    env = os.environ.get("FRONTLINE_DATA_DIR")
    if env:
        return Path(env) / "events.gpkg"
    import platformdirs

    return Path(platformdirs.user_data_dir(_APP, appauthor=False)) / "events.gpkg"


# -- reading -----------------------------------------------------------------------------------------


def _store_layers(path: Path) -> set[str]:
    """The layers of the event store at ``path``; none when it does not exist (or is empty); StoreError
    when ``path`` is something else."""
    if not path.exists():
        return set()
    if path.is_dir():
        msg = f"store {path} is a directory — give a .gpkg file path with --store"
        raise StoreError(msg)
    with path.open("rb") as f:
        head = f.read(100)
    if not head:
        return set()
    if not head.startswith(_SQLITE_MAGIC) or head[68:72] not in _GPKG_APPLICATION_IDS:
        msg = (
            f"store {path} is not a GeoPackage — give a .gpkg file made by frontline, or a new path "
            "(the file was left untouched)"
        )
        raise StoreError(msg)
    import pyogrio

    try:
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
    except Exception as err:
        raise _unreadable(path, err) from err
    if LAYER not in layers:
        msg = (
            f"store {path} is a GeoPackage without an {LAYER!r} layer (it has: {', '.join(sorted(layers))}) "
            "— it is not a frontline event store; give another --store path"
        )
        raise StoreError(msg)
    return layers


def _unreadable(path: Path, err: Exception) -> StoreError:
    return StoreError(
        f"store {path} cannot be read ({err}) — it may be damaged; restore it or give a new path"
    )


def _sql_text(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _read_all(path: Path) -> geopandas.GeoDataFrame:
    import pyogrio

    gdf = pyogrio.read_dataframe(path, layer=LAYER)
    return conform(gdf)


def _no_extra() -> pandas.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=_EXTRA_COLUMNS)


def _read_extra(path: Path, layers: set[str]) -> pandas.DataFrame:
    import pandas as pd
    import pyogrio

    if EXTRA_LAYER not in layers:
        return _no_extra()
    return pd.DataFrame(pyogrio.read_dataframe(path, layer=EXTRA_LAYER, read_geometry=False))


def read_events(
    path: Path | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    event_type: str | None = None,
    side: str | None = None,
) -> geopandas.GeoDataFrame:
    """Events in the store, optionally only those dated ``start``..``end`` (inclusive), inside ``bbox``
    (min lon, min lat, max lon, max lat), of ``event_type`` (an ACLED event type or sub-event type),
    or involving ``side`` (``"UA"`` or ``"RU"``: as actor, or gaining or losing control).

    An empty, correctly columned table when the store is empty or absent.
    """
    path = path or default_store_path()
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
    if not _store_layers(path):
        return empty_events()
    import pyogrio

    clauses = []
    if start is not None:
        clauses.append(f"event_date >= '{start.isoformat()}'")
    if end is not None:
        clauses.append(f"event_date <= '{end.isoformat()}'")
    if event_type is not None:
        column = "event_type" if event_type in EVENT_TYPES else "sub_event_type"
        clauses.append(f"{column} = {_sql_text(event_type)}")
    try:
        gdf = pyogrio.read_dataframe(
            path, layer=LAYER, bbox=bbox, where=" AND ".join(clauses) if clauses else None
        )
    except Exception as err:
        raise _unreadable(path, err) from err
    out = conform(gdf)
    if side is not None:
        actor = ACTORS[side]
        mask = (
            (out["actor1"] == actor)
            | (out["actor2"] == actor)
            | (out["x_control_from"] == side)
            | (out["x_control_to"] == side)
        )
        out = out[mask].reset_index(drop=True)
    return out


# -- merging -----------------------------------------------------------------------------------------


def _join(a: str, b: str) -> str:
    parts = [p for p in a.split("; ") if p]
    parts += [p for p in b.split("; ") if p and p not in parts]
    return "; ".join(parts)


def _merge_rows(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    out = dict(old)
    for col in _JOINED:
        out[col] = _join(str(old[col] or ""), str(new[col] or ""))
    # rule 4 of frontline.confidence, as the extractor merges; values it does not know leave the old one
    out["x_confidence"] = merge(old["x_confidence"], new["x_confidence"]) or old["x_confidence"]
    out["fatalities"] = max(int(old["fatalities"] or 0), int(new["fatalities"] or 0))
    return out


def merge_events(
    existing: geopandas.GeoDataFrame, new: geopandas.GeoDataFrame
) -> tuple[geopandas.GeoDataFrame, int, int, int]:
    """``existing`` with ``new`` merged in by ``event_id_cnty``: ``(table, added, merged, unchanged)``.

    Neither input is changed. An event already present gains the new sources, report ids and
    claimants, the confidence :func:`frontline.confidence.merge` gives and the higher fatality count.
    """
    import pandas as pd

    # only the rows of ``new`` are handled one by one: the store may hold many more
    incoming: dict[str, dict[str, Any]] = {}
    for rec in new[list(COLUMNS)].to_dict("records"):
        key = rec["event_id_cnty"]
        incoming[key] = _merge_rows(incoming[key], rec) if key in incoming else rec
    ids = existing["event_id_cnty"]
    hit = ids.isin(incoming)
    changed: dict[int, dict[str, Any]] = {}
    merged = unchanged = 0
    for position, old in zip(
        hit[hit].index, existing.loc[hit, list(COLUMNS)].to_dict("records"), strict=True
    ):
        combined = _merge_rows(old, incoming[old["event_id_cnty"]])
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
    for col in (*_JOINED, "x_confidence", "fatalities"):
        table.loc[list(changed), col] = [rec[col] for rec in changed.values()]
    if fresh:
        table = pd.concat([table, conform(pd.DataFrame(fresh, columns=list(COLUMNS)))], ignore_index=True)
    return table.reset_index(drop=True), len(fresh), merged, unchanged


# -- writing -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _writer_lock(path: Path, *, wait_s: float = _LOCK_WAIT_S) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                _lock(handle)
                break
            except OSError as err:
                busy = (errno.EAGAIN, errno.EACCES, errno.EDEADLK)
                if err.errno not in busy or time.monotonic() > deadline:
                    msg = (
                        f"store {path} is being written by another frontline process — wait for it to "
                        "finish and run the command again (nothing was stored)"
                    )
                    raise StoreLockedError(msg) from err
                time.sleep(0.1)
        try:
            yield
        finally:
            _unlock(handle)


# An OS lock on the lock file dies with its process, so a killed writer never leaves the store locked.
if sys.platform == "win32":
    import msvcrt

    def _lock(handle: Any) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: Any) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: Any) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: Any) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)


def _refuse_if_sqlite_locked(path: Path) -> None:
    """Refuse a store another program (QGIS, sqlite3) holds a write lock on."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=0.2)
    except sqlite3.Error as err:
        msg = f"store {path} cannot be opened ({err}) — check its permissions"
        raise StoreError(msg) from err
    try:
        con.execute("BEGIN IMMEDIATE")
        con.rollback()
    except sqlite3.OperationalError as err:
        msg = (
            f"store {path} is locked by another program ({err}) — close it there (e.g. stop editing "
            "the layer in QGIS) and run the command again; the store was left untouched"
        )
        raise StoreLockedError(msg) from err
    finally:
        con.close()


def _write_atomically(table: geopandas.GeoDataFrame, extra: pandas.DataFrame, path: Path) -> None:
    import pyogrio

    remove_stale_temps(path)  # left by a writer that was killed; we hold the lock

    def write(tmp: Path) -> None:
        pyogrio.write_dataframe(table, tmp, layer=LAYER, driver="GPKG", promote_to_multi=False)
        if len(extra):
            pyogrio.write_dataframe(extra, tmp, layer=EXTRA_LAYER, driver="GPKG", append=True)

    write_atomic(path, write, error=StoreError)


def append_events(
    events: geopandas.GeoDataFrame | Iterable[Event],
    path: Path | None = None,
    *,
    extra: pandas.DataFrame | None = None,
    lock_wait_s: float = _LOCK_WAIT_S,
) -> WriteSummary:
    """Merge ``events`` into the store at ``path`` (the default store when None), atomically.

    ``extra`` holds columns beyond ours, long format (event_id_cnty, column, value), from imports.
    Nothing is written when nothing changes. Another frontline process writing the store is waited
    for up to ``lock_wait_s`` seconds, then :class:`StoreLockedError`.
    """
    import geopandas as gpd

    # through a link, the file it names: written in place (the link stays a link), and locked once
    # whichever path a writer came by
    path = Path(os.path.realpath(path or default_store_path()))
    # a table may come from anywhere, so it is conformed; events_frame conforms already
    new = conform(events) if isinstance(events, gpd.GeoDataFrame) else events_frame(events)
    try:
        return _append(new, path, extra, lock_wait_s)
    except OSError as err:
        msg = f"cannot write store {path} ({err.strerror or err}) — choose a writable --store path"
        raise StoreError(msg) from err


_FEW = 500


def _all_known(path: Path, new: geopandas.GeoDataFrame) -> int | None:
    """When a few events come in and the store already holds them all, unchanged: how many they are
    (read by id, not the whole store: storing a report twice stays cheap). Else None."""
    import pyogrio

    ids = list(dict.fromkeys(new["event_id_cnty"]))
    if not ids or len(ids) > _FEW:
        return None
    quoted = ", ".join(map(_sql_text, ids))
    rows = conform(pyogrio.read_dataframe(path, layer=LAYER, where=f"event_id_cnty IN ({quoted})"))
    if len(rows) != len(ids):
        return None
    _, added, merged, unchanged = merge_events(rows, new)
    return unchanged if not added and not merged else None


def _count(path: Path) -> int:
    import pyogrio

    return int(pyogrio.read_info(path, layer=LAYER)["features"])


def _append(
    new: geopandas.GeoDataFrame, path: Path, extra: pandas.DataFrame | None, lock_wait_s: float
) -> WriteSummary:
    import pandas as pd

    with _writer_lock(path, wait_s=lock_wait_s):
        layers = _store_layers(path)
        exists = bool(layers)
        if exists:
            _refuse_if_sqlite_locked(path)
            if (extra is None or not len(extra)) and (known := _all_known(path, new)) is not None:
                return WriteSummary(0, 0, known, _count(path), path)
        existing = _read_all(path) if exists else empty_events()
        old_extra = _read_extra(path, layers)
        table, added, merged, unchanged = merge_events(existing, new)
        all_extra = old_extra
        if extra is not None and len(extra):
            all_extra = pd.concat([old_extra, extra], ignore_index=True)
            all_extra = all_extra.drop_duplicates(subset=["event_id_cnty", "column"], keep="first")
        if added or merged or len(all_extra) != len(old_extra) or not exists:
            _write_atomically(table, all_extra.reset_index(drop=True), path)
        log.info("store %s: %d added, %d merged, %d unchanged", path, added, merged, unchanged)
    return WriteSummary(added, merged, unchanged, len(table), path)


def read_extra(path: Path | None = None) -> pandas.DataFrame:
    """The columns imported files had beyond ours, long format (event_id_cnty, column, value)."""
    path = path or default_store_path()
    return _read_extra(path, _store_layers(path))
