"""Control on a day, from every source at once: events, published snapshots, the rules of the timeline.

:func:`prepare_control` gathers what does not change from day to day — the settlements' Thiessen
cells, the timeline of changes from the events, the snapshots and the settlement statuses each
snapshot implies — and :func:`control_on` answers for one date:

* a snapshot dated that day wins: its polygons are the day's territory (``source`` names the file);
* otherwise settlement statuses are derived (see :mod:`~frontline.control.timeline`), starting from
  the latest earlier snapshot when there is one, and their cells dissolved by side.

>>> import datetime as dt
>>> describe_source(None, dt.date(2022, 9, 10))
'events'
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shapely.geometry import MultiLineString

from ..options import Status, choose
from .geometry import Tessellation, control_polygons, front_line, polygons_from_snapshot, tessellate
from .snapshots import snapshot_dates, snapshot_on
from .timeline import _codes_on, as_date, baseline_from_snapshot, control_changes, settlement_status

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    from shapely.geometry import MultiPolygon, Polygon

__all__ = [
    "ControlData",
    "ControlDay",
    "control_on",
    "covered_dates",
    "describe_source",
    "prepare_control",
    "status_codes_on",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class ControlData:
    """What control on any day is computed from (build it with :func:`prepare_control`).

    Attributes
    ----------
    tessellation
        Thiessen cells of the settlements, cut to the area of interest.
    changes
        The timeline of changes derived from the events (:func:`~.timeline.control_changes`).
    snapshots
        Published control polygons (:func:`~.snapshots.read_snapshots`), or None.
    fill_from_neighbours, default_side
        Rules 5 and 6 of the timeline.
    """

    tessellation: Tessellation
    changes: pd.DataFrame
    snapshots: gpd.GeoDataFrame | None = None
    fill_from_neighbours: bool = True
    default_side: str | None = None
    _baselines: dict[dt.date, pd.Series] = field(default_factory=dict, repr=False)

    @property
    def settlements(self) -> gpd.GeoDataFrame:
        return self.tessellation.settlements

    def baseline(self, date: dt.date) -> tuple[dt.date, pd.Series] | None:
        """The latest snapshot on or before ``date`` as settlement statuses, or None."""
        snap = snapshot_on(self.snapshots, date, latest=True)
        if snap is None:
            return None
        day = snap["date"].iloc[0]
        if day not in self._baselines:
            self._baselines[day] = baseline_from_snapshot(self.settlements, snap)
        return day, self._baselines[day]


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
    status
        Each settlement's status (:func:`~.timeline.settlement_status`).
    polygons
        Territory by status (:func:`~.geometry.control_polygons`); empty on a day with no data.
    """

    date: dt.date
    source: str
    status: gpd.GeoDataFrame
    polygons: gpd.GeoDataFrame

    def front_line(self, *, smooth_km: float = 0.0, contested_as: str | None = None) -> MultiLineString:
        """The front line of the day (EPSG:4326); see :func:`~.geometry.front_line`."""
        return front_line(self.polygons, smooth_km=smooth_km, contested_as=contested_as)


def prepare_control(
    settlements: gpd.GeoDataFrame,
    events: pd.DataFrame | None = None,
    *,
    snapshots: gpd.GeoDataFrame | None = None,
    area_of_interest: Polygon | MultiPolygon | None = None,
    confirm_within_days: int = 7,
    fill_from_neighbours: bool = True,
    default_side: str | None = None,
) -> ControlData:
    """Everything :func:`control_on` needs, computed once.

    Parameters
    ----------
    settlements
        Settlement frame (see :mod:`~frontline.control.settlements`).
    events
        ACLED-schema events (None: snapshots only).
    snapshots
        Published control polygons, any number of dates.
    area_of_interest
        Boundary in EPSG:4326; default the outline of the settlements.
    confirm_within_days, fill_from_neighbours, default_side
        The rules of :mod:`~frontline.control.timeline`.
    """
    import pandas as pd

    if default_side is not None:
        default_side = choose(default_side, Status, "default side").value
    empty = pd.DataFrame({"event_date": [], "x_geonameid": [], "x_control_to": [], "x_confidence": []})
    changes = control_changes(
        events if events is not None else empty,
        confirm_within_days=confirm_within_days,
        settlements=settlements,
    )
    return ControlData(
        tessellation=tessellate(settlements, area_of_interest=area_of_interest),
        changes=changes,
        snapshots=snapshots,
        fill_from_neighbours=fill_from_neighbours,
        default_side=default_side,
    )


def describe_source(baseline: tuple[dt.date, Any] | None, date: dt.date, snapshot_file: str = "") -> str:
    """How a day's territory was made, for the ``source`` column."""
    if baseline is None:
        return "events"
    name = f"snapshot {snapshot_file}" if snapshot_file else "snapshot"
    return name if baseline[0] == date else f"{name} of {baseline[0].isoformat()} + events"


def _snapshot_file(data: ControlData, day: dt.date) -> str:
    snap = snapshot_on(data.snapshots, day)
    return ", ".join(sorted(set(snap["source"]))) if snap is not None and "source" in snap else ""


def status_codes_on(data: ControlData, date: dt.date) -> tuple[np.ndarray, str]:
    """Settlement status codes on ``date`` and the day's source (the fast path of daily series)."""
    baseline = data.baseline(date)
    codes, _, _ = _codes_on(
        data.settlements,
        data.changes,
        date,
        baseline=baseline,
        neighbours=data.tessellation.neighbours if data.fill_from_neighbours else None,
        default_side=data.default_side,
    )
    file = _snapshot_file(data, baseline[0]) if baseline else ""
    return codes, describe_source(baseline, date, file)


def control_on(data: ControlData, date: Any) -> ControlDay:
    """Control on ``date`` (``date`` or ``YYYY-MM-DD``): statuses, territory and where they come from.

    A day before any event and snapshot gives unknown statuses and no polygons, not an error.
    """
    day = as_date(date)
    baseline = data.baseline(day)
    status = settlement_status(
        data.settlements,
        data.changes,
        date=day,
        baseline=baseline,
        neighbours=data.tessellation.neighbours if data.fill_from_neighbours else None,
        default_side=data.default_side,
    )
    file = _snapshot_file(data, baseline[0]) if baseline else ""
    source = describe_source(baseline, day, file)
    snap = snapshot_on(data.snapshots, day)
    if snap is not None:
        polygons = polygons_from_snapshot(data.tessellation, snap, date=day, source=source)
    else:
        polygons = control_polygons(data.tessellation, status["status"], date=day, source=source)
    log.info("control on %s from %s: %d polygons", day, source, len(polygons))
    return ControlDay(date=day, source=source, status=status, polygons=polygons)


def covered_dates(data: ControlData) -> list[dt.date]:
    """Days on which something is known: event changes and snapshots, in order."""
    days = {d.date() for d in data.changes["date"]} | set(snapshot_dates(data.snapshots))
    return sorted(days)
