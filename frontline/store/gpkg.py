"""The GeoPackage event store: one file (layer ``events``) that QGIS opens as it is, written in place, one
SQLite transaction per write, and losing nothing.

* **Layers**: ``events`` has :data:`frontline.events.COLUMNS` (ACLED's in ACLED's order, then ours) and
  after them ``x_added_by``/``x_added_at`` (who stored the event first, and when, UTC), EPSG:4326
  points as GeoPackage binary with their R-tree (kept by GDAL's triggers; a large write fills it once,
  after its rows). ``events_extra`` (event_id_cnty, column, value) keeps the columns an imported ACLED
  file had beyond ours.
* **Writes cost what they add**: an append inserts the new events and updates the merged ones inside
  one SQLite transaction (rollback journal), found through a unique index on ``event_id_cnty``. A
  writer killed at any moment leaves its journal, which the next reader or writer rolls back: the
  store holds all of a write or none of it. A new store is built in a temporary file beside it and
  renamed into place.
* **Writers queue**: a frontline writer takes a lock file beside the store (through a link, beside
  the real file) and waits for another; a store another program holds an SQLite lock on (QGIS editing
  the layer) is refused, not overwritten.
* **Reads** go through GDAL's Arrow stream, rows in the order stored: a date selection finds its rows'
  ids in an index on ``event_date``, a bbox without dates in the R-tree, and the ``longitude``/``latitude``
  columns decide (the geometry every read returns is built from them).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import sqlite3
import struct
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from ..events import ACTORS, COLUMNS, CRS, EVENT_TYPES, conform, empty_events
from ..files import remove_stale_temps, write_atomic
from ._common import (
    ADDED_COLUMNS,
    CORRECTIONS,
    JOINED,
    MERGED,
    Correction,
    Query,
    StoreError,
    StoreLockedError,
    WriteSummary,
    corrected_fields,
    incoming_rows,
    merge_rows,
)

if TYPE_CHECKING:
    import geopandas
    import pandas

__all__ = ["EXTRA_LAYER", "LAYER", "append", "correct", "read", "read_corrections", "read_extra"]

log = logging.getLogger(__name__)

LAYER = "events"
EXTRA_LAYER = "events_extra"
_RTREE = f"rtree_{LAYER}_geom"  # GeoPackage's R-tree of the events' points, as GDAL names it
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")
_EXTRA_COLUMNS = ["event_id_cnty", "column", "value"]
_READ_WAIT_S = 2.0
_WRITE_CACHE_KIB = 256 * 1024  # page cache of a writer: SQLite takes pages as a write needs them
_CHUNK = 500  # ids per lookup: well under SQLite's limit of bound parameters
_INTS = frozenset(("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp"))
_FLOATS = frozenset(("latitude", "longitude"))
# Text columns whose values are nearly all distinct (ids, free text, links); the others repeat from event
# to event, and a write makes a str of each distinct value once (:func:`_cells`).
_DISTINCT = frozenset(("event_id_cnty", "notes", "x_quote", "x_source_url", "x_report_id"))


# -- opening -----------------------------------------------------------------------------------------


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def _held(path: Path, err: Exception) -> StoreLockedError:
    return StoreLockedError(
        f"store {path} is locked by another program ({err}) — close it there (e.g. stop editing the "
        "layer in QGIS) and run the command again; the store was left untouched"
    )


def _unreadable(path: Path, err: Exception) -> StoreError:
    """The error for a store SQLite or GDAL could not read: held by another program (an EXCLUSIVE lock,
    a long write), which is no damage, or else damaged."""
    if _locked(err):
        return _held(path, err)
    return StoreError(
        f"store {path} cannot be read ({err}) — it may be damaged; restore it or give a new path"
    )


def _locked(err: Exception) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


def _recover(path: Path) -> None:
    """Roll back the journal a killed writer left (readers opening the file read-only cannot).

    Opening the file for writing and reading it makes SQLite roll a hot journal back; a journal that a
    live writer holds is not hot, and is left alone."""
    if not path.with_name(path.name + "-journal").exists():
        return
    try:
        con = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=_READ_WAIT_S)
    except sqlite3.Error:
        return  # no write access: reading then says what is wrong
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as err:
        log.info("store %s: journal not rolled back (%s)", path, err)
    finally:
        con.close()


class _Layout(NamedTuple):
    """What a store holds: its layers, the columns of its ``events`` table, and whether that table has
    GeoPackage's R-tree of its geometry."""

    layers: set[str]
    columns: set[str]
    rtree: bool


