"""``frontline demo``: the whole pipeline on the embedded data (:func:`frontline.demo.run_demo`), shown.

The pipeline writes the files and returns what it found; this command draws its progress and prints the
findings and where the files are.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._console import console, progress_callback
from ._options import GazetteerOpt, open_gazetteer

if TYPE_CHECKING:
    from ..demo import DemoResult

__all__ = ["app", "demo"]

app = typer.Typer()


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Directory to write the results to.")] = Path("frontline-demo"),
    gazetteer: GazetteerOpt = None,
    snapshots: Annotated[
        Path | None,
        typer.Option(
            help="DeepState's daily maps (a folder) for the second analysis, Pokrovsk 2025; default "
            "../shared/data/deepstate when present, else that analysis is skipped.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the pipeline on the embedded sample data and print where the results are."""
    from ..demo import run_demo

    gaz = open_gazetteer(gazetteer)
    with progress_callback("Demo") as progress:
        result = run_demo(out, gaz=gaz, progress=progress, snapshots=snapshots)
    _print_spellings(result)
    if not result.offline:
        console.print(
            "No asset cache: the map links to its scripts online "
            "(run `frontline maps fetch-assets` for an offline map).",
            style="yellow",
        )
    _print_impact(result)
    _print_second(result)
    _print_summary(result)


def _print_second(result: DemoResult) -> None:
    from rich.table import Table

    if not result.second:
        console.print(result.second_note, style="yellow")
        return
    table = Table(title=f"A later front — {result.second_note}", title_justify="left")
    for col in ("from", "to", "before km", "after km", "detour %", "status"):
        table.add_column(col)
    for r in result.second:
        cells = ("" if r[k] is None else f"{r[k]:.1f}" for k in ("before_km", "after_km", "detour_pct"))
        table.add_row(r["from"], r["to"], *cells, r["status"])
    console.print(table)


def _print_spellings(result: DemoResult) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Spellings → one GeoNames place", title_justify="left")
    for col in ("spellings", "place", "oblast", "geonameid"):
        table.add_column(col)
    for found in result.spellings:
        places = [p for p in found.values() if p is not None]
        if not places:
            table.add_row(", ".join(found), Text("(not found)", style="red"), "", "")
            continue
        best, ids = places[0], {p.geonameid for p in places}
        name = Text(best.name)
        if len(ids) > 1:
            name.append(f" (spread over {len(ids)} places)", style="red")
        table.add_row(", ".join(found), name, best.admin1, str(best.geonameid))
    console.print(table)


def _print_impact(result: DemoResult) -> None:
    from rich.table import Table

    table = Table(title="Losing Kupiansk: Russian supply routes", title_justify="left")
    for col in ("hub lost", "from", "to", "before km", "after km", "detour %", "status"):
        table.add_column(col)
    for r in result.impact:
        table.add_row(
            r["hub"],
            r["from"],
            r["to"],
            *("" if r[k] is None else f"{r[k]:.1f}" for k in ("before_km", "after_km", "detour_pct")),
            r["status"],
        )
    console.print(table)


def _print_summary(result: DemoResult) -> None:
    from ..demo import THEATRE

    for day, areas in result.area_km2.items():
        ua, ru = areas.get("UA", 0), areas.get("RU", 0)
        console.print(f"{day} ({', '.join(THEATRE)}): UA {ua:,.0f} km², RU {ru:,.0f} km²")
    console.print(f"{result.events} events extracted")
    for name, path in result.paths.items():
        console.print(f"Wrote {name}: {path}")
