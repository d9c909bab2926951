"""``frontline demo``: the whole pipeline on the embedded data — the Kharkiv counteroffensive,
6 September to 5 October 2022.

One way through the modules: the 23 sample reports become events in a GeoPackage store; the events,
on top of a baseline control map of 5 September, give who holds each settlement on 5 September and
5 October, the front line and the km² that changed hands; the embedded road and rail network answers
what losing Kupiansk did to Russian supply from Belgorod and Valuyki toward Izium and Lyman, and
which hubs matter most, with the roads in Ukrainian-held ground on 5 September (and within range of
the front) cut; the whole is drawn on an offline map and a figure, and summed up in Markdown.

The baseline map covers Kharkiv, Donetsk and Luhansk oblasts (its ``coverage`` feature, cut to the
state border); territory is measured in that area, and ground it does not cover is nobody's guess.

Everything is written to a staging folder beside ``out`` and moved into ``out`` only when every stage
has succeeded: a demo that fails leaves ``out`` as it was.

:func:`run_demo` writes the files and returns what it found; ``frontline demo`` (:mod:`frontline.cli.demo`)
shows it. The notebook takes its inputs from here (:func:`sample_reports`, :func:`baseline_path`, the
constants), so that it and the command tell the same story.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer import Gazetteer, Place

from .files import write_atomic, write_text_atomic
from .io import write_csv

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx

    from .control import ControlData, ControlDay
    from .maps import ControlHistory
    from .network import HubImpact

__all__ = [
    "AFTER",
    "BEFORE",
    "POKROVSK_DATE",
    "SPELLINGS",
    "THEATRE",
    "DemoResult",
    "baseline_path",
    "find_snapshots",
    "run_demo",
    "sample_reports",
    "theatre_boundary",
    "theatre_control",
    "theatre_settlements",
]

#: The two dates the demo compares: the eve of the counteroffensive and a month later.
BEFORE, AFTER = dt.date(2022, 9, 5), dt.date(2022, 10, 5)
#: Russian supply: from the railheads across the border toward the Izium group and Lyman.
SOURCES, TARGETS = ("Belgorod", "Valuyki"), ("Izium", "Lyman")
#: The hub lost: the town, and the town with its rail junction 5 km south, where every line meets.
HUB, HUB_WITH_JUNCTION = ("Kupiansk",), ("Kupiansk", "Kupiansk-Vuzlovyi")
#: The theatre: control and areas are worked out for these oblasts.
THEATRE = ("Kharkiv Oblast", "Donetsk Oblast", "Luhansk Oblast")
#: Roads this close to the front count as cut for Russian supply (mortar and ATGM range), besides those
#: in Ukrainian-held ground.
INTERDICTION_RANGE_KM = 5.0

#: The second analysis, a later front: Ukrainian supply toward Kostiantynivka and Kurakhove if Pokrovsk
#: is lost, on the ground DeepState's map gives for 1 January 2025 (the shared snapshots, when present).
POKROVSK_DATE = dt.date(2025, 1, 1)
POKROVSK_SOURCES, POKROVSK_TARGETS = ("Dnipro", "Pavlohrad"), ("Kostiantynivka", "Kurakhove")
#: Where the shared DeepState snapshots are looked for when no folder is given: ../shared/data/deepstate
#: beside the working directory or beside the repository.
SNAPSHOT_FOLDERS = (
    Path("../shared/data/deepstate"),
    Path(__file__).resolve().parents[2] / "shared" / "data" / "deepstate",
)

#: Spellings of the same places as reports write them; each line should find one place.
SPELLINGS = (
    ("Kupiansk", "Kupyansk", "Kup'yans'k", "Kupjansk", "Купянск"),
    ("Izium", "Izyum", "Izjum", "Ізюм"),
    ("Balakliia", "Balakleya", "Balakliya", "Балаклея"),
    ("Sievierodonetsk", "Severodonetsk", "Сєвєродонецьк"),
    ("Lyman", "Krasnyi Lyman", "Krasny Liman"),
    ("Bakhmut", "Artemivsk", "Artyomovsk"),
)


@dataclass(frozen=True)
class DemoResult:
    """What the demo wrote and the figures it found."""

    paths: dict[str, Path]
    events: int
    area_km2: dict[str, dict[str, float]]  # date → side → km²
    changes: list[dict[str, Any]] = field(default_factory=list)  # km² gained/lost, overall and by oblast
    impact: list[dict[str, Any]] = field(default_factory=list)  # losing Kupiansk, per route
    ranking: list[dict[str, Any]] = field(default_factory=list)  # hubs by impact
    # each line of SPELLINGS: every spelling → the place it resolved to (None: not found)
    spellings: list[dict[str, Place | None]] = field(default_factory=list)
    offline: bool = True  # the map was written with its assets inlined (the asset cache was there)
    # the second analysis (Pokrovsk, 2025) per route; empty, with ``second_note`` saying why, when skipped
    second: list[dict[str, Any]] = field(default_factory=list)
    second_note: str = ""


#: Told as each stage starts: ``(stage, stages done, stages)``, as the gazetteer reports an index build.
Progress = Callable[[str, int, int], None]


def sample_reports() -> list[dict]:
    """The embedded sample reports (JSON lines written for this project)."""
    text = resources.files("frontline").joinpath("data/sample_reports.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def baseline_path() -> Path:
    """The embedded control map of 5 September 2022 (drawn coarsely for this project)."""
    return Path(str(resources.files("frontline").joinpath("data/control_2022-09-05.geojson")))


@contextlib.contextmanager
def _staged(out: Path) -> Iterator[Path]:
    """A staging folder beside ``out``; on success its files replace theirs in ``out``, on failure it is
    removed and ``out`` is left as it was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        yield stage
        out.mkdir(exist_ok=True)
        for item in sorted(stage.iterdir()):
            os.replace(item, out / item.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def find_snapshots() -> Path | None:
    """The shared DeepState snapshots folder, when one of :data:`SNAPSHOT_FOLDERS` has them."""
    for folder in SNAPSHOT_FOLDERS:
        if folder.is_dir() and any(folder.glob("deepstatemap_data_*.geojson")):
            return folder
    return None


def run_demo(
    out: Path, *, gaz: Gazetteer, progress: Progress | None = None, snapshots: Path | None = None
) -> DemoResult:
    """Run every stage on the embedded data and write the results under ``out`` (all or nothing).

    With ``snapshots`` (a folder of DeepState's daily maps; default :func:`find_snapshots`) a second
    analysis runs on a later front: losing Pokrovsk, on the ground of 1 January 2025. Without, it is
    skipped and ``DemoResult.second_note`` says so."""
    snapshots = snapshots or find_snapshots()
    with _staged(out) as stage:
        result = _run(stage, gaz=gaz, progress=progress)
        if snapshots is None:
            note = "no DeepState snapshots (../shared/data/deepstate): the Pokrovsk analysis was skipped"
            result = dataclasses.replace(result, second_note=note)
        else:
            rows, paths = _pokrovsk(stage, snapshots)
            note = f"Pokrovsk, {POKROVSK_DATE}: ground from DeepState's map ({snapshots})"
            result = dataclasses.replace(
                result, second=rows, second_note=note, paths={**result.paths, **paths}
            )
        # the summary again, now with the second analysis (or why it is missing), and last among the files
        result.paths.pop("summary")
        result.paths["summary"] = _summary(stage, result, reports=len(sample_reports()))
    paths = {name: out / path.name for name, path in result.paths.items()}
    return dataclasses.replace(result, paths=paths)


def _run(out: Path, *, gaz: Gazetteer, progress: Progress | None) -> DemoResult:
    from .maps.assets import cache_is_complete

    step = progress or (lambda _stage, _done, _total: None)
    paths: dict[str, Path] = {}
    reports = sample_reports()
    step("Spellings and places", 0, 6)
    spellings = _spellings(gaz)
    paths["geoparsed"] = _geoparse(out, gaz, reports)
    step("Events from the sample reports", 1, 6)
    events, paths["events"] = _events(out, gaz, reports)
    step("Control and the front line", 2, 6)
    before, after, history, changes, paths["control"] = _control(out, gaz, events)
    paths["area_changes"] = out / "area_changes.csv"
    step("Supply network: losing Kupiansk", 3, 6)
    network, impacts, ranking, routes = _network(before)
    impact_rows = [row for i in impacts for row in _impact_rows(network, i)]
    ranking_rows = _ranking_rows(ranking)
    paths["impact"] = _write_csv(out / "hub_impact.csv", impact_rows)
    paths["hub_ranking"] = _write_csv(out / "hub_ranking.csv", ranking_rows)
    step("Map and figure", 4, 6)
    offline = cache_is_complete()
    paths["map"], paths["figure"] = _maps(out, events, network, impacts[-1], routes, history, offline=offline)
    step("Summary", 5, 6)
    result = DemoResult(
        paths,
        len(events),
        {str(day.date): _areas(day) for day in (before, after)},
        changes,
        impact_rows,
        ranking_rows,
        spellings,
        offline,
    )
    paths["summary"] = _summary(out, result, reports=len(reports))
    return result


# -- stages ------------------------------------------------------------------------------------------


def _spellings(gaz: Gazetteer) -> list[dict[str, Place | None]]:
    found = []
    for family in SPELLINGS:
        best = {spelling: gaz.resolve(spelling, limit=1) for spelling in family}
        found.append({spelling: c[0].place if c else None for spelling, c in best.items()})
    return found


def _geoparse(out: Path, gaz: Gazetteer, reports: list[dict]) -> Path:
    from .geoparse import geoparse_record

    records = [geoparse_record(r, gaz) for r in reports]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return write_text_atomic(out / "geoparsed_reports.jsonl", text)


def _events(out: Path, gaz: Gazetteer, reports: list[dict]) -> tuple[gpd.GeoDataFrame, Path]:
    from .extract import Report, extract_events, parse_date
    from .store import append_events, read_events

    store = out / "events.gpkg"  # in the fresh staging folder: the demo starts from the reports each time
    events = [
        e
        for r in reports
        for e in extract_events(
            Report(r["text"], parse_date(r["date"], where=r["id"]), r.get("source", ""), "", r["id"]), gaz
        )
    ]
    append_events(events, store)
    return read_events(store), store


def theatre_boundary() -> Any:
    """The area the demo measures: the baseline map's coverage, Kharkiv, Donetsk and Luhansk oblasts
    within the state border (EPSG:4326)."""
    from .control import read_snapshots

    snapshot = read_snapshots(baseline_path())
    return snapshot[snapshot["side"] == "coverage"].geometry.union_all()


def theatre_settlements(gaz: Gazetteer, events: Any = None) -> gpd.GeoDataFrame:
    """The settlements of ``gaz`` in the demo's oblasts (:data:`THEATRE`), with every one ``events``
    (None: none) name."""
    from .control import named_places, settlements_from_gazetteer

    settlements = settlements_from_gazetteer(gaz, named=named_places(events))
    return settlements[settlements.admin1.isin(THEATRE)]


def theatre_control(settlements: gpd.GeoDataFrame, events: Any = None) -> ControlData:
    """What :func:`~frontline.control.control_on` needs for the demo's theatre: ``settlements`` (see
    :func:`theatre_settlements`), ``events`` (None: none) on top of the baseline map, measured within
    :func:`theatre_boundary`."""
    from .control import prepare_control, read_snapshots

    return prepare_control(
        settlements,
        events,
        snapshots=read_snapshots(baseline_path()),
        area_of_interest=theatre_boundary(),
        boundary_source="Kharkiv, Donetsk and Luhansk oblasts (the baseline map's coverage)",
    )


def _control(
    out: Path, gaz: Gazetteer, events: gpd.GeoDataFrame
) -> tuple[ControlDay, ControlDay, ControlHistory, list[dict[str, Any]], Path]:
    from .control import area_changes, control_on, oblast_regions

    data = theatre_control(theatre_settlements(gaz, events), events)
    before, after = control_on(data, BEFORE), control_on(data, AFTER)
    # overall ("all") and by oblast
    changes = area_changes(before, after, regions=oblast_regions(data.tessellation))
    import pandas as pd

    from .maps import ControlHistory

    # the layers `frontline map --control` and `frontline figure --control` read, both dates in each
    polygons = pd.concat([before.polygons, after.polygons], ignore_index=True)
    fronts = pd.concat([_front_frame(before), _front_frame(after)], ignore_index=True)

    def write_control(tmp: Path) -> None:
        polygons.assign(date=polygons["date"].astype(str)).to_file(
            tmp, layer="control_polygons", driver="GPKG"
        )
        fronts.to_file(tmp, layer="front_line", driver="GPKG")

    path = write_atomic(out / "control.gpkg", write_control)
    write_csv(changes, out / "area_changes.csv")
    return before, after, ControlHistory(polygons, fronts), changes.to_dict("records"), path


def _front_frame(day: ControlDay) -> gpd.GeoDataFrame:
    import geopandas as gpd

    return gpd.GeoDataFrame({"date": [str(day.date)]}, geometry=[day.front_line()], crs="EPSG:4326")


def _network(
    before: ControlDay,
) -> tuple[nx.MultiGraph, list[HubImpact], list[HubImpact], tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]]:
    from .network import (
        control_cost,
        find_place,
        hub_impact,
        load_theatre_network,
        rank_hubs,
        route_table,
        routes_gdf,
        without_nodes,
    )

    G = load_theatre_network()
    # Russian supply as the ground lay on the eve: roads in Ukrainian ground or in range of the front cut
    cost = control_cost(G, before, side="RU", range_km=INTERDICTION_RANGE_KM)
    sources = [find_place(G, name).endpoint(G) for name in SOURCES]
    targets = [find_place(G, name).endpoint(G) for name in TARGETS]
    impacts = [
        hub_impact(
            G,
            tuple(n for name in hub_names for n in find_place(G, name).nodes),
            sources=sources,
            targets=targets,
            cost=cost,
            label=" and ".join(hub_names),
        )
        for hub_names in (HUB, HUB_WITH_JUNCTION)
    ]
    hub = impacts[-1].nodes
    ranking = rank_hubs(G, sources=sources, targets=targets, cost=cost)
    routes = (
        routes_gdf(G, route_table(G, sources, targets, cost=cost)),
        routes_gdf(G, route_table(G, sources, targets, cost=without_nodes(cost, hub))),
    )
    return G, impacts, ranking, routes


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    import pandas as pd

    return write_csv(pd.DataFrame(rows), path)


