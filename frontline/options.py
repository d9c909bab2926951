"""The options the core accepts, written once, and the one check of each kind.

Every string option is a ``StrEnum``: :func:`choose` turns what a caller passed — a string from the
command line or from Python — into a member, or raises :class:`~frontline.errors.OptionError` naming
the valid ones. Numbers are checked by :func:`number`. The core checks its options at its border
(osmnx's ``_validate`` style); the command line passes them on and relies on that check.

>>> choose("rail", Mode, "mode")
<Mode.RAIL: 'rail'>
>>> choose("boat", Mode, "mode")
Traceback (most recent call last):
...
frontline.errors.OptionError: mode 'boat' is not a valid option, must be one of any, road, rail
>>> number(5, "range_km", minimum=0)
5.0
>>> number(float("inf"), "range_km", minimum=0)
Traceback (most recent call last):
...
frontline.errors.OptionError: range_km must be a finite number, got inf
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import TypeVar

from .errors import OptionError

__all__ = ["Method", "Mode", "OnError", "Side", "Status", "choose", "number"]


class Mode(StrEnum):
    """How supply travels: by road or rail alone, or by ``any`` (both, changing at stations)."""

    ANY = "any"
    ROAD = "road"
    RAIL = "rail"


class Method(StrEnum):
    """How hubs are ranked: scipy's compiled shortest paths, or networkx (slower; the reference)."""

    CSGRAPH = "csgraph"
    NETWORKX = "networkx"


class Side(StrEnum):
    """A side of the war."""

    UA = "UA"
    RU = "RU"


class Status(StrEnum):
    """Who holds a settlement or a piece of ground on a day (also what ground nobody reported on is
    taken to be, with ``--default-side``: ``unknown`` leaves it so)."""

    UA = "UA"
    RU = "RU"
    CONTESTED = "contested"
    UNKNOWN = "unknown"


class OnError(StrEnum):
    """What an importer does with a row it cannot use: skip it (counted) or stop."""

    SKIP = "skip"
    FAIL = "fail"


E = TypeVar("E", bound=StrEnum)


def choose(value: str | StrEnum, options: type[E], name: str) -> E:
    """``value`` as a member of ``options``; :class:`OptionError` naming the valid ones if it is none."""
    try:
        return options(value)
    except ValueError:
        valid = ", ".join(o.value for o in options)
        msg = f"{name} {value!r} is not a valid option, must be one of {valid}"
        raise OptionError(msg, option=name) from None


def number(value: float, name: str, *, minimum: float | None = None, maximum: float | None = None) -> float:
    """``value`` as a finite float within ``[minimum, maximum]``; :class:`OptionError` otherwise."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        msg = f"{name} must be a number, got {value!r}"
        raise OptionError(msg, option=name) from None
    if not math.isfinite(x):
        msg = f"{name} must be a finite number, got {value!r}"
        raise OptionError(msg, option=name)
    if minimum is not None and x < minimum:
        msg = f"{name} must be {minimum:g} or more, got {value!r}"
        raise OptionError(msg, option=name)
    if maximum is not None and x > maximum:
        msg = f"{name} must be {maximum:g} or less, got {value!r}"
        raise OptionError(msg, option=name)
    return x
