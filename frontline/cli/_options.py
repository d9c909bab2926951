"""What the commands share: the typer options that mean the same everywhere, and the parsers that turn
their text into what the commands use, checked once, here.

A parser refuses bad input with an :class:`~frontline.errors.InputError` that names the option and says
how to fix it (one line and exit status 2 from :func:`frontline.cli.main`). Values are parsed in the
command's body rather than by typer, whose own errors run to several lines.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import inspect
import logging
import re
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, overload

import typer

from ..errors import InputError
from ..files import iso_date
from ._console import progress_callback

if TYPE_CHECKING:
    import geopandas as gpd
    from distributed import Client

    from gazetteer import Gazetteer, Theatre

__all__ = [
    "AnalystOpt",
    "ForceOpt",
    "GazetteerOpt",
    "JsonOpt",
    "SchedulerOpt",
    "StoreOpt",
    "WorkersOpt",
    "bulk_client",
    "grouped",
    "open_gazetteer",
    "parse_bbox",
    "parse_date",
    "parse_places",
    "read_store",
]

log = logging.getLogger(__name__)

ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace an existing output file even when it is not one of this kind (a store, a network).",
    ),
]
GazetteerOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--gazetteer",
        "-g",
        help="GeoNames dump (CC.zip/CC.txt), alternateNamesV2 or place CSV "
        "to use instead of the installed ones; repeatable.",
        show_default=False,
    ),
]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        envvar="FRONTLINE_STORE",
        help="Event store: a GeoPackage path (layer 'events') or a PostGIS database "
        "postgresql://user@host/db; default: events.gpkg in the user data dir, the one `frontline extract` "
        "fills.",
        show_default=False,
    ),
]
AnalystOpt = Annotated[
    str | None,
    typer.Option(
        "--analyst",
        envvar="FRONTLINE_ANALYST",
        help="Who is adding the events (recorded with each new one); default: your user name.",
        show_default=False,
    ),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Spread the work over a local Dask cluster of N worker processes (JSON lines, .jsonl.gz, "
        "Parquet, Telegram exports, feeds, HTML pages or a folder of them); the output is the same, in the "
        "same order.",
        show_default=False,
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Spread the work over a running dask.distributed cluster at ADDRESS (tcp://host:8786); its "
        "workers need the gazetteer index (see frontline.bulk).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (one object a line) instead of a table.")]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@overload
def parse_date(value: str, option: str) -> dt.date: ...
@overload
def parse_date(value: None, option: str) -> None: ...
@overload
def parse_date(value: str | None, option: str) -> dt.date | None: ...
def parse_date(value: str | None, option: str) -> dt.date | None:
    """The day ``value`` names, written exactly ``YYYY-MM-DD``; None for None.

    >>> parse_date("2022-09-10", "--date")
    datetime.date(2022, 9, 10)
    >>> parse_date(None, "--date") is None
    True
    >>> parse_date("2022-09-1000", "--date")
    Traceback (most recent call last):
    frontline.errors.InputError: --date '2022-09-1000' is not an ISO date — write it as YYYY-MM-DD, e.g. 2022-09-10
    """  # noqa: E501 — a doctest's expected line cannot wrap
    if value is None:
        return None
    if not _ISO_DATE.fullmatch(value.strip()):  # an option is a day, without a time
        msg = f"{option} {value!r} is not an ISO date — write it as YYYY-MM-DD, e.g. 2022-09-10"
        raise InputError(msg)
    return iso_date(value, option)


def parse_places(text: str, option: str) -> list[str]:
    """The places of a comma-separated list (names in any spelling, or GeoNames ids).

    >>> parse_places(" Belgorod, Valuyki ,", "--from")
    ['Belgorod', 'Valuyki']
    >>> parse_places(" , ", "--from")
    Traceback (most recent call last):
    frontline.errors.InputError: --from is empty — give one or more places, comma-separated (e.g. Belgorod,Valuyki)
    """  # noqa: E501 — a doctest's expected line cannot wrap
    names = [t.strip() for t in text.split(",") if t.strip()]
    if not names:
        msg = f"{option} is empty — give one or more places, comma-separated (e.g. Belgorod,Valuyki)"
        raise InputError(msg)
    return names


def parse_bbox(value: str | None, option: str = "--bbox") -> tuple[float, float, float, float] | None:
    """``MIN_LON,MIN_LAT,MAX_LON,MAX_LAT`` as four floats; None for None.

    >>> parse_bbox("36.0,48.5,38.5,50.5")
    (36.0, 48.5, 38.5, 50.5)
    >>> parse_bbox(None) is None
    True
    """
    if value is None:
        return None
    try:
        parts = tuple(float(v) for v in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (parts[0] < parts[2] and parts[1] < parts[3]):
        msg = f"{option} {value!r} must be MIN_LON,MIN_LAT,MAX_LON,MAX_LAT, e.g. 36.0,48.5,38.5,50.5"
        raise InputError(msg)
    return parts[0], parts[1], parts[2], parts[3]


def open_gazetteer(paths: list[Path] | None, *, theatre: Theatre | None = None) -> Gazetteer:
    """The gazetteer of ``--gazetteer`` (or the installed sources), with a progress bar while its index
    is built (once per set of sources); ``theatre``, when given, replaces the embedded one."""
    from gazetteer import Gazetteer

    with progress_callback("Building the gazetteer index (once per source)") as progress:
        return Gazetteer.open(paths, progress=progress, theatre=theatre or "embedded")


@contextlib.contextmanager
def bulk_client(workers: int | None, scheduler: str | None) -> Iterator[Client | None]:
    """A Dask client for ``--workers``/``--scheduler`` (closed after, with the local cluster it started),
    or None when neither is given."""
    if workers is None and scheduler is None:
        yield None
        return
    if workers is not None and scheduler is not None:
        raise InputError("give --workers or --scheduler, not both")
    from ..bulk import open_client

    client = open_client(workers=workers, scheduler=scheduler)
    try:
        yield client
    finally:
        cluster = client.cluster if scheduler is None else None
        client.close()
        if cluster is not None:
            cluster.close()


def read_store(store: str | Path | None) -> gpd.GeoDataFrame:
    """The events of the store named by ``--store``, which must exist (a GeoPackage path, or a PostGIS
    URL), or of the default store (which may not)."""
    from ..store import default_store, is_database_url, read_events

    if store is not None and not is_database_url(store) and not Path(store).is_file():
        msg = (
            f"{store}: no such file — an event store does not exist until "
            f"`frontline extract … --store {store}` fills it"
        )
        raise InputError(msg)
    events = read_events(store)
    if store is None and events.empty:
        log.info("the default event store %s holds no events", default_store())
    return events


#: Where a group of options goes in a command's ``--help``: before its output options.
_OUTPUTS = ("out", "force", "as_json")


def grouped(parameter: str, record: type[Any]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A decorator giving a command a group of options that several commands share, which the command
    receives as one ``record`` (a dataclass) in its ``parameter``.

    Each field of ``record`` annotated with a typer annotation (``StoreOpt``…) is one option, its default
    the option's default, so a group is declared once; a field with a plain annotation is left to the
    command. Typer reads the signature made here: the
    command's own options, with the group's placed before its output options (``--out``, ``--force``,
    ``--json``) so that ``--help`` lists them in reading order.
    """
    hints = typing.get_type_hints(record, include_extras=True)
    added = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, annotation=hints[f.name], default=f.default)
        for f in dataclasses.fields(record)
        if typing.get_origin(hints[f.name]) is Annotated
    ]
    names = [p.name for p in added]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(command, eval_str=True)
        kept = [p for p in own.parameters.values() if p.name != parameter]
        outputs = [
            i for i, p in enumerate(kept) if p.name in _OUTPUTS and p.kind == inspect.Parameter.KEYWORD_ONLY
        ]
        at = outputs[0] if outputs else len(kept)
        parameters = [*kept[:at], *added, *kept[at:]]

        @functools.wraps(command)
        def run(*args: Any, **values: Any) -> None:
            group = record(**{name: values.pop(name) for name in names})
            command(*args, **{parameter: group}, **values)

        run.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": own.return_annotation}
        return run

    return decorate
