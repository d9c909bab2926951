"""Published control maps read as they are published: DeepState's daily files, folders of them, a
gzipped history, ISW-style labels, coverage; the boundary they are measured against; the front line
sampled for the geocoder."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from frontline.control import (
    control_on,
    front_line_points,
    natural_earth_boundary,
    parse_side,
    prepare_control,
    read_snapshots,
)
from frontline.errors import InputError

from .conftest import SHARED
from .control_fixtures import event, events_frame, gid, grid_box, grid_settlements

DEEPSTATE_DIR = SHARED / "deepstate"
GEOD = Geod(ellps="WGS84")
# the figures the data README gives for two of the files (geodesic area, WGS84)
README_KM2 = {dt.date(2024, 7, 8): 109_361, dt.date(2025, 5, 1): 112_716}


def geodesic_km2(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def write_geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def box_feature(properties: dict, *bounds: float) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(shapely.box(*bounds)),
    }


def deepstate_like(path: Path, *bounds: float) -> Path:
    """A file as DeepState publishes it: one MultiPolygon, no properties at all."""
    geometry = shapely.geometry.mapping(shapely.MultiPolygon([shapely.box(*bounds)]))
    return write_geojson(path, [{"type": "Feature", "properties": {}, "geometry": geometry}])


# -- reading ------------------------------------------------------------------------------------------


def test_a_deepstate_daily_file_is_russian_ground_on_the_date_in_its_name(tmp_path: Path) -> None:
    path = deepstate_like(tmp_path / "deepstatemap_data_20240708.geojson", 36.5, 49.0, 37.0, 49.6)
    snap = read_snapshots(path)
    assert snap[["date", "side"]].values.tolist() == [[dt.date(2024, 7, 8), "RU"]]


def test_no_recognisable_side_names_side_as_the_fix(tmp_path: Path) -> None:
    path = deepstate_like(tmp_path / "occupied_20240708.geojson", 36.5, 49.0, 37.0, 49.6)
    with pytest.raises(InputError, match=r"occupied_20240708\.geojson: no side: .* --side RU") as err:
        read_snapshots(path)
    assert "\n" not in str(err.value)
    assert read_snapshots(path, side="RU")["side"].tolist() == ["RU"]
    with pytest.raises(InputError, match="side 'Russia' must be UA, RU or contested"):
        read_snapshots(path, side="Russia")


def test_a_folder_reads_every_map_and_reports_the_rest(tmp_path: Path, caplog) -> None:
    deepstate_like(tmp_path / "deepstatemap_data_20240708.geojson", 36.5, 49.0, 37.0, 49.6)
    deepstate_like(tmp_path / "deepstatemap_data_20240801.geojson", 36.4, 49.0, 37.0, 49.6)
    (tmp_path / "README.txt").write_text("mirror of deepstatemap.live", encoding="utf-8")
    (tmp_path / "broken.geojson").write_text("{not json", encoding="utf-8")
    point = {"type": "Point", "coordinates": [36, 49]}
    write_geojson(
        tmp_path / "points_20240901.geojson",
        [{"type": "Feature", "properties": {"side": "RU"}, "geometry": point}],
    )
    with caplog.at_level(logging.WARNING):
        snap = read_snapshots(tmp_path)
    assert sorted(set(snap["date"])) == [dt.date(2024, 7, 8), dt.date(2024, 8, 1)]
    assert "3 file(s) skipped" in caplog.text
    for name in ("README.txt", "broken.geojson", "points_20240901.geojson"):
        assert name in caplog.text
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no control map could be read"):
        read_snapshots(empty)


def test_a_gzipped_history_with_a_date_column(tmp_path: Path) -> None:
    features = [
        box_feature({"date": "2024-07-08", "status": "occupied"}, 36.5, 49.0, 37.0, 49.6),
        box_feature({"date": "2024-07-09", "status": "occupied"}, 36.4, 49.0, 37.0, 49.6),
    ]
    path = tmp_path / "deepstate_history.geojson.gz"
    path.write_bytes(gzip.compress(json.dumps({"type": "FeatureCollection", "features": features}).encode()))
    snap = read_snapshots(path)
    assert snap["date"].tolist() == [dt.date(2024, 7, 8), dt.date(2024, 7, 9)]
    assert set(snap["side"]) == {"RU"}


@pytest.mark.parametrize(
    ("label", "side"),
    [
        ("Assessed Russian-controlled Ukrainian Territory", "RU"),
        ("Assessed Russian Advances in Ukraine", "contested"),
        ("Claimed Russian Territory in Ukraine", "contested"),
        ("Claimed Ukrainian Counteroffensives", "contested"),
        ("Reported Ukrainian Partisan Warfare", None),
        ("Liberated", "UA"),
    ],
)
def test_isw_style_labels(label: str, side: str | None) -> None:
    assert parse_side(label) == side


# -- coverage: a snapshot covers its area only -----------------------------------------------------------


def test_outside_a_snapshots_coverage_the_snapshot_says_nothing(tmp_path: Path) -> None:
    grid = grid_settlements()  # columns 0-9 at 36.0…36.9°E, rows at 49.0…49.5°N
    path = write_geojson(
        tmp_path / "west_2022-09-05.geojson",
        [
            box_feature({"side": "RU"}, 36.25, 48.95, 36.45, 49.55),
            box_feature({"side": "coverage"}, 35.95, 48.95, 36.45, 49.55),  # the western half only
        ],
    )
    data = prepare_control(grid, snapshots=read_snapshots(path), area_of_interest=grid_box())
    day = control_on(data, "2022-09-05")
    areas = day.area_km2()
    total = sum(areas.values())
    assert areas["unknown"] == pytest.approx(total / 2, rel=0.01)  # the eastern half nobody mapped
    assert areas["UA"] == pytest.approx(total * 0.3, rel=0.02) and areas["RU"] == pytest.approx(
        total * 0.2, rel=0.02
    )
    status = day.status["status"]
    assert status[gid(0, 0)] == "UA" and status[gid(3, 0)] == "RU" and status[gid(7, 0)] == "unknown"
    # the edge of the coverage is no front line, and events beyond it still count
    assert day.front_line().bounds[0] == pytest.approx(36.25, abs=1e-3)
    events = events_frame([event(gid(8, 2), "2022-09-01", "RU")])  # before the snapshot, outside it
    later = control_on(
        prepare_control(grid, events, snapshots=read_snapshots(path), area_of_interest=grid_box()),
        "2022-09-06",
    )
    assert later.status["status"][gid(8, 2)] == "RU"


def test_ground_nobody_reported_on_is_unknown_unless_a_default_side_is_given() -> None:
    grid = grid_settlements()
    events = events_frame([event(gid(9, 0), "2022-09-01", "RU")])
    unknown = control_on(prepare_control(grid, events, area_of_interest=grid_box()), "2022-09-02").area_km2()
    assert unknown["UA"] == 0 and unknown["unknown"] > 0.9 * sum(unknown.values())
    ua = control_on(
        prepare_control(grid, events, area_of_interest=grid_box(), default_side="UA"), "2022-09-02"
    ).area_km2()
    assert ua["unknown"] == 0 and ua["UA"] > 0.9 * sum(ua.values())


# -- the boundary ------------------------------------------------------------------------------------------


def _topojson(path: Path) -> Path:
    """A tiny world-atlas-like TopoJSON: Ukraine (804) a square, Russia (643) a mainland square east of it
    and a 'Crimea' square south of it, as Natural Earth 4.1 draws it."""
    arcs = [
        [[30.0, 46.5], [36.0, 46.5], [36.0, 50.0], [30.0, 50.0], [30.0, 46.5]],
        [[38.0, 46.0], [45.0, 46.0], [45.0, 55.0], [38.0, 55.0], [38.0, 46.0]],
        [[33.0, 44.5], [35.5, 44.5], [35.5, 46.0], [33.0, 46.0], [33.0, 44.5]],
    ]
    topology = {
        "type": "Topology",
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "804", "properties": {"name": "Ukraine"}},
                    {
                        "type": "MultiPolygon",
                        "arcs": [[[1]], [[2]]],
                        "id": "643",
                        "properties": {"name": "Russia"},
                    },
                ],
            }
        },
        "arcs": arcs,
    }
    path.write_text(json.dumps(topology), encoding="utf-8")
    return path


def test_natural_earth_boundary_puts_crimea_back(tmp_path: Path) -> None:
    path = _topojson(tmp_path / "countries-10m.json")
    ukraine = natural_earth_boundary(path, country_code="UA")
    assert ukraine.contains(shapely.Point(34.0, 45.0))  # "Crimea"
    assert not ukraine.contains(shapely.Point(40.0, 50.0))  # Russia proper
    assert ukraine.area == pytest.approx(6 * 3.5 + 2.5 * 1.5)
    russia = natural_earth_boundary(path, country_code="RU")
    assert russia.contains(shapely.Point(34.0, 45.0))
    with pytest.raises(InputError, match="no country 'PL'"):
        natural_earth_boundary(path, country_code="PL")
    with pytest.raises(InputError, match="'XX' is not a country code"):
        natural_earth_boundary(path, country_code="XX")


# -- the real DeepState files -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deepstate() -> gpd.GeoDataFrame:
    if not DEEPSTATE_DIR.is_dir():
        pytest.skip("../shared/data/deepstate is absent")
    return read_snapshots(DEEPSTATE_DIR)


@pytest.mark.shared
def test_every_deepstate_snapshot_measures_its_polygons_geodesic_area(deepstate) -> None:
    """RU km² from a DeepState snapshot equal the polygon's geodesic area within 1 % (README: 109,361 km²
    on 2024-07-08), measured in a boundary that holds all of it."""
    assert len(set(deepstate["date"])) == 12 and set(deepstate["side"]) == {"RU"}
    grid = grid_settlements()
    data = prepare_control(grid, snapshots=deepstate, area_of_interest=shapely.box(21.0, 43.5, 41.5, 53.0))
    for day, rows in deepstate.groupby("date"):
        expected = geodesic_km2(rows.geometry.union_all())
        areas = control_on(data, day).area_km2()
        assert areas["RU"] == pytest.approx(expected, rel=0.01), day
        assert areas["contested"] == 0 and areas["unknown"] == 0
        if day in README_KM2:
            assert expected == pytest.approx(README_KM2[day], rel=1e-4)


@pytest.mark.shared
def test_deepstate_months_change_only_where_the_map_changed(deepstate) -> None:
    from frontline.control import area_summary

    data = prepare_control(
        grid_settlements(), snapshots=deepstate, area_of_interest=shapely.box(21.0, 43.5, 41.5, 53.0)
    )
    summary = area_summary(data, "2025-05-01", since="2025-04-02")
    before = geodesic_km2(deepstate[deepstate["date"] == dt.date(2025, 4, 2)].geometry.union_all())
    after = geodesic_km2(deepstate[deepstate["date"] == dt.date(2025, 5, 1)].geometry.union_all())
    gained, lost = summary["gained_km2"]["RU"], summary["lost_km2"]["RU"]
    assert gained - lost == pytest.approx(after - before, abs=0.5)
    assert summary["gained_km2"]["UA"] == pytest.approx(lost, abs=0.2)
    assert 0 < gained < 1000
    # a day between two snapshots is the earlier one's ground: nothing changes hands
    same = area_summary(data, "2025-04-20", since="2025-04-02")
    assert same["gained_km2"] == {"UA": 0.0, "RU": 0.0, "contested": 0.0}
    assert same["lost_km2"] == {"UA": 0.0, "RU": 0.0, "contested": 0.0}


@pytest.mark.shared
def test_front_line_points_of_a_deepstate_snapshot(deepstate) -> None:
    rows = deepstate[deepstate["date"] == dt.date(2024, 7, 8)]
    # a boundary that follows the land border only roughly: sampled points are checked against the RU ground
    boundary = shapely.box(21.0, 43.5, 41.5, 53.0)
    points = front_line_points(rows, step_km=8, boundary=boundary)
    ground = rows.geometry.union_all()
    assert len(points) > 100
    near = [ground.boundary.distance(shapely.Point(lon, lat)) < 0.01 for lat, lon in points]
    assert all(near)
    assert all(43.5 < lat < 53.0 and 21.0 < lon < 41.5 for lat, lon in points)


def test_front_line_points_feed_the_geocoders_theatre_prior() -> None:
    from gazetteer import Theatre

    halves = gpd.GeoDataFrame(
        {"side": ["UA", "RU"]},
        geometry=[shapely.box(36.0, 49.0, 37.0, 50.0), shapely.box(37.0, 49.0, 38.0, 50.0)],
        crs="EPSG:4326",
    )
    points = front_line_points(halves, step_km=8)
    assert len(points) == 15 and all(48.999 < lat < 50.001 and abs(lon - 37.0) < 1e-3 for lat, lon in points)
    day = dt.date(2022, 9, 10)
    theatre = Theatre.from_lines([("front", dt.date(2022, 9, 1), dt.date(2022, 9, 30), False, points)])
    assert theatre.bonus(49.5, 37.05, day) > theatre.bonus(49.5, 32.0, day)
    assert front_line_points(halves[halves["side"] == "UA"]) == []
    with pytest.raises(InputError, match="step_km"):
        front_line_points(halves, step_km=0)


def _occupied(day: str, *boxes: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """An occupation map of one day, DeepState's way: the occupied ground alone (side RU)."""
    return gpd.GeoDataFrame(
        {"date": [dt.date.fromisoformat(day)] * len(boxes), "side": ["RU"] * len(boxes)},
        geometry=[shapely.box(*b) for b in boxes],
        crs="EPSG:4326",
    )