_NOTHING = _Layout(set(), set(), rtree=False)


def _inspect(path: Path) -> _Layout:
    """The layout of the event store at ``path``; empty when it does not exist (or is an empty file);
    StoreError when ``path`` is something else."""
    if not path.exists():
        return _NOTHING
    if path.is_dir():
        msg = f"store {path} is a directory — give a .gpkg file path with --store"
        raise StoreError(msg)
    with path.open("rb") as f:
        head = f.read(100)
    if not head:
        return _NOTHING
    if not head.startswith(_SQLITE_MAGIC) or head[68:72] not in _GPKG_APPLICATION_IDS:
        msg = (
            f"store {path} is not a GeoPackage — give a .gpkg file made by frontline, or a new path "
            "(the file was left untouched)"
        )
        raise StoreError(msg)
    _recover(path)
    try:
        con = sqlite3.connect(_uri(path, "ro"), uri=True, timeout=_READ_WAIT_S)
        try:
            layers = {str(name) for (name,) in con.execute("SELECT table_name FROM gpkg_contents")}
            columns = {str(r[1]) for r in con.execute(f'PRAGMA table_info("{LAYER}")')}
            rtree = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_RTREE,)
            ).fetchone()
        finally:
            con.close()
    except sqlite3.Error as err:
        raise _unreadable(path, err) from err
    if LAYER not in layers:
        msg = (
            f"store {path} is a GeoPackage without an {LAYER!r} layer (it has: {', '.join(sorted(layers))}) "
            "— it is not a frontline event store; give another --store path"
        )
        raise StoreError(msg)
    return _Layout(layers, columns, rtree=rtree is not None)


# -- reading -----------------------------------------------------------------------------------------


