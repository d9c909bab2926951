"""Control over time: the timeline's rules, control polygons, the front line and areas on a grid of
settlements whose control is known, and the same on the real UA dump."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from frontline.control import (
    area_changes,
    area_of_interest_from,
    areas_by_side,
    control_changes,
    control_on,
    control_polygons,
    daily_series,
    front_line,
    oblast_regions,
    prepare_control,
    read_boundary,
    settlement_status,
    settlements_from_gazetteer,
    tessellate,
)
from frontline.control.geometry import _project
from frontline.errors import InputError
from gazetteer import Place

from .control_fixtures import (
    BOX,
    COLUMNS,
    ROWS,
    event,
    events_frame,
    gid,
    grid_box,
    grid_settlements,
    split_status,
)

GEOD = Geod(ellps="WGS84")


def geodesic_km2(polygon: shapely.Polygon) -> float:
    """Area on the ellipsoid, independent of our projection (edges densified to follow parallels)."""
    return abs(GEOD.geometry_area_perimeter(shapely.segmentize(polygon, 0.01))[0]) / 1e6


@pytest.fixture(scope="module")
def grid():
    return grid_settlements()


@pytest.fixture(scope="module")
def tess(grid):
    return tessellate(grid, area_of_interest=grid_box())


# -- timeline ------------------------------------------------------------------------------------


def status_on(grid, events: pd.DataFrame, date: str, **options) -> pd.Series:
    return settlement_status(grid, control_changes(events, **options), date=date)["status"]


def test_confirmed_event_flips_from_its_date(grid) -> None:
    events = events_frame([event(gid(5, 0), "2022-09-05", "UA")])
    assert status_on(grid, events, "2022-09-04")[gid(5, 0)] == "unknown"
    assert status_on(grid, events, "2022-09-05")[gid(5, 0)] == "UA"
    assert status_on(grid, events, "2022-12-31")[gid(5, 0)] == "UA"


def test_unconfirmed_claim_leaves_the_place_contested(grid) -> None:
    events = events_frame(
        [event(gid(5, 0), "2022-09-01", "RU"), event(gid(5, 0), "2022-09-10", "UA", "claimed")]
    )
    assert status_on(grid, events, "2022-09-09")[gid(5, 0)] == "RU"
    assert status_on(grid, events, "2022-09-10")[gid(5, 0)] == "contested"
    assert status_on(grid, events, "2022-10-30")[gid(5, 0)] == "contested"


def test_claim_confirmed_in_time_counts_from_the_claim(grid) -> None:
    events = events_frame(
        [
            event(gid(5, 0), "2022-09-01", "RU"),
            event(gid(5, 0), "2022-09-10", "UA", "claimed", event_id="CLAIM"),
            event(gid(5, 0), "2022-09-14", "UA", event_id="PROOF"),
        ]
    )
    status = settlement_status(grid, control_changes(events, confirm_within_days=7), date="2022-09-11")
    row = status.loc[gid(5, 0)]
    assert (row["status"], row["since"], row["event_id"]) == ("UA", dt.date(2022, 9, 10), "PROOF")
    # with a shorter window the same claim waits, contested, for its confirmation
    assert status_on(grid, events, "2022-09-11", confirm_within_days=3)[gid(5, 0)] == "contested"
    assert status_on(grid, events, "2022-09-14", confirm_within_days=3)[gid(5, 0)] == "UA"


def test_claim_by_the_holder_changes_nothing(grid) -> None:
    events = events_frame(
        [event(gid(5, 0), "2022-09-01", "RU"), event(gid(5, 0), "2022-09-03", "RU", "unconfirmed")]
    )
    changes = control_changes(events)
    assert list(changes["status"]) == ["RU"]


def test_disputed_and_unconfirmed_are_claims(grid) -> None:
    for confidence in ("disputed", "unconfirmed", "claimed"):
        events = events_frame([event(gid(5, 0), "2022-09-10", "UA", confidence)])
        assert status_on(grid, events, "2022-09-20")[gid(5, 0)] == "contested", confidence


def test_neighbours_fill_only_between_agreeing_settlements(grid, tess) -> None:
    # column 5, rows 0 and 2 UA: row 1 between them is filled; column 8 rows 0/2 disagree: 8-1 stays unknown
    events = events_frame(
        [
            event(gid(5, 0), "2022-09-01", "UA"),
            event(gid(5, 2), "2022-09-01", "UA"),
            event(gid(8, 0), "2022-09-01", "UA"),
            event(gid(8, 2), "2022-09-01", "RU"),
        ]
    )
    status = settlement_status(grid, control_changes(events), date="2022-09-02", neighbours=tess.neighbours)
    assert status.loc[gid(5, 1), ["status", "source"]].tolist() == ["UA", "neighbours"]
    assert status.loc[gid(8, 1), "status"] == "unknown"
    assert status.loc[gid(0, 5), "status"] == "unknown"  # far from every report: no flood
    without = settlement_status(grid, control_changes(events), date="2022-09-02")
    assert without.loc[gid(5, 1), "status"] == "unknown"


def test_default_side_fills_the_rest(grid) -> None:
    events = events_frame([event(gid(9, 0), "2022-09-01", "RU")])
    status = settlement_status(grid, control_changes(events), date="2022-09-02", default_side="UA")
    assert status["status"].value_counts().to_dict() == {"UA": COLUMNS * ROWS - 1, "RU": 1}
    assert status.loc[gid(0, 0), "source"] == "default"


def test_events_without_the_control_columns_are_refused(grid) -> None:
    events = events_frame([event(gid(5, 0), "2022-09-05", "UA")]).drop(columns=["x_control_to"])
    with pytest.raises(InputError, match="x_control_to"):
        control_changes(events)
    with pytest.raises(InputError, match="event_date"):
        control_changes(events_frame([]).drop(columns=["event_date"]))
    bad = events_frame([event(gid(5, 0), "2022-13-45", "UA")])
    with pytest.raises(InputError, match="2022-13-45"):
        control_changes(bad)
    odd = events_frame([event(gid(5, 0), "2022-09-05", "UA", "probably")])
    with pytest.raises(InputError, match="'probably' is not one of confirmed, reported, claimed"):
        control_changes(odd)


def test_raw_acled_rows_are_placed_and_sided(grid) -> None:
    """ACLED's own export: no x_ columns; the side from actor1, the settlement from the coordinates."""
    acled = pd.DataFrame(
        {
            "event_id_cnty": ["UKR1", "UKR2", "UKR3"],
            "event_date": ["2022-09-05", "2022-09-06", "2022-09-06"],
            "sub_event_type": [
                "Government regains territory",
                "Non-state actor overtakes territory",
                "Armed clash",
            ],
            "actor1": [
                "Military Forces of Ukraine (2019-)",
                "Military Forces of Russia (2000-)",
                "Unidentified",
            ],
            "latitude": [49.201, 49.0, 49.3],  # 100 m from village 5-2; village 7-0
            "longitude": [36.5, 36.7, 36.1],
        }
    )
    changes = control_changes(acled, settlements=grid)
    got = list(zip(changes["geonameid"], changes["status"], changes["confidence"], strict=True))
    assert got == [(gid(5, 2), "UA", "confirmed"), (gid(7, 0), "RU", "confirmed")]
    far = acled.assign(latitude=[52.0, 52.0, 52.0])  # 300 km away: no settlement within 5 km
    assert control_changes(far, settlements=grid).empty