def test_an_occupation_maps_front_is_its_edge_facing_the_countrys_settlements() -> None:
    from frontline.control import theatre_from_snapshots

    occupied = _occupied("2024-08-01", (37.0, 49.0, 38.0, 50.0))
    # the country's towns: a row just west of the occupied ground, and some inside it; east of it is
    # another country (none of its towns are the country's), its south edge a coast
    west = [(49.2 + 0.1 * i, 36.9) for i in range(7)]
    inside = [(49.5, 37.5), (49.3, 37.8)]
    theatre = theatre_from_snapshots(occupied, base=None, settlements=west + inside)
    (front,) = theatre.lines
    assert (front.start, front.end) == (dt.date(2024, 8, 1), dt.date(2024, 10, 30))
    assert len(front.points) > 5
    # every point faces a western town within 15 km: the west edge, none on the east edge or the far corners
    geod = Geod(ellps="WGS84")
    for lat, lon in front.points:
        nearest = min(geod.inv(lon, lat, tlon, tlat)[2] for tlat, tlon in west)
        assert nearest <= 15_000 and lon < 37.3, (lat, lon)
    assert max(lat for lat, _ in front.points) < 50.0 and min(lat for lat, _ in front.points) > 49.0
    # the towns inside face nothing; with no town outside the ground, the map adds no front
    assert theatre_from_snapshots(occupied, base=None, settlements=inside).lines == ()
    assert theatre_from_snapshots(occupied.iloc[:0], base=None, settlements=west).lines == ()


