"""Names spelt unlike any key of the index, looked for among the settlements of the oblast named beside them.

Event notes and wire copy spell small villages every way and now and then mistype them:
"Khryashchevatoe" for Khriashchuvate, "Nikishin" for Nikishyne, "Ilvoaisk" for Ilovaisk. No key of
the index meets such a spelling, or it meets only namesakes in other oblasts. Where the text names
the oblast right after the name — "near the village of Nikishin (Shakhtersky district, Donetsk
region)", "Ilvoaisk, Donetsk region" — the name is compared with the names of that oblast's
settlements by their phonetic keys (:func:`gazetteer.names.phonetic`, with the Russian-style endings
of :mod:`gazetteer.spelling` mapped on both sides), word by word: the same stem — the key without the
vowels that end it, so another gender or case ("Muratov", Muratove) — or, for words of eight letters
of key or more, one edit (a swap of two letters is one), two from ten letters on; the first letter
alike. Shorter names differ from their neighbours by a letter (Rozivka, Rohivka): made-up names of
Ukrainian syllables meet a settlement of the oblast about one time in a hundred (a test holds it
under three). The closest become candidates; a raion named in the chain admits only those within
40 km of it, and more than three equally close tell nothing.

They are weak candidates (``match = "respelled"``, weighed as a phonetic key and less; see
``resolution.py``): the resolver still weighs them against the name's own candidates, the oblast
named beside it and the rest of the text — "Popasna, Donetsk Oblast" stays the Luhansk town (a town
named with the wrong oblast), though a Donetsk village is spelt Popasnoe. A name the index knows
elsewhere — in another oblast, or away from the raion named ("Chumak village, Starobeshivskiy
district": the Chumak of the index lies 55 km from it, the village Chumaky in it) — is read there only
with the same stem (up to two other vowels at its end, found by the index's phonetic keys), never as
a near spelling; names that are ordinary words ("Ukraine"), and countries, oblasts and cities, are
spelt as meant and never respelled.

A name the index does not know at all becomes a span only there — a run of capitalised Latin words,
none of them a common word, right before the oblast's chain ("X, Y district, Z region", "the village of
X in Z region"); anywhere else an unknown capitalised word is no place. Cyrillic names are not
respelled: Ukrainian and Russian reports spell in the script GeoNames holds.

>>> from gazetteer.names import phonetic
>>> [_limit(len(phonetic(name))) for name in ("Popasna", "Kramtorsk", "Khryashchevatoe")]
[0, 1, 2]
>>> _stem(phonetic("Muratov")) == _stem(phonetic("Muratove")), _stem("rozivka") == _stem("rohivka")
(True, False)
>>> _close(phonetic("Khryashchevatoe"), phonetic("Khriashchuvate")), _close("krasni iar", "krasni iarok")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .index import PHONETIC, PlaceIndex
from .mentions import Span
from .names import fold, phonetic
from .points import within_km
from .spelling import ukrainian_keys
from .vocabulary import (
    COMMON_ZIPF,
    NEXT_TO,
    PERSON_NAMES,
    PERSON_TITLES,
    marker_before,
    relation_before,
    settlement_marker_after,
)

__all__ = ["RespellMemo", "respell"]

#: How the candidates found here matched (``Candidate.match``).
RESPELLED = "respelled"
_AREAS = ("oblast", "raion", "hromada")
_MAX_PLACES = 3  # more settlements equally close than this: the spelling tells none of them apart
_DISTRICT_KM = 40.0  # a settlement this close to a raion named in the chain counts as in it
_MIN_LETTERS = 4
_MIN_STEM = 3
_CITY = 100_000
_VOWELS = "aeiouy"
# the vowels a phonetic key may end in after its stem (phonetic keys spell e and y as i)
_ENDINGS = ("", *"aiou", *(a + b for a in "aiou" for b in "aiou"))
_LOOK_BACK = 80  # characters before an oblast's chain searched for an unknown name


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A run of up to three capitalised Latin words, then what may stand between a place and its
    oblast; and an area word ("Shakhtyorsky district of Donetsk region": an unknown word before it
    names the area, no place). Compiled when first needed: most texts never need them."""
    name_before = regex.compile(
        r"(?<![\p{L}\p{M}\p{N}'’`‐‑-])"
        r"(?P<name>\p{Lu}[\p{L}\p{M}'’`]+(?:[-‐‑]\p{L}[\p{L}\p{M}'’`]*)*"
        r"(?:[ \t]\p{Lu}[\p{L}\p{M}'’`]+(?:[-‐‑]\p{L}[\p{L}\p{M}'’`]*)*){0,2})"
        r"(?P<gap>[^\p{L}\p{N}]*(?:\p{Ll}+[^\p{L}\p{N}]*){0,3})\Z"
    )
    area_word = regex.compile(r"[^\p{L}\p{N}]*(?:district|area|region|raion|rayon)\b", regex.IGNORECASE)
    return name_before, area_word