def _sql_text(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _where(query: Query, *, rtree: bool) -> str | None:
    """The SQL condition of ``query``. The rows are looked up by their ids, found first in the index on
    ``event_date`` (or, for a box without dates, in the R-tree when there is one): ids in order visit the
    file from start to end, where the index's order of dates visits it at random."""
    start, end, bbox, event_type, side = query.start, query.end, query.bbox, query.event_type, query.side
    clauses = []
    dates = []
    if start is not None:
        dates.append(f"event_date >= '{start.isoformat()}'")
    if end is not None:
        dates.append(f"event_date <= '{end.isoformat()}'")
    if dates:
        clauses.append(f'rowid IN (SELECT rowid FROM "{LAYER}" WHERE {" AND ".join(dates)})')
    if bbox is not None:
        x0, y0, x1, y1 = (float(v) for v in bbox)
        if rtree and not dates:
            # the R-tree holds each point rounded outwards to 32-bit floats: it finds a few more, never fewer
            clauses.append(
                f'rowid IN (SELECT id FROM "{_RTREE}" WHERE minx <= {x1!r} AND maxx >= {x0!r} '
                f"AND miny <= {y1!r} AND maxy >= {y0!r})"
            )
        clauses.append(
            f"longitude >= {x0!r} AND longitude <= {x1!r} AND latitude >= {y0!r} AND latitude <= {y1!r}"
        )
    if event_type is not None:
        column = "event_type" if event_type in EVENT_TYPES else "sub_event_type"
        clauses.append(f"{column} = {_sql_text(event_type)}")
    if side is not None:
        actor = _sql_text(ACTORS[side])
        code = _sql_text(side)
        clauses.append(
            f"(actor1 = {actor} OR actor2 = {actor} OR x_control_from = {code} OR x_control_to = {code})"
        )
    return " AND ".join(clauses) if clauses else None


def _read_table(path: Path, columns: list[str], where: str | None) -> Any:
    """Rows of the ``events`` layer as an Arrow table, in store order; retried while a writer commits.

    GDAL reads it in threads of its own and hands most batches over together near the end, so the rows
    are made a frame after the read (:func:`_events_of`), a whole column at a time: a thread of ours
    preparing each batch as it came had little to overlap, and its arrays were joined after."""
    import pyarrow.compute as pc
    import pyogrio

    deadline = time.monotonic() + _READ_WAIT_S
    while True:
        try:
            with pyogrio.open_arrow(
                path,
                layer=LAYER,
                columns=columns,
                where=where,
                read_geometry=False,  # every read builds the points from longitude/latitude
                return_fids=bool(where),
                use_pyarrow=True,
            ) as (_, reader):
                table = reader.read_all()
            break
        except Exception as err:
            if not _locked(err):
                raise _unreadable(path, err) from err
            if time.monotonic() > deadline:
                raise _held(path, err) from err
            time.sleep(0.05)
    # the store's order is the order rows were added; SQLite hands rows looked up by id over in that order
    # but does not promise it
    fids = table.column("fid") if where else None
    if fids is not None and len(fids) > 1 and not pc.all(pc.less(fids[:-1], fids[1:])).as_py():
        table = table.take(pc.sort_indices(fids))
    return table


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cycle collector held off while a read makes its objects.

    A read makes a point object per event, and the collector counts them as they come: every so many it
    walks every object the process holds (three whole walks for 200,000 points, more the more objects the
    process holds), which cost more than making the points. No point is in a cycle, so there is nothing
    for it to find among them; it runs as usual again afterwards. Left off when it was off."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _events_of(table: Any) -> geopandas.GeoDataFrame:
    """The event table :func:`frontline.events.conform` makes of these rows, built column by column
    from Arrow (a store holds conformed rows, so the conforming is all in the types): numbers as they
    are, text in pandas' "str" type ("" for none), points made from longitude/latitude."""
    import geopandas as gpd
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import shapely

    index = pd.RangeIndex(table.num_rows)
    data: dict[str, Any] = {}
    for col in COLUMNS:
        values = table.column(col)
        # numbers are copied out of Arrow's memory, which is read-only
        if col in _INTS:
            data[col] = pc.fill_null(values.cast(pa.int64()), 0).to_numpy().copy()
        elif col in _FLOATS:
            data[col] = values.cast(pa.float64()).to_numpy().copy()
        elif col == "x_geonameid":
            data[col] = (
                values.cast(pa.int64()).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get).array
            )
        else:
            # pandas' own "str" type is held by Arrow: the column is handed over, not made str by str
            data[col] = pd.Series(pc.fill_null(values.cast(pa.string()), "").to_pandas(), index=index)
    with _gc_paused():
        points = shapely.points(data["longitude"], data["latitude"])
    data["geometry"] = gpd.GeoSeries(points, index=index, crs=CRS)
    # columns as they are, not copied into one block per type: a block of text cells costs a copy
    return gpd.GeoDataFrame(data, index=index, crs=CRS, copy=False)


def read(
    path: Path,
    query: Query,
) -> geopandas.GeoDataFrame:
    """Events of the GeoPackage at ``path`` (see :func:`frontline.store.read_events`)."""
    layout = _inspect(path)
    if not layout.layers:
        return _with_added(empty_events(), None) if query.added else empty_events()
    wanted = [c for c in (*COLUMNS, *(ADDED_COLUMNS if query.added else ())) if c in layout.columns]
    table = _read_table(path, wanted, _where(query, rtree=layout.rtree))
    if all(c in layout.columns for c in COLUMNS):
        out = _events_of(table)
    else:  # a layer written by another tool with some of the columns: conformed the slow way
        out = conform(table.select([c for c in table.column_names if c in COLUMNS]).to_pandas())
    return _with_added(out, table) if query.added else out


