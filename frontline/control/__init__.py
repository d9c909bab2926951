"""Territorial control over time: settlement status from events and published maps, control
polygons, the front line, and km² gained and lost.

The embedded settlements and control map of 5 September 2022 (with events, pass them as well):

>>> from gazetteer import Gazetteer
>>> from frontline.control import control_on, prepare_control, read_snapshots, settlements_from_gazetteer
>>> from frontline.demo import baseline_path
>>> settlements = settlements_from_gazetteer(Gazetteer.open())
>>> data = prepare_control(settlements, snapshots=read_snapshots(baseline_path()), default_side="UA")
>>> day = control_on(data, "2022-09-05")
>>> sorted(day.polygons["side"]), day.front_line().geom_type
(['RU', 'UA'], 'MultiLineString')
"""

from __future__ import annotations

from .areas import area_changes, areas_by_side, daily_series, oblast_regions
from .daily import ControlData, ControlDay, control_on, covered_dates, prepare_control
from .geometry import (
    Tessellation,
    area_of_interest_from,
    control_polygons,
    front_line,
    polygons_from_snapshot,
    read_boundary,
    tessellate,
)
from .settlements import settlements_frame, settlements_from_gazetteer
from .sides import SIDES, STATUSES, parse_side
from .snapshots import read_snapshots, write_snapshots
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
    "Tessellation",
    "area_changes",
    "area_of_interest_from",
    "areas_by_side",
    "baseline_from_snapshot",
    "control_changes",
    "control_on",
    "control_polygons",
    "covered_dates",
    "daily_series",
    "front_line",
    "oblast_regions",
    "parse_side",
    "polygons_from_snapshot",
    "prepare_control",
    "read_boundary",
    "read_snapshots",
    "settlement_status",
    "settlements_frame",
    "settlements_from_gazetteer",
    "tessellate",
    "write_snapshots",
]
