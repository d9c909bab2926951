"""Events in and out: ACLED CSV, GeoJSON (RFC 7946), KML with time spans (LIBKML), GeoPackage.

Files are written by GDAL through pyogrio; none of the formats is hand-written (in KML, only the CDATA
sections LIBKML cannot split are mended). Each export is built in a temporary file beside the target
and renamed over it, so a failed export never leaves half a file.

ACLED CSV in: both of ACLED's date styles (``2023-02-16`` and ``16 May 2025``), numeric (before 2024)
or text ``inter1``/``inter2``/``interaction`` codes, columns we do not know kept (returned apart, in
long format, so the store keeps them without changing its columns). A malformed row is reported by
its line number and skipped, or refused, as the caller chooses.

ACLED CSV out: ACLED's columns first, ours after, then any kept extra columns; every text cell and
every header that a spreadsheet could run as a formula gets a leading ``'`` (OWASP's advice against CSV
injection): one starting with a tab, a carriage return or a line feed, or with ``=``, ``+``, ``-``,
``@`` or their full-width forms after any blanks (spaces, no-break spaces, a byte order mark), which
spreadsheets skip. Reading a CSV removes that ``'`` again, so our exports read back as they were written.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import InputError
from .events import (
    COLUMNS,
    INTER_CODES,
    SchemaError,
    check_types,
    conform,
    disorder_type,
    event_id,
)
from .files import decode_utf8, existing_file, iso_date, write_atomic
from .options import OnError, choose

if TYPE_CHECKING:
    import geopandas
    import pandas

__all__ = [
    "FORMATS",
    "Imported",
    "csv_safe",
    "export_events",
    "format_of",
    "import_events",
    "neutralise_formula",
    "read_acled_csv",
    "write_csv",
]

log = logging.getLogger(__name__)

#: File extensions and the format each means.
FORMATS: dict[str, str] = {
    ".csv": "ACLED CSV",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".kml": "KML",
    ".gpkg": "GeoPackage",
}

_REQUIRED = ("event_date", "event_type", "sub_event_type", "latitude", "longitude")
# A cell a spreadsheet may run as a formula: a control character first, or a formula sign (ASCII,
# full-width or small form) after blanks the spreadsheet skips (Unicode spaces, byte order mark, zero width).
_FORMULA = re.compile(r"[\t\r\n]|[\s\ufeff\u200b]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b]")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%B-%Y", "%B %d, %Y", "%b %d, %Y", "%d/%m/%Y")
# Fields the LIBKML driver adds when reading KML; they are KML's, not the event's.
_KML_DERIVED = (
    "name", "description", "begin", "end", "kml_timestamp", "id", "tessellate", "extrude", "visibility",
    "altitudeMode", "drawOrder", "icon", "snippet", "Name", "Description",
)  # fmt: skip
_KML_OPTIONS = {"LIBKML_TIMESTAMP_FIELD": "kml_timestamp"}
_EXTRA = ("event_id_cnty", "column", "value")
_TEXT_INTER = {v.lower(): v for v in INTER_CODES.values() if v}
_Table = TypeVar("_Table", bound="pandas.DataFrame")


@dataclass(frozen=True)
class Imported:
    """Events read from a file: the table, the columns beyond ours (long format: event_id_cnty, column,
    value) and a line per row that was skipped."""

    events: geopandas.GeoDataFrame
    extra: pandas.DataFrame
    problems: list[str] = field(default_factory=list)


def format_of(path: Path) -> str:
    """The format a file's extension names, or InputError."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        msg = f"{path}: unknown format {path.suffix or '(no extension)'!r} — use one of {', '.join(FORMATS)}"
        raise InputError(msg)
    return fmt


def neutralise_formula(value: str) -> str:
    """``value`` made safe for a spreadsheet cell.

    >>> neutralise_formula("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_formula("\\u00a0\\uff1dSUM(A1)"), neutralise_formula("\\nx")
    ("'\\xa0＝SUM(A1)", "'\\nx")
    >>> neutralise_formula("Kupiansk"), neutralise_formula("")
    ('Kupiansk', '')
    """
    return "'" + value if _FORMULA.match(value) else value


