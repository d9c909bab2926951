"""Who says it and who does it: the claimant behind a statement, the side acting, the report's voice.

The claimant of an action is the one named nearest the reporting word that governs it ("the General
Staff said", "according to Russia's Defence Ministry", "…, officials said"), else the report's own
source; a reporting word with nobody named ("a source said") is a claim by someone unnamed.

The side acting is the nearest side word before the action ("Russian forces", "ЗСУ", "our troops",
"the enemy") that is not part of the claimant's name ("Ukraine's Air Force said …"), else a default by
the kind of action and the country of the place. "Our" and "the enemy" are read in the voice of the
text: its claimant's side, else its source's, else Russian when it uses letters only Russian has.

>>> claimant_in("Ukraine's General Staff said the enemy shelled Kharkiv.")
Claimant(name='General Staff of Ukraine', side='UA')
>>> claimant_in("") is None
True
>>> speaker_in("Kyiv denied the claim."), speaker_in("The town was quiet.")
(Claimant(name='Ukrainian officials', side='UA'), None)
>>> wording_of("Reportedly, troops entered the town.")
Wording(confirming=False, hedged=True, denied=False)
>>> side_code("ENEMY", "UA"), side_code("WAGNER", "UA"), side_code("", "RU")
('RU', 'RU', '')
>>> release_party("Минобороны России: войска заняли село."), release_party("Troops shelled Kharkiv.")
(Claimant(name='Ministry of Defence of Russia', side='RU'), None)
"""

from __future__ import annotations

import regex

from ..confidence import Wording
from .lexicon import CLAIMANTS, CONFIRM, DENIAL, HEDGE, SIDE_WORDS, Action, Claimant, reporting_cues

__all__ = [
    "ALLIES",
    "OTHER",
    "ClaimWords",
    "claim_words",
    "claimant_at",
    "claimant_in",
    "default_side",
    "release_party",
    "side_before",
    "side_code",
    "speaker_in",
    "speakers",
    "subject",
    "voice",
    "wording_of",
]

#: The side each side fights.
OTHER = {"UA": "RU", "RU": "UA"}
#: Forces fighting on Russia's side, named as associated actors: keys of SIDE_WORDS.
ALLIES = ("WAGNER", "DPR", "LPR")

_CLAIM_REACH = 100
_UNNAMED = Claimant("", "")
_SIDE_CLAIMANTS = {"UA": Claimant("Ukrainian officials", "UA"), "RU": Claimant("Russian officials", "RU")}
# Script cue for the voice of a text when nobody is named: letters only Russian uses.
_RUSSIAN = regex.compile(r"[ыэъё]", regex.I)
_SPEAKER_SIDE = regex.compile(
    r"(?:(?:Ukraine|Russia)(?:'s|’s)?|Ukrainian|Russian|Kyiv's|Moscow's)\s+\Z", regex.I
)

#: Offsets in a sentence of its reporting words ``(start, end)`` and claimant names
#: ``(start, end, claimant)`` (see :func:`claim_words`).
ClaimWords = tuple[list[tuple[int, int]], list[tuple[int, int, Claimant]]]


def claimant_in(text: str) -> Claimant | None:
    """The first of :data:`~.lexicon.CLAIMANTS` named anywhere in ``text``."""
    for claimant, pattern in CLAIMANTS:
        if pattern.search(text):
            return claimant
    return None


# The opening of a party's own release: "Минобороны России:", "Зведення Генштабу ЗСУ станом на 06:00",
# "Russian Defence Ministry briefing". A wire's "the ministry said" is not one.
_RELEASE = regex.compile(
    r"(?<![\p{L}])(?:briefing|statement|update|summary|communiqu\w*|зведення|повідомля\w*|інформу\w*|"
    r"заява|сводк\w*|брифинг|заявлени\w*|сообщает|информиру\w*|докладыва\w*)(?![\p{L}])|:\s",
    regex.I,
)


def release_party(text: str) -> Claimant | None:
    """The party whose own release ``text`` is — a party named in its first line with a release word
    or a colon after the name — else None. Its unattributed statements are that party's claims."""
    head = text.lstrip()[:160].split("\n", 1)[0]
    if not _RELEASE.search(head):
        return None
    for claimant, pattern in CLAIMANTS:
        m = pattern.search(head)
        if m and claimant.side and m.start() < 40 and _RELEASE.search(head, m.start()):
            return claimant
    return None


def claim_words(sentence: str) -> ClaimWords:
    """Reporting words and claimant names in a sentence, with their offsets."""
    cues = reporting_cues(sentence)
    if not cues:
        return cues, []
    claims = [(m.start(), m.end(), c) for c, pattern in CLAIMANTS for m in pattern.finditer(sentence)]
    return cues, claims


