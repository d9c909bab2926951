"""Options are checked once, in the core, by one checker: the same error wherever they come from."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from frontline.errors import InputError, OptionError
from frontline.options import Mode, Status, choose, number


def test_choose_returns_the_member_and_names_the_valid_options() -> None:
    assert choose("road", Mode, "mode") is Mode.ROAD
    assert choose(Mode.RAIL, Mode, "mode") is Mode.RAIL
    with pytest.raises(
        OptionError, match=r"mode 'ROAD' is not a valid option, must be one of any, road, rail"
    ):
        choose("ROAD", Mode, "mode")
    assert issubclass(OptionError, InputError) and issubclass(OptionError, ValueError)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "five", None])
def test_number_refuses_what_is_not_a_finite_number(bad: object) -> None:
    with pytest.raises(OptionError, match="range_km must be a"):
        number(bad, "range_km", minimum=0)  # type: ignore[arg-type]


def test_number_bounds() -> None:
    assert number(0, "range_km", minimum=0) == 0.0
    with pytest.raises(OptionError, match="range_km must be 0 or more, got -1"):
        number(-1, "range_km", minimum=0)
    with pytest.raises(OptionError, match="top must be 50 or less"):
        number(51, "top", maximum=50)


def test_the_core_checks_its_options() -> None:
    from frontline.io import import_events
    from frontline.network import cost_function

    with pytest.raises(OptionError, match="mode 'boat'"):
        cost_function(mode="boat")
    with pytest.raises(OptionError, match="transfer_km must be a finite number"):
        cost_function(transfer_km=math.nan)
    with pytest.raises(OptionError, match="on_error 'ignore'"):
        import_events(Path("x.csv"), on_error="ignore")


def test_default_side_accepts_every_status() -> None:
    # "unknown" as a default side leaves unknown ground unknown: the same as no default
    assert [choose(s, Status, "default side") for s in ("UA", "RU", "contested", "unknown")] == list(Status)
    with pytest.raises(OptionError, match="default side 'NATO'"):
        choose("NATO", Status, "default side")
