"""``frontline demo``: the pipeline on the embedded sample data.

So far: geocoding the spellings analysts meet, geoparsing the sample reports and extracting their
events into a GeoPackage event store. Later stages (network, control, maps) add their outputs here.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from gazetteer import Gazetteer

from ._console import console
from .geoparse import geoparse_record

__all__ = ["SPELLINGS", "run_demo", "sample_reports"]

#: Spellings of the same places as reports write them; each line should find one place.
SPELLINGS = (
    ("Kupiansk", "Kupyansk", "Kup'yans'k", "Kupjansk", "Купянск"),
    ("Izium", "Izyum", "Izjum", "Ізюм"),
    ("Balakliia", "Balakleya", "Balakliya", "Балаклея"),
    ("Sievierodonetsk", "Severodonetsk", "Сєвєродонецьк"),
    ("Lyman", "Krasnyi Lyman", "Krasny Liman"),
    ("Bakhmut", "Artemivsk", "Artyomovsk"),
)


def sample_reports() -> list[dict]:
    """The embedded sample reports (JSON lines written for this project)."""
    text = resources.files("frontline").joinpath("data/sample_reports.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def run_demo(out: Path, *, gaz: Gazetteer) -> dict[str, Path]:
    """Geocode the spelling families, geoparse the sample reports, write the results under ``out``."""
    from rich.table import Table

    out.mkdir(parents=True, exist_ok=True)
    table = Table(title="Spellings → one GeoNames place", title_justify="left")
    for col in ("spellings", "place", "oblast", "geonameid"):
        table.add_column(col)
    for family in SPELLINGS:
        ids = {gaz.resolve(s)[0].place.geonameid for s in family if gaz.resolve(s)}
        best = gaz.resolve(family[0])[0].place
        same = "" if len(ids) == 1 else f" [red](spread over {len(ids)} places)[/]"
        table.add_row(", ".join(family), best.name + same, best.admin1, str(best.geonameid))
    console.print(table)

    records = [geoparse_record(r, gaz) for r in sample_reports()]
    geoparsed = out / "geoparsed_reports.jsonl"
    geoparsed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    places = Table(title="Places in the sample reports", title_justify="left")
    for col in ("report", "text", "place", "oblast", "type", "score"):
        places.add_column(col)
    for r in records:
        for p in r["places"]:
            places.add_row(r["id"], p["text"], p["name"], p["admin1"], p["feature_code"], f"{p['score']:.2f}")
    console.print(places)
    console.print(f"Wrote {geoparsed}")
    return {"geoparsed": geoparsed, "events": _demo_events(out, gaz)}


def _demo_events(out: Path, gaz: Gazetteer) -> Path:
    """The sample reports' events in a GeoPackage event store under ``out``."""
    from rich.table import Table

    from .extract import Report, extract_events, parse_date
    from .store import append_events

    events = [
        e
        for r in sample_reports()
        for e in extract_events(
            Report(r["text"], parse_date(r["date"], where=r["id"]), r.get("source", ""), "", r["id"]), gaz
        )
    ]
    store = append_events(events, out / "events.gpkg").path
    table = Table(title="Events in the sample reports (ACLED schema)", title_justify="left")
    for col in ("date", "place", "sub-event type", "control", "confidence", "claimed by"):
        table.add_column(col)
    for e in events:
        control = f"{e.x_control_from}→{e.x_control_to}" if e.x_control_to else ""
        table.add_row(str(e.event_date), e.location, e.sub_event_type, control, e.x_confidence, e.x_claim_by)
    console.print(table)
    console.print(f"Wrote {store}")
    return store
