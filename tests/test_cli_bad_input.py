"""Bad input that once ended in "internal error" (exit 1) or typer's multi-line box: each is now one line
on stderr and exit status 2, and the store it would have written is left as it was (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cli_inprocess import run_here
from .fuzz_cases import make_store
from .test_cli import assert_one_line_error
from .test_data_loss import digest
from .test_network_osm import ROUNDABOUT


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("store"))


def test_a_primary_roundabout_whose_approaches_are_tertiary(tmp_path: Path) -> None:
    """The real-data crash: kept alone, the roundabout is an isolated closed way."""
    osm = tmp_path / "roundabout.osm"
    osm.write_text(ROUNDABOUT, encoding="utf-8")
    ran = run_here("network", "import-osm", osm, "--out", tmp_path / "net.gpkg")
    assert ran.returncode == 0, ran.stderr
    assert b"1 edges" in ran.stdout


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"id": 1, "text": "\\ud800 Kupiansk", "date": "2022-09-10"}', "lone surrogate"),
        ('{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "too deeply"),
        ('{"id": ' + "9" * 5000 + ', "text": "Kupiansk", "date": "2022-09-10"}', "4,300 digits"),
        ('{"id": 1, "text": "Kupiansk", "date": "2022-09-1000"}', "'2022-09-1000' is not an ISO date"),
        ('{"id": 1, "text": "Kupiansk", "date": "0001-01-01"}', "out of range"),
    ],
    ids=["lone-surrogate", "deep", "long-number", "long-day", "year-1"],
)
def test_json_lines_that_python_reads_badly(tmp_path: Path, store: Path, line: str, fragment: str) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_text('{"id": 0, "text": "Izium", "date": "2022-09-10"}\n' + line + "\n", encoding="utf-8")
    before = digest(store)
    assert_one_line_error(run_here("extract", path, "--store", store), "line 2", fragment)
    assert digest(store) == before
    if "date" not in fragment and "range" not in fragment:  # geoparse does not need a date
        assert_one_line_error(run_here("geoparse", path), "line 2", fragment)


@pytest.mark.parametrize("name", ["reports.json", "reports.txt"])
def test_a_json_array_of_records_says_how_to_make_json_lines(tmp_path: Path, store: Path, name: str) -> None:
    """A JSON array of records (an export many tools write) was geoparsed as one plain text, brackets and
    all, and extract called it neither an export, a feed nor a page."""
    path = tmp_path / name
    path.write_text(
        '[\n  {"id": 1, "text": "Shelling of Kherson", "date": "2024-01-01"}\n]\n', encoding="utf-8"
    )
    before = digest(store)
    for args in (["geoparse", path], ["extract", path, "--store", store, "--date", "2024-01-01"]):
        ran = run_here(*args)
        assert_one_line_error(ran, "JSON array of records", "jq -c '.[]'")
        assert ran.stdout == b""
    assert digest(store) == before
    # a report that merely opens with a bracket is still a report
    report = tmp_path / "update.txt"
    report.write_text("[UPDATE] Shelling of Kherson\n", encoding="utf-8")
    ran = run_here("geoparse", report)
    assert ran.returncode == 0 and b'"Kherson"' in ran.stdout


def test_a_pair_of_surrogate_escapes_is_one_character(tmp_path: Path) -> None:
    path = tmp_path / "emoji.jsonl"
    path.write_text('{"id": 1, "text": "\\ud83d\\ude00 Kupiansk"}\n', encoding="utf-8")
    ran = run_here("geoparse", path)
    assert ran.returncode == 0, ran.stderr
    assert "😀".encode() in ran.stdout


@pytest.mark.parametrize("digits", [23, 5000])
def test_ids_longer_than_any(digits: int) -> None:
    name = "9" * digits
    assert_one_line_error(run_here("geocode", name), "Unknown place")
    assert_one_line_error(run_here("network", "impact", name, "--from", "Valuyki", "--to", "Izium"), "not in")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["network", "rank", "--from", "Valuyki", "--to", "Izium", "--top", "0"], "'--top': 0 is not in"),
        (["network", "rank", "--from", "Valuyki", "--to", "Izium", "--top", "many"], "'--top'"),
        (["network", "rank", "--from", "Valuyki", "--to", "Izium", "--transfer-km", "nan"], "--transfer-km"),
        (["network", "rank", "--from", "Valuyki", "--to", "Izium", "--nope"], "No such option: --nope"),
        (["network", "rank", "--from", "Valuyki"], "Missing option '--to'"),
        (["no-such-command"], "No such command"),
        (["geocode", "Kupiansk", "--limit", "0"], "'--limit'"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], fragment: str) -> None:
    ran = run_here(*args)
    assert_one_line_error(ran, fragment)
    assert "╭" not in ran.stderr.decode()


@pytest.mark.parametrize("day", ["2022-09-1000", "2022-9-10", "0001-01-01", "9999-12-31", "2022-02-30"])
def test_days_are_refused_not_truncated(store: Path, day: str) -> None:
    assert_one_line_error(run_here("control", "areas", "--date", day, "--store", store, "--json"), repr(day))
    assert_one_line_error(run_here("events", "export", "x.csv", "--store", store, "--start", day), repr(day))


def test_range_km_must_be_finite(store: Path) -> None:
    args = ["--from", "Valuyki", "--to", "Izium", "--side", "UA", "--date", "2022-09-10", "--store", store]
    ran = run_here("network", "impact", "Kupiansk", *args, "--range-km", "inf")
    assert_one_line_error(ran, "--range-km must be a finite number")


def test_out_into_a_missing_folder_creates_it(tmp_path: Path, store: Path) -> None:
    out = tmp_path / "new" / "folder" / "events.csv"
    ran = run_here("events", "export", out, "--store", store)
    assert ran.returncode == 0, ran.stderr
    assert out.read_text(encoding="utf-8").startswith("event_id_cnty")


def test_map_control_of_another_schema(tmp_path: Path) -> None:
    import geopandas as gpd
    import shapely

    other = tmp_path / "other.gpkg"
    frame = gpd.GeoDataFrame({"name": ["x"]}, geometry=[shapely.box(37, 49, 38, 50)], crs=4326)
    frame.to_file(other, layer="control_polygons")
    ran = run_here("map", "--control", other, "--out", tmp_path / "map.html")
    assert_one_line_error(ran, "layer 'control_polygons' has no date or side field")
    assert not (tmp_path / "map.html").exists()


def test_events_of_other_geometries_than_points(tmp_path: Path, store: Path) -> None:
    import geopandas as gpd
    import shapely

    exported = tmp_path / "events.geojson"
    assert run_here("events", "export", exported, "--store", store).returncode == 0
    frame = gpd.read_file(exported).drop(columns=["latitude", "longitude"])
    frame.loc[0, "geometry"] = shapely.LineString([(37.6, 49.7), (37.7, 49.8)])
    lines = tmp_path / "lines.geojson"
    frame.to_file(lines)
    before = digest(store)
    ran = run_here("events", "import", lines, "--store", store, "--on-error", "fail")
    assert_one_line_error(ran, "feature 1 is a LineString, not a point")
    assert digest(store) == before
    skipped = run_here("events", "import", lines, "--store", store, "--on-error", "skip")
    assert skipped.returncode == 0 and b"feature 1 is a LineString" in skipped.stderr


def test_user_text_in_a_message_is_not_markup() -> None:
    ran = run_here("geocode", "Qqz[/x]qqz[bold]")
    assert_one_line_error(ran, "Qqz[/x]qqz[bold]")


BOW_TIE = [[36.4, 48.9], [36.9, 49.5], [36.9, 48.9], [36.4, 49.5], [36.4, 48.9]]


def write_snapshot(path: Path, name: str, ring: list[list[float]], day: str = "2022-09-10") -> Path:
    import json

    feature = {
        "type": "Feature",
        "properties": {"name": name, "date": day},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "status"), [("Occupied", 0), ("", 2)])
def test_warnings_are_written_when_the_command_succeeds(tmp_path: Path, name: str, status: int) -> None:
    """A repaired polygon is a warning; a snapshot without a side is an error, and then the one line."""
    path = write_snapshot(tmp_path / "map.geojson", name, BOW_TIE)
    ran = run_here("control", "status", "--snapshots", path, "--date", "2022-09-10")
    if status == 2:
        assert_one_line_error(ran, "no side")
    else:
        assert ran.returncode == 0, ran.stderr
        assert b"repaired 1 invalid polygon" in ran.stderr


def test_a_snapshot_outside_the_globe(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "map.geojson", "Occupied", [[1e308, 0], [0, 1e308], [0, 0], [1e308, 0]])
    ran = run_here("control", "status", "--snapshots", path, "--date", "2022-09-10")
    assert_one_line_error(ran, "feature 0 lies outside longitude -180…180")


@pytest.mark.parametrize("day", ["0484-07-30", "0001-01-01", "3000-01-01"])
def test_a_snapshot_dated_outside_the_days_handled(tmp_path: Path, day: str) -> None:
    path = write_snapshot(tmp_path / "map.geojson", "Occupied", BOW_TIE[:3] + BOW_TIE[:1], day)
    ran = run_here("control", "status", "--snapshots", path, "--date", "2022-09-10")
    assert_one_line_error(ran, "field 'date'", "1900-01-01")


@pytest.mark.parametrize(("status", "shown"), [(0, True), (130, True), (2, False)])
def test_warnings_show_after_success_or_an_interrupt_never_after_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], status: int, shown: bool
) -> None:
    import logging

    from frontline import cli

    def command(args: list[str]) -> int:
        logging.getLogger("frontline.test").warning("a polygon was repaired")
        return status

    monkeypatch.setattr(cli, "_invoke", command)
    assert cli.run(["watch"]) == status
    assert ("a polygon was repaired" in capsys.readouterr().err) is shown