def test_the_embedded_front_gives_way_to_a_published_maps_on_its_days() -> None:
    from frontline.control import theatre_from_snapshots
    from gazetteer import embedded_theatre

    occupied = _occupied("2024-08-01", (37.0, 49.0, 38.0, 50.0))
    west = [(49.2 + 0.1 * i, 36.9) for i in range(7)]
    theatre = theatre_from_snapshots(occupied, settlements=west)
    embedded = embedded_theatre()
    fronts = [line for line in theatre.lines if line.name == "front-2024"]
    assert [(f.start, f.end) for f in fronts] == [
        (dt.date(2024, 5, 1), dt.date(2024, 7, 31)),
        (dt.date(2024, 10, 31), dt.date(2026, 12, 31)),
    ]
    # the places and oblasts fought over stay as they were
    assert [line for line in theatre.lines if not line.joined] == [
        *(line for line in embedded.lines if not line.joined),
        *(line for line in theatre.lines if line.name == "front 2024-08-01"),
    ]
    assert theatre.areas == embedded.areas
    kherson = (46.6369, 32.6146)  # on the embedded front of 2024, far from this map's
    assert theatre.bonus(*kherson, dt.date(2024, 9, 1)) < embedded.bonus(*kherson, dt.date(2024, 9, 1))
    assert theatre.bonus(*kherson, dt.date(2024, 6, 1)) == embedded.bonus(*kherson, dt.date(2024, 6, 1))
    assert theatre.bonus(*kherson, dt.date(2025, 1, 1)) == embedded.bonus(*kherson, dt.date(2025, 1, 1))