def _with_added(out: geopandas.GeoDataFrame, table: Any) -> geopandas.GeoDataFrame:
    """``out`` (a frame of the read's own) with who added each event, and when (UTC), after the event's
    columns. GDAL reads the time as an Arrow timestamp, which Arrow hands pandas as it is; any other type
    (a column another tool made text) is parsed by pandas."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    names = set(table.column_names) if table is not None else set()
    n = len(out)
    if "x_added_by" in names:
        by = pc.fill_null(table.column("x_added_by").cast(pa.string()), "").to_pandas()
    else:
        by = [""] * n
    out["x_added_by"] = pd.Series(by, dtype="str").set_axis(out.index)
    at = table.column("x_added_at") if "x_added_at" in names else pa.nulls(n, pa.timestamp("us"))
    if pa.types.is_timestamp(at.type):
        when = at.cast(pa.timestamp("us", tz="UTC")).to_pandas()
        when.index = out.index
    else:
        # each value as it comes (another tool's text may mix formats); what is no time reads as none
        texts = pd.Series(at.to_pylist(), index=out.index, dtype=object)
        when = pd.to_datetime(texts, utc=True, format="mixed", errors="coerce")
    out["x_added_at"] = when.dt.as_unit("us")
    return out[[*COLUMNS, *ADDED_COLUMNS, "geometry"]]


def read_extra(path: Path) -> pandas.DataFrame:
    """The columns imported files had beyond ours, long format (event_id_cnty, column, value)."""
    import pandas as pd
    import pyogrio

    if EXTRA_LAYER not in _inspect(path).layers:
        return pd.DataFrame(columns=_EXTRA_COLUMNS)
    try:
        frame = pyogrio.read_dataframe(path, layer=EXTRA_LAYER, read_geometry=False, use_arrow=True)
    except Exception as err:
        raise _unreadable(path, err) from err
    return pd.DataFrame(frame[_EXTRA_COLUMNS].astype(object))


# -- writing: the lock ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _writer_lock(path: Path, *, wait_s: float) -> Iterator[None]:
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
                time.sleep(0.05)
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


# -- writing: GeoPackage geometry ------------------------------------------------------------------------

_ENVELOPE_BYTES = (0, 32, 48, 48, 64)


def _gpkg_points(lon: Any, lat: Any) -> list[bytearray]:
    """GeoPackage binary of points: "GP", version 0, flags (little-endian, no envelope; +0x10 when empty:
    no position), SRS id, then the WKB of the point (little-endian, type 1, x, y). Each is a bytearray,
    which Python's sqlite3 binds as a blob without looking it up among its adapters, as it does bytes."""
    import numpy as np

    x, y = np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")
    layout = [("gp", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4")]
    layout += [("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")]
    points = np.zeros(len(x), dtype=layout)  # packed: 29 bytes a point
    points["gp"] = b"GP"
    points["flags"] = np.where(np.isnan(x) | np.isnan(y), 0x11, 0x01)
    points["srs_id"] = 4326
    points["order"] = points["kind"] = 1
    points["x"], points["y"] = x, y
    raw, size = bytearray(points.tobytes()), points.itemsize
    return [raw[i : i + size] for i in range(0, len(raw), size)]


@lru_cache(maxsize=16)
def _bounds(blob: bytes) -> tuple[float, float, float, float] | None:
    """(min x, max x, min y, max y) of a GeoPackage geometry; None when it is empty."""
    flags = blob[3]
    if flags & 0x10:
        return None
    order = "<" if flags & 0x01 else ">"
    size = _ENVELOPE_BYTES[(flags >> 1) & 0x07]
    if size:
        x0, x1, y0, y1 = struct.unpack_from(order + "4d", blob, 8)
        return x0, x1, y0, y1
    wkb = blob[8:]
    wkb_order = "<" if wkb[0] == 1 else ">"
    (kind,) = struct.unpack_from(wkb_order + "I", wkb, 1)
    if kind == 1:  # a 2D point, the events layer's own kind
        x, y = struct.unpack_from(wkb_order + "2d", wkb, 5)
        return x, x, y, y
    import shapely

    bx0, by0, bx1, by1 = shapely.from_wkb(wkb).bounds
    return bx0, bx1, by0, by1


def _st(index: int) -> Any:
    def f(blob: bytes | None) -> float | None:
        bounds = _bounds(bytes(blob)) if blob is not None else None
        return bounds[index] if bounds else None

    return f


def _st_is_empty(blob: bytes | None) -> int | None:
    return None if blob is None else int(_bounds(bytes(blob)) is None)


def _connect_for_writing(path: Path) -> sqlite3.Connection:
    """A connection that can run GDAL's R-tree triggers (they call the ST_ functions SpatiaLite and GDAL
    define) and has begun an immediate transaction; :class:`StoreLockedError` when another program holds
    the database."""
    try:
        con = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=0.2, isolation_level=None)
    except sqlite3.Error as err:
        msg = f"store {path} cannot be opened ({err}) — check its permissions"
        raise StoreError(msg) from err
    # a write's pages stay in memory until it commits: with SQLite's default of 2 MB a large write spills
    # them into the file midway (syncing the journal first) and reads index pages back again; 100k events
    # added to 100k touch ~100 MB of table, index and R-tree pages (64 MB spilled: 3.7 s against 3.2)
    con.execute(f"PRAGMA cache_size = -{_WRITE_CACHE_KIB}")
    con.create_function("ST_IsEmpty", 1, _st_is_empty, deterministic=True)
    for name, index in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, _st(index), deterministic=True)
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as err:
        con.close()
        raise _unreadable(path, err) from err
    return con


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[sqlite3.Connection]:
    """:func:`_connect_for_writing` for a block that commits what it means to keep: when the block
    raises (or is interrupted), its open transaction is rolled back; the connection is closed either way."""
    con = _connect_for_writing(path)
    try:
        yield con
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def _now() -> str:
    """The time now, UTC, as the store records it (``2024-09-15T08:30:00.123Z``)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# -- writing: schema ----------------------------------------------------------------------------------------


def _create(path: Path) -> None:
    """A new, empty store at ``path``, built whole beside it by GDAL and renamed into place."""
    import pandas as pd
    import pyogrio

    def write(tmp: Path) -> None:
        pyogrio.write_dataframe(
            empty_events(), tmp, layer=LAYER, driver="GPKG", geometry_type="Point", promote_to_multi=False
        )
        extra = pd.DataFrame({c: pd.Series(dtype=object) for c in _EXTRA_COLUMNS})
        pyogrio.write_dataframe(extra, tmp, layer=EXTRA_LAYER, driver="GPKG", append=True)

    write_atomic(path, write, error=StoreError)


# The extra table as GDAL writes it, for stores made before it was always created.
_EXTRA_DDL = (
    f'CREATE TABLE "{EXTRA_LAYER}" ( "fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"event_id_cnty" TEXT, "column" TEXT, "value" TEXT)',
    f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
    f"VALUES ('{EXTRA_LAYER}', 'attributes', '{EXTRA_LAYER}', '', 0)",
)


def _migrate(con: sqlite3.Connection) -> bool:
    """Bring a store made by an older frontline up to date; whether anything changed."""
    changed = False
    columns = {r[1] for r in con.execute(f'PRAGMA table_info("{LAYER}")')}
    for name, kind in zip(ADDED_COLUMNS, ("TEXT", "DATETIME"), strict=True):
        if name not in columns:
            con.execute(f'ALTER TABLE "{LAYER}" ADD COLUMN "{name}" {kind}')
            changed = True
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
    if EXTRA_LAYER not in names:
        for statement in _EXTRA_DDL:
            con.execute(statement)
        changed = True
    indexes = {
        f"{LAYER}_event_id_cnty": f'CREATE UNIQUE INDEX "{LAYER}_event_id_cnty" ON "{LAYER}" (event_id_cnty)',
        f"{LAYER}_event_date": f'CREATE INDEX "{LAYER}_event_date" ON "{LAYER}" (event_date)',
        f"{EXTRA_LAYER}_key": (
            f'CREATE UNIQUE INDEX "{EXTRA_LAYER}_key" ON "{EXTRA_LAYER}" (event_id_cnty, "column")'
        ),
    }
    for name, statement in indexes.items():
        if name not in names:
            try:
                con.execute(statement)
            except sqlite3.IntegrityError as err:
                msg = f"the store holds one event id twice ({err}) — export it and import it into a new store"
                raise StoreError(msg) from err
            changed = True
    return changed


# -- writing: rows ------------------------------------------------------------------------------------------


def _existing(con: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[int, dict[str, Any]]]:
    """The stored events among ``ids``: id → (fid, the columns a merge may change)."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    select = ", ".join(f'"{c}"' for c in MERGED)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = con.execute(
            f'SELECT fid, event_id_cnty, {select} FROM "{LAYER}" WHERE event_id_cnty IN ({marks})', chunk
        )
        for fid, key, *values in rows:
            old = dict(zip(MERGED, values, strict=True))
            for col in JOINED:
                old[col] = old[col] or ""  # as a read gives them
            old["fatalities"] = int(old["fatalities"] or 0)
            found[key] = (fid, old)
    return found


