"""Published control maps as snapshots: DeepState-style GeoJSON, KML/KMZ, plain polygon layers;
repairs, clear errors, the round trip, and snapshots merged with events."""

from __future__ import annotations

import datetime as dt
import json
import logging
import zipfile
from pathlib import Path

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from frontline.control import (
    area_changes,
    areas_by_side,
    control_on,
    daily_series,
    parse_side,
    prepare_control,
    read_snapshots,
    write_snapshots,
)
from frontline.errors import InputError

from .control_fixtures import event, events_frame, gid, grid_box, grid_settlements

DATA = Path(__file__).parent / "data"
DEEPSTATE = DATA / "deepstate-style-2022-09-10.geojson"
KML = DATA / "control-map-2022-09-20.kml"
LAYER = DATA / "control-layer.geojson"


def write_geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def square(x: float, y: float, size: float = 0.1) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(properties: dict, geometry: dict | None = None) -> dict:
    """A GeoJSON feature with these properties; by default the square at 36°E 49°N."""
    return {"type": "Feature", "properties": properties, "geometry": geometry or square(36, 49)}


@pytest.mark.parametrize(
    ("label", "side"),
    [
        ("Окуповано /// Occupied /// occupied", "RU"),
        ("Звільнено /// Liberated /// liberated", "UA"),
        ("Сіра зона /// Grey zone /// unknown", "contested"),
        ("ОРДЛО /// ORDLO /// ordlo", "RU"),
        ("Russian-controlled", "RU"),
        ("Ukrainian-controlled", "UA"),
        ("Liberated from Russian occupation", "UA"),
        ("Contested", "contested"),
        ("RU", "RU"),
        ("UA", "UA"),
        ("Rubizhne", None),  # a town whose name starts like "RU" is not a side
        ("Uashington", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_side(label: str | None, side: str | None) -> None:
    assert parse_side(label) == side


@given(st.text())
def test_parse_side_takes_any_text(text: str) -> None:
    assert parse_side(text) in (None, "UA", "RU", "contested")


def test_deepstate_style_geojson(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        snap = read_snapshots(DEEPSTATE)
    assert snap["side"].tolist() == ["RU", "contested"]  # the point (a headquarters) is left out
    assert set(snap["date"]) == {dt.date(2022, 9, 10)}  # from the file name
    assert not snap.geometry.has_z.any()
    assert snap.crs.to_epsg() == 4326
    assert "not polygons" in caplog.text


def test_kml_folders_and_timestamps() -> None:
    snap = read_snapshots(KML)
    assert sorted(snap["side"]) == ["RU", "UA", "contested"]
    assert set(snap["date"]) == {dt.date(2022, 9, 20)}
    assert not snap.geometry.has_z.any()


def test_kmz_reads_like_its_kml(tmp_path: Path) -> None:
    kmz = tmp_path / "control.kmz"
    with zipfile.ZipFile(kmz, "w") as z:
        z.write(KML, "doc.kml")
    snap, plain = read_snapshots(kmz), read_snapshots(KML)
    assert sorted(snap["side"]) == sorted(plain["side"])
    assert shapely.equals(shapely.union_all(snap.geometry), shapely.union_all(plain.geometry))


def test_invalid_polygons_are_repaired_and_reported(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        snap = read_snapshots(LAYER)
    assert snap.geometry.is_valid.all()
    assert snap["repaired"].tolist() == [False, True, False, False]
    assert "repaired 1 invalid polygon" in caplog.text and "Self-intersection" in caplog.text
    # the bow-tie becomes its two triangles, 0.015 square degrees in all
    assert snap.geometry.iloc[1].geom_type == "MultiPolygon"
    assert snap.geometry.iloc[1].area == pytest.approx(0.015)


def test_side_and_date_fields_by_name(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "layer.geojson",
        [feature({"who": "RU", "seen": "2023-05-01"})],
    )
    snap = read_snapshots(path, side_field="who", date_field="seen")
    assert (snap["side"].iloc[0], snap["date"].iloc[0]) == ("RU", dt.date(2023, 5, 1))
    assert read_snapshots(path, side_field="who", date="2023-06-01")["date"].iloc[0] == dt.date(2023, 6, 1)


def test_features_without_a_date_take_the_file_names(tmp_path: Path) -> None:
    features = [
        feature({"side": "RU", "date": "2023-05-01"}),
        feature({"side": "RU", "date": None}, square(37, 49)),
    ]
    snap = read_snapshots(write_geojson(tmp_path / "map-2023-06-01.geojson", features))
    assert snap["date"].tolist() == [dt.date(2023, 5, 1), dt.date(2023, 6, 1)]
    with pytest.raises(InputError, match="field 'date' is empty in 1 feature"):
        read_snapshots(write_geojson(tmp_path / "map.geojson", features))


@pytest.mark.parametrize(
    ("name", "properties", "unnamed", "named"),
    [
        (
            "undated.geojson",
            {"name": "Occupied"},
            r"undated\.geojson: no date: no date field \(date, ",
            ({"date_field": "day"}, r"undated\.geojson: has no date field 'day'"),
        ),
        (
            "sideless-2022-09-10.geojson",
            {"name": "Area 1"},
            r"sideless-2022-09-10\.geojson: no side: no feature's fields side",
            ({"side_field": "owner"}, r"has no side field 'owner' — its fields are name"),
        ),
    ],
)
def test_no_date_or_side_names_the_file_and_the_field(
    tmp_path: Path, name: str, properties: dict, unnamed: str, named: tuple[dict, str]
) -> None:
    """Without the field, the error names the file and the fields looked for; with a field named that
    is not there, the file and that field."""
    path = write_geojson(tmp_path / name, [feature(properties)])
    with pytest.raises(InputError, match=unnamed):
        read_snapshots(path)
    field, message = named
    with pytest.raises(InputError, match=message):
        read_snapshots(path, **field)


def test_bad_dates_and_bad_files_are_clear(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "x.geojson",
        [feature({"side": "RU", "date": "last Tuesday"})],
    )
    with pytest.raises(InputError, match="'last Tuesday', not a date"):
        read_snapshots(path)
    binary = tmp_path / "noise.geojson"
    binary.write_bytes(b"\x00\xff\x13garbage" * 50)
    with pytest.raises(InputError, match=r"noise\.geojson: not a readable map file"):
        read_snapshots(binary)
    with pytest.raises(InputError, match="no such file"):
        read_snapshots(tmp_path / "missing.kml")
    points = write_geojson(
        tmp_path / "points-2022-01-01.geojson",
        [feature({"side": "RU"}, {"type": "Point", "coordinates": [36, 49]})],
    )
    with pytest.raises(InputError, match="holds no polygons"):
        read_snapshots(points)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".kml"])
def test_round_trip_keeps_geometry(tmp_path: Path, suffix: str) -> None:
    original = read_snapshots(LAYER)
    path = write_snapshots(original, tmp_path / f"again{suffix}")
    again = read_snapshots(path)
    assert sorted(zip(again["date"], again["side"], strict=True)) == sorted(
        zip(original["date"], original["side"], strict=True)
    )
    for geom in original.geometry:
        # same shape (GeoPackage may store a one-part MultiPolygon for a Polygon), same vertices
        assert any(
            shapely.equals(geom, g) and shapely.hausdorff_distance(geom, g) < 1e-9 for g in again.geometry
        )
    with pytest.raises(InputError, match=r"use \.geojson, \.gpkg or \.kml"):
        write_snapshots(original, tmp_path / "x.csv")


# -- snapshots with events ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    settlements = grid_settlements()
    snapshots = read_snapshots(DEEPSTATE)
    events = events_frame(
        [event(gid(6, 0), "2022-09-12", "UA"), event(gid(5, 5), "2022-09-12", "UA", "claimed")]
    )
    return prepare_control(settlements, events, snapshots=snapshots, area_of_interest=grid_box())


def test_a_snapshot_wins_on_its_own_date(data) -> None:
    day = control_on(data, "2022-09-10")
    assert day.source == "snapshot deepstate-style-2022-09-10.geojson"
    areas = areas_by_side(day.polygons)
    # DeepState draws the occupied and contested; the rest of the area is UA
    assert areas["RU"] == pytest.approx(data.tessellation.area_km2 / 2, rel=1e-2)
    assert areas["contested"] > 0 and areas["unknown"] == 0
    assert sum(areas.values()) == pytest.approx(data.tessellation.area_km2, rel=1e-6)
    assert not day.front_line().is_empty
    assert day.status.loc[gid(9, 0), "status"] == "RU" and day.status.loc[gid(0, 0), "status"] == "UA"


def test_events_after_a_snapshot_apply_on_top(data) -> None:
    day = control_on(data, "2022-09-13")
    assert day.source == "snapshot deepstate-style-2022-09-10.geojson of 2022-09-10 + events"
    assert day.status.loc[gid(6, 0), ["status", "source"]].tolist() == ["UA", "event"]
    assert day.status.loc[gid(5, 5), "status"] == "contested"  # a claim, not confirmed
    assert day.status.loc[gid(9, 0), ["status", "source"]].tolist() == ["RU", "snapshot"]
    before = control_on(data, "2022-09-10").polygons
    table = area_changes(before, day.polygons, crs=data.tessellation.crs).set_index("side")
    assert table.loc["UA", "gained_km2"] > 0


def test_daily_series_records_each_days_source(data) -> None:
    series = daily_series(data, "2022-09-09", "2022-09-13").set_index("date")
    assert series.loc[dt.date(2022, 9, 9), "source"] == "events"
    assert series.loc[dt.date(2022, 9, 10), "source"].startswith("snapshot ")
    assert series.loc[dt.date(2022, 9, 11), "source"].endswith("+ events")
    total = series[["UA_km2", "RU_km2", "contested_km2", "unknown_km2"]].sum(axis=1)
    assert total.iloc[1:].to_numpy() == pytest.approx([data.tessellation.area_km2] * 4, rel=1e-6)
