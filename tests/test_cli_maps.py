"""``frontline map``, ``frontline figure`` and ``frontline maps fetch-assets`` as a user runs them."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from .map_fixtures import event_row, events_gdf, sample_control, sample_events, sample_network
from .test_cli import assert_one_line_error, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "events.gpkg"
    rows = sample_events()
    rows.to_file(path, layer="events", engine="pyogrio")
    return path


@pytest.fixture(scope="module")
def graphml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("net") / "network.graphml"
    G = nx.Graph(sample_network())  # GraphML keeps plain attributes; geometry goes as WKT
    for *_, d in G.edges(data=True):
        if "geometry" in d:
            d["geometry"] = d["geometry"].wkt
    nx.write_graphml(G, path)
    return path


@pytest.fixture(scope="module")
def control_gpkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("control") / "control.gpkg"
    control = sample_control()
    control.polygons.to_file(path, layer="control_polygons", engine="pyogrio")
    assert control.front_line is not None
    control.front_line.to_file(path, layer="front_line", engine="pyogrio")
    return path


def test_help() -> None:
    for args in (["map", "--help"], ["figure", "--help"], ["maps", "fetch-assets", "--help"]):
        proc = run(*args)
        assert proc.returncode == 0 and b"Usage" in proc.stdout, proc.stderr


def test_map_offline_from_store_network_and_control(
    tmp_path: Path, store: Path, graphml: Path, control_gpkg: Path, assets_root: Path
) -> None:
    out = tmp_path / "map.html"
    proc = run("map", "--store", str(store), "--network", str(graphml), "--control", str(control_gpkg),
               "--out", str(out), "--offline", "--title", "Kharkiv")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "Events (6)" in html and "Road and rail network" in html and "frontline.timeLayer(" in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)
    assert b"Wrote" in proc.stdout


def test_map_criticality_attribute(tmp_path: Path, graphml: Path) -> None:
    out = tmp_path / "net.html"
    proc = run("map", "--network", str(graphml), "--criticality", "length_km", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "length km 126" in out.read_text(encoding="utf-8")  # the P07 edge's tooltip carries its value
    bad = run("map", "--network", str(graphml), "--criticality", "nope", "--out", str(out))
    assert_one_line_error(bad, "--criticality 'nope'")


def test_map_online_keeps_tiles(tmp_path: Path, store: Path) -> None:
    out = tmp_path / "online.html"
    proc = run("map", "--store", str(store), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "tile.openstreetmap.org" in out.read_text(encoding="utf-8")


def test_empty_store_gives_a_map_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "empty.gpkg"
    events_gdf([event_row(0, "Izium")]).iloc[:0].to_file(path, layer="events", engine="pyogrio")
    out = tmp_path / "m.html"
    proc = run("map", "--store", str(path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "No events to show" in out.read_text(encoding="utf-8")


def test_missing_asset_cache_is_one_line(tmp_path: Path, store: Path) -> None:
    proc = run("map", "--store", str(store), "--out", str(tmp_path / "m.html"), "--offline",
               env={"FRONTLINE_ASSETS_DIR": str(tmp_path / "nothing")})  # fmt: skip
    assert_one_line_error(proc, "frontline maps fetch-assets")
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--store", "/nonexistent.gpkg"], "no such file"),
        (["--store", "/etc/hostname"], "not a GeoPackage"),
        (["--network", "/etc/hostname"], "use .gpkg or .graphml"),
    ],
)
def test_bad_inputs_are_one_line(tmp_path: Path, args: list[str], fragment: str) -> None:
    assert_one_line_error(run("map", *args, "--out", str(tmp_path / "m.html")), fragment)


@pytest.mark.parametrize(("command", "name"), [("map", "m.html"), ("figure", "f.png")])
def test_unwritable_out_is_one_line(tmp_path: Path, command: str, name: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert_one_line_error(
        run(command, "--out", str(blocker / name)), "cannot write", "choose a writable path"
    )
    assert list(tmp_path.iterdir()) == [blocker]


def test_store_without_events_layer(tmp_path: Path) -> None:
    path = tmp_path / "other.gpkg"
    events_gdf([event_row(0, "Izium")]).to_file(path, layer="something", engine="pyogrio")
    assert_one_line_error(
        run("map", "--store", str(path), "--out", str(tmp_path / "m.html")), "without an 'events' layer"
    )


def test_map_out_must_be_html(tmp_path: Path) -> None:
    assert_one_line_error(run("map", "--out", str(tmp_path / "m.png")), "--out FILE.html")


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_figure(tmp_path: Path, store: Path, graphml: Path, control_gpkg: Path, suffix: str) -> None:
    out = tmp_path / f"fig{suffix}"
    proc = run("figure", "--store", str(store), "--network", str(graphml), "--control", str(control_gpkg),
               "--date", "2022-09-10", "--title", "Kharkiv front", "--out", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG") and len(data) > 20_000
    else:
        text = data.decode()
        assert "<svg" in text and "Kharkiv front" in text and "2022-09-01" in text and "6 events" in text


def test_figure_bad_date_and_format(tmp_path: Path) -> None:
    assert_one_line_error(
        run("figure", "--date", "10/09/2022", "--out", str(tmp_path / "f.png")), "YYYY-MM-DD"
    )
    assert_one_line_error(run("figure", "--out", str(tmp_path / "f.pdf")), ".png or .svg")
