"""Static figures for reports: the map's layers as a map, not a plot — PNG or SVG.

A figure is drawn in the UTM zone of its centre (37N for the eastern front; distances and shapes true
to within a fraction of a percent across a front-sized view), without latitude/longitude axes, over
land, sea, neighbouring countries, oblast borders, rivers and lakes (:mod:`frontline.maps.basemap`).
It carries settlement labels by population placed without overlaps (adjustText), a scale bar
(matplotlib-scalebar), a north arrow (true north, which UTM grid north misses by up to a few degrees),
a legend, a title, the "as of" date and the data credits.

The date binds every layer: events after it are not drawn, and control is the map of that date — or,
when the control history has none that day, the latest one before it, said in the subtitle.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .layers import EVENT_COLORS, MODE_STYLES, OTHER_COLOR, SIDE_COLORS, event_points, network_credit

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx
    import pandas as pd

    from .webmap import ControlHistory, ImpactRoutes

__all__ = ["FIGURE_FORMATS", "FigureDate", "draw_figure", "figure_date", "save_figure", "utm_crs"]

logger = logging.getLogger(__name__)

FIGURE_FORMATS = (".png", ".svg")
SEA = "#cfe2f0"
LAND = "#ecebe6"
UKRAINE = "#fbfaf5"
WATER = "#5b9bd5"
#: SVG ids of the figure's furniture (tests and users can find them in the file).
GIDS = ("title", "date", "credits", "north-arrow", "scale-bar", "legend")


@dataclass(frozen=True)
class FigureDate:
    """What the "as of" date of a figure means for each layer.

    ``date`` is the day asked for (None: the latest data); ``control_date`` the control map drawn (None:
    none on or before ``date``); ``events_drawn``/``events_later`` the events on or before the date and
    those after it, left out; ``events_undated`` events without a date, left out when a date is given.
    """

    date: str | None
    control_date: str | None = None
    events_drawn: int = 0
    events_later: int = 0
    events_undated: int = 0
    notes: list[str] = field(default_factory=list)

    def subtitle(self) -> str:
        parts = [f"as of {self.date}" if self.date else "latest data"]
        if self.control_date and self.date and self.control_date != self.date:
            parts.append(f"control: map of {self.control_date}, the latest on or before {self.date}")
        elif self.control_date and not self.date:
            parts.append(f"control on {self.control_date}")
        parts.append(f"{self.events_drawn:,} event{'s' if self.events_drawn != 1 else ''}")
        if self.events_later:
            parts.append(f"{self.events_later:,} after {self.date} not drawn")
        return " · ".join(parts)


def _dates(frame: Any, column: str) -> Any:
    import pandas as pd

    if frame is None or column not in frame.columns:
        return pd.Series([], dtype=str)
    return pd.to_datetime(frame[column], errors="coerce").dt.strftime("%Y-%m-%d")


def figure_date(
    events: gpd.GeoDataFrame | pd.DataFrame | None, control: ControlHistory | None, date: str | None
) -> FigureDate:
    """How ``date`` (YYYY-MM-DD or None) applies to the events and the control history (see FigureDate)."""
    control_dates = sorted(
        {d for d in _dates(control.polygons if control else None, "date") if isinstance(d, str)}
    )
    on = [d for d in control_dates if date is None or d <= date]
    control_date = on[-1] if on else None
    notes = []
    if control_dates and control_date is None:
        notes.append(
            f"no control map on or before {date} (the first is {control_dates[0]}): control not drawn"
        )
    elif control_date and date and control_date != date:
        notes.append(f"control drawn as on {control_date}, the latest map on or before {date}")
    drawn = later = undated = 0
    if events is not None and len(events):
        days = _dates(events, "event_date")
        if date is None:
            drawn = len(events)
        else:
            undated = int(days.isna().sum())
            later = int((days > date).sum())
            drawn = int((days <= date).sum())
    return FigureDate(date, control_date, drawn, later, undated, notes)


def utm_crs(lon: float, lat: float) -> str:
    """The UTM zone of a point as an EPSG code (``"EPSG:32637"`` for the eastern front).

    >>> utm_crs(37.6, 49.7), utm_crs(24.9, 60.2), utm_crs(-58.4, -34.6)
    ('EPSG:32637', 'EPSG:32635', 'EPSG:32721')
    """
    zone = min(int((lon + 180) // 6) + 1, 60)
    return f"EPSG:{(32600 if lat >= 0 else 32700) + zone}"


# -- extent ---------------------------------------------------------------------------------------------


def _extent(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    if not boxes:
        return (22.1, 44.3, 40.2, 52.4)  # Ukraine
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad_x = max((east - west) * 0.08, 0.15 if east - west > 0.05 else 0.01)
    pad_y = max((north - south) * 0.08, 0.1 if north - south > 0.05 else 0.007)
    return (west - pad_x, south - pad_y, east + pad_x, north + pad_y)


def _data_boxes(
    points: tuple | None,
    network: nx.Graph | None,
    hub_impact: ImpactRoutes | None,
    control_frames: list[gpd.GeoDataFrame],
) -> list[tuple[float, float, float, float]]:
    """What frames the view, the most telling layer first: a hub impact's routes, else the events, else
    the control map, else the network (a theatre-wide network or a country's control would otherwise
    shrink a local analysis to a speck)."""

    def bounds(frames: list[Any]) -> list[tuple[float, float, float, float]]:
        out = []
        for f in frames:
            if f is not None and not f.empty and not f.geometry.isna().all():
                w, s, e, n = (float(v) for v in f.to_crs(4326).total_bounds)
                out.append((w, s, e, n))
        return out

    if hub_impact is not None:
        boxes = bounds([hub_impact.hubs, hub_impact.routes_before, hub_impact.routes_after])
        if boxes:
            return boxes
    if points is not None and len(points[0]):
        lon, lat = points[0], points[1]
        return [(float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))]
    boxes = bounds(control_frames)
    if boxes:
        return boxes
    if network is not None:
        xs = [float(d["x"]) for _, d in network.nodes(data=True) if "x" in d and "y" in d]
        ys = [float(d["y"]) for _, d in network.nodes(data=True) if "x" in d and "y" in d]
        if xs:
            return [(min(xs), min(ys), max(xs), max(ys))]
    return []


# -- layers ---------------------------------------------------------------------------------------------


@dataclass
class _Canvas:
    ax: Any
    crs: str
    view: tuple[float, float, float, float]  # lon/lat
    handles: list = field(default_factory=list)
    credits: list[str] = field(default_factory=list)

    def project(self, geoms: Any) -> Any:
        import geopandas as gpd

        series = geoms if isinstance(geoms, gpd.GeoSeries) else gpd.GeoSeries(geoms, crs="EPSG:4326")
        return series.to_crs(self.crs)

    def plot(self, geoms: Any, **style: Any) -> None:
        """Draw lon/lat geometries (a GeoSeries or a list) projected; nothing for empty ones."""
        series = self.project(geoms)
        series = series[~(series.isna() | series.is_empty)]
        if not series.empty:
            series.plot(ax=self.ax, **style)

    def clip(self, geom: Any) -> Any:
        """``geom`` cut to what the axes show (with a margin), for speed; set ``drawn`` first."""
        import shapely

        w, s, e, n = self.drawn
        return shapely.clip_by_rect(geom, w - 0.5, s - 0.5, e + 0.5, n + 0.5)

    drawn: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0)


def _draw_background(c: _Canvas) -> None:
    import shapely
    from matplotlib.lines import Line2D

    from .basemap import CREDITS, REGION, background, lakes, oblast_borders, rivers

    bg = background()
    w, s, e, n = c.drawn
    # The sea is only known within the region the basemap carries; beyond it, no colour says "sea".
    within = REGION[0] <= w and REGION[1] <= s and e <= REGION[2] and n <= REGION[3]
    c.ax.set_facecolor(SEA if bg.source == "natural_earth" and within else LAND)
    c.plot([c.clip(bg.land)], color=LAND, linewidth=0, zorder=0)
    if not bg.neighbours.empty:
        near = bg.neighbours.assign(geometry=[c.clip(g) for g in bg.neighbours.geometry])
        near = near[~near.geometry.is_empty]
        c.plot(near.geometry, color=LAND, edgecolor="#8a8a8a", linewidth=0.6, zorder=0.5)
        _label_neighbours(c, near)
    c.plot([c.clip(bg.ukraine)], color=UKRAINE, edgecolor="#555", linewidth=0.9, zorder=0.6)
    rivers_credit = False
    water = c.clip(lakes())
    if not water.is_empty:
        c.plot([water], color="#a8cbe8", linewidth=0, zorder=0.7)
    river = c.clip(rivers())
    if not river.is_empty:
        c.plot([river], color=WATER, linewidth=0.6, zorder=0.8)
        c.handles.append(Line2D([], [], color=WATER, linewidth=0.8, label="river"))
        rivers_credit = True
    borders = c.clip(oblast_borders())
    if not shapely.is_empty(borders):
        c.plot([borders], color="#7a7a7a", linewidth=0.5, linestyle=(0, (4, 2)), zorder=0.9)
        c.handles.append(
            Line2D([], [], color="#7a7a7a", linewidth=0.6, linestyle="--", label="oblast border")
        )
    c.credits.append(CREDITS["geonames"])
    if bg.source == "natural_earth":
        c.credits.append(CREDITS["natural_earth"])
    if rivers_credit:
        c.credits.append(CREDITS["rivers"])


def _label_neighbours(c: _Canvas, near: gpd.GeoDataFrame) -> None:
    import shapely

    box = shapely.box(*c.drawn)
    for name, geom in zip(near["name"], near.geometry, strict=True):
        inside = shapely.intersection(geom, box)
        if inside.is_empty or inside.area < 0.04 * box.area:
            continue
        p = c.project([inside.representative_point()]).iloc[0]
        c.ax.text(
            p.x,
            p.y,
            name.upper(),
            fontsize=8,
            color="#9a9a9a",
            ha="center",
            va="center",
            fontweight="bold",
            zorder=1,
        )


def _draw_control(c: _Canvas, control: ControlHistory, day: str) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    polys = control.polygons
    on_day = _dates(polys, "date") == day
    for side, color in SIDE_COLORS.items():
        part = polys[on_day.to_numpy() & (polys["side"].astype(str) == side).to_numpy()]
        if not part.empty:
            c.project(part.geometry.to_crs(4326)).plot(
                ax=c.ax, color=color, alpha=0.28, edgecolor=color, linewidth=0.4, zorder=1.5
            )
            c.handles.append(Patch(facecolor=color, alpha=0.35, edgecolor=color, label=f"{side} control"))
    line = control.front_line
    if line is not None and not line.empty:
        on = (_dates(line, "date") == day).to_numpy()
        if on.any():
            c.plot(line[on].geometry.to_crs(4326), color="#111", linewidth=1.8, zorder=3.5)
            c.handles.append(Line2D([], [], color="#111", linewidth=1.8, label="front line"))
    if getattr(control, "source", ""):
        c.credits.append(f"Control: {control.source}")


def _draw_network(c: _Canvas, G: nx.Graph) -> None:
    import numpy as np
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from pyproj import Transformer

    to = Transformer.from_crs("EPSG:4326", c.crs, always_xy=True)
    lines: dict[str, list] = {}
    for u, v, d in G.edges(data=True):
        geom = d.get("geometry")
        if geom is not None and getattr(geom, "geom_type", "") == "LineString":
            xy = np.asarray(geom.coords)[:, :2]
        else:
            try:
                a, b = G.nodes[u], G.nodes[v]
                xy = np.array([[float(a["x"]), float(a["y"])], [float(b["x"]), float(b["y"])]])
            except (KeyError, TypeError, ValueError):
                continue
        mode = d.get("mode") if d.get("mode") in MODE_STYLES else "road"
        x, y = to.transform(xy[:, 0], xy[:, 1])
        lines.setdefault(mode, []).append(np.column_stack([x, y]))
    for mode, segs in sorted(lines.items()):
        style = MODE_STYLES[mode]
        dashes = (0, (5, 3)) if style["dashArray"] else "solid"
        c.ax.add_collection(
            LineCollection(
                segs,
                colors=style["color"],
                linewidths=style["weight"] * 0.45,
                linestyles=dashes,
                zorder=2,
                alpha=0.85,
            )
        )
        c.handles.append(
            Line2D(
                [],
                [],
                color=style["color"],
                linestyle="--" if style["dashArray"] else "-",
                linewidth=1.2,
                label=mode,
            )
        )
    credit = network_credit(G)
    if credit:
        c.credits.append(credit)


def _draw_hub_impact(c: _Canvas, hub: ImpactRoutes) -> list[Any]:
    from matplotlib.lines import Line2D

    before = hub.routes_before[~hub.routes_before.geometry.isna()]
    cut = before[before[hub.cut_column].astype(bool)] if hub.cut_column in before else before.iloc[:0]
    kept = before.drop(cut.index)
    after = hub.routes_after[~hub.routes_after.geometry.isna()]
    if not kept.empty:
        c.project(kept.geometry.to_crs(4326)).plot(
            ax=c.ax, color="#1565c0", linewidth=2.2, linestyle="--", zorder=4
        )
        c.handles.append(Line2D([], [], color="#1565c0", linestyle="--", linewidth=2, label="route before"))
    if not cut.empty:
        c.project(cut.geometry.to_crs(4326)).plot(
            ax=c.ax, color="#c62828", linewidth=2.2, linestyle="--", zorder=4
        )
        c.handles.append(Line2D([], [], color="#c62828", linestyle="--", linewidth=2, label="route cut"))
    if not after.empty:
        c.plot(after.geometry.to_crs(4326), color="#2e7d32", linewidth=2.2, zorder=4.1)
        c.handles.append(Line2D([], [], color="#2e7d32", linewidth=2, label="route after"))
    hubs = c.project(hub.hubs.geometry.to_crs(4326))
    c.handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color="#c62828",
            markeredgecolor="k",
            markersize=8,
            label="lost hub",
        )
    )
    if hubs.empty:
        return []
    c.ax.scatter(hubs.x, hubs.y, s=110, color="#c62828", edgecolors="black", linewidths=1.2, zorder=6)
    names = [str(n).removesuffix(" station") for n in hub.hubs.get("name", []) if str(n)]
    # One label for the hubs lost together (a town and its station stand a few km apart).
    label = "Lost: " + ", ".join(dict.fromkeys(names)) if names else "Lost hub"
    text = c.ax.text(
        hubs.x.mean(),
        hubs.y.mean(),
        label,
        fontsize=8,
        fontweight="bold",
        color="#8b0000",
        zorder=7,
        ha="left",
        va="top",
    )
    import matplotlib.patheffects as pe

    text.set_path_effects([pe.withStroke(linewidth=2.5, foreground="white")])
    return [text]


def _draw_events(c: _Canvas, events: Any, lon: Any, lat: Any, types: Any) -> None:
    import numpy as np
    from matplotlib.lines import Line2D
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", c.crs, always_xy=True).transform(lon, lat)
    colors = np.array([EVENT_COLORS.get(t, OTHER_COLOR) for t in types]) if types is not None else OTHER_COLOR
    size = 34 if len(x) < 500 else 12 if len(x) < 5000 else 3
    c.ax.scatter(
        x, y, c=colors, s=size, edgecolors="white", linewidths=0.4 if size > 10 else 0, alpha=0.9, zorder=5
    )
    present = set(types) if types is not None else set()
    for t, color in EVENT_COLORS.items():
        if t in present:
            c.handles.append(
                Line2D([], [], marker="o", linestyle="", color=color, markeredgecolor="white", label=t)
            )
    if present - set(EVENT_COLORS):
        c.handles.append(Line2D([], [], marker="o", linestyle="", color=OTHER_COLOR, label="other event"))


def _label_places(c: _Canvas, limits: tuple[float, float, float, float], extra: list[Any]) -> None:
    """Settlements by population, greedily thinned so labels keep apart, then placed by adjustText."""
    import numpy as np
    from adjustText import adjust_text
    from pyproj import Transformer

    from .basemap import places

    w, s, e, n = c.drawn
    x0, x1, y0, y1 = limits
    width = x1 - x0
    found = places((w, s, e, n), min_population=5000 if width < 250_000 else 15000)
    if found.empty and not extra:
        return
    x, y = Transformer.from_crs("EPSG:4326", c.crs, always_xy=True).transform(
        found["longitude"].to_numpy(), found["latitude"].to_numpy()
    )
    inside = (x > x0) & (x < x1) & (y > y0) & (y < y1)
    named = " ".join(t.get_text() for t in extra)  # a lost hub's label names its town already
    inside &= ~found["name"].map(lambda name: f" {name}" in f" {named}".replace(",", " ")).to_numpy(bool)
    gap = width / 9
    chosen: list[int] = []
    for i in np.flatnonzero(inside).tolist():
        if all((x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2 > gap**2 for j in chosen):
            chosen.append(i)
        if len(chosen) >= 28:
            break
    c.ax.scatter(x[chosen], y[chosen], s=9, color="#333", edgecolors="white", linewidths=0.5, zorder=6.5)
    texts = []
    for i in chosen:
        pop = int(found["population"].iloc[i])
        size = 9 if pop >= 500_000 else 8 if pop >= 100_000 else 7
        texts.append(
            c.ax.text(
                x[i], y[i], str(found["name"].iloc[i]), fontsize=size, color="#222", zorder=7, clip_on=True
            )
        )
    import matplotlib.patheffects as pe

    for t in texts:
        t.set_path_effects([pe.withStroke(linewidth=2.2, foreground="white")])
    points_x = np.concatenate([x[chosen], [t.get_position()[0] for t in extra]])
    points_y = np.concatenate([y[chosen], [t.get_position()[1] for t in extra]])
    if texts or extra:
        adjust_text(
            [*texts, *extra],
            x=points_x,
            y=points_y,
            ax=c.ax,
            expand=(1.15, 1.3),
            ensure_inside_axes=True,
            time_lim=2,
        )


def _north_arrow(c: _Canvas, limits: tuple[float, float, float, float]) -> None:
    from pyproj import Transformer

    x0, x1, y0, y1 = limits
    to_lonlat = Transformer.from_crs(c.crs, "EPSG:4326", always_xy=True)
    to_xy = Transformer.from_crs("EPSG:4326", c.crs, always_xy=True)
    bx, by = x0 + 0.95 * (x1 - x0), y0 + 0.84 * (y1 - y0)
    lon, lat = to_lonlat.transform(bx, by)
    nx_, ny_ = to_xy.transform(lon, lat + 0.05)
    angle = math.atan2(nx_ - bx, ny_ - by)  # true north against grid north
    length = 0.08 * (y1 - y0)
    tip = (bx + length * math.sin(angle), by + length * math.cos(angle))
    arrow = c.ax.annotate(
        "",
        xy=tip,
        xytext=(bx, by),
        arrowprops={"arrowstyle": "-|>,head_width=0.45,head_length=0.9", "color": "#222", "linewidth": 1.6},
        zorder=9,
    )
    label = c.ax.text(
        tip[0] + 0.02 * length * math.sin(angle),
        tip[1] + 0.15 * length,
        "N",
        ha="center",
        va="bottom",
        fontsize=11,
        fontweight="bold",
        color="#222",
        zorder=9,
    )
    arrow.arrow_patch.set_gid("north-arrow")
    label.set_gid("north-arrow-label")


def _scalebar_class() -> Any:
    from matplotlib_scalebar.scalebar import ScaleBar

    class GroupedScaleBar(ScaleBar):
        """A scale bar drawn inside an SVG group named by its gid (matplotlib-scalebar opens none)."""

        def draw(self, renderer: Any, *args: Any, **kwargs: Any) -> None:
            renderer.open_group("scale-bar", gid=self.get_gid())
            super().draw(renderer, *args, **kwargs)
            renderer.close_group("scale-bar")

    return GroupedScaleBar


def _frame(c: _Canvas) -> tuple[float, float, float, float]:
    """Fix the axes to the view in metres, widened to the axes' shape; the lon/lat box drawn is kept
    in ``c.drawn``. Returns (x0, x1, y0, y1)."""
    import shapely
    from pyproj import Transformer

    edge = c.project([shapely.box(*c.view).segmentize(0.05)]).iloc[0]
    x0, y0, x1, y1 = edge.bounds
    # Widen the short side so that one metre is as long across as up, filling the axes' box.
    box = c.ax.get_position()
    fig_w, fig_h = c.ax.figure.get_size_inches()
    ratio = (box.width * fig_w) / (box.height * fig_h)
    if (x1 - x0) / (y1 - y0) < ratio:
        grow = ((y1 - y0) * ratio - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) / ratio - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    c.ax.set_xlim(x0, x1)
    c.ax.set_ylim(y0, y1)
    c.ax.set_autoscale_on(False)
    c.ax.set_aspect("equal", adjustable="box")
    seen = shapely.box(x0, y0, x1, y1).segmentize((x1 - x0) / 20)
    back = Transformer.from_crs(c.crs, "EPSG:4326", always_xy=True)
    lon, lat = back.transform(*shapely.get_coordinates(seen).T)
    c.drawn = (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))
    return (x0, x1, y0, y1)


def _furniture(
    c: _Canvas,
    limits: tuple[float, float, float, float],
    title: str,
    when: FigureDate,
    credits: tuple[str, ...],
    *,
    empty: bool,
) -> None:
    """Frame, scale bar, north arrow, title, date line, legend and credits."""
    ax, fig, crs = c.ax, c.ax.figure, c.crs
    _ScaleBar = _scalebar_class()
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#555")
        spine.set_linewidth(0.8)
    bar = _ScaleBar(
        1, "m", location="lower right", length_fraction=0.22, box_alpha=0.85, font_properties={"size": 8}
    )
    bar.set_gid("scale-bar")
    ax.add_artist(bar)
    _north_arrow(c, limits)
    fig.text(0.015, 0.955, title, fontsize=15, fontweight="bold", va="bottom", gid="title")
    fig.text(0.015, 0.925, when.subtitle(), fontsize=9.5, color="#333", va="bottom", gid="date")
    if empty:
        ax.text(
            0.5,
            0.5,
            "No events to show",
            transform=ax.transAxes,
            ha="center",
            fontsize=14,
            color="#7a2e00",
            zorder=10,
        )
    if c.handles:
        seen: dict[str, Any] = {}
        for h in c.handles:
            seen.setdefault(h.get_label(), h)
        legend = fig.legend(
            handles=list(seen.values()),
            loc="upper left",
            bbox_to_anchor=(0.775, 0.9),
            fontsize=8,
            frameon=False,
            title="Legend",
            title_fontsize=9,
            alignment="left",
        )
        legend.set_gid("legend")
    lines = list(dict.fromkeys([*c.credits, *credits]))
    fig.text(
        0.015,
        0.012,
        "Data: " + " · ".join(lines) + f" · Projection: UTM ({crs})",
        fontsize=6.2,
        color="#444",
        va="bottom",
        wrap=True,
        gid="credits",
    )


def draw_figure(  # noqa: PLR0913 - one keyword per layer or option, as build_map
    events: gpd.GeoDataFrame | pd.DataFrame | None = None,
    *,
    network: nx.Graph | None = None,
    hub_impact: ImpactRoutes | None = None,
    control: ControlHistory | None = None,
    date: str | None = None,
    title: str = "frontline",
    zoom_to_data: bool = True,
    credits: tuple[str, ...] = (),
    labels: bool = True,
) -> Any:
    """A matplotlib Figure of the same layers as the interactive map, as they stood on ``date``.

    ``date`` (YYYY-MM-DD) binds every layer (see :class:`FigureDate`, which the figure carries as
    ``fig.frontline_date``); default the latest data. The view is the data's extent (``zoom_to_data``)
    or the whole country. ``credits`` are added to the credit line, after those of the layers drawn
    (GeoNames, Natural Earth, rivers, the network's source, the control map's ``source``).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    when = figure_date(events, control, date)
    drawn_events = None
    types = None
    lon = lat = np.array([])
    if events is not None and len(events):
        keep = np.ones(len(events), dtype=bool)
        if date is not None:
            keep = (_dates(events, "event_date") <= date).to_numpy()
        drawn_events = events.loc[keep]
        lon, lat, ok = event_points(drawn_events)
        if "event_type" in drawn_events.columns:
            types = drawn_events.loc[ok, "event_type"].astype(str).to_numpy()
    control_frames: list = []
    if control is not None and when.control_date:
        on = (_dates(control.polygons, "date") == when.control_date).to_numpy()
        control_frames.append(control.polygons[on])
    boxes = _data_boxes((lon, lat) if len(lon) else None, network, hub_impact, control_frames)
    view = _extent(boxes if zoom_to_data else [])
    crs = utm_crs((view[0] + view[2]) / 2, (view[1] + view[3]) / 2)
    fig = plt.figure(figsize=(11, 8.2), dpi=150)
    ax = fig.add_axes((0.015, 0.075, 0.75, 0.825))
    c = _Canvas(ax, crs, view)
    limits = _frame(c)
    _draw_background(c)
    if control is not None and when.control_date:
        _draw_control(c, control, when.control_date)
    if network is not None:
        _draw_network(c, network)
    hub_texts = _draw_hub_impact(c, hub_impact) if hub_impact is not None else []
    if len(lon):
        _draw_events(c, drawn_events, lon, lat, types)
        c.credits.append("Events: frontline, from the reports each event cites")
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("")
    ax.set_ylabel("")
    if labels:
        _label_places(c, limits, hub_texts)
    _furniture(
        c,
        limits,
        title,
        when,
        credits,
        empty=when.events_drawn == 0 and network is None and hub_impact is None and not control_frames,
    )
    fig.frontline_date = when  # type: ignore[attr-defined]
    return fig


def save_figure(fig: Any, path: str | Path) -> Path:
    """Write a figure to PNG or SVG (by the file's extension); InputError when ``path`` cannot be written."""
    import matplotlib.pyplot as plt

    from ..files import write_atomic

    path = Path(path)
    if path.suffix.lower() not in FIGURE_FORMATS:
        msg = f"{path.name}: a figure is written as .png or .svg — give --out FILE.png or FILE.svg"
        raise InputError(msg)
    fmt = path.suffix.lower().lstrip(".")
    try:
        write_atomic(path, lambda tmp: fig.savefig(tmp, format=fmt, bbox_inches="tight", pad_inches=0.15))
    finally:
        plt.close(fig)
    return path
