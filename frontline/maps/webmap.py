"""The interactive map: every layer, a layer control, a legend, a scale bar and a measuring tool.

``build_map`` assembles a folium map; ``map_html`` renders it (inlining every asset when the map was built
``offline``); ``write_map`` writes the file. Online maps keep folium's CDN links and an OpenStreetMap tile
layer with its attribution; offline maps link nothing and draw a basemap from our own data instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import layers
from ._elements import DataLayer, Library, MapControl

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    import networkx as nx
    import pandas as pd

__all__ = ["ControlHistory", "ImpactRoutes", "MapSummary", "build_map", "layers_of", "map_html", "write_map"]

logger = logging.getLogger(__name__)

#: Where the map opens when it has nothing to fit: the eastern front.
DEFAULT_CENTRE = (48.5, 36.5)
NO_EVENTS_NOTE = "No events to show — the store is empty or no event has coordinates."


@dataclass(frozen=True)
class ImpactRoutes:
    """What a hub-impact analysis hands the map: lost hub points and routes before and after."""

    hubs: gpd.GeoDataFrame
    routes_before: gpd.GeoDataFrame
    routes_after: gpd.GeoDataFrame
    cut_column: str = "cut"

    @classmethod
    def of(cls, G: nx.MultiGraph, impact: Any, *, cost: Any = None) -> ImpactRoutes:
        """The drawing of a :class:`frontline.network.HubImpact`: its hub nodes, and the cheapest routes
        between its pairs' ends under ``cost`` (default: any mode) before and after the loss."""
        import geopandas as gpd
        from shapely.geometry import Point

        from ..network import cost_function, route_table, routes_gdf, without_nodes

        cost = cost or cost_function()
        sources = list(dict.fromkeys(p.source for p in impact.pairs if p.source not in impact.nodes))
        targets = list(dict.fromkeys(p.target for p in impact.pairs if p.target not in impact.nodes))
        hubs = gpd.GeoDataFrame(
            {"name": [str(G.nodes[n].get("name", n)) for n in impact.nodes]},
            geometry=[Point(G.nodes[n]["x"], G.nodes[n]["y"]) for n in impact.nodes],
            crs="EPSG:4326",
        )
        before = routes_gdf(G, route_table(G, sources, targets, cost=cost))
        after = routes_gdf(G, route_table(G, sources, targets, cost=without_nodes(cost, impact.nodes)))
        cut = set(
            zip(
                after.loc[after["cost_km"].isna(), "source"],
                after.loc[after["cost_km"].isna(), "target"],
                strict=True,
            )
        )
        before = before.assign(
            cut=[(s, t) in cut for s, t in zip(before["source"], before["target"], strict=True)]
        )
        return cls(hubs, before, after[after["cost_km"].notna()].reset_index(drop=True))


@dataclass(frozen=True)
class ControlHistory:
    """Control polygons (date, side) and, optionally, the front line (date) over several dates;
    ``source`` says where they come from, for the credits (e.g. "DeepState map, deepstatemap.live")."""

    polygons: gpd.GeoDataFrame
    front_line: gpd.GeoDataFrame | None = None
    source: str = ""


@dataclass(frozen=True)
class MapSummary:
    """What a built map shows: feature counts per layer name and events skipped for lack of coordinates."""

    layers: dict[str, int] = field(default_factory=dict)
    events_skipped: int = 0
    offline: bool = False


