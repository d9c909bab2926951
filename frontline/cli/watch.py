"""``frontline watch``: poll feeds, Telegram exports and folders; store the events of new reports."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from ._console import console, say_skipped
from ._options import AnalystOpt, GazetteerOpt, StoreOpt, open_gazetteer, parse_date

__all__ = ["app"]

app = typer.Typer()


@app.command()
def watch(  # noqa: PLR0913, PLR0917 — typer: one parameter per option
    locations: Annotated[
        list[str],
        typer.Argument(help="Feed URLs or files, Telegram exports (result.json), report files, folders."),
    ],
    every: Annotated[str, typer.Option(help="Time between rounds: 30s, 10m, 1h.")] = "10m",
    rounds: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many rounds (default: run until stopped).")
    ] = None,
    report_date: Annotated[
        str | None,
        typer.Option("--date", help="Date of items that give none (default: the day they are read)."),
    ] = None,
    source: Annotated[
        str, typer.Option(help="Who published items that do not say (default: their own name).")
    ] = "",
    state: Annotated[
        Path | None,
        typer.Option(
            help="File remembering what was seen (default: watch-state.json beside the default store)."
        ),
    ] = None,
    store: StoreOpt = None,
    analyst: AnalystOpt = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Poll sources every interval and append the events of reports not seen before (safe to stop and
    restart: what was seen is remembered, and the store never holds an event twice)."""
    from ..store import default_store_path
    from ..watch import WatchState, parse_every, watch_round

    interval_s = parse_every(every)
    when = parse_date(report_date, "--date")
    seen = WatchState(state or default_store_path().with_name("watch-state.json"))
    gaz = open_gazetteer(gazetteer)
    done = 0
    while True:
        result = watch_round(
            locations,
            seen,
            gaz,
            store=store,
            default_date=when,
            source=source,
            analyst=analyst,
            warn=say_skipped,
        )
        done += 1
        console.print(
            f"round {done}: {result.reports} new reports, {result.events} events: {result.added} new, "
            f"{result.merged} merged, {result.unchanged} already there",
            highlight=False,
        )
        if rounds is not None and done >= rounds:
            return
        time.sleep(interval_s)
