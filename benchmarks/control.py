"""Territorial control measured on every populated place of the full GeoNames UA dump.

    python benchmarks/control.py [--days 90]

Uses ``../shared/data/geonames/UA.zip`` (exits with a message when absent). The events are a
synthetic scenario written here, seeded: Russia holds the settlements east of a wavy line on day 0,
and over the following days the line moves east in the north (Ukraine regains settlements) and west
in the south (Russia takes some), each change one territory event, a fifth of them claims of which
half are confirmed two days later. The rest of the country is UA (``default_side``).

Prints the time of each step and the figures:

* settlements loaded, area of interest (the outline of the settlements) vs Ukraine's 603,628 km²;
* Thiessen tessellation of all settlements (built once);
* one date: statuses + control polygons — target ≤ 2 s (with and without building the tessellation);
* the front line of that date, its length;
* km² gained and lost between the first and the last day, overall and by oblast;
* a daily km² series over ``--days`` days — target ≤ 60 s — and, for comparison, full control
  polygons for every one of those days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UA_ZIP = ROOT.parent / "shared" / "data" / "geonames" / "UA.zip"
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from pyproj import Geod  # noqa: E402

from frontline.control import (  # noqa: E402
    area_changes,
    areas_by_side,
    control_changes,
    control_on,
    daily_series,
    oblast_regions,
    prepare_control,
    settlements_from_gazetteer,
)
from frontline.control.daily import ControlData  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

START = dt.date(2022, 9, 1)


class Clock:
    def __init__(self) -> None:
        self.t = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed, self.t = now - self.t, now
        return elapsed


def front_lon(lat: np.ndarray, day: int) -> np.ndarray:
    """Longitude of the scenario's front on ``day``: a wave near 37.5°E; the north moves east, the
    south west."""
    base = 37.5 + 0.4 * np.sin(lat * 3.0)
    shift = np.where(lat > 48.5, 0.006 * day, -0.002 * day)
    return base + shift


def scenario_events(settlements: pd.DataFrame, days: int) -> pd.DataFrame:
    """Territory events of the synthetic scenario (ACLED columns control reads)."""
    rng = np.random.default_rng(2022)
    lat = settlements.geometry.y.to_numpy()
    lon = settlements.geometry.x.to_numpy()
    east = lon > front_lon(lat, 0)
    gids = settlements.index.to_numpy()
    rows: list[tuple] = [(g, START, "RU", "confirmed") for g in gids[east]]
    held = np.where(east, "RU", "UA")
    for day in range(1, days + 1):
        date = START + dt.timedelta(days=day)
        now_ru = lon > front_lon(lat, day)
        flipped = np.flatnonzero((now_ru != (held == "RU")) & (np.abs(lon - 37.5) < 1.5))
        for i in flipped:
            side = "RU" if now_ru[i] else "UA"
            if rng.random() < 0.2:
                rows.append((gids[i], date, side, "claimed"))
                if rng.random() < 0.5:
                    rows.append((gids[i], date + dt.timedelta(days=2), side, "confirmed"))
            else:
                rows.append((gids[i], date, side, "confirmed"))
            held[i] = side
    frame = pd.DataFrame(rows, columns=["x_geonameid", "event_date", "x_control_to", "x_confidence"])
    frame["event_id_cnty"] = [f"SYN{i}" for i in range(len(frame))]
    frame["sub_event_type"] = np.where(
        frame["x_control_to"] == "UA", "Government regains territory", "Non-state actor overtakes territory"
    )
    frame["x_control_from"] = np.where(frame["x_control_to"] == "UA", "RU", "UA")
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    if not UA_ZIP.is_file():
        print(f"{UA_ZIP} is absent: the control benchmark needs the full GeoNames UA dump")
        return
    clock = Clock()
    gaz = Gazetteer.open([UA_ZIP])
    settlements = settlements_from_gazetteer(gaz)
    t_load = clock.lap()
    events = scenario_events(settlements, args.days)
    t_events = clock.lap()
    print(f"settlements (GeoNames class P, UA): {len(settlements):,}  loaded in {t_load:.2f} s")
    print(f"synthetic territory events: {len(events):,} over {args.days} days ({t_events:.2f} s to write)")

    clock.lap()
    data = prepare_control(settlements, events, default_side="UA")
    t_prepare = clock.lap()
    tess = data.tessellation
    print(
        f"tessellation + timeline (built once): {t_prepare:.2f} s; {len(tess.cells):,} cells, "
        f"area of interest {tess.area_km2:,.0f} km² (Ukraine: 603,628 km²)"
    )
    clock.lap()
    control_changes(events)
    print(f"  of which the timeline of changes: {clock.lap():.2f} s")

    day = START + dt.timedelta(days=args.days // 2)
    clock.lap()
    today = control_on(data, day)
    t_day = clock.lap()
    areas = areas_by_side(today.polygons)
    print(
        f"one date ({day}): statuses + control polygons of {len(settlements):,} settlements: {t_day:.2f} s "
        f"(target ≤ 2 s); with the tessellation built for it: {t_day + t_prepare:.2f} s"
    )
    print("  km²: " + ", ".join(f"{side} {km2:,.0f}" for side, km2 in areas.items()))
    line = today.front_line()
    t_line = clock.lap()
    length_km = Geod(ellps="WGS84").geometry_length(line) / 1000
    print(f"front line: {t_line:.2f} s; {length_km:,.0f} km in {len(line.geoms)} segment(s)")

    clock.lap()
    regions = oblast_regions(tess)
    first, last = control_on(data, START), control_on(data, START + dt.timedelta(days=args.days))
    table = area_changes(first.polygons, last.polygons, crs=tess.crs, regions=regions)
    t_changes = clock.lap()
    print(f"gained/lost {first.date} → {last.date} by oblast ({len(regions)} oblasts): {t_changes:.2f} s")
    print(table.round(1).to_string(index=False))

    clock.lap()
    series = daily_series(data, START, START + dt.timedelta(days=args.days - 1))
    t_series = clock.lap()
    print(f"daily km² series, {len(series)} days: {t_series:.2f} s (target ≤ 60 s)")
    print(series.iloc[[0, len(series) // 2, -1]].round(1).to_string(index=False))
    _polygons_every_day(data, args.days)


def _polygons_every_day(data: ControlData, days: int) -> None:
    clock = Clock()
    for offset in range(days):
        control_on(data, START + dt.timedelta(days=offset))
    elapsed = clock.lap()
    print(f"full control polygons for each of {days} days: {elapsed:.2f} s ({elapsed / days:.2f} s a day)")


if __name__ == "__main__":
    main()
