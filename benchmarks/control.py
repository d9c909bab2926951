"""Territorial control on real data: DeepState's published snapshots and every populated place of the
GeoNames UA dump, measured against Natural Earth's boundary of Ukraine.

    python benchmarks/control.py [--boundary countries-10m.json] [--days 90]

Uses ``../shared/data/deepstate/`` (12 real DeepState snapshots) and ``../shared/data/geonames/UA.zip``;
each part is skipped with a message when its data is absent. The boundary is world-atlas's
``countries-10m.json`` (Natural Earth 1:10m; ``--boundary``, else the asset cache); without one the
benchmark measures in a box around Ukraine and says so.

Prints:

* the area check: for every shared snapshot, RU km² as ``frontline control`` measures it against the
  polygon's geodesic area (pyproj ``Geod.geometry_area_perimeter``) — target within 1 %;
* one date from a snapshot: read the file, prepare, measure — target ≤ 1 s;
* a 365-snapshot history (the real snapshots perturbed day by day: each day's map is the latest real
  one grown or shrunk by a few hundred metres, written as DeepState names its files) read as a folder
  and measured day by day — target ≤ 30 s — and month by month;
* events on the full dump: a synthetic, seeded scenario (Russia holds the settlements east of a wavy
  line on day 0; the line moves east in the north and west in the south, a fifth of the changes
  claims, half of them confirmed two days later) — the tessellation, one date, the front line,
  gains and losses by oblast, and a daily series over ``--days`` days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
UA_ZIP = SHARED / "geonames" / "UA.zip"
DEEPSTATE = SHARED / "deepstate"
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from pyproj import Geod  # noqa: E402

from frontline.control import (  # noqa: E402
    area_changes,
    control_on,
    daily_series,
    natural_earth_boundary,
    oblast_regions,
    prepare_control,
    read_boundary,
    read_snapshots,
    settlements_from_gazetteer,
)
from frontline.control.geometry import metric_crs_for, to_metric, to_wgs84  # noqa: E402

GEOD = Geod(ellps="WGS84")
START = dt.date(2022, 9, 1)
HISTORY_DAYS = 365
UKRAINE_BOX = shapely.box(21.0, 43.5, 41.5, 53.0)


class Clock:
    """Wall-clock laps, and the process's CPU time over the same laps (the machine may be shared: CPU time
    is what the work itself cost)."""

    def __init__(self) -> None:
        self.t, self.cpu = time.perf_counter(), time.process_time()
        self.cpu_lap = 0.0

    def lap(self) -> float:
        now, cpu = time.perf_counter(), time.process_time()
        elapsed, self.t = now - self.t, now
        self.cpu_lap, self.cpu = cpu - self.cpu, cpu
        return elapsed


def geodesic_km2(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def boundary(path: Path | None):
    """Ukraine's boundary and what it is."""
    if path is None:
        from frontline.cli._control import boundary_for

        found, source = boundary_for(None, "UA")
        if found is not None:
            return found, source
        print(
            "no Natural Earth boundary (give --boundary countries-10m.json): "
            "measuring in a box around Ukraine"
        )
        return UKRAINE_BOX, "a box around Ukraine"
    if path.name.endswith(".json"):
        return natural_earth_boundary(path, country_code="UA"), f"Natural Earth ({path.name})"
    return read_boundary(path), path.name


def a_few_settlements():
    """Settlements for runs that only read snapshots: the embedded gazetteer's (cities500)."""
    from gazetteer import Gazetteer

    return settlements_from_gazetteer(Gazetteer.open())


def area_check(area, source: str, settlements) -> None:
    if not DEEPSTATE.is_dir():
        print(f"{DEEPSTATE} is absent: no area check")
        return
    snapshots = read_snapshots(DEEPSTATE)
    data = prepare_control(settlements, snapshots=snapshots, area_of_interest=area, boundary_source=source)
    print(
        f"\nArea check: RU km² of every DeepState snapshot, measured in {source}, "
        "vs the polygon's geodesic area"
    )
    print(f"{'date':<12}{'geodesic km²':>14}{'frontline km²':>15}{'diff %':>9}{'UA km²':>11}")
    worst = 0.0
    for day, rows in snapshots.groupby("date"):
        expected = geodesic_km2(rows.geometry.union_all())
        areas = control_on(data, day).area_km2()
        diff = 100 * (areas["RU"] - expected) / expected
        worst = max(worst, abs(diff))
        print(f"{day!s:<12}{expected:>14,.0f}{areas['RU']:>15,.0f}{diff:>9.3f}{areas['UA']:>11,.0f}")
    print(f"largest difference: {worst:.3f} % (target within 1 %)")


