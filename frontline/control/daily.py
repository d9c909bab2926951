"""Control on a day, from every source at once: events, published snapshots, the rules of the timeline.

:func:`prepare_control` gathers what does not change from day to day — the boundary, the timeline of
changes from the events, the snapshots by date — and :func:`control_on` answers for one date. The
settlements' Thiessen cells are built only when a day needs them (events to apply, or ground a
snapshot does not cover), so a day read from a snapshot that covers the whole country costs the
snapshot alone.

A day's territory is the latest snapshot's on or before it (inside its coverage; outside, the cells
of the settlements by their status on the snapshot's date), with the cells of the settlements whose
status changed since then painted with their new status. With no snapshot yet, it is the cells of
the settlements by status. Ground nobody reported on is unknown unless ``default_side`` says otherwise.

>>> import datetime as dt
>>> describe_source(None, dt.date(2022, 9, 10))
'events'
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from shapely.geometry import MultiLineString

from ..errors import InputError
from ..options import Status, choose
from .geometry import Tessellation, metric_crs_for, minus, tessellate, to_metric, to_wgs84
from .sides import STATUS_CODE, STATUSES
from .territory import (
    SnapshotLayer,
    Territory,
    cells_territory,
    paint,
    snapshot_layer,
    snapshot_territory,
    tolerance_zone,
)
from .timeline import (
    Baseline,
    _codes_on,
    as_date,
    baseline_from_snapshot,
    control_changes,
    settlement_status,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from pyproj import CRS
    from shapely.geometry import MultiPolygon, Polygon

__all__ = [
    "ControlData",
    "ControlDay",
    "control_on",
    "covered_dates",
    "describe_source",
    "prepare_control",
]

log = logging.getLogger(__name__)

_UNKNOWN = STATUS_CODE["unknown"]
#: ``ControlData.boundary_source`` when no boundary was given.
OUTLINE = "an outline drawn around the settlements (approximate: it follows no border or coast)"


@dataclass(frozen=True, eq=False)
class ControlData:
    """What control on any day is computed from (build it with :func:`prepare_control`).

    Attributes
    ----------
    settlements
        The settlement frame (see :mod:`~frontline.control.settlements`).
    changes
        The timeline of changes derived from the events (:func:`~.timeline.control_changes`).
    area_of_interest
        The boundary measured against, EPSG:4326.
    crs
        The equal-area CRS everything is measured in.
    snapshots
        Published control polygons (:func:`~.snapshots.read_snapshots`), or None.
    fill_from_neighbours, default_side
        Rules 5 and 6 of the timeline.
    boundary_source
        What the boundary is, in words ("Natural Earth 1:10m", a file name …).
    """

    settlements: gpd.GeoDataFrame
    changes: pd.DataFrame
    area_of_interest: Polygon | MultiPolygon
    crs: CRS
    snapshots: gpd.GeoDataFrame | None = None
    fill_from_neighbours: bool = True
    default_side: str | None = None
    boundary_source: str = ""
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def tessellation(self) -> Tessellation:
        """Thiessen cells of the settlements, cut to the area of interest (built on first use)."""
        return tessellate(self.settlements, area_of_interest=self.area_of_interest, crs=self.crs)

    @cached_property
    def area_of_interest_m(self) -> Polygon | MultiPolygon:
        """The area of interest in ``crs``, on the precision grid."""
        return to_metric(self.area_of_interest, self.crs)

    @cached_property
    def _zone(self) -> Any:
        return tolerance_zone(self.area_of_interest_m)

    @cached_property
    def snapshot_days(self) -> list[dt.date]:
        """The dates of the snapshots, in order."""
        return sorted(self._snapshot_rows)

    @cached_property
    def _snapshot_rows(self) -> dict[dt.date, gpd.GeoDataFrame]:
        if self.snapshots is None or self.snapshots.empty:
            return {}
        return {day: rows for day, rows in self.snapshots.groupby("date", sort=True)}

    @cached_property
    def _change_days(self) -> np.ndarray:
        return np.sort(self.changes["date"].to_numpy().astype("datetime64[D]"))

    @property
    def neighbours(self) -> np.ndarray | None:
        return self.tessellation.neighbours if self.fill_from_neighbours else None

    def snapshot_before(self, day: dt.date) -> dt.date | None:
        """The date of the latest snapshot on or before ``day``, or None."""
        i = bisect.bisect_right(self.snapshot_days, day)
        return self.snapshot_days[i - 1] if i else None

    def layer(self, day: dt.date) -> SnapshotLayer:
        """The snapshot of ``day`` in the metric CRS."""
        key = ("layer", day)
        if key not in self._cache:
            self._cache[key] = snapshot_layer(self._snapshot_rows[day], self.crs)
        return self._cache[key]

    def changes_between(self, after: dt.date | None, until: dt.date) -> bool:
        """Whether any settlement's status changes after ``after`` (None: ever) up to ``until``."""
        days = self._change_days
        low = 0 if after is None else np.searchsorted(days, np.datetime64(after, "D"), side="right")
        return bool(np.searchsorted(days, np.datetime64(until, "D"), side="right") > low)

    def baseline(self, day: dt.date) -> Baseline | None:
        """What the snapshots on or before ``day`` say of each settlement, or None when there are none."""
        latest = self.snapshot_before(day)
        if latest is None:
            return None
        key = ("baseline", latest)
        if key not in self._cache:
            i = self.snapshot_days.index(latest)
            earlier = self.baseline(self.snapshot_days[i - 1]) if i else None
            base = earlier or Baseline.empty(len(self.settlements))
            status = baseline_from_snapshot(self.settlements, self.layer(latest).frame)
            self._cache[key] = base.over(status, self.settlements.index, latest)
        return self._cache[key]

    def codes(
        self, day: dt.date, *, before_snapshot: bool = False
    ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
        """Each settlement's status code on ``day``, where it came from, and the changes that set it.
        ``before_snapshot``: as if the snapshot of ``day`` itself were not there (what was known of the
        ground it does not cover)."""
        key = ("codes", day, before_snapshot)
        if key not in self._cache:
            baseline = self.baseline(day - dt.timedelta(days=1) if before_snapshot else day)
            self._cache[key] = _codes_on(
                self.settlements,
                self.changes,
                day,
                baseline=baseline,
                neighbours=self.neighbours,
                default_side=self.default_side,
            )
        return self._cache[key]

    def site_codes(self, day: dt.date) -> np.ndarray:
        return self.tessellation.site_codes(self.codes(day)[0])

    def _unknown(self) -> Territory:
        aoi = self.area_of_interest_m
        return Territory(self.crs, {"unknown": aoi}, aoi, aoi)

    def snapshot_ground(self, day: dt.date) -> Territory:
        """The territory of the snapshot of ``day``: its polygons inside its coverage and, outside it,
        the cells of the settlements by what else was known that day."""
        key = ("territory", day)
        if key not in self._cache:
            layer = self.layer(day)
            below = None
            if layer.coverage is not None and not self._covers_all(layer):
                codes = self.tessellation.site_codes(self.codes(day, before_snapshot=True)[0])
                below = cells_territory(self.tessellation, codes)
            aoi = self.area_of_interest_m
            self._cache[key] = snapshot_territory(layer, aoi, self.crs, below=below, zone=self._zone)
        return self._cache[key]

    def _covers_all(self, layer: SnapshotLayer) -> bool:
        """Whether a snapshot's coverage takes in the whole area of interest (the demo's map does): then
        nothing lies outside it and no settlement cells are needed."""
        assert layer.coverage is not None
        return minus(self.area_of_interest_m, layer.coverage).area < 1.0

    def _nothing_known(self, day: dt.date, base: dt.date | None) -> bool:
        return base is None and self.default_side is None and not self.changes_between(None, day)

    def territory(self, day: dt.date) -> Territory:
        """The ground of each status on ``day`` (see the module docstring)."""
        base = self.snapshot_before(day)
        if self._nothing_known(day, base):
            return self._unknown()
        if base is None:
            return cells_territory(self.tessellation, self.site_codes(day))
        ground = self.snapshot_ground(base)
        if not self.changes_between(base, day):
            return ground
        codes, before = self.site_codes(day), self.site_codes(base)
        return paint(ground, self.tessellation, codes, codes != before)

    def area_km2(self, day: dt.date) -> np.ndarray:
        """km² of each status on ``day`` (in :data:`STATUSES` order), without building the day's polygons:
        the snapshot's areas, less what the changed settlements' cells held in it, plus those cells'
        ground under their new status."""
        base = self.snapshot_before(day)
        if self._nothing_known(day, base):
            return np.array([0.0, 0.0, 0.0, self.area_of_interest_m.area / 1e6])
        tess = self.tessellation if base is None or self.changes_between(base, day) else None
        if base is None:
            assert tess is not None
            return np.bincount(self.site_codes(day), weights=tess.cell_area_km2, minlength=len(STATUSES))
        ground = self.snapshot_ground(base)
        areas = np.array([ground.area_km2()[s] for s in STATUSES])
        if tess is None:
            return areas
        codes, before = self.site_codes(day), self.site_codes(base)
        changed = np.flatnonzero(codes != before)
        overlap = self._overlap(base, ground, tess, changed)
        held = overlap.sum(axis=1)
        areas = areas - overlap.sum(axis=0)
        areas += np.bincount(codes[changed], weights=held, minlength=len(STATUSES))
        return areas

    def _overlap(self, base: dt.date, ground: Territory, tess: Tessellation, sites: np.ndarray) -> np.ndarray:
        """km² of each site's cell in each status of the snapshot's ground (cached per snapshot)."""
        known: dict[int, np.ndarray] = self._cache.setdefault(("overlap", base), {})
        missing = np.array([s for s in sites if s not in known], dtype=np.int64)
        if len(missing):
            for site, row in zip(missing, ground.overlap_km2(tess.cells[missing]), strict=True):
                known[int(site)] = row
        if len(sites) == 0:
            return np.zeros((0, len(STATUSES)))
        return np.array([known[int(s)] for s in sites])

    def source(self, day: dt.date) -> str:
        base = self.snapshot_before(day)
        if base is None:
            return describe_source(None, day)
        return describe_source((base, None), day, self.layer(base).source)


@dataclass(frozen=True, eq=False)
class ControlDay:
    """Control on one date.

    Attributes
    ----------
    date
        The day.
    source
        Where the day's territory comes from: ``"events"``, ``"snapshot FILE"`` or
        ``"snapshot FILE of DATE + events"``.
    territory
        The ground of each status, metric (:class:`~.territory.Territory`).
    data
        What it was computed from.
    """

    date: dt.date
    source: str
    territory: Territory
    data: ControlData = field(repr=False)

    @cached_property
    def status(self) -> gpd.GeoDataFrame:
        """Each settlement's status (:func:`~.timeline.settlement_status`)."""
        data = self.data
        return settlement_status(
            data.settlements,
            data.changes,
            date=self.date,
            baseline=data.baseline(self.date),
            neighbours=data.neighbours,
            default_side=data.default_side,
        )

    @cached_property
    def polygons(self) -> gpd.GeoDataFrame:
        """Territory by status in EPSG:4326 (``date, side, area_km2, source``); empty with no data."""
        return self.territory.polygons(date=self.date, source=self.source)

    def area_km2(self) -> dict[str, float]:
        """km² of each status (UA, RU, contested, unknown)."""
        return self.territory.area_km2()

    def ground(self, status: str) -> Any:
        """The ground of one status (``"UA"``, ``"RU"``, ``"contested"``, ``"unknown"``), EPSG:4326."""
        status = choose(status, Status, "status").value
        return to_wgs84(self.territory.part(status), self.territory.crs)

    def front_line(self, *, smooth_km: float = 0.0, contested_as: str | None = None) -> MultiLineString:
        """The front line of the day (EPSG:4326); see :func:`~.front.front_line`."""
        from .front import front_line

        return front_line(self.territory, smooth_km=smooth_km, contested_as=contested_as)


def prepare_control(
    settlements: gpd.GeoDataFrame,
    events: pd.DataFrame | None = None,
    *,
    snapshots: gpd.GeoDataFrame | None = None,
    area_of_interest: Polygon | MultiPolygon | None = None,
    boundary_source: str = "",
    confirm_within_days: int = 7,
    fill_from_neighbours: bool = True,
    default_side: str | None = None,
) -> ControlData:
    """Everything :func:`control_on` needs.

    Parameters
    ----------
    settlements
        Settlement frame (see :mod:`~frontline.control.settlements`).
    events
        ACLED-schema events (None: snapshots only).
    snapshots
        Published control polygons, any number of dates.
    area_of_interest
        The boundary to measure against, EPSG:4326 (:mod:`~frontline.control.boundary`); default the
        outline of the settlements, an approximation (``boundary_source`` says so).
    boundary_source
        What the boundary is, for the record.
    confirm_within_days, fill_from_neighbours, default_side
        The rules of :mod:`~frontline.control.timeline`; ``default_side`` None leaves ground nobody
        reported on unknown.
    """
    import pandas as pd

    from .boundary import area_of_interest_from

    if default_side is not None:
        default_side = choose(default_side, Status, "default side").value
    empty = pd.DataFrame({"event_date": [], "x_geonameid": [], "x_control_to": [], "x_confidence": []})
    changes = control_changes(
        events if events is not None else empty,
        confirm_within_days=confirm_within_days,
        settlements=settlements,
    )
    if area_of_interest is None:
        log.info(
            "no boundary given: territory is measured in an outline drawn around the settlements, "
            "which follows no border or coast — give a boundary for honest km²"
        )
        area_of_interest = area_of_interest_from(settlements)
        boundary_source = boundary_source or OUTLINE
    elif area_of_interest.is_empty:
        msg = "the area of interest is empty — give a boundary with a polygon"
        raise InputError(msg)
    return ControlData(
        settlements=settlements,
        changes=changes,
        area_of_interest=area_of_interest,
        crs=metric_crs_for(area_of_interest),
        snapshots=snapshots,
        fill_from_neighbours=fill_from_neighbours,
        default_side=None if default_side == "unknown" else default_side,
        boundary_source=boundary_source,
    )


def describe_source(baseline: tuple[dt.date, Any] | None, date: dt.date, snapshot_file: str = "") -> str:
    """How a day's territory was made, for the ``source`` column."""
    if baseline is None:
        return "events"
    name = f"snapshot {snapshot_file}" if snapshot_file else "snapshot"
    return name if baseline[0] == date else f"{name} of {baseline[0].isoformat()} + events"


def control_on(data: ControlData, date: Any) -> ControlDay:
    """Control on ``date`` (``date`` or ``YYYY-MM-DD``): territory, statuses and where they come from.

    A day before any event and snapshot gives unknown statuses and no polygons, not an error.
    """
    day = as_date(date)
    territory = data.territory(day)
    source = data.source(day)
    log.info("control on %s from %s", day, source)
    return ControlDay(date=day, source=source, territory=territory, data=data)


def covered_dates(data: ControlData) -> list[dt.date]:
    """Days on which something is known: event changes and snapshots, in order."""
    days = {d.date() for d in data.changes["date"]} | set(data.snapshot_days)
    return sorted(days)
