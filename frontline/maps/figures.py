"""Static figures for reports: the map's layers drawn with matplotlib to PNG/SVG, with legend, title, date."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .layers import EVENT_COLORS, MODE_STYLES, OTHER_COLOR, SIDE_COLORS, event_points

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx
    import pandas as pd

    from .webmap import ControlHistory, ImpactRoutes

__all__ = ["FIGURE_FORMATS", "draw_figure", "save_figure"]

logger = logging.getLogger(__name__)

FIGURE_FORMATS = (".png", ".svg")


def _pick_date(control: ControlHistory, date: str | None) -> str | None:
    import pandas as pd

    dates = sorted(
        pd.to_datetime(control.polygons["date"], errors="coerce").dropna().dt.strftime("%Y-%m-%d").unique()
    )
    if not dates:
        return None
    if date is None:
        return dates[-1]
    earlier = [d for d in dates if d <= date]
    return earlier[-1] if earlier else dates[0]


def _draw_control(ax: Any, control: ControlHistory, day: str, handles: list) -> None:
    import pandas as pd
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    polys = control.polygons.to_crs(4326)
    on_day = pd.to_datetime(polys["date"], errors="coerce").dt.strftime("%Y-%m-%d") == day
    for side, color in SIDE_COLORS.items():
        part = polys[on_day & (polys["side"] == side)]
        if not part.empty:
            part.plot(ax=ax, color=color, alpha=0.3, edgecolor=color, linewidth=0.8)
            handles.append(Patch(facecolor=color, alpha=0.4, edgecolor=color, label=f"{side} control"))
    if control.front_line is not None and not control.front_line.empty:
        line = control.front_line.to_crs(4326)
        on = pd.to_datetime(line["date"], errors="coerce").dt.strftime("%Y-%m-%d") == day
        if on.any():
            line[on].plot(ax=ax, color="#111", linewidth=2.2)
            handles.append(Line2D([], [], color="#111", linewidth=2.2, label="front line"))


def _draw_network(ax: Any, G: nx.Graph, handles: list) -> None:
    from matplotlib.lines import Line2D

    seen = set()
    for u, v, d in G.edges(data=True):
        try:
            a, b = G.nodes[u], G.nodes[v]
            xs, ys = [float(a["x"]), float(b["x"])], [float(a["y"]), float(b["y"])]
        except (KeyError, TypeError, ValueError):
            continue
        geom = d.get("geometry")
        if geom is not None and getattr(geom, "geom_type", "") == "LineString":
            xs, ys = list(geom.xy[0]), list(geom.xy[1])
        mode = d.get("mode") if d.get("mode") in MODE_STYLES else "road"
        style = MODE_STYLES[mode]
        dashes = (6, 4) if style["dashArray"] else ()
        ax.plot(xs, ys, color=style["color"], linewidth=style["weight"] * 0.6, dashes=dashes, zorder=2)
        seen.add(mode)
    for mode in sorted(seen):
        style = MODE_STYLES[mode]
        handles.append(
            Line2D([], [], color=style["color"], dashes=(6, 4) if style["dashArray"] else (), label=mode)
        )


def _draw_events(ax: Any, events: gpd.GeoDataFrame | pd.DataFrame, points: tuple, handles: list) -> int:
    """Draw the events at ``points`` (:func:`event_points` of ``events``); returns how many were drawn."""
    from matplotlib.lines import Line2D

    lon, lat, ok = points
    if not ok.sum():
        return 0
    types = events.loc[ok, "event_type"].astype(str).to_numpy() if "event_type" in events.columns else None
    colors = [EVENT_COLORS.get(t, OTHER_COLOR) for t in types] if types is not None else OTHER_COLOR
    ax.scatter(lon, lat, c=colors, s=30 if len(lon) < 2000 else 3, edgecolors="none", alpha=0.85, zorder=4)
    present = set(types) if types is not None else set()
    for t, c in EVENT_COLORS.items():
        if t in present:
            handles.append(Line2D([], [], marker="o", linestyle="", color=c, label=t))
    return int(ok.sum())


def _extent(
    points: tuple | None,
    network: nx.Graph | None,
    hub_impact: ImpactRoutes | None,
    control: ControlHistory | None,
) -> tuple[float, float, float, float] | None:
    """West, south, east, north of everything drawn (EPSG:4326), or None when nothing is."""
    boxes = []
    if points is not None:
        lon, lat, ok = points
        if ok.sum():
            boxes.append((lon.min(), lat.min(), lon.max(), lat.max()))
    if network is not None:
        xs = [float(d["x"]) for _, d in network.nodes(data=True) if "x" in d and "y" in d]
        ys = [float(d["y"]) for _, d in network.nodes(data=True) if "x" in d and "y" in d]
        if xs:
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    frames = (
        [] if hub_impact is None else [hub_impact.hubs, hub_impact.routes_before, hub_impact.routes_after]
    )
    if control is not None:
        frames += [control.polygons] + ([control.front_line] if control.front_line is not None else [])
    for frame in frames:
        if not frame.empty:
            boxes.append(tuple(frame.to_crs(4326).total_bounds))
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def draw_figure(
    events: gpd.GeoDataFrame | pd.DataFrame | None = None,
    *,
    network: nx.Graph | None = None,
    hub_impact: ImpactRoutes | None = None,
    control: ControlHistory | None = None,
    date: str | None = None,
    title: str = "frontline",
    zoom_to_data: bool = True,
) -> Any:
    """A matplotlib Figure of the same layers as the interactive map, for one date of the control history.

    ``date`` (YYYY-MM-DD) picks the control state shown (the latest on or before it; default the latest)
    and is written under the title with the number of events drawn. The view is the data's extent
    (``zoom_to_data``) or, without data or with ``zoom_to_data=False``, the whole country.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from .offline import oblast_centres, ukraine_outline

    fig, ax = plt.subplots(figsize=(10, 7.5), dpi=150)
    handles: list = []
    ax.set_facecolor("#dde8f0")  # outside the country, as on the offline web map
    import shapely.geometry

    outline = shapely.geometry.shape(ukraine_outline())
    ax.fill(*outline.exterior.xy, color="#fbfaf5", edgecolor="#7d8b99", linewidth=0.8, zorder=0)
    for label, lon, lat in oblast_centres():
        ax.plot(lon, lat, ".", color="#777", markersize=2, zorder=1)
        ax.annotate(label.removesuffix(" Oblast"), (lon, lat), fontsize=5, color="#666", xytext=(2, 2),
                    textcoords="offset points")  # fmt: skip
    day = _pick_date(control, date) if control is not None else None
    if control is not None and day:
        _draw_control(ax, control, day, handles)
    if network is not None:
        _draw_network(ax, network, handles)
    if hub_impact is not None:
        hub_impact.routes_before.to_crs(4326).plot(
            ax=ax, color="#1565c0", linewidth=1.5, linestyle="--", zorder=3
        )
        hub_impact.routes_after.to_crs(4326).plot(ax=ax, color="#2e7d32", linewidth=1.5, zorder=3)
        hub_impact.hubs.to_crs(4326).plot(ax=ax, color="#c62828", edgecolor="black", markersize=80, zorder=5)
        handles += [
            Line2D([], [], color="#1565c0", linestyle="--", label="route before"),
            Line2D([], [], color="#2e7d32", label="route after"),
            Line2D([], [], marker="o", linestyle="", color="#c62828", markeredgecolor="k", label="lost hub"),
        ]
    points = event_points(events) if events is not None and len(events) else None
    n_events = _draw_events(ax, events, points, handles) if points is not None else 0
    extent = _extent(points, network, hub_impact, control) if zoom_to_data else None
    subtitle = [f"as of {day or date}" if (day or date) else "", f"{n_events:,} events"]
    ax.set_title(title, fontsize=13, loc="left", pad=18)
    ax.text(0, 1.01, " · ".join(s for s in subtitle if s), transform=ax.transAxes, fontsize=9, color="#444")
    if n_events == 0:
        ax.text(
            0.5, 0.5, "No events to show", transform=ax.transAxes, ha="center", fontsize=14, color="#7a2e00"
        )
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_aspect(1 / 0.66)  # degrees of longitude are ~0.66 of latitude at 48.5°N
    if extent is not None:
        west, south, east, north = extent
        pad_x, pad_y = max(0.3, (east - west) * 0.1), max(0.2, (north - south) * 0.1)
        ax.set_xlim(west - pad_x, east + pad_x)
        ax.set_ylim(south - pad_y, north + pad_y)
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9)
    fig.tight_layout()
    return fig


def save_figure(fig: Any, path: str | Path) -> Path:
    """Write a figure to PNG or SVG (by the file's extension); InputError when ``path`` cannot be written."""
    import matplotlib.pyplot as plt

    from ..files import write_atomic

    path = Path(path)
    if path.suffix.lower() not in FIGURE_FORMATS:
        msg = f"{path.name}: a figure is written as .png or .svg — give --out FILE.png or FILE.svg"
        raise InputError(msg)
    try:
        write_atomic(path, lambda tmp: fig.savefig(tmp, bbox_inches="tight"))
    finally:
        plt.close(fig)
    return path
