"""Territorial control over time: settlement status from events and published maps, the ground each
side holds measured against a real boundary, the front line, and km² gained and lost.

>>> from frontline.control import prepare_control, control_on, read_snapshots   # doctest: +SKIP
>>> data = prepare_control(settlements, events, snapshots=read_snapshots("deepstate/"),
...                        area_of_interest=boundary)                           # doctest: +SKIP
>>> day = control_on(data, "2024-07-08")                                        # doctest: +SKIP
>>> day.area_km2(), day.front_line(), day.source                                # doctest: +SKIP
"""

from __future__ import annotations

from .areas import area_changes, area_summary, areas_by_side, daily_series, oblast_regions, series_figure
from .boundary import area_of_interest_from, natural_earth_boundary, read_boundary
from .daily import ControlData, ControlDay, control_on, covered_dates, prepare_control
from .front import front_line, front_line_points
from .geometry import Tessellation, tessellate
from .settlements import settlements_frame, settlements_from_gazetteer
from .sides import SIDES, STATUSES, parse_side
from .snapshots import read_snapshots, write_snapshots
from .territory import Territory, control_polygons, polygons_from_snapshot
from .timeline import (
    TERRITORY_SUB_EVENT_TYPES,
    baseline_from_snapshot,
    control_changes,
    settlement_status,
)

__all__ = [
    "SIDES",
    "STATUSES",
    "TERRITORY_SUB_EVENT_TYPES",
    "ControlData",
    "ControlDay",
    "Territory",
    "Tessellation",
    "area_changes",
    "area_of_interest_from",
    "area_summary",
    "areas_by_side",
    "baseline_from_snapshot",
    "control_changes",
    "control_on",
    "control_polygons",
    "covered_dates",
    "daily_series",
    "front_line",
    "front_line_points",
    "natural_earth_boundary",
    "oblast_regions",
    "parse_side",
    "polygons_from_snapshot",
    "prepare_control",
    "read_boundary",
    "read_snapshots",
    "series_figure",
    "settlement_status",
    "settlements_frame",
    "settlements_from_gazetteer",
    "tessellate",
    "write_snapshots",
]
