"""From a report to events: sentences, places, the actions tied to them, who claims it, when.

An event is made where a sentence ties an action (see :mod:`.lexicon`) to a place the gazetteer found.
Each place takes the action nearest to it in its sentence (one before it counts three times nearer:
the verb usually comes before its object). A sentence with
an action and no place but "the town", "the city", "the site" takes the last settlement named before
it. A sentence with neither — "…, witnesses said.", "The claim could not be verified.", "Kyiv denies
it." — still tells about the sentence before it: who said it, how sure it is, how many died.

The side acting is the nearest side word before the action ("Russian forces", "ЗСУ", "our troops",
"the enemy"), else the claimant's side. Whether a capture is "Government regains territory" or
"Non-state actor overtakes territory" follows from that side and the country of the place (Ukraine
retaking a Ukrainian town; Russia taking it; Ukraine taking a Russian town).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from datetime import date

import regex

from gazetteer import Gazetteer, Mention, Place, fold

from ..confidence import Confidence, Wording, adopts_speaker, corroborate, decide, follow_up, merge
from ..events import ACTORS, Event, event_id
from .dates import sentence_date
from .lexicon import (
    CIVILIAN_WORDS,
    CLAIMANTS,
    CONFIRM,
    DENIAL,
    HEDGE,
    INTERVENTION,
    KILLED,
    KINDS,
    REPORTING,
    SIDE_WORDS,
    Action,
    Claimant,
    find_actions,
)
from .reports import Report

__all__ = ["extract_events"]

log = logging.getLogger(__name__)

_COUNTRIES = {
    "UA": ("Ukraine", 804, "UKR"),
    "RU": ("Russia", 643, "RUS"),
    "BY": ("Belarus", 112, "BLR"),
    "MD": ("Moldova", 498, "MDA"),
    "PL": ("Poland", 616, "POL"),
    "RO": ("Romania", 642, "ROU"),
}
_OTHER = {"UA": "RU", "RU": "UA"}
_ABBREVIATIONS = frozenset(
    "gen lt col maj capt sgt mr mrs ms dr st no obl vs jan feb mar apr jun jul aug sep sept oct nov dec "
    "м с г смт пос вул ул etc approx".split()
)
_SENTENCE_END = regex.compile(r"(?<=[.!?…;])[\"'”»)\]]*\s+(?=[\"'“«(\[]?[\p{Lu}\p{N}⚡🔴❗])|\n\s*")
_DATELINE = regex.compile(r"\A\s*[\p{Lu}][\p{Lu}'’ -]{2,40},[^.\n]{0,40}?(?:\([^)\n]{1,60}\))?\s*[-–—]+\s*")
_APPOSITION = regex.compile(r",\s+(?:a|an|the|which|where|що|который|которая)\b[^,;]{0,60}\Z", regex.I)
_ORIGIN = regex.compile(r"(?<![\p{L}])(?:from|з|із|зі|из|со)\s+(?:the\s+)?\Z", regex.I)
_DESTINATION = regex.compile(
    r"(?<![\p{L}])(?:to|toward|towards|into|back to|до|к|в сторону|у напрямку|в направлении)\s+(?:the\s+)?\Z",
    regex.I,
)
_FACILITY = regex.compile(
    r"\A[\s-]*(?:nuclear |thermal |hydroelectric |hydro )?(?:power (?:plant|station)|NPP|TPP|HPP|"
    r"airport|airbase|air base|АЕС|АЭС|ТЕС|ТЭС|ГЕС|ГЭС|аеропорт|аэропорт)",
    regex.I,
)
_ANAPHOR = regex.compile(
    r"(?<![\p{L}])(?:the (?:town|city|village|settlement|site|plant)|місто|міста|місті|села|селі|селище|"
    r"город|города|городе|поселок|посёлок)(?![\p{L}])",
    regex.I,
)
_METONYM = regex.compile(
    r"\A\s*(?:has |have )?(?:said|says|denies|denied|claims|claimed|insists|insisted|announced|"
    r"заявил\w*|заявив|заперечу\w*|отрица\w*)(?![\p{L}])",
    regex.I,
)
# A capital as the government that gains or loses something: "giving Kyiv control of the rail lines".
_METONYM_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:giv(?:e|es|ing)|gave|hand(?:s|ed|ing)?|den(?:y|ies|ied|ying)|cost(?:s|ing)?|"
    r"allow(?:s|ed|ing)?|for|to) \Z",
    regex.I,
)
_RIVER_CONTEXT = regex.compile(
    r"(?:(?:left|right|east|west|eastern|western|opposite|other) banks? of (?:the )?|the river )\Z", regex.I
)
_RIVER_AFTER = regex.compile(r"\A\s*(?:River|river|річк\w*|рек\w*)(?![\p{L}])")
_FOCUS = frozenset(("UA", "RU", "BY", "MD"))
_GENERIC_ATTACK = regex.compile(r"\A(?:attacks?|attacked|ground attacks?)\Z", regex.I)
# Script cue for the voice of a text when nobody is named: letters only Russian uses.
_RUSSIAN = regex.compile(r"[ыэъё]", regex.I)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_WORDS |= {"nine": 9, "ten": 10, "a dozen": 12, "dozens": 24}


@dataclass(slots=True)
class _Draft:
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


@dataclass(frozen=True, slots=True)
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    headline: bool = False


def _sentences(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip()
        word = regex.search(r"([\p{L}]+)\.\Z", before)
        if word and word.group(1).lower() in _ABBREVIATIONS and "\n" not in m.group():
            continue
        if before.strip():
            out.append(_Sentence(len(out), start, m.start(), text[start : m.start()]))
        start = m.end()
    if text[start:].strip():
        out.append(_Sentence(len(out), start, len(text), text[start:]))
    first = out[0] if out else None
    if (
        first
        and len(out) > 1
        and "\n" in text[first.end : out[1].start]
        and not first.text.rstrip().endswith((".", "!", "?", "…", '"', "”", "»"))
    ):
        out[0] = replace(first, headline=True)
    return out


def _claimant_in(text: str) -> Claimant | None:
    for claimant, pattern in CLAIMANTS:
        if pattern.search(text):
            return claimant
    return None


_CLAIM_REACH = 100
_ALLIES = ("WAGNER", "DPR", "LPR")  # fighting on Russia's side; named as associated actors
_UNNAMED = Claimant("", "")
_SIDE_CLAIMANTS = {"UA": Claimant("Ukrainian officials", "UA"), "RU": Claimant("Russian officials", "RU")}


_Words = tuple[list[tuple[int, int]], list[tuple[int, int, Claimant]]]


def _claim_for(sentence: str, pos: int, words: _Words) -> Claimant | None:
    """Who stands behind the action at ``pos``: the claimant nearest the reporting word that governs it
    (the last one before the action, else the first after it: "…, officials said")."""
    cues, claims = words
    if not cues:
        return None
    before = [c for c in cues if c[0] <= pos]
    cue_start, cue_end = before[-1] if before else cues[0]
    best: tuple[int, Claimant] | None = None
    for start, end, claimant in claims:
        distance = max(cue_start - end if end <= cue_start else start - cue_end, 0)
        if distance <= _CLAIM_REACH and (best is None or distance < best[0]):
            best = (distance, claimant)
    if best is not None:
        return best[1]
    side = _side_before(sentence, cue_start, "UA")
    if side in _SIDE_CLAIMANTS and cue_start - _last_side_word(sentence, cue_start) < 40:
        return _SIDE_CLAIMANTS[side]  # "Ukrainian forces declare victory", "Kyiv claims"
    return _UNNAMED  # "…, a source said": a claim, by someone the report does not name


_SPEAKER_SIDE = regex.compile(
    r"(?:(?:Ukraine|Russia)(?:'s|’s)?|Ukrainian|Russian|Kyiv's|Moscow's)\s+\Z", regex.I
)


def _speakers(sentence: str, words: _Words) -> tuple[tuple[int, int], ...]:
    """Spans of the claimants that speak ("Ukraine's Air Force said", "according to Russia's Defence
    Ministry"): their side words name who speaks, not who acts."""
    cues, claims = words
    out = []
    for start, end, _ in claims:
        if any(0 <= c0 - end <= 30 or 0 <= start - c1 <= 15 for c0, c1 in cues):
            side = _SPEAKER_SIDE.search(sentence, max(0, start - 25), start)
            out.append((side.start() if side else start, end))
    return tuple(out)


def _claim_words(sentence: str) -> _Words:
    """Reporting words and claimant names in a sentence, with their offsets."""
    cues = [(m.start(), m.end()) for m in REPORTING.finditer(sentence)]
    if not cues:
        return cues, []
    claims = [(m.start(), m.end(), c) for c, pattern in CLAIMANTS for m in pattern.finditer(sentence)]
    return cues, claims


def _last_side_word(sentence: str, pos: int) -> int:
    ends = [m.end() for _, pattern in SIDE_WORDS for m in pattern.finditer(sentence, 0, pos)]
    return max(ends, default=-1000)


def _voice(sentence: str, claimant: Claimant | None, source: Claimant | None) -> str:
    if claimant and claimant.side:
        return claimant.side
    if source and source.side:
        return source.side
    if _RUSSIAN.search(sentence):
        return "RU"
    return "UA"


def _side_before(sentence: str, pos: int, voice: str) -> str:
    """The side of the nearest side word before ``pos`` (the subject of the action), else ""."""
    return _side_code(_subject(sentence, pos), voice)


def _subject(sentence: str, pos: int, skip: tuple[tuple[int, int], ...] = ()) -> str:
    """The nearest side word before ``pos`` as a key of SIDE_WORDS ("RU", "WAGNER", "ENEMY" …), else "".

    Side words inside the ``skip`` spans (the claimant's name: "Ukraine's Air Force said") are not
    subjects."""
    best, side = -1, ""
    for name, pattern in SIDE_WORDS:
        for m in pattern.finditer(sentence, 0, pos):
            if m.start() > best and not any(a <= m.start() < b for a, b in skip):
                best, side = m.start(), name
    return side


def _side_code(side: str, voice: str) -> str:
    if side in _ALLIES:
        return "RU"
    if side == "ENEMY":
        return _OTHER[voice]
    if side == "OWN":
        return voice
    return side


def _default_side(kind: str, action: Action, place: Place, voice: str) -> str:
    country = place.country_code if place.country_code in _OTHER else "UA"
    if kind in ("shelling", "air", "mine", "looting", "attack", "abduction"):
        return _OTHER[country]  # strikes come from the other side of the border
    if kind == "intercept":
        return country
    if kind == "capture":
        if action.text.lower().startswith("освобо"):
            return "RU"
        if action.text.lower().startswith(("звільн", "liberat")):
            return voice
    return voice


def _assign(mentions: list[Mention], actions: list[Action], s0: int) -> list[tuple[Mention, Action]]:
    """Each place with the action nearest to it (one before it preferred at equal distance)."""
    out = []
    for m in mentions:
        start, end = m.start - s0, m.end - s0
        best: tuple[float, Action] | None = None
        for a in actions:
            distance = start - a.end if a.end <= start else (a.start - end) * 3 if a.start >= end else 0
            if best is None or distance < best[0]:
                best = (distance, a)
        if best is not None:
            out.append((m, best[1]))
    return out


def _usable(m: Mention, sentence: _Sentence, text: str, mentions: list[Mention]) -> bool:
    p = m.place
    if p is None or p.feature_class not in "PA":
        return False
    before = text[sentence.start : m.start]
    after = text[m.end : m.end + 40]
    if _METONYM.match(after):
        return False  # "Kyiv denies it", "Moscow said": a government, not a place
    if _METONYM_BEFORE.search(before) and regex.match(r"\s+control\b", after):
        return False  # "giving Kyiv control of the rail lines": the government again
    if m.qualifier == "river" or _RIVER_CONTEXT.search(before) or _RIVER_AFTER.match(after):
        return False  # "the left bank of the Dnipro", "Siverskyi Donets River"
    if p.country_code not in _FOCUS and fold(m.text) not in (fold(p.name), fold(p.geonames_name)):
        return False  # far from the theatre and only like the word written ("Late" is not Lahti)
    others = [o for o in mentions if o is not m and o.place]
    if m.qualifier in ("oblast", "raion", "hromada") and any(
        o.place.feature_class == "P" for o in others if o.place
    ):
        return False  # "Novoshakhtinsk, Rostov region": the region only locates the town
    if m.qualifier == "direction" and any(o.qualifier is None for o in others):
        return False  # "Andriivka on the Bakhmut direction": the direction locates Andriivka
    if _APPOSITION.search(before) and any(o.end <= m.start and o.place for o in mentions):
        return False  # "Marinka, a town west of Donetsk": Donetsk only describes Marinka
    if _FACILITY.match(after) and len(mentions) > 1:
        return False  # "the Zaporizhzhia nuclear power plant in Enerhodar"
    # the oblast of a named town: the town is the place acted on
    return not (p.feature_class == "A" and any(o.place.feature_class == "P" for o in others if o.place))


def _admin_of_previous(m: Mention, prev: Mention | None, text: str) -> bool:
    """ "Bilohorivka, Luhansk": a city named right after a place of its oblast names the oblast."""
    if prev is None or prev.place is None or m.place is None:
        return False
    gap = text[prev.end : m.start]
    if not regex.fullmatch(r"\s*(?:,|\(|in|у|в)\s*", gap):
        return False
    oblast = prev.place.admin1.replace(" Oblast", "").strip().lower()
    return bool(oblast) and m.place.name.lower() == oblast and prev.place.feature_class == "P"


class _Reader:
    """Reads one report into drafts, sentence by sentence."""

    def __init__(self, report: Report, mentions: list[Mention]) -> None:
        self.report = report
        self.text = report.text
        self.mentions = mentions
        self.source = _claimant_in(report.source) if report.source else None
        self.drafts: list[_Draft] = []
        self.last_place: Mention | None = None
        self.excluded = self._datelines()
        self._words: dict[int, _Words] = {}

    def _datelines(self) -> set[int]:
        out: set[int] = set()
        for para in regex.finditer(r"(?:\A|\n)([^\n]+)", self.text):
            m = _DATELINE.match(para.group(1))
            if m:
                lo, hi = para.start(1), para.start(1) + m.end()
                out.update(i for i, x in enumerate(self.mentions) if lo <= x.start < hi)
        return out

    def read(self) -> list[_Draft]:
        ordered = self.mentions
        k = 0
        for sentence in _sentences(self.text):
            here: list[Mention] = []
            while k < len(ordered) and ordered[k].start < sentence.end:
                if ordered[k].start >= sentence.start and k not in self.excluded:
                    here.append(ordered[k])
                k += 1
            self._sentence(sentence, here)
        return self.drafts

    def _places(self, sentence: _Sentence, here: list[Mention]) -> list[Mention]:
        out = []
        prev: Mention | None = None
        for m in here:
            if not _admin_of_previous(m, prev, self.text) and _usable(m, sentence, self.text, here):
                out.append(m)
            prev = m
        return out

    def _sentence(self, sentence: _Sentence, here: list[Mention]) -> None:
        s = sentence.text
        actions = find_actions(s)
        if any(a.kind in ("air", "shelling") for a in actions):
            actions = [a for a in actions if not (a.kind == "clash" and _GENERIC_ATTACK.match(a.text))]
        intercepts = [a.start for a in actions if a.kind == "intercept"]
        if intercepts:  # "shot down 37 drones": the drones are what was intercepted
            actions = [a for a in actions if not (a.kind in ("air", "shelling") and a.start > intercepts[0])]
        places = self._places(sentence, here)
        made: list[_Draft] = []
        if actions and places:
            for m, action in _assign(places, actions, sentence.start):
                draft = self._draft(sentence, m, action)
                if draft is not None:
                    made.append(draft)
        elif actions and self.last_place is not None and _ANAPHOR.search(s):
            made = [d for d in [self._draft(sentence, self.last_place, actions[0], anaphor=True)] if d]
        if sentence.headline:
            for d in made:  # rule 2 of frontline.confidence
                d.confidence, d.claimant = "unconfirmed", None
        if made:
            self.drafts.extend(made)
        else:
            self._about_previous(sentence)
        settlements = [m for m in places if m.place and m.place.feature_class == "P"]
        if settlements:
            self.last_place = settlements[-1]

    def _about_previous(self, sentence: _Sentence) -> None:
        """A sentence with no event of its own speaks of the sentence before it."""
        previous = [d for d in self.drafts if d.sentence == sentence.index - 1]
        if not previous:
            return
        s = sentence.text
        reporting, denial = REPORTING.search(s) is not None, DENIAL.search(s) is not None
        claimant = _claimant_in(s) if reporting or denial else None
        if claimant is None and reporting and not denial:
            claimant = _UNNAMED
        killed = _fatalities(s)
        wording = _wording(s)
        speaker_side = claimant.side if claimant else None
        for d in previous:
            claimant_side = d.claimant.side if d.claimant else None
            d.confidence = follow_up(
                d.confidence,
                wording,
                claimant_side=claimant_side,
                speaker_side=speaker_side,
                lost_by=d.control_from,
            )
            if adopts_speaker(wording, claimant_side=claimant_side, speaker_side=speaker_side):
                d.claimant = claimant
            if killed and not d.fatalities:
                d.fatalities = killed
            if d.kind == "protest" and INTERVENTION.search(s):
                d.sub_event_type = "Protest with intervention"
                d.intervention_by = _side_before(s, len(s), "UA")

    def _draft(
        self, sentence: _Sentence, m: Mention, action: Action, *, anaphor: bool = False
    ) -> _Draft | None:
        place = m.place
        assert place is not None
        s = sentence.text
        kind = action.kind
        if not anaphor:
            before = self.text[sentence.start : m.start]
            if kind != "withdrawal" and _ORIGIN.search(before):
                return None  # "the assault came from Andriivka"
            if kind in ("withdrawal", "capture") and _DESTINATION.search(before):
                return None  # "regrouping toward Donetsk"
            if kind == "capture" and (m.relation not in (None, "outskirts of") or m.qualifier == "direction"):
                return None  # "reached the border north of Kharkiv" captured no Kharkiv
        if place.feature_class == "A" and kind in ("capture", "withdrawal", "base"):
            return None  # control changes are about settlements, not whole oblasts
        if sentence.index not in self._words:
            self._words[sentence.index] = _claim_words(s)
        claimant = _claim_for(s, action.start, self._words[sentence.index])
        if claimant is None and self.source is not None:
            claimant = self.source
        if (
            claimant is not None
            and claimant.name == "Ukrainian local officials"
            and place.country_code == "RU"
        ):
            claimant = _SIDE_CLAIMANTS["RU"]  # a governor of Kursk or Belgorod is a Russian official
        voice = _voice(s, claimant, self.source)
        names = _speakers(s, self._words[sentence.index])
        subject = _subject(s, action.start, names)
        side = _side_code(subject, voice) or _default_side(kind, action, place, voice)
        sub = KINDS[kind][1]
        control_from = control_to = ""
        if kind == "capture":
            own = place.country_code == side
            sub = "Government regains territory" if own else "Non-state actor overtakes territory"
            control_from, control_to = _OTHER.get(side, ""), side
        elif kind == "withdrawal":
            control_from, control_to = side, _OTHER.get(side, "")
        elif kind == "protest" and INTERVENTION.search(s):
            sub = "Protest with intervention"
        when = sentence_date(s, self.report.date) or (self.report.date, 1)
        if when[0] > self.report.date:
            when = (self.report.date, 1)
        precision = 3 if place.feature_code == "ADM1" else 2 if place.feature_class == "A" else 1
        if m.relation and not anaphor:
            precision = max(precision, 2)
        return _Draft(
            place=place,
            kind=kind,
            sub_event_type=sub,
            side=side,
            event_date=when[0],
            time_precision=when[1],
            geo_precision=precision,
            quote=" ".join(s.split()),
            sentence=sentence.index,
            claimant=claimant,
            confidence=decide(
                _wording(s), claimant_side=claimant.side if claimant else None, lost_by=control_from
            ),
            control_from=control_from,
            control_to=control_to,
            fatalities=_fatalities(s),
            civilian=bool(CIVILIAN_WORDS.search(s)) and kind in ("shelling", "air", "mine", "attack"),
            intervention_by=_side_before(s, len(s), voice) if sub == "Protest with intervention" else "",
            ally=subject if subject in _ALLIES else "",
        )


def _wording(sentence: str) -> Wording:
    return Wording(
        confirming=CONFIRM.search(sentence) is not None,
        hedged=HEDGE.search(sentence) is not None,
        denied=DENIAL.search(sentence) is not None,
    )


def _fatalities(sentence: str) -> int:
    m = KILLED.search(sentence)
    if not m:
        return 0
    word = next(g for g in m.groups() if g)
    word = word.replace(",", "").lower()
    return int(word) if word.isdecimal() else _WORDS.get(word, 0)


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One event per place, event type and date: a change of control beats a clash; confidences merge
    and claims are corroborated by rules 4 and 5 of :mod:`frontline.confidence`; claimants add up."""
    kept: dict[tuple[int, str, date], _Draft] = {}
    for d in drafts:
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


def _actors(d: _Draft) -> tuple[str, str, str, str, str]:
    """actor1, assoc_actor_1, inter1, actor2, inter2 in ACLED's style."""
    side = d.side if d.side in ACTORS else "RU"
    other = _OTHER.get(side, "UA")
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


def _event(d: _Draft, report: Report, timestamp: int) -> Event:
    p = d.place
    country, iso, iso3 = _COUNTRIES.get(p.country_code, (p.country_code, 0, p.country_code))
    actor1, assoc1, inter1, actor2, inter2 = _actors(d)
    claim_by = "; ".join(d.claimants)
    admin1 = "" if p.admin1.isdigit() else p.admin1.replace(" Oblast", "")
    where = f"{p.name} ({admin1})" if admin1 and admin1 != p.name else p.name
    note = f"On {d.event_date:%d %B %Y}, {d.sub_event_type.lower()} at {where}"
    note += (
        f"; {d.confidence}" + (f" by {claim_by}" if claim_by and d.confidence != "confirmed" else "") + "."
    )
    if d.fatalities:
        note += f" Fatalities reported: {d.fatalities}."
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


def extract_events(report: Report, gaz: Gazetteer, *, timestamp: int | None = None) -> list[Event]:
    """The events a report tells of, in ACLED's schema, one per place, event type and date.

    ``timestamp`` (Unix seconds) is ACLED's time of entry; now when not given.
    """
    if not report.text.strip():
        return []
    mentions = gaz.find_mentions(report.text)
    if not mentions:
        return []
    drafts = _merge(_Reader(report, mentions).read())
    stamp = int(time.time()) if timestamp is None else timestamp
    return [_event(d, report, stamp) for d in drafts]
