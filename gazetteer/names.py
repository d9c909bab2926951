"""Place-name normalisation: the match keys that let every common spelling of a name meet.

Two keys are made from a name:

* :func:`fold` — the *exact* key: case, diacritics, the apostrophe family, hyphens, dashes and
  spacing removed, whole words kept. ``"Kup’yans’k"`` and ``"KUPYANSK"`` fold to ``"kupyansk"``;
  Cyrillic stays Cyrillic (``"Куп'янськ"`` → ``"купянськ"``).
* :func:`phonetic` — a coarser key for Latin spellings of Ukrainian and Russian names, so that
  Kupyansk, Kupiansk, Kup'yans'k and Kupjansk meet (y/i/j, ie/ye/e, iy/yy/yi, kh/h/g, shch/sch,
  ts/tz/c, w/v, soft signs), while unrelated names keep their consonant skeletons apart.

>>> fold("Kup’yans’k")
'kupyansk'
>>> fold("  Velykyi   Burluk ")
'velykyi burluk'
>>> fold("Kupiansk-Vuzlovyi")
'kupiansk vuzlovyi'
>>> fold("")
''
>>> phonetic("Kupjansk") == phonetic("Kupyansk") == phonetic("Kup'yans'k") == phonetic("Kupiansk")
True
>>> phonetic("Sievierodonetsk") == phonetic("Severodonetsk")
True
>>> phonetic("Izyum") == phonetic("Izium")
True
>>> phonetic("Kupiansk") == phonetic("Kramatorsk")
False
>>> phonetic("Ізюм")
''
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

__all__ = [
    "APOSTROPHES",
    "fold",
    "is_cyrillic",
    "phonetic",
    "script_of",
]

#: Characters used as an apostrophe (or soft-sign mark) in romanised and Ukrainian names.
APOSTROPHES = "'’ʼ`′‘ʹʻ´\"”“″"

# Cyrillic letters that NFKD would split into a base letter and a combining mark; folding them
# would merge distinct letters (й/и, ї/і), so they are kept whole. ё→е and ґ→г are spelling
# variants in practice and are merged on purpose.
_CYRILLIC_KEEP = {"й": "й", "ї": "ї", "ё": "е", "ґ": "г", "ў": "ў"}
# Letters that look alike in Latin and Cyrillic; a mixed-script word ("Iзюм" typed with a Latin I)
# is mapped to the script most of its letters are in.
# (with the lower case of capitals alike only as capitals — "Kупянськ" is folded to "kупянськ" first)
_HOMOGLYPHS = str.maketrans("aceiopxyABCEHIKMOPTXYbhkmt", "асеіорхуАВСЕНІКМОРТХУвнкмт")
_HOMOGLYPHS_BACK = str.maketrans("асеіорхуАВСЕНІКМОРТХУвнкмт", "aceiopxyABCEHIKMOPTXYbhkmt")
_LATIN_EXTRA = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "œ": "oe", "þ": "th"}
)
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
_LATIN = regex.compile(r"\p{Script=Latin}")


def script_of(text: str) -> str:
    """Return ``"cyrillic"``, ``"latin"``, ``"mixed"`` or ``"other"`` for the letters of ``text``.

    >>> script_of("Ізюм"), script_of("Izium"), script_of("Iзюм"), script_of("123")
    ('cyrillic', 'latin', 'mixed', 'other')
    """
    has_cyr = _CYRILLIC.search(text) is not None
    has_lat = _LATIN.search(text) is not None
    if has_cyr and has_lat:
        return "mixed"
    if has_cyr:
        return "cyrillic"
    return "latin" if has_lat else "other"


def is_cyrillic(text: str) -> bool:
    """True when ``text`` has Cyrillic letters and no Latin ones.

    >>> is_cyrillic("Лиман"), is_cyrillic("Lyman"), is_cyrillic("")
    (True, False, False)
    """
    return script_of(text) == "cyrillic"


def _fix_mixed_word(word: str) -> str:
    cyr = len(_CYRILLIC.findall(word))
    lat = len(_LATIN.findall(word))
    if not (cyr and lat):
        return word
    return word.translate(_HOMOGLYPHS) if cyr >= lat else word.translate(_HOMOGLYPHS_BACK)


def _fold_char(ch: str) -> str:
    if ch in _CYRILLIC_KEEP:
        return _CYRILLIC_KEEP[ch]
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=262_144)
def fold(name: str) -> str:
    """The exact match key of a name: lower case, no diacritics or apostrophes, words split by one space.

    Apostrophes are dropped (they mark a soft sign or a hard separation, which spellings treat
    inconsistently); hyphens, dashes and other punctuation separate words.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFC", name).casefold()
    for ch in APOSTROPHES:
        if ch in text:
            text = text.replace(ch, "")
    text = text.translate(_LATIN_EXTRA)
    if not text.isascii():
        # compatibility decomposition can produce capitals ("℠" → "SM"): fold case again
        text = "".join(_fold_char(ch) for ch in text).casefold()
    words = [w for w in _NON_WORD.split(text) if w]
    if any(not w.isascii() for w in words):
        words = [_fix_mixed_word(w) for w in words]
    return " ".join(words)


# Ordered rewrites on a folded Latin key. Longer spellings of one sound come before their parts;
# digits stand for the sounds written with two letters, so that "sh" never meets "s".
_PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("schtsch", "9"),
    ("shch", "9"),
    ("szcz", "9"),
    ("tsch", "4"),
    ("sch", "9"),
    ("tch", "4"),
    ("cz", "4"),
    ("ch", "4"),
    ("zh", "3"),
    ("sz", "8"),
    ("sh", "8"),
    ("kh", "h"),
    ("g", "h"),
    ("ts", "2"),
    ("tz", "2"),
    ("c", "2"),
    ("w", "v"),
    ("ou", "u"),
    ("x", "ks"),
    ("q", "k"),
    ("y", "i"),
    ("j", "i"),
    ("e", "i"),
)
_REPEATS = regex.compile(r"(.)\1+")


@lru_cache(maxsize=262_144)
def phonetic(name: str) -> str:
    """A coarse key on which the romanisations of one Ukrainian or Russian name meet.

    Returns ``""`` for names with no Latin letters (Cyrillic names are matched by their own folded
    key and their romanisations instead).
    """
    key = fold(name)
    if not key or not key.isascii():
        return ""
    for old, new in _PHONETIC_RULES:
        if old in key:
            key = key.replace(old, new)
    return _REPEATS.sub(r"\1", key)
