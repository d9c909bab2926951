"""``frontline network impact | rank | import-osm``: what losing a hub does, which hubs matter, OSM import.

networkx, scipy and geopandas are imported inside the commands so that other commands stay fast.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ..files import existing_file
from ._console import console
from ._control import BoundaryOpt, SnapshotsOpt, Sources, load_control
from ._options import (
    ForceOpt,
    GazetteerOpt,
    JsonOpt,
    StoreOpt,
    grouped,
    open_gazetteer,
    parse_date,
    parse_places,
)

if TYPE_CHECKING:
    import networkx as nx

    from gazetteer import Gazetteer

    from ..network import EdgeCost, NetworkPlace

__all__ = ["app"]

app = typer.Typer(
    name="network",
    help="Road and rail supply network: what losing a hub does, which hubs matter, OSM import.",
    no_args_is_help=True,
)

NetworkOpt = Annotated[
    Path | None,
    typer.Option(
        "--network",
        "-n",
        help="Network file (.gpkg/.graphml from import-osm); default: the embedded theatre.",
    ),
]
FromOpt = Annotated[
    str, typer.Option("--from", help="Sources, comma-separated: names in any spelling or GeoNames ids.")
]
ToOpt = Annotated[
    str, typer.Option("--to", help="Targets, comma-separated: names in any spelling or GeoNames ids.")
]
ModeOpt = Annotated[str, typer.Option(help="Travel by road, rail, or any (both, with a transfer cost).")]
TransferOpt = Annotated[
    float, typer.Option("--transfer-km", min=0, help="Cost of changing between road and rail, in km.")
]
FrontOpt = Annotated[
    Path | None,
    typer.Option(
        help="Front line or the other side's territory (GeoJSON/GPKG/…): roads within --range-km are cut."
    ),
]
RangeOpt = Annotated[
    float,
    typer.Option("--range-km", min=0, help="Artillery/drone range from the front (or --front), in km."),
]
SideOpt = Annotated[
    str | None,
    typer.Option(
        "--side",
        help="Whose supply: UA or RU. With --date, every road in the other side's ground that day is cut.",
        show_default=False,
    ),
]
OnOpt = Annotated[
    str | None,
    typer.Option("--date", "-d", help="The day whose ground --side's supply runs on.", show_default=False),
]
SnapshotSideOpt = Annotated[
    str | None,
    typer.Option(
        "--snapshot-side",
        help="Side of the snapshots' polygons when their files name none.",
        show_default=False,
    ),
]
ResultOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write the results: .csv, .geojson or .gpkg.", show_default=False),
]


@dataclass(frozen=True)
class _Ground:
    """Where --side's supply runs: whose, on which day, from what control."""

    side: SideOpt = None
    date: OnOpt = None
    store: StoreOpt = None  # a GeoPackage path or a postgresql:// URL
    snapshots: SnapshotsOpt = None
    snapshot_side: SnapshotSideOpt = None
    boundary: BoundaryOpt = None
    gazetteer: GazetteerOpt = None


#: Gives a command --side, --date and where that day's control comes from, as one ``_Ground`` in its
#: ``ground`` parameter.
ground_options = grouped("ground", _Ground)

FactorOpt = Annotated[
    float | None,
    typer.Option(min=1, help="Instead of cutting roads within range, make them this many times dearer."),
]


def _load(path: Path | None) -> nx.MultiGraph:
    from ..network import load_theatre_network, read_network

    return load_theatre_network() if path is None else read_network(path)


class _Resolver:
    """Finds places in the network; opens the gazetteer only for names the network does not know."""

    def __init__(self, G: nx.MultiGraph, gazetteer: list[Path] | None) -> None:
        self.G = G
        self._paths = gazetteer
        self._gaz: Gazetteer | None = None

    def __call__(self, name: str) -> NetworkPlace:
        from ..network import UnknownHubError, find_place

        try:
            return find_place(self.G, name)
        except UnknownHubError:
            if self._gaz is None:
                self._gaz = open_gazetteer(self._paths)
            return find_place(self.G, name, gazetteer=self._gaz)