def one_date(area, source: str, settlements) -> None:
    if not DEEPSTATE.is_dir():
        return
    path = sorted(DEEPSTATE.glob("deepstatemap_data_*.geojson"))[0]
    times = []
    for _ in range(3):
        clock = Clock()
        snapshots = read_snapshots(path)
        data = prepare_control(
            settlements, snapshots=snapshots, area_of_interest=area, boundary_source=source
        )
        day = control_on(data, snapshots["date"].iloc[0])
        areas = day.area_km2()
        day.polygons  # noqa: B018 — the day's polygons in EPSG:4326, as a command writes them
        times.append(clock.lap())
    print(
        f"\nOne date from a snapshot ({path.name}: read, prepare, measure, polygons): "
        f"{min(times):.2f} s best of 3, {times[0]:.2f} s first (target ≤ 1 s); RU {areas['RU']:,.0f} km²"
    )


def write_history(folder: Path, area) -> list[dt.date]:
    """365 daily snapshots made from the real ones: each the latest real map grown or shrunk by up to
    300 m (seeded), written as DeepState names its files."""
    real = read_snapshots(DEEPSTATE)
    days = sorted(set(real["date"]))
    crs = metric_crs_for(area)
    metric = {d: to_metric(real[real["date"] == d].geometry.union_all(), crs) for d in days}
    rng = np.random.default_rng(14)
    out = []
    for offset in range(HISTORY_DAYS):
        day = days[0] + dt.timedelta(days=offset)
        base = max(d for d in days if d <= day)
        grown = shapely.buffer(metric[base], float(rng.uniform(-300, 300)), quad_segs=2)
        geometry = shapely.simplify(to_wgs84(grown, crs), 1e-5)
        frame = pd.DataFrame({"geometry": [geometry]})
        import geopandas as gpd

        gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326").to_file(
            folder / f"deepstatemap_data_{day:%Y%m%d}.geojson", driver="GeoJSON"
        )
        out.append(day)
    return out


def history(area, source: str, settlements) -> None:
    if not DEEPSTATE.is_dir():
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clock = Clock()
        days = write_history(folder, area)
        print(f"\n{len(days)}-snapshot history written in {clock.lap():.1f} s (not timed below)")
        clock.lap()
        snapshots = read_snapshots(folder)
        t_read, cpu_read = clock.lap(), clock.cpu_lap
        data = prepare_control(
            settlements, snapshots=snapshots, area_of_interest=area, boundary_source=source
        )
        series = daily_series(data)
        t_series, cpu_series = clock.lap(), clock.cpu_lap
        print(
            f"daily km² series over {len(series)} snapshots: {t_read + t_series:.1f} s "
            f"(reading the folder {t_read:.1f} s, measuring {t_series:.1f} s; target ≤ 30 s); "
            f"CPU time {cpu_read + cpu_series:.1f} s; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores"
        )
        print(series.iloc[[0, len(series) // 2, -1]][["date", "UA_km2", "RU_km2", "RU_change_km2"]].round(0))
        clock.lap()
        monthly = daily_series(data, every="month")
        print(f"monthly series ({len(monthly)} rows, measured already): {clock.lap():.2f} s")


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
    return frame


def events_on_the_dump(area, source: str, days: int) -> None:
    if not UA_ZIP.is_file():
        print(f"\n{UA_ZIP} is absent: no run on the full dump")
        return
    from gazetteer import Gazetteer

    clock = Clock()
    settlements = settlements_from_gazetteer(Gazetteer.open([UA_ZIP]))
    events = scenario_events(settlements, days)
    print(
        f"\nFull UA dump: {len(settlements):,} settlements, {len(events):,} synthetic events over {days} days"
    )
    clock.lap()
    data = prepare_control(
        settlements, events, area_of_interest=area, boundary_source=source, default_side="UA"
    )
    tess = data.tessellation
    t_prepare = clock.lap()
    print(
        f"tessellation + timeline (built once): {t_prepare:.1f} s; "
        f"{len(tess.cells):,} cells over {tess.area_km2:,.0f} km²"
    )
    day = START + dt.timedelta(days=days // 2)
    clock.lap()
    today = control_on(data, day)
    areas = today.area_km2()
    t_day = clock.lap()
    print(
        f"one date ({day}) from events: {t_day:.2f} s; "
        + ", ".join(f"{s} {v:,.0f}" for s, v in areas.items())
    )
    line = today.front_line()
    print(f"front line: {clock.lap():.2f} s, {GEOD.geometry_length(line) / 1000:,.0f} km")
    first, last = control_on(data, START), control_on(data, START + dt.timedelta(days=days))
    table = area_changes(first, last, regions=oblast_regions(tess))
    print(f"gained/lost by oblast, {first.date} → {last.date}: {clock.lap():.1f} s")
    print(table[table["region"] == "all"].round(1).to_string(index=False))
    clock.lap()
    series = daily_series(data, START, START + dt.timedelta(days=days - 1))
    print(f"daily series of {len(series)} days from events: {clock.lap():.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boundary", type=Path, help="world-atlas countries-10m.json or a polygon file")
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    area, source = boundary(args.boundary)
    print(f"boundary: {source}, {geodesic_km2(area):,.0f} km² (geodesic)")
    settlements = a_few_settlements()
    area_check(area, source, settlements)
    one_date(area, source, settlements)
    history(area, source, settlements)
    events_on_the_dump(area, source, args.days)


if __name__ == "__main__":
    main()
