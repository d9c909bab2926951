"""Which stored events a human should check first, and why (``frontline review``).

An event is put before the analyst for each of these reasons, the most urgent first:

1. ``conflict`` — sources disagree: the event is disputed, or claimants of both sides stand behind it;
2. ``control claimed`` — a change of control that rests on a party's claim (or on nobody) and not on an
   independent report: the control map treats it as contested until it is confirmed;
3. ``place uncertain`` — given a gazetteer: the place's name, read in the event's quote, scores low
   (under 0.5) or has a runner-up within 0.1 of it (a namesake: Lyman, Andriivka);
4. ``claim only`` — any other event a party claims and no independent source reports;
5. ``unconfirmed`` — hedged, or told by nobody named;
6. ``one source`` — a change of control that a single independent source reports;
7. ``coarse place`` — placed at a whole region (``geo_precision`` 3), not at a settlement.

Events with no reason are left out. Within a reason, the most recent come first.

>>> import pandas as pd
>>> events = pd.DataFrame({
...     "event_id_cnty": ["a", "b", "c"], "event_date": ["2024-05-01", "2024-05-02", "2024-05-03"],
...     "x_confidence": ["reported", "claimed", "disputed"],
...     "x_claim_by": ["", "Ministry of Defence of Russia", ""], "x_control_to": ["", "RU", ""],
...     "source": ["Wire A", "Wire A", "Wire A; Wire B"], "geo_precision": [1, 1, 1]})
>>> review_queue(events)[["event_id_cnty", "reasons"]].values.tolist()
[['c', 'conflict'], ['b', 'control claimed']]
>>> len(review_queue(events.iloc[:0]))
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .extract.lexicon import CLAIMANTS

if TYPE_CHECKING:
    import pandas

    from gazetteer import Gazetteer

__all__ = ["REASONS", "review_queue"]

#: The reasons to check an event, most urgent first.
REASONS: tuple[str, ...] = (
    "conflict",
    "control claimed",
    "place uncertain",
    "claim only",
    "unconfirmed",
    "one source",
    "coarse place",
)
_REGION = 3  # ACLED's geo_precision for a place known only as a whole region
_SIDE_OF = {c.name: c.side for c, _ in CLAIMANTS}


def _sides(claim_by: object) -> set[str]:
    names = str(claim_by or "").split("; ")
    return {_SIDE_OF[n] for n in names if _SIDE_OF.get(n)}


_LOW_SCORE = 0.5
_CLOSE = 0.1


def _place_uncertain(row: dict, gaz: Gazetteer) -> bool:
    """Whether the event's place name, in its quote, scores low or has a close runner-up."""
    found = gaz.resolve(
        str(row.get("location") or ""),
        context=str(row.get("x_quote") or ""),
        feature_classes={"P", "A"},
        limit=2,
    )
    if not found:
        return True
    return found[0].score < _LOW_SCORE or (len(found) > 1 and found[0].score - found[1].score < _CLOSE)


def _reasons(row: dict, gaz: Gazetteer | None = None) -> list[str]:
    level = str(row.get("x_confidence") or "unconfirmed")
    control = bool(str(row.get("x_control_to") or "").strip())
    sources = {s for s in str(row.get("source") or "").split("; ") if s.strip()}
    out = []
    if level == "disputed" or len(_sides(row.get("x_claim_by"))) > 1:
        out.append("conflict")
    if control and level in ("claimed", "unconfirmed"):
        out.append("control claimed")
    if gaz is not None and _place_uncertain(row, gaz):
        out.append("place uncertain")
    if level == "claimed" and not control:
        out.append("claim only")
    if level == "unconfirmed":
        out.append("unconfirmed")
    if control and level == "reported" and len(sources) <= 1:
        out.append("one source")
    if row.get("geo_precision") == _REGION:
        out.append("coarse place")
    return out


def review_queue(
    events: pandas.DataFrame, *, limit: int | None = None, gaz: Gazetteer | None = None
) -> pandas.DataFrame:
    """The events of ``events`` to check, most urgent first: the input's rows (a copy) with ``reasons``
    (``", "``-joined, see :data:`REASONS`) and ``x_sources`` added; at most ``limit`` of them. With a
    gazetteer ``gaz``, places it finds uncertain are among the reasons."""
    import pandas as pd

    rows = events.to_dict("records")
    reasons = [_reasons(r, gaz) for r in rows]
    keep = [i for i, r in enumerate(reasons) if r]
    out = events.iloc[keep].copy()
    out["reasons"] = [", ".join(reasons[i]) for i in keep]
    out["x_sources"] = [
        len({s for s in str(rows[i].get("source") or "").split("; ") if s.strip()}) for i in keep
    ]
    urgency = pd.Series([REASONS.index(reasons[i][0]) for i in keep], index=out.index, dtype="int64")
    day = (
        pd.to_datetime(out["event_date"], errors="coerce") if len(out) else pd.Series(dtype="datetime64[ns]")
    )
    out = out.assign(_urgency=urgency, _day=day).sort_values(
        ["_urgency", "_day"], ascending=[True, False], kind="stable"
    )
    out = out.drop(columns=["_urgency", "_day"])
    return out.head(limit) if limit is not None else out
