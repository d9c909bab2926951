"""Maps as models: build folium maps from small fixtures and check their parts (no browser here)."""

from __future__ import annotations

import io
import json
import logging
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

import folium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.maps import build_map, map_html, write_map
from frontline.maps._elements import script_json
from frontline.maps.assets import PACKAGES, AssetCacheError, NpmPackage, fetch_assets
from frontline.maps.layers import (
    EVENT_COLORS,
    _encode_column,
    _text,
    control_layer,
    events_layer,
    http_url,
    hub_impact_layer,
    network_layer,
    pack_codes,
    unpack_codes,
)
from frontline.maps.webmap import layers_of

from . import map_fixtures as fx
from .http_server import serve


def test_script_json_cannot_break_out_of_a_script() -> None:
    text = script_json({"a": "</script><script>alert(1)</script>", "b": "x\u2028y\u2029z", "c": "<!-- &"})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == {
        "a": "</script><script>alert(1)</script>",
        "b": "x\u2028y\u2029z",
        "c": "<!-- &",
    }


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//example.org/x", False),
        ("/relative", False),
        ("https:/broken", False),
        ("", False),
    ],
)
def test_only_absolute_http_urls_become_links(url: str, ok: bool) -> None:
    assert bool(http_url(url)) is ok


def test_events_layer_styles_by_type_and_carries_popup_fields() -> None:
    result = events_layer(fx.sample_events())
    data = result.layer.data
    assert result.features == 6 and result.skipped == 0
    assert result.layer.factory == "eventsLayer"
    types = data["cols"]["event_type"]["values"]
    assert [EVENT_COLORS[t] for t in types] == data["colors"]
    for col in ("event_date", "actor1", "actor2", "x_confidence", "x_claim_by", "x_quote", "x_source_url"):
        assert col in data["cols"]
    urls = data["cols"]["x_source_url"]
    assert [urls["values"][c] for c in unpack_codes(urls)] == [
        f"https://example.org/report/{i}" for i in range(6)
    ]
    lon0, lat0 = data["lon"][0], data["lat"][0]
    assert (lon0, lat0) == (37.6086, 49.7112)


def test_events_without_coordinates_are_skipped_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    rows = [fx.event_row(0, "Izium"), fx.event_row(1, "Lyman", latitude=None, longitude=None)]
    rows.append(fx.event_row(2, "Kupiansk", latitude=float("nan"), longitude=float("nan")))
    with caplog.at_level(logging.WARNING):
        result = events_layer(fx.events_gdf(rows))
    assert (result.features, result.skipped) == (1, 2)
    assert "2 of 3 events have no usable coordinates" in caplog.text


def test_events_in_a_projected_crs_are_drawn_in_lon_lat() -> None:
    utm = fx.sample_events().to_crs(32637)
    utm["latitude"] = utm["longitude"] = None  # only the geometry knows where they are
    data = events_layer(utm).layer.data
    assert (data["lon"][0], data["lat"][0]) == (37.6086, 49.7112)


def test_events_carry_their_days_for_the_time_control() -> None:
    rows = [
        fx.event_row(0, "Izium", event_date="2022-09-01"),
        fx.event_row(1, "Lyman", event_date="2022-09-11"),
    ]
    rows.append(fx.event_row(2, "Kupiansk", event_date=None))
    data = events_layer(fx.events_gdf(rows), cluster_above=3).layer.data
    assert data["cells_above"] == 3
    assert data["day0"] == 19236  # 2022-09-01, days since 1970
    assert unpack_codes(data["days"]) == [0, 10, -1]


def test_big_layers_pack_coordinates_and_long_text() -> None:
    import base64
    import gzip

    import numpy as np

    rows = [fx.event_row(i, "Izium", x_quote=f"Quote number {i} " + "x" * 200) for i in range(6000)]
    data = events_layer(fx.events_gdf(rows)).layer.data
    lon = np.frombuffer(base64.b64decode(data["lon"]), dtype="<i4") / 1e5
    assert lon.shape == (6000,) and lon[0] == 37.2569
    quotes = data["cols"]["x_quote"]
    assert "values" not in quotes
    text = gzip.decompress(base64.b64decode(quotes["gzip"])).decode().split("\u0001")
    assert text[unpack_codes(quotes)[5]].startswith("Quote number 5 ")


