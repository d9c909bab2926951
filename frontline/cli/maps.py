"""``frontline map``, ``frontline figure`` and ``frontline maps fetch-assets``.

Events and networks are read by the store's and the network's own readers; only the control GeoPackage
(layers ``control_polygons`` and ``front_line``) is read here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError
from ..files import existing_file
from ._console import console
from ._control import SnapshotsOpt
from ._options import StoreOpt, grouped, parse_date, parse_places, read_store

__all__ = ["app"]

logger = logging.getLogger(__name__)

app = typer.Typer()
maps_app = typer.Typer(name="maps", help="Interactive maps and their offline assets.", no_args_is_help=True)
app.add_typer(maps_app)

NetworkOpt = Annotated[
    Path | None,
    typer.Option("--network", help="Road/rail hub graph: GraphML or GeoPackage (layers nodes, edges), the "
                 "embedded network's theatre_edges.csv, or 'embedded'.", show_default=False),
]  # fmt: skip
HubOpt = Annotated[
    str | None,
    typer.Option("--hub", help="Draw what losing this hub does (names or GeoNames ids, comma-separated): "
                 "routes --from --to before and after.", show_default=False),
]  # fmt: skip
HubFromOpt = Annotated[str | None, typer.Option("--from", help="With --hub: sources, comma-separated.",
                                                show_default=False)]  # fmt: skip
HubToOpt = Annotated[str | None, typer.Option("--to", help="With --hub: targets, comma-separated.",
                                              show_default=False)]  # fmt: skip
SideOpt = Annotated[
    str | None,
    typer.Option("--side", help="With --hub: whose supply (UA or RU); roads in the other side's ground on "
                 "the date are cut (control from --snapshots or the store).", show_default=False),
]  # fmt: skip
ControlOpt = Annotated[
    Path | None,
    typer.Option("--control", help="GeoPackage: layers control_polygons (date, side), front_line (date).",
                 show_default=False),
]  # fmt: skip
TitleOpt = Annotated[str | None, typer.Option(help="Title shown on the map or figure.")]
SnapshotSideOpt = Annotated[
    str | None,
    typer.Option("--snapshot-side", help="Side of the snapshots' polygons when their files name none.",
                 show_default=False),
]  # fmt: skip


def _float_attr(data: dict[str, Any], key: str) -> None:
    if key in data:
        try:
            data[key] = float(data[key])
        except (TypeError, ValueError):
            del data[key]


def _read_control(path: Path):
    from ..maps import ControlHistory

    existing_file(path, "the control GeoPackage")
    import pyogrio

    try:
        layers = [str(n) for n, _ in pyogrio.list_layers(path)]
    except Exception as err:  # not a file GDAL reads
        msg = (
            f"{path} is not a readable GeoPackage ({type(err).__name__}: {err}) — give the control GeoPackage"
        )
        raise InputError(msg) from err
    # the demo's layers, or the single layer `frontline control polygons --out FILE` writes
    name = "control_polygons" if "control_polygons" in layers or len(layers) != 1 else layers[0]
    if name not in layers:
        got = ", ".join(sorted(layers)) or "none"
        raise InputError(f"{path} has no layer {name!r} (it has: {got}) — give the control GeoPackage")
    import geopandas as gpd

    polygons = gpd.read_file(path, layer=name, engine="pyogrio")
    line = gpd.read_file(path, layer="front_line", engine="pyogrio") if "front_line" in layers else None
    for layer, frame, fields in ((name, polygons, ("date", "side")), ("front_line", line, ("date",))):
        missing = [f for f in fields if frame is not None and f not in frame.columns]
        if missing:
            msg = (
                f"{path}: layer {layer!r} has no {' or '.join(missing)} field — give a control GeoPackage "
                "as `frontline control polygons --out FILE.gpkg` writes"
            )
            raise InputError(msg)
    return ControlHistory(polygons, line)


def _read_layers(store: str | None, network: Path | None, control: Path | None) -> tuple[Any, Any, Any]:
    """The events, the network (or None) and the control history (or None) that map and figure draw."""
    events = read_store(store)
    from ..network import read_network

    graph = read_network(network) if network else None
    return events, graph, _read_control(control) if control else None


def _snapshot_control(
    snapshots: list[Path], snapshot_side: str | None, store: str | None, dates: list[str] | None
) -> Any:
    """Control from published maps (and the store's territory events): for ``dates``, or for every
    snapshot's own date when None. A ControlHistory whose ``source`` credits the maps."""
    import pandas as pd

    from ..control import control_on
    from ..maps import ControlHistory
    from ._control import Sources, load_control

    data = load_control(Sources(store=store, snapshots=snapshots, snapshot_side=snapshot_side))
    days = dates or sorted({str(d) for d in data.snapshot_days})
    polygons, fronts = [], []
    import geopandas as gpd

    for day in days:
        on = control_on(data, day)
        polygons.append(on.polygons.assign(date=str(on.date)))
        fronts.append(gpd.GeoDataFrame({"date": [str(on.date)]}, geometry=[on.front_line()], crs="EPSG:4326"))
    names = " ".join(p.name.lower() for p in snapshots)
    source = "DeepState (deepstatemap.live)" if "deepstate" in names else ", ".join(p.name for p in snapshots)
    poly = gpd.GeoDataFrame(pd.concat(polygons, ignore_index=True), crs="EPSG:4326")
    line = gpd.GeoDataFrame(pd.concat(fronts, ignore_index=True), crs="EPSG:4326")
    return ControlHistory(poly, line, source=source)


@dataclass(frozen=True)
class _Ask:
    """What map and figure are asked to draw: the layers' sources, where control comes from, and the hub
    impact that --hub, --from, --to, --side and --date ask for."""

    store: StoreOpt = None
    network: NetworkOpt = None
    control: ControlOpt = None
    snapshots: SnapshotsOpt = None
    snapshot_side: SnapshotSideOpt = None
    hub: HubOpt = None
    sources: HubFromOpt = None
    targets: HubToOpt = None
    side: SideOpt = None
    date: str | None = None  # not an option: map takes --date, figure --dates


#: Gives map and figure the options that say what they draw, as one ``_Ask``.
drawing_options = grouped("ask", _Ask)


def _drawn(ask: _Ask, *, one_day: bool) -> tuple[Any, Any, Any, Any]:
    """The events, network, control history and hub impact to draw. Control from --snapshots is every
    published day, or with ``one_day`` only --date's (the latest published without --date)."""
    if ask.control is not None and ask.snapshots:
        raise InputError(
            "give either --control (a control GeoPackage) or --snapshots (published maps), not both"
        )
    events, graph, history = _read_layers(ask.store, ask.network, ask.control)
    if ask.snapshots:
        days = [ask.date] if one_day and ask.date else None
        history = _snapshot_control(ask.snapshots, ask.snapshot_side, ask.store, days)
        if one_day and ask.date is None:  # the latest published map
            latest = sorted(history.polygons["date"].astype(str))[-1:]
            history = _snapshot_control(ask.snapshots, ask.snapshot_side, ask.store, latest)
    lost, graph = _hub_routes(graph, ask)
    return events, graph, history, lost


def _hub_routes(graph: Any, ask: _Ask) -> tuple[Any, Any]:
    """The hub impact --hub/--from/--to asks to draw, on the network given (default the embedded one)."""
    hub, sources, targets, side, date = ask.hub, ask.sources, ask.targets, ask.side, ask.date
    if hub is None:
        if sources or targets or side:
            raise InputError(
                "--from, --to and --side draw a hub impact: give --hub too (e.g. --hub Kupiansk)"
            )
        return None, graph
    if not sources or not targets:
        raise InputError("--hub needs --from and --to: the supply routes whose change it draws")
    from ..maps import ImpactRoutes
    from ..network import hub_impact, load_theatre_network
    from .network import _cost, _endpoints, _Ground, _Resolver

    G = graph if graph is not None else load_theatre_network()
    resolve = _Resolver(G, None)
    lost = [resolve(n) for n in parse_places(hub, "--hub")]
    src = _endpoints(resolve, parse_places(sources, "--from"), "any")
    dst = _endpoints(resolve, parse_places(targets, "--to"), "any")
    if side is not None and date is None:
        raise InputError("--side needs --date: the day whose ground the supply runs on")
    ground = _Ground(side, date if side else None, ask.store, ask.snapshots, ask.snapshot_side, None, None)
    cost, _ = _cost(G, "any", 20.0, None, 0.0, None, ground)
    nodes = tuple(n for p in lost for n in p.nodes)
    impact = hub_impact(G, nodes, sources=src, targets=dst, cost=cost, label=", ".join(p.name for p in lost))
    return ImpactRoutes.of(G, impact, cost=cost), G


@app.command("map")
@drawing_options
def map_command(
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    *,
    ask: _Ask,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="One self-contained file: assets inlined, no tiles, no requests."),
    ] = False,
    title: TitleOpt = None,
    criticality: Annotated[
        str | None,
        typer.Option(
            help="Edge attribute of the network that sets line width and colour (e.g. criticality, as "
            "`frontline network criticality` writes it)."
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="With --hub --side: the day whose ground the supply runs on.")
    ] = None,
) -> None:
    """Write the interactive map: events, network, control over time; layers, legend, scale, measure,
    a time control over events and control, place search."""
    from ..maps import build_map, write_map
    from ..maps.assets import FETCH_HINT, AssetCacheError, cache_is_complete

    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{out.name}: the map is written as HTML — give --out FILE.html")
    if offline and not cache_is_complete():
        raise AssetCacheError(f"--offline needs the local asset cache, which is missing — {FETCH_HINT}")
    day = parse_date(date, "--date")
    ask = replace(ask, date=None if day is None else str(day))
    events, graph, history, lost = _drawn(ask, one_day=False)
    if criticality and graph is not None and not any(criticality in d for *_, d in graph.edges(data=True)):
        where = ask.network or "the embedded network"
        raise InputError(f"--criticality {criticality!r}: no edge of {where} has that attribute")
    if criticality and graph is not None:
        for *_, d in graph.edges(data=True):
            _float_attr(d, criticality)
    m = build_map(
        events,
        network=graph,
        criticality=criticality,
        control=history,
        hub_impact=lost,
        title=title,
        offline=offline,
    )
    path = write_map(m, out)
    summary = m.frontline_summary  # type: ignore[attr-defined]
    shown = ", ".join(f"{name}: {n:,}" for name, n in summary.layers.items()) or "no layers"
    console.print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB; {shown})")
    if summary.events_skipped:
        console.print(f"{summary.events_skipped:,} events without coordinates were left out")


