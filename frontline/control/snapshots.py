"""Control maps others publish, read as snapshots: polygons with a side and a date.

Files are read as they are published, through GDAL (pyogrio):

* DeepState's daily files (``deepstatemap_data_YYYYMMDD.geojson``: one MultiPolygon of the occupied
  ground, no properties) — the side is RU and the date is the one in the file name;
* DeepState-style GeoJSON whose ``name`` reads ``"<Ukrainian> /// <English> /// <code>"``;
* ISW-style layers ("Assessed Russian-controlled Ukrainian Territory", "Assessed Russian Advances" …);
* KML/KMZ in the style of the Ukraine Control Map — placemarks in folders, the side in the
  placemark's or the folder's name, the date in a ``TimeStamp``/``TimeSpan``, a field or the file name;
* any polygon layer (GeoPackage, shapefile, GeoJSON …) with a side attribute and a date attribute;
* a whole history in one file (``.geojson.gz`` with a ``date`` column), or a folder of any of these.

**Coverage.** A snapshot covers its area only. A feature labelled ``coverage`` (or "extent", "mapped
area") draws the area the map covers; a map that draws only occupied and contested ground (DeepState)
covers the whole country, the rest of it Ukrainian; a map that draws Ukrainian ground too covers its
polygons and says nothing elsewhere.

Invalid polygons (self-intersecting rings, bow-ties) are repaired with ``make_valid``, kept, marked
in the ``repaired`` column and counted in a warning. A snapshot frame has the columns
``date, side, name, source, repaired`` (``side`` is UA, RU, contested or ``coverage``) and
(Multi)Polygon geometry in EPSG:4326.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ..errors import InputError
from ..files import FIRST_DAY, LAST_DAY, existing_file, write_atomic
from .geometry import _polygonal
from .sides import COVERAGE, is_coverage, parse_side
from .timeline import as_date

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "SNAPSHOT_COLUMNS",
    "SNAPSHOT_SUFFIXES",
    "read_snapshots",
    "snapshot_dates",
    "snapshot_on",
    "write_snapshots",
]

log = logging.getLogger(__name__)

#: Columns of a snapshot frame besides its geometry.
SNAPSHOT_COLUMNS = ("date", "side", "name", "source", "repaired")

# Fields looked at, in order, when the caller names none (compared case-insensitively).
_SIDE_FIELDS = ("side", "control", "controlled_by", "controller", "status", "name", "description", "layer")
_DATE_FIELDS = ("date", "datetime", "timestamp", "when", "begin", "snapshot_date", "updated", "date_time")
_FILE_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_POLYGONAL = (3, 6)  # shapely type ids of Polygon and MultiPolygon
_WRITE_DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".kml": "KML"}
#: File endings read from a folder of snapshots (anything else there is reported as skipped).
SNAPSHOT_SUFFIXES = (".geojson", ".json", ".geojson.gz", ".json.gz", ".gpkg", ".kml", ".kmz", ".shp", ".fgb")
# DeepState's own file names (and the mirrors'): the file holds the occupied ground.
_DEEPSTATE_NAME = re.compile(r"deep[-_ ]?state", re.IGNORECASE)


def _fail(path: Path, message: str) -> InputError:
    return InputError(f"{path}: {message}")


def _read_layers(path: Path) -> pd.DataFrame:
    """Every layer of the file (KML folders are layers), with the layer's name in ``layer``."""
    import pandas as pd
    import pyogrio

    source = str(path)
    if path.suffix.lower() == ".kmz" and "LIBKML" not in pyogrio.list_drivers():
        source = f"/vsizip/{path}/doc.kml"
    elif path.suffix.lower() == ".gz":
        source = f"/vsigzip/{path}"
    try:
        # GeoJSON holds one layer: no need to ask GDAL for the list (a history has hundreds of files)
        single = path.name.lower().endswith((".geojson", ".geojson.gz", ".json", ".json.gz"))
        layers = [None] if single else [str(name) for name, _ in pyogrio.list_layers(source)]
    except Exception as err:  # GDAL says "not recognized as a supported file format" and the like
        raise _fail(
            path, f"not a readable map file ({err}) — give GeoJSON, KML/KMZ, GeoPackage or a shapefile"
        ) from err
    frames = []
    for layer in layers:
        try:
            frame = pyogrio.read_dataframe(source, layer=layer)
        except Exception as err:
            what = (
                f"cannot read layer {layer!r}: {err}"
                if layer is not None
                else f"not a readable map file ({err}) — give GeoJSON, KML/KMZ, GeoPackage or a shapefile"
            )
            raise _fail(path, what) from err
        if not frame.empty:
            if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
                frame = frame.to_crs("EPSG:4326")
            # KML folders (layers) often carry the side: "Russian-controlled", "Liberated"
            frames.append(frame.assign(layer=layer) if len(layers) > 1 or _is_kml(path) else frame)
    if not frames:
        raise _fail(path, "holds no features — a control snapshot needs polygons with a side")
    return pd.concat(frames, ignore_index=True)


