"""The PostGIS event store, for a team: the same events table in a PostgreSQL database every analyst writes.

``--store postgresql://user@host/db`` (or ``FRONTLINE_STORE``); the password comes from the URL,
``PGPASSWORD`` or ``~/.pgpass`` as for every libpq client, and never appears in a message.

* **Tables** (made on the first write, by a user allowed to create them): ``events`` with the event's
  columns (``event_date`` a ``date``, the rest as in the GeoPackage), ``x_added_by``/``x_added_at``,
  a ``geometry(Point, 4326)`` column with a GiST index, an index on ``event_date``, and
  ``event_id_cnty`` as a unique constraint; ``events_extra`` (event_id_cnty, column, value).
* **Merges in the database**: a write copies its events into a temporary table and inserts them with
  ``INSERT … ON CONFLICT (event_id_cnty) DO UPDATE``, joining sources, links, report ids and claimants,
  merging the confidence by :func:`frontline.confidence.merge`'s rule and keeping the higher fatality
  count, in SQL functions that do what :func:`frontline.store._common.merge_rows` does. Rows are taken
  in id order, so concurrent writers never wait on each other in a circle; a deadlock or serialisation
  failure the server reports anyway is retried.
* **Rights**: reading needs ``SELECT``; writing ``INSERT`` and ``UPDATE`` (and the first write
  ``CREATE`` and the PostGIS extension). Every refusal is one line saying what to ask for.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from ..events import ACTORS, COLUMNS, EVENT_TYPES, conform, empty_events
from ._common import (
    ADDED_COLUMNS,
    CORRECTIONS,
    JOINED,
    Correction,
    Query,
    StoreError,
    WriteSummary,
    corrected_fields,
    incoming_rows,
)

if TYPE_CHECKING:
    import geopandas
    import pandas
    import psycopg

__all__ = ["append", "correct", "masked", "read", "read_corrections", "read_extra"]

log = logging.getLogger(__name__)

_INTS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp", "x_geonameid")
_FLOATS = ("latitude", "longitude")
_RETRIES = 6


def _kind(col: str) -> str:
    if col == "event_date":
        return "date"
    if col in _INTS:
        return "bigint" if col == "x_geonameid" else "bigint NOT NULL DEFAULT 0"
    if col in _FLOATS:
        return "double precision"
    return "text NOT NULL DEFAULT ''"


_COLUMN_DDL = ",\n  ".join(f'"{c}" {_kind(c)}' for c in COLUMNS)
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS events (
  fid bigserial PRIMARY KEY,
  {_COLUMN_DDL},
  geom geometry(Point, 4326),
  x_added_by text NOT NULL DEFAULT current_user,
  x_added_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_event_id_cnty_key UNIQUE (event_id_cnty)
);
CREATE INDEX IF NOT EXISTS events_geom_idx ON events USING gist (geom);
CREATE INDEX IF NOT EXISTS events_event_date_idx ON events (event_date);
CREATE TABLE IF NOT EXISTS events_extra (
  event_id_cnty text NOT NULL,
  "column" text NOT NULL,
  value text NOT NULL DEFAULT '',
  PRIMARY KEY (event_id_cnty, "column")
);
-- a's parts, then those of b that a lacks: frontline.store._common.join
CREATE OR REPLACE FUNCTION frontline_join(a text, b text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_string(
    array(SELECT p FROM unnest(string_to_array(coalesce(a, ''), '; ')) WITH ORDINALITY AS t(p, i)
          WHERE p <> '' ORDER BY i)
    || array(SELECT p FROM unnest(string_to_array(coalesce(b, ''), '; ')) WITH ORDINALITY AS t(p, i)
             WHERE p <> '' AND NOT p = ANY(string_to_array(coalesce(a, ''), '; ')) ORDER BY i),
    '; ')
$$;
-- rule 4 of frontline.confidence: a confirmation wins, then a denial, then the surer; unknown: a stays
CREATE OR REPLACE FUNCTION frontline_confidence(a text, b text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN 'confirmed' IN (a, b) THEN 'confirmed'
    WHEN 'disputed' IN (a, b) THEN 'disputed'
    WHEN 'reported' IN (a, b) THEN 'reported'
    WHEN 'claimed' IN (a, b) THEN 'claimed'
    WHEN 'unconfirmed' IN (a, b) THEN 'unconfirmed'
    ELSE a END
$$;
-- rule 6 of frontline.confidence (merge_told): a second independent source in its own voice confirms
CREATE OR REPLACE FUNCTION frontline_confidence(a text, b text, sa text, sb text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN frontline_confidence(a, b) = 'reported' AND a IN ('reported', 'confirmed')
         AND b IN ('reported', 'confirmed') AND coalesce(sa, '') <> ''
         AND EXISTS (SELECT 1 FROM unnest(string_to_array(coalesce(sb, ''), '; ')) AS n(p)
                     WHERE trim(p) <> '' AND lower(trim(p)) <> ALL (
                       SELECT lower(trim(q)) FROM unnest(string_to_array(sa, '; ')) AS o(q)))
    THEN 'confirmed'
    ELSE frontline_confidence(a, b) END
$$;
"""
_SCHEMA_LOCK = 0x66726F6E  # "fron": one schema creation at a time


