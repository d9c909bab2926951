"""``frontline control …``: settlement status, control polygons, the front line and km² for dates.

geopandas is imported inside the commands, so the other commands stay fast.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ..files import write_atomic
from ._console import console
from ._control import Sources, control_options, load_control
from ._options import ForceOpt, JsonOpt, grouped, parse_date

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from ..control import ControlData, ControlDay

__all__ = ["app"]

_SHOW = 30  # settlements listed in the status table

app = typer.Typer(
    name="control",
    help="Territorial control from events and published maps: status, polygons, front line, km².",
    no_args_is_help=True,
)

# -- options shared by the commands ------------------------------------------------------------------

DateOpt = Annotated[str, typer.Option("--date", "-d", help="The day, YYYY-MM-DD.", show_default=False)]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Write the result: .geojson, .gpkg or .kml (.csv for tables).", show_default=False
    ),
]


@dataclass(frozen=True)
class _Output:
    """Where a command's result goes besides the terminal: a file (``--out``, replaced only with
    ``--force`` when it is not one of ours) and/or JSON on standard output."""

    out: OutOpt = None
    force: ForceOpt = False
    as_json: JsonOpt = False


#: Gives a command --out, --force and --json, as one ``_Output`` in its ``output`` parameter.
output_options = grouped("output", _Output)


def _day(date: str, sources: Sources) -> ControlDay:
    """Control on ``--date`` from the sources the options gave."""
    from ..control import control_on

    return control_on(load_control(sources), parse_date(date, "--date"))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text, so every format (and JSON) can hold them."""
    import datetime as dt

    out = frame.copy()
    for column in out.columns:
        if column != "geometry" and out[column].map(lambda v: isinstance(v, dt.date)).any():
            out[column] = out[column].map(lambda v: v.isoformat() if isinstance(v, dt.date) else "")
    return out


def _write(frame: gpd.GeoDataFrame | pd.DataFrame, output: _Output) -> None:
    """Write ``frame`` to ``--out`` when given, by its extension."""
    if output.out is None:
        return
    path, force = output.out, output.force
    import geopandas as gpd

    from ..files import check_target
    from ..io import write_csv

    check_target(path, kind="control", force=force)
    import pandas as pd
    import pyogrio

    drivers = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".kml": "KML"}
    suffix = path.suffix.lower()
    plain = _plain(frame)
    if suffix == ".csv":
        table = plain.drop(columns="geometry") if "geometry" in plain.columns else plain
        write_csv(table, path, index=not isinstance(frame.index, pd.RangeIndex))
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


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:,.1f}"  # NaN: nothing to say
    return str(value)


def _table(frame: pd.DataFrame, title: str) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    columns = [c for c in frame.columns if c != "geometry"]
    for column in columns:
        table.add_column(
            column, justify="right" if column.endswith("km2") or column.endswith("km") else "left"
        )
    for row in frame[columns].itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    console.print(table)


# -- commands -------------------------------------------------------------------------------------------


@app.command()
@control_options
@output_options
def status(
    date: DateOpt,
    *,
    sources: Sources,
    output: _Output,
) -> None:
    """Each settlement's controlling side on DATE, with the event or snapshot that set it."""
    day = _day(date, sources)
    known = day.status[day.status["status"] != "unknown"]
    _write(day.status, output)
    if output.as_json:
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
@control_options
@output_options
def polygons(
    date: DateOpt,
    *,
    sources: Sources,
    output: _Output,
) -> None:
    """Territory by side on DATE (dissolved Thiessen cells of settlements, or a snapshot's polygons)."""
    day = _day(date, sources)
    _write(day.polygons, output)
    if output.as_json:
        _print_json(day.polygons)
    elif day.polygons.empty:
        console.print(f"No control data for {day.date}: no territory to draw.")
    else:
        _table(day.polygons, f"Territory on {day.date}")