def test_events_that_change_nothing_are_ignored(grid) -> None:
    rows = [
        event(gid(5, 0), "2022-09-05", "UA"),
        {**event(gid(5, 1), "2022-09-05", "UA"), "x_control_to": None},
    ]
    rows.append({**event(0, "2022-09-05", "RU"), "x_geonameid": None})
    changes = control_changes(events_frame(rows))
    assert changes["geonameid"].tolist() == [gid(5, 0)]
    assert control_changes(events_frame([])).empty


def test_inputs_are_not_changed(grid) -> None:
    events = events_frame([event(gid(5, 0), "2022-09-05", "UA", "claimed")])
    before = events.copy()
    settlement_status(grid, control_changes(events), date="2022-09-06")
    pd.testing.assert_frame_equal(events, before)


# -- geometry ------------------------------------------------------------------------------------


def test_grid_split_gives_known_areas_and_front_line(grid, tess) -> None:
    polygons = control_polygons(tess, split_status(grid), date="2022-09-01")
    areas = areas_by_side(polygons)
    west, east = BOX[0] + 0.5, BOX[0] + 0.5  # the bisector between columns 4 and 5 is lon 36.45
    ua_box = shapely.box(BOX[0], BOX[1], west, BOX[3])
    ru_box = shapely.box(east, BOX[1], BOX[2], BOX[3])
    # tolerance 0.1 %: cell edges are straight in the projection, the box's edges follow parallels
    assert areas["UA"] == pytest.approx(geodesic_km2(ua_box), rel=1e-3)
    assert areas["RU"] == pytest.approx(geodesic_km2(ru_box), rel=1e-3)
    line = front_line(polygons)
    assert line.geom_type == "MultiLineString" and len(line.geoms) == 1
    meridian = shapely.LineString([(west, BOX[1]), (west, BOX[3])])
    # the line is the meridian 36.45 from the box's bottom to its top, within 50 m
    metric = _project(shapely.GeometryCollection([line, meridian]), "EPSG:4326", tess.crs)
    assert shapely.hausdorff_distance(*metric.geoms) < 50
    assert GEOD.geometry_length(line) / 1000 == pytest.approx(GEOD.geometry_length(meridian) / 1000, rel=1e-3)


