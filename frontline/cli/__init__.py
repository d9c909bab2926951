"""The ``frontline`` command line (see DESIGN.md for the contract).

One module per command group, each with its own typer ``app``, attached here the same way; the options
they share and their parsers are in :mod:`frontline.cli._options`, the terminal output in
:mod:`frontline.cli._console`. No core module imports this package.

Bad input ends in one line on stderr and exit status 2, never a traceback. Long steps show a progress
bar on a terminal and stay quiet when output is piped. Commands that only geocode import neither
geopandas nor folium: every command imports what it needs when it runs.
"""

from __future__ import annotations

import logging
import os
import sys

import typer

from gazetteer.errors import GazetteerError

from ..errors import FrontlineError
from . import control, demo, events, gazetteer, geocoding, maps, network, review, watch
from ._console import error_console

__all__ = ["app", "main"]

app = typer.Typer(
    name="frontline",
    help="Geocode war reporting, extract events, analyse supply hubs and map the front line — offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
# in the order of the data flow; a group's app carries its name, the others add top-level commands
for group in (geocoding, gazetteer, events, watch, review, control, network, maps, demo):
    app.add_typer(group.app)


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
