"""Who holds a place: the status codes control uses, and how published maps name the sides.

Statuses are ``"UA"`` and ``"RU"`` (the side in control, as in the events' ``x_control_to``),
``"contested"`` (fighting, or a change of hands claimed but not confirmed) and ``"unknown"``
(nothing says). :func:`parse_side` reads the labels of published control maps: DeepState's
``"Окуповано /// Occupied /// occupied"``, "Russian-controlled", "Liberated", "Contested" …

>>> parse_side("Окуповані території /// Occupied territories /// occupied")
'RU'
>>> parse_side("Liberated from Russian occupation")
'UA'
>>> parse_side("Сіра зона /// Grey zone /// contested")
'contested'
>>> parse_side("Assessed Russian Advances in Ukraine"), parse_side("Russian-controlled Ukrainian Territory")
('contested', 'RU')
>>> parse_side("Kupiansk") is None, parse_side("Reported Ukrainian Partisan Warfare") is None
(True, True)
>>> is_coverage("Mapped area /// coverage")
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import regex

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COVERAGE", "SIDES", "STATUSES", "STATUS_CODE", "is_coverage", "parse_side", "status_codes"]

#: The two sides whose territory is measured.
SIDES = ("UA", "RU")
#: Every status a settlement or an area can have, in the order of their integer codes.
STATUSES = ("UA", "RU", "contested", "unknown")
STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}
#: The label of a snapshot feature that draws the ground the map covers rather than a side.
COVERAGE = "coverage"


def status_codes(status: pd.Series, index: pd.Index) -> np.ndarray:
    """The :data:`STATUS_CODE` of each of ``index``'s settlements in ``status`` (missing: unknown)."""
    return status.reindex(index).map(STATUS_CODE).fillna(STATUS_CODE["unknown"]).to_numpy(dtype=np.int8)


# Whole words, or word starts for inflected Cyrillic stems; checked in this order, first match wins:
# "liberated from Russian occupation" is UA, "contested Russian advance" is contested. ISW's layers:
# "Assessed Russian-controlled Ukrainian Territory" is RU; "Assessed Russian Advances" (ground Russian
# forces have entered but do not hold), "Claimed Russian Territory" and "Claimed Ukrainian
# Counteroffensives" are contested; "Reported Ukrainian Partisan Warfare" names no side.
_NO_SIDE = r"partisan\w*|raids?|strikes?|партизан\w*"
_COVERAGE_WORDS = r"coverage|extent|mapped area|area of interest|covered area|охоплен\w*"
_RULES: tuple[tuple[str, str], ...] = (
    (
        "UA",
        r"liberated|deoccupied|de-occupied|unoccupied|regained|recaptured by ukraine|звільн\w*|деокуп\w*|"
        r"неокуп\w*|освобожд\w*|деоккуп\w*",
    ),
    (
        "contested",
        r"contested|disputed|gr[ae]y|grey zone|no man'?s land|unclear|unknown|uncertain|"
        r"assumed|fighting|active|claimed|advances?|counteroffensives?|сір\w*|сер\w*|спірн\w*|оспарив\w*|невідом\w*|неизвест\w*|бо[їи]",
    ),
    (
        "RU",
        r"ru|rf|russia|russian|russian-controlled|occupied|occupation|captured|annexed|ordlo|crimea|"
        r"dpr|lpr|окуп\w*|оккуп\w*|росі\w*|росси\w*|рф|ордло|крим\w*|крым\w*|днр|лнр",
    ),
    (
        "UA",
        r"ua|ukraine|ukrainian|ukrainian-controlled|free|controlled by ukraine|україн\w*|украин\w*|"
        r"підконтрольн\w*|подконтрольн\w*",
    ),
)


def _words(words: str) -> regex.Pattern:
    return regex.compile(rf"(?<!\w)(?:{words})(?!\w)", regex.IGNORECASE)


_PATTERNS = tuple((side, _words(words)) for side, words in _RULES)
_IGNORED = _words(_NO_SIDE)
_COVERS = _words(_COVERAGE_WORDS)


def is_coverage(label: object) -> bool:
    """Whether a snapshot feature's label says it draws the area the map covers ("coverage", "extent")."""
    return isinstance(label, str) and label.strip().lower() != "" and bool(_COVERS.search(label))


def parse_side(label: object) -> str | None:
    """The status a map label names (``"UA"``, ``"RU"``, ``"contested"``), or None when it names none.

    A label of the DeepState form ``"<Ukrainian> /// <English> /// <code>"`` is read part by part,
    code first; any other text as a whole. Our own codes (``UA``, ``RU``, ``contested``) read as
    themselves.
    """
    if not isinstance(label, str):
        return None
    text = label.strip()
    if text in STATUSES and text != "unknown":
        return text
    parts = [p.strip() for p in text.split("///")] if "///" in text else [text]
    for part in reversed(parts):
        if _IGNORED.search(part):
            return None
        for side, pattern in _PATTERNS:
            if pattern.search(part):
                return side
    return None
