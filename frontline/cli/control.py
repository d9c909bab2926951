"""``frontline control …``: settlement status, control polygons, the front line and km² for dates.

geopandas is imported inside the commands, so the other commands stay fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ..files import write_atomic
from ._console import console
from ._options import GazetteerOpt, JsonOpt, StoreOpt, open_gazetteer, parse_date, read_store

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from ..control import ControlData

__all__ = ["app"]

_SHOW = 30  # settlements listed in the status table

app = typer.Typer(
    name="control",
    help="Territorial control from events and published maps: status, polygons, front line, km².",
    no_args_is_help=True,
)

# -- options shared by the commands ------------------------------------------------------------------

DateOpt = Annotated[str, typer.Option("--date", "-d", help="The day, YYYY-MM-DD.", show_default=False)]
SnapshotsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--snapshots",
        help="Published control map (DeepState GeoJSON, KML/KMZ, polygons with side and date); repeatable.",
        show_default=False,
    ),
]
SnapshotDateOpt = Annotated[
    str | None,
    typer.Option(
        "--snapshot-date", help="Date of the snapshots when their files carry none.", show_default=False
    ),
]
SideFieldOpt = Annotated[
    str | None, typer.Option("--side-field", help="Snapshot attribute naming the side.", show_default=False)
]
DateFieldOpt = Annotated[
    str | None, typer.Option("--date-field", help="Snapshot attribute holding the date.", show_default=False)
]
CountryOpt = Annotated[str, typer.Option("--country", help="Country whose settlements are tessellated.")]
BoundaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--boundary",
        help="Polygon file of the area of interest (default: outline of the country's settlements).",
        show_default=False,
    ),
]
ConfirmOpt = Annotated[
    int, typer.Option("--confirm-days", min=0, help="Days a claim may wait for confirmation and still count.")
]
DefaultSideOpt = Annotated[
    str | None,
    typer.Option(
        "--default-side", help="Side of settlements nothing else decides (e.g. UA).", show_default=False
    ),
]
NoFillOpt = Annotated[
    bool, typer.Option("--no-fill", help="Do not give unknown settlements their agreeing neighbours' side.")
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Write the result: .geojson, .gpkg or .kml (.csv for tables).", show_default=False
    ),
]


def _prepare(  # noqa: PLR0913 — one place for the options every command shares
    *,
    store: Path | None,
    snapshots: list[Path] | None,
    snapshot_date: str | None,
    side_field: str | None,
    date_field: str | None,
    gazetteer: list[Path] | None,
    country: str,
    boundary: Path | None,
    confirm_days: int,
    default_side: str | None,
    no_fill: bool,
) -> ControlData:
    import pandas as pd

    from ..control import prepare_control, read_boundary, read_snapshots, settlements_from_gazetteer

    snapshots_on = parse_date(snapshot_date, "--snapshot-date")
    events = read_store(store) if store is not None or not snapshots else None
    frames = [
        read_snapshots(p, side_field=side_field, date_field=date_field, date=snapshots_on)
        for p in snapshots or []
    ]
    snaps = pd.concat(frames, ignore_index=True) if frames else None
    settlements = settlements_from_gazetteer(open_gazetteer(gazetteer), country_code=country)
    area = read_boundary(boundary) if boundary is not None else None
    return prepare_control(
        settlements,
        events,
        snapshots=snaps,
        area_of_interest=area,
        confirm_within_days=confirm_days,
        fill_from_neighbours=not no_fill,
        default_side=default_side,
    )


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text, so every format (and JSON) can hold them."""
    import datetime as dt

    out = frame.copy()
    for column in out.columns:
        if column != "geometry" and out[column].map(lambda v: isinstance(v, dt.date)).any():
            out[column] = out[column].map(lambda v: v.isoformat() if isinstance(v, dt.date) else "")
    return out


def _write(frame: gpd.GeoDataFrame | pd.DataFrame, path: Path) -> None:
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    drivers = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".kml": "KML"}
    suffix = path.suffix.lower()
    plain = _plain(frame)
    if suffix == ".csv":
        table = plain.drop(columns="geometry") if "geometry" in plain.columns else plain
        write_atomic(path, lambda tmp: table.to_csv(tmp, index=not isinstance(frame.index, pd.RangeIndex)))
    elif suffix in drivers and isinstance(frame, gpd.GeoDataFrame):
        write_atomic(
            path,
            lambda tmp: pyogrio.write_dataframe(
                plain.reset_index(), tmp, layer=path.stem, driver=drivers[suffix]
            ),
        )
    else:
        kinds = ".geojson, .gpkg, .kml or .csv" if isinstance(frame, gpd.GeoDataFrame) else ".csv"
        msg = f"cannot write {path.name} — give --out a {kinds} file"
        raise InputError(msg)
    console.print(f"Wrote {len(frame):,} row{'s' if len(frame) != 1 else ''} to {path}")