def _is_kml(path: Path) -> bool:
    return path.suffix.lower() in (".kml", ".kmz")


def _field(
    frame: pd.DataFrame, path: Path, given: str | None, candidates: Iterable[str], what: str
) -> list[str]:
    """The field(s) to read ``what`` from: the one given (which must exist) or the candidates present."""
    lower = {str(c).lower(): str(c) for c in frame.columns if c != "geometry"}
    if given is not None:
        if given.lower() not in lower:
            raise _fail(
                path,
                f"has no {what} field {given!r} — its fields are {', '.join(sorted(lower.values()))}",
            )
        return [lower[given.lower()]]
    return [lower[c] for c in candidates if c in lower]


def _sides(
    frame: pd.DataFrame, path: Path, side_field: str | None, side: str | None
) -> tuple[np.ndarray, np.ndarray]:
    """Side (or ``coverage``) of each feature and the label it was read from; the first field that
    names a side wins. ``side`` given: every feature that is not a coverage is that side. A file with
    no fields at all named like DeepState's (``deepstatemap_data_YYYYMMDD.geojson``) is RU."""
    fields = _field(frame, path, side_field, _SIDE_FIELDS, "side")
    sides = np.full(len(frame), None, dtype=object)
    labels = np.full(len(frame), "", dtype=object)
    for field in fields:
        values = frame[field].to_numpy()
        for i in np.flatnonzero(sides == None):  # noqa: E711 (elementwise)
            found = COVERAGE if is_coverage(values[i]) else parse_side(values[i])
            if found is not None:
                sides[i] = found
                labels[i] = str(values[i])
    if side is None and not fields and _DEEPSTATE_NAME.search(path.name):
        side, labels[:] = "RU", "occupied (DeepState)"
    if side is not None:
        rest = sides != COVERAGE
        sides[rest] = side
        labels[rest & (labels == "")] = side
    if (sides == None).all() or (sides == COVERAGE).all():  # noqa: E711
        looked = f"field {side_field!r}" if side_field else f"fields {', '.join(_SIDE_FIELDS)}"
        raise _fail(
            path,
            f"no side: no feature's {looked} names a side (UA, RU, contested, occupied, liberated …) — "
            "give the side of its polygons with --side RU (or UA, contested), or the field with --side-field",
        )
    return sides, labels


def _file_date(path: Path) -> dt.date | None:
    """A date written in the file name (``deepstate-2024-02-17``, ``control_20240217``), or None."""
    found = _FILE_DATE.search(path.stem)
    if not found:
        return None
    try:
        return dt.date(*map(int, found.groups()))
    except ValueError:
        return None


def _dates(frame: pd.DataFrame, path: Path, date_field: str | None, date: Any) -> np.ndarray:
    """Date of each feature: the caller's, else a date field (features it leaves empty take the date
    in the file name, if any), else the date in the file name."""
    import pandas as pd

    n = len(frame)
    if date is not None:
        return np.full(n, as_date(date, what="snapshot date"), dtype=object)
    in_name = _file_date(path) if date_field is None else None
    for field in _field(frame, path, date_field, _DATE_FIELDS, "date"):
        values = frame[field]
        if values.isna().all():
            continue
        try:
            parsed = pd.to_datetime(values.astype("string"), errors="coerce", utc=True, format="mixed")
        except (ValueError, OverflowError) as err:  # pandas' OutOfBoundsDatetime: the year 484
            raise _fail(
                path, f"field {field!r} has a date out of range ({err}) — dates must be YYYY-MM-DD"
            ) from err
        early = parsed.notna() & ~parsed.dt.year.between(FIRST_DAY.year, LAST_DAY.year)  # whole years
        if early.any():
            raise _fail(
                path,
                f"field {field!r} has '{values[early].iloc[0]}' — give a day from {FIRST_DAY} to {LAST_DAY}",
            )
        bad = values.notna() & parsed.isna()
        if bad.any():
            raise _fail(
                path, f"field {field!r} has {values[bad].iloc[0]!r}, not a date — dates must be YYYY-MM-DD"
            )
        if parsed.isna().any() and in_name is None:
            raise _fail(
                path,
                f"field {field!r} is empty in {int(parsed.isna().sum())} feature(s) — each needs a date",
            )
        return np.array([d.date() if pd.notna(d) else in_name for d in parsed], dtype=object)
    if in_name is not None:
        return np.full(n, in_name, dtype=object)
    looked = f"field {date_field!r} is empty" if date_field else f"no date field ({', '.join(_DATE_FIELDS)})"
    raise _fail(
        path,
        f"no date: {looked} and the file name carries none — pass the snapshot's date "
        "(--snapshot-date YYYY-MM-DD) or name its date field (--date-field)",
    )


