"""``frontline review``: the stored events a human should check first, and why."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ._console import console
from ._options import GazetteerOpt, StoreOpt, open_gazetteer

__all__ = ["app"]

app = typer.Typer()

_SHOWN = ("event_id_cnty", "event_date", "location", "sub_event_type", "x_confidence", "x_claim_by")


@app.command()
def review(
    store: StoreOpt = None,
    gazetteer: GazetteerOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many events.")] = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the events as JSON lines, with reasons and x_sources.")
    ] = False,
) -> None:
    """List the events to check first: conflicts between sources, claimed changes of control, places
    the gazetteer finds uncertain (low score, close runner-up), claims only, unconfirmed events, changes
    of control with one source, places known only as a region."""
    from ..review import review_queue
    from ..store import read_events, store_name

    events = read_events(store)
    queue = review_queue(events, limit=limit, gaz=open_gazetteer(gazetteer) if len(events) else None)
    if as_json:
        for rec in (
            queue.drop(columns="geometry").astype(object).where(queue.notna(), None).to_dict("records")
        ):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        return
    if queue.empty:
        console.print(f"nothing to review in {store_name(store)}")
        return
    for rec in queue.to_dict("records"):
        claim = f" by {rec['x_claim_by']}" if rec["x_claim_by"] else ""
        console.print(
            f"{rec['event_id_cnty']}  {rec['event_date']}  {rec['location']}: {rec['sub_event_type']} — "
            f"{rec['x_confidence']}{claim}, {rec['x_sources']} source(s) [{rec['reasons']}]",
            highlight=False,
            markup=False,  # "[conflict]" is the reason, not a style
            soft_wrap=True,
        )