def _claim_for(sentence: str, pos: int, words: ClaimWords) -> Claimant | None:
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
    side = side_before(sentence, cue_start, "UA")
    if side in _SIDE_CLAIMANTS and cue_start - _last_side_word(sentence, cue_start) < 40:
        return _SIDE_CLAIMANTS[side]  # "Ukrainian forces declare victory", "Kyiv claims"
    return _UNNAMED  # "…, a source said": a claim, by someone the report does not name


def claimant_at(
    sentence: str, pos: int, words: ClaimWords, *, source: Claimant | None, country_code: str
) -> Claimant | None:
    """Who stands behind the action at ``pos`` of ``sentence`` (``words`` its :func:`claim_words`), else
    the report's ``source``; None when nobody does. ``country_code`` is the place's."""
    claimant = _claim_for(sentence, pos, words)
    if claimant is None and source is not None:
        claimant = source
    if claimant is not None and claimant.name == "Ukrainian local officials" and country_code == "RU":
        claimant = _SIDE_CLAIMANTS["RU"]  # a governor of Kursk or Belgorod is a Russian official
    return claimant


def speaker_in(sentence: str) -> Claimant | None:
    """Who a sentence says spoke ("…, witnesses said.", "Kyiv denies it."): a named claimant, someone
    unnamed when it reports without naming (``Claimant("", "")``), None when it reports nothing."""
    reporting, denial = bool(reporting_cues(sentence)), DENIAL.search(sentence) is not None
    claimant = claimant_in(sentence) if reporting or denial else None
    if claimant is None and reporting and not denial:
        claimant = _UNNAMED
    return claimant


def wording_of(sentence: str) -> Wording:
    """What a sentence's words say about how sure it is: confirming, hedged, denied."""
    return Wording(
        confirming=CONFIRM.search(sentence) is not None,
        hedged=HEDGE.search(sentence) is not None,
        denied=DENIAL.search(sentence) is not None,
    )


def speakers(sentence: str, words: ClaimWords) -> tuple[tuple[int, int], ...]:
    """Spans of the claimants that speak ("Ukraine's Air Force said", "according to Russia's Defence
    Ministry"): their side words name who speaks, not who acts."""
    cues, claims = words
    out = []
    for start, end, _ in claims:
        if any(0 <= c0 - end <= 30 or 0 <= start - c1 <= 15 for c0, c1 in cues):
            side = _SPEAKER_SIDE.search(sentence, max(0, start - 25), start)
            out.append((side.start() if side else start, end))
    return tuple(out)


def _last_side_word(sentence: str, pos: int) -> int:
    ends = [m.end() for _, pattern in SIDE_WORDS for m in pattern.finditer(sentence, 0, pos)]
    return max(ends, default=-1000)


def voice(sentence: str, claimant: Claimant | None, source: Claimant | None) -> str:
    """The side a sentence speaks for ("UA" or "RU"): its claimant's, its source's, else by script."""
    if claimant and claimant.side:
        return claimant.side
    if source and source.side:
        return source.side
    if _RUSSIAN.search(sentence):
        return "RU"
    return "UA"


def side_before(sentence: str, pos: int, voice: str) -> str:
    """The side of the nearest side word before ``pos`` (the subject of the action), else ""."""
    return side_code(subject(sentence, pos), voice)


def subject(sentence: str, pos: int, skip: tuple[tuple[int, int], ...] = ()) -> str:
    """The nearest side word before ``pos`` as a key of SIDE_WORDS ("RU", "WAGNER", "ENEMY" …), else "".

    Side words inside the ``skip`` spans (the claimant's name: "Ukraine's Air Force said") are not
    subjects."""
    best, side = -1, ""
    for name, pattern in SIDE_WORDS:
        for m in pattern.finditer(sentence, 0, pos):
            if m.start() > best and not any(a <= m.start() < b for a, b in skip):
                best, side = m.start(), name
    return side


def side_code(side: str, voice: str) -> str:
    """A key of SIDE_WORDS as a side code, "our" and "the enemy" read in ``voice``."""
    if side in ALLIES:
        return "RU"
    if side == "ENEMY":
        return OTHER[voice]
    if side == "OWN":
        return voice
    return side


def default_side(kind: str, action: Action, country_code: str, voice: str) -> str:
    """The side acting when no side word names it, by the kind of action and the place's country."""
    country = country_code if country_code in OTHER else "UA"
    if kind in ("shelling", "air", "mine", "looting", "attack", "abduction"):
        return OTHER[country]  # strikes come from the other side of the border
    if kind == "intercept":
        return country
    if kind == "capture":
        if action.text.lower().startswith("освобо"):
            return "RU"
        if action.text.lower().startswith(("звільн", "liberat")):
            return voice
    return voice
