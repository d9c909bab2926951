"""Figures as maps: projected, with scale bar, north arrow, credits and a date every layer obeys."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.maps.figures import draw_figure, figure_date, save_figure, utm_crs

from . import map_fixtures as fx


def _svg(tmp_path: Path, **kwargs) -> str:
    fig = draw_figure(**kwargs)
    return save_figure(fig, tmp_path / "f.svg").read_text(encoding="utf-8")


def test_svg_carries_scale_bar_north_arrow_credits_and_date(tmp_path: Path) -> None:
    svg = _svg(tmp_path, events=fx.sample_events(), network=fx.sample_network(),
               hub_impact=fx.sample_hub_impact(), control=fx.sample_control(), date="2022-09-15",
               title="Kharkiv front")  # fmt: skip
    for gid in ("scale-bar", "north-arrow", "credits", "date", "title", "legend"):
        assert f'id="{gid}"' in svg, gid
    assert "as of 2022-09-15" in svg
    assert "GeoNames (CC BY 4.0)" in svg and "Kharkiv front" in svg
    assert "Projection: UTM (EPSG:32637)" in svg
    assert "longitude" not in svg and "latitude" not in svg  # no lat/lon axes


def test_the_date_binds_every_layer() -> None:
    rows = [
        fx.event_row(0, "Izium", event_date="2022-09-01"),
        fx.event_row(1, "Lyman", event_date="2022-10-01"),
    ]
    when = figure_date(fx.events_gdf(rows), fx.sample_control(), "2022-09-20")
    # 20 September: the control map of the 15th is the latest before it, and it says so
    assert when.control_date == "2022-09-15"
    assert (when.events_drawn, when.events_later) == (1, 1)
    assert "control: map of 2022-09-15, the latest on or before 2022-09-20" in when.subtitle()
    assert "1 after 2022-09-20 not drawn" in when.subtitle()
    before = figure_date(fx.events_gdf(rows), fx.sample_control(), "2022-08-01")
    assert before.control_date is None and "no control map on or before 2022-08-01" in before.notes[0]
    exact = figure_date(None, fx.sample_control(), "2022-09-01")
    assert exact.control_date == "2022-09-01" and exact.notes == []


def test_figure_leaves_out_later_events(tmp_path: Path) -> None:
    rows = [
        fx.event_row(0, "Izium", event_date="2022-09-01"),
        fx.event_row(1, "Lyman", event_date="2022-10-01"),
    ]
    fig = draw_figure(fx.events_gdf(rows), date="2022-09-20")
    assert fig.frontline_date.events_drawn == 1
    svg = save_figure(fig, tmp_path / "f.svg").read_text(encoding="utf-8")
    assert "1 event · 1 after 2022-09-20 not drawn" in svg


@pytest.mark.parametrize(("lon", "lat", "crs"), [(37.6, 49.7, "EPSG:32637"), (24.9, 60.2, "EPSG:32635")])
def test_projection_is_the_utm_zone_of_the_view(lon: float, lat: float, crs: str) -> None:
    assert utm_crs(lon, lat) == crs


def test_a_network_far_from_ukraine_frames_the_view(tmp_path: Path) -> None:
    import networkx as nx

    G = nx.MultiGraph(crs="EPSG:4326")
    G.add_node(1, x=24.94, y=60.17, name="a")
    G.add_node(2, x=24.96, y=60.18, name="b")
    G.add_edge(1, 2, mode="road", length_km=1.4)
    fig = draw_figure(network=G, title="Helsinki")
    ax = fig.axes[0]
    width_m = ax.get_xlim()[1] - ax.get_xlim()[0]
    assert width_m < 20_000  # a city, not a country
    assert "EPSG:32635" in save_figure(fig, tmp_path / "h.svg").read_text(encoding="utf-8")