def test_dates_and_confidence_read_as_analysts_write_them() -> None:
    import pandas as pd

    rows = [
        fx.event_row(0, "Izium", x_confidence="Confirmed"),
        fx.event_row(1, "Lyman", x_confidence="CLAIMED"),
    ]
    events = fx.events_gdf(rows)
    events["event_date"] = pd.to_datetime(events["event_date"])  # as a GeoPackage Date field reads back
    cols = events_layer(events).layer.data["cols"]
    assert cols["event_date"]["values"] == ["2022-09-10"]
    assert cols["x_confidence"]["values"] == ["confirmed", "claimed"]


def test_notes_are_shown_only_without_a_quote() -> None:
    rows = [fx.event_row(0, "Izium", notes="N0"), fx.event_row(1, "Lyman", notes="N1", x_quote=None)]
    cols = events_layer(fx.events_gdf(rows)).layer.data["cols"]
    assert cols["notes"]["values"] == ["N1"] and unpack_codes(cols["notes"]) == [-1, 0]


def _encode_one_by_one(values: list, *, http_only: bool, max_chars: int, lower: bool) -> tuple[list, list]:
    """The column encoding written the plain way, one value at a time: what the vectorised one must give."""
    index: dict[str, int] = {}
    codes = []
    for v in values:
        text = _text(v).lower() if lower else _text(v)
        text = http_url(text) if http_only else text
        if max_chars and len(text) > max_chars:
            text = text[: max_chars - 1] + "…"
        codes.append(index.setdefault(text, len(index)) if text else -1)
    return codes, list(index)


_TRICKY = [
    " NaN ",
    "None",
    "nat",
    "https://a.org/x",
    " HTTP://B.org?q=[1] ",
    "https://[::1]/",
    "https://[bad/",
]
_TRICKY += ["ht\ttps://c.org", "\x01https://d.org", "javascript:alert(1)", "http://", "https://é.org/ü"]
_TRICKY += ["Confirmed", "CLAIMED"]
_CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.sampled_from(_TRICKY),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)


@given(st.lists(_CELLS, max_size=30), st.booleans(), st.sampled_from([0, 1, 5]), st.booleans())
@settings(max_examples=300, deadline=None)
def test_vectorised_text_cleaning_equals_the_plain_way(
    values: list, http_only: bool, cut: int, low: bool
) -> None:
    """Text columns are cleaned with pandas string operations (a million events in seconds); they must
    give what cleaning each value with _text and http_url gives, tricky addresses included."""
    import pandas as pd

    series = pd.Series(values, dtype=object)
    if values and all(isinstance(v, str) for v in values):
        series = series.astype("str")  # as a store reads text columns back
    got = _encode_column(series, http_only=http_only, max_chars=cut, lower=low)
    codes, texts = _encode_one_by_one(values, http_only=http_only, max_chars=cut, lower=low)
    assert got["values"] == texts and unpack_codes(got) == codes


@pytest.mark.parametrize("n_values", [0, 1, 84, 85, 86, 7395, 7396, 20_000])
def test_packed_codes_round_trip(n_values: int) -> None:
    codes = [-1, *range(n_values), n_values - 1, -1]
    packed = pack_codes(codes)
    assert unpack_codes(packed) == codes
    assert not set(packed["codes"]) & set('"\\<>&{}')


def test_network_layer_styles_roads_and_rail_apart_and_scales_by_criticality() -> None:
    G = fx.sample_network()
    feats = network_layer(G).layer.data["features"]
    lines = [f for f in feats if f["geometry"]["type"] == "LineString"]
    assert len(lines) == G.number_of_edges()
    rail = [f for f in lines if f["properties"]["fl_tooltip"].startswith("rail")]
    road = [f for f in lines if f["properties"]["fl_tooltip"].startswith("road")]
    assert len(rail) == 2 and len(road) == 5
    assert {f["properties"]["fl_style"]["dashArray"] for f in rail} == {"6 4"}
    assert any("P07" in f["properties"]["fl_tooltip"] for f in road)
    # The Kupiansk–Lyman rail line keeps its own geometry (three points, not two).
    assert max(len(f["geometry"]["coordinates"]) for f in rail) == 3

    impact = {("Kharkiv", "Kupiansk"): 1.0, ("Izium", "Balakliia"): 0.25}
    scaled = network_layer(G, impact=impact).layer.data["features"]
    tips = {f["properties"]["fl_tooltip"]: f["properties"]["fl_style"] for f in scaled}
    top = next(s for t, s in tips.items() if "P07" in t)
    low = next(s for t, s in tips.items() if "M03" in t)
    assert top["weight"] == 8 and top["color"] == "#8c0000"
    assert 2 < low["weight"] < top["weight"] and low["color"] != top["color"]


