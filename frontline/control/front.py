"""The front line: where the ground of the two sides meets — not the state border, not the coast.

:func:`front_line` takes a day's control (a :class:`~.daily.ControlDay` or a :class:`~.territory.Territory`)
or control polygons (a GeoDataFrame with ``side``); :func:`front_line_points` samples it every few km,
for the geocoder's theatre prior (:meth:`gazetteer.Theatre.from_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..options import Side, choose
from ..smoothing import chaikin
from .geometry import _project, metric_crs_for, minus, plus, to_metric, to_wgs84
from .territory import Territory

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["front_line", "front_line_points", "theatre_from_snapshots"]

# Line this close (m) to the edge of the area of interest runs along the state border or the coast.
_BORDER_M = 200.0
# Ground narrower than twice this (m) along the boundary is a difference of drawing, not a side's.
_SLIVER_M = 1000.0


def _territory_of(control: Any) -> Territory | None:
    if isinstance(control, Territory):
        return control
    territory = getattr(control, "territory", None)
    return territory if isinstance(territory, Territory) else None


def front_line(
    control: Any,
    *,
    smooth_km: float = 0.0,
    contested_as: str | None = None,
    tolerance_m: float = 1.0,
    boundary: BaseGeometry | None = None,
    crs: Any = None,
) -> MultiLineString:
    """The front line: where the UA ground meets the RU ground, minus the state border and the coast
    (EPSG:4326).

    Parameters
    ----------
    control
        A day's control (:class:`~.daily.ControlDay`), a :class:`~.territory.Territory`, or control
        polygons (GeoDataFrame with ``side`` and polygons, any CRS) — for instance a snapshot.
    smooth_km
        When positive, the line is simplified to within this distance and its corners rounded
        (Chaikin's corner cutting), for display; 0 keeps the exact boundaries.
    contested_as
        ``None``: the line runs only where UA and RU ground touch. ``"RU"``: contested ground counts
        as RU's, so the line is the forward edge of UA-held ground; ``"UA"``: the forward edge of
        RU-held ground. Either way the line does not break at a contested zone.
    tolerance_m
        Boundaries closer than this count as shared (absorbs rounding in snapshot files).
    boundary
        For polygons: the country's boundary (EPSG:4326). Given, ground inside it that no polygon
        draws is UA when the polygons draw no UA ground (DeepState), and the line leaves out the
        boundary itself. A day's control knows its own.
    crs
        For polygons: the metric CRS to work in; default an equal-area one centred on them.

    Returns
    -------
    MultiLineString
        Empty when either side holds nothing or the sides do not touch (with ``contested_as=None`` a
        contested zone between them is drawn by the ``contested`` polygon, not by the line).
    """
    if contested_as is not None:
        contested_as = choose(contested_as, Side, "contested_as").value
    line, crs = _front_line_m(control, contested_as, tolerance_m, boundary, crs)
    if line.is_empty:
        return MultiLineString()
    lines = list(shapely.get_parts(line))
    if smooth_km > 0:
        lines = [_smooth(part, smooth_km * 1000) for part in lines]
    out = to_wgs84(MultiLineString(lines), crs)
    return out if isinstance(out, MultiLineString) else MultiLineString(list(shapely.get_parts(out)))


def _sides_m(
    control: Any, contested_as: str | None, boundary: BaseGeometry | None, crs: Any
) -> tuple[BaseGeometry, BaseGeometry, BaseGeometry | None, Any]:
    """UA ground, RU ground and the area of interest, metric; and the CRS."""
    territory = _territory_of(control)
    if territory is not None:
        ua, ru = territory.part("UA"), territory.part("RU")
        if contested_as == "UA":
            ua = plus(ua, territory.part("contested"))
        elif contested_as == "RU":
            ru = plus(ru, territory.part("contested"))
        return ua, ru, territory.area_of_interest, territory.crs
    polygons: gpd.GeoDataFrame = control
    if "side" not in polygons:
        msg = "control polygons need a 'side' column (UA, RU, contested)"
        raise InputError(msg)
    sides = polygons["side"].replace({"contested": contested_as}) if contested_as else polygons["side"]
    source = polygons.crs or "EPSG:4326"
    geoms = polygons.geometry.to_numpy()
    if crs is None:
        crs = metric_crs_for(_project(geoms, source, "EPSG:4326") if polygons.crs else geoms)
    ua = plus(*to_metric(geoms[(sides == "UA").to_numpy()], crs, source=source))
    ru = plus(*to_metric(geoms[(sides == "RU").to_numpy()], crs, source=source))
    aoi = to_metric(boundary, crs) if boundary is not None else None
    if aoi is not None and ua.is_empty and not ru.is_empty:
        others = geoms[(sides != "RU").to_numpy()]
        ua = minus(aoi, plus(ru, *to_metric(others, crs, source=source)))
    return ua, ru, aoi, crs


def _front_line_m(
    control: Any, contested_as: str | None, tolerance_m: float, boundary: BaseGeometry | None, crs: Any
) -> tuple[BaseGeometry, Any]:
    """The front line in the metric CRS, merged into as few lines as possible, and that CRS."""
    ua, ru, aoi, crs = _sides_m(control, contested_as, boundary, crs)
    return _front_between(ua, ru, aoi, tolerance_m), crs


def _front_between(ua: BaseGeometry, ru: BaseGeometry, aoi: BaseGeometry | None, tolerance_m: float) -> Any:
    """Where the UA ground meets the RU ground (metric), minus the edge of the area of interest ``aoi``."""
    if ua.is_empty or ru.is_empty:
        return MultiLineString()
    shared = shapely.intersection(shapely.boundary(ua), shapely.buffer(shapely.boundary(ru), tolerance_m))
    if aoi is not None and not shared.is_empty:
        shared = shapely.difference(shared, shapely.buffer(shapely.boundary(aoi), _BORDER_M))
        # An occupation map's own border and coast differ from the boundary's by up to a km or two, and
        # the Ukrainian ground it leaves is what remains: strips of it along the border are no front.
        # The line keeps to within reach of Ukrainian ground wider than twice _SLIVER_M.
        core = shapely.buffer(ua, -_SLIVER_M, quad_segs=4)
        shared = shapely.intersection(shared, shapely.buffer(core, 2 * _SLIVER_M, quad_segs=4))
    lines = [g for g in shapely.get_parts(shapely.line_merge(_lines(shared))) if g.length > 5 * tolerance_m]
    return MultiLineString(lines)


def front_line_points(control: Any, *, step_km: float = 8.0, boundary: BaseGeometry | None = None) -> list:
    """Points every ``step_km`` along the front line, as ``(latitude, longitude)`` pairs.

    ``control`` is a day's control (:func:`~.daily.control_on`) or a snapshot's polygons
    (:func:`~.snapshots.read_snapshots`, one date); for a snapshot that draws only the occupied ground,
    give the country's ``boundary`` (EPSG:4326) so that its border and coast are not taken for a front.
    Each part of the line gives its two ends and the points between them, one part after the other;
    the geocoder's theatre prior reads them as a set of points, ``joined=False``
    (``gazetteer.Theatre.from_lines([(name, start, end, False, points)])``), dense enough that it
    needs no segments between them.

    >>> import geopandas as gpd, shapely
    >>> halves = gpd.GeoDataFrame({"side": ["UA", "RU"]},
    ...     geometry=[shapely.box(36.0, 49.0, 37.0, 50.0), shapely.box(37.0, 49.0, 38.0, 50.0)], crs=4326)
    >>> points = front_line_points(halves, step_km=20)
    >>> len(points), all(abs(lon - 37.0) < 1e-3 for _, lon in points)
    (7, True)
    >>> front_line_points(halves[halves.side == "UA"])
    []
    """
    if step_km <= 0:
        msg = f"step_km must be more than 0, got {step_km}"
        raise InputError(msg)
    line, crs = _front_line_m(control, None, 1.0, boundary, None)
    return _sample(line, crs, step_km)


def _sample(line: BaseGeometry, crs: Any, step_km: float) -> list[tuple[float, float]]:
    """``(latitude, longitude)`` of each part's ends and of points between them ``step_km`` apart at most."""
    xy = shapely.get_coordinates(_project(_sample_m(line, step_km), crs, "EPSG:4326"))
    return [(round(float(lat), 6), round(float(lon), 6)) for lon, lat in xy]


def _sample_m(line: BaseGeometry, step_km: float) -> np.ndarray:
    """Points (metric, as ``line``) at each part's ends and between them ``step_km`` apart at most."""
    out = []
    for part in shapely.get_parts(line):
        count = max(int(np.ceil(part.length / (step_km * 1000))), 1)
        out.append(shapely.line_interpolate_point(part, np.linspace(0.0, part.length, count + 1)))
    return np.concatenate(out) if out else np.array([], dtype=object)


def _lines(geometry: BaseGeometry) -> MultiLineString:
    parts = [
        p
        for p in shapely.get_parts(shapely.get_parts(geometry))
        if p.geom_type == "LineString" and not p.is_empty
    ]
    return MultiLineString(parts)


def _smooth(line: Any, tolerance_m: float, iterations: int = 3) -> Any:
    """Simplify to ``tolerance_m``, then cut corners (Chaikin), keeping both ends where they are."""
    coords = shapely.get_coordinates(shapely.simplify(line, tolerance_m))
    return shapely.linestrings(chaikin(coords, iterations))


def theatre_from_snapshots(
    snapshots: Any,
    *,
    boundary: BaseGeometry | None = None,
    base: Any = "embedded",
    step_km: float = 8.0,
    settlements: Sequence[tuple[float, float]] | None = None,
) -> Any:
    """The geocoder's theatre (:class:`gazetteer.Theatre`) with the front line of each published map
    added for the days it held: from its date to the day before the next map's (the last map, up to 90
    days after its own).

    A report of a day then prefers, among namesakes, the one near that day's front as the map drew it.
    A map's front is the edge of its occupied ground where that edge faces the country's settlements
    outside it (one within :data:`FACING_KM`): the state border and the coast, which face none, are
    no front — so a map that draws only the occupied ground (DeepState's) needs no ``boundary``, and
    a boundary drawn coarser than the map (Natural Earth's) adds no front along the border or around
    Crimea. ``settlements`` are ``(latitude, longitude)`` of the country's settlements
    (:func:`~.settlements.settlement_points` of the geocoding gazetteer; of the embedded one by default);
    ``boundary`` as for :func:`front_line_points`.

    ``base`` is the theatre the fronts are added to (the embedded one by default; None for none). Its
    front lines give way to the maps' on the days the maps hold — they are a coarser drawing of the same
    front — while its fought-over places and oblasts stay.
    """
    import datetime as dt

    from gazetteer import Theatre, TheatreLine, embedded_theatre

    from .settlements import settlement_points
    from .snapshots import snapshot_dates, snapshot_on

    if settlements is None:
        from gazetteer import Gazetteer

        settlements = settlement_points(Gazetteer.open(installed=False))
    settled = np.asarray(settlements, dtype=float)
    days = snapshot_dates(snapshots)
    fronts = []
    for day, following in zip(days, [*days[1:], None][: len(days)], strict=True):
        end = following - dt.timedelta(days=1) if following else day + dt.timedelta(days=90)
        points = _map_front(snapshot_on(snapshots, day), boundary, step_km, settled)
        if points:
            fronts.append(TheatreLine(f"front {day.isoformat()}", day, end, False, tuple(points)))
    start = embedded_theatre() if base == "embedded" else base
    if start is None:
        return Theatre(fronts)
    lines = list(start.lines)
    if fronts and not _partial(snapshots):  # (a map of part of the country leaves the rest to the base)
        held = (fronts[0].start, fronts[-1].end)
        lines = [part for line in lines for part in _outside(line, *held)]
    return Theatre(
        [*lines, *fronts],
        start.areas,
        weight=start.weight,
        scale_km=start.scale_km,
        area_weight=start.area_weight,
    )


#: A published map's edge is front where a settlement of the country outside its occupied ground lies
#: this close (km).
FACING_KM = 15.0


def _map_front(snapshot: Any, boundary: BaseGeometry | None, step_km: float, settled: np.ndarray) -> list:
    """Points every ``step_km`` along a map's front: the edge of its occupied ground that faces
    settlements outside it (``settled``: latitude, longitude rows)."""
    from scipy.spatial import cKDTree

    ua, ru, aoi, crs = _sides_m(snapshot, None, boundary, None)
    if ru.is_empty:
        return []
    # a two-sided map (or one given a boundary) draws its front; an occupation map, only its edge
    line = shapely.line_merge(shapely.boundary(ru)) if ua.is_empty else _front_between(ua, ru, aoi, 1.0)
    points = _sample_m(line, step_km)
    if not len(points) or not len(settled):
        return []
    towns = shapely.get_coordinates(_project(shapely.points(settled[:, 1], settled[:, 0]), "EPSG:4326", crs))
    outside = towns[~shapely.contains_xy(ru, towns[:, 0], towns[:, 1])]
    if _partial(snapshot):
        # a map of part of the country: the towns beyond what it draws say nothing, and where its drawing
        # stops is no front
        covered = snapshot[snapshot["side"] == "coverage"].geometry.to_numpy()
        cover = plus(*to_metric(covered, crs, source=snapshot.crs or "EPSG:4326"))
        outside = outside[shapely.contains_xy(cover, outside[:, 0], outside[:, 1])]
        points = points[shapely.distance(points, shapely.boundary(cover)) > _COVER_EDGE_M]
    if not len(outside) or not len(points):
        return []
    xy = shapely.get_coordinates(points)
    near, _ = cKDTree(outside).query(xy, distance_upper_bound=FACING_KM * 1000)
    facing = points[np.isfinite(near)]
    lonlat = shapely.get_coordinates(_project(facing, crs, "EPSG:4326"))
    return [(round(float(lat), 6), round(float(lon), 6)) for lon, lat in lonlat]


_COVER_EDGE_M = 2000.0  # an occupied area's edge this close to where a partial map's drawing stops is that


def _partial(snapshots: Any) -> bool:
    """Whether a map (or one of several) covers part of the country only: it has a ``coverage`` feature."""
    return "side" in snapshots and bool((snapshots["side"] == "coverage").any())


def _outside(line: Any, first: Any, last: Any) -> list:
    """``line`` (a :class:`gazetteer.TheatreLine`) for the days outside ``first``–``last`` when it is a
    front line (joined); places and lines of other days as they are."""
    import dataclasses
    import datetime as dt

    if not line.joined or line.end < first or line.start > last:
        return [line]
    before = [dataclasses.replace(line, end=first - dt.timedelta(days=1))] if line.start < first else []
    after = [dataclasses.replace(line, start=last + dt.timedelta(days=1))] if line.end > last else []
    return before + after
