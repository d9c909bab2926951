"""The ``frontline`` command line (see DESIGN.md for the contract).

One module per command group, each with its own typer ``app``, attached here the same way; the options
they share and their parsers are in :mod:`frontline.cli._options`, the terminal output in
:mod:`frontline.cli._console`. No core module imports this package.

Bad input ends in one line on stderr and exit status 2, never a traceback. Long steps show a progress
bar on a terminal and stay quiet when output is piped. Commands that only geocode import neither
geopandas nor folium: every command imports what it needs when it runs.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

import typer

from gazetteer.errors import GazetteerError

from ..errors import FrontlineError
from ._console import error_console

__all__ = ["app", "main"]

# in the order of the data flow; a group's app carries its name, the others add top-level commands
_GROUPS = ("geocoding", "gazetteer", "events", "watch", "review", "control", "network", "maps", "demo")
#: Commands run with their own group alone: importing every group and building its click commands
#: is a third of the CPU time of ``frontline geocode NAME`` from a new process.
_ALONE = {"geocode": "geocoding", "geoparse": "geocoding"}


def _build(groups: tuple[str, ...]) -> typer.Typer:
    built = typer.Typer(
        name="frontline",
        help="Geocode war reporting, extract events, analyse supply hubs and map the front line — offline.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    for name in groups:
        built.add_typer(importlib.import_module(f"{__name__}.{name}").app)
    return built


def __getattr__(name: str) -> typer.Typer:
    """``app``, the whole command line, built on first use (``main`` may need one group only)."""
    if name == "app":
        built = globals()["app"] = _build(_GROUPS)
        return built
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def main() -> None:
    """Entry point: run the app; turn known errors into one line and exit status 2."""
    logging.basicConfig(
        level=os.environ.get("FRONTLINE_LOG", "WARNING").upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    alone = _ALONE.get(sys.argv[1]) if len(sys.argv) > 1 else None
    try:
        (_build((alone,)) if alone else __getattr__("app"))()
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
