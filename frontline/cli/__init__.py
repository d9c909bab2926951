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
import os
import sys
from collections.abc import Sequence

import typer
from typer._click import exceptions as click_errors  # typer vendors click and does not re-export these

from gazetteer.errors import GazetteerError

from ..errors import FrontlineError, OptionError
from ._console import error_console, held_log, labelled

__all__ = ["app", "main", "run"]

# in the order of the data flow; a group's app carries its name, the others add top-level commands
_GROUPS = (
    "geocoding",
    "gazetteer",
    "events",
    "watch",
    "review",
    "control",
    "network",
    "maps",
    "demo",
    "cache",
)
#: Commands run with their own group alone: importing every group and building its click commands
#: is a third of the CPU time of ``frontline geocode NAME`` from a new process.
_ALONE = {"geocode": "geocoding", "geoparse": "geocoding"}
#: The status of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
_INTERRUPTED = 130


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
    """Entry point: run the command line on ``sys.argv`` and exit with its status (see :func:`run`)."""
    sys.exit(run(sys.argv[1:]))


def run(args: Sequence[str]) -> int:
    """Run the command line on ``args`` (without the program name) in this process; its exit status.

    Known errors — frontline's and the gazetteer's, and click's usage errors (a bad option value, an
    unknown command) — end in one line on stderr and status 2; a bug in status 1, still without a
    traceback unless ``FRONTLINE_DEBUG`` is set. Warnings logged on the way are written once the command
    has succeeded (``FRONTLINE_LOG`` sets the level), so that a failure is that one line.
    """
    with held_log(os.environ.get("FRONTLINE_LOG", "WARNING")) as held:
        status = _invoke(list(args))
        # an interrupted command (watch ends so) failed on no input: what it was warned of still shows
        held.succeeded = status in (0, _INTERRUPTED)
    return status


def _invoke(args: list[str]) -> int:
    alone = _ALONE.get(args[0]) if args else None
    command = _build((alone,)) if alone else __getattr__("app")
    try:
        status = command(args=args, standalone_mode=False)
    except click_errors.NoArgsIsHelpError as err:  # `frontline network`: the group's help, as before
        from typer import rich_utils

        rich_utils.rich_format_error(err)
        return err.exit_code
    except click_errors.UsageError as err:  # typer's own box runs to several lines
        where = f" — see `{err.ctx.command_path} --help`" if err.ctx is not None else ""
        return _error(f"{err.format_message().rstrip('.')}{where}")
    except click_errors.ClickException as err:
        return _error(err.format_message())
    except OptionError as err:
        return _error(err.for_command_line())
    except (GazetteerError, FrontlineError) as err:
        return _error(str(err))
    except (KeyboardInterrupt, typer.Abort):
        error_console.print("interrupted")
        return _INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as err:  # a bug, not bad input: still no traceback unless asked for
        if os.environ.get("FRONTLINE_DEBUG"):
            raise
        message = f"{type(err).__name__}: {err} (set FRONTLINE_DEBUG=1 for details)"
        error_console.print(labelled("internal error:", "bold red", message), soft_wrap=True)
        return 1
    return status if isinstance(status, int) else 0


def _error(message: str) -> int:
    """One line on stderr (newlines in a message folded into spaces); the exit status of bad input."""
    error_console.print(labelled("error:", "bold red", " ".join(message.split())), soft_wrap=True)
    return 2
