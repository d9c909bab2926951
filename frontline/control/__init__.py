"""Territorial control over time: settlement status from events and published maps, the ground each
side holds measured against a real boundary, the front line, and km² gained and lost.

The embedded control map of 5 September 2022 over the settlements of the embedded gazetteer, measured
in the area it covers (Kharkiv, Donetsk and Luhansk oblasts); pass events as well to go on from it:

>>> from gazetteer import Gazetteer
>>> from frontline.control import control_on, prepare_control, read_snapshots, settlements_from_gazetteer
>>> from frontline.demo import baseline_path, theatre_boundary
>>> settlements = settlements_from_gazetteer(Gazetteer.open())
>>> data = prepare_control(settlements, snapshots=read_snapshots(baseline_path()),
...                        area_of_interest=theatre_boundary())
>>> day = control_on(data, "2022-09-05")
>>> sorted(day.polygons["side"]), day.front_line().geom_type, round(day.area_km2()["RU"], -1)
(['RU', 'UA'], 'MultiLineString', 51220.0)
"""

from __future__ import annotations

from .areas import area_changes, area_summary, areas_by_side, daily_series, oblast_regions, series_figure
from .boundary import area_of_interest_from, natural_earth_boundary, read_boundary
from .daily import ControlData, ControlDay, control_on, covered_dates, prepare_control
from .front import front_line, front_line_points, theatre_from_snapshots
from .geometry import Tessellation, tessellate
from .settlements import named_places, settlement_points, settlements_frame, settlements_from_gazetteer
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
    "named_places",
    "natural_earth_boundary",
    "oblast_regions",
    "parse_side",
    "polygons_from_snapshot",
    "prepare_control",
    "read_boundary",
    "read_snapshots",
    "series_figure",
    "settlement_points",
    "settlement_status",
    "settlements_frame",
    "settlements_from_gazetteer",
    "tessellate",
    "theatre_from_snapshots",
    "write_snapshots",
]
