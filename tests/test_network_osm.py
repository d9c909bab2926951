"""OSM import on the real samples in ../shared/data/osm (XML and PBF) and on broken files written here."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from pyproj import Geod

from frontline.network import read_network, write_network
from frontline.network.errors import OSMImportError
from frontline.network.osm import HIGHWAY_CLASSES, TERTIARY_CLASSES, import_osm

from .conftest import SHARED

OSM = SHARED / "osm"
GEOD = Geod(ellps="WGS84")


def sample(name: str) -> Path:
    path = OSM / name
    if not path.is_file():
        pytest.skip(f"../shared/data/osm/{name} is absent")
    return path


def check_network(G: nx.MultiGraph, classes: tuple[str, ...]) -> None:
    assert G.graph["crs"] == "EPSG:4326" and G.number_of_edges() > 0
    for u, v, d in G.edges(data=True):
        assert d["mode"] in {"road", "rail", "transfer"}
        if d["mode"] == "road":
            assert d["highway"] in classes
            assert u > 0 and v > 0  # road nodes keep OSM ids
        if d["mode"] == "rail":
            assert u < 0 and v < 0  # rail nodes are apart from roads
        line = d["geometry"]
        assert d["length_km"] == pytest.approx(GEOD.geometry_length(line) / 1000)
        ends = {line.coords[0], line.coords[-1]}
        assert ends == {(G.nodes[u]["x"], G.nodes[u]["y"]), (G.nodes[v]["x"], G.nodes[v]["y"])}
        assert d["source"].startswith(("OSM way", "station"))
    # degree-2 chains of one road are merged: no node but a station joins exactly two edges of the same
    # road (same mode, kind — a bridge is an edge of its own — ref and name)
    for n in G.nodes:
        if G.degree(n) == 2 and G.nodes[n]["kind"] != "station":
            sigs = [(d["mode"], d["kind"], d["ref"], d["name"]) for *_, d in G.edges(n, data=True)]
            assert sigs[0] != sigs[1] or len({e[1] for e in G.edges(n)}) == 1


@pytest.mark.shared
def test_xml_sample() -> None:
    G = import_osm(sample("west-oakland.osm"))
    check_network(G, HIGHWAY_CLASSES)
    assert Counter(d["highway"] for *_, d in G.edges(data=True)) == {"secondary": G.number_of_edges()}
    assert any(d["name"] for *_, d in G.edges(data=True))


@pytest.mark.shared
def test_pbf_samples_roads_rail_and_refs() -> None:
    helsinki = import_osm(sample("helsinki.osm.pbf"))
    check_network(helsinki, HIGHWAY_CLASSES)
    modes = Counter(d["mode"] for *_, d in helsinki.edges(data=True))
    assert modes["road"] > 0 and modes["rail"] > 0 and modes["transfer"] > 0
    assert any(d["kind"] == "station" and d["name"] == "Helsinki" for _, d in helsinki.nodes(data=True))
    finland = import_osm(sample("small-finland.osm.pbf"))
    check_network(finland, HIGHWAY_CLASSES)
    assert any(d["ref"] and d["ref_aliases"] for *_, d in finland.edges(data=True))
    with_tertiary = import_osm(sample("small-finland.osm.pbf"), tertiary=True)
    check_network(with_tertiary, HIGHWAY_CLASSES + TERTIARY_CLASSES)
    assert with_tertiary.number_of_edges() > finland.number_of_edges()


@pytest.mark.shared
def test_imported_network_round_trips(tmp_path: Path) -> None:
    G = import_osm(sample("helsinki.osm.pbf"))
    for suffix in (".gpkg", ".graphml"):
        back = read_network(write_network(G, tmp_path / f"h{suffix}"))
        assert set(back.nodes) == set(G.nodes)
        assert back.number_of_edges() == G.number_of_edges()
        assert sum(d["length_km"] for *_, d in back.edges(data=True)) == pytest.approx(
            sum(d["length_km"] for *_, d in G.edges(data=True))
        )


NO_ROADS = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="frontline tests">
  <node id="1" lat="49.70" lon="37.60"/>
  <node id="2" lat="49.71" lon="37.61"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
  <way id="11"><nd ref="1"/><nd ref="2"/><tag k="highway" v="tertiary"/></way>
</osm>
"""


def test_no_roads_or_railways(tmp_path: Path) -> None:
    path = tmp_path / "paths.osm"
    path.write_text(NO_ROADS, encoding="utf-8")
    with pytest.raises(OSMImportError, match=r"no roads .* or railways.*--tertiary"):
        import_osm(path)
    G = import_osm(path, tertiary=True)  # the tertiary road is there when asked for
    assert G.number_of_edges() == 1 and next(iter(G.edges(data=True)))[2]["length_km"] > 1


