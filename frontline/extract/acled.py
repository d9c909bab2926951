"""A draft in ACLED's terms: sub-event type, direction of control, actors, precision codes and notes.

Whether a capture is "Government regains territory" or "Non-state actor overtakes territory" follows
from the side acting and the country of the place: Ukraine retaking a Ukrainian town regains it;
Russia taking it, or Ukraine taking a Russian town, overtakes it. A withdrawal hands the place to the
other side. Actors are ACLED's names: the two states' forces, Wagner and the DPR/LPR as Russia's
associated actors, civilians or protesters of the place's country.

>>> sub_event("capture", "UA", "UA", intervention=False)
('Government regains territory', 'RU', 'UA')
>>> sub_event("capture", "UA", "RU", intervention=False)
('Non-state actor overtakes territory', 'RU', 'UA')
>>> sub_event("withdrawal", "RU", "UA", intervention=False)
('Non-violent transfer of territory', 'RU', 'UA')
>>> sub_event("shelling", "", "UA", intervention=False)
('Shelling/artillery/missile attack', '', '')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gazetteer import Place

from ..events import ACTORS, Event, event_id
from .attribution import OTHER
from .lexicon import KINDS
from .places import region_name
from .reports import Report

if TYPE_CHECKING:
    from .drafts import Draft

__all__ = ["COUNTRIES", "actors", "geo_precision", "sub_event", "to_event"]

#: Country code → ACLED's country name, ISO 3166 number and alpha-3 code (for event ids).
COUNTRIES = {
    "UA": ("Ukraine", 804, "UKR"),
    "RU": ("Russia", 643, "RUS"),
    "BY": ("Belarus", 112, "BLR"),
    "MD": ("Moldova", 498, "MDA"),
    "PL": ("Poland", 616, "POL"),
    "RO": ("Romania", 642, "ROU"),
}


def sub_event(kind: str, side: str, country_code: str, *, intervention: bool) -> tuple[str, str, str]:
    """``(sub_event_type, control_from, control_to)`` of an action of ``kind`` by ``side`` at a place of
    ``country_code``; ``intervention``: the sentence tells of forces breaking up a protest."""
    sub = KINDS[kind][1]
    control_from = control_to = ""
    if kind == "capture":
        own = country_code == side
        sub = "Government regains territory" if own else "Non-state actor overtakes territory"
        control_from, control_to = OTHER.get(side, ""), side
    elif kind == "withdrawal":
        control_from, control_to = side, OTHER.get(side, "")
    elif kind == "protest" and intervention:
        sub = "Protest with intervention"
    return sub, control_from, control_to


def geo_precision(place: Place, *, near: bool) -> int:
    """ACLED's ``geo_precision``: 1 the settlement itself, 2 near it or a district, 3 a whole region."""
    precision = 3 if place.feature_code == "ADM1" else 2 if place.feature_class == "A" else 1
    return max(precision, 2) if near else precision


def actors(d: Draft) -> tuple[str, str, str, str, str]:
    """actor1, assoc_actor_1, inter1, actor2, inter2 in ACLED's style."""
    side = d.side if d.side in ACTORS else "RU"
    other = OTHER.get(side, "UA")
    assoc = ACTORS[d.ally] if d.ally else ""
    civilians = "CIVILIANS_RU" if d.place.country_code == "RU" else "CIVILIANS_UA"
    if d.kind == "protest":
        protesters = "PROTESTERS_RU" if d.place.country_code == "RU" else "PROTESTERS_UA"
        by = d.intervention_by if d.intervention_by in ("UA", "RU") else ""
        return ACTORS[protesters], "", "Protesters", ACTORS[by] if by else "", "State forces" if by else ""
    if d.kind in ("capture", "clash", "intercept"):
        return ACTORS[side], assoc, "State forces", ACTORS[other], "State forces"
    if d.kind in ("attack", "abduction", "looting") or (d.civilian and d.kind in ("shelling", "air", "mine")):
        return ACTORS[side], assoc, "State forces", ACTORS[civilians], "Civilians"
    return ACTORS[side], assoc, "State forces", "", ""


def to_event(d: Draft, report: Report, timestamp: int) -> Event:
    """The ACLED event of a draft of ``report``, entered at ``timestamp`` (Unix seconds)."""
    p = d.place
    country, iso, iso3 = COUNTRIES.get(p.country_code, (p.country_code, 0, p.country_code))
    actor1, assoc1, inter1, actor2, inter2 = actors(d)
    claim_by = "; ".join(d.claimants)
    admin1 = "" if p.admin1.isdigit() else region_name(p.admin1)
    where = f"{p.name} ({admin1})" if admin1 and admin1 != p.name else p.name
    note = f"On {d.event_date:%d %B %Y}, {d.sub_event_type.lower()} at {where}"
    note += (
        f"; {d.confidence}" + (f" by {claim_by}" if claim_by and d.confidence != "confirmed" else "") + "."
    )
    if d.fatalities:
        note += f" Fatalities reported: {d.fatalities}."
    if report.forwarded_from:
        note += f" Forwarded from {report.forwarded_from}."
    return Event(
        event_id_cnty=event_id(iso3, p.geonameid, d.event_date.isoformat(), d.sub_event_type),
        event_date=d.event_date,
        time_precision=d.time_precision,
        event_type=KINDS[d.kind][0],
        sub_event_type=d.sub_event_type,
        actor1=actor1,
        assoc_actor_1=assoc1,
        inter1=inter1,
        actor2=actor2,
        inter2=inter2,
        civilian_targeting="Civilian targeting" if actor2.startswith("Civilians") else "",
        latitude=p.latitude,
        longitude=p.longitude,
        location=p.name,
        country=country,
        iso=iso,
        admin1=admin1,
        geo_precision=d.geo_precision,
        source=report.source,
        notes=note,
        fatalities=d.fatalities,
        timestamp=timestamp,
        x_geonameid=p.geonameid,
        x_claim_by=claim_by,
        x_confidence=d.confidence,
        x_control_from=d.control_from,
        x_control_to=d.control_to,
        x_source_url=report.url,
        x_quote=d.quote,
        x_report_id=report.report_id,
    )