def test_a_map_of_part_of_the_country_leaves_the_rest_to_the_embedded_front() -> None:
    """The embedded map of 5 September 2022 covers Kharkiv, Donetsk and Luhansk oblasts only: the embedded
    fronts elsewhere (Kherson's) hold on its days, and where its drawing stops (south of Donetsk
    oblast, deep behind the front) is no front."""
    from frontline.control import theatre_from_snapshots
    from gazetteer import embedded_theatre

    path = Path(__file__).parents[1] / "frontline" / "data" / "control_2022-09-05.geojson"
    snapshots = read_snapshots(path)
    assert (snapshots["side"] == "coverage").any()
    theatre = theatre_from_snapshots(snapshots)
    embedded = embedded_theatre()
    day = dt.date(2022, 9, 20)
    kherson, berdiansk_rear = (46.6369, 32.6146), (46.87, 36.79)
    assert theatre.bonus(*kherson, day) == embedded.bonus(*kherson, day)
    assert [line for line in theatre.lines if not line.name.startswith("front 2022")] == list(embedded.lines)
    (front,) = [line for line in theatre.lines if line.name.startswith("front 2022")]
    assert len(front.points) > 10
    assert all(lat > 47.3 for lat, _ in front.points), front.points  # none along the coverage's south edge
    assert theatre.bonus(*berdiansk_rear, day) == embedded.bonus(*berdiansk_rear, day)