def _cost(
    G: nx.MultiGraph,
    mode: str,
    transfer_km: float,
    front: Path | None,
    range_km: float,
    factor: float | None,
    ground: _Ground,
) -> tuple[EdgeCost, str]:
    """The edge cost of the options, and where the control it follows came from ("" without --side)."""
    from ..network import control_cost, cost_function, interdiction_cost

    cost = cost_function(mode=mode, transfer_km=transfer_km)
    if (ground.side is None) != (ground.date is None):
        msg = "--side and --date go together: whose supply (UA or RU), on which day's ground (YYYY-MM-DD)"
        raise InputError(msg)
    if ground.side is not None and front is not None:
        raise InputError("give either --side/--date (the ground from control) or --front FILE, not both")
    if front is not None:
        return interdiction_cost(G, _read_area(front), range_km=range_km, factor=factor, cost=cost), ""
    if ground.side is None:
        return cost, ""
    day = _control_day(ground)
    held = control_cost(G, day, side=ground.side, range_km=range_km, factor=factor, cost=cost)
    return held, f"{day.source}, {day.date}"


def _control_day(ground: _Ground) -> Any:
    """The day's control from the store and the snapshots; an error when nothing is known that day."""
    from ..control import control_on

    on = parse_date(ground.date, "--date")
    try:
        data = load_control(
            Sources(
                store=ground.store,
                snapshots=ground.snapshots,
                snapshot_side=ground.snapshot_side,
                gazetteer=ground.gazetteer,
                boundary=ground.boundary,
            )
        )
    except InputError as err:  # read_snapshots names the control commands' --side
        raise InputError(str(err).replace("--side ", "--snapshot-side ")) from err
    day = control_on(data, on)
    if not day.territory.known:
        msg = (
            f"no control is known on {on} — give --snapshots (a published control map) or a --store "
            "with territory events before that day"
        )
        raise InputError(msg)
    return day


def _read_area(path: Path) -> Any:
    existing_file(path, "the front line or territory as GeoJSON, GeoPackage or shapefile")
    import pyogrio
    import shapely

    try:
        gdf = pyogrio.read_dataframe(path)
    except Exception as err:
        msg = (
            f"{path}: not a readable geometry file ({' '.join(str(err).split())}) — use GeoJSON or GeoPackage"
        )
        raise InputError(msg) from err
    if gdf.empty or gdf.geometry.isna().all():
        msg = f"{path} holds no geometries — give the front line (lines) or the other side's land (polygons)"
        raise InputError(msg)
    if gdf.crs is not None:
        gdf = gdf.to_crs("EPSG:4326")
    return shapely.union_all(gdf.geometry.dropna().to_numpy())


def _endpoints(resolve: _Resolver, names: list[str], mode: str) -> list[Any]:
    return [resolve(n).endpoint(resolve.G, mode) for n in names]


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:,.1f}"


def _pair_dict(G: nx.MultiGraph, p: Any) -> dict[str, Any]:
    return {
        "source": G.nodes[p.source].get("name", str(p.source)),
        "target": G.nodes[p.target].get("name", str(p.target)),
        "before_km": None if p.before_km is None else round(p.before_km, 3),
        "after_km": None if p.after_km is None else round(p.after_km, 3),
        "added_km": None if p.added_km is None else round(p.added_km, 3),
        "detour_pct": None if p.detour_pct is None else round(p.detour_pct, 2),
        "added_penalty_km": None if p.added_penalty_km is None else round(p.added_penalty_km, 3),
        "status": p.status,
    }


def _paths(
    G: nx.MultiGraph, sources: list[Any], targets: list[Any], cost: EdgeCost, lost: tuple[Any, ...]
) -> dict[tuple[Any, Any], tuple[list[str], list[str]]]:
    """Place names along each route before and after the loss (empty when there is no route)."""
    from ..network import route_table, without_nodes

    def names(route: Any) -> list[str]:
        out: list[str] = []
        for n in route.nodes:
            name = str(G.nodes[n].get("name") or n).removesuffix(" station")
            if not out or out[-1] != name:  # a transfer stays in the same place
                out.append(name)
        return out

    before = route_table(G, sources, targets, cost=cost)
    after = route_table(G, [s for s in sources if s not in lost], targets, cost=without_nodes(cost, lost))
    after_by = {(r.source, r.target): names(r) for r in after}
    return {(r.source, r.target): (names(r), after_by.get((r.source, r.target), [])) for r in before}


