"""Offline maps in a real browser (Debian chromium via playwright) with every network request blocked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from frontline.maps import build_map, write_map
from frontline.maps.layers import CLUSTER_ABOVE

from . import map_fixtures as fx
from .browser import PageRun, layer_counts, open_map

pytestmark = pytest.mark.browser

#: Hostile strings an attacker could plant in a report's text, a source name or a place name.
XSS_PAYLOADS = [
    "<script>alert('xss1')</script>",
    "<img src=x onerror=alert('xss2')>",
    "<svg onload=alert('xss3')>",
    "<svg><script>alert('xss4')</script></svg>",
    '"><script>alert("xss5")</script>',
    "'><img src=x onerror=alert('xss6')>",
    '" onmouseover="alert(\'xss7\')" x="',
    "javascript:alert('xss8')",
    "<a href=\"javascript:alert('xss9')\">click</a>",
    "<iframe src=\"javascript:alert('xss10')\"></iframe>",
    "<body onload=alert('xss11')>",
    "<details open ontoggle=alert('xss12')>",
    "</script><script>alert('xss13')</script>",
    "`;alert('xss14');`",
    "${alert('xss15')}",
    "';alert('xss16');//",
    "\\\";alert('xss17');//",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss18')>",
    "<input autofocus onfocus=alert('xss19')>",
    "\u2028alert('xss20')\u2029",
    "<!--<script>alert('xss21')</script>-->",
    "<object data=\"javascript:alert('xss22')\"></object>",
    "<video><source onerror=alert('xss23')></video>",
    "{{constructor.constructor('alert(\"xss24\")')()}}",
]


def _blank_ratio(png: bytes) -> float:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    top = max(count for count, _ in colours)
    return top / (image.width * image.height)


def _assert_clean(run: PageRun, path: Path) -> None:
    assert run.errors == []
    assert run.blocked == []
    assert run.requests == [path.resolve().as_uri()]


@pytest.fixture(scope="module")
def full_map(tmp_path_factory: pytest.TempPathFactory, assets_root: Path) -> Path:
    m = build_map(
        fx.sample_events(),
        network=fx.sample_network(),
        criticality="length_km",
        hub_impact=fx.sample_hub_impact(),
        control=fx.sample_control(),
        title="Kharkiv, September 2022",
        offline=True,
    )
    return write_map(m, tmp_path_factory.mktemp("maps") / "full.html", assets_root=assets_root)


def test_offline_map_draws_every_layer_without_requests(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    _assert_clean(run, full_map)
    assert run.js("L.version") == "1.9.3"
    counts = layer_counts(run)
    assert counts["Basemap: countries, oblasts, rivers"] > 10
    assert counts["Place names"] > 10  # settlements labelled at the zoom the map opens at
    assert {k: v for k, v in counts.items() if not k.startswith(("Basemap", "Place"))} == {
        "Control and front line": 4,  # the latest date: 3 polygons and its front line
        "Road and rail network": 7 + 7,
        "Hub impact: Kupiansk": 4,
        "Events (6)": 6,
    }
    assert run.js("document.querySelectorAll('.leaflet-control-layers-overlays input').length") == 6
    assert run.js("document.title") == "Kharkiv, September 2022"
    credits = run.js("document.querySelector('.fl-credits').textContent")
    assert "GeoNames (CC BY 4.0)" in credits and "Events: frontline" in credits
    assert run.js("document.querySelectorAll('.leaflet-control-scale').length") == 1
    assert run.js("document.querySelectorAll('.fl-measure').length") == 1
    legend = run.js("document.querySelector('.fl-legend').textContent")
    assert "Battles" in legend and "rail" in legend and "front line" in legend
    assert run.js("document.querySelector('.fl-title').textContent") == "Kharkiv, September 2022"
    assert _blank_ratio(run.page.screenshot()) < 0.9


def test_layer_control_switches_layers_off(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    assert (
        run.js(
            "document.querySelector('.leaflet-control-layers').classList.contains('leaflet-control-layers-expanded')"
        )
        is False
    )
    run.page.hover(".leaflet-control-layers")
    box = run.page.locator(".leaflet-control-layers-overlays label", has_text="Events (6)").locator("input")
    box.click()
    assert layer_counts(run)["Events (6)"] == 0
    box.click()
    assert layer_counts(run)["Events (6)"] == 6


def test_measuring_tool_gives_distance_and_area(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    run.page.locator(".fl-measure-toggle").click()
    name = run.map_name
    corners = [[49.0, 36.0], [49.0, 37.0], [50.0, 37.0]]
    for lat, lon in corners:
        p = run.js(f"window[{name!r}].latLngToContainerPoint([{lat}, {lon}])")
        run.page.mouse.click(p["x"], p["y"])
    text = run.page.locator(".fl-measure-result").text_content() or ""
    # 1° of longitude at 49°N is about 73 km and 1° of latitude about 111 km: 184 km along the path;
    # the triangle covers about 73 × 111 / 2 ≈ 4,060 km².
    length_km = run.js(f"window[{name!r}].fl_measure.fl_length_m") / 1000
    assert 180 < length_km < 188, text
    area = float(text.split("Area: ")[1].split(" km²")[0])
    assert 3900 < area < 4200, text
    assert run.js("document.querySelectorAll('.leaflet-popup').length") == 0
    _assert_clean(run, full_map)


def test_time_control_changes_what_is_shown(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    date = run.page.locator(".fl-time-date")
    assert date.text_content() == "2022-09-01 – 2022-09-15"  # the whole time: every event
    layer = "frontline.layers['Control and front line']"
    sides = (
        f"(() => {{ const s = []; {layer}.eachLayer(g => g.eachLayer("
        "l => s.push(l.options.fillColor || l.options.color))); return s; })()"
    )
    latest = run.js(sides)
    run.page.locator(".fl-time-one input").check()  # one day: the last
    assert date.text_content() == "2022-09-15"
    run.page.locator(".fl-time-prev").click()
    run.page.locator(".fl-time-prev").click()
    assert date.text_content() == "2022-09-01"
    assert layer_counts(run)["Control and front line"] == 3
    earlier = run.js(sides)
    assert earlier != latest and "#c62828" in earlier and "#c62828" not in latest
    slider = run.page.locator(".fl-time-to")
    slider.fill("2")
    assert date.text_content() == "2022-09-15"
    assert layer_counts(run)["Control and front line"] == 4
    _assert_clean(run, full_map)


def test_time_window_hides_events_outside_it(browser, tmp_path: Path, assets_root: Path) -> None:
    rows = [
        fx.event_row(0, "Izium", event_date="2022-09-01"),
        fx.event_row(1, "Lyman", event_date="2022-09-10"),
        fx.event_row(2, "Kupiansk", event_date="2022-09-20"),
    ]
    path = write_map(
        build_map(fx.events_gdf(rows), offline=True), tmp_path / "t.html", assets_root=assets_root
    )
    run = open_map(browser, path)
    name = "Events (3)"
    assert layer_counts(run)[name] == 3
    run.js(f"window[{run.map_name!r}].fl_timeSet(1, 1)")  # 10 September only
    assert run.page.locator(".fl-time-date").text_content() == "2022-09-10"
    assert layer_counts(run)[name] == 1
    run.js(f"window[{run.map_name!r}].fl_timeSet(0, 1)")  # 1–10 September
    assert layer_counts(run)[name] == 2
    # The Kupiansk event (20 September) is outside the window: a click where it is opens nothing.
    point = run.js(f"window[{run.map_name!r}].latLngToContainerPoint([49.7112, 37.6086])")
    run.page.mouse.click(point["x"], point["y"])
    assert run.js("document.querySelectorAll('.leaflet-popup').length") == 0
    _assert_clean(run, path)


def test_labels_appear_by_zoom_without_duplicates(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    name = run.map_name
    labels = "[...document.querySelectorAll('.fl-place-name')].map(e => e.textContent)"
    run.js(f"void window[{name!r}].setView([49.0, 31.0], 5, {{animate: false}})")
    wide = run.js(labels)
    assert "Kyiv" in wide and wide.count("Kyiv") == 1 and "Kupiansk" not in wide
    run.js(f"void window[{name!r}].setView([49.7, 37.6], 10, {{animate: false}})")
    near = run.js(labels)
    assert "Kupyansk" in near and len(near) == len(set(near))  # GeoNames cities5000 spelling
    _assert_clean(run, full_map)


def test_search_finds_a_place_and_goes_there(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    run.page.locator(".fl-search-input").fill("kupi")
    hits = run.page.locator(".fl-search-hit")
    assert "Kupiansk" in (hits.first.text_content() or "")
    hits.first.click()
    centre = run.js(f"window[{run.map_name!r}].getCenter()")
    assert abs(centre["lat"] - 49.7112) < 0.01 and abs(centre["lng"] - 37.6086) < 0.01
    _assert_clean(run, full_map)


def test_event_popup_opens_on_a_real_click(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    run.js("void frontline.layers['Road and rail network'].remove()")
    run.js("void frontline.layers['Hub impact: Kupiansk'].remove()")
    point = run.js(f"window[{run.map_name!r}].latLngToContainerPoint([49.7112, 37.6086])")
    x, y = point["x"], point["y"]
    run.page.mouse.click(x, y)
    text = run.page.locator(".leaflet-popup-content").inner_text()
    assert "Date: 2022-09-10" in text and "Battles" in text and "Kupiansk" in text
    assert "Military Forces of Ukraine (2019-) — Military Forces of Russia (2000-)" in text
    assert "Quote: Ukrainian units said they had entered Kupiansk." in text
    href = run.js("document.querySelector('.leaflet-popup-content a').href")
    assert href == "https://example.org/report/0"


@pytest.mark.parametrize("cluster_above", [CLUSTER_ABOVE, 10], ids=["canvas", "clustered"])
def test_xss_payloads_never_run_and_show_as_text(
    browser, tmp_path: Path, assets_root: Path, cluster_above: int
) -> None:
    assert len(XSS_PAYLOADS) >= 20
    rows = []
    for i, p in enumerate(XSS_PAYLOADS):
        rows.append(
            fx.event_row(
                i, "Izium", notes=p, source=p, location=p, actor1=p, x_quote=None, x_source_url=p,
                event_date="2022-09-10", x_claim_by=p,
            )
        )  # fmt: skip
    rows.append(
        fx.event_row(99, "Lyman", x_quote=XSS_PAYLOADS[0], x_source_url="JAVASCRIPT:alert('xss-url')")
    )
    G = fx.sample_network()
    G.nodes["Izium"]["name"] = XSS_PAYLOADS[1]
    G.edges["Izium", "Balakliia", 0]["ref"] = XSS_PAYLOADS[2]
    hub = fx.sample_hub_impact()
    hub.hubs.loc[0, "name"] = XSS_PAYLOADS[1] + XSS_PAYLOADS[23]
    m = build_map(
        fx.events_gdf(rows),
        network=G,
        hub_impact=hub,
        title=XSS_PAYLOADS[4],
        offline=True,
        cluster_above=cluster_above,
    )
    path = write_map(m, tmp_path / "xss.html", assets_root=assets_root)
    run = open_map(browser, path)
    texts = run.js(
        """(() => { const g = frontline.layers['Events (COUNT)']; const out = [];
        for (let i = 0; i < COUNT; i++) {
          g.fl_open(i);
          const c = [...document.querySelectorAll('.leaflet-popup-content')].pop();
          out.push({text: c.textContent, links: [...c.querySelectorAll('a')].map(a => a.getAttribute('href')),
                    tags: [...c.querySelectorAll('*')].map(e => e.tagName)});
        }
        frontline.layers['Road and rail network'].eachLayer(l => { if (l.getTooltip()) l.openTooltip(); });
        return out; })()""".replace("COUNT", str(len(rows)))
    )
    assert len(texts) == len(rows)
    for i, p in enumerate(XSS_PAYLOADS):
        got = texts[i]
        assert p.strip() in got["text"]
        assert got["links"] == []  # no payload is an http(s) address, so none becomes a link
        assert set(got["tags"]) <= {"DIV", "SPAN"}
    assert texts[-1]["links"] == []
    tooltips = run.js("[...document.querySelectorAll('.leaflet-tooltip')].map(t => t.textContent)")
    assert any(XSS_PAYLOADS[1] in t for t in tooltips) and any(XSS_PAYLOADS[2] in t for t in tooltips)
    assert run.js("document.querySelector('.fl-title').textContent") == XSS_PAYLOADS[4]
    controls = run.js("document.querySelector('.leaflet-control-layers').textContent")
    assert XSS_PAYLOADS[1] + XSS_PAYLOADS[23] in controls
    run.page.mouse.move(600, 400)
    run.page.wait_for_timeout(200)
    assert run.alerts() == []
    assert run.js("document.querySelectorAll('img[src=x], iframe, object, video, details, math').length") == 0
    _assert_clean(run, path)


def test_empty_store_map_shows_the_note(browser, tmp_path: Path, assets_root: Path) -> None:
    path = write_map(
        build_map(fx.events_gdf([]), offline=True), tmp_path / "empty.html", assets_root=assets_root
    )
    run = open_map(browser, path)
    _assert_clean(run, path)
    assert "No events to show" in run.js("document.querySelector('.fl-no-events').textContent")


def test_many_events_are_counted_in_cells_then_drawn_when_zoomed(
    browser, tmp_path: Path, assets_root: Path
) -> None:
    places = ["Izium", "Lyman", "Kupiansk", "Kharkiv", "Balakliia", "Sviatohirsk"]
    rows = [fx.event_row(i, places[i % len(places)]) for i in range(60)]
    m = build_map(fx.events_gdf(rows), offline=True, cluster_above=50)
    path = write_map(m, tmp_path / "cells.html", assets_root=assets_root)
    run = open_map(browser, path)
    _assert_clean(run, path)
    name = run.map_name
    run.js(f"void window[{name!r}].setView([49.3, 37.2], 6, {{animate: false}})")
    wide = layer_counts(run)["Events (60)"]
    assert 0 < wide < 60
    # Each event is counted exactly once, in the one cell that holds it now.
    assert run.js("frontline.layers['Events (60)'].fl_total()") == 60
    # A click on a cell zooms in on it.
    point = run.js(f"window[{name!r}].latLngToContainerPoint([49.2103, 37.2569])")
    run.page.mouse.click(point["x"], point["y"])
    run.page.wait_for_timeout(500)  # the zoom animates
    assert run.js(f"window[{name!r}].getZoom()") > 6
    run.js(f"void window[{name!r}].setView([49.2103, 37.2569], 14, {{animate: false}})")
    assert layer_counts(run)["Events (60)"] == 10  # every Izium event, one by one
    point = run.js(f"window[{name!r}].latLngToContainerPoint([49.2103, 37.2569])")
    run.page.mouse.click(point["x"], point["y"])
    assert "Izium" in run.page.locator(".leaflet-popup-content").inner_text()
    _assert_clean(run, path)


def test_screenshot_is_not_blank(browser, full_map: Path) -> None:
    run = open_map(browser, full_map)
    assert _blank_ratio(run.page.screenshot()) < 0.6