def masked(url: str) -> str:
    """``url`` with its password (in the user part or the query) replaced by ``***``.

    >>> masked("postgresql://olena:s3cret@db.example:5432/events?sslmode=require")
    'postgresql://olena:***@db.example:5432/events?sslmode=require'
    >>> masked("postgresql:///events?host=/run/postgresql&password=s3cret")
    'postgresql:///events?host=/run/postgresql&password=***'
    """
    url = re.sub(r"^([a-z][a-z0-9+.-]*://[^:/@?#]*):[^@/?#]*@", r"\1:***@", url, flags=re.IGNORECASE)
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", url, flags=re.IGNORECASE)


def _one_line(err: Exception) -> str:
    text = " ".join(str(err).split())
    return re.sub(r"^connection failed: ", "", text)


def _connection_error(url: str, err: Exception) -> StoreError:
    where, text = masked(url), _one_line(err)
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        fix = "check the user and password (in the URL, PGPASSWORD or ~/.pgpass)"
    elif "does not exist" in low and "database" in low:
        fix = "create the database (createdb) or name another one in the URL"
    elif "role" in low and "does not exist" in low:
        fix = "check the user name in the URL, or ask the database's owner to create that role"
    else:
        fix = "check the host and port in the URL, and that PostgreSQL is running and accepts connections"
    return StoreError(f"cannot connect to the event store {where} ({text}) — {fix}")


@contextmanager
def _connect(url: str) -> Iterator[psycopg.Connection[Any]]:
    import psycopg

    try:
        con = psycopg.connect(url, connect_timeout=10, application_name="frontline")
    except psycopg.Error as err:
        raise _connection_error(url, err) from err
    try:
        yield con
    finally:
        con.close()


def _refused(url: str, con: psycopg.Connection[Any], err: Exception, doing: str) -> StoreError:
    user = con.info.user
    return StoreError(
        f"user {user!r} may not {doing} in the event store {masked(url)} ({_one_line(err)}) — ask the "
        "database's owner for the right (GRANT …), or use a store you can write"
    )


def _has_table(con: psycopg.Connection[Any]) -> bool:
    row = con.execute("SELECT to_regclass('events') IS NOT NULL").fetchone()
    return bool(row and row[0])


def _ensure_schema(con: psycopg.Connection[Any], url: str) -> None:
    """Make the tables and functions on the first write (one writer at a time)."""
    import psycopg

    found = con.execute(
        "SELECT to_regclass('events') IS NOT NULL AND to_regclass('events_extra') IS NOT NULL "
        "AND to_regprocedure('frontline_join(text, text)') IS NOT NULL "
        "AND to_regprocedure('frontline_confidence(text, text)') IS NOT NULL "
        "AND to_regprocedure('frontline_confidence(text, text, text, text)') IS NOT NULL"
    ).fetchone()
    con.commit()
    if found and found[0]:
        return
    try:
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            _ensure_postgis(con, url)
            con.execute(_SCHEMA.encode())
    except psycopg.errors.InsufficientPrivilege as err:
        raise _refused(url, con, err, "create the events table") from err


def _ensure_postgis(con: psycopg.Connection[Any], url: str) -> None:
    import psycopg

    if con.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
        return
    available = con.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
    if not available:
        msg = (
            f"the database server of {masked(url)} has no PostGIS — install it there (Debian: "
            "apt-get install postgresql-15-postgis-3, for the server's version) and run "
            "CREATE EXTENSION postgis; in the database"
        )
        raise StoreError(msg)
    try:
        with con.transaction():
            con.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.errors.InsufficientPrivilege as err:
        msg = (
            f"the database {masked(url)} has no PostGIS extension and user {con.info.user!r} may not add it "
            "— ask the database's owner to run CREATE EXTENSION postgis; in it"
        )
        raise StoreError(msg) from err


# -- reading -----------------------------------------------------------------------------------------