@app.command()
@ground_options
def impact(  # noqa: PLR0913, PLR0917 - one argument per command-line option
    hub: Annotated[
        str, typer.Argument(help="Hub(s) lost, comma-separated: a name in any spelling or a GeoNames id.")
    ],
    sources: FromOpt,
    targets: ToOpt,
    network: NetworkOpt = None,
    mode: ModeOpt = "any",
    transfer_km: TransferOpt = 20.0,
    front: FrontOpt = None,
    range_km: RangeOpt = 0.0,
    factor: FactorOpt = None,
    *,
    ground: _Ground,
    out: ResultOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Route costs from sources to targets before and after losing HUB: detour %, pairs cut. With --side
    and --date, the side's supply runs only on ground it did not lose that day (from the store's events
    or --snapshots)."""
    from ..network import hub_impact, pairs_gdf

    G = _load(network)
    resolve = _Resolver(G, ground.gazetteer)
    lost = [resolve(n) for n in parse_places(hub, "HUB")]
    src = _endpoints(resolve, parse_places(sources, "--from"), mode)
    dst = _endpoints(resolve, parse_places(targets, "--to"), mode)
    cost, control = _cost(G, mode, transfer_km, front, range_km, factor, ground)
    nodes = tuple(n for p in lost for n in p.nodes)
    label = ", ".join(p.name for p in lost)
    result = hub_impact(G, nodes, sources=src, targets=dst, cost=cost, label=label)
    paths = _paths(G, src, dst, cost, nodes)
    if out is not None:
        _write_result(pairs_gdf(G, result).assign(hub=label, control=control), out, force=force)
    if as_json:
        record = {
            "hub": label,
            "nodes": [str(n) for n in nodes],
            "mode": mode,
            "side": ground.side,
            "control": control or None,
            "pairs": [
                {
                    **_pair_dict(G, p),
                    "route_before": paths[p.source, p.target][0],
                    "route_after": paths[p.source, p.target][1],
                }
                for p in result.pairs
            ],
            "cut_pairs": result.cut,
            "longer_pairs": result.longer,
            "added_km": round(result.added_km, 3),
            "added_penalty_km": round(result.added_penalty_km, 3),
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    if control:
        console.print(f"{ground.side} supply on the ground of {control}")
    table = Table(title=f"Losing {label} ({mode})", title_justify="left")
    for col in ("from", "to", "before km", "after km", "detour %", "+penalty km", "status"):
        table.add_column(col, justify="right" if "km" in col or "%" in col else "left")
    for p in result.pairs:
        d = _pair_dict(G, p)
        table.add_row(
            d["source"], d["target"], _fmt(p.before_km), _fmt(p.after_km), _fmt(p.detour_pct),
            _fmt(p.added_penalty_km), p.status,
        )  # fmt: skip
    console.print(table)
    disconnected = sum(p.status == "disconnected" for p in result.pairs)
    note = (
        f"; {disconnected} pair(s) had no route even before (different parts of the network)"
        if disconnected
        else ""
    )
    penalty = (
        f", +{result.added_penalty_km:,.1f} km-equivalents of transfers/surcharges apart"
        if result.added_penalty_km
        else ""
    )
    console.print(
        f"{result.cut} pair(s) cut, {result.longer} longer (+{result.added_km:,.1f} km in all{penalty}){note}"
    )
    for p in result.pairs:
        if p.status == "longer":
            before, after = paths[p.source, p.target]
            console.print(
                f"  {before[0]} → {before[-1]}: was via {' – '.join(before[1:-1]) or 'a direct link'};"
            )
            console.print(f"    now via {' – '.join(after[1:-1]) or 'a direct link'}")


def _hub_row(G: nx.MultiGraph, h: Any) -> dict[str, Any]:
    head = G.nodes[h.nodes[0]]
    label = h.hub
    if label == str(h.nodes[0]) and head.get("name"):  # an OSM junction: its streets, not its id
        label = f"{head['name']} ({h.nodes[0]})"
    return {"hub": label, "geonameid": head.get("geonameid")}


def _edge_row(G: nx.MultiGraph, e: Any) -> dict[str, Any]:
    return {
        "from": str(G.nodes[e.u].get("name") or e.u),
        "to": str(G.nodes[e.v].get("name") or e.v),
        "mode": e.mode,
        "ref": e.ref,
        "length_km": round(float(G.edges[e.u, e.v, e.key].get("length_km", 0.0)), 3),
    }


@app.command()
@ground_options
def rank(  # noqa: PLR0913, PLR0917 - one argument per command-line option
    sources: FromOpt,
    targets: ToOpt,
    top: Annotated[int, typer.Option(min=1, help="How many hubs to show.")] = 15,
    network: NetworkOpt = None,
    mode: ModeOpt = "any",
    transfer_km: TransferOpt = 20.0,
    front: FrontOpt = None,
    range_km: RangeOpt = 0.0,
    factor: FactorOpt = None,
    edges: Annotated[
        bool, typer.Option("--edges", help="Rank the road and rail links on the routes instead of hubs.")
    ] = False,
    *,
    ground: _Ground,
    out: ResultOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Every hub (or, with --edges, every link on a route) ranked by what its loss does to the routes
    from sources to targets: most routes cut first, then most kilometres added."""
    from ..network import edge_criticality, rank_hubs

    G = _load(network)
    resolve = _Resolver(G, ground.gazetteer)
    src = _endpoints(resolve, parse_places(sources, "--from"), mode)
    dst = _endpoints(resolve, parse_places(targets, "--to"), mode)
    cost, control = _cost(G, mode, transfer_km, front, range_km, factor, ground)
    ranked: list[Any]
    if edges:
        ranked = edge_criticality(G, sources=src, targets=dst, cost=cost)
    else:
        ranked = rank_hubs(G, sources=src, targets=dst, cost=cost)
    rows = []
    for i, h in enumerate(ranked[:top], start=1):  # ranked by cost; reported as distance, penalties apart
        rows.append(
            {
                "rank": i,
                **(_edge_row(G, h) if edges else _hub_row(G, h)),
                "cut_pairs": h.cut,
                "longer_pairs": h.longer,
                "added_km": round(h.added_km, 3),
                "max_detour_pct": round(h.max_detour_pct, 2),
                "added_penalty_km": round(h.added_penalty_km, 3),
            }
        )
    if out is not None:
        _write_result(
            _ranked_gdf(G, ranked[:top], rows, edges=edges).assign(control=control), out, force=force
        )
    if as_json:
        for row in rows:
            extra = {"control": control} if control else {}
            sys.stdout.write(json.dumps({**row, **extra}, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    if control:
        console.print(f"{ground.side} supply on the ground of {control}")
    pairs = len(src) * len(dst)
    what = "Links" if edges else "Hubs"
    table = Table(title=f"{what} by impact on {pairs} route(s) ({mode})", title_justify="left")
    for col in (
        "rank",
        "link" if edges else "hub",
        "cut",
        "longer",
        "added km",
        "max detour %",
        "+penalty km",
    ):
        table.add_column(col, justify="left" if col in ("hub", "link") else "right")
    for r in rows:
        name = f"{r['from']} – {r['to']} ({r['mode']} {r['ref']})".replace(" )", ")") if edges else r["hub"]
        table.add_row(
            str(r["rank"]), name, str(r["cut_pairs"]), str(r["longer_pairs"]),
            _fmt(r["added_km"]), _fmt(r["max_detour_pct"]), _fmt(r["added_penalty_km"]),
        )  # fmt: skip
    console.print(table)


def _ranked_gdf(G: nx.MultiGraph, ranked: list[Any], rows: list[dict[str, Any]], *, edges: bool) -> Any:
    """The ranking as a GeoDataFrame: hubs as points, links as lines."""
    import geopandas as gpd

    from ..network import edges_gdf, impacts_gdf

    if not edges:
        return impacts_gdf(G, ranked)
    lines = edges_gdf(G).set_index(["u", "v", "key"]).geometry
    geometry = [lines.get((e.u, e.v, e.key), lines.get((e.v, e.u, e.key))) for e in ranked]
    return gpd.GeoDataFrame(rows, geometry=geometry, crs=G.graph.get("crs", "EPSG:4326"))


def _write_result(frame: Any, path: Path, *, force: bool) -> None:
    """Results as CSV (no geometry), GeoJSON or GeoPackage, by the file's extension, written whole."""
    import pyogrio

    from ..files import check_target, write_atomic
    from ..io import write_csv

    check_target(path, kind="control", force=force)
    drivers = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG"}
    suffix = path.suffix.lower()
    if suffix == ".csv":  # hub names come from OpenStreetMap, which anyone can edit
        write_csv(frame.drop(columns="geometry"), path)
    elif suffix in drivers:
        plain = frame.assign(**{c: frame[c].astype(str) for c in ("source", "target") if c in frame})
        write_atomic(
            path, lambda tmp: pyogrio.write_dataframe(plain, tmp, layer=path.stem, driver=drivers[suffix])
        )
    else:
        msg = f"cannot write {path.name} — give --out a .csv, .geojson or .gpkg file"
        raise InputError(msg)
    console.print(f"Wrote {len(frame):,} row{'s' if len(frame) != 1 else ''} to {path}")


@app.command()
@ground_options
def criticality(
    sources: FromOpt,
    targets: ToOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="Network file to write: .gpkg or .graphml.")],
    network: NetworkOpt = None,
    mode: ModeOpt = "any",
    transfer_km: TransferOpt = 20.0,
    *,
    ground: _Ground,
    force: ForceOpt = False,
) -> None:
    """Write the network with each edge's criticality for the routes --from --to: the edge attribute
    `criticality` (km-equivalents added over the routes when it is cut — distance and transfers — a cut
    route counting its whole length) that `frontline map --network FILE --criticality criticality` draws;
    also crit_cut_pairs and crit_added_km (distance only)."""
    from ..files import check_target
    from ..network import edge_criticality, write_network

    if out.suffix.lower() not in (".gpkg", ".graphml"):
        raise InputError(f"--out {out}: write the network as .gpkg or .graphml")
    check_target(out, kind="network", force=force)
    G = _load(network)
    resolve = _Resolver(G, ground.gazetteer)
    src = _endpoints(resolve, parse_places(sources, "--from"), mode)
    dst = _endpoints(resolve, parse_places(targets, "--to"), mode)
    cost, control = _cost(G, mode, transfer_km, None, 0.0, None, ground)
    for *_, d in G.edges(data=True):
        d.update(criticality=0.0, crit_cut_pairs=0, crit_added_km=0.0)
    ranked = edge_criticality(G, sources=src, targets=dst, cost=cost)
    for e in ranked:
        cut_km = sum(p.before_km or 0.0 for p in e.pairs if p.status in ("cut", "lost"))
        G.edges[e.u, e.v, e.key].update(
            criticality=round(e.added_km + e.added_penalty_km + cut_km, 3),
            crit_cut_pairs=e.cut,
            crit_added_km=round(e.added_km, 3),
        )
    path = write_network(G, out)
    if control:
        console.print(f"{ground.side} supply on the ground of {control}")
    hit = sum(1 for e in ranked if e.cut or e.longer)
    console.print(f"Wrote {path}: {G.number_of_edges():,} edges, {hit:,} of them critical for these routes")