def _maps(
    out: Path,
    events: gpd.GeoDataFrame,
    G: nx.MultiGraph,
    impact: HubImpact,
    routes: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame],
    control: ControlHistory,
    *,
    offline: bool,
) -> tuple[Path, Path]:
    import geopandas as gpd
    from shapely.geometry import Point

    from .maps import ImpactRoutes, build_map, write_map
    from .maps.figures import draw_figure, save_figure

    hubs = gpd.GeoDataFrame(
        {"name": [G.nodes[n].get("name", str(n)) for n in impact.nodes]},
        geometry=[Point(G.nodes[n]["x"], G.nodes[n]["y"]) for n in impact.nodes],
        crs="EPSG:4326",
    )
    before_routes, after_routes = (r.assign(cut=r["cost_km"].isna()) for r in routes)
    lost = ImpactRoutes(hubs, before_routes, after_routes)
    title = "Kharkiv counteroffensive, 6 September – 5 October 2022"
    m = build_map(events, network=G, hub_impact=lost, control=control, title=title, offline=offline)
    html = write_map(m, out / "map.html")
    fig = draw_figure(events, network=G, hub_impact=lost, control=control, date=str(AFTER), title=title)
    png = save_figure(fig, out / "map.png")
    return html, png


def _pokrovsk(out: Path, snapshots: Path) -> tuple[list[dict[str, Any]], dict[str, Path]]:
    """Losing Pokrovsk: Ukrainian supply from Dnipro and Pavlohrad toward Kostiantynivka and Kurakhove,
    every road in Russian-held ground on 1 January 2025 (DeepState) cut; a table and a figure."""
    import geopandas as gpd

    from .control import (
        control_on,
        natural_earth_boundary,
        prepare_control,
        read_snapshots,
        settlements_from_gazetteer,
    )
    from .maps import ControlHistory, ImpactRoutes
    from .maps.assets import natural_earth_path
    from .maps.figures import draw_figure, save_figure
    from .network import control_cost, find_place, hub_impact, load_theatre_network

    ne = natural_earth_path()
    data = prepare_control(
        settlements_from_gazetteer(Gazetteer.open()),
        snapshots=read_snapshots(snapshots),
        area_of_interest=natural_earth_boundary(ne) if ne is not None else None,
        boundary_source="Natural Earth 1:10m" if ne is not None else "",
    )
    day = control_on(data, POKROVSK_DATE)
    G = load_theatre_network()
    cost = control_cost(G, day, side="UA")
    impact = hub_impact(
        G,
        find_place(G, "Pokrovsk").nodes,
        sources=[find_place(G, n).endpoint(G) for n in POKROVSK_SOURCES],
        targets=[find_place(G, n).endpoint(G) for n in POKROVSK_TARGETS],
        cost=cost,
        label="Pokrovsk",
    )
    rows = _impact_rows(G, impact)
    paths = {"pokrovsk_impact": _write_csv(out / "pokrovsk_impact.csv", rows)}
    front = gpd.GeoDataFrame({"date": [str(day.date)]}, geometry=[day.front_line()], crs="EPSG:4326")
    polygons = gpd.GeoDataFrame(day.polygons.assign(date=str(day.date)), crs="EPSG:4326")
    history = ControlHistory(polygons, front, source="DeepState (deepstatemap.live)")
    fig = draw_figure(
        network=G,
        hub_impact=ImpactRoutes.of(G, impact, cost=cost),
        control=history,
        date=str(POKROVSK_DATE),
        title="Losing Pokrovsk: Ukrainian supply toward Kostiantynivka and Kurakhove, 1 January 2025",
    )
    paths["pokrovsk_figure"] = save_figure(fig, out / "pokrovsk.png")
    return rows, paths