@app.command("frontline")
@control_options
@output_options
def frontline_cmd(
    date: DateOpt,
    *,
    sources: Sources,
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
    output: _Output,
) -> None:
    """The front line on DATE: where UA-held and RU-held territory meet (a MultiLineString)."""
    import geopandas as gpd
    from pyproj import Geod

    day = _day(date, sources)
    line = day.front_line(smooth_km=smooth_km, contested_as=contested_as)
    length_km = Geod(ellps="WGS84").geometry_length(line) / 1000 if not line.is_empty else 0.0
    frame = gpd.GeoDataFrame(
        {"date": [day.date], "source": [day.source], "length_km": [round(length_km, 3)]},
        geometry=[line],
        crs="EPSG:4326",
    )
    _write(frame, output)
    if output.as_json:
        _print_json(frame.assign(segments=len(line.geoms)))
    elif line.is_empty:
        console.print(f"No front line on {day.date}: the sides do not meet (or one holds nothing).")
    else:
        console.print(
            f"Front line on {day.date}: {length_km:,.1f} km in {len(line.geoms)} segment(s) ({day.source})"
        )


@app.command()
@control_options
@output_options
def areas(  # noqa: PLR0913 — typer options
    *,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="The day, YYYY-MM-DD.", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Also km² gained and lost from this day to --date.", show_default=False),
    ] = None,
    by_oblast: Annotated[bool, typer.Option("--by-oblast", help="Break the figures down by oblast.")] = False,
    series: Annotated[
        bool,
        typer.Option(
            "--series", help="A km² series over the whole history (or --start…--end) instead of one day."
        ),
    ] = False,
    start: Annotated[
        str | None, typer.Option("--start", help="First day of a series.", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="Last day of a series.", show_default=False)
    ] = None,
    every: Annotated[
        str, typer.Option("--every", help="A series' step: day, or month (the last day of each).")
    ] = "day",
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also draw the series: a .png or .svg file.", show_default=False),
    ] = None,
    sources: Sources,
    output: _Output,
) -> None:
    """km² of UA, RU, contested and unknown ground on --date (gained and lost since --since, --by-oblast),
    or a series of them (--series, --start/--end, --every month) written with --out FILE.csv and --plot."""
    on, since_day = parse_date(date, "--date"), parse_date(since, "--since")
    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    if on is None and not (series or first or last):
        raise InputError("give --date YYYY-MM-DD (areas on a day) or --series (km² over the whole history)")
    if on is not None and (series or first or last):
        raise InputError("give either --date (one day) or --series/--start/--end (a series), not both")
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"cannot draw {plot.name} — give --plot a .png or .svg file")
    data = load_control(sources)
    if on is None:
        _series(data, first, last, every=every, plot=plot, output=output)
        return
    _one_day(data, on, since_day, by_oblast=by_oblast, output=output)


def _one_day(data: ControlData, on: Any, since: Any, *, by_oblast: bool, output: _Output) -> None:
    import pandas as pd

    from ..control import area_summary

    summary = area_summary(data, on, since=since, by_oblast=by_oblast)
    rows = [
        {
            "side": status,
            "area_km2": km2,
            **(
                {"gained_km2": summary["gained_km2"].get(status), "lost_km2": summary["lost_km2"].get(status)}
                if "gained_km2" in summary
                else {}
            ),
        }
        for status, km2 in summary["area_km2"].items()
    ]
    table = pd.DataFrame(rows)
    _write(table, output)
    if output.as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
        return
    since_text = f", since {summary['since']} ({summary['since_source']})" if "since" in summary else ""
    _table(table, f"km² on {summary['date']} ({summary['source']}){since_text}")
    if summary["boundary"]:
        from ..control.daily import OUTLINE

        fix = (
            " — run `frontline maps fetch-assets` (Natural Earth's border) or give --boundary for honest km²"
            if summary["boundary"] == OUTLINE
            else ""
        )
        console.print(f"Measured in: {summary['boundary']}{fix}")
    for oblast, figures in summary.get("by_oblast", {}).items():
        console.print(f"  {oblast}: " + json.dumps(figures, ensure_ascii=False))


def _series(
    data: ControlData,
    first: Any,
    last: Any,
    *,
    every: str,
    plot: Path | None,
    output: _Output,
) -> None:
    from ..control import daily_series, series_figure

    table = daily_series(data, first, last, every=every)
    _write(table, output)
    if plot is not None:
        span = f"{table['date'].iloc[0]} to {table['date'].iloc[-1]}"
        figure = series_figure(table, title=f"Ground by status, {span}")
        write_atomic(plot, lambda tmp: figure.savefig(tmp, format=plot.suffix.lower().lstrip(".")))
        console.print(f"Drew the series in {plot}")
    if output.as_json:
        _print_json(table)
    elif output.out is None:
        _table(table, f"km² by status every {every}, {table['date'].iloc[0]} to {table['date'].iloc[-1]}")