def test_hub_impact_marks_the_hub_and_cut_routes() -> None:
    hub = fx.sample_hub_impact()
    result = hub_impact_layer(hub.hubs, hub.routes_before, hub.routes_after)
    assert result.layer.layer_name == "Hub impact: Kupiansk"
    tips = [f["properties"]["fl_tooltip"] for f in result.layer.data["features"]]
    assert "Valuiki → Lyman: cut once the hub is lost" in tips
    assert "Valuiki → Izium after: 231.0 km" in tips
    assert "Lost hub: Kupiansk" in tips


def test_hub_impact_tooltips_give_distance_with_transfers_apart() -> None:
    """A route's tooltip says the kilometres travelled, never the transfer penalty counted as distance."""
    from frontline.maps import ImpactRoutes
    from frontline.network import hub_impact

    from .test_network_analysis import short_trip_with_transfers

    T = short_trip_with_transfers()
    drawn = ImpactRoutes.of(T, hub_impact(T, "j", sources=["a"], targets=["b"]))
    result = hub_impact_layer(drawn.hubs, drawn.routes_before, drawn.routes_after)
    tips = [f["properties"]["fl_tooltip"] for f in result.layer.data["features"]]
    assert "A → B before: 1.2 km" in tips
    assert "A → B after: 1.4 km (+39.9 km-equivalents of road↔rail transfers)" in tips


def test_control_layer_groups_features_by_date() -> None:
    control = fx.sample_control()
    result = control_layer(control.polygons, control.front_line)
    data = result.layer.data
    assert data["dates"] == ["2022-09-01", "2022-09-15"]
    assert [len(c["features"]) for c in data["by_date"]] == [3, 4]
    assert result.features == 7


def test_online_map_keeps_cdn_links_tiles_and_controls() -> None:
    m = build_map(
        fx.sample_events(),
        network=fx.sample_network(),
        hub_impact=fx.sample_hub_impact(),
        control=fx.sample_control(),
    )
    html = map_html(m)
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>' in html
    assert "tile.openstreetmap.org" in html and "OpenStreetMap" in html
    assert "L.control.scale()" in html
    assert "frontline.measure(" in html
    assert "L.control.layers" in html
    assert "frontline.legend(" in html and "frontline.timeLayer(" in html
    names = [layer.layer_name for layer in layers_of(m)]
    assert names == ["Control and front line", "Road and rail network", "Hub impact: Kupiansk", "Events (6)"]


def test_offline_map_inlines_everything_and_leaves_folium_alone(assets_root: Path) -> None:
    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    m = build_map(fx.sample_events(), offline=True)
    html = map_html(m, assets_root=assets_root)
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)
    assert "tile.openstreetmap.org" not in html
    assert "/* leaflet@1.9.3/dist/leaflet.js */" in html
    assert "leaflet-measure" not in html
    assert "url(images/" not in html and "data:image/png;base64," in html
    assert "Basemap: countries, oblasts, rivers" in html
    assert "<title>frontline map</title>" in html
    # An online map built afterwards still gets folium's usual assets.
    assert "jquery" in map_html(build_map(fx.sample_events())).lower()


def test_page_title_and_credits_are_text() -> None:
    html = map_html(build_map(fx.sample_events(), network=fx.sample_network(), title="<b>Kharkiv</b> & co"))
    assert "<title>&lt;b&gt;Kharkiv&lt;/b&gt; &amp; co</title>" in html
    assert "frontline.credits(" in html and "Events: frontline" in html


def test_the_view_fits_the_data_not_the_basemap() -> None:
    import networkx as nx

    G = nx.MultiGraph(crs="EPSG:4326")
    G.add_node(1, x=24.94, y=60.17, name="Rautatientori")
    G.add_node(2, x=24.95, y=60.16, name="Kauppatori")
    G.add_edge(1, 2, mode="road", length_km=1.2)
    html = map_html(build_map(network=G))
    (south, west), (north, east) = json.loads(re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S).group(1))
    assert 60.1 < south < north < 60.23 and 24.88 < west < east < 25.02


