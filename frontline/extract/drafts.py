"""From a report's sentences and place mentions to event drafts: what happened where, who claims it, when.

A draft is made where a sentence ties an action (see :mod:`.lexicon`) to a place acted on (see
:mod:`.places`). A sentence with an action and no place but "the town", "the city", "the site" takes
the last settlement named before it. A sentence with neither — "…, witnesses said.", "The claim could
not be verified.", "Kyiv denies it." — still tells about the sentence before it: who said it, how sure
it is (:mod:`frontline.confidence`), how many died. Drafts of one place, event type and date then merge
into one (:func:`merge_drafts`).

>>> fatalities("Five people were killed, officials said."), fatalities("killing at least 12 people")
(5, 12)
>>> fatalities("Внаслідок обстрілу загинула одна людина."), fatalities("В результате обстрела погибли двое.")
(1, 2)
>>> fatalities(""), fatalities("Nobody was hurt.")
(0, 0)
>>> merge_drafts([])
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import regex

from gazetteer import Mention, Place

from ..confidence import Confidence, adopts_speaker, corroborate, decide, follow_up, merge
from .acled import geo_precision, sub_event
from .attribution import (
    ALLIES,
    ClaimWords,
    claim_words,
    claimant_at,
    claimant_in,
    default_side,
    release_party,
    side_before,
    side_code,
    speaker_in,
    speakers,
    subject,
    voice,
    wording_of,
)
from .dates import sentence_date
from .lexicon import CIVILIAN_WORDS, DEATH_WORDS, INTERVENTION, KILLED, KINDS, Action, Claimant, find_actions
from .places import ANAPHOR, acted_on, assign, places_in
from .reports import Report
from .sentences import Sentence, sentence_mentions

__all__ = ["Draft", "fatalities", "merge_drafts", "read_drafts", "report_party"]

_GENERIC_ATTACK = regex.compile(r"\A(?:attacks?|attacked|ground attacks?)\Z", regex.I)
# Every alternative of KILLED has one of these stems: most sentences are ruled out by this cheap search
_DEATH_HINT = regex.compile(r"kill|left|загин|загибл|погиб|убит|вбит", regex.I)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_WORDS |= {"nine": 9, "ten": 10, "a dozen": 12, "dozens": 24}


@dataclass(slots=True)
class Draft:
    """An event while the report is read: what later sentences may still change."""

    place: Place
    kind: str
    sub_event_type: str
    side: str
    event_date: date
    time_precision: int
    geo_precision: int
    quote: str
    sentence: int
    claimant: Claimant | None
    confidence: Confidence
    control_from: str = ""
    control_to: str = ""
    fatalities: int = 0
    civilian: bool = False
    intervention_by: str = ""
    ally: str = ""  # WAGNER, DPR or LPR when they are named as the actor
    claimants: list[str] = field(default_factory=list)
    headline: bool = False


def report_party(report: Report) -> Claimant | None:
    """The party whose word the report is: its source when that is a party, else the party whose own
    release the text is (its first line says so), else None."""
    party = claimant_in(report.source) if report.source else None
    return party if party is not None else release_party(report.text)


def read_drafts(
    report: Report, mentions: list[Mention], party: Claimant | None, *, opening: bool = True
) -> list[Draft]:
    """The drafts of ``report``, sentence by sentence, from the gazetteer's ``mentions`` in its text.

    ``party`` is :func:`report_party` of the whole report. ``opening`` is False when ``report`` holds a
    later window of a long report: its first line is a paragraph's, never the report's headline.
    """
    return _Reader(report, mentions, party, opening=opening).read()


def _actions(sentence: str) -> list[Action]:
    actions = find_actions(sentence)
    if any(a.kind in ("air", "shelling") for a in actions):
        actions = [a for a in actions if not (a.kind == "clash" and _GENERIC_ATTACK.match(a.text))]
    intercepts = [a.start for a in actions if a.kind == "intercept"]
    if intercepts:  # "shot down 37 drones": the drones are what was intercepted
        actions = [a for a in actions if not (a.kind in ("air", "shelling") and a.start > intercepts[0])]
    return actions


class _Reader:
    """Reads one report into drafts, sentence by sentence."""

    def __init__(
        self, report: Report, mentions: list[Mention], party: Claimant | None, *, opening: bool
    ) -> None:
        self.report = report
        self.text = report.text
        self.mentions = mentions
        self.source = party
        self.opening = opening
        # the report's own voice is an independent source's: a named publisher that is no party
        self.independent = self.source is None and report.source_named and bool(report.source.strip())
        self.drafts: list[Draft] = []
        self.last_place: Mention | None = None
        self._words: dict[int, ClaimWords] = {}

    def read(self) -> list[Draft]:
        for sentence, here in sentence_mentions(self.text, self.mentions):
            self._sentence(sentence, here)
        return self.drafts

    def _sentence(self, sentence: Sentence, here: list[Mention]) -> None:
        s = sentence.text
        actions = _actions(s)
        places = places_in(sentence, here, self.text)
        made: list[Draft] = []
        if actions and places:
            for m, action in assign(places, actions, sentence.start):
                draft = self._draft(sentence, m, action)
                if draft is not None:
                    made.append(draft)
        elif actions and self.last_place is not None and ANAPHOR.search(s):
            made = [d for d in [self._draft(sentence, self.last_place, actions[0], anaphor=True)] if d]
        if sentence.headline and self.opening:
            for d in made:  # rule 2 of frontline.confidence
                d.confidence, d.claimant, d.headline = "unconfirmed", None, True
        if made:
            self.drafts.extend(made)
        else:
            self._about_previous(sentence)
        settlements = [m for m in places if m.place and m.place.feature_class == "P"]
        if settlements:
            self.last_place = settlements[-1]

    def _about_previous(self, sentence: Sentence) -> None:
        """A sentence with no event of its own speaks of the sentence before it."""
        previous = [d for d in self.drafts if d.sentence == sentence.index - 1]
        if not previous:
            return
        s = sentence.text
        speaker = speaker_in(s)
        killed = fatalities(s)
        wording = wording_of(s)
        speaker_side = speaker.side if speaker else None
        for d in previous:
            claimant_side = d.claimant.side if d.claimant else None
            d.confidence = follow_up(
                d.confidence,
                wording,
                claimant_side=claimant_side,
                speaker_side=speaker_side,
                lost_by=d.control_from,
                independent=self.independent,
            )
            if adopts_speaker(wording, claimant_side=claimant_side, speaker_side=speaker_side):
                d.claimant = speaker
            if killed and not d.fatalities:
                d.fatalities = killed
            if d.kind == "protest" and INTERVENTION.search(s):
                d.sub_event_type = "Protest with intervention"
                d.intervention_by = side_before(s, len(s), "UA")

    def _draft(
        self, sentence: Sentence, m: Mention, action: Action, *, anaphor: bool = False
    ) -> Draft | None:
        place = m.place
        assert place is not None
        s = sentence.text
        kind = action.kind
        if not acted_on(kind, m, sentence, self.text, anaphor=anaphor):
            return None
        if sentence.index not in self._words:
            self._words[sentence.index] = claim_words(s)
        words = self._words[sentence.index]
        claimant = claimant_at(s, action.start, words, source=self.source, country_code=place.country_code)
        speaking = voice(s, claimant, self.source)
        acting = subject(s, action.start, speakers(s, words))
        side = side_code(acting, speaking) or default_side(kind, action, place.country_code, speaking)
        intervention = INTERVENTION.search(s) is not None
        sub, control_from, control_to = sub_event(kind, side, place.country_code, intervention=intervention)
        when = sentence_date(s, self.report.date) or (self.report.date, 1)
        if when[0] > self.report.date:
            when = (self.report.date, 1)
        return Draft(
            place=place,
            kind=kind,
            sub_event_type=sub,
            side=side,
            event_date=when[0],
            time_precision=when[1],
            geo_precision=geo_precision(place, near=bool(m.relation) and not anaphor),
            quote=" ".join(s.split()),
            sentence=sentence.index,
            claimant=claimant,
            confidence=decide(
                wording_of(s),
                claimant_side=claimant.side if claimant else None,
                lost_by=control_from,
                independent=self.independent,
            ),
            control_from=control_from,
            control_to=control_to,
            fatalities=fatalities(s),
            civilian=bool(CIVILIAN_WORDS.search(s)) and kind in ("shelling", "air", "mine", "attack"),
            intervention_by=side_before(s, len(s), speaking) if sub == "Protest with intervention" else "",
            ally=acting if acting in ALLIES else "",
        )


def fatalities(sentence: str) -> int:
    """The number of dead a sentence reports, 0 when it reports none."""
    m = KILLED.search(sentence) if _DEATH_HINT.search(sentence) else None
    if not m:
        return 0
    word = next(g for g in m.groups() if g)
    word = word.replace(",", "").lower()
    if word.isdecimal():
        return int(word)
    return _WORDS.get(word) or DEATH_WORDS.get(word.split()[0], 0)


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One draft per place, event type and date: a change of control beats a clash; confidences merge
    and claims are corroborated by rules 4 and 5 of :mod:`frontline.confidence`; claimants add up.
    A headline's draft gives way to the body's of the same place and event type, whatever their dates
    (the headline restates the story on the day it was published). The drafts given are not changed."""
    told = {(d.place.geonameid, KINDS[d.kind][0]) for d in drafts if not d.headline}
    kept: dict[tuple[int, str, date], Draft] = {}
    for d in drafts:
        if d.headline and (d.place.geonameid, KINDS[d.kind][0]) in told:
            continue
        key = (d.place.geonameid, KINDS[d.kind][0], d.event_date)
        name = d.claimant.name if d.claimant else ""
        if key not in kept:
            kept[key] = replace(d, claimants=[name] if name else [])
            continue
        k = kept[key]
        if d.control_to and not k.control_to:
            k.kind, k.sub_event_type, k.side = d.kind, d.sub_event_type, d.side
            k.control_from, k.control_to, k.quote = d.control_from, d.control_to, d.quote
        k.confidence = merge(k.confidence, d.confidence) or k.confidence
        if name and name not in k.claimants:
            k.claimants.append(name)
        k.fatalities = max(k.fatalities, d.fatalities)
        k.civilian = k.civilian or d.civilian
    out = list(kept.values())
    admitted = {(d.place.geonameid, d.control_from, d.control_to) for d in out if d.confidence == "confirmed"}
    for d in out:
        if d.control_to:
            change = (d.place.geonameid, d.control_from, d.control_to)
            d.confidence = corroborate(d.confidence, confirmed_in_report=change in admitted)
    return out