@app.command("import-osm")
def import_osm_command(
    file: Annotated[Path, typer.Argument(help="OpenStreetMap extract: .osm (XML) or .osm.pbf.")],
    out: Annotated[Path, typer.Option(help="Network file to write: .gpkg (GeoPackage) or .graphml.")],
    tertiary: Annotated[bool, typer.Option(help="Keep tertiary roads too.")] = False,
    names: Annotated[
        bool, typer.Option(help="Name junctions after the nearest GeoNames place within 2 km too.")
    ] = True,
    gazetteer: GazetteerOpt = None,
    force: ForceOpt = False,
) -> None:
    """Real OSM roads (motorway … secondary), railways and car ferries → a network of junctions for
    --network. Streams the file: a country's extract needs memory for its roads, not for the file."""
    from ..files import check_target
    from ..network import write_network
    from ..network.osm import import_osm
    from ..network.places import gazetteer_places
    from ._console import error_console, progress_callback

    if out.suffix.lower() not in (".gpkg", ".graphml"):
        msg = f"--out {out}: unknown network file type {out.suffix or '(none)'!r} — use .gpkg or .graphml"
        raise InputError(msg)
    check_target(out, kind="network", force=force)
    places = gazetteer_places(open_gazetteer(gazetteer)) if names else None
    with progress_callback(f"Importing {file.name}") as progress:
        G = import_osm(file, tertiary=tertiary, places=places, progress=progress)
    for line in G.graph.get("warnings", ()):
        error_console.print(f"warning: {line}", markup=False)
    with progress_callback(f"Writing {out.name}") as progress:
        if progress is not None:
            progress(f"{G.number_of_edges():,} edges", 0, 0)
        path = write_network(G, out)
    modes: dict[str, int] = {}
    for _, _, m in G.edges(data="mode"):
        modes[m] = modes.get(m, 0) + 1
    km = sum(d for _, _, d in G.edges(data="length_km") if d)
    detail = ", ".join(f"{n} {m}" for m, n in sorted(modes.items()))
    console.print(
        f"{file.name}: {G.graph['osm_ways']:,} ways → {len(G):,} nodes, {G.size():,} edges ({detail}),"
        f" {km:,.1f} km → {path}"
    )