# -- results -----------------------------------------------------------------------------------------


def _areas(day: ControlDay) -> dict[str, float]:
    from .control import areas_by_side

    return {side: round(km2, 1) for side, km2 in areas_by_side(day).items()}


def _impact_rows(G: nx.MultiGraph, impact: HubImpact) -> list[dict[str, Any]]:
    def name(n: Any) -> str:
        return str(G.nodes[n].get("name", n))

    return [
        {
            "hub": impact.hub,
            "from": name(p.source),
            "to": name(p.target),
            "before_km": None if p.before_km is None else round(p.before_km, 1),
            "after_km": None if p.after_km is None else round(p.after_km, 1),
            "detour_pct": None if p.detour_pct is None else round(p.detour_pct, 1),
            # road↔rail transfers added, in km-equivalents: never part of the distances or detour %
            "added_penalty_km": None if p.added_penalty_km is None else round(p.added_penalty_km, 1),
            "status": p.status,
        }
        for p in impact.pairs
    ]


def _ranking_rows(ranking: list[HubImpact], top: int = 10) -> list[dict[str, Any]]:
    return [
        {
            "rank": i,
            "hub": h.hub,
            "routes_cut": h.summary.cut,
            "routes_longer": h.summary.longer,
            "added_km": round(h.summary.added_km, 1),
            "max_detour_pct": round(h.summary.max_detour_pct, 1),
            "added_penalty_km": round(h.summary.added_penalty_km, 1),
        }
        for i, h in enumerate(ranking[:top], 1)
    ]