def _insert_rows(table: pandas.DataFrame, who: str, when: str) -> Iterator[tuple[Any, ...]]:
    """Rows to insert, made column by column (values SQLite binds: no numpy scalars, no pandas NA) and
    handed over one by one as SQLite takes them: a list of them all is a tuple per row kept alive, which
    the garbage collector walks again and again while it grows.

    Python's sqlite3 binds int, float, str and bytearray as they are but looks every other value up among
    its adapters first (0.6-0.8 µs a value, against 0.06-0.3): points go as bytearray, and a missing
    GeoNames id as NaN, which SQLite stores as NULL, as it does None."""
    import numpy as np

    columns: list[list[Any]] = [_gpkg_points(table["longitude"], table["latitude"])]
    for col in COLUMNS:
        series = table[col]
        if col == "x_geonameid":
            columns.append(series.to_numpy(dtype=object, na_value=np.nan).tolist())
        elif col in _DISTINCT or series.dtype.kind in "iuf":
            columns.append(series.tolist())
        else:
            columns.append(_cells(series))
    n = len(table)
    columns += [[who] * n, [when] * n]
    return zip(*columns, strict=True)


def _cells(text: pandas.Series) -> list[Any]:
    """The cells of a text column whose values repeat, as Python values: a str made once for each
    distinct value (Arrow encodes the column as a dictionary), not once a cell; missing as None."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(text.array, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):  # pandas' str columns are chunked as Arrow read them
        array = array.combine_chunks()
    encoded = pc.dictionary_encode(array)
    values = np.asarray([*encoded.dictionary.to_pylist(), None], dtype=object)
    codes = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy()
    return values[codes].tolist()


def _write_events(
    con: sqlite3.Connection, new: geopandas.GeoDataFrame, who: str, when: str
) -> tuple[int, int, int, pandas.DataFrame]:
    """Insert the new events and merge the known ones: (added, merged, unchanged, rows inserted)."""
    import pandas as pd

    ids = new["event_id_cnty"]
    existing = _existing(con, list(dict.fromkeys(ids.tolist())))
    # rows new to the store and alone in the batch are inserted as they are; only the others are merged
    needs_merge = ids.duplicated(keep=False) | ids.isin(existing)
    some = bool(needs_merge.any())
    plain = new[~needs_merge] if some else new
    updates: list[tuple[Any, ...]] = []
    fresh: list[dict[str, Any]] = []
    unchanged = 0
    for key, rec in (incoming_rows(new[needs_merge]) if some else {}).items():
        if key not in existing:
            fresh.append(rec)
            continue
        fid, old = existing[key]
        combined = merge_rows(old, rec)
        if combined == old:
            unchanged += 1
        else:
            updates.append((*(combined[c] for c in MERGED), fid))
    if updates:
        assignments = ", ".join(f'"{c}" = ?' for c in MERGED)
        con.executemany(f'UPDATE "{LAYER}" SET {assignments} WHERE fid = ?', updates)
    inserted = plain
    if fresh:
        # in the order each event first appears in the batch, as a rewrite of the whole table would
        first = {key: pos for pos, key in reversed(list(enumerate(ids)))}
        merged_fresh = conform(pd.DataFrame(fresh, columns=list(COLUMNS)))
        order = [*(first[k] for k in plain["event_id_cnty"]), *(first[r["event_id_cnty"]] for r in fresh)]
        inserted = pd.concat([plain, merged_fresh], ignore_index=True)
        inserted = inserted.iloc[sorted(range(len(order)), key=order.__getitem__)]
    if len(inserted):
        _insert(con, inserted, who, when)
    return len(inserted), len(updates), unchanged, inserted


_BULK = 1000  # rows from which GDAL's triggers' work is done once, after them, rather than row by row
_INDEX_SHARE = 1 / 3  # rows added per row held from which the indexes are made anew after them
_RTREE_TRIGGER = f"{_RTREE}_insert"
_COUNT_TRIGGER = f"trigger_insert_feature_count_{LAYER}"


def _insert(con: sqlite3.Connection, table: pandas.DataFrame, who: str, when: str) -> None:
    """Insert the events of ``table``, stored by ``who`` at ``when``. GDAL's triggers keep the R-tree and
    the feature count row by row; for many rows they are set aside inside the transaction (so no reader
    ever misses them) and their work is done in one statement each, as is our indexes' when the rows
    are many beside those held."""
    names = ", ".join(f'"{c}"' for c in ("geom", *COLUMNS, *ADDED_COLUMNS))
    marks = ", ".join("?" * (len(COLUMNS) + len(ADDED_COLUMNS) + 1))
    insert = f'INSERT INTO "{LAYER}" ({names}) VALUES ({marks})'
    triggers = dict(
        con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
            (_RTREE_TRIGGER, _COUNT_TRIGGER),
        ).fetchall()
    )
    rows = _insert_rows(table, who, when)
    if len(table) < _BULK or not triggers:
        con.executemany(insert, rows)
        return
    (last,) = con.execute(f'SELECT coalesce(max(fid), 0) FROM "{LAYER}"').fetchone()
    held = _count(con)
    for name in triggers:
        con.execute(f'DROP TRIGGER "{name}"')
    # our indexes on the id and the date, made anew after the rows when they are many beside those held
    # (sorting every key once costs ~1.6 µs a row stored, entering a key at a time ~7 µs a row added); the
    # ids were looked up before, so the unique one finds none twice
    indexes = []
    if len(table) >= _INDEX_SHARE * held:
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name IN (?, ?)",
            (LAYER, f"{LAYER}_event_id_cnty", f"{LAYER}_event_date"),
        ).fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
    con.executemany(insert, rows)
    for _, sql in indexes:
        con.execute(sql)
    if _RTREE_TRIGGER in triggers:
        # our rows' points are their longitude/latitude (an empty point, NULL there, has no entry)
        con.execute(
            f'INSERT INTO "{_RTREE}" SELECT fid, longitude, longitude, latitude, latitude '
            f'FROM "{LAYER}" WHERE fid > ? AND longitude IS NOT NULL AND latitude IS NOT NULL',
            (last,),
        )
    if _COUNT_TRIGGER in triggers:
        con.execute(
            "UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? WHERE lower(table_name) = ?",
            (len(table), LAYER.lower()),
        )
    for sql in triggers.values():
        con.execute(sql)


def _write_extra(con: sqlite3.Connection, extra: pandas.DataFrame | None) -> int:
    """Store the extra columns of events not stored with them yet (the first value stays); how many."""
    if extra is None or not len(extra):
        return 0
    before = con.total_changes
    rows = [tuple(map(str, r)) for r in extra[_EXTRA_COLUMNS].itertuples(index=False, name=None)]
    con.executemany(
        f'INSERT OR IGNORE INTO "{EXTRA_LAYER}" (event_id_cnty, "column", value) VALUES (?, ?, ?)', rows
    )
    return con.total_changes - before


def _touch_contents(con: sqlite3.Connection, inserted: pandas.DataFrame, extra_added: int) -> None:
    """Keep ``gpkg_contents`` true: when each table last changed, and the extent of the events."""
    stamp = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    con.execute(f"UPDATE gpkg_contents SET last_change = {stamp} WHERE table_name = ?", (LAYER,))
    if extra_added:
        con.execute(f"UPDATE gpkg_contents SET last_change = {stamp} WHERE table_name = ?", (EXTRA_LAYER,))
    lon, lat = inserted["longitude"], inserted["latitude"]
    if len(inserted) and lon.notna().any() and lat.notna().any():
        con.execute(
            "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, :x0), :x0), "
            "max_x = max(coalesce(max_x, :x1), :x1), min_y = min(coalesce(min_y, :y0), :y0), "
            "max_y = max(coalesce(max_y, :y1), :y1) WHERE table_name = :t",
            {"x0": lon.min(), "x1": lon.max(), "y0": lat.min(), "y1": lat.max(), "t": LAYER},
        )


def _count(con: sqlite3.Connection) -> int:
    """Events stored: GDAL's maintained count when its trigger keeps it, else counted."""
    kept = con.execute(
        "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = ? AND EXISTS (SELECT 1 FROM "
        "sqlite_master WHERE type = 'trigger' AND name = ?)",
        (LAYER, _COUNT_TRIGGER),
    ).fetchone()
    if kept and kept[0] is not None:
        return int(kept[0])
    return int(con.execute(f'SELECT count(*) FROM "{LAYER}"').fetchone()[0])