def _legend(kinds: set[str]) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    items: list[dict[str, Any]]
    if "events" in kinds:
        items = [
            {"label": t, "color": c, "fill": c, "shape": "circle"} for t, c in layers.EVENT_COLORS.items()
        ]
        items.append(
            {"label": "Other", "color": layers.OTHER_COLOR, "fill": layers.OTHER_COLOR, "shape": "circle"}
        )
        items.append(
            {"label": "Claimed / disputed / unconfirmed", "color": "#555", "shape": "circle", "dash": True}
        )
        sections.append({"title": "Events", "items": items})
    if "network" in kinds:
        items = [
            {"label": mode, "color": s["color"], "shape": "line", "dash": bool(s["dashArray"])}
            for mode, s in layers.MODE_STYLES.items()
        ]
        items.append(
            {"label": "higher criticality / impact", "color": "#8c0000", "shape": "line", "width": 6}
        )
        sections.append({"title": "Network", "items": items})
    if "hub" in kinds:
        sections.append(
            {
                "title": "Hub impact",
                "items": [
                    {"label": "lost hub", "color": "#000", "fill": "#c62828", "shape": "circle"},
                    {"label": "route before", "color": "#1565c0", "shape": "line", "dash": True},
                    {"label": "route after", "color": "#2e7d32", "shape": "line"},
                    {"label": "cut once the hub is lost", "color": "#c62828", "shape": "line", "dash": True},
                ],
            }
        )
    if "control" in kinds:
        items = [
            {"label": side, "color": c, "fill": c, "shape": "square"}
            for side, c in layers.SIDE_COLORS.items()
        ]
        items.append({"label": "front line", "color": "#111", "shape": "line"})
        sections.append({"title": "Control", "items": items})
    return sections


def _base(offline: bool, title: str) -> folium.Map:
    import html

    import folium

    from ._elements import _Raw

    m = folium.Map(
        location=DEFAULT_CENTRE,
        zoom_start=6,
        tiles=None if offline else "OpenStreetMap",
        control_scale=True,
        prefer_canvas=True,
        # An offline map has no tiles to set a maximum zoom; 18 is what OpenStreetMap's tiles set.
        maxZoom=18,
    )
    if offline:
        from .assets import LEAFLET_CSS, LEAFLET_JS

        # Per map, never on the class: folium's asset lists are shared by every Map otherwise.
        m.default_js = [("leaflet", LEAFLET_JS.url)]
        m.default_css = [("leaflet_css", LEAFLET_CSS.url)]
    # Text only: escaped, the line separators JavaScript reads as line ends dropped, braces kept from Jinja.
    clean = " ".join(html.escape(title).replace("\u2028", " ").replace("\u2029", " ").split())
    clean = clean.replace("{", "&#123;").replace("}", "&#125;")
    root = m.get_root()
    root.header.add_child(_Raw(f"<title>{clean}</title>"), name="frontline_title")  # type: ignore[attr-defined]
    m.add_child(Library(), name="frontline_library")
    return m


def _label_zoom(population: Any) -> Any:
    """The zoom from which a place of that many people is labelled."""
    import numpy as np

    pop = np.asarray(population, dtype=float)
    return np.select([pop >= 1e6, pop >= 3e5, pop >= 1e5, pop >= 3e4, pop >= 1e4], [5, 6, 7, 8, 9], 10)


def _fit(m: folium.Map, bounds: list[list[float]]) -> None:
    """Open on ``bounds`` at once: an animated first zoom would finish after, and undo, a view set
    meanwhile."""
    import folium

    fit = folium.FitBounds(bounds)
    fit.options["animate"] = False
    m.add_child(fit)


def _places_data(bounds: tuple[float, float, float, float] | None) -> dict[str, list]:
    """Settlements to label: the basemap's region, and the data's own area when it lies elsewhere."""
    import pandas as pd

    from .basemap import REGION, places

    frames = [places(REGION)]
    if bounds is not None:
        w, s, e, n = bounds
        frames.append(places((w - 1, s - 1, e + 1, n + 1)))
    found = pd.concat(frames).drop_duplicates("geonameid")
    found = found.sort_values("population", ascending=False, kind="stable")
    return {
        "names": found["name"].astype(str).tolist(),
        "lon": found["longitude"].round(4).tolist(),
        "lat": found["latitude"].round(4).tolist(),
        "zoom": _label_zoom(found["population"]).tolist(),
    }


