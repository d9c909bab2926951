"""How sure an event is: the five values of ``x_confidence``, their order, and the rules that decide them.

One model of support, three levels of who stands behind a statement, surest first:

* ``confirmed`` — several independent sources tell it (:func:`corroborate_sources`), the text states
  visual confirmation it stands on ("geolocated footage shows", "satellite imagery"), or the side it
  harms admits it (a side announcing its own withdrawal);
* ``reported`` — told in the own voice of an independent source: a wire, an outlet, an analyst's
  assessment named as the report's source, not a party to the war;
* ``claimed`` — asserted by one party, named in ``x_claim_by`` (a ministry, a general staff, a governor,
  military bloggers, "a source"). A statement inside a party's release (the report's source is the
  party, or the text opens as its release: "Минобороны России: …") inherits that party as claimant.

and two values for statements the levels do not reach:

* ``disputed`` — claimed by one party and denied by another;
* ``unconfirmed`` — hedged ("reportedly", "likely"), or told with nobody standing behind it at all:
  unattributed text from no named source is ``unconfirmed``, never ``confirmed``.

A claim outranks a dispute: it is one party's positive evidence, and a dispute is that same evidence
with the other party's denial against it. Only ``confirmed`` and ``reported`` make a change of hands a
fact for territorial control (:mod:`frontline.control.timeline`); maps draw the others pale.

The rules:

1. **A statement** (:func:`decide`) is confirmed when its words confirm it and do not hedge. Else,
   with nobody standing behind it, it is unconfirmed if hedged; if not, reported when an independent
   source publishes it and unconfirmed when no source is named. Else it is confirmed when the
   claimant's side is the side that lost the place (an admission), disputed when its own words deny
   it, and claimed otherwise.
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
6. **Several independent sources confirm** (:func:`corroborate_sources`): an event that two or more
   different sources report in their own voice (each ``reported`` or ``confirmed``) is confirmed. The
   store applies it when it merges one event told by reports from different sources (:func:`merge_told`):
   the same place, sub-event type and day (one ``event_id_cnty``) is one event, with every source listed
   and the strongest confidence.

Values outside the five (empty, None, NaN from other tools) rank last and never win a merge.

>>> CONFIDENCES
('confirmed', 'reported', 'claimed', 'disputed', 'unconfirmed')
>>> [rank(c) for c in ("confirmed", "disputed", None, "")]
[0, 3, 5, 5]
>>> surest("unconfirmed", "claimed"), surest(), surest(None, "likely")
('claimed', None, None)
>>> merge("claimed", "disputed"), merge("disputed", "confirmed"), merge("", "claimed"), merge(None)
('disputed', 'confirmed', 'claimed', None)
>>> merge(float("nan"), "unconfirmed"), merge(), merge("claimed", "reported")
('unconfirmed', None, 'reported')
>>> decide(Wording(hedged=True), claimant_side=None)
'unconfirmed'
>>> decide(Wording(), claimant_side=None), decide(Wording(), claimant_side=None, independent=True)
('unconfirmed', 'reported')
>>> decide(Wording(), claimant_side="RU", lost_by="RU")  # Russia's own bloggers on a Russian withdrawal
'confirmed'
>>> follow_up("claimed", Wording(denied=True), claimant_side="RU", speaker_side="UA")  # "Kyiv denied it."
'disputed'
>>> corroborate_sources([("Wire A", "reported"), ("Wire B", "reported")])
'confirmed'
>>> corroborate_sources([("Wire A", "reported"), ("Wire A", "reported"), ("", "claimed")])
'reported'
>>> merge_told("reported", "Wire A", "reported", "Wire B")
'confirmed'
>>> merge_told("reported", "Wire A", "reported", "Wire A"), merge_told("reported", "Wire A", "claimed", "B")
('reported', 'reported')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CONFIDENCES",
    "STANDING",
    "Confidence",
    "Wording",
    "adopts_speaker",
    "corroborate",
    "corroborate_sources",
    "decide",
    "follow_up",
    "merge",
    "merge_told",
    "rank",
    "surest",
]

Confidence = Literal["confirmed", "reported", "claimed", "disputed", "unconfirmed"]

#: The values of ``x_confidence``, surest first.
CONFIDENCES: tuple[Confidence, ...] = ("confirmed", "reported", "claimed", "disputed", "unconfirmed")
#: The levels that make a change of hands a fact for territorial control.
STANDING: frozenset[str] = frozenset(("confirmed", "reported"))

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


def decide(
    wording: Wording, *, claimant_side: str | None, lost_by: str = "", independent: bool = False
) -> Confidence:
    """The level of a statement (rule 1).

    ``claimant_side`` is the side of whoever stands behind it (``"UA"``, ``"RU"``, or ``""`` for a
    source of no side or none named: "a source said"), None when nobody does; ``lost_by`` the side a
    change of control takes the place from ("" when the event changes no control); ``independent``
    whether the report's own voice is a named source that is no party (a wire, an outlet).
    """
    if wording.confirming and not wording.hedged:
        return "confirmed"
    if claimant_side is None:
        return "reported" if independent and not wording.hedged else "unconfirmed"
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
    independent: bool = False,
) -> Confidence:
    """The level of a statement of ``level`` once the sentence after it speaks of it (rule 3).

    ``wording`` and ``speaker_side`` are the following sentence's (``speaker_side`` None when it names
    nobody); ``claimant_side`` and ``lost_by`` the statement's, as for :func:`decide`.
    """
    if wording.denied and claimant_side is not None and speaker_side not in (None, claimant_side):
        return "disputed"
    if adopts_speaker(wording, claimant_side=claimant_side, speaker_side=speaker_side):
        return decide(wording, claimant_side=speaker_side, lost_by=lost_by, independent=independent)
    if wording.hedged and level in STANDING and claimant_side is None:
        return "unconfirmed"
    return level


def corroborate(level: Confidence, *, confirmed_in_report: bool) -> Confidence:
    """A claimed change of control whose same change the report also has confirmed is confirmed (rule 5)."""
    return "confirmed" if level == "claimed" and confirmed_in_report else level


def corroborate_sources(told: Iterable[tuple[str, str | None]]) -> Confidence | None:
    """The level of one event told by ``(source, level)`` pairs (rules 4 and 6): :func:`merge` of the
    levels, raised to confirmed when two or more different sources tell it in their own voice."""
    pairs = list(told)
    level = merge(*(lv for _, lv in pairs))
    own_voice = {src.strip().casefold() for src, lv in pairs if src.strip() and lv in STANDING}
    if len(own_voice) >= 2 and level == "reported":
        return "confirmed"
    return level


def merge_told(old: str | None, old_sources: str, new: str | None, new_sources: str) -> Confidence | None:
    """The level of one stored event (``old``, told by ``old_sources``, ``"; "``-joined) once a report of
    ``new`` by ``new_sources`` tells it again (rules 4 and 6): :func:`merge`, raised to confirmed when
    both tell it in their own voice and the new telling comes from a source the event did not have."""
    level = merge(old, new)
    had = {s.strip().casefold() for s in str(old_sources or "").split("; ") if s.strip()}
    fresh = {s.strip().casefold() for s in str(new_sources or "").split("; ") if s.strip()} - had
    if level == "reported" and old in STANDING and new in STANDING and had and fresh:
        return "confirmed"
    return level