def append(
    new: geopandas.GeoDataFrame,
    path: Path,
    *,
    extra: pandas.DataFrame | None,
    analyst: str,
    lock_wait_s: float,
) -> WriteSummary:
    """Merge ``new`` (a conformed event table) into the GeoPackage at ``path`` in one transaction."""
    with _writer_lock(path, wait_s=lock_wait_s):
        remove_stale_temps(path)  # left by a writer killed while creating the store
        if not _inspect(path).layers:
            _create(path)
        with _writing(path) as con:
            changed = _migrate(con)
            added, merged, unchanged, inserted = _write_events(con, new, analyst, _now())
            extra_added = _write_extra(con, extra)
            total = _count(con)
            if added or merged or extra_added or changed:
                _touch_contents(con, inserted, extra_added)
                con.execute("COMMIT")
            else:
                con.execute("ROLLBACK")  # nothing new: the file stays byte for byte as it was
    log.info("store %s: %d added, %d merged, %d unchanged", path, added, merged, unchanged)
    return WriteSummary(added, merged, unchanged, total, path)


# -- corrections (``frontline events set``) ----------------------------------------------------------

_CORRECTIONS_TABLE = (
    f'CREATE TABLE IF NOT EXISTS "{CORRECTIONS}" (id INTEGER PRIMARY KEY AUTOINCREMENT, '
    "event_id_cnty TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, analyst TEXT NOT NULL, "
    "at TEXT NOT NULL)"
)


