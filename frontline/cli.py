"""The ``frontline`` command line (see DESIGN.md for the contract).

Bad input ends in one line on stderr and exit status 2, never a traceback. Long steps show a progress
bar on a terminal and stay quiet when output is piped. Commands that only geocode import neither
geopandas nor folium.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from gazetteer.errors import GazetteerError

from . import _cli_events
from ._cli_control import control_app
from ._cli_maps import register as register_maps
from ._cli_network import network_app
from ._console import console, error_console, progress_callback
from .errors import FrontlineError, InputError

__all__ = ["app", "main"]

app = typer.Typer(
    name="frontline",
    help="Geocode war reporting, extract events, analyse supply hubs and map the front line — offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
gazetteer_app = typer.Typer(
    help="Install and inspect the GeoNames data behind geocoding.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(control_app, name="control")
app.command("extract")(_cli_events.extract)
app.add_typer(_cli_events.events_app, name="events", no_args_is_help=True)
app.add_typer(network_app, name="network")
register_maps(app)

GazetteerOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--gazetteer",
        "-g",
        help="GeoNames dump (CC.zip/CC.txt), alternateNamesV2 or place CSV "
        "to use instead of the installed ones.",
        show_default=False,
    ),
]


def _gazetteer(paths: list[Path] | None):  # -> gazetteer.Gazetteer
    from gazetteer import Gazetteer

    with progress_callback("Building the gazetteer index (once per source)") as progress:
        return Gazetteer.open(paths, progress=progress)


# -- geocoding -----------------------------------------------------------------------------------


def _place_dict(candidate) -> dict:
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


@app.command()
def geocode(
    name: Annotated[
        str, typer.Argument(help="Place name in any common spelling (Latin or Cyrillic), or a GeoNames id.")
    ],
    context: Annotated[
        str | None, typer.Option(help="Text around the name (the report) to steer the choice.")
    ] = None,
    feature_class: Annotated[
        str | None,
        typer.Option("--feature-class", "-f", help="Keep only these GeoNames classes, e.g. P or PA."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many alternatives to show.")] = 5,
    gazetteer: GazetteerOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Best place for one NAME, with the alternatives and their scores."""
    if not name.strip():
        raise InputError("the place name is empty — give a name such as Kupiansk, Izyum or Лиман")
    if feature_class is not None and not feature_class.isalpha():
        msg = f"--feature-class {feature_class!r} must be GeoNames class letters such as P, A, H, S or T"
        raise InputError(msg)
    gaz = _gazetteer(gazetteer)
    classes = set(feature_class.upper()) if feature_class else None
    ranked = gaz.resolve(name, context=context, feature_classes=classes, limit=limit + 1)
    if not ranked:
        raise gaz.unknown(name)
    if as_json:
        best, *rest = ranked
        out = {"query": name, **_place_dict(best), "alternatives": [_place_dict(c) for c in rest[:limit]]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"{name!r}", title_justify="left")
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
def geoparse(
    file: Annotated[
        Path | None, typer.Argument(help='JSON lines {"id":…, "text":…} or plain text; stdin when omitted.')
    ] = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Find and resolve the places in reports; write each record back with "places" and "location".

    Input is JSON lines (each record keeps its other fields). A file that is not JSON lines is read as
    one plain-text report, in pieces, and written as one record without its text.
    """
    from . import geoparse as gp

    stream = gp.open_input(file)
    gaz = _gazetteer(gazetteer)
    for line in gp.geoparse_lines(stream, gaz, name=str(file) if file else "stdin"):
        sys.stdout.write(line)


# -- gazetteer management --------------------------------------------------------------------------


@gazetteer_app.command("import")
def gazetteer_import(
    path: Annotated[
        Path, typer.Argument(help="GeoNames dump (CC.zip / CC.txt), alternateNamesV2.zip, or place CSV.")
    ],
) -> None:
    """Install a GeoNames dump so every later command uses it without flags."""
    from gazetteer.cache import install_source

    with progress_callback(f"Indexing {path.name}") as progress:
        source, index = install_source(path, progress=progress)
    meta = index.meta()
    console.print(
        f"Installed [bold]{source.path.name}[/] ({source.kind}) → {source.path}\n"
        f"Index: {int(meta.get('count_places', 0)):,} places, {int(meta.get('count_keys', 0)):,} name keys "
        f"({index.path})"
    )


@gazetteer_app.command("download")
def gazetteer_download(
    country: Annotated[str, typer.Argument(help="Country code of the GeoNames dump, e.g. UA or RU.")],
    base_url: Annotated[
        str | None,
        typer.Option(help="Where to download from (default: GeoNames, or $FRONTLINE_GEONAMES_URL)."),
    ] = None,
    sha256: Annotated[str | None, typer.Option(help="Expected SHA-256 of the zip, if you know it.")] = None,
) -> None:
    """Download https://download.geonames.org/export/dump/CC.zip, check it and install it."""
    from gazetteer.cache import cache_dir, install_source
    from gazetteer.download import download_dump

    with progress_callback(f"Downloading {country.upper()}.zip", unit="bytes") as progress:
        path = download_dump(
            country, cache_dir() / "downloads", base_url=base_url, sha256=sha256, progress=progress
        )
    try:
        with progress_callback(f"Indexing {path.name}") as progress:
            source, index = install_source(path, progress=progress)
    finally:
        path.unlink(missing_ok=True)
    console.print(
        f"Installed [bold]{source.path.name}[/] → {source.path} "
        f"({int(index.meta().get('count_places', 0)):,} places in the index)"
    )


@gazetteer_app.command("remove")
def gazetteer_remove(
    name: Annotated[str, typer.Argument(help="File name of an installed source, e.g. UA.zip.")],
) -> None:
    """Uninstall a source installed with import or download."""
    from gazetteer.cache import remove_source

    console.print(f"Removed {remove_source(name)}")


@gazetteer_app.command("info")
def gazetteer_info(
    gazetteer: GazetteerOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What is loaded: sources, number of places, where the index lives."""
    from gazetteer.cache import cache_dir, data_dir

    info = _gazetteer(gazetteer).info()
    info["data_dir"] = str(data_dir())
    info["cache_dir"] = str(cache_dir())
    if as_json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False) + "\n")
        return
    console.print("[bold]Sources[/]")
    for kind, path in info["sources"]:
        console.print(f"  {kind:<16} {path}")
    console.print(
        f"[bold]Places[/] {info['places']:,} (Ukraine {info['places_ukraine']:,}, of them populated places "
        f"{info['populated_places_ukraine']:,}); {info['keys']:,} name keys\n"
        f"[bold]Index[/] {info['index']} (built in {info['built_seconds']} s)\n"
        f"[bold]Installed sources in[/] {info['data_dir']}/gazetteer"
    )


# -- the whole pipeline -------------------------------------------------------------------------------


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Directory to write the results to.")] = Path("frontline-demo"),
    gazetteer: GazetteerOpt = None,
) -> None:
    """Run the pipeline on the embedded sample data and print where the results are."""
    from .demo import run_demo

    run_demo(out, gaz=_gazetteer(gazetteer))


def main() -> None:
    """Entry point: run the app; turn known errors into one line and exit status 2."""
    logging.basicConfig(
        level=os.environ.get("FRONTLINE_LOG", "WARNING").upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        app()
    except (GazetteerError, FrontlineError) as err:
        error_console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        error_console.print("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as err:  # a bug, not bad input: still no traceback unless asked for
        if os.environ.get("FRONTLINE_DEBUG"):
            raise
        error_console.print(
            f"[bold red]internal error:[/] {type(err).__name__}: {err} (set FRONTLINE_DEBUG=1 for details)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