def _limit(length: int) -> int:
    """Edits allowed between two words' phonetic keys, by the length of the name's: short names differ
    from their neighbours by a letter or two (Rozivka, Rohivka), so they may differ only in the vowels
    that end them (see :func:`_stem`)."""
    return 0 if length < 8 else 1 if length < 10 else 2


def _stem(key: str) -> str:
    """A phonetic key without the vowels that end it: the same name in another gender or case ("Muratov",
    Muratove; "Popasna", Popasne; "Style", Styla) has the same stem."""
    return " ".join(word.rstrip(_VOWELS) for word in key.split(" "))


@dataclass(frozen=True)
class _AreaNames:
    """The phonetic keys of one oblast's settlements' names, with their ids."""

    keys: list[str]
    ids: list[int]


@dataclass
class RespellMemo:
    """What respelling learnt of one index, kept between texts (a gazetteer holds one): each oblast's
    settlements by phonetic key, and the places found for each name in each chain of areas."""

    names: dict[tuple[str, str], _AreaNames] = field(default_factory=dict)
    found: dict[tuple, dict[int, tuple[int, str]]] = field(default_factory=dict)
    # by a candidate dict's id (the dict held, so that the id stays its key): an area span's oblasts
    # and raions, and a span's candidates with those found beside an oblast's chain
    areas: dict[tuple, tuple[dict, frozenset[tuple[str, str]], tuple[tuple[float, float], ...]]] = field(
        default_factory=dict
    )
    merged: dict[tuple, tuple[dict, dict]] = field(default_factory=dict)

    def clear(self) -> None:
        self.found.clear()
        self.merged.clear()
        self.areas.clear()


_MEMO_LIMIT = 50_000


def respell(text: str, spans: list[Span], index: PlaceIndex, memo: RespellMemo) -> list[Span]:
    """``spans`` of ``text``, with the settlements found for names whose candidates all lie outside
    the oblast (or away from the raion) named right after them, and with unknown names that stand
    there (see the module docstring). Spans are changed in place (their candidates replaced, never
    the dicts themselves); ``memo`` keeps what was learnt for the next texts."""
    if len(memo.found) + len(memo.merged) + len(memo.areas) > _MEMO_LIMIT:
        memo.clear()
    added: list[Span] = []
    n = len(spans)
    j = 0
    while j < n:  # each chain of area spans ("Shakhtersky district, Donetsk region"), in one pass
        if spans[j].qualifier not in _AREAS:
            j += 1
            continue
        head = j
        oblasts, districts = _area_of(spans[j], index, memo)
        while j + 1 < n and spans[j + 1].qualifier in _AREAS and _qualifies(text, spans, j):
            j += 1
            named, points = _area_of(spans[j], index, memo)
            oblasts, districts = oblasts | named, districts + points
        j += 1
        if not oblasts:
            continue
        before = spans[head - 1] if head else None
        if before is not None and before.qualifier is None and _qualifies(text, spans, head - 1):
            if before.key not in PERSON_NAMES:  # (a place by a person's name is one by its own name only)
                _respell_span(before, index, memo, oblasts, districts)
            continue
        start = max(before.end if before else 0, spans[head].start - _LOOK_BACK)
        span = _unknown_name(text, start, spans[head].start, index)
        if span is not None:
            found = _close_places(span.key, index, memo, oblasts, districts)
            if found:
                span.hits = found
                added.append(span)
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda s: s.start)


def _qualifies(text: str, spans: list[Span], i: int) -> bool:
    """Whether the area span after span ``i`` qualifies it ("X, Y Oblast", "X (Y district")."""
    return spans[i].admin_follows or NEXT_TO.match(text[spans[i].end : spans[i + 1].start]) is not None


