"""Maps on real data from ../shared/data: OSM rail stations of Ukraine and the GeoNames UA dump."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd
import pytest
import shapely

from frontline.maps import build_map, write_map
from frontline.maps.offline import ukraine_outline

from .browser import layer_counts, open_map
from .conftest import SHARED

pytestmark = pytest.mark.shared

STATIONS = SHARED / "osm" / "rail_stations_ukraine.json"


@pytest.fixture(scope="module")
def stations() -> list[dict]:
    if not STATIONS.is_file():
        pytest.skip("../shared/data/osm/rail_stations_ukraine.json is absent")
    return json.loads(STATIONS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def eastern_places(ua_zip: Path) -> gpd.GeoDataFrame:
    """Populated places of Kharkiv (07), Donetsk (05) and Luhansk (14) oblasts as ACLED-shaped events."""
    with zipfile.ZipFile(ua_zip) as zf:
        raw = zf.read("UA.txt").decode("utf-8")
    cols = ["geonameid", "name", "ascii", "alt", "lat", "lon", "fclass", "fcode", "cc", "cc2", "admin1"]
    table = pd.read_csv(io.StringIO(raw), sep="\t", header=None, usecols=range(11), names=cols, dtype=str,
                        quoting=3, keep_default_na=False)  # fmt: skip
    east = table[(table["fclass"] == "P") & table["admin1"].isin(["05", "07", "14"])].reset_index(drop=True)
    lon, lat = east["lon"].astype(float), east["lat"].astype(float)
    events = pd.DataFrame(
        {
            "event_date": "2022-09-10",
            "event_type": "Battles",
            "location": east["name"],
            "latitude": lat,
            "longitude": lon,
            "x_geonameid": east["geonameid"].astype(int),
            "x_confidence": "confirmed",
        }
    )
    return gpd.GeoDataFrame(events, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def test_outline_follows_the_border_in_the_east(stations: list[dict]) -> None:
    """The outline comes from GeoNames settlements; OSM's stations check its shape independently.

    The station list is a bounding-box extract (it holds Romanian, Moldovan and Russian stations too), so
    the check uses the Kharkiv–Donbas box south of 50.2°N, which is Ukraine but for a strip of Belgorod
    oblast around Urazovo (Уразово), which must fall outside.
    """
    outline = shapely.geometry.shape(ukraine_outline()).buffer(0.05)  # ~5 km for the hull's straight edges
    box = [s for s in stations if 36 <= s["lon"] <= 39 and 48.5 <= s["lat"] <= 50.2]
    inside = [outline.contains(shapely.Point(s["lon"], s["lat"])) for s in box]
    assert len(box) > 300
    assert sum(inside) / len(box) > 0.98
    assert [i for s, i in zip(box, inside, strict=True) if s["name"] == "Уразово"] == [False]


@pytest.mark.browser
def test_real_places_and_stations_draw_offline(
    browser, tmp_path: Path, assets_root: Path, stations: list[dict], eastern_places: gpd.GeoDataFrame
) -> None:
    G = nx.Graph(crs="EPSG:4326")
    for s in stations:
        G.add_node(s["id"], x=s["lon"], y=s["lat"], name=s.get("nameLocal") or s["name"], kind=s["type"])
    m = build_map(eastern_places, network=G, offline=True)
    path = write_map(m, tmp_path / "east.html", assets_root=assets_root)
    run = open_map(browser, path)
    assert run.errors == [] and run.blocked == []
    counts = layer_counts(run)
    assert counts["Road and rail network"] == len(stations)
    n = len(eastern_places)
    assert n > 5000
    name = f"Events ({n:,})"
    run.js(f"void window[{run.map_name!r}].setView([48.9, 37.5], 5, {{animate: false}})")
    assert layer_counts(run)[name] == n