def _where(query: Query) -> tuple[str, list[Any]]:
    start, end, bbox, event_type, side = query.start, query.end, query.bbox, query.event_type, query.side
    clauses: list[str] = []
    params: list[Any] = []
    if start is not None:
        clauses.append("event_date >= %s")
        params.append(start)
    if end is not None:
        clauses.append("event_date <= %s")
        params.append(end)
    if bbox is not None:
        clauses.append("geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
        params.extend(float(v) for v in bbox)
    if event_type is not None:
        clauses.append(("event_type" if event_type in EVENT_TYPES else "sub_event_type") + " = %s")
        params.append(event_type)
    if side is not None:
        clauses.append("(actor1 = %s OR actor2 = %s OR x_control_from = %s OR x_control_to = %s)")
        params.extend((ACTORS[side], ACTORS[side], side, side))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _select_list(added: bool) -> str:
    cols = [('"event_date"::text' if c == "event_date" else f'"{c}"') for c in COLUMNS]
    return ", ".join(cols + (list(ADDED_COLUMNS) if added else []))


def read(
    url: str,
    query: Query,
) -> geopandas.GeoDataFrame:
    """Events of the PostGIS store at ``url`` (see :func:`frontline.store.read_events`), in the order
    they were stored (within one write, by id)."""
    import pandas as pd
    import psycopg

    where, params = _where(query)
    names = [*COLUMNS, *(ADDED_COLUMNS if query.added else ())]
    with _connect(url) as con:
        if not _has_table(con):
            rows: list[Any] = []
        else:
            try:
                sql = f"SELECT {_select_list(query.added)} FROM events{where} ORDER BY fid"
                rows = con.execute(sql.encode(), params).fetchall()
            except psycopg.errors.InsufficientPrivilege as err:
                raise _refused(url, con, err, "read the events") from err
    frame = pd.DataFrame(rows, columns=names)
    out = conform(frame) if len(frame) else empty_events()
    if not query.added:
        return out
    out["x_added_by"] = pd.Series(frame["x_added_by"].tolist(), index=out.index, dtype="str")
    when = pd.Series(frame["x_added_at"].tolist(), index=out.index, dtype=object)
    out["x_added_at"] = pd.to_datetime(when, utc=True).dt.as_unit("us")
    return out[[*COLUMNS, *ADDED_COLUMNS, "geometry"]]


def read_extra(url: str) -> pandas.DataFrame:
    """The columns imported files had beyond ours, long format (event_id_cnty, column, value)."""
    import pandas as pd

    with _connect(url) as con:
        found = con.execute("SELECT to_regclass('events_extra') IS NOT NULL").fetchone()
        rows: list[Any] = []
        if found and found[0]:
            rows = con.execute(
                'SELECT event_id_cnty, "column", value FROM events_extra ORDER BY 1, 2'
            ).fetchall()
    return pd.DataFrame(rows, columns=["event_id_cnty", "column", "value"]).astype(object)


# -- writing -----------------------------------------------------------------------------------------

_MERGE = ", ".join(f'"{c}" = frontline_join(events."{c}", EXCLUDED."{c}")' for c in JOINED)
_MERGED_NEW = ", ".join(f'frontline_join(events."{c}", EXCLUDED."{c}")' for c in JOINED)
_MERGED_OLD = ", ".join(f'events."{c}"' for c in JOINED)
_INSERT = f"""
INSERT INTO events ({", ".join(f'"{c}"' for c in COLUMNS)}, geom, x_added_by)
SELECT {", ".join(f'"{c}"' for c in COLUMNS)},
       CASE WHEN longitude IS NULL OR latitude IS NULL OR longitude = 'NaN' OR latitude = 'NaN' THEN NULL
            ELSE ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END,
       %s
FROM incoming ORDER BY event_id_cnty
ON CONFLICT (event_id_cnty) DO UPDATE SET {_MERGE},
  x_confidence = frontline_confidence(
    events.x_confidence, EXCLUDED.x_confidence, events.source, EXCLUDED.source),
  fatalities = greatest(events.fatalities, EXCLUDED.fatalities)
WHERE ({_MERGED_OLD}, events.x_confidence, events.fatalities) IS DISTINCT FROM
      ({_MERGED_NEW},
       frontline_confidence(events.x_confidence, EXCLUDED.x_confidence, events.source, EXCLUDED.source),
       greatest(events.fatalities, EXCLUDED.fatalities))
RETURNING (xmax = 0) AS inserted
"""


def _rows(new: geopandas.GeoDataFrame) -> list[tuple[Any, ...]]:
    """The events to write, one per id (several of one id merged as the store would), as COPY rows."""
    import pandas as pd

    if new["event_id_cnty"].duplicated().any():
        new = conform(pd.DataFrame(list(incoming_rows(new).values()), columns=list(COLUMNS)))
    columns: list[list[Any]] = []
    for col in COLUMNS:
        series = new[col]
        if col == "x_geonameid":
            columns.append(series.astype(object).where(series.notna(), None).tolist())
        elif col == "event_date":
            columns.append([date.fromisoformat(v[:10]) if v else None for v in series.tolist()])
        else:
            columns.append(series.tolist())
    return list(zip(*columns, strict=True))


_COLUMN_LIST = ", ".join(f'"{c}"' for c in COLUMNS)
_INCOMING = f"CREATE TEMP TABLE incoming ON COMMIT DROP AS SELECT {_COLUMN_LIST} FROM events WITH NO DATA"
_EXTRA = (
    'INSERT INTO events_extra (event_id_cnty, "column", value) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING'
)


def _write(
    con: psycopg.Connection[Any], rows: list[tuple[Any, ...]], extra: pandas.DataFrame | None, analyst: str
) -> tuple[int, int]:
    """One try of the write, in one transaction: (added, merged)."""
    with con.transaction(), con.cursor() as cur:
        cur.execute(_INCOMING.encode())
        with cur.copy(f"COPY incoming ({_COLUMN_LIST}) FROM STDIN".encode()) as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(_INSERT.encode(), (analyst,))
        flags = [bool(r[0]) for r in cur.fetchall()]
        if extra is not None and len(extra):
            values = extra[["event_id_cnty", "column", "value"]].itertuples(index=False, name=None)
            cur.executemany(_EXTRA.encode(), [tuple(map(str, r)) for r in values])
    added = sum(flags)
    return added, len(flags) - added


def append(
    new: geopandas.GeoDataFrame, url: str, *, extra: pandas.DataFrame | None, analyst: str
) -> WriteSummary:
    """Merge ``new`` (a conformed event table) into the PostGIS store at ``url``."""
    import psycopg

    rows = _rows(new)
    with _connect(url) as con:
        _ensure_schema(con, url)
        for attempt in range(_RETRIES):
            try:
                added, merged = _write(con, rows, extra, analyst)
                break
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure) as err:
                if attempt == _RETRIES - 1:
                    why = _one_line(err)
                    msg = f"the event store {masked(url)} stayed busy ({why}) — run the command again"
                    raise StoreError(msg) from err
                time.sleep(random.uniform(0.05, 0.2) * 2**attempt)
            except psycopg.errors.InsufficientPrivilege as err:
                raise _refused(url, con, err, "write events") from err
            except psycopg.errors.ReadOnlySqlTransaction as err:
                raise _refused(url, con, err, "write events (the server is read-only)") from err
        total_row = con.execute("SELECT count(*) FROM events").fetchone()
    total = int(total_row[0]) if total_row else 0
    unchanged = len(rows) - added - merged
    log.info("store %s: %d added, %d merged, %d unchanged", masked(url), added, merged, unchanged)
    return WriteSummary(added, merged, unchanged, total, masked(url))