def _search_data(labels: dict[str, list] | None, network: nx.Graph | None, events: Any) -> dict[str, list]:
    """Every named place on the map once: network nodes, event locations, settlements."""
    seen: dict[str, tuple[float, float, str]] = {}
    if network is not None:
        for _, d in network.nodes(data=True):
            name = str(d.get("name") or "").strip()
            if name and "x" in d and "y" in d and name not in seen:
                seen[name] = (
                    round(float(d["x"]), 5),
                    round(float(d["y"]), 5),
                    str(d.get("kind") or "network"),
                )
    if events is not None and len(events) and "location" in events.columns:
        from .layers import event_points

        lon, lat, ok = event_points(events)
        # the same few thousand places, many times over: each once, where it first appears
        names = events.loc[ok, "location"].astype("str").str.strip().reset_index(drop=True)
        first = names[~names.duplicated()]
        for i, name in first.items():
            if name and name.lower() not in ("nan", "none") and name not in seen:
                seen[name] = (round(float(lon[i]), 5), round(float(lat[i]), 5), "events")
    if labels is not None:
        for name, x, y in zip(labels["names"], labels["lon"], labels["lat"], strict=True):
            seen.setdefault(name, (x, y, ""))
    items = list(seen.items())[:20_000]
    return {
        "names": [k for k, _ in items],
        "lon": [v[0] for _, v in items],
        "lat": [v[1] for _, v in items],
        "kinds": [v[2] for _, v in items],
    }


def _time_days(events: Any, control: ControlHistory | None) -> list[str]:
    import pandas as pd

    days: set[str] = set()
    if events is not None and len(events) and "event_date" in events.columns:
        unique = pd.Series(pd.unique(events["event_date"].astype(str)))
        days |= {d for d in pd.to_datetime(unique, errors="coerce").dropna().dt.strftime("%Y-%m-%d")}
    if control is not None:
        for frame in (control.polygons, control.front_line):
            if frame is not None and not frame.empty and "date" in frame.columns:
                dates = pd.to_datetime(frame["date"], errors="coerce").dropna().dt.strftime("%Y-%m-%d")
                days |= set(dates)
    return sorted(days)


def build_map(  # noqa: PLR0913 - one keyword per layer or option
    events: gpd.GeoDataFrame | pd.DataFrame | None = None,
    *,
    network: nx.Graph | None = None,
    criticality: Any = None,
    hub_impact: ImpactRoutes | None = None,
    control: ControlHistory | None = None,
    title: str | None = None,
    offline: bool = False,
    cluster_above: int = layers.CLUSTER_ABOVE,
    credits: tuple[str, ...] = (),
) -> folium.Map:
    """A folium map of events, the network, a hub-impact result and control over time.

    Parameters
    ----------
    events
        Events in ACLED columns (EPSG:4326 points or latitude/longitude columns). ``None`` or an empty
        table gives a map with a "no events" note; rows without coordinates are skipped with a warning.
    network
        The road/rail graph (nodes with ``x``/``y``; edges with ``mode``, ``ref``, ``length_km``).
    criticality
        Edge values for the network's width and colour: a mapping edge → float or an edge attribute name.
    hub_impact, control
        A hub-impact result and the control history (see :class:`ImpactRoutes`, :class:`ControlHistory`).
    title
        Shown at the top of the map (as text) and as the page's title.
    offline
        Build for :func:`map_html` to write one self-contained file (no tiles, a basemap of our own data,
        settlement labels by zoom).
    cluster_above
        Above this many events in view, events are counted in cells instead of drawn one by one.
    credits
        Further credit lines, after those of the layers drawn.

    The map opens on the data (the basemap never frames it), has a time control over the events' and
    control maps' dates when there are any, a search box over the places on it, a collapsed layer panel
    and the credits of every source drawn. The returned map carries a :class:`MapSummary` as
    ``m.frontline_summary``.
    """

    from .basemap import CREDITS
    from .layers import network_credit

    m = _base(offline, title or "frontline map")
    results: dict[str, layers.LayerResult] = {}
    lines: list[str] = []
    if offline:
        from .basemap import background
        from .offline import basemap_layer

        results["basemap"] = basemap_layer()
        lines += [CREDITS["natural_earth"]] if background().source == "natural_earth" else []
        lines += [CREDITS["geonames"], CREDITS["rivers"]]
    if control is not None:
        results["control"] = layers.control_layer(control.polygons, control.front_line)
        if control.source:
            lines.append(f"Control: {control.source}")
    if network is not None:
        results["network"] = layers.network_layer(network, impact=criticality)
        lines.append(network_credit(network))
    if hub_impact is not None:
        results["hub"] = layers.hub_impact_layer(
            hub_impact.hubs,
            hub_impact.routes_before,
            hub_impact.routes_after,
            cut_column=hub_impact.cut_column,
        )
    skipped = 0
    if events is not None and len(events):
        results["events"] = layers.events_layer(events, cluster_above=cluster_above)
        skipped = results["events"].skipped
        lines.append("Events: frontline, from the reports each event cites")
    # What the legend explains: every layer but the basemap, the events only when some were drawn.
    kinds = {key for key, r in results.items() if key != "basemap" and (key != "events" or r.features)}
    bounds = [r.bounds for key, r in results.items() if r.bounds and key != "basemap"]
    box = None
    if bounds:
        box = (min(b[0] for b in bounds), min(b[1] for b in bounds), max(b[2] for b in bounds),
               max(b[3] for b in bounds))  # fmt: skip
    labels = None
    if offline:
        labels = _places_data(box)
        results["labels"] = layers.LayerResult(
            DataLayer("labelsLayer", labels, name="Place names"), len(labels["names"])
        )
    for result in results.values():
        m.add_child(result.layer)
    _controls(m, kinds, title, labels, network, events, control, [*lines, *credits])
    if box is not None:
        west, south, east, north = box
        pad = max(0.01, 0.05 * max(east - west, north - south))
        _fit(m, [[south - pad, west - pad], [north + pad, east + pad]])
    elif offline:
        _fit(m, [[44.3, 22.1], [52.4, 40.2]])
    m.frontline_summary = MapSummary(  # type: ignore[attr-defined]
        {r.layer.layer_name: r.features for r in results.values()}, skipped, offline
    )
    return m