def _unneutralise(value: Any) -> Any:
    """The cell as it was before :func:`neutralise_formula` (our own exports read back unchanged)."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA.match(value, 1):
        return value[1:]
    return value


# -- reading ----------------------------------------------------------------------------------------


_ISO_START = re.compile(r"\d{4}-")


def _parse_acled_date(text: str) -> date:
    text = text.strip()
    if _ISO_START.match(text):  # an ISO day, or why it is none (out of the days handled, 2022-09-1000)
        return iso_date(text, "event_date")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    msg = f"event_date {text!r} is neither 2023-02-16 nor 16 May 2025"
    raise ValueError(msg)


def _inter(value: str) -> str:
    value = (value or "").strip()
    if value.isdecimal():
        code = int(value)
        if code not in INTER_CODES:
            msg = f"inter code {value!r} is not one of ACLED's 0–8"
            raise ValueError(msg)
        return INTER_CODES[code]
    if value and value.lower() not in _TEXT_INTER:
        msg = f"inter {value!r} is not one of ACLED's actor types ({', '.join(_TEXT_INTER.values())})"
        raise ValueError(msg)
    return _TEXT_INTER.get(value.lower(), "")


def _interaction(value: str) -> str:
    value = (value or "").strip()
    if value.isdecimal() and len(value) == 2:
        first, second = INTER_CODES.get(int(value[0]), ""), INTER_CODES.get(int(value[1]), "")
        return f"{first}-{second}" if second else f"{first} only"
    return value


# Whole-number columns and the values they may hold (ACLED's codebook; timestamps up to the year 3000).
_WHOLE_NUMBERS = {
    "time_precision": (1, 3),
    "geo_precision": (1, 3),
    "fatalities": (0, 1_000_000),
    "iso": (0, 999),
    "timestamp": (0, 32_503_680_000),
}
_MAX_GEONAMEID = 2**31 - 1
_WHOLE = re.compile(r"[+-]?\d{1,15}(?:\.0*)?")


def _whole(value: Any, col: str, low: int, high: int, *, default: int | None) -> int | None:
    """``value`` as a whole number within ``[low, high]`` (``default`` when blank); ValueError otherwise —
    never a number coerced into range, rounded or wrapped round (1e308, 20 digits, -3, 9).

    >>> _whole("3", "time_precision", 1, 3, default=0), _whole(" ", "fatalities", 0, 9, default=0)
    (3, 0)
    >>> _whole("1e308", "fatalities", 0, 1_000_000, default=0)
    Traceback (most recent call last):
    ValueError: fatalities '1e308' is not a whole number from 0 to 1000000
    """
    text = str(value).strip() if value is not None else ""
    if not text or text.lower() == "nan":
        return default
    number = int(text.partition(".")[0]) if _WHOLE.fullmatch(text) else None
    if number is None or not low <= number <= high:
        msg = f"{col} {text!r} is not a whole number from {low} to {high}"
        raise ValueError(msg)
    return number


def _row(raw: dict[str, Any]) -> dict[str, Any]:
    """One ACLED row, checked and normalised; ValueError says what is wrong."""
    row = {k: _unneutralise(v) if v is not None else "" for k, v in raw.items()}
    when = _parse_acled_date(str(row["event_date"]))
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):
        msg = f"latitude/longitude {row['latitude']!r}, {row['longitude']!r} are not numbers"
        raise ValueError(msg) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        msg = f"({lat}, {lon}) is not a WGS84 latitude, longitude"
        raise ValueError(msg)
    row["event_type"] = str(row["event_type"]).strip()
    row["sub_event_type"] = str(row["sub_event_type"]).strip()
    check_types(row["event_type"], row["sub_event_type"])
    if not str(row.get("disorder_type") or "").strip():  # older ACLED exports lack it
        row["disorder_type"] = disorder_type(row["event_type"], row["sub_event_type"])
    row["event_date"] = when.isoformat()
    row["year"] = when.year
    row["latitude"], row["longitude"] = lat, lon
    for col in ("inter1", "inter2"):
        row[col] = _inter(str(row.get(col, "")))
    row["interaction"] = _interaction(str(row.get("interaction", "")))
    for col, (low, high) in _WHOLE_NUMBERS.items():
        row[col] = _whole(row.get(col, ""), col, low, high, default=0)
    row["year"] = when.year
    geonameid = _whole(row.get("x_geonameid", ""), "x_geonameid", 1, _MAX_GEONAMEID, default=None)
    row["x_geonameid"] = "" if geonameid is None else geonameid
    if not str(row.get("event_id_cnty") or "").strip():
        row["event_id_cnty"] = event_id(
            "IMP", f"{lat:.5f}", f"{lon:.5f}", row["event_date"], row["sub_event_type"], row.get("notes", "")
        )
    return row


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes in the header line or in more than 1 % of the start: not a text table. (A stray NUL in
    one row is that row's problem, reported by line.)"""
    head = raw[:8192]
    return b"\x00" in head.split(b"\n", 1)[0] or head.count(b"\x00") > len(head) // 100


