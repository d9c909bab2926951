"""``frontline extract`` and ``frontline events import | export``: reports into the event store, and
events in and out of it.

geopandas is imported inside the commands only, so the commands that only geocode stay light.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ._console import console, error_console, progress_callback, say_skipped, step
from ._control import PublishedMaps, geocoding_theatre, map_options
from ._options import (
    AnalystOpt,
    ForceOpt,
    GazetteerOpt,
    SchedulerOpt,
    StoreOpt,
    WorkersOpt,
    bulk_client,
    open_gazetteer,
    parse_bbox,
    parse_date,
)

if TYPE_CHECKING:
    from ..events import Event

__all__ = ["app", "extract"]

app = typer.Typer()
events_app = typer.Typer(
    name="events",
    help="Import and export the event store (ACLED CSV, GeoJSON, KML, GeoPackage).",
    no_args_is_help=True,
)
app.add_typer(events_app)


@app.command()
@map_options
def extract(  # noqa: PLR0913 — typer: one parameter per option
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Reports: text, Markdown, HTML articles, .jsonl records (id/text/date/source/url), "
            "Telegram Desktop exports (result.json), RSS/Atom feeds (file or URL); - for stdin."
        ),
    ],
    *,
    report_date: Annotated[
        str | None,
        typer.Option("--date", help="Date of the reports (YYYY-MM-DD); .jsonl records may carry their own."),
    ] = None,
    source: Annotated[str, typer.Option(help="Who published the reports (default: the file name).")] = "",
    url: Annotated[str, typer.Option(help="Link to the report.")] = "",
    store: StoreOpt = None,
    analyst: AnalystOpt = None,
    gazetteer: GazetteerOpt = None,
    maps: PublishedMaps,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the events as JSON lines with ACLED field names.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Extract and print; store nothing.")] = False,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Turn reports into dated, located ACLED events and add them to the store."""
    from ..events import events_frame, records
    from ..extract import extract_events
    from ..extract.extractor import WINDOW_CHARS
    from ..sources import read_source
    from ..store import append_events

    when = parse_date(report_date, "--date")
    theatre = geocoding_theatre(
        maps, gazetteer
    )  # (the published maps' fronts, for the choice among namesakes)
    if workers is not None or scheduler is not None:
        events, count = _extract_bulk(files, when, source, url, gazetteer, theatre, workers, scheduler)
    else:
        # every file is read and checked before anything is stored
        reports = []
        for f in files:
            batch = read_source(f, default_date=when, source=source, url=url)
            for line in batch.skipped:
                say_skipped(line)
            reports.extend(batch.reports)
        gaz = open_gazetteer(gazetteer, theatre=theatre)
        events, count = [], len(reports)
        with progress_callback("Extracting events") as progress:
            # in characters, so that one long report (read window by window) moves the bar too
            total, before = sum(len(r.text) for r in reports), 0
            for done, report in enumerate(reports, 1):
                by_window = None
                if progress is not None and len(report.text) > WINDOW_CHARS:
                    by_window = functools.partial(_advance, progress, before, total)
                events.extend(extract_events(report, gaz, progress=by_window))
                before += len(report.text)
                if progress is not None and (done % 50 == 0 or done == len(reports)):
                    progress(before, total)
    table = events_frame(events)
    if as_json:
        for rec in records(table):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if dry_run:
        if not as_json:
            console.print(f"{len(table)} events from {count} reports (not stored: --dry-run)")
        return
    with step(f"Storing {len(table):,} events"):
        summary = append_events(table, store, analyst=analyst)
    # events of one place, type and day told by several of these reports are stored once: say so, so
    # that new + merged + already there + told again adds up to the events found
    kept = len(table) - summary.dropped
    again = kept - (summary.added + summary.merged + summary.unchanged)
    message = (
        f"{len(table)} events from {count} reports: {summary.added} new, {summary.merged} merged "
        f"with events already stored, {summary.unchanged} already there"
        + (f", {again} told again by another of these reports (merged into one)" if again else "")
        + (f", {summary.dropped} dropped by an analyst (events set --drop)" if summary.dropped else "")
        + f" → {summary.path} ({summary.total} events)"
    )
    (error_console if as_json else console).print(message)


def _extract_bulk(
    files: list[Path],
    when: date | None,
    source: str,
    url: str,
    gazetteer: list[Path] | None,
    theatre: Any,
    workers: int | None,
    scheduler: str | None,
) -> tuple[list[Event], int]:
    """Events of corpus files (JSON lines, .jsonl.gz, Parquet, folders) extracted on a Dask cluster, and
    how many reports they came from; nothing is stored until every record is done."""
    import time

    from ..bulk import ReportDefaults, check_paths, extract_corpus

    check_paths(files)
    open_gazetteer(gazetteer, theatre=theatre)  # the index is built here once, before any worker opens it
    reports = 0

    def count(done: int) -> None:
        nonlocal reports
        reports = done

    with bulk_client(workers, scheduler) as client:
        assert client is not None
        events = extract_corpus(
            files,
            client=client,
            defaults=ReportDefaults(when, source, url),
            gazetteer=gazetteer or (),
            theatre=theatre,
            timestamp=int(time.time()),
            progress=count,
            on_skip=say_skipped,
        )
    if not reports:
        names = ", ".join(str(f) for f in files)
        msg = f'{names}: no reports in the input — give JSON lines with a "text" each'
        raise InputError(msg)
    return events, reports