def test_areas_of_all_sides_sum_to_the_area_of_interest(grid, tess) -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        status = pd.Series(rng.choice(["UA", "RU", "contested", "unknown"], len(grid)), index=grid.index)
        polygons = control_polygons(tess, status)
        assert polygons["area_km2"].sum() == pytest.approx(tess.area_km2, rel=1e-6)  # 1 m precision grid
        assert shapely.union_all(polygons.geometry.to_numpy()).is_valid
    assert tess.area_km2 == pytest.approx(geodesic_km2(grid_box()), rel=1e-4)


def test_front_line_never_runs_through_a_cells_own_side(grid, tess) -> None:
    rng = np.random.default_rng(11)
    cells = shapely.intersection(tess.cells[tess.site], tess.area_of_interest)
    for _ in range(5):
        status = pd.Series(
            rng.choice(["UA", "RU", "contested"], len(grid), p=[0.45, 0.45, 0.1]), index=grid.index
        )
        line = front_line(control_polygons(tess, status))
        assert not line.is_empty
        metric = _project(line, "EPSG:4326", tess.crs)
        for cell, side in zip(cells, status.reindex(grid.index), strict=True):
            inside = shapely.intersection(metric, shapely.buffer(cell, -20)).length
            assert inside < 1.0, (side, inside)
        # and it only runs where a UA cell meets an RU cell
        ua = shapely.union_all(cells[(status == "UA").to_numpy()])
        ru = shapely.union_all(cells[(status == "RU").to_numpy()])
        near_both = shapely.intersection(shapely.buffer(ua, 20), shapely.buffer(ru, 20))
        assert shapely.difference(metric, near_both).length < 1.0


