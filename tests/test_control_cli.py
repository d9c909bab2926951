"""``frontline control …`` as users run it: a GeoNames dump of invented grid villages, an event store,
snapshots; files written, tables and JSON printed, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from .control_fixtures import BOX, event, events_frame, gid, grid_settlements
from .fixtures import write_dump
from .test_cli import assert_one_line_error, run

pytestmark = pytest.mark.slow

DEEPSTATE = Path(__file__).parent / "data" / "deepstate-style-2022-09-10.geojson"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("control-cli")
    grid = grid_settlements()
    rows = [
        (
            g,
            r["name"],
            r["name"],
            "",
            p.y,
            p.x,
            "P",
            "PPL",
            "UA",
            "07" if r["admin1"] == "West" else "14",
            "",
            100,
        )
        for g, r, p in zip(grid.index, grid.to_dict("records"), grid.geometry, strict=True)
    ]
    dump = write_dump(root, rows=rows, name="UA")
    boundary = root / "box.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(*BOX)], crs="EPSG:4326").to_file(boundary)
    # RU holds columns 5-9 from 1 Sep; UA confirms column 5 back on 10 Sep and claims 6-0 on 11 Sep
    rows_ev = [event(gid(c, r), "2022-09-01", "RU") for c in range(5, 10) for r in range(6)]
    rows_ev += [event(gid(c, r), "2022-09-01", "UA") for c in range(5) for r in range(6)]
    rows_ev += [event(gid(5, r), "2022-09-10", "UA") for r in range(6)]
    rows_ev.append(event(gid(6, 0), "2022-09-11", "UA", "claimed"))
    events = events_frame(rows_ev)
    points = grid.geometry.loc[events["x_geonameid"]].to_numpy()
    store = root / "events.gpkg"
    pyogrio.write_dataframe(gpd.GeoDataFrame(events, geometry=points, crs="EPSG:4326"), store, layer="events")
    return {"dump": str(dump), "boundary": str(boundary), "store": str(store), "root": str(root)}


def control(files: dict[str, str], *args: str):
    return run("control", *args, "--gazetteer", files["dump"], "--boundary", files["boundary"])


def test_help_for_every_control_command() -> None:
    for sub in ("status", "polygons", "frontline", "areas"):
        proc = run("control", sub, "--help")
        assert proc.returncode == 0 and b"--date" in proc.stdout, proc.stderr


def test_status_json(files) -> None:
    proc = control(files, "status", "--date", "2022-09-12", "--store", files["store"], "--json")
    assert proc.returncode == 0, proc.stderr
    rows = {r["geonameid"]: r for r in map(json.loads, proc.stdout.decode().splitlines())}
    assert rows[gid(5, 0)]["status"] == "UA" and rows[gid(5, 0)]["since"] == "2022-09-10"
    assert rows[gid(6, 0)]["status"] == "contested"
    assert rows[gid(9, 5)]["status"] == "RU"
    assert rows[gid(9, 5)]["event_id"]


def test_polygons_and_front_line_files(files, tmp_path: Path) -> None:
    out = tmp_path / "territory.gpkg"
    proc = control(files, "polygons", "--date", "2022-09-05", "--store", files["store"], "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert b"UA" in proc.stdout and b"RU" in proc.stdout
    written = gpd.read_file(out)
    assert sorted(written["side"]) == ["RU", "UA"]
    line_file = tmp_path / "front.geojson"
    args = ("frontline", "--date", "2022-09-05", "--store", files["store"], "--out", str(line_file), "--json")
    proc = control(files, *args)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.decode().splitlines()[-1])
    assert record["length_km"] == pytest.approx(66.7, rel=0.01)  # the meridian 36.45 across the box
    line = gpd.read_file(line_file).geometry.iloc[0]
    assert line.bounds[0] == pytest.approx(36.45, abs=0.01) and line.bounds[2] == pytest.approx(
        36.45, abs=0.01
    )


def test_areas_on_a_day_since_a_day_and_as_a_series(files, tmp_path: Path) -> None:
    store = ("--store", files["store"])
    proc = control(files, "areas", "--date", "2022-09-05", *store, "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 1  # one JSON object
    record = json.loads(lines[0])
    assert record["date"] == "2022-09-05" and set(record["area_km2"]) == {"UA", "RU", "contested", "unknown"}
    sides = record["area_km2"]
    assert sides["UA"] == pytest.approx(sides["RU"], rel=1e-3) and sides["unknown"] == 0
    proc = control(
        files, "areas", "--date", "2022-09-10", "--since", "2022-09-05", "--by-oblast", *store, "--json"
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.decode())
    assert record["since"] == "2022-09-05"
    assert record["gained_km2"]["UA"] == pytest.approx(sides["UA"] / 5, rel=0.02)  # one column of five
    assert record["lost_km2"]["RU"] == pytest.approx(record["gained_km2"]["UA"], rel=1e-6)
    assert record["lost_km2"]["UA"] == 0 and record["gained_km2"]["RU"] == 0
    assert set(record["by_oblast"]) == {"Luhansk Oblast"}
    series, plot = tmp_path / "series.csv", tmp_path / "series.png"
    proc = control(
        files, "areas", "--start", "2022-08-31", "--end", "2022-09-12", *store, "--out", str(series),
        "--plot", str(plot),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = series.read_text().splitlines()
    assert lines[0].startswith("date,source,UA_km2,RU_km2") and len(lines) == 14
    assert plot.read_bytes().startswith(b"\x89PNG")
    monthly = tmp_path / "monthly.csv"
    proc = control(files, "areas", "--series", "--every", "month", *store, "--out", str(monthly))
    assert proc.returncode == 0, proc.stderr
    assert [r.split(",")[0] for r in monthly.read_text().splitlines()[1:]] == ["2022-09-11"]


def test_snapshot_on_its_day(files) -> None:
    proc = control(files, "areas", "--date", "2022-09-10", "--snapshots", str(DEEPSTATE), "--json")
    assert proc.returncode == 0, proc.stderr
    areas = json.loads(proc.stdout.decode())["area_km2"]
    assert {side for side, km2 in areas.items() if km2 > 0} == {"UA", "RU", "contested"}


def test_a_day_without_data_is_not_an_error(files) -> None:
    proc = control(files, "polygons", "--date", "2020-01-01", "--store", files["store"])
    assert proc.returncode == 0, proc.stderr
    assert b"No control data for 2020-01-01" in proc.stdout


def test_bad_input_is_one_line(files, tmp_path: Path) -> None:
    # no --store: the default store, here empty — no data is an empty answer, not an error
    empty = control(files, "status", "--date", "2022-09-01")
    assert empty.returncode == 0, empty.stderr
    missing = control(files, "status", "--date", "2022-09-01", "--store", str(tmp_path / "nope.gpkg"))
    assert_one_line_error(missing, "nope.gpkg", "does not exist")
    assert_one_line_error(
        control(files, "status", "--date", "01/09/2022", "--store", files["store"]), "YYYY-MM-DD"
    )
    undated = tmp_path / "undated.geojson"
    undated.write_text(DEEPSTATE.read_text(encoding="utf-8"), encoding="utf-8")
    proc = control(files, "polygons", "--date", "2022-09-10", "--snapshots", str(undated))
    assert_one_line_error(proc, "undated.geojson", "no date field")
    not_a_store = tmp_path / "text.gpkg"
    not_a_store.write_text("hello")
    assert_one_line_error(
        control(files, "areas", "--date", "2022-09-01", "--store", str(not_a_store)), "text.gpkg"
    )
    assert_one_line_error(
        control(files, "areas", "--date", "2022-09-01", "--series", "--store", files["store"]), "not both"
    )
    assert_one_line_error(
        control(files, "areas", "--series", "--every", "week", "--store", files["store"]), "'week'", "month"
    )
    grey = ("frontline", "--date", "2022-09-01", "--store", files["store"], "--contested-as", "grey")
    assert_one_line_error(
        control(files, *grey), "--contested-as 'grey' is not a valid option, must be one of UA, RU"
    )


@pytest.mark.shared
def test_a_folder_of_real_deepstate_files(files, tmp_path: Path) -> None:
    folder = Path(__file__).resolve().parents[2] / "shared" / "data" / "deepstate"
    if not folder.is_dir():
        pytest.skip("../shared/data/deepstate is absent")
    box = tmp_path / "ukraine-box.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(21.0, 43.5, 41.5, 53.0)], crs="EPSG:4326").to_file(box)
    proc = run(
        "control", "areas", "--date", "2024-07-08", "--snapshots", str(folder), "--gazetteer", files["dump"],
        "--boundary", str(box), "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.decode())
    assert record["source"] == "snapshot deepstatemap_data_20240708.geojson"
    assert record["area_km2"]["RU"] == pytest.approx(109_361, rel=0.01)  # the data README's geodesic area


def test_a_map_that_names_no_side_asks_for_side(files, tmp_path: Path) -> None:
    plain = tmp_path / "occupied_2024-07-08.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(36.5, 49.0, 36.9, 49.5)], crs="EPSG:4326").to_file(plain)
    proc = control(files, "areas", "--date", "2024-07-08", "--snapshots", str(plain), "--json")
    assert_one_line_error(proc, "occupied_2024-07-08.geojson", "no side", "--side RU")
    proc = control(
        files, "areas", "--date", "2024-07-08", "--snapshots", str(plain), "--side", "RU", "--json"
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode())["area_km2"]["RU"] > 0