def _decode(raw: bytes, path: Path) -> str:
    if _looks_binary(raw):
        msg = f"{path} looks like a binary file — give an ACLED CSV export (UTF-8 text)"
        raise InputError(msg)
    return decode_utf8(raw, str(path))


def read_acled_csv(path: Path, *, on_error: OnError = OnError.SKIP) -> Imported:
    """Events of an ACLED CSV export (see the module docstring)."""
    text = _decode(existing_file(path, "an ACLED CSV export").read_bytes(), path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [_unneutralise(name) for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        msg = (
            f"{path} lacks ACLED column(s) {', '.join(missing)} — is it an ACLED export? "
            f"It has: {', '.join(header[:12]) or 'no header'}"
        )
        raise InputError(msg)
    found = _Rows([c for c in header if c not in COLUMNS], on_error)
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            found.problem(f"{path}: line {reader.line_num}: {err}")
            continue
        where = f"{path}: line {reader.line_num}"
        if None in raw or any(v is None for v in raw.values()):
            got = sum(v is not None for k, v in raw.items() if k is not None) + len(raw.get(None) or [])
            found.problem(f"{where}: {got} fields, the header has {len(header)}")
            continue
        found.add(raw, where)
    return found.imported()


@dataclass
class _Rows:
    """Rows of an import as they are checked: the good ones, their unknown columns, and the problems."""

    unknown: list[Any]
    on_error: OnError
    rows: list[dict[str, Any]] = field(default_factory=list)
    extra: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, message: str) -> None:
        if self.on_error == "fail":
            msg = (
                f"{message} — fix the row, or import with --on-error skip to skip bad rows "
                "(nothing was stored)"
            )
            raise InputError(msg)
        self.problems.append(message)

    def add(self, raw: dict[str, Any], where: str) -> None:
        try:
            row = _row(raw)
        except (ValueError, SchemaError) as err:
            self.problem(f"{where}: {err}")
            return
        self.rows.append({c: row.get(c, "") for c in COLUMNS})
        self.extra.extend(
            (row["event_id_cnty"], c, str(row[c])) for c in self.unknown if row[c] not in ("", None)
        )

    def imported(self) -> Imported:
        import pandas as pd

        table = conform(pd.DataFrame(self.rows, columns=list(COLUMNS)))
        return Imported(table, pd.DataFrame(self.extra, columns=list(_EXTRA)), self.problems)


def _read_spatial(path: Path, fmt: str, *, on_error: OnError) -> Imported:
    import pandas as pd
    import pyogrio

    existing_file(path, f"a {fmt} file of events")
    try:
        with _gdal_options(_KML_OPTIONS if fmt == "KML" else {}):
            layers = [str(n) for n, _ in pyogrio.list_layers(path)]
            layer = "events" if "events" in layers else (layers[0] if layers else None)
            gdf = pyogrio.read_dataframe(path, layer=layer)
    except Exception as err:
        msg = f"{path} cannot be read as {fmt} ({str(err).splitlines()[0]}) — check the file"
        raise InputError(msg) from err
    if len(gdf) == 0:  # an empty export of ours has no fields to check
        return Imported(conform(pd.DataFrame(columns=list(COLUMNS))), pd.DataFrame(columns=list(_EXTRA)), [])
    df = pd.DataFrame(gdf.drop(columns="geometry", errors="ignore"))
    kinds = pd.Series("", index=df.index)  # a feature's geometry type where it is no point, else ""
    if "geometry" in gdf:
        geoms = gdf.geometry
        point = (geoms.geom_type == "Point").to_numpy()
        filled = False
        for col, coord in (("latitude", "y"), ("longitude", "x")):
            if col not in df or df[col].isna().all():
                df[col] = float("nan")
                df.loc[point, col] = getattr(geoms[point], coord)
                filled = True
        if filled:  # the place comes from the geometry: a line or polygon gives none
            kinds[~point & geoms.notna().to_numpy()] = geoms.geom_type
    if fmt == "KML":
        df = df.drop(columns=[c for c in _KML_DERIVED if c in df.columns])
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        msg = f"{path} has no {', '.join(missing)} — it is not a file of events in ACLED's schema"
        raise InputError(msg)
    found = _Rows([c for c in df.columns if c not in COLUMNS], on_error)
    for i, (raw, kind) in enumerate(
        zip(df.astype(object).where(df.notna(), "").to_dict("records"), kinds, strict=True), 1
    ):
        if kind:
            found.problem(
                f"{path}: feature {i} is a {kind}, not a point — an event is one place; give its point"
            )
            continue
        found.add(
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in raw.items()},
            f"{path}: feature {i}",
        )
    return found.imported()