def read_corrections(path: Path) -> list[Correction]:
    """The corrections recorded in the GeoPackage at ``path``, in the order made (none when absent)."""
    if not _inspect(path).layers:
        return []
    con = sqlite3.connect(_uri(path, "ro"), uri=True, timeout=_READ_WAIT_S)
    try:
        found = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (CORRECTIONS,)
        ).fetchone()
        if not found:
            return []
        rows = con.execute(
            f'SELECT event_id_cnty, field, value, analyst, at FROM "{CORRECTIONS}" ORDER BY id'
        ).fetchall()
    except sqlite3.Error as err:
        raise _unreadable(path, err) from err
    finally:
        con.close()
    return [Correction(*row) for row in rows]


def correct(path: Path, event_id: str, fields: dict[str, str], *, analyst: str, lock_wait_s: float) -> None:
    """Record ``fields`` (see :class:`Correction`) for ``event_id`` with who and when, and apply them
    to the stored event; :class:`StoreError` when the store has no such event."""
    with _writer_lock(path, wait_s=lock_wait_s):
        if not _inspect(path).layers:
            msg = f"store {path} holds no events — there is no event {event_id!r} to set"
            raise StoreError(msg)
        with _writing(path) as con:
            row = con.execute(f'SELECT fid FROM "{LAYER}" WHERE event_id_cnty = ?', (event_id,)).fetchone()
            if row is None:
                msg = f"store {path} has no event {event_id!r} — list events with `frontline review`"
                raise StoreError(msg)
            when = _now()
            con.execute(_CORRECTIONS_TABLE)
            con.executemany(
                f'INSERT INTO "{CORRECTIONS}" (event_id_cnty, field, value, analyst, at) '
                "VALUES (?, ?, ?, ?, ?)",
                [(event_id, field, value, analyst, when) for field, value in fields.items()],
            )
            if "drop" in fields:
                con.execute(f'DELETE FROM "{LAYER}" WHERE fid = ?', row)
            else:
                values = corrected_fields(fields)
                assignments = ", ".join(f'"{c}" = ?' for c in values)
                params: list[Any] = list(values.values())
                if "longitude" in values:
                    assignments += ", geom = ?"
                    params += _gpkg_points([values["longitude"]], [values["latitude"]])
                con.execute(f'UPDATE "{LAYER}" SET {assignments} WHERE fid = ?', [*params, row[0]])
            stamp = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            con.execute(f"UPDATE gpkg_contents SET last_change = {stamp} WHERE table_name = ?", (LAYER,))
            con.execute("COMMIT")