def _advance(progress: Callable[..., None], before: int, total: int, read: int) -> None:
    progress(before + read, total)


@events_app.command("import")
def events_import(
    path: Annotated[Path, typer.Argument(help="ACLED CSV, GeoJSON, KML or GeoPackage file of events.")],
    store: StoreOpt = None,
    analyst: AnalystOpt = None,
    on_error: Annotated[
        str,
        typer.Option("--on-error", help="Malformed rows: 'skip' (reported) or 'fail' (store nothing)."),
    ] = "skip",
) -> None:
    """Add the events of a file to the store (same events merge; nothing is stored twice)."""
    from ..io import import_events
    from ..store import append_events

    with step(f"Reading {path.name}"):
        imported = import_events(path, on_error=on_error)
    for problem in imported.problems:
        say_skipped(problem)
    with step(f"Storing {len(imported.events):,} events"):
        summary = append_events(imported.events, store, extra=imported.extra, analyst=analyst)
    console.print(
        f"{len(imported.events)} events read from {path} ({len(imported.problems)} rows skipped): "
        f"{summary.added} new, {summary.merged} merged, {summary.unchanged} already there → {summary.path}"
    )


@events_app.command("export")
def events_export(
    path: Annotated[Path, typer.Argument(help="Output file: .csv (ACLED), .geojson, .kml or .gpkg.")],
    store: StoreOpt = None,
    start: Annotated[str | None, typer.Option(help="Only events on or after this date (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Only events on or before this date (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, typer.Option(help="Only events in MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this ACLED event type or sub-event type.")
    ] = None,
    side: Annotated[str | None, typer.Option(help="Only events involving UA or RU.")] = None,
    force: ForceOpt = False,
) -> None:
    """Write the stored events (or a selection) to a file; the format follows the extension."""
    from ..files import check_target
    from ..io import export_events, format_of
    from ..store import default_store, is_database_url, read_events, read_extra

    fmt = format_of(path)
    where = store or default_store()
    check_target(path, kind="events", force=force, keep=[] if is_database_url(where) else [Path(where)])
    table = read_events(
        store,
        start=parse_date(start, "--start"),
        end=parse_date(end, "--end"),
        bbox=parse_bbox(bbox),
        event_type=event_type,
        side=side.upper() if side else None,
    )
    with step(f"Writing {len(table):,} events to {path.name}"):
        export_events(table, path, extra=read_extra(store))
    console.print(f"Wrote {len(table)} events to {path} ({fmt})")


@events_app.command("set")
def events_set(
    event_id: Annotated[str, typer.Argument(help="The event's event_id_cnty (see frontline review).")],
    place: Annotated[
        str | None,
        typer.Option(help="Move the event to this place: a GeoNames id or a name, e.g. 'Lyman, Donetsk'."),
    ] = None,
    drop: Annotated[
        bool, typer.Option("--drop", help="Remove the event; re-extraction does not bring it back.")
    ] = False,
    confidence: Annotated[
        str | None,
        typer.Option(help="Set x_confidence: confirmed, reported, claimed, disputed or unconfirmed."),
    ] = None,
    store: StoreOpt = None,
    analyst: AnalystOpt = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Correct one stored event; the correction is recorded with who and when, and kept when the same
    event is extracted or imported again."""
    from ..store import correct_event

    moved: dict[str, object] | None = None
    if place is not None:
        gaz = open_gazetteer(gazetteer)
        found = gaz.resolve(place, feature_classes={"P", "A"}, limit=1)
        if not found:
            raise gaz.unknown(place)
        p = found[0].place
        admin1 = "" if p.admin1.isdigit() else p.admin1.replace(" Oblast", "")
        moved = {
            "location": p.name,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "x_geonameid": p.geonameid,
            "admin1": admin1,
        }
    done = correct_event(event_id, store, place=moved, drop=drop, confidence=confidence, analyst=analyst)
    what = (
        "dropped"
        if drop
        else ", ".join(
            part
            for part in (
                f"moved to {moved['location']} (geonameid {moved['x_geonameid']})" if moved else "",
                f"confidence {confidence}" if confidence else "",
            )
            if part
        )
    )
    console.print(f"{event_id}: {what} — recorded by {done.analyst} at {done.at}", highlight=False)