def test_front_line_smoothing_stays_close(grid, tess) -> None:
    status = pd.Series(
        ["UA" if (g - 1000) // 10 < 4 + (g % 2) else "RU" for g in grid.index], index=grid.index
    )  # a zig-zag front
    polygons = control_polygons(tess, status)
    exact, smooth = front_line(polygons), front_line(polygons, smooth_km=3)
    m_exact, m_smooth = (_project(g, "EPSG:4326", tess.crs) for g in (exact, smooth))
    assert shapely.get_num_coordinates(smooth) != shapely.get_num_coordinates(exact)
    assert shapely.hausdorff_distance(m_exact, m_smooth) < 5_000


def test_contested_zone_and_no_front_between_unknowns(grid, tess) -> None:
    status = split_status(grid)
    status[[gid(4, r) for r in range(ROWS)] + [gid(5, r) for r in range(ROWS)]] = "contested"
    polygons = control_polygons(tess, status)
    assert set(polygons["side"]) == {"UA", "RU", "contested"}
    assert front_line(polygons).is_empty  # the contested band separates the sides
    # counted as one side's, contested land moves the line to the band's far or near edge
    west, east = BOX[0] + 0.4, BOX[0] + 0.6
    for contested_as, meridian in (("RU", west), ("UA", east)):
        line = front_line(polygons, contested_as=contested_as)
        assert line.bounds[0] == pytest.approx(meridian, abs=0.005), contested_as
        assert line.bounds[2] == pytest.approx(meridian, abs=0.005), contested_as
    with pytest.raises(InputError, match="contested_as"):
        front_line(polygons, contested_as="grey")
    assert areas_by_side(polygons)["contested"] == pytest.approx(tess.area_km2 / 5, rel=1e-2)


def test_a_date_with_no_data_is_empty_not_an_error(grid) -> None:
    data = prepare_control(grid, events_frame([]), area_of_interest=grid_box())
    day = control_on(data, "2022-01-01")
    assert day.polygons.empty and day.front_line().is_empty
    assert (day.status["status"] == "unknown").all()
    series = daily_series(data, "2022-01-01", "2022-01-03")
    assert series["unknown_km2"].tolist() == pytest.approx([data.tessellation.area_km2] * 3)


def test_duplicate_locations_share_a_cell(grid) -> None:
    twin = grid.iloc[[0]].copy()
    twin.index = pd.Index([999], name="geonameid")
    both = pd.concat([grid, twin])
    tess = tessellate(both, area_of_interest=grid_box())
    assert len(tess.cells) == len(grid)
    status = split_status(grid).reindex(both.index).fillna("RU")
    polygons = control_polygons(tess, status)
    assert "contested" in set(polygons["side"])  # the two at one point disagree


def test_boundary_files(tmp_path, caplog) -> None:
    import logging

    import geopandas as gpd

    bow_tie = shapely.Polygon([(36.0, 49.0), (36.5, 49.5), (36.0, 49.5), (36.5, 49.0)])
    path = tmp_path / "aoi.gpkg"
    gpd.GeoDataFrame(geometry=[bow_tie], crs="EPSG:4326").to_crs("EPSG:3857").to_file(path)
    with caplog.at_level(logging.WARNING):
        boundary = read_boundary(path)
    assert boundary.is_valid and "repaired 1 invalid boundary polygon" in caplog.text
    assert boundary.area == pytest.approx(0.125, rel=1e-6)  # two triangles, back in degrees
    with pytest.raises(InputError, match=r"none\.geojson: no such file — give a boundary"):
        read_boundary(tmp_path / "none.geojson")
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=[shapely.Point(36, 49)], crs="EPSG:4326").to_file(points)
    with pytest.raises(InputError, match="holds no polygon"):
        read_boundary(points)


def test_default_outline_covers_every_settlement(grid) -> None:
    outline = area_of_interest_from(grid)
    assert shapely.contains(outline, grid.geometry.to_numpy()).all()
    assert geodesic_km2(outline) > geodesic_km2(shapely.box(36.0, 49.0, 36.9, 49.5))


# -- areas -----------------------------------------------------------------------------------------


def test_gains_and_losses_by_oblast(grid, tess) -> None:
    before = control_polygons(tess, split_status(grid, ua_columns=5))
    after = control_polygons(tess, split_status(grid, ua_columns=7))
    table = area_changes(before, after, crs=tess.crs, regions=oblast_regions(tess))
    overall = table[table["region"] == "all"].set_index("side")
    column_km2 = tess.area_km2 / COLUMNS
    assert overall.loc["UA", "gained_km2"] == pytest.approx(2 * column_km2, rel=1e-2)
    assert overall.loc["RU", "lost_km2"] == pytest.approx(overall.loc["UA", "gained_km2"], rel=1e-9)
    assert overall.loc["UA", "lost_km2"] == pytest.approx(0, abs=1e-6)
    by_oblast = table[table["region"] != "all"].set_index(["region", "side"])
    assert set(by_oblast.index) == {("East", "UA"), ("East", "RU")}  # all the change is in the East
    assert by_oblast.loc[("East", "UA"), "net_km2"] == pytest.approx(overall.loc["UA", "net_km2"], rel=1e-6)


def test_oblast_regions_tile_the_area_of_interest(tess) -> None:
    regions = oblast_regions(tess)
    assert sorted(regions["admin1"]) == ["East", "West"]
    assert regions["area_km2"].sum() == pytest.approx(tess.area_km2, rel=1e-9)