@app.command("figure")
@drawing_options
def figure_command(
    out: Annotated[Path, typer.Option("--out", help="PNG or SVG file to write.")],
    *,
    ask: _Ask,
    date: Annotated[
        str | None,
        typer.Option(
            help="As of this day (YYYY-MM-DD; default the latest): later events are left out; "
            "control is that day's (from --snapshots), or the latest --control map on or before it."
        ),
    ] = None,
    title: TitleOpt = "frontline",
) -> None:
    """Write a static map for reports: projected, with land, borders, rivers, labels, legend, scale bar,
    north arrow, the "as of" date and credits."""
    from ..maps.figures import FIGURE_FORMATS, draw_figure, save_figure

    if out.suffix.lower() not in FIGURE_FORMATS:
        raise InputError(f"{out.name}: a figure is written as .png or .svg — give --out FILE.png or FILE.svg")
    day = parse_date(date, "--date")
    ask = replace(ask, date=None if day is None else str(day))
    events, graph, history, lost = _drawn(ask, one_day=True)
    fig = draw_figure(
        events,
        network=graph,
        control=history,
        hub_impact=lost,
        date=None if day is None else day.isoformat(),
        title=title or "",
    )
    for note in fig.frontline_date.notes:
        console.print(f"Note: {note}")
    console.print(f"Wrote {save_figure(fig, out)} ({fig.frontline_date.subtitle()})")


@maps_app.command("fetch-assets")
def fetch_assets_command(
    force: Annotated[bool, typer.Option(help="Download again even when the cache is complete.")] = False,
) -> None:
    """Fill the local asset cache from the npm registry at pinned versions: Leaflet for offline maps,
    world-atlas's Natural Earth countries for the boundary control measures in."""
    from ..maps.assets import PACKAGES, assets_dir, fetch_assets

    dirs = fetch_assets(force=force, progress=logger.info)
    names = ", ".join(p.key for p in PACKAGES)
    console.print(f"Asset cache ready in {assets_dir()} ({names}; {len(dirs)} packages)")