def import_events(path: Path, *, on_error: OnError | str = OnError.SKIP) -> Imported:
    """Events of an ACLED CSV, GeoJSON, KML or GeoPackage file, by extension."""
    on_error = choose(on_error, OnError, "on_error")
    fmt = format_of(path)
    if fmt == "ACLED CSV":
        return read_acled_csv(path, on_error=on_error)
    return _read_spatial(path, fmt, on_error=on_error)


# -- writing ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _gdal_options(options: dict[str, str]) -> Iterator[None]:
    import pyogrio

    if options:
        pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        if options:
            pyogrio.set_gdal_config_options(dict.fromkeys(options))


def _map_text(table: _Table, change: Callable[[str], str]) -> _Table:
    """A copy of ``table`` with ``change`` applied to every text cell, in columns of any text dtype
    (object, str: kept extra columns are text too)."""
    import pandas as pd

    out = table.copy()
    for col in out.columns:
        if col != "geometry" and not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: change(v) if isinstance(v, str) else v)
    return out


def csv_safe(table: _Table) -> _Table:
    """A copy of ``table`` to write as CSV: every text cell, header and index label a spreadsheet could
    run as a formula neutralised (:func:`neutralise_formula`).

    >>> import pandas as pd
    >>> csv_safe(pd.DataFrame({"=evil": ["@SUM(A1)", "Izium"], "km": [-1.5, 2.0]})).to_dict("list")
    {"'=evil": ["'@SUM(A1)", 'Izium'], 'km': [-1.5, 2.0]}
    """
    import pandas as pd

    out = _map_text(table, neutralise_formula)
    out.columns = [neutralise_formula(c) if isinstance(c, str) else c for c in out.columns]
    if not isinstance(out.index, (pd.RangeIndex, pd.MultiIndex)):
        out.index = out.index.map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
    return out


def write_csv(table: pandas.DataFrame, path: Path, *, index: bool = False) -> Path:
    """Write ``table`` (a result table, not events: see :func:`export_events`) whole to ``path`` as a CSV
    file a spreadsheet opens without running anything: its text neutralised (:func:`csv_safe`) and lines
    ending in CR LF (RFC 4180), so that a carriage return inside a cell is quoted, not a new row."""
    safe = csv_safe(table)
    return write_atomic(path, lambda tmp: safe.to_csv(tmp, index=index, lineterminator="\r\n"))


def _wide(events: geopandas.GeoDataFrame, extra: pandas.DataFrame | None) -> geopandas.GeoDataFrame:
    """The events with kept extra columns added back after ours."""
    out = events.copy()
    if extra is None or not len(extra):
        return out
    wide = extra.pivot_table(index="event_id_cnty", columns="column", values="value", aggfunc="first")
    names = [c for c in wide.columns if c not in out.columns]
    joined = out[["event_id_cnty"]].join(wide[names], on="event_id_cnty")
    for col in names:
        out[col] = joined[col].fillna("").astype(object).to_numpy()
    return out


def _time_span(row: Any) -> tuple[datetime, datetime]:
    start = datetime.fromisoformat(str(row.event_date)[:10])
    if int(row.time_precision) == 3:
        return start.replace(day=1), (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(
            seconds=1
        )
    days = 3 if int(row.time_precision) == 2 else 0
    return start - timedelta(days=days), start + timedelta(days=days + 1) - timedelta(seconds=1)


# LIBKML wraps text holding XML's special characters in one CDATA section without splitting a "]]>"
# in it, so the section ends there and the rest is read as markup; and it writes field names into
# attributes unescaped. Such text and names go to LIBKML as markers (letters and digits, passed as they
# are), and each marker is then written as XML allows: a "]]>" as two CDATA sections inside one and
# escaped outside, a name escaped. XML 1.0 cannot hold most control characters at all, not even as
# references.
_CDATA_END = "]]>"
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.DOTALL)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTRIBUTE_SAFE = re.compile(r"[\w ()./:-]*")


