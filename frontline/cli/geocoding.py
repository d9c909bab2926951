"""``frontline geocode`` and ``frontline geoparse``: one name to its place; reports to their places.

Neither imports geopandas, folium or networkx, so both start fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ._console import console, say_skipped, step
from ._control import PublishedMaps, geocoding_theatre, map_options
from ._options import (
    GazetteerOpt,
    JsonOpt,
    SchedulerOpt,
    WorkersOpt,
    bulk_client,
    open_gazetteer,
    parse_date,
)

if TYPE_CHECKING:
    from gazetteer import Candidate

__all__ = ["app", "geocode", "geoparse"]

app = typer.Typer()


def _place_dict(candidate: Candidate) -> dict[str, Any]:
    p = candidate.place
    return {
        "geonameid": p.geonameid,
        "name": p.name,
        "geonames_name": p.geonames_name,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "feature_class": p.feature_class,
        "feature_code": p.feature_code,
        "country_code": p.country_code,
        "admin1": p.admin1,
        "population": p.population,
        "score": round(candidate.score, 4),
        "match": candidate.match,
    }


#: Allocations between two young-generation passes of the cycle collector while geoparsing (Python's
#: default: 700).
_YOUNG_GC_THRESHOLD = 50_000


@contextlib.contextmanager
def _collector_for_caches() -> Iterator[None]:
    """Python's cycle collector run less often while reports are geoparsed, as it was afterwards.

    Geoparsing fills the gazetteer's caches with many small objects that live as long as the process
    (the places, candidates and scores of every name met), and none of them is in a cycle. At the
    default threshold the collector walked them again and again as they came, and every object of
    start-up (the modules) with them: 8 % of the CPU time of a first pass over 6,000 event notes
    (0.12 s, of which 0.03 s remain). Start-up's objects are left out of its walks (``gc.freeze``),
    and it runs after every 50,000 allocations rather than 700."""
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(_YOUNG_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen:  # (a caller's own freeze is left as it was)
            gc.unfreeze()


@app.command()
@map_options
def geocode(
    name: Annotated[
        str, typer.Argument(help="Place name in any common spelling (Latin or Cyrillic), or a GeoNames id.")
    ],
    *,
    context: Annotated[
        str | None, typer.Option(help="Text around the name (the report) to steer the choice.")
    ] = None,
    feature_class: Annotated[
        str | None,
        typer.Option("--feature-class", "-f", help="Keep only these GeoNames classes, e.g. P or PA."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many alternatives to show.")] = 5,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Day of the report (YYYY-MM-DD): namesakes near that day's front lines are preferred.",
        ),
    ] = None,
    gazetteer: GazetteerOpt = None,
    maps: PublishedMaps,
    as_json: JsonOpt = False,
) -> None:
    """Best place for one NAME, with the alternatives and their scores."""
    if not name.strip():
        raise InputError("the place name is empty — give a name such as Kupiansk, Izyum or Лиман")
    if feature_class is not None and not feature_class.isalpha():
        msg = f"--feature-class {feature_class!r} must be GeoNames class letters such as P, A, H, S or T"
        raise InputError(msg)
    on = parse_date(day, "--date")
    gaz = open_gazetteer(gazetteer, theatre=geocoding_theatre(maps, gazetteer))
    classes = set(feature_class.upper()) if feature_class else None
    ranked = gaz.resolve(name, context=context, feature_classes=classes, limit=limit + 1, on=on)
    if not ranked:
        raise gaz.unknown(name)
    if as_json:
        best, *rest = ranked
        out = {"query": name, **_place_dict(best), "alternatives": [_place_dict(c) for c in rest[:limit]]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    table = Table(title=repr(name), title_justify="left")
    for col in ("", "place", "oblast / admin1", "cc", "type", "population", "score", "geonameid", "lat, lon"):
        table.add_column(col, justify="right" if col in ("population", "score", "geonameid") else "left")
    for i, c in enumerate(ranked[: limit + 1]):
        p = c.place
        table.add_row(
            "best" if i == 0 else str(i),
            p.name,
            p.admin1,
            p.country_code,
            p.feature_code or p.feature_class,
            f"{p.population:,}",
            f"{c.score:.2f}",
            str(p.geonameid),
            f"{p.latitude:.4f}, {p.longitude:.4f}",
        )
    console.print(table)


@app.command()
@map_options
def geoparse(
    file: Annotated[
        Path | None,
        typer.Argument(
            help='JSON lines {"id":…, "text":…} or plain text; stdin when omitted or -; also .jsonl.gz, '
            "Parquet (id, text, date, source columns), Telegram exports (result.json), feeds, HTML pages "
            "or a folder of them."
        ),
    ] = None,
    *,
    report_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Day of the reports that give none (YYYY-MM-DD): steers same-named places toward that "
            "day's front; an HTML page with no date of its own needs it.",
        ),
    ] = None,
    gazetteer: GazetteerOpt = None,
    maps: PublishedMaps,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    alternatives: Annotated[
        int,
        typer.Option(
            min=0,
            max=5,  # the runners-up a mention keeps (gazetteer.resolution)
            help="List up to N runners-up with each place (its place fields, score and how the name "
            'matched) under "alternatives": the other readings, for review where the cues disagree.',
        ),
    ] = 0,
) -> None:
    """Find and resolve the places in reports; write each record back with "places" and "location".

    Input is JSON lines (each record keeps its other fields). A file that is not JSON lines is read as
    one plain-text report, in pieces, and written as one record without its text. A record's "date"
    (or "event_date") prefers, among places of one name, those near that day's front: the embedded
    front lines, and those of the published maps given with --snapshots.
    """
    from ..bulk import holds_records
    from ..geoparse import geoparse_lines, open_input

    if file is not None and str(file) == "-":  # stdin, as `frontline extract -` reads it
        file = None
    day = parse_date(report_date, "--date")
    theatre = geocoding_theatre(maps, gazetteer)
    if workers is not None or scheduler is not None:
        from ..bulk import check_paths, geoparse_blocks

        check_paths([file or Path("-")])
        open_gazetteer(gazetteer, theatre=theatre)  # the index is built here once, before any worker opens it
        with bulk_client(workers, scheduler) as client:
            assert client is not None
            blocks = geoparse_blocks(
                [file or Path("-")],
                client=client,
                gazetteer=gazetteer or (),
                theatre=theatre,
                default_date=day,
                on_skip=say_skipped,
                alternatives=alternatives,
            )
            # the workers' UTF-8 as it is, where stdout takes bytes
            binary = getattr(sys.stdout, "buffer", None)
            sys.stdout.flush()
            wrote = False
            for block in blocks:
                wrote = wrote or bool(block)
                if binary is not None:
                    binary.write(block)
                else:
                    sys.stdout.write(block.decode())
        if not wrote:
            raise _no_reports(str(file or "stdin"))
        return
    if file is not None and holds_records(file):  # an export, a feed, a page, Parquet, .gz, a folder
        _geoparse_records(file, open_gazetteer(gazetteer, theatre=theatre), day, alternatives)
        return
    stream = open_input(file)
    try:
        gaz = open_gazetteer(gazetteer, theatre=theatre)
        with step(f"Geoparsing {file.name if file else 'stdin'}"), _collector_for_caches():
            name = str(file) if file else "stdin"
            for line in geoparse_lines(stream, gaz, name=name, default_day=day, alternatives=alternatives):
                sys.stdout.write(line)
    finally:
        if file is not None:  # stdin stays open, as it was given
            stream.close()


def _geoparse_records(file: Path, gaz: Any, day: dt.date | None, alternatives: int = 0) -> None:
    """Geoparse the records of ``file`` as ``--workers`` reads them (Telegram exports, feeds and pages
    item by item, Parquet by row, ``.gz`` and folders whole), in one process; ``day`` is the day of
    records that give none."""
    from ..bulk import check_paths, read_partitions
    from ..geoparse import check_text, geoparse_json

    check_paths([file])
    wrote = False
    with step(f"Geoparsing {file.name}"), _collector_for_caches():
        for part in read_partitions([file], check=check_text, default_date=day, on_skip=say_skipped):
            for record in part.records:
                sys.stdout.write(geoparse_json(record, gaz, day, alternatives=alternatives) + "\n")
                wrote = True
    if not wrote:
        raise _no_reports(str(file))


def _no_reports(name: str) -> InputError:
    """The error for an input that holds no report, whichever way it was read."""
    return InputError(
        f'{name} holds no reports — give JSON lines, one {{"id": …, "text": …}} a line, or an export'
    )