def _area_of(
    span: Span, index: PlaceIndex, memo: RespellMemo
) -> tuple[frozenset[tuple[str, str]], tuple[tuple[float, float], ...]]:
    """The oblasts an oblast span may be, or where the raions a raion span may be lie."""
    key = (id(span.hits), span.qualifier)
    entry = memo.areas.get(key)
    if entry is None or entry[0] is not span.hits:
        places = index.places(span.hits).values()
        if span.qualifier == "oblast":
            named = frozenset((p.country_code, p.admin1_code) for p in places if p.feature_code == "ADM1")
            entry = (span.hits, named, ())
        else:
            entry = (
                span.hits,
                frozenset(),
                tuple((p.latitude, p.longitude) for p in places if p.feature_class == "A"),
            )
        memo.areas[key] = entry
    return entry[1], entry[2]


def _respell_span(
    span: Span,
    index: PlaceIndex,
    memo: RespellMemo,
    oblasts: frozenset[tuple[str, str]],
    districts: tuple[tuple[float, float], ...],
) -> None:
    """Add the settlements of ``oblasts`` spelt like ``span`` to its candidates, when none of them lies
    there."""
    key = (id(span.hits), span.key, oblasts, districts)
    entry = memo.merged.get(key)
    if entry is None or entry[0] is not span.hits:
        found = {}
        if not _spelt_as_meant(span, index, oblasts, districts):
            # a name the index knows, in another oblast, is likelier that place named with the wrong
            # oblast than a misspelling: only the same name in another gender (Popasna, Popasne) is
            # read there, never a near one ("Rozivka, Kharkiv oblast" is no Rohivka)
            found = _close_places(span.key, index, memo, oblasts, districts, ending_only=True)
        merged = {**found, **span.hits} if found else span.hits  # a place among both keeps its own match
        entry = memo.merged[key] = (span.hits, merged)
    span.hits = entry[1]


def _spelt_as_meant(
    span: Span,
    index: PlaceIndex,
    oblasts: frozenset[tuple[str, str]],
    districts: tuple[tuple[float, float], ...],
) -> bool:
    """Whether a known name needs no other reading beside the areas named after it."""
    if not span.key.isascii() or index.zipf(span.key) >= COMMON_ZIPF:
        return True  # Cyrillic is spelt as GeoNames holds it; "Ukraine", "Mission" are words of their own
    places = index.places(span.hits).values()
    # a country, an oblast or a city is named as itself ("the Armed Forces of Ukraine in the Zaporizhzhia
    # region", "village Poltava"): not a misspelt village; nor is a candidate in the oblast (and near
    # the raion named, if one is)
    return any(
        p.feature_class == "A"
        or p.population >= _CITY
        or ((p.country_code, p.admin1_code) in oblasts and _near_any(p.latitude, p.longitude, districts))
        for p in places
    )


def _unknown_name(text: str, start: int, end: int, index: PlaceIndex) -> Span | None:
    """The unknown name that ends right before ``end`` (an oblast's chain), if one stands there."""
    name_before, area_word = _patterns()
    m = name_before.search(text, start, end)
    if m is None or not NEXT_TO.match(m.group("gap")) or area_word.match(m.group("gap")):
        return None
    name = m.group("name")
    key = fold(name)
    words = key.replace("-", " ").split()
    if (
        not key.isascii()
        or len(key) < _MIN_LETTERS
        or any(index.zipf(w) >= COMMON_ZIPF or w in PERSON_NAMES or w in PERSON_TITLES for w in words)
    ):
        return None
    # a name the index knows was left out by the finder for a reason (a person, an organisation)
    if index.lookup([key, phonetic(key), *ukrainian_keys(key)]):
        return None
    s, e = m.span("name")
    before = text[max(0, s - 60) : s]
    marker = marker_before(before) or settlement_marker_after(text, e)
    return Span(s, e, name, key, {}, relation=relation_before(before), marker=marker)


