"""Territory on a day: the ground of each status as polygons in the metric CRS.

A :class:`Territory` partitions its ``frame`` (the area of interest, plus whatever a snapshot draws
just beyond its edge) into UA, RU, contested and unknown ground. It is made in three ways:

* from settlements (:func:`cells_territory`): the Thiessen cells of the settlements of each status,
  dissolved and cut to the area of interest;
* from a published snapshot (:func:`snapshot_territory`): its polygons inside its coverage (contested
  over RU over UA where they overlap; the rest of the coverage UA when the map draws no Ukrainian
  ground, as DeepState does, else unknown), and outside its coverage what was known before;
* by painting (:func:`paint`): a territory with the cells of the settlements whose status changed
  given their new status, and nothing else touched — so a day on which no settlement's status changed
  has exactly the territory of the day before, and 0 km² gained and lost.

A snapshot's polygons are kept as published up to :data:`SNAPSHOT_TOLERANCE_KM` beyond the boundary
(published maps draw their own border and coast; Natural Earth's 1:10m border differs from DeepState's
by up to a kilometre or two, 1.6 % of the occupied area), so a snapshot's km² are its polygons' km².
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .geometry import GRID_M, Tessellation, _polygonal, clip, dissolve, minus, plus, to_metric, to_wgs84
from .sides import COVERAGE, STATUS_CODE, STATUSES, status_codes

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from pyproj import CRS

__all__ = [
    "POLYGON_COLUMNS",
    "SNAPSHOT_TOLERANCE_KM",
    "SnapshotLayer",
    "Territory",
    "cells_territory",
    "control_polygons",
    "paint",
    "polygons_from_snapshot",
    "snapshot_layer",
    "snapshot_territory",
    "tolerance_zone",
]

log = logging.getLogger(__name__)

#: Columns of a control-polygon frame (one row per status present), besides its geometry.
POLYGON_COLUMNS = ("date", "side", "area_km2", "source")
#: How far beyond the boundary a snapshot's polygons are kept (km): the accuracy of the border data.
SNAPSHOT_TOLERANCE_KM = 5.0
_KNOWN = ("UA", "RU", "contested")


@dataclass(frozen=True, eq=False)
class Territory:
    """The ground of each status (:data:`~frontline.control.sides.STATUSES`), in a metric CRS.

    Attributes
    ----------
    crs
        The equal-area CRS of every geometry (metres).
    parts
        Status → (Multi)Polygon; the parts do not overlap and together make ``frame``.
    given_frame
        The ground the territory covers, when known; None: the area of interest and the parts,
        united when first needed (:attr:`frame`).
    area_of_interest
        The boundary measured against (its edge is the state border and the coast).
    """

    crs: CRS
    parts: dict[str, Polygon | MultiPolygon]
    given_frame: Polygon | MultiPolygon | None
    area_of_interest: Polygon | MultiPolygon
    _areas: dict[str, float] = field(default_factory=dict, repr=False)
    _frame: list[Polygon | MultiPolygon] = field(default_factory=list, repr=False)

    @property
    def frame(self) -> Polygon | MultiPolygon:
        """The ground the territory covers (the parts together)."""
        if self.given_frame is not None:
            return self.given_frame
        if not self._frame:
            self._frame.append(plus(self.area_of_interest, *self.parts.values()))
        return self._frame[0]

    def part(self, status: str) -> Polygon | MultiPolygon:
        return self.parts.get(status, MultiPolygon())

    def area_km2(self) -> dict[str, float]:
        """km² of each status (0 for those absent)."""
        if not self._areas:
            self._areas.update({s: float(self.part(s).area) / 1e6 for s in STATUSES})
        return dict(self._areas)

    @property
    def known(self) -> bool:
        """Whether any ground is UA, RU or contested."""
        return any(not self.part(s).is_empty for s in _KNOWN)

    def polygons(self, *, date: Any = None, source: str = "") -> gpd.GeoDataFrame:
        """One row per status present — ``date, side, area_km2, source`` and (Multi)Polygon geometry in
        EPSG:4326, valid. Empty when no ground is known (a day with no data has nothing to draw)."""
        import geopandas as gpd
        import pandas as pd

        areas = self.area_km2()
        rows = [s for s in STATUSES if areas[s] > 0] if self.known else []
        geoms = [to_wgs84(self.parts[s], self.crs) for s in rows]
        data = pd.DataFrame(
            {"date": [date] * len(rows), "side": rows, "area_km2": [areas[s] for s in rows]}
        ).assign(source=source)
        return gpd.GeoDataFrame(
            data[list(POLYGON_COLUMNS)], geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326"
        )

    def overlap_km2(self, cells: np.ndarray) -> np.ndarray:
        """km² of each cell in the ground of each status: shape ``(len(cells), len(STATUSES))``."""
        out = np.zeros((len(cells), len(STATUSES)))
        if len(cells) == 0:
            return out
        undecided = np.ones(len(cells), dtype=bool)
        for code, status in enumerate(STATUSES):
            part = self.part(status)
            if part.is_empty:
                continue
            shapely.prepare(part)
            whole = undecided & shapely.contains_properly(part, cells)
            out[whole, code] = shapely.area(cells[whole]) / 1e6
            undecided &= ~whole
        rest = np.flatnonzero(undecided)
        for code, status in enumerate(STATUSES):
            part = self.part(status)
            if len(rest) and not part.is_empty:
                touching = rest[shapely.intersects(part, cells[rest])]
                pieces = shapely.intersection(cells[touching], part, grid_size=GRID_M)
                out[touching, code] = shapely.area(pieces) / 1e6
        return out


def cells_territory(tess: Tessellation, codes: np.ndarray) -> Territory:
    """Territory of the sites' status codes (one per cell of ``tess``): cells dissolved by status, cut
    to the area of interest."""
    aoi = tess.area_of_interest
    parts = {}
    for code, status in enumerate(STATUSES):
        chosen = codes == code
        parts[status] = clip(dissolve(tess.cells[chosen]), aoi) if chosen.any() else MultiPolygon()
    return Territory(tess.crs, parts, aoi, aoi)


def paint(territory: Territory, tess: Tessellation, codes: np.ndarray, changed: np.ndarray) -> Territory:
    """``territory`` with the cells of the ``changed`` sites (a boolean mask) given their status in
    ``codes``; all other ground as it was."""
    if not changed.any():
        return territory
    frame = territory.frame
    painted = {
        status: clip(dissolve(tess.cells[changed & (codes == code)]), frame)
        for code, status in enumerate(STATUSES)
        if (changed & (codes == code)).any()
    }
    brush = plus(*painted.values())
    parts = {
        status: plus(minus(territory.part(status), brush), painted.get(status, MultiPolygon()))
        for status in STATUSES
    }
    return Territory(territory.crs, parts, frame, territory.area_of_interest)


@dataclass(frozen=True, eq=False)
class SnapshotLayer:
    """One date's snapshot prepared for measuring: polygons by side in the metric CRS.

    ``coverage`` is None when the map covers the whole area of interest; ``rest`` is the status of
    covered ground outside its polygons (UA for maps that draw only occupied and contested ground).
    """

    date: Any
    source: str
    polygons: dict[str, Polygon | MultiPolygon]
    coverage: Polygon | MultiPolygon | None
    rest: str
    frame: gpd.GeoDataFrame  # the snapshot's rows, coverage included (EPSG:4326), for settlement statuses


def snapshot_layer(snapshot: gpd.GeoDataFrame, crs: CRS) -> SnapshotLayer:
    """The rows of one date of a snapshot frame (:func:`~.snapshots.read_snapshots`) in ``crs``.

    The coverage is the union of the ``coverage`` features when there are any; else the whole area
    when the map draws no UA polygon (DeepState), else the polygons themselves.
    """
    sides = snapshot["side"].to_numpy()
    # not snapped here: the first overlay, the cut to the boundary, snap-rounds them
    geoms = to_metric(
        shapely.force_2d(snapshot.geometry.to_numpy()), crs, source=snapshot.crs or "EPSG:4326", snapped=False
    )
    polygons = {s: plus(*geoms[sides == s]) for s in ("contested", "RU", "UA") if (sides == s).any()}
    draws_ua = "UA" in polygons
    if (sides == COVERAGE).any():
        coverage: Polygon | MultiPolygon | None = plus(*geoms[sides == COVERAGE])
    else:
        coverage = plus(*polygons.values()) if draws_ua else None
    source = ", ".join(sorted(set(snapshot["source"]))) if "source" in snapshot else ""
    date = snapshot["date"].iloc[0] if len(snapshot) else None
    return SnapshotLayer(date, source, polygons, coverage, "unknown" if draws_ua else "UA", snapshot)


def snapshot_territory(
    layer: SnapshotLayer,
    area_of_interest: Polygon | MultiPolygon,
    crs: CRS,
    *,
    below: Territory | None = None,
    zone: BaseGeometry | None = None,
) -> Territory:
    """Territory as a snapshot draws it, inside its coverage; outside it, ``below`` (what was known
    before; default: unknown).

    ``zone`` is the area of interest widened by :data:`SNAPSHOT_TOLERANCE_KM` (computed when not
    given); the snapshot's polygons are cut to it.
    """
    aoi = area_of_interest
    if zone is None:
        zone = tolerance_zone(aoi)
    drawn: dict[str, Polygon | MultiPolygon] = {}
    taken: Polygon | MultiPolygon = MultiPolygon()
    for side in ("contested", "RU", "UA"):
        if side in layer.polygons:
            drawn[side] = minus(clip(layer.polygons[side], zone), taken)
            taken = plus(taken, drawn[side])
    cover = aoi if layer.coverage is None else clip(layer.coverage, aoi)
    rest = minus(cover, taken)
    drawn[layer.rest] = plus(drawn.get(layer.rest, MultiPolygon()), rest)
    if layer.coverage is None:
        parts = {s: drawn.get(s, MultiPolygon()) for s in STATUSES}
        return Territory(crs, parts, None, aoi)
    below = below or Territory(crs, {"unknown": aoi}, aoi, aoi)
    covered = plus(cover, taken)
    parts = {s: plus(minus(below.part(s), covered), drawn.get(s, MultiPolygon())) for s in STATUSES}
    return Territory(crs, parts, None, aoi)


def tolerance_zone(area_of_interest: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    """The area of interest widened by :data:`SNAPSHOT_TOLERANCE_KM`, simplified (it is a tolerance,
    not a border: a tenth of the width is room enough, and fewer vertices cut faster)."""
    width_m = SNAPSHOT_TOLERANCE_KM * 1000
    return _polygonal(shapely.simplify(shapely.buffer(area_of_interest, width_m, quad_segs=2), width_m / 10))


# -- the control-polygon frames of earlier versions, kept for callers that work with GeoDataFrames ---------


def control_polygons(
    tess: Tessellation, status: pd.Series, *, date: Any = None, source: str = "events"
) -> gpd.GeoDataFrame:
    """Territory by status on one date: the cells of the settlements of each status, dissolved.

    Parameters
    ----------
    tess
        The tessellation of the settlements (:func:`~.geometry.tessellate`).
    status
        Each settlement's status (``"UA"``, ``"RU"``, ``"contested"``, ``"unknown"``) by geonameid;
        settlements left out are unknown. Settlements at one point that disagree are contested.
    date, source
        Copied into the ``date`` and ``source`` columns.

    Returns
    -------
    GeoDataFrame
        One row per status present — ``date``, ``side``, ``area_km2``, (Multi)Polygon geometry in
        EPSG:4326 — whose areas add up to the area of interest. Empty when no settlement's status is
        known: a date with no data has no territory to draw.
    """
    codes = tess.site_codes(status_codes(status, tess.settlements.index))
    if (codes == STATUS_CODE["unknown"]).all():
        return Territory(tess.crs, {}, tess.area_of_interest, tess.area_of_interest).polygons()
    return cells_territory(tess, codes).polygons(date=date, source=source)


def polygons_from_snapshot(
    tess: Tessellation, snapshot: gpd.GeoDataFrame, *, date: Any = None, source: str = "snapshot"
) -> gpd.GeoDataFrame:
    """Territory by status as a published snapshot draws it, within the tessellation's area of interest
    (see :func:`snapshot_territory`; outside its coverage, unknown). Columns as :func:`control_polygons`."""
    layer = snapshot_layer(snapshot, tess.crs)
    territory = snapshot_territory(layer, tess.area_of_interest, tess.crs)
    return territory.polygons(date=date, source=source)
