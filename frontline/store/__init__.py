"""The event store: one table of events, in a GeoPackage file (one analyst) or a PostGIS database (a team).

* **Where**: a path names a GeoPackage (:mod:`frontline.store.gpkg`: QGIS opens it as it is); a
  ``postgresql://user@host/db`` URL names a PostGIS database (:mod:`frontline.store.postgis`). None
  means ``$FRONTLINE_STORE`` when set, else ``events.gpkg`` in the user data directory.
* **Columns**: exactly :data:`frontline.events.COLUMNS` (ACLED's in ACLED's order, then ours), EPSG:4326
  points; both stores also record who stored each event first and when (``x_added_by``,
  ``x_added_at``; ``read_events(…, added=True)``). Columns an imported ACLED file had beyond ours are
  kept apart (event_id_cnty, column, value) and come back on export.
* **Identity**: an event is its ``event_id_cnty``. Extracted events get an id from their place, date and
  sub-event type (:func:`frontline.events.event_id`), so the same report stored twice adds nothing and
  the same event from a second source becomes one event with both sources, both report ids, both
  claimants (``"; "``-joined), the confidence :func:`frontline.confidence.merge_told` gives — the
  strongest, and confirmed once two independent sources report it in their own voice — and the higher
  fatality count (:func:`merge_events`); both stores merge the same way, in place. ``x_sources``
  (``read_events(…, sources=True)``) counts the sources of each event.
* **Atomic writes**: a write lands whole or not at all, whatever kills it; concurrent writers wait for
  each other and all land.

Side codes in ``x_control_from``/``x_control_to`` and the ``side`` filter: ``"UA"`` (Ukraine's forces)
and ``"RU"`` (Russia's forces and those fighting with them: Wagner, the DPR/LPR formations).

>>> is_database_url("postgresql://analyst@db.example/events"), is_database_url("events.gpkg")
(True, False)
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..events import Event, conform, empty_events, events_frame
from ._common import (
    ADDED_COLUMNS,
    PLACE_FIELDS,
    Correction,
    Query,
    StoreError,
    StoreLockedError,
    WriteSummary,
    analyst_name,
    apply_corrections,
    latest_corrections,
    merge_events,
)
from .gpkg import EXTRA_LAYER, LAYER

if TYPE_CHECKING:
    import geopandas
    import pandas

__all__ = [
    "ADDED_COLUMNS",
    "EXTRA_LAYER",
    "LAYER",
    "Correction",
    "StoreError",
    "StoreLike",
    "StoreLockedError",
    "WriteSummary",
    "append_events",
    "correct_event",
    "default_store",
    "default_store_path",
    "is_database_url",
    "merge_events",
    "read_corrections",
    "read_events",
    "read_extra",
    "source_counts",
    "store_name",
]

#: Where a store is: a GeoPackage path, a ``postgresql://`` URL, or None for the default.
StoreLike = Path | str | None

_APP = "frontline"
_LOCK_WAIT_S = 10.0
_URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(store: object) -> bool:
    """Whether ``store`` is a PostgreSQL URL rather than a file path."""
    return isinstance(store, str) and store.strip().lower().startswith(_URL_SCHEMES)


def default_store_path() -> Path:
    """``events.gpkg`` in the user data directory (``$FRONTLINE_DATA_DIR`` when set)."""
    env = os.environ.get("FRONTLINE_DATA_DIR")
    if env:
        return Path(env) / "events.gpkg"
    import platformdirs

    return Path(platformdirs.user_data_dir(_APP, appauthor=False)) / "events.gpkg"


def default_store() -> Path | str:
    """``$FRONTLINE_STORE`` (a path or a ``postgresql://`` URL) when set, else :func:`default_store_path`."""
    env = os.environ.get("FRONTLINE_STORE", "").strip()
    if env:
        return env if is_database_url(env) else Path(env)
    return default_store_path()


def _resolve(store: StoreLike) -> Path | str:
    if store is None or (isinstance(store, str) and not store.strip()):
        return default_store()
    if is_database_url(store):
        return str(store).strip()
    return Path(store)


def store_name(store: StoreLike) -> str:
    """How messages name a store: its path, or its URL with the password masked."""
    where = _resolve(store)
    if isinstance(where, Path):
        return str(where)
    from .postgis import masked

    return masked(where)


def read_events(
    store: StoreLike = None,
    *,
    start: date | None = None,
    end: date | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    event_type: str | None = None,
    side: str | None = None,
    added: bool = False,
    sources: bool = False,
) -> geopandas.GeoDataFrame:
    """Events in the store, optionally only those dated ``start``..``end`` (inclusive), inside ``bbox``
    (min lon, min lat, max lon, max lat), of ``event_type`` (an ACLED event type or sub-event type),
    or involving ``side`` (``"UA"`` or ``"RU"``: as actor, or gaining or losing control).

    In the order they were first stored. An empty, correctly columned table when the store is empty or
    absent. ``added`` adds ``x_added_by`` and ``x_added_at`` (UTC) after the event's columns;
    ``sources`` adds ``x_sources``, how many sources tell each event (:func:`source_counts`).
    """
    query = Query(start, end, bbox, event_type, side, added)
    where = _resolve(store)
    if isinstance(where, str):
        from . import postgis

        table = postgis.read(where, query)
    else:
        from . import gpkg

        table = gpkg.read(where, query)
    if sources:
        table.insert(table.columns.get_loc("geometry"), "x_sources", source_counts(table))
    return table


def source_counts(events: pandas.DataFrame) -> pandas.Series:
    """How many sources tell each event: the distinct ``"; "``-joined parts of its ``source``.

    Derived, not stored: the store keeps DESIGN.md's columns, and a count kept beside ``source`` could
    come to disagree with it.

    >>> import pandas as pd
    >>> source_counts(pd.DataFrame({"source": ["Wire A; Wire B", "Wire A", "", None]})).tolist()
    [2, 1, 0, 0]
    """
    import pandas as pd

    counts = [
        len({part.strip() for part in str(v).split("; ") if part.strip()}) if isinstance(v, str) else 0
        for v in events["source"]
    ]
    return pd.Series(counts, index=events.index, name="x_sources", dtype="int64")


def read_extra(store: StoreLike = None) -> pandas.DataFrame:
    """The columns imported files had beyond ours, long format (event_id_cnty, column, value)."""
    where = _resolve(store)
    if isinstance(where, str):
        from . import postgis

        return postgis.read_extra(where)
    from . import gpkg

    return gpkg.read_extra(where)


@lru_cache(maxsize=1)
def _conformed_dtypes() -> tuple[tuple[str, str], ...]:
    return tuple((str(col), str(dtype)) for col, dtype in empty_events().dtypes.items())


def _conformed(events: geopandas.GeoDataFrame) -> bool:
    """Whether ``events`` is what :func:`frontline.events.conform` would make of it, as far as a write
    uses it (the columns and their types; text in pandas' "str" type holds nothing but str or missing,
    which a write stores as missing too): conforming costs more than a small append itself."""
    return tuple((str(c), str(d)) for c, d in events.dtypes.items()) == _conformed_dtypes()


def append_events(
    events: geopandas.GeoDataFrame | Iterable[Event],
    store: StoreLike = None,
    *,
    extra: pandas.DataFrame | None = None,
    analyst: str | None = None,
    lock_wait_s: float = _LOCK_WAIT_S,
) -> WriteSummary:
    """Merge ``events`` into the store (the default store when None), atomically.

    ``extra`` holds columns beyond ours, long format (event_id_cnty, column, value), from imports.
    Events new to the store record ``analyst`` (default: the operating system's user name) and the
    time. Nothing is written when nothing changes. Another frontline process writing a GeoPackage is
    waited for up to ``lock_wait_s`` seconds, then :class:`StoreLockedError`; a database's writers
    wait for each other row by row.
    """
    import geopandas as gpd

    where = _resolve(store)
    # a table may come from anywhere, so it is conformed (unless it is already); events_frame conforms
    if isinstance(events, gpd.GeoDataFrame):
        new = events if _conformed(events) else conform(events)
    else:
        new = events_frame(events)
    who = analyst_name(analyst)
    # an analyst's corrections outlive re-extraction: dropped events stay out, places and confidence
    # stay as set
    told = len(new)
    new = apply_corrections(new, latest_corrections(read_corrections(where)))
    dropped = told - len(new)
    if isinstance(where, str):
        from . import postgis

        return replace(postgis.append(new, where, extra=extra, analyst=who), dropped=dropped)
    from . import gpkg

    # through a link, the file it names: written in place (the link stays a link), and locked once
    # whichever path a writer came by
    path = Path(os.path.realpath(where))
    try:
        summary = gpkg.append(new, path, extra=extra, analyst=who, lock_wait_s=lock_wait_s)
        return replace(summary, dropped=dropped)
    except OSError as err:
        msg = f"cannot write store {path} ({err.strerror or err}) — choose a writable --store path"
        raise StoreError(msg) from err
    except sqlite3.OperationalError as err:
        msg = f"cannot write store {path} ({err}) — free disk space or choose another --store path"
        raise StoreError(msg) from err


def read_corrections(store: StoreLike = None) -> list[Correction]:
    """The corrections analysts made to the store's events (``frontline events set``), oldest first."""
    where = _resolve(store)
    if isinstance(where, str):
        from . import postgis

        return postgis.read_corrections(where)
    from . import gpkg

    return gpkg.read_corrections(Path(os.path.realpath(where)))


def correct_event(
    event_id: str,
    store: StoreLike = None,
    *,
    place: dict[str, object] | None = None,
    drop: bool = False,
    confidence: str | None = None,
    analyst: str | None = None,
    lock_wait_s: float = _LOCK_WAIT_S,
) -> Correction:
    """Correct one stored event — move it to ``place`` (the values of
    :data:`~frontline.store._common.PLACE_FIELDS`), ``drop`` it, or set its ``confidence`` — and record
    the correction with who made it and when. Later writes of the same event (a re-extraction of its
    report, another source telling it) keep the correction: a dropped event is not stored again, a
    moved one keeps its new place, the confidence stays as set unless new evidence confirms it (two
    independent sources reporting an event set to ``reported``)."""
    from ..confidence import CONFIDENCES

    fields: dict[str, str] = {}
    if drop:
        fields["drop"] = "1"
    if confidence is not None:
        if confidence not in CONFIDENCES:
            msg = f"confidence {confidence!r} must be one of: {', '.join(CONFIDENCES)}"
            raise StoreError(msg)
        fields["x_confidence"] = confidence
    if place is not None:
        missing = [f for f in PLACE_FIELDS if f not in place]
        if missing:
            msg = f"a place needs {', '.join(PLACE_FIELDS)}; {', '.join(missing)} missing"
            raise StoreError(msg)
        fields["place"] = json.dumps({f: place[f] for f in PLACE_FIELDS}, ensure_ascii=False)
    if not fields:
        msg = "nothing to set — give --place, --drop or --confidence"
        raise StoreError(msg)
    who = analyst_name(analyst)
    where = _resolve(store)
    if isinstance(where, str):
        from . import postgis

        postgis.correct(where, event_id, fields, analyst=who)
    else:
        from . import gpkg

        gpkg.correct(Path(os.path.realpath(where)), event_id, fields, analyst=who, lock_wait_s=lock_wait_s)
    return read_corrections(store)[-1]
