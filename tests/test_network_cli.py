"""``frontline network impact | rank | import-osm`` as users run them: real processes, exit codes, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from frontline.network import write_network

from .conftest import SHARED
from .test_cli import assert_one_line_error, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def warm_index(embedded) -> None:
    """Build the embedded gazetteer index once before the subprocesses use it."""


def test_help() -> None:
    for args in (["network", "--help"], ["network", "impact", "--help"], ["network", "rank", "--help"],
                 ["network", "import-osm", "--help"]):  # fmt: skip
        proc = run(*args)
        assert proc.returncode == 0, proc.stderr.decode()
        assert "Usage" in proc.stdout.decode()


def test_impact_json_any_spelling() -> None:
    proc = run("network", "impact", "Kupyansk", "--from", "Бєлгород,Valuyki", "--to", "Izyum", "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert out["hub"] == "Kupiansk" and set(out["nodes"]) == {"kupiansk", "kupiansk/rail"}
    assert [(p["source"], p["target"]) for p in out["pairs"]] == [("Belgorod", "Izium"), ("Valuyki", "Izium")]
    for p in out["pairs"]:
        assert p["status"] in {"unchanged", "longer", "cut"}
        assert p["before_km"] > 0
        assert p["route_before"][0] == p["source"] and p["route_before"][-1] == p["target"]
        if p["after_km"] is not None:
            assert p["after_km"] >= p["before_km"]
            assert p["route_after"][0] == p["source"] and "Kupiansk" not in p["route_after"]
        else:
            assert p["route_after"] == []
    by_id = run("network", "impact", "703656", "--from", "477192", "--to", "707292", "--json")
    assert json.loads(by_id.stdout)["pairs"][0]["before_km"] == out["pairs"][1]["before_km"]


def test_impact_table_and_rank() -> None:
    proc = run(
        "network",
        "impact",
        "Kupiansk,Kupiansk-Vuzlovyi",
        "--from",
        "Valuyki",
        "--to",
        "Izium",
        "--mode",
        "rail",
    )
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    assert "Losing Kupiansk, Kupiansk-Vuzlovyi (rail)" in text and "Valuyki" in text
    detour = run(
        "network", "impact", "Kupiansk,Kupiansk-Vuzlovyi", "--from", "Valuyki", "--to", "Izium"
    ).stdout
    assert "now via" in detour.decode()
    proc = run("network", "rank", "--from", "Belgorod,Valuyki", "--to", "Izium,Lyman", "--top", "5", "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    keys = [(-r["cut_pairs"], -r["added_km"]) for r in rows]
    assert keys == sorted(keys)
    assert not {"Belgorod", "Valuyki", "Izium", "Lyman"} & {r["hub"] for r in rows}
    proc = run("network", "rank", "--from", "Valuyki", "--to", "Izium", "--edges", "--mode", "rail", "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    links = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert links and all(r["mode"] == "rail" and r["length_km"] > 0 for r in links)
    assert links[0]["cut_pairs"] == 1  # the data has no second railway from Valuyki toward Izium
    table = run(
        "network", "rank", "--from", "Valuyki", "--to", "Izium", "--edges", "--top", "3"
    ).stdout.decode()
    assert "Links by impact on 1 route(s)" in table


def test_front_line_file_interdicts(tmp_path: Path) -> None:
    front = tmp_path / "front.geojson"
    line = {"type": "LineString", "coordinates": [[37.9, 49.0], [37.9, 50.3]]}  # east of the Oskil
    front.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": line}]}))  # fmt: skip
    base = json.loads(
        run("network", "impact", "Borova", "--from", "Valuyki", "--to", "Izium", "--json").stdout
    )
    proc = run("network", "impact", "Borova", "--from", "Valuyki", "--to", "Izium", "--json",
               "--front", str(front), "--range-km", "20")  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    hit = json.loads(proc.stdout)
    assert (
        hit["pairs"][0]["before_km"] is None or hit["pairs"][0]["before_km"] > base["pairs"][0]["before_km"]
    )
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}')
    assert_one_line_error(
        run("network", "rank", "--from", "Valuyki", "--to", "Izium", "--front", str(empty)), "no geometries"
    )


def test_unknown_hub_names_nearest_network_names() -> None:
    proc = run("network", "impact", "Lviv", "--from", "Belgorod", "--to", "Izium")
    assert_one_line_error(proc, "'Lviv' is not in the network", "nearest names in the network")
    proc = run("network", "rank", "--from", "Belgorod", "--to", "Qwxzv")
    assert_one_line_error(proc, "'Qwxzv' is not in the network")
    assert_one_line_error(run("network", "rank", "--from", " , ", "--to", "Izium"), "--from is empty")
    assert_one_line_error(run("network", "rank", "--from", "Izium", "--to", "Lyman", "--mode", "air"), "air")


def test_disconnected_components_are_reported(tmp_path: Path) -> None:
    G = nx.MultiGraph(crs="EPSG:4326")
    for n, x, gid in (("a", 36.0, 1), ("b", 36.1, 2), ("c", 36.2, 3), ("z", 38.0, 4)):
        G.add_node(n, x=x, y=49.0, name=f"Town{n.upper()}", kind="settlement", geonameid=gid)
    G.add_edge("a", "b", mode="road", ref="", length_km=8.0, source="test")
    G.add_edge("b", "c", mode="road", ref="", length_km=8.0, source="test")
    path = write_network(G, tmp_path / "split.gpkg")
    proc = run("network", "impact", "TownB", "--from", "TownA", "--to", "TownC,TownZ", "--network", str(path))
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    assert "disconnected" in text and "had no route even before" in text
    out = json.loads(run("network", "impact", "TownB", "--from", "TownA", "--to", "TownC,TownZ",
                         "--network", str(path), "--json").stdout)  # fmt: skip
    assert [p["status"] for p in out["pairs"]] == ["cut", "disconnected"]


def test_bad_network_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"nonsense")
    assert_one_line_error(
        run("network", "rank", "--from", "A", "--to", "B", "--network", str(bad)), "bad.gpkg"
    )


def test_import_osm_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.osm"
    empty.write_bytes(b"")
    assert_one_line_error(
        run("network", "import-osm", str(empty), "--out", str(tmp_path / "n.gpkg")), "is empty"
    )
    junk = tmp_path / "junk.osm.pbf"
    junk.write_bytes(b"\x00garbage" * 100)
    assert_one_line_error(
        run("network", "import-osm", str(junk), "--out", str(tmp_path / "n.gpkg")), "not a readable"
    )
    paths = tmp_path / "paths.osm"
    paths.write_text('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="1" lon="1"/></osm>')
    assert_one_line_error(
        run("network", "import-osm", str(paths), "--out", str(tmp_path / "n.gpkg")), "no roads"
    )
    assert_one_line_error(run("network", "import-osm", str(paths), "--out", str(tmp_path / "n.txt")), ".gpkg")


@pytest.mark.shared
@pytest.mark.parametrize(
    ("sample", "out"), [("west-oakland.osm", "oak.graphml"), ("helsinki.osm.pbf", "hel.gpkg")]
)
def test_import_osm_real_samples(tmp_path: Path, sample: str, out: str) -> None:
    src = SHARED / "osm" / sample
    if not src.is_file():
        pytest.skip(f"../shared/data/osm/{sample} is absent")
    proc = run("network", "import-osm", str(src), "--out", str(tmp_path / out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / out).stat().st_size > 0
    assert "nodes" in proc.stdout.decode()
    if out.endswith(".gpkg"):
        ranked = run("network", "rank", "--from", "Helsinki", "--to", str(_some_road_node(tmp_path / out)),
                     "--network", str(tmp_path / out), "--json")  # fmt: skip
        assert ranked.returncode == 0, ranked.stderr.decode()


def _some_road_node(path: Path) -> int:
    from frontline.network import read_network

    G = read_network(path)
    return max((n for n in G if n > 0), key=G.degree)


def test_gazetteer_option_is_used_for_names_outside_the_network(tmp_path: Path) -> None:
    """Names the network knows need no gazetteer; another one opens the one --gazetteer gives."""
    missing = str(tmp_path / "UA.zip")
    known = run(
        "network", "impact", "Kupiansk", "--from", "Valuyki", "--to", "Izium", "-g", missing, "--json"
    )
    assert known.returncode == 0, known.stderr.decode()
    assert_one_line_error(
        run("network", "rank", "--from", "Lviv", "--to", "Izium", "--gazetteer", missing),
        "UA.zip",
        "no such file",
    )


def test_import_osm_bad_input_is_one_line_each(tmp_path: Path) -> None:
    """Clipped ways and a file cut short are one warning line each and exit 0 while something usable is
    left; exit 2 with one line when nothing is."""
    from .test_network_osm import ladder, write_pbf

    nodes, ways = ladder(40_000)
    ways += [(40_001, [1, 999_999_999], {"highway": "primary"})]  # a node the extract lost
    whole = write_pbf(tmp_path / "whole.osm.pbf", nodes, ways)
    proc = run("network", "import-osm", str(whole), "--out", str(tmp_path / "w.gpkg"), "--no-names")
    assert proc.returncode == 0, proc.stderr.decode()
    warnings = [line for line in proc.stderr.decode().splitlines() if line.strip()]
    assert len(warnings) == 1 and warnings[0].startswith("warning:") and "1 ways dropped" in warnings[0]
    assert "40,000 ways" in proc.stdout.decode()

    data = whole.read_bytes()
    cut = tmp_path / "cut.osm.pbf"
    cut.write_bytes(data[: len(data) - len(data) // 20])
    proc = run("network", "import-osm", str(cut), "--out", str(tmp_path / "c.gpkg"), "--no-names")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [line for line in proc.stderr.decode().splitlines() if line.strip()]
    assert any("breaks off" in line for line in lines) and all(line.startswith("warning:") for line in lines)

    clipped = write_pbf(
        tmp_path / "clipped.osm.pbf", {1: (37.0, 49.0)}, [(1, [1, 2], {"highway": "primary"})]
    )
    assert_one_line_error(
        run("network", "import-osm", str(clipped), "--out", str(tmp_path / "x.gpkg")), "nothing usable"
    )
    assert not (tmp_path / "x.gpkg").exists()


def test_impact_and_rank_report_transfers_apart_from_distance(tmp_path: Path) -> None:
    """`network impact` and `network rank` (text, JSON and --out) never count the road↔rail transfer
    penalty as kilometres: the 1.2 km trip of the fixture is 17 % longer, with +39.9 km-equivalents of
    transfers in a column of their own (on Helsinki this read "max detour 3,179 %")."""
    import pandas as pd

    from .test_network_analysis import short_trip_with_transfers

    path = write_network(short_trip_with_transfers(), tmp_path / "trip.gpkg")
    args = ("--from", "A", "--to", "B", "--network", str(path))
    hit = json.loads(run("network", "impact", "J", *args, "--json").stdout)
    pair = hit["pairs"][0]
    assert (pair["before_km"], pair["after_km"], pair["status"]) == (1.2, 1.4, "longer")
    assert pair["added_km"] == pytest.approx(0.2) and pair["detour_pct"] == pytest.approx(16.67)
    assert pair["added_penalty_km"] == pytest.approx(39.9) and hit["added_penalty_km"] == pytest.approx(39.9)
    text = run("network", "impact", "J", *args).stdout.decode()
    assert "+penalty km" in text and "16.7" in text and "3,1" not in text
    rows = [json.loads(line) for line in run("network", "rank", *args, "--json").stdout.splitlines()]
    assert rows[0]["hub"].startswith("J") and rows[0]["max_detour_pct"] == pytest.approx(16.67)
    assert rows[0]["added_km"] == pytest.approx(0.2) and rows[0]["added_penalty_km"] == pytest.approx(39.9)
    for command, out in (("impact", "pairs.csv"), ("rank", "hubs.csv")):
        extra = ("J",) if command == "impact" else ()
        proc = run("network", command, *extra, *args, "--out", str(tmp_path / out))
        assert proc.returncode == 0, proc.stderr.decode()
        table = pd.read_csv(tmp_path / out)
        detour = table["detour_pct" if command == "impact" else "max_detour_pct"]
        assert detour.max() < 20 and table["added_km"].max() == pytest.approx(0.2)
        assert table["added_penalty_km"].max() == pytest.approx(39.9)