# -- corrections (``frontline events set``) ----------------------------------------------------------

_CORRECTIONS_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {CORRECTIONS} (id bigserial PRIMARY KEY, event_id_cnty text NOT NULL, "
    "field text NOT NULL, value text NOT NULL, analyst text NOT NULL, "
    "at timestamptz NOT NULL DEFAULT now())"
)


def read_corrections(url: str) -> list[Correction]:
    """The corrections recorded in the database at ``url``, in the order made (none when absent)."""
    with _connect(url) as con:
        found = con.execute("SELECT to_regclass(%s) IS NOT NULL", (CORRECTIONS,)).fetchone()
        if not (found and found[0]):
            return []
        rows = con.execute(
            f"SELECT event_id_cnty, field, value, analyst, "
            f"to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
            f"FROM {CORRECTIONS} ORDER BY id"
        ).fetchall()
    return [Correction(*row) for row in rows]


def correct(url: str, event_id: str, fields: dict[str, str], *, analyst: str) -> None:
    """Record ``fields`` for ``event_id`` with who and when, and apply them to the stored event, in one
    transaction; :class:`StoreError` when the database has no such event."""
    with _connect(url) as con:
        _ensure_schema(con, url)
        with con.transaction():
            con.execute(_CORRECTIONS_TABLE)
            row = con.execute(
                "SELECT fid FROM events WHERE event_id_cnty = %s FOR UPDATE", (event_id,)
            ).fetchone()
            if row is None:
                msg = f"store {masked(url)} has no event {event_id!r} — list events with `frontline review`"
                raise StoreError(msg)
            con.cursor().executemany(
                f"INSERT INTO {CORRECTIONS} (event_id_cnty, field, value, analyst) VALUES (%s, %s, %s, %s)",
                [(event_id, field, value, analyst) for field, value in fields.items()],
            )
            if "drop" in fields:
                con.execute("DELETE FROM events WHERE fid = %s", row)
                return
            values = corrected_fields(fields)
            assignments = ", ".join(f'"{c}" = %s' for c in values)
            if "longitude" in values:
                assignments += ", geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326)"
            params = [*values.values()]
            if "longitude" in values:
                params += [values["longitude"], values["latitude"]]
            con.execute(f"UPDATE events SET {assignments} WHERE fid = %s".encode(), [*params, row[0]])