def test_offline_without_asset_cache_says_how_to_fix(tmp_path: Path) -> None:
    m = build_map(fx.sample_events(), offline=True)
    with pytest.raises(AssetCacheError, match="frontline maps fetch-assets"):
        map_html(m, assets_root=tmp_path / "empty")


def test_empty_events_give_a_map_with_a_note() -> None:
    html = map_html(build_map(fx.events_gdf([])))
    assert "No events to show" in html
    assert "frontline.eventsLayer(" not in html


def test_hostile_text_never_reaches_the_page_raw() -> None:
    payload = '"><img src=x onerror=alert(1)></script><script>alert(2)</script>\u2028'
    m = build_map(
        fx.events_gdf([fx.event_row(0, "Izium", notes=payload, location=payload, x_quote=None)]),
        title=payload,
    )
    html = map_html(m)
    assert "<img src=x" not in html and "<script>alert(2)" not in html and "\u2028" not in html


def test_write_map_writes_the_file(tmp_path: Path) -> None:
    path = write_map(build_map(fx.sample_events()), tmp_path / "m.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- asset cache ------------------------------------------------------------------------------------------


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An npm registry folder, served on 127.0.0.1 and named by $FRONTLINE_NPM_REGISTRY."""
    root = tmp_path / "registry"
    root.mkdir()
    with serve(root) as url:
        monkeypatch.setenv("FRONTLINE_NPM_REGISTRY", url)
        yield root


def _fake_registry(root: Path, *, tamper: bool = False) -> None:
    """A registry folder with tarballs for the pinned packages; their hashes only match when not tampered."""
    for package in PACKAGES:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            data = b"/* stand-in */"
            info = tarfile.TarInfo("package/dist/file.js")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        tgz = buf.getvalue() + (b"x" if tamper else b"")
        target = Path(package.tarball_url(str(root)))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(tgz)


def test_fetch_refuses_a_tarball_that_does_not_match_its_pin(tmp_path: Path, registry: Path) -> None:
    _fake_registry(registry)
    with pytest.raises(AssetCacheError, match="does not match its pinned integrity hash"):
        fetch_assets(root=tmp_path / "cache")
    assert not any((tmp_path / "cache").glob("*@*"))
    assert not any((tmp_path / "cache").iterdir())  # no temporary folder or tarball left either


def test_fetch_unpacks_dist_files_when_the_hash_matches(
    tmp_path: Path, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64
    import hashlib

    from frontline.maps import assets

    _fake_registry(registry)
    pins = []
    for p in PACKAGES:
        tgz = Path(p.tarball_url(str(registry))).read_bytes()
        digest = base64.b64encode(hashlib.sha512(tgz).digest()).decode()
        pins.append(NpmPackage(p.name, p.version, f"sha512-{digest}"))
    monkeypatch.setattr(assets, "PACKAGES", tuple(pins))
    dirs = fetch_assets(root=tmp_path / "cache")
    assert [(d / "dist" / "file.js").read_bytes() for d in dirs] == [b"/* stand-in */"] * len(pins)
    assert assets.cache_is_complete(tmp_path / "cache")
    # A second fetch is a no-op: it needs no registry at all.
    monkeypatch.setenv("FRONTLINE_NPM_REGISTRY", "http://127.0.0.1:9/")
    assert fetch_assets(root=tmp_path / "cache") == dirs


def test_fetch_from_an_unreachable_registry_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_NPM_REGISTRY", "http://127.0.0.1:9/")
    with pytest.raises(AssetCacheError, match=r"could not download .*Connection refused — check the conn"):
        fetch_assets(root=tmp_path / "cache")
    assert not any((tmp_path / "cache").iterdir())


@pytest.mark.slow
def test_stored_outline_matches_its_computation() -> None:
    from frontline.maps.offline import compute_ukraine_outline, ukraine_outline

    assert ukraine_outline() == compute_ukraine_outline()


@pytest.mark.parametrize("module", ["frontline.maps._elements", "frontline.maps.layers"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
