"""How sure an event is: the four values of ``x_confidence``, their order, and the rules that decide them.

The levels, surest first (:data:`CONFIDENCES`):

* ``confirmed`` — stated as fact in the report's own voice, shown by evidence the report stands on
  ("geolocated footage shows"), or admitted by the side it harms;
* ``claimed`` — asserted by one party (a ministry, a governor, bloggers, "a source");
* ``disputed`` — asserted by one party and denied by another;
* ``unconfirmed`` — hedged or rumoured ("reportedly", "likely") with nobody standing behind it.

A claim outranks a dispute: it is one party's positive evidence, and a dispute is that same evidence
with the other party's denial against it. Only ``confirmed`` makes a change of hands a fact for
territorial control (:mod:`frontline.control.timeline`); maps draw the other three pale.

The rules:

1. **A statement** (:func:`decide`) is confirmed when its words confirm it and do not hedge. Else,
   with nobody standing behind it, it is unconfirmed if hedged and confirmed if not (the report's own
   voice). Else it is confirmed when the claimant's side is the side that lost the place (an
   admission), disputed when its own words deny it, and claimed otherwise.
2. **A headline** restates its story and neither confirms nor claims: unconfirmed, with no claimant.
3. **A sentence with no event of its own** speaks of the sentence before it (:func:`follow_up`):
   a denial by a side other than the claimant's makes the statement disputed; naming who said it
   gives a statement that had no claimant that speaker (:func:`adopts_speaker`), and rule 1 decides it
   again; a hedge makes a statement in the report's own voice unconfirmed.
4. **Two reports of one event merge** (:func:`merge`): a confirmation wins; else a denial stands —
   claimed and disputed make disputed, because a report that does not mention the denial does not
   undo it; else the surer of the two (:func:`surest`). The extractor's one event per place, event
   type and date and the store's one event per ``event_id_cnty`` both merge by this rule.
5. **A claimed change of control is corroborated** (:func:`corroborate`) when the same report has the
   same change (place, from, to) confirmed: a capture claimed by one side and the withdrawal admitted
   by the other.

Values outside the four (empty, None, NaN from other tools) rank last and never win a merge.

>>> CONFIDENCES
('confirmed', 'claimed', 'disputed', 'unconfirmed')
>>> [rank(c) for c in ("confirmed", "disputed", None, "")]
[0, 2, 4, 4]
>>> surest("unconfirmed", "claimed"), surest(), surest(None, "likely")
('claimed', None, None)
>>> merge("claimed", "disputed"), merge("disputed", "confirmed"), merge("", "claimed"), merge(None)
('disputed', 'confirmed', 'claimed', None)
>>> merge(float("nan"), "unconfirmed"), merge()
('unconfirmed', None)
>>> decide(Wording(hedged=True), claimant_side=None)
'unconfirmed'
>>> decide(Wording(), claimant_side="RU", lost_by="RU")  # Russia's own bloggers on a Russian withdrawal
'confirmed'
>>> follow_up("claimed", Wording(denied=True), claimant_side="RU", speaker_side="UA")  # "Kyiv denied it."
'disputed'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CONFIDENCES",
    "Confidence",
    "Wording",
    "adopts_speaker",
    "corroborate",
    "decide",
    "follow_up",
    "merge",
    "rank",
    "surest",
]

Confidence = Literal["confirmed", "claimed", "disputed", "unconfirmed"]

#: The values of ``x_confidence``, surest first.
CONFIDENCES: tuple[Confidence, ...] = ("confirmed", "claimed", "disputed", "unconfirmed")

_RANK: dict[object, int] = {c: i for i, c in enumerate(CONFIDENCES)}


def rank(level: str | None) -> int:
    """Position of ``level`` in :data:`CONFIDENCES` (0 is surest); anything else ranks after all four."""
    return _RANK.get(level, len(CONFIDENCES))


def surest(*levels: str | None) -> Confidence | None:
    """The surest of ``levels``; None when none of them is one of :data:`CONFIDENCES`."""
    best = min(map(rank, levels), default=len(CONFIDENCES))
    return CONFIDENCES[best] if best < len(CONFIDENCES) else None


def merge(*levels: str | None) -> Confidence | None:
    """The level of one event told by reports of these ``levels`` (rule 4); None when none is known."""
    # looked up, never compared: a store's missing value may be pandas.NA, whose == has no truth value
    known = {CONFIDENCES[r] for r in map(rank, levels) if r < len(CONFIDENCES)}
    if "confirmed" in known:
        return "confirmed"
    if "disputed" in known:
        return "disputed"
    return surest(*known)


@dataclass(frozen=True, slots=True)
class Wording:
    """What a sentence's own words say about how sure it is (the extractor's lexicon finds them)."""

    confirming: bool = False  # evidence the report stands on: "confirmed", "geolocated", "satellite imagery"
    hedged: bool = False  # "reportedly", "likely", "could not be verified"
    denied: bool = False  # "denied", "rejected the claim", "спростував"


def decide(wording: Wording, *, claimant_side: str | None, lost_by: str = "") -> Confidence:
    """The level of a statement (rule 1).

    ``claimant_side`` is the side of whoever stands behind it (``"UA"``, ``"RU"``, or ``""`` for a
    source of no side or none named: "a source said"), None when nobody does; ``lost_by`` the side a
    change of control takes the place from ("" when the event changes no control).
    """
    if wording.confirming and not wording.hedged:
        return "confirmed"
    if claimant_side is None:
        return "unconfirmed" if wording.hedged else "confirmed"
    if lost_by and claimant_side == lost_by:
        return "confirmed"
    if wording.denied:
        return "disputed"
    return "claimed"


def adopts_speaker(wording: Wording, *, claimant_side: str | None, speaker_side: str | None) -> bool:
    """Whether the speaker of a following sentence becomes the claimant of a statement (rule 3):
    when the statement had none, a speaker is named (``speaker_side`` not None) and does not deny it."""
    return speaker_side is not None and claimant_side is None and not wording.denied


def follow_up(
    level: Confidence,
    wording: Wording,
    *,
    claimant_side: str | None,
    speaker_side: str | None,
    lost_by: str = "",
) -> Confidence:
    """The level of a statement of ``level`` once the sentence after it speaks of it (rule 3).

    ``wording`` and ``speaker_side`` are the following sentence's (``speaker_side`` None when it names
    nobody); ``claimant_side`` and ``lost_by`` the statement's, as for :func:`decide`.
    """
    if wording.denied and claimant_side is not None and speaker_side not in (None, claimant_side):
        return "disputed"
    if adopts_speaker(wording, claimant_side=claimant_side, speaker_side=speaker_side):
        return decide(wording, claimant_side=speaker_side, lost_by=lost_by)
    if wording.hedged and level == "confirmed" and claimant_side is None:
        return "unconfirmed"
    return level


def corroborate(level: Confidence, *, confirmed_in_report: bool) -> Confidence:
    """A claimed change of control whose same change the report also has confirmed is confirmed (rule 5)."""
    return "confirmed" if level == "claimed" and confirmed_in_report else level