def _summary(out: Path, result: DemoResult, *, reports: int) -> Path:
    lines = [
        "# Kharkiv counteroffensive, 6 September – 5 October 2022 (frontline demo)",
        "",
        f"- Events extracted from {reports} sample reports: **{result.events}** "
        f"(store: `{result.paths['events'].name}`).",
    ]
    for day, areas in result.area_km2.items():
        lines.append(
            f"- Territory on {day}: Ukraine {areas.get('UA', 0):,.0f} km², "
            f"Russia {areas.get('RU', 0):,.0f} km², contested {areas.get('contested', 0):,.0f} km²."
        )
    lines += ["", "## km² that changed hands", "", _markdown(result.changes), ""]
    lines += [
        f"## Losing Kupiansk: Russian supply from {' and '.join(SOURCES)} toward {' and '.join(TARGETS)}",
        "",
        f"Roads in Ukrainian-held ground on {BEFORE} and within {INTERDICTION_RANGE_KM:g} km of the front "
        "are cut.",
        "",
        _markdown(result.impact),
        "",
        "## Hubs that matter most for those routes",
        "",
        _markdown(result.ranking),
        "",
        "## A later front: losing Pokrovsk (1 January 2025)",
        "",
        (
            "Ukrainian supply from Dnipro and Pavlohrad toward Kostiantynivka and Kurakhove, roads in "
            "Russian-held ground on DeepState's map of the day cut:\n\n" + _markdown(result.second)
        )
        if result.second
        else result.second_note,
        "",
        "Files: " + ", ".join(f"`{p.name}`" for p in result.paths.values()),
        "",
    ]
    return write_text_atomic(out / "summary.md", "\n".join(lines))


def _markdown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "(none)"
    cols = list(rows[0])

    def cell(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        return f"{v:,.1f}" if isinstance(v, float) else str(v)

    head = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols)
    return head + "\n" + "\n".join("| " + " | ".join(cell(r[c]) for c in cols) + " |" for r in rows)