def test_the_front_line_leaves_out_the_state_border_and_the_coast(tmp_path: Path) -> None:
    """An occupation map whose ground runs past the boundary on three sides: the front is only the
    line inside the country where the two sides meet."""
    path = deepstate_like(tmp_path / "deepstatemap_data_20240708.geojson", 36.45, 48.9, 37.1, 49.6)
    data = prepare_control(grid_settlements(), snapshots=read_snapshots(path), area_of_interest=grid_box())
    day = control_on(data, "2024-07-08")
    line = day.front_line()
    xmin, ymin, xmax, ymax = line.bounds
    assert xmin == pytest.approx(36.45, abs=1e-4) and xmax == pytest.approx(36.45, abs=1e-4)
    assert 48.95 < ymin < 48.955 and 49.545 < ymax < 49.55  # stops short of the border
    assert GEOD.geometry_length(line) / 1000 == pytest.approx(66.7, abs=1.0)
    # the ground past the boundary, up to 5 km of it, stays the snapshot's: its km² are the polygon's own
    assert day.area_km2()["RU"] > geodesic_km2(shapely.box(36.45, 48.95, 36.95, 49.55))


# -- Natural Earth from the asset cache ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def ukraine():
    from frontline.maps.assets import assets_dir, natural_earth_path

    path = natural_earth_path()
    if path is None:
        from .conftest import _missing

        _missing(f"no world-atlas in the asset cache {assets_dir()}: run `frontline maps fetch-assets`")
    return natural_earth_boundary(path, country_code="UA")


def test_ukraine_in_its_recognised_borders(ukraine) -> None:
    assert geodesic_km2(ukraine) == pytest.approx(599_098, rel=1e-3)  # Natural Earth 1:10m, Crimea back
    for lat, lon in ((44.95, 34.10), (44.6, 33.52), (50.45, 30.52), (48.0, 37.8)):  # Simferopol, Sevastopol…
        assert ukraine.contains(shapely.Point(lon, lat))
    assert not ukraine.contains(shapely.Point(36.6, 50.6))  # Belgorod


@pytest.mark.shared
def test_deepstate_measured_against_natural_earth(deepstate, ukraine) -> None:
    data = prepare_control(grid_settlements(), snapshots=deepstate, area_of_interest=ukraine)
    for day, rows in deepstate.groupby("date"):
        areas = control_on(data, day).area_km2()
        assert areas["RU"] == pytest.approx(geodesic_km2(rows.geometry.union_all()), rel=0.01), day
        assert areas["RU"] + areas["UA"] == pytest.approx(599_098, rel=0.01) and areas["unknown"] == 0
    day = control_on(data, dt.date(2025, 5, 1))
    line = day.front_line()
    assert 1000 < GEOD.geometry_length(line) / 1000 < 1500  # the contact line and the Dnipro, not the border
    points = front_line_points(day, step_km=8)
    coast_and_border = ukraine.boundary
    far = [coast_and_border.distance(shapely.Point(lon, lat)) > 0.002 for lat, lon in points]
    assert sum(far) > 0.95 * len(points)