def _polygons(frame: pd.DataFrame, path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """2-D polygonal geometry of the polygon features, which rows they are, and which were repaired."""
    geoms = shapely.force_2d(frame.geometry.to_numpy())
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    kinds = shapely.get_type_id(geoms)
    polygonal = present & np.isin(kinds, _POLYGONAL)
    if not polygonal.any():
        raise _fail(path, "holds no polygons — a control snapshot is areas, not points or lines")
    if (~polygonal).any():
        log.info("%s: %d features that are not polygons left out", path, int((~polygonal).sum()))
    rows = np.flatnonzero(polygonal)
    geoms = geoms[rows]
    lon0, lat0, lon1, lat1 = shapely.bounds(geoms).T
    outside = ~((lon0 >= -180) & (lon1 <= 180) & (lat0 >= -90) & (lat1 <= 90))  # NaN is outside too
    if outside.any():
        raise _fail(
            path,
            f"feature {int(rows[outside][0])} lies outside longitude -180…180, latitude -90…90 — a map "
            "without a CRS is read as WGS84 degrees (EPSG:4326); set its CRS or reproject it",
        )
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        reasons = shapely.is_valid_reason(geoms[invalid])
        geoms[invalid] = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        log.warning(
            "%s: repaired %d invalid polygon(s) with make_valid (feature %s: %s)",
            path,
            int(invalid.sum()),
            ", ".join(str(int(r)) for r in rows[invalid][:5]),
            reasons[0],
        )
    geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
    return geoms, rows, invalid


def read_snapshots(
    path: str | Path,
    *,
    side: str | None = None,
    side_field: str | None = None,
    date_field: str | None = None,
    date: Any = None,
) -> gpd.GeoDataFrame:
    """Control polygons from published map files, one row per polygon feature.

    Parameters
    ----------
    path
        A file — GeoJSON (also ``.geojson.gz``), KML, KMZ, GeoPackage, shapefile … (anything GDAL
        reads) — or a folder of them. Files in a folder that cannot be read as a snapshot are skipped
        and reported in one warning; a folder with none readable is an error.
    side
        The side of every polygon (``"UA"``, ``"RU"``, ``"contested"``), for files that name none.
    side_field
        The attribute naming the side; default: the first of side, control, status, name, description
        and the KML folder that names a side in words the module :mod:`~frontline.control.sides` knows.
    date_field
        The attribute holding the date; default: a field called date, timestamp, begin …, else a date
        in the file name (``deepstatemap_data_20240708.geojson``, ``control_2024-02-17.kmz``).
    date
        The date of every feature, overriding the file's.

    Returns
    -------
    GeoDataFrame
        ``date, side, name, source, repaired`` and 2-D (Multi)Polygon geometry in EPSG:4326. Features
        whose label names no side are left out (logged); points and lines are left out.

    Raises
    ------
    InputError
        When the file is missing or unreadable, holds no polygon, or has no side or no date — the
        message names the file and the field, and the option that fixes it.
    """
    path = Path(path)
    if side is not None and side not in ("UA", "RU", "contested"):
        msg = f"side {side!r} must be UA, RU or contested"
        raise InputError(msg)
    options = {"side": side, "side_field": side_field, "date_field": date_field, "date": date}
    if path.is_dir():
        return _read_folder(path, options)
    existing_file(path, "a GeoJSON, KML/KMZ or GeoPackage control map, or a folder of them")
    return _read_file(path, **options)


def _read_file(
    path: Path, *, side: str | None, side_field: str | None, date_field: str | None, date: Any
) -> gpd.GeoDataFrame:
    import geopandas as gpd

    frame = _read_layers(path)
    geoms, rows, repaired = _polygons(frame, path)
    polygons = frame.iloc[rows].reset_index(drop=True)
    sides, labels = _sides(polygons, path, side_field, side)
    days = _dates(polygons, path, date_field, date)
    unnamed = sides == None  # noqa: E711
    if unnamed.any():
        log.warning("%s: %d polygon(s) whose label names no side left out", path, int(unnamed.sum()))
    keep = ~unnamed
    out = gpd.GeoDataFrame(
        {
            "date": days[keep],
            "side": sides[keep].astype(str),
            "name": labels[keep],
            "source": path.name,
            "repaired": repaired[keep],
        },
        geometry=gpd.GeoSeries(geoms[keep], crs="EPSG:4326"),
        crs="EPSG:4326",
    )
    log.info("%s: %d control polygons on %d date(s)", path, len(out), out["date"].nunique())
    return out


def _is_snapshot_file(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and not name.startswith(".") and name.endswith(SNAPSHOT_SUFFIXES)


def _read_folder(folder: Path, options: dict[str, Any]) -> gpd.GeoDataFrame:
    """Every snapshot file in ``folder`` (not its subfolders), in name order; the rest reported."""
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd

    def read(path: Path) -> gpd.GeoDataFrame | str:
        try:
            return _read_file(path, **options)
        except InputError as err:
            return f"{path.name} ({str(err).removeprefix(f'{path}: ')})"

    paths = sorted(folder.iterdir())
    skipped = [
        f"{p.name} (not a map file)" for p in paths if not _is_snapshot_file(p) and not p.name.startswith(".")
    ]
    # GDAL reads outside the GIL: a history of hundreds of daily files reads several at once
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(read, [p for p in paths if _is_snapshot_file(p)]))
    frames = [r for r in results if not isinstance(r, str)]
    skipped += [r for r in results if isinstance(r, str)]
    if not frames:
        detail = "; ".join(skipped[:5]) or "it is empty"
        msg = f"{folder}: no control map could be read from the folder — {detail}"
        raise InputError(msg)
    if skipped:
        log.warning(
            "%s: %d file(s) skipped, not read as control maps: %s%s",
            folder,
            len(skipped),
            "; ".join(skipped[:10]),
            " …" if len(skipped) > 10 else "",
        )
    log.info("%s: %d snapshot file(s)", folder, len(frames))
    return pd.concat(frames, ignore_index=True)


def write_snapshots(snapshots: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write a snapshot (or control-polygon) frame as GeoJSON, GeoPackage or KML, by extension.

    Dates are written as ``YYYY-MM-DD`` text, so that :func:`read_snapshots` reads the file back
    to the same frame.
    """
    import pyogrio

    path = Path(path)
    driver = _WRITE_DRIVERS.get(path.suffix.lower())
    if driver is None:
        msg = f"{path}: cannot write {path.suffix or 'no extension'} — use .geojson, .gpkg or .kml"
        raise InputError(msg)
    out = snapshots.copy()
    out["date"] = [as_date(d).isoformat() if d is not None else None for d in out["date"]]
    if driver == "KML":
        out["Name"] = out["side"]
    return write_atomic(
        path,
        lambda tmp: pyogrio.write_dataframe(out.to_crs("EPSG:4326"), tmp, layer=path.stem, driver=driver),
    )


def snapshot_dates(snapshots: gpd.GeoDataFrame | None) -> list[dt.date]:
    """The dates of the snapshots, in order."""
    if snapshots is None or snapshots.empty:
        return []
    return sorted(set(snapshots["date"]))


def snapshot_on(
    snapshots: gpd.GeoDataFrame | None, date: Any, *, latest: bool = False
) -> gpd.GeoDataFrame | None:
    """The snapshot of ``date`` (with ``latest``, the last one on or before it); None when there is none."""
    on = as_date(date)
    days = [d for d in snapshot_dates(snapshots) if (d <= on if latest else d == on)]
    if snapshots is None or not days:
        return None
    return snapshots[snapshots["date"] == days[-1]]