def _close_places(
    name_key: str,
    index: PlaceIndex,
    memo: RespellMemo,
    oblasts: frozenset[tuple[str, str]],
    districts: tuple[tuple[float, float], ...],
    *,
    ending_only: bool = False,
) -> dict[int, tuple[int, str]]:
    """The settlements of ``oblasts`` whose names are closest to ``name_key`` in phonetic key, within
    the edits :func:`_limit` allows (``ending_only``: the same but for the vowels that end them), near
    a raion of ``districts`` when one is named; empty when none is, or when too many are equally close."""
    key = (name_key, oblasts, districts, ending_only)
    known = memo.found.get(key)
    if known is not None:
        return known
    queries = {q for k in (name_key, *ukrainian_keys(name_key)) if (q := phonetic(k))}
    best: dict[int, int] = {}  # id → edits (another ending counts as one)
    for query in queries:
        for g in _same_stem(query, index, oblasts):
            best[g] = min(best.get(g, 1), 1)
        limit = 0 if ending_only else sum(_limit(len(w)) for w in query.split(" "))
        if not limit:
            continue
        from rapidfuzz import process  # here, not at the top: most texts never need it
        from rapidfuzz.distance import OSA

        for area in sorted(oblasts):  # (an oblast's names are read once, when a name is first unknown)
            names = _names(index, memo, area)
            matches = process.extract_iter(query, names.keys, scorer=OSA.distance, score_cutoff=limit)
            for _, distance, i in matches:
                if _close(query, names.keys[i]):
                    g = names.ids[i]
                    best[g] = min(best.get(g, limit), int(distance))
    found: dict[int, tuple[int, str]] = {}
    places = index.places(best)
    # a raion named beside the name: only its settlements (an old raion by the distance from its centre)
    near = {g: d for g, d in best.items() if _near_any(places[g].latitude, places[g].longitude, districts)}
    if near:
        top = min(near.values())
        chosen = [g for g, d in near.items() if d == top]
        if len(chosen) <= _MAX_PLACES:
            found = {g: (PHONETIC, RESPELLED) for g in chosen}
    memo.found[key] = found
    return found


def _same_stem(query: str, index: PlaceIndex, oblasts: frozenset[tuple[str, str]]) -> list[int]:
    """The settlements of ``oblasts`` whose phonetic key is ``query``'s, or with other vowels at its end
    (up to two: Popasna, Popasnoe), found by the index's sound-alike keys."""
    stem = _stem(query)
    if len(stem) < _MIN_STEM:
        return []  # ("Oya": no stem to speak of)
    keys = [stem + ending for ending in _ENDINGS]
    ids = {g for rows in index.lookup(keys).values() for g, _ in rows}
    return [
        p.geonameid
        for p in index.places(ids).values()
        if p.feature_class == "P" and (p.country_code, p.admin1_code) in oblasts
    ]


def _close(query: str, key: str) -> bool:
    """Whether two phonetic keys are near spellings of each other: word by word, each with the same
    stem or within the edits :func:`_limit` allows it, and beginning with the same letter."""
    from rapidfuzz.distance import OSA

    words, other = query.split(" "), key.split(" ")
    return len(words) == len(other) and all(
        a[:1] == b[:1]
        and (a.rstrip(_VOWELS) == b.rstrip(_VOWELS) or OSA.distance(a, b) <= _limit(min(len(a), len(b))))
        for a, b in zip(words, other, strict=True)
    )


def _names(index: PlaceIndex, memo: RespellMemo, area: tuple[str, str]) -> _AreaNames:
    """The phonetic keys of the names (GeoNames' and ASCII, and the Ukrainian form of a Russian-style one:
    GeoNames names the Donetsk Popasne "Popasnoe") of one oblast's settlements."""
    got = memo.names.get(area)
    if got is None:
        pairs = sorted(
            {
                (k, geonameid)
                for geonameid, shown, ascii_name in index.settlement_names(*area)
                for name in {fold(shown), fold(ascii_name)}
                for form in (name, *ukrainian_keys(name)[:1])
                if (k := phonetic(form))
            }
        )
        got = memo.names[area] = _AreaNames([k for k, _ in pairs], [g for _, g in pairs])
    return got


def _near_any(latitude: float, longitude: float, points: tuple[tuple[float, float], ...]) -> bool:
    """Whether a place lies within :data:`_DISTRICT_KM` of one of ``points`` (True when there are none)."""
    return not points or any(within_km(lat, lon, latitude, longitude, _DISTRICT_KM) for lat, lon in points)