@dataclass(frozen=True)
class _KmlMarkers:
    """The markers one KML export uses: one for "]]>", one for each field name LIBKML cannot write."""

    end: str
    names: dict[str, str]  # marker → field name

    @classmethod
    def of(cls, columns: Iterable[Any]) -> _KmlMarkers:
        import uuid

        tag = uuid.uuid4().hex
        unsafe = [c for c in columns if not _ATTRIBUTE_SAFE.fullmatch(str(c))]
        return cls(f"FRONTLINE{tag}END", {f"FRONTLINE{tag}F{i}F": str(c) for i, c in enumerate(unsafe)})

    def text(self, value: str) -> str:
        return _NOT_XML.sub("\ufffd", value).replace(_CDATA_END, self.end)

    def mend(self, text: str) -> str:
        """The KML LIBKML wrote with every marker written as XML allows."""
        import html

        for marker, name in self.names.items():
            text = text.replace(marker, html.escape(_NOT_XML.sub("\ufffd", name), quote=True))
        if self.end in text:
            text = _CDATA.sub(lambda m: m[0].replace(self.end, "]]]]><![CDATA[>"), text)
            text = text.replace(self.end, "]]&gt;")
        return text


def _write_kml(kml: geopandas.GeoDataFrame, tmp: Path, markers: _KmlMarkers) -> None:
    import pyogrio

    with _gdal_options(_KML_OPTIONS):
        pyogrio.write_dataframe(kml, tmp, layer="events", driver="LIBKML")
    text = tmp.read_text(encoding="utf-8")
    mended = markers.mend(text)
    if mended != text:
        tmp.write_text(mended, encoding="utf-8")


def _export_kml(table: geopandas.GeoDataFrame, path: Path) -> None:
    """Write ``table`` as KML: one placemark an event, with its time span, its fields as extended data."""
    import pandas as pd
    import pyogrio

    if "LIBKML" not in pyogrio.list_drivers(write=True):
        msg = (
            f"{path}: this GDAL has no LIBKML driver, needed for KML with time spans — install pyogrio "
            "from PyPI (its wheels include LIBKML), or export .geojson or .gpkg instead"
        )
        raise InputError(msg)
    markers = _KmlMarkers.of(table.columns)
    kml = _map_text(table, markers.text)
    spans = [_time_span(r) for r in kml.itertuples()]
    kml.insert(0, "name", kml["location"] + ": " + kml["sub_event_type"])
    kml.insert(1, "description", kml["notes"])
    kml["begin"] = pd.Series([b for b, _ in spans], index=kml.index, dtype="datetime64[ns]")
    kml["end"] = pd.Series([e for _, e in spans], index=kml.index, dtype="datetime64[ns]")
    kml = kml.rename(columns={name: marker for marker, name in markers.names.items()})
    # an event with no position is a placemark with no geometry: LIBKML cannot write an empty point
    nowhere = kml["latitude"].isna() | kml["longitude"].isna()  # (the points are made from them)
    kml = kml.set_geometry(kml.geometry.where(~nowhere, None))
    write_atomic(path, lambda tmp: _write_kml(kml, tmp, markers))


def export_events(
    events: geopandas.GeoDataFrame, path: Path, *, extra: pandas.DataFrame | None = None
) -> Path:
    """Write ``events`` (an event table) to ``path`` in the format its extension names."""
    import pandas as pd
    import pyogrio

    fmt = format_of(path)
    table = _wide(conform(events, keep_extra=True), extra)
    if fmt == "ACLED CSV":
        frame = csv_safe(pd.DataFrame(table.drop(columns="geometry")))  # a kept header may be "=evil"
        write_atomic(path, lambda tmp: pyogrio.write_dataframe(frame, tmp, driver="CSV"))
    elif fmt == "GeoJSON":
        write_atomic(
            path,
            lambda tmp: pyogrio.write_dataframe(
                table, tmp, driver="GeoJSON", layer_options={"RFC7946": "YES", "WRITE_NAME": "NO"}
            ),
        )
    elif fmt == "KML":
        _export_kml(table, path)
    else:
        write_atomic(path, lambda tmp: pyogrio.write_dataframe(table, tmp, layer="events", driver="GPKG"))
    log.info("wrote %d events to %s (%s)", len(table), path, fmt)
    return path