def _print_json(frame: pd.DataFrame) -> None:
    table = _plain(frame.drop(columns="geometry") if "geometry" in frame.columns else frame)
    index = frame.index.name
    for record in table.reset_index().to_dict("records") if index else table.to_dict("records"):
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def _table(frame: pd.DataFrame, title: str) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    columns = [c for c in frame.columns if c != "geometry"]
    for column in columns:
        table.add_column(
            column, justify="right" if column.endswith("km2") or column.endswith("km") else "left"
        )
    for row in frame[columns].itertuples(index=False):
        table.add_row(*(f"{v:,.1f}" if isinstance(v, float) else str(v) for v in row))
    console.print(table)


# -- commands -------------------------------------------------------------------------------------------


@app.command()
def status(  # noqa: PLR0913 — typer options
    date: DateOpt,
    *,
    store: StoreOpt = None,
    snapshots: SnapshotsOpt = None,
    snapshot_date: SnapshotDateOpt = None,
    side_field: SideFieldOpt = None,
    date_field: DateFieldOpt = None,
    gazetteer: GazetteerOpt = None,
    country: CountryOpt = "UA",
    boundary: BoundaryOpt = None,
    confirm_days: ConfirmOpt = 7,
    default_side: DefaultSideOpt = None,
    no_fill: NoFillOpt = False,
    out: OutOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Each settlement's controlling side on DATE, with the event or snapshot that set it."""
    from ..control import control_on

    on = parse_date(date, "--date")
    data = _prepare(**_shared(locals()))
    day = control_on(data, on)
    known = day.status[day.status["status"] != "unknown"]
    if out is not None:
        _write(day.status, out)
    if as_json:
        _print_json(known)
        return
    if known.empty:
        console.print(f"No control data for {day.date}: every settlement is unknown.")
        return
    counts = known.groupby(["status", "source"]).size().reset_index(name="settlements")
    _table(counts, f"Settlements by status on {day.date} ({day.source})")
    decided = known[known["source"] == "event"].sort_values("since", ascending=False, kind="stable")
    if not decided.empty:
        shown = decided.head(_SHOW).reset_index().drop(columns="geometry")
        more = (
            f" — the latest {_SHOW} of {len(decided):,}; --out FILE or --json for all"
            if len(decided) > _SHOW
            else ""
        )
        _table(shown, f"Set by events{more}")


@app.command()
def polygons(  # noqa: PLR0913 — typer options
    date: DateOpt,
    *,
    store: StoreOpt = None,
    snapshots: SnapshotsOpt = None,
    snapshot_date: SnapshotDateOpt = None,
    side_field: SideFieldOpt = None,
    date_field: DateFieldOpt = None,
    gazetteer: GazetteerOpt = None,
    country: CountryOpt = "UA",
    boundary: BoundaryOpt = None,
    confirm_days: ConfirmOpt = 7,
    default_side: DefaultSideOpt = None,
    no_fill: NoFillOpt = False,
    out: OutOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Territory by side on DATE (dissolved Thiessen cells of settlements, or a snapshot's polygons)."""
    from ..control import control_on

    on = parse_date(date, "--date")
    data = _prepare(**_shared(locals()))
    day = control_on(data, on)
    if out is not None:
        _write(day.polygons, out)
    if as_json:
        _print_json(day.polygons)
    elif day.polygons.empty:
        console.print(f"No control data for {day.date}: no territory to draw.")
    else:
        _table(day.polygons, f"Territory on {day.date}")


@app.command("frontline")
def frontline_cmd(  # noqa: PLR0913 — typer options
    date: DateOpt,
    *,
    store: StoreOpt = None,
    snapshots: SnapshotsOpt = None,
    snapshot_date: SnapshotDateOpt = None,
    side_field: SideFieldOpt = None,
    date_field: DateFieldOpt = None,
    gazetteer: GazetteerOpt = None,
    country: CountryOpt = "UA",
    boundary: BoundaryOpt = None,
    confirm_days: ConfirmOpt = 7,
    default_side: DefaultSideOpt = None,
    no_fill: NoFillOpt = False,
    smooth_km: Annotated[
        float, typer.Option("--smooth-km", min=0, help="Simplify to this distance and round the corners.")
    ] = 0.0,
    contested_as: Annotated[
        str | None,
        typer.Option(
            "--contested-as",
            help="Count contested land as UA's or RU's, so the line runs through grey zones.",
            show_default=False,
        ),
    ] = None,
    out: OutOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The front line on DATE: where UA-held and RU-held territory meet (a MultiLineString)."""
    import geopandas as gpd
    from pyproj import Geod

    from ..control import control_on

    on = parse_date(date, "--date")
    data = _prepare(**_shared(locals()))
    day = control_on(data, on)
    line = day.front_line(smooth_km=smooth_km, contested_as=contested_as)
    length_km = Geod(ellps="WGS84").geometry_length(line) / 1000 if not line.is_empty else 0.0
    frame = gpd.GeoDataFrame(
        {"date": [day.date], "source": [day.source], "length_km": [round(length_km, 3)]},
        geometry=[line],
        crs="EPSG:4326",
    )
    if out is not None:
        _write(frame, out)
    if as_json:
        _print_json(frame.assign(segments=len(line.geoms)))
    elif line.is_empty:
        console.print(f"No front line on {day.date}: the sides do not meet (or one holds nothing).")
    else:
        console.print(
            f"Front line on {day.date}: {length_km:,.1f} km in {len(line.geoms)} segment(s) ({day.source})"
        )


@app.command()
def areas(  # noqa: PLR0913 — typer options
    *,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="The day, YYYY-MM-DD.", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Also km² gained and lost from this day to --date.", show_default=False),
    ] = None,
    by_oblast: Annotated[
        bool, typer.Option("--by-oblast", help="Break gains and losses down by oblast.")
    ] = False,
    start: Annotated[
        str | None, typer.Option("--start", help="First day of a daily series.", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="Last day of a daily series.", show_default=False)
    ] = None,
    store: StoreOpt = None,
    snapshots: SnapshotsOpt = None,
    snapshot_date: SnapshotDateOpt = None,
    side_field: SideFieldOpt = None,
    date_field: DateFieldOpt = None,
    gazetteer: GazetteerOpt = None,
    country: CountryOpt = "UA",
    boundary: BoundaryOpt = None,
    confirm_days: ConfirmOpt = 7,
    default_side: DefaultSideOpt = None,
    no_fill: NoFillOpt = False,
    out: OutOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """km² per side on --date; gained and lost since --since (--by-oblast); a daily series --start…--end."""
    import pandas as pd

    from ..control import area_changes, areas_by_side, control_on, daily_series, oblast_regions

    on, since_day = parse_date(date, "--date"), parse_date(since, "--since")
    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    if (first is None) != (last is None):
        raise InputError("a daily series needs both --start and --end (YYYY-MM-DD)")
    if on is None and first is None:
        raise InputError("give --date YYYY-MM-DD (areas on a day) or --start and --end (a daily series)")
    data = _prepare(**_shared(locals()))
    if first is not None and last is not None:
        table = daily_series(data, first, last)
        title = f"Daily km² by side, {first} to {last}"
    elif since_day is not None:
        before, after = control_on(data, since_day), control_on(data, on)
        regions = oblast_regions(data.tessellation) if by_oblast else None
        table = area_changes(before.polygons, after.polygons, crs=data.tessellation.crs, regions=regions)
        title = f"km² gained and lost from {before.date} ({before.source}) to {after.date} ({after.source})"
    else:
        day = control_on(data, on)
        sizes = areas_by_side(day.polygons)
        table = pd.DataFrame({"side": list(sizes), "area_km2": list(sizes.values())})
        table = table[table["area_km2"] > 0] if not day.polygons.empty else table.iloc[0:0]
        title = f"km² by side on {day.date} ({day.source})"
    if out is not None:
        _write(table, out)
    if as_json:
        _print_json(table)
    elif table.empty:
        console.print("No control data for that date.")
    else:
        _table(table, title)


_SHARED = (
    "store",
    "snapshots",
    "snapshot_date",
    "side_field",
    "date_field",
    "gazetteer",
    "country",
    "boundary",
    "confirm_days",
    "default_side",
    "no_fill",
)


def _shared(options: dict[str, Any]) -> dict[str, Any]:
    return {name: options[name] for name in _SHARED}