def test_ways_whose_nodes_are_missing_leave_nothing_usable(tmp_path: Path) -> None:
    path = tmp_path / "cut.osm"
    text = NO_ROADS.replace(
        '<nd ref="2"/><tag k="highway" v="tertiary"', '<nd ref="99"/><tag k="highway" v="primary"'
    )
    path.write_text(text, encoding="utf-8")  # the primary road's second node is not in the file
    with pytest.raises(OSMImportError, match=r"all 1 kept ways use nodes missing.*nothing usable") as info:
        import_osm(path)
    assert "\n" not in str(info.value)


def write_pbf(
    path: Path, nodes: dict[int, tuple[float, float]], ways: list[tuple[int, list[int], dict]]
) -> Path:
    """A PBF written by pyosmium: nodes (id → lon, lat) then ways (id, node ids, tags)."""
    import osmium
    from osmium.osm.mutable import Node, Way

    with osmium.SimpleWriter(str(path)) as writer:
        for nid, (lon, lat) in sorted(nodes.items()):
            writer.add_node(Node(id=nid, location=(lon, lat)))
        for wid, refs, tags in ways:
            writer.add_way(Way(id=wid, nodes=refs, tags=tags))
    return path


def ladder(n: int) -> tuple[dict[int, tuple[float, float]], list[tuple[int, list[int], dict]]]:
    """``n`` short primary roads side by side, each two nodes."""
    nodes = {}
    ways = []
    for i in range(n):
        nodes[2 * i + 1] = (37.0 + 0.001 * (i % 500), 49.0 + 0.01 * (i // 500))
        nodes[2 * i + 2] = (37.0 + 0.001 * (i % 500), 49.005 + 0.01 * (i // 500))
        ways.append((i + 1, [2 * i + 1, 2 * i + 2], {"highway": "primary", "ref": "M03"}))
    return nodes, ways


@pytest.mark.parametrize("two_pass", [False, True])
def test_clipped_extract_drops_and_counts_the_clipped_ways(
    tmp_path: Path, two_pass: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="frontline.network.osm")
    nodes, ways = ladder(5)
    ways += [(6, [1, 999], {"highway": "primary"}), (7, [998, 3], {"railway": "rail"})]
    path = write_pbf(tmp_path / "clipped.osm.pbf", nodes, ways)
    G = import_osm(path, two_pass=two_pass)
    assert G.number_of_edges() == 5 and G.graph["osm_ways"] == 5 and G.graph["osm_ways_clipped"] == 2
    (line,) = G.graph["warnings"]
    assert "2 ways dropped" in line and "missing from the file" in line and "\n" not in line
    assert line in caplog.text


@pytest.mark.parametrize("two_pass", [False, True])
def test_file_cut_short_keeps_what_was_read(tmp_path: Path, two_pass: bool) -> None:
    nodes, ways = ladder(40_000)  # several PBF blocks of ways after the nodes
    whole = write_pbf(tmp_path / "whole.osm.pbf", nodes, ways)
    data = whole.read_bytes()
    cut = tmp_path / "cut.osm.pbf"
    cut.write_bytes(data[: len(data) - len(data) // 20])
    G = import_osm(cut, two_pass=two_pass)
    assert 0 < G.graph["osm_ways"] < 40_000
    (line,) = G.graph["warnings"]
    assert "breaks off" in line and "partial" in line
    nodes_only = tmp_path / "nodes.osm.pbf"
    nodes_only.write_bytes(data[: len(data) // 20])  # cut among the nodes: no way was read
    with pytest.raises(OSMImportError, match="not a readable OSM file"):
        import_osm(nodes_only, two_pass=two_pass)


def test_pbf_with_no_kept_roads(tmp_path: Path) -> None:
    nodes, ways = ladder(3)
    ways = [(i, refs, {"highway": "footway"}) for i, refs, _ in ways]
    with pytest.raises(OSMImportError, match="holds no roads"):
        import_osm(write_pbf(tmp_path / "paths.osm.pbf", nodes, ways))


ROUNDABOUT = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="frontline tests">
  <node id="1" lat="49.700" lon="37.600"/>
  <node id="2" lat="49.701" lon="37.601"/>
  <node id="3" lat="49.700" lon="37.602"/>
  <node id="4" lat="49.699" lon="37.601"/>
  <node id="5" lat="49.690" lon="37.590"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="highway" v="primary"/><tag k="junction" v="roundabout"/></way>
  <way id="11"><nd ref="5"/><nd ref="1"/><tag k="highway" v="tertiary"/></way>
</osm>
"""


def test_primary_roundabout_with_tertiary_approaches(tmp_path: Path) -> None:
    """Real-data crash: without its tertiary approaches the roundabout is an isolated closed way."""
    path = tmp_path / "roundabout.osm"
    path.write_text(ROUNDABOUT, encoding="utf-8")
    G = import_osm(path)
    assert G.number_of_edges() == 1
    ((u, v, d),) = G.edges(data=True)
    assert u == v and d["geometry"].is_ring and d["length_km"] > 0.3
    assert import_osm(path, tertiary=True).number_of_edges() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.osm", b"", "is empty"),
        ("junk.osm", b"this is not xml at all <<<", "not a readable OSM file"),
        ("binary.osm.pbf", bytes(range(256)) * 8, "not a readable OSM file"),
        ("truncated.osm", NO_ROADS.encode()[:150], "not a readable OSM file"),
        ("roads.csv", b"a,b\n", "unknown extension"),
    ],
)
def test_broken_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(OSMImportError, match=message) as info:
        import_osm(path)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OSMImportError, match="no such file"):
        import_osm(tmp_path / "nowhere.osm.pbf")


@pytest.mark.shared
def test_truncated_real_pbf(tmp_path: Path) -> None:
    data = sample("small-finland.osm.pbf").read_bytes()
    path = tmp_path / "cut.osm.pbf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(OSMImportError, match="not a readable OSM file"):
        import_osm(path)


@pytest.mark.shared
def test_two_passes_give_the_one_pass_network() -> None:
    one = import_osm(sample("helsinki.osm.pbf"), two_pass=False)
    two = import_osm(sample("helsinki.osm.pbf"), two_pass=True)
    assert one.graph["osm_ways"] == two.graph["osm_ways"] and one.size() == two.size()
    assert {(d["x"], d["y"]) for _, d in one.nodes(data=True)} == {
        (d["x"], d["y"]) for _, d in two.nodes(data=True)
    }
    km = [sum(d["length_km"] for *_, d in g.edges(data=True)) for g in (one, two)]
    assert km[0] == pytest.approx(km[1])


@pytest.mark.shared
def test_junctions_have_readable_names(embedded) -> None:
    places = list(embedded.iter_places(country_code="FI"))
    G = import_osm(sample("small-finland.osm.pbf"), places=places)
    names = [d["name"] for _, d in G.nodes(data=True)]
    assert all(names)
    assert "170 bridge near Karhula" in names  # the road's ref, its bridge, the place within 2 km
    helsinki = import_osm(sample("helsinki.osm.pbf"), places=places)
    crossings = [d["name"] for _, d in helsinki.nodes(data=True) if " × " in d["name"]]
    assert any("Mannerheimintie × " in n for n in crossings)  # street names where no ref: the roads that meet
    bare = import_osm(sample("small-finland.osm.pbf"))
    assert sum("near " in d["name"] for _, d in G.nodes(data=True)) > sum(
        "near " in d["name"] for _, d in bare.nodes(data=True)
    )


def test_stations_join_their_track_to_the_road(tmp_path: Path) -> None:
    nodes = {1: (37.60, 49.70), 2: (37.62, 49.70), 3: (37.64, 49.70), 4: (37.62, 49.705), 5: (37.62, 49.72)}
    nodes |= {6: (37.6201, 49.7001)}  # the station, beside the track's middle node
    ways = [(1, [1, 2, 3], {"railway": "rail"}), (2, [4, 5], {"highway": "primary", "ref": "H26"})]
    import osmium
    from osmium.osm.mutable import Node, Way

    path = tmp_path / "station.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        for nid, loc in sorted(nodes.items()):
            tags = {"railway": "station", "name": "Kupiansk-Vuzlovyi"} if nid == 6 else {}
            writer.add_node(Node(id=nid, location=loc, tags=tags))
        for wid, refs, tags in ways:
            writer.add_way(Way(id=wid, nodes=refs, tags=tags))
    G = import_osm(path)
    (station,) = [n for n, k in G.nodes(data="kind") if k == "station"]
    assert station < 0 and G.nodes[station]["name"] == "Kupiansk-Vuzlovyi"
    assert sorted(d["mode"] for *_, d in G.edges(station, data=True)) == ["rail", "rail", "transfer"]
