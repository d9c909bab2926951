"""``frontline map``, ``frontline figure`` and ``frontline maps fetch-assets``.

Events and networks are read by the store's and the network's own readers; only the control GeoPackage
(layers ``control_polygons`` and ``front_line``) is read here.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError
from ..files import existing_file
from ._console import console
from ._options import StoreOpt, parse_date, read_store

__all__ = ["app"]

logger = logging.getLogger(__name__)

app = typer.Typer()
maps_app = typer.Typer(name="maps", help="Interactive maps and their offline assets.", no_args_is_help=True)
app.add_typer(maps_app)

NetworkOpt = Annotated[
    Path | None,
    typer.Option("--network", help="Road/rail hub graph: GraphML or GeoPackage (layers nodes, edges).",
                 show_default=False),
]  # fmt: skip
ControlOpt = Annotated[
    Path | None,
    typer.Option("--control", help="GeoPackage: layers control_polygons (date, side), front_line (date).",
                 show_default=False),
]  # fmt: skip
TitleOpt = Annotated[str | None, typer.Option(help="Title shown on the map or figure.")]


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
    return ControlHistory(polygons, line)


def _read_layers(store: str | None, network: Path | None, control: Path | None) -> tuple[Any, Any, Any]:
    """The events, the network (or None) and the control history (or None) that map and figure draw."""
    events = read_store(store)
    from ..network import read_network

    graph = read_network(network) if network else None
    return events, graph, _read_control(control) if control else None


@app.command("map")
def map_command(
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    store: StoreOpt = None,
    network: NetworkOpt = None,
    control: ControlOpt = None,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="One self-contained file: assets inlined, no tiles, no requests."),
    ] = False,
    title: TitleOpt = None,
    criticality: Annotated[
        str | None,
        typer.Option(
            help="Edge attribute of the network that sets line width and colour (e.g. criticality)."
        ),
    ] = None,
) -> None:
    """Write the interactive map: events, network, control over time; layers, legend, scale, measure."""
    from ..maps import build_map, write_map
    from ..maps.assets import FETCH_HINT, AssetCacheError, cache_is_complete

    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{out.name}: the map is written as HTML — give --out FILE.html")
    if offline and not cache_is_complete():
        raise AssetCacheError(f"--offline needs the local asset cache, which is missing — {FETCH_HINT}")
    events, graph, history = _read_layers(store, network, control)
    if criticality and graph is not None and not any(criticality in d for *_, d in graph.edges(data=True)):
        raise InputError(f"--criticality {criticality!r}: no edge of {network} has that attribute")
    if criticality and graph is not None:
        for *_, d in graph.edges(data=True):
            _float_attr(d, criticality)
    m = build_map(
        events, network=graph, criticality=criticality, control=history, title=title, offline=offline
    )
    path = write_map(m, out)
    summary = m.frontline_summary  # type: ignore[attr-defined]
    shown = ", ".join(f"{name}: {n:,}" for name, n in summary.layers.items()) or "no layers"
    console.print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB; {shown})")
    if summary.events_skipped:
        console.print(f"{summary.events_skipped:,} events without coordinates were left out")


@app.command("figure")
def figure_command(
    out: Annotated[Path, typer.Option("--out", help="PNG or SVG file to write.")],
    store: StoreOpt = None,
    network: NetworkOpt = None,
    control: ControlOpt = None,
    date: Annotated[
        str | None, typer.Option(help="Control state to show (YYYY-MM-DD; default the latest).")
    ] = None,
    title: TitleOpt = "frontline",
) -> None:
    """Write a static figure of the same layers, with legend, title and date, for reports."""
    from ..maps.figures import FIGURE_FORMATS, draw_figure, save_figure

    if out.suffix.lower() not in FIGURE_FORMATS:
        raise InputError(f"{out.name}: a figure is written as .png or .svg — give --out FILE.png or FILE.svg")
    day = parse_date(date, "--date")
    events, graph, history = _read_layers(store, network, control)
    fig = draw_figure(
        events,
        network=graph,
        control=history,
        date=None if day is None else day.isoformat(),
        title=title or "",
    )
    console.print(f"Wrote {save_figure(fig, out)}")


@maps_app.command("fetch-assets")
def fetch_assets_command(
    force: Annotated[bool, typer.Option(help="Download again even when the cache is complete.")] = False,
) -> None:
    """Fill the local asset cache from the npm registry at pinned versions: Leaflet and its marker
    clusters for offline maps, world-atlas's Natural Earth countries for the boundary control measures in."""
    from ..maps.assets import PACKAGES, assets_dir, fetch_assets

    dirs = fetch_assets(force=force, progress=logger.info)
    names = ", ".join(p.key for p in PACKAGES)
    console.print(f"Asset cache ready in {assets_dir()} ({names}; {len(dirs)} packages)")