def test_daily_series_follows_the_events(grid) -> None:
    events = events_frame(
        [
            event(gid(9, 0), "2022-09-01", "RU"),
            event(gid(5, 0), "2022-09-03", "RU"),
            event(gid(5, 0), "2022-09-05", "UA", "claimed"),
        ]
    )
    data = prepare_control(
        grid, events, area_of_interest=grid_box(), default_side="UA", fill_from_neighbours=False
    )
    series = daily_series(data, "2022-08-31", "2022-09-06").set_index("date")
    cell = data.tessellation.area_km2 / (COLUMNS * ROWS)
    # before any event everything is the default side's
    assert series.loc[dt.date(2022, 8, 31), "UA_km2"] == pytest.approx(data.tessellation.area_km2)
    assert series.loc[dt.date(2022, 9, 1), "RU_km2"] == pytest.approx(cell, rel=0.2)
    assert series.loc[dt.date(2022, 9, 3), "RU_change_km2"] == pytest.approx(cell, rel=0.2)
    assert series.loc[dt.date(2022, 9, 5), "contested_km2"] == pytest.approx(cell, rel=0.2)
    totals = series[["UA_km2", "RU_km2", "contested_km2", "unknown_km2"]].sum(axis=1)
    assert np.allclose(totals, data.tessellation.area_km2)
    # the series and the polygons agree on every day (to the 1 m precision grid of the polygons)
    for day in series.index:
        assert areas_by_side(control_on(data, day).polygons)["RU"] == pytest.approx(
            series.loc[day, "RU_km2"], abs=0.01
        )


# -- the real UA dump ------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.slow
def test_ukraine_outline_and_cells(ua) -> None:
    # of the dump's 33,000 populated places, those of 500 people or more and the seats: cities500's rule
    settlements = settlements_from_gazetteer(ua)
    assert 5_000 < len(settlements) < 6_500
    frolivske = 477085  # a hamlet: counted when an event names it
    assert len(settlements_from_gazetteer(ua, named=[frolivske])) == len(settlements) + 1
    tess = tessellate(settlements)
    # Ukraine is 603,628 km²; the outline drawn around its settlements comes within 5 % (as cities500's)
    assert tess.area_km2 == pytest.approx(603_628, rel=0.05)
    assert tess.cell_area_km2.sum() == pytest.approx(tess.area_km2, rel=1e-9)
    kupiansk = settlements.index.get_loc(703656)
    assert 1 < tess.cell_area_km2[tess.site[kupiansk]] < 200


@pytest.mark.slow
def test_country_outline_from_sparse_and_dense_gazetteers(embedded, ua) -> None:
    """The default outline adapts to how densely settlements lie: the embedded cities500 and the full
    dump both give Ukraine's area (603,628 km²) within 5%."""
    for gaz in (embedded, ua):
        outline = area_of_interest_from(settlements_from_gazetteer(gaz))
        area_km2 = abs(GEOD.geometry_area_perimeter(outline)[0]) / 1e6
        assert area_km2 == pytest.approx(603_628, rel=0.05)


class _Places:
    """A gazetteer of the given populated places (what settlements_from_gazetteer reads of one)."""

    def __init__(self, *places: Place) -> None:
        self.places = places

    def iter_places(self, *, country_code: str, feature_class: str = "P"):
        return iter(self.places)


def _place(geonameid: int, population: int, code: str = "PPL") -> Place:
    name = f"place {geonameid}"
    return Place(
        geonameid,
        name,
        48.0,
        37.0 + geonameid / 100,
        "P",
        code,
        "UA",
        "Donetsk Oblast",
        "05",
        "",
        population,
        name,
    )


def test_settlements_are_the_sized_ones_and_those_events_name() -> None:
    town, hamlet, small_seat, other_hamlet = (
        _place(1, 5000),
        _place(2, 0),
        _place(3, 300, "PPLA3"),
        _place(4, 40),
    )
    gaz = _Places(town, hamlet, small_seat, other_hamlet)
    assert list(settlements_from_gazetteer(gaz).index) == [1, 3]
    # a named seat is counted once, however it qualifies
    assert list(settlements_from_gazetteer(gaz, named=[2, 3]).index) == [1, 2, 3]
    # a gazetteer without any settlement of that size counts every one
    assert list(settlements_from_gazetteer(_Places(hamlet, other_hamlet)).index) == [2, 4]