def _controls(
    m: folium.Map,
    kinds: set[str],
    title: str | None,
    labels: dict[str, list] | None,
    network: nx.Graph | None,
    events: Any,
    control: ControlHistory | None,
    credits: list[str],
) -> None:
    """The note, title, search, time control, credits, legend, measuring tool and layer panel."""
    import folium

    if "events" not in kinds:
        m.add_child(MapControl("note", NO_EVENTS_NOTE, "topright", "fl-note fl-no-events"))
    if title:
        m.add_child(MapControl("note", title, "topleft", "fl-title"))
    m.add_child(MapControl("search", _search_data(labels, network, events)))
    days = _time_days(events, control)
    if days:
        m.add_child(MapControl("timeControl", {"days": days, "title": "Time"}))
    credit_lines = [c for c in dict.fromkeys(credits) if c]
    if credit_lines:  # before the legend: bottom controls stack upwards, the credits stay at the foot
        m.add_child(MapControl("credits", credit_lines))
    if kinds:
        m.add_child(MapControl("legend", _legend(kinds)))
    # Our own measuring tool: leaflet-measure (folium's) draws with SVG-only calls that fail on the canvas
    # renderer big maps need, and its markers fetch icon files, which an offline page must not.
    m.add_child(MapControl("measure"))
    # Collapsed: a button until hovered, so that it never covers a popup.
    folium.LayerControl(collapsed=True, position="topright").add_to(m)


def layers_of(m: folium.Map) -> list[DataLayer]:
    """The frontline data layers of a map, in drawing order."""
    return [c for c in m._children.values() if isinstance(c, DataLayer)]


def map_html(m: folium.Map, *, assets_root: Path | None = None) -> str:
    """The map as one HTML page; for a map built ``offline``, with every asset inlined from the cache."""
    html = m.get_root().render()
    summary = getattr(m, "frontline_summary", None)
    if summary is not None and summary.offline:
        from .offline import inline_assets

        html = inline_assets(html, root=assets_root)
    return html


def write_map(m: folium.Map, path: str | Path, *, assets_root: Path | None = None) -> Path:
    """Write :func:`map_html` to ``path`` (written whole through a temporary file).

    Raises InputError when ``path`` cannot be written.
    """
    from ..files import write_text_atomic

    return write_text_atomic(Path(path), map_html(m, assets_root=assets_root))
