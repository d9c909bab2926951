"""Romanisations of Cyrillic place names, in the systems the press and reference works use.

An analyst reading English copy meets a Ukrainian town as *Kupiansk* (Ukraine's national system of
2010, used by its government and now most of the press), *Kupyans'k* (BGN/PCGN 1965, on older maps),
*Kup'jans'k* / *Kupjansk* (scholarly and ISO 9), or — because much reporting came through Russian —
*Kupyansk* (Russian BGN/PCGN or Wikipedia style). :func:`romanisations` produces all of them from the
Cyrillic names in GeoNames, so that every one becomes a match key.

Ukrainian tables follow the official texts (Cabinet of Ministers resolution No. 55 of 27 January 2010;
BGN/PCGN 1965 for Ukrainian; the scholarly system). Russian uses the schemes of the ``iuliia`` package.

>>> romanise_uk("Куп'янськ", "national")
'Kupiansk'
>>> romanise_uk("Юр'ївка", "national")
'Yurivka'
>>> romanise_uk("Згурівка", "national")
'Zghurivka'
>>> print(romanise_uk("Куп'янськ", "bgn1965"))
Kup"yans'k

>>> romanise_uk("Ізюм", "scholarly")
'Izjum'
>>> sorted(romanisations("Изюм", lang="ru"))
['Izium', 'Izjum', 'Izyum', 'Izûm']
>>> romanisations("", lang="uk")
set()
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["UKRAINIAN_SYSTEMS", "guess_language", "romanisations", "romanise_uk"]

#: The Ukrainian systems :func:`romanise_uk` knows.
UKRAINIAN_SYSTEMS = ("national", "bgn1965", "scholarly")

_UK_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "'": "",
    "’": "",
    "ʼ": "",
    # Russian letters met in Ukrainian-looking names, kept readable rather than dropped.
    "ы": "y",
    "э": "e",
    "ё": "io",
    "ъ": "",
}
# National 2010: є ї й ю я are written ye yi y yu ya at the start of a word, ie i i iu ia elsewhere;
# зг is zgh so that it is not read as ж.
_UK_NATIONAL_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_NATIONAL_MEDIAL = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}
_UK_BGN1965 = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ь": "'", "'": '"', "’": '"', "ʼ": '"'}
_UK_SCHOLARLY = {
    "є": "je",
    "ї": "ji",
    "й": "j",
    "ю": "ju",
    "я": "ja",
    "ж": "z",
    "х": "ch",
    "ц": "c",
    "ч": "c",
    "ш": "s",
    "щ": "sc",
    "ь": "'",
    "'": "'",
    "’": "'",
    "ʼ": "'",
}


def _apply_case(out: str, upper: bool, next_upper: bool) -> str:
    if not upper or not out:
        return out
    return out.upper() if next_upper and len(out) > 1 else out[0].upper() + out[1:]


@lru_cache(maxsize=65_536)
def romanise_uk(text: str, system: str = "national") -> str:
    """Romanise Ukrainian Cyrillic ``text`` in one of :data:`UKRAINIAN_SYSTEMS`."""
    if system not in UKRAINIAN_SYSTEMS:
        msg = f"{system!r} is not a Ukrainian romanisation system; must be one of {UKRAINIAN_SYSTEMS}"
        raise ValueError(msg)
    out: list[str] = []
    word_start = True
    for i, ch in enumerate(text):
        low = ch.lower()
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if system == "national":
            table = _UK_NATIONAL_INITIAL if word_start else _UK_NATIONAL_MEDIAL
            rom = table.get(low) or _UK_COMMON.get(low)
            if low == "г" and out and text[i - 1].lower() == "з":
                rom = "gh"
        elif system == "bgn1965":
            rom = _UK_BGN1965.get(low) or _UK_COMMON.get(low)
        else:
            rom = _UK_SCHOLARLY.get(low) or _UK_COMMON.get(low)
        if rom is None:
            out.append(ch)
        else:
            out.append(_apply_case(rom, ch != low, nxt.isupper()))
        word_start = not ch.isalpha() and ch not in "'’ʼ"
    return "".join(out)


_UK_ONLY = set("іїєґІЇЄҐ'’ʼ")
_RU_ONLY = set("ыэёъЫЭЁЪ")


def guess_language(text: str) -> str:
    """``"uk"``, ``"ru"`` or ``""`` (either) for a Cyrillic name, from letters only one language uses.

    >>> guess_language("Ізюм"), guess_language("Лисичанск"), guess_language("Лиман")
    ('uk', '', '')
    >>> guess_language("Красный Лиман")
    'ru'
    """
    chars = set(text)
    if chars & _UK_ONLY:
        return "uk"
    if chars & _RU_ONLY:
        return "ru"
    return ""


@lru_cache(maxsize=1)
def _russian_schemas() -> tuple:
    import iuliia

    return (iuliia.BGN_PCGN, iuliia.WIKIPEDIA, iuliia.SCIENTIFIC, iuliia.GOST_779, iuliia.ICAO_DOC_9303)


def _russian(text: str) -> set[str]:
    # BGN/PCGN keeps ё as a Cyrillic letter inside Latin output; readers write it e.
    return {schema.translate(text).replace("ё", "e").replace("Ё", "E") for schema in _russian_schemas()}


def romanisations(text: str, *, lang: str = "") -> set[str]:
    """Every romanisation of a Cyrillic name that a reader is likely to meet.

    ``lang`` is ``"uk"``, ``"ru"`` or ``""`` (unknown: guessed from the letters, and both languages'
    systems used when the letters do not tell).
    """
    if not text:
        return set()
    lang = lang or guess_language(text)
    out: set[str] = set()
    if lang in ("uk", ""):
        out.update(romanise_uk(text, system) for system in UKRAINIAN_SYSTEMS)
    if lang in ("ru", ""):
        out.update(_russian(text))
    return {r for r in out if r}
