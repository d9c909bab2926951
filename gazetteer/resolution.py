"""Choosing the place a name refers to, from the words around it and the other places in the text.

Each candidate gets a score that adds up evidence, in log-odds-like units:

* how the name matched (the place's own name, an alternate or former name, a romanisation, a
  phonetic key, an inflected form, a near spelling among the settlements of the oblast named beside
  it — see ``respelling.py``);
* feature class against what the words say ("Oskil River" → a river; "Donetsk Oblast" → the oblast;
  a bare "Donetsk" → the city);
* size and rank (population, administrative seat, how many names the place has in GeoNames — the
  places the world writes about have many), and the country focus (Ukraine, then Russia,
  Belarus and Moldova);
* an oblast named beside the mention ("Lyman, Donetsk Oblast", "Shevchenkove in Kharkiv region");
* spatial coherence: closeness to the places the rest of the text is surely about (a report about
  Izium and Lysychansk means the Lyman of Donetsk oblast, not the one near Odesa).

Scores become probabilities by a softmax over the candidates; a mention is kept when its best
candidate has enough evidence, and common words need a locative cue ("in Mission").
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING

import regex

from .index import ADMIN_PHONETIC, ALTERNATE, BORROWED, FORMER, PHONETIC, PlaceIndex
from .mentions import Span, worded_as_state
from .points import BEARING_RELATIONS, KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON, bearing_of, within_km
from .records import Candidate, Mention, Place
from .respelling import RESPELLED
from .sources import country_names
from .theatre import Theatre
from .vocabulary import (
    COMMON_ZIPF,
    DISTANCE_FROM,
    LIST_JOIN,
    NEXT_TO,
    SETTLEMENT_MARKERS,
    TOWN_ADJECTIVES,
    bylines,
    datelines,
    names_talks,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Scorer", "best_location", "resolve_spans", "span_contexts"]

_AIRPORTS = frozenset(("AIRP", "AIRB", "AIRF"))
_KIND_WEIGHT = (0.0, -0.3, -0.5, -0.6, -1.5, -0.3, -1.2, -5.0)
_INFLECTED = -0.2
_RESPELLED = -1.0  # found by a near spelling among an oblast's settlements (respelling.py): less than a key
_LABEL_WEIGHT = {"inflected": _INFLECTED, RESPELLED: _RESPELLED}
# a settlement the words call a village is no oblast or national capital (a raion seat may be one)
_CITY_CALLED_VILLAGE = {"PPLC": 4.0, "PPLA": 4.0}
_CITY_AS_REGION = 2.0  # a city with a region's status, where its name is said to be a region's
# what a raion's name takes from a settlement (see _settlement_score), given back to its town where the
# gazetteer has no area of the name
_TOWN_FOR_RAION = 2.0
_POPULATION = 0.35
_NOTABILITY = 0.5
_SEAT = {"PPLC": 1.5, "PPLA": 1.0, "PPLA2": 0.7, "PPLA3": 0.3}
_COUNTRY = {"UA": 1.5, "RU": 0.8, "BY": 0.3, "MD": 0.3}
_SOUND_ALIKE = frozenset((PHONETIC, ADMIN_PHONETIC))  # match kinds counted only in _COUNTRY
_ADMIN_STRONG, _ADMIN_STRONG_MISS = 3.5, -2.0
_ADMIN_WEAK, _ADMIN_WEAK_MISS = 1.2, -0.4
# a raion or hromada named beside the span: a candidate inside it (same 2020 raion, or within the
# radius of an old raion's or a hromada's centre) gains, one outside loses
_DISTRICT, _DISTRICT_MISS = 3.0, -1.5
_SECTOR_KM, _SECTOR_DEGREES = 60.0, 67.5  # see Sector
_DISTRICT_QUALIFIERS = ("raion", "hromada")
_DISTRICT_CODES = frozenset(("ADM2", "ADM2H", "ADM3", "ADM3H"))
_DISTRICT_KM = {"ADM2H": 30.0, "ADM3": 15.0, "ADM3H": 15.0, "P": 30.0}
_DISTRICT_PROBABILITY = 0.15  # raion candidates at least this likely count as the raion named
# Closeness to the places a text is surely about: places named together lie near each other. At 3.0 a
# village named with a town 20 km from it lost to a bigger namesake near another front two times in
# five ("Vodiane and Chuhuiv": Zaporizhzhia oblast's); at 4.5 one in four, with the UCDP descriptions
# and headlines unchanged (6.0 began to cost them)
_COHERENCE, _COHERENCE_KM, _FAR_KM, _FAR = 4.5, 60.0, 400.0, -1.0
_MIN_SCORE = 1.0
# the most a text's context can take from a candidate's score: an oblast named beside the span that
# is not its own, and every place the text is about far away
_WORST_CONTEXT = _ADMIN_STRONG_MISS + _DISTRICT_MISS + _FAR
_COMMON = COMMON_ZIPF
_COMMON_CYRILLIC = 3.6
_COMMON_LEAST = min(_COMMON, _COMMON_CYRILLIC)
_NOTABLE_NAMES = 20
_BIG_PLACE = 100_000
_CITY = 1.5  # a city's name is the city's, over villages near the other places named
_CITY_BY_OTHER_NAME = 1.0  # … less surely a name GeoNames lists among its others
_OTHER_NAMES = frozenset((ALTERNATE, FORMER, BORROWED))
_OWN_NAME_LABELS = frozenset(("name", "alternate", "inflected"))  # how a place's own names match
_ANCHOR_PROBABILITY = 0.5
_MAX_ANCHORS = 60
_ALTERNATIVES = 5
_ARRAY_MIN = 16  # candidates of one name from which they are ranked as arrays
# An event "near" a place happened at it less surely than one "in" it (0.8, the default); one "north of"
# it less surely still, and "toward" it least (see best_location).
_RELATION_WEIGHT = {"toward": 0.6, **dict.fromkeys(BEARING_RELATIONS, 0.7)}
_HROMADA_KIND = 2.5  # a hromada is more specific than a raion, less than a settlement (see best_location)
_OUTSIDE_NAMED = 0.3  # a place outside every oblast the text names counts this much (see best_location)
# … and one this far from the centre of each is no location at all: no oblast is that wide
_FAR_FROM_NAMED_KM = 400.0
# A settlement this close to an oblast named beside it is the place meant, misattributed across the
# border ("Popasna, Donetsk Oblast", "Staromaiorske in the Zaporizhzhia region"), not a namesake
_BORDER_KM = 15.0
# How far outside a raion named beside it a place may lie, and a hromada's place from its point (the
# largest hromadas span 80 km): see District.excludes
_RAION_SLACK_KM, _HROMADA_REACH_KM = 60.0, 60.0
#: Ukraine's raions and hromadas of today date from the reform of 17 July 2020 (Rada resolution 807-IX).
_HROMADA_REFORM = date(2020, 7, 17)
_SENTENCE_END = regex.compile(r"[.!?…]+[\"'”»)]*\s+|\n\s*\n|\n(?=\s*[-•*#])")


@dataclass(slots=True)
class _Context:
    """What the rest of the text says about one span: the places it is surely about, and oblasts
    named right beside the span (strong) or elsewhere in its sentence (weak)."""

    anchors: tuple[tuple[int, float, float], ...]  # geonameid, lat, lon
    admin_strong: frozenset[tuple[str, str]] = frozenset()
    admin_weak: frozenset[tuple[str, str]] = frozenset()
    # raions and hromadas named right beside the span, and where a place named after it says it lies
    districts: tuple[District | Sector, ...] = ()


@dataclass(frozen=True, slots=True)
class District:
    """A raion or hromada named in text, as a test of whether a place lies in it: the same 2020
    raion (``admin2_code``) when GeoNames gives the raion itself, else within ``radius_km`` of the
    centre of an old (pre-2020) raion, a hromada or the town the raion is named after; in the
    oblast ``admin1_code``; and, as a test of whether a place surely lies outside it
    (:meth:`excludes`), what it surely is (``"raion"``, ``"hromada"``; empty where its name leaves
    doubt which) and the 2020 raion ``raion_code`` that holds it (a raion's own code, a hromada's
    raion; empty where unknown)."""

    country_code: str
    admin2_code: str
    latitude: float
    longitude: float
    radius_km: float
    admin1_code: str = ""
    sure: str = ""
    raion_code: str = ""
    reach_km: float = 0.0  # beyond this from its point a place surely lies outside (0: not known)

    def holds(self, place: Place) -> bool:
        if self.admin2_code:
            return place.country_code == self.country_code and place.admin2_code == self.admin2_code
        return within_km(self.latitude, self.longitude, place.latitude, place.longitude, self.radius_km)

    def excludes(self, place: Place, index: PlaceIndex, day: date | None) -> bool:
        """Whether settlement ``place`` surely lies outside: farther than :data:`_HROMADA_REACH_KM`
        from a hromada's point or :data:`_RAION_SLACK_KM` from an old raion's, or outside its 2020
        raion and farther from the raion's settlements than :data:`_BORDER_KM` for a hromada (GeoNames
        misfiles a few villages over a border), :data:`_RAION_SLACK_KM` for a raion (reports name old
        raions by the names of new ones that hold most of them: "Shirokino (Volnovakha district)" lies
        in Mariupol raion since 2020). A hromada named in a report of before the 2020 reform
        (``day``) excludes nothing: GeoNames has the hromadas made then, and the communities of
        2015–2020 were merged and renamed into them."""
        hromada = self.sure == "hromada"
        if not self.sure or (hromada and day is not None and day < _HROMADA_REFORM):
            return False
        if self.reach_km and not within_km(
            self.latitude, self.longitude, place.latitude, place.longitude, self.reach_km
        ):
            return True
        area = (self.country_code, self.admin1_code)
        # (GeoNames gives some hromadas an old raion's code, which holds no settlement)
        if not self.raion_code or not place.admin2_code or not index.has_settlements(area, self.raion_code):
            return False
        if (place.country_code, place.admin1_code, place.admin2_code) == (*area, self.raion_code):
            return False
        slack = _BORDER_KM if hromada else _RAION_SLACK_KM
        return not index.settlement_near(area, place.latitude, place.longitude, slack, admin2=self.raion_code)


@dataclass(frozen=True, slots=True)
class Sector:
    """ "Novopavlivka (southwest of Pokrovsk)": where a place must lie, seen from the place named right
    after it with a bearing: within :data:`_SECTOR_KM` of it, :data:`_SECTOR_DEGREES` either side of
    the bearing (a place at the reference itself has no bearing)."""

    latitude: float
    longitude: float
    bearing: float
    reference: int = 0  # the geonameid of the place the bearing is from

    def holds(self, place: Place) -> bool:
        kx = math.cos(math.radians(self.latitude)) * KM_PER_DEGREE_LON
        dx = (place.longitude - self.longitude) * kx
        dy = (place.latitude - self.latitude) * KM_PER_DEGREE_LAT
        d2 = dx * dx + dy * dy
        if d2 > _SECTOR_KM * _SECTOR_KM or d2 < 1.0:
            return False
        off = (math.degrees(math.atan2(dx, dy)) - self.bearing + 180.0) % 360.0 - 180.0
        return abs(off) <= _SECTOR_DEGREES


#: How GeoNames names the raions before the 2020 reform among its historical divisions (ADM2H), whose
#: others are city councils ("Chuhuivska Mis’krada"), and the few it files as ADM3 beside the hromadas.
_OLD_RAION = regex.compile(r"(?i)\b(?:raion|rayon|district)\Z")


def _settlement_score(code: str, q: str | None, marker: str | None) -> float:
    score = {"PPLX": -1.0, "PPLH": -1.5, "PPLQ": -1.5, "PPLW": -1.5}.get(code, 0.0)
    if q in ("oblast", "raion", "hromada", "river", "station", "mine", "height"):
        score -= 2.0
    elif q in ("airport", "plant"):  # the town it is named after: only where GeoNames lacks the spot
        score -= 3.0
    elif q == "direction" and code in _SEAT:  # axes of the front are named after towns, not villages
        score += 1.5
    if marker == "village":
        score -= _CITY_CALLED_VILLAGE.get(code, 0.0)  # "the village of Alexandrovka" is not Donetsk
    return score + (1.0 if marker in SETTLEMENT_MARKERS else 0.0)


def _area_score(code: str, q: str | None, marker: str | None) -> float:
    if q == "oblast":
        return 4.0 if code == "ADM1" else 1.0
    if q in ("raion", "hromada"):
        # a raion is also a city's district (ADM3 in GeoNames: "Kirovskyi district of Donetsk")
        # (never an oblast: "(Sumy, Sumy)" names Sumy's raion, then its oblast)
        first = ("ADM2", "ADM2H", "ADM3") if q == "raion" else ("ADM3", "ADM3H")
        if q == "hromada" and code == "ADM2":
            return 0.0  # "Покровська громада" is none of the raions of its name (but "Chuhuiv City Council")
        return 4.0 if code in first else 2.0 if code.startswith("ADM") and code != "ADM1" else 0.5
    if q == "plant":
        return -3.5  # "the Vuhlehirska TPP": the plant, else the town, never the hromada of that name
    return -1.5 if code == "ADM1" else -2.5


def _water_score(code: str, q: str | None, marker: str | None) -> float:
    if q == "river" or marker == "river":
        return 4.0
    return -1.0 if marker == "the" else -2.5


def _spot_score(code: str, q: str | None, marker: str | None) -> float:
    if q == "airport":
        return 4.0 if code in _AIRPORTS else -3.0
    if q == "plant":
        return 4.0 if code == "PS" else -3.0
    return 4.0 if q == "station" or marker == "station" else -3.0


def _region_score(code: str, q: str | None, marker: str | None) -> float:
    return 0.0 if marker == "the" else -1.0


def _terrain_score(code: str, q: str | None, marker: str | None) -> float:
    """A hill or mound ("Saur-Mogila height"): said to be one, or named plainly where no village is."""
    return 4.0 if q == "height" else -2.0


# Feature class against what the words around the name say it is ("Oskil River", "Donetsk Oblast").
_CLASS_SCORES = {
    "P": _settlement_score,
    "A": _area_score,
    "H": _water_score,
    "S": _spot_score,
    "L": _region_score,
    "T": _terrain_score,
}


def _class_score(place: Place, span: Span) -> float:
    rule = _CLASS_SCORES.get(place.feature_class)
    if rule is None:
        return -3.0
    code = place.feature_code
    if code in ("ADM2H", "ADM3") and span.qualifier == "hromada" and _OLD_RAION.search(place.geonames_name):
        # "Білозерська громада" is not the old Bilozerka Raion (a city council may be), nor "Вовчанська
        # громада" the Volchanskiy Rayon GeoNames files as ADM3
        code = "ADM2"
    return rule(code, span.qualifier, span.marker)


def _base_score(place: Place, kind: int, label: str, span: Span) -> float:
    """Evidence from the name and the words around it, before the rest of the text is considered."""
    score = _KIND_WEIGHT[kind] + _LABEL_WEIGHT.get(label, 0.0)
    score += _class_score(place, span)
    score += _POPULATION * math.log10(1 + max(place.population, 0))
    score += _NOTABILITY * math.log1p(place.name_count)
    if place.population >= _BIG_PLACE and place.feature_class == "P" and place.feature_code != "PPLX":
        # (a name GeoNames lists among a city's others is less surely the city's: "Aleksandrovka")
        score += _CITY_BY_OTHER_NAME if kind in _OTHER_NAMES else _CITY
    return score + _SEAT.get(place.feature_code, 0.0) + _COUNTRY.get(place.country_code, 0.0)


@dataclass(slots=True)
class _Pool:
    """The candidates of one span with their scores on the span's own evidence, best first.

    Names with many candidates (a hundred Ivanivkas) are also kept as arrays, so that closeness to
    a text's places and the oblasts named beside them are weighed for all candidates at once.
    """

    hits: dict  # the span's candidate dict, held so that its id stays this pool's key
    ranked: list[tuple[float, Place, str]]  # (score, place, how it matched), best first
    # per candidate, in the order of ``ranked``: what weighing it against a text's context needs
    # (score, place, how it matched, lat, lon, km per degree of longitude there, its oblast — an
    # oblast's own, for an oblast), so that the loop over candidates reads no attributes; empty for
    # a pool of _ARRAY_MIN candidates or more, which is ranked on its arrays
    small: list[tuple[float, Place, str, float, float, float, tuple[str, str]]]
    areas: frozenset[tuple[str, str]]  # for an oblast mention, the oblasts it may be (else empty)
    districts: tuple[District, ...] = ()  # for a raion or hromada mention, what it may be
    first: Candidate | None = None  # the best candidate on the span's own evidence
    # a name with one candidate that no context can take below _MIN_SCORE: its ranking, which needs
    # no context, with the least raw score any context could give
    sure: tuple[list[Candidate], float] | None = None
    arrays: _PoolArrays | None = None  # see array_view

    def array_view(self) -> _PoolArrays | None:
        """The candidates as arrays, for names with many (made when first needed: many names are
        never weighed in a context); None for the others."""
        if self.arrays is None and len(self.ranked) >= _ARRAY_MIN:
            self.arrays = _PoolArrays.of(self.ranked)
        return self.arrays


@dataclass(frozen=True, slots=True)
class _OwnScores:
    """The candidates of one name (its hits, qualifier and marker) with their scores on the span's own
    evidence, in the hits' order; ``with_prior``: whether the theatre's prior is added to them."""

    hits: dict  # the span's candidate dict, held so that its id stays this record's key
    scored: list[tuple[float, Place, str]]
    with_prior: bool


@dataclass(frozen=True, slots=True)
class _PoolArrays:
    base: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    km_per_degree_lon: np.ndarray
    gid: np.ndarray
    by_area: dict[tuple[str, str], np.ndarray]  # oblast → the positions of the candidates inside it
    # (oblasts, hit, miss) → base with what oblasts named in a text add: texts name the same few
    _in_areas: dict[tuple[frozenset[tuple[str, str]], float, float], np.ndarray]

    def in_areas(self, areas: frozenset[tuple[str, str]], hit: float, miss: float) -> np.ndarray:
        """The base scores with ``hit`` added inside ``areas`` and ``miss`` outside (read-only: memoised)."""
        key = (areas, hit, miss)
        score = self._in_areas.get(key)
        if score is None:
            import numpy as np

            admin = np.full(len(self.base), miss)
            for area in areas:
                inside = self.by_area.get(area)
                if inside is not None:
                    admin[inside] = hit
            score = self._in_areas[key] = self.base + admin
            score.flags.writeable = False
        return score

    @classmethod
    def of(cls, ranked: list[tuple[float, Place, str]]) -> _PoolArrays:
        import numpy as np  # here, not at the top: geocoding one name needs no numpy

        lat = np.array([p.latitude for _, p, _ in ranked])
        by_area: dict[tuple[str, str], list[int]] = {}
        for i, (_, p, _) in enumerate(ranked):
            by_area.setdefault((p.country_code, p.admin1_code), []).append(i)
        return cls(
            np.array([s for s, _, _ in ranked]),
            lat,
            np.array([p.longitude for _, p, _ in ranked]),
            np.cos(np.radians(lat)) * KM_PER_DEGREE_LON,
            np.array([p.geonameid for _, p, _ in ranked]),
            {area: np.array(positions) for area, positions in by_area.items()},
            {},
        )


class Scorer:
    """Scores candidates. Reports repeat their place names, so scores on a span's own evidence are
    memoised for the scorer's life; what a text's context adds is computed for each span."""

    _LIMIT = 200_000

    def __init__(self, index: PlaceIndex, theatre: Theatre | None = None) -> None:
        self.index = index
        self.theatre = theatre
        self.day: date | None = None  # the day the current text reports on
        self._period: tuple[bool, ...] = theatre.period(None) if theatre else ()
        # the index's stored line priors of this theatre (one column per period), when it has them
        self._columns = index.theatre_columns(theatre) if theatre else None
        self._column = self._column_of(self._period)
        self._pools: dict[tuple, _Pool] = {}  # by name and period
        self._shared_pools: dict[tuple, _Pool] = {}  # by name and its candidates' priors
        self._own: dict[tuple, _OwnScores] = {}  # by name

    def _column_of(self, period: tuple[bool, ...]) -> int | None:
        if self._columns is None or self.theatre is None:
            return None
        return self._columns.get(self.theatre.line_period(period))

    def new_text(self, day: date | None = None) -> None:
        """Called before each text is resolved, with the day it reports on (None: unknown): sets the
        theatre's period and keeps the memo of pools bounded."""
        self.day = day
        if self.theatre is not None:
            self._period = self.theatre.period(day)
            self._column = self._column_of(self._period)
        if len(self._pools) > self._LIMIT:
            self._pools.clear()
            self._shared_pools.clear()
            self._own.clear()

    def _prior(self, place: Place) -> float:
        """The theatre's prior for ``place`` in the current text's period (areas get none)."""
        if self.theatre is None or place.feature_class == "A":
            return 0.0
        area = (place.country_code, place.admin1_code)
        if self._column is not None:
            line = self.index.line_bonus(place.geonameid, self._column)
            return line + self.theatre.area_bonus_in(self._period, area)
        return self.theatre.bonus_in(self._period, place.latitude, place.longitude, area)

    def _district_prior(self, place: Place) -> float:
        """The theatre's prior for a raion or city district at its centre (other places get none)."""
        if self.theatre is None or place.feature_code not in _DISTRICT_CODES:
            return 0.0
        area = (place.country_code, place.admin1_code)
        return self.theatre.bonus_in(self._period, place.latitude, place.longitude, area)

    def _pool(self, span: Span) -> _Pool:
        # Candidate dicts are shared between the spans of one name and never changed once made, so
        # one is known by its id; the pool holds the dict itself, so that id cannot be reused meanwhile.
        key = (id(span.hits), span.qualifier, span.marker, self._period)
        pool = self._pools.get(key)
        if pool is not None and pool.hits is span.hits:
            return pool
        own = self._own_scores(span)
        # a name's pool depends on the period only through its candidates' priors, which most
        # periods share (0 far from every line; the same where no line began or ended nearby):
        # periods with the same priors share one pool
        if not own.with_prior:
            priors: tuple[float, ...] = ()
        elif span.qualifier in _DISTRICT_QUALIFIERS:
            # "the Petrovsky district": among raions and city districts of that name, the one fought
            # over (Donetsk's, not Kirovohrad oblast's); never a town of the name lifted over them
            priors = tuple(self._district_prior(p) for _, p, _ in own.scored)
        else:
            priors = tuple(self._prior(p) for _, p, _ in own.scored)
        shared_key = (id(span.hits), span.qualifier, span.marker, priors)
        pool = self._shared_pools.get(shared_key)
        if pool is None or pool.hits is not span.hits:
            pool = self._shared_pools[shared_key] = self._new_pool(span, own, priors)
        self._pools[key] = pool
        return pool

    def _own_scores(self, span: Span) -> _OwnScores:
        """The candidates of a span with their scores on its own evidence, before the theatre's prior
        (memoised: they depend on the name, its qualifier and marker alone)."""
        key = (id(span.hits), span.qualifier, span.marker)
        own = self._own.get(key)
        if own is not None and own.hits is span.hits:
            return own
        places = self.index.places(span.hits)
        # the theatre chooses among namesakes; where the words say what kind of place it is ("Donetsk
        # Oblast", "Luhansk airport") it must not lift the town of that name over it
        with_prior = self.theatre is not None and span.qualifier in (None, "direction", *_DISTRICT_QUALIFIERS)
        if any(
            kind <= ALTERNATE and places[g].feature_code == "ADM1"
            for g, (kind, _) in span.hits.items()
            if g in places
        ):
            with_prior = False  # an oblast's own name ("Kharkivshchyna"), not a village's
        # sound-alike keys are made for the war's languages: far from them a sound-alike is noise
        # ("Booby-trapped" → Bobbio, "Geno" → Hino in Japan)
        scored = [
            (_base_score(places[g], kind, label, span), places[g], label)
            for g, (kind, label) in span.hits.items()
            if g in places and (kind not in _SOUND_ALIKE or places[g].country_code in _COUNTRY)
        ]
        if span.qualifier == "oblast":
            scored = _cities_as_regions_last(scored)
        elif span.qualifier in _DISTRICT_QUALIFIERS and not any(_is_district(p) for _, p, _ in scored):
            # the gazetteer lacks the raion: the town it is named after stands for it, as surely as a
            # raion would ("Грайворонский округ", "Grayvoronsky district": Russia's are not in the UA
            # dump; "(Sumy, Sumy)": GeoNames calls Sumy's raion Sumskyi), not an oblast of the name
            scored = [(s + _TOWN_FOR_RAION if p.feature_class == "P" else s, p, how) for s, p, how in scored]
        own = self._own[key] = _OwnScores(span.hits, scored, with_prior)
        return own

    def _new_pool(self, span: Span, own: _OwnScores, priors: tuple[float, ...]) -> _Pool:
        if priors:
            ranked = [
                (base + prior, p, label) for (base, p, label), prior in zip(own.scored, priors, strict=True)
            ]
        else:
            ranked = [(base + 0.0, p, label) for base, p, label in own.scored]
        ranked.sort(key=lambda r: (-r[0], r[1].geonameid))
        # (a large pool is weighed on its arrays: see _rank_pool)
        small = _small_rows(ranked) if len(ranked) < _ARRAY_MIN else []
        areas: frozenset[tuple[str, str]] = frozenset()
        if (
            span.qualifier is None
            and span.marker is None
            and ranked
            and ranked[0][1].feature_code == "ADM1"
            and ranked[0][2] in _OWN_NAME_LABELS
        ):
            # an oblast named by a name of its own, first on the name's evidence, needs no designator:
            # "На Харківщині", "Kharkivshchyna" (not "Luhansk", first the city, nor "the village of …")
            areas = frozenset(((ranked[0][1].country_code, ranked[0][1].admin1_code),))
        if span.qualifier == "oblast":  # the oblasts an oblast mention may be: its ADM1 candidates
            # ("Kyiv oblast" is not the city of Kyiv, a first-level division too, where the oblast is one)
            regions = [p for _, p, _ in own.scored if p.feature_code == "ADM1"]
            cities = _city_regions(own.scored)
            if len(cities) < len(regions):
                regions = [p for p in regions if p.geonameid not in cities]
            areas = frozenset((p.country_code, p.admin1_code) for p in regions)
        sure = None
        if len(ranked) == 1 and ranked[0][0] + _WORST_CONTEXT >= _MIN_SCORE:
            score, place, label = ranked[0]
            sure = [Candidate(place, 1.0, label)], score + _WORST_CONTEXT
        districts = (
            _districts(ranked, raion=span.qualifier == "raion")
            if span.qualifier in ("raion", "hromada")
            else ()
        )
        return _Pool(span.hits, ranked, small, areas, districts, sure=sure)

    def _first(self, pool: _Pool) -> Candidate | None:
        """The best candidate on the pool's own evidence (memoised: names repeat)."""
        if pool.first is None and pool.ranked:
            pool.first = self._rank_pool(pool, None, 1)[0][0]
        return pool.first

    def rank(self, span: Span, ctx: _Context | None = None) -> tuple[list[Candidate], float]:
        """Candidates of one span, best first, with softmax probabilities; and the best raw score."""
        return self._rank_pool(self._pool(span), ctx, None)

    def _rank_pool(
        self, pool: _Pool, ctx: _Context | None, limit: int | None
    ) -> tuple[list[Candidate], float]:
        if not pool.ranked:
            return [], -math.inf
        if ctx is None or not (ctx.anchors or ctx.admin_strong or ctx.admin_weak or ctx.districts):
            ranked = pool.ranked
        elif (arrays := pool.array_view()) is not None:
            return self._rank_arrays(pool, arrays, ctx, limit)
        else:
            ranked = self._rank_small(pool, ctx)
        top = ranked[0][0]
        if len(ranked) == 1:  # exp(0) / exp(0)
            return [Candidate(ranked[0][1], 1.0, ranked[0][2])], top
        exp = math.exp
        weights = [exp(s - top) for s, _, _ in ranked]
        total = sum(weights)
        out = []
        for (_, p, label), w in zip(ranked if limit is None else ranked[:limit], weights, strict=False):
            out.append(Candidate(p, w / total, label))
        return out, top

    def _rank_small(self, pool: _Pool, ctx: _Context) -> list[tuple[float, Place, str]]:
        """Scores of a small pool with what ``ctx`` adds, best first (ties: lower geonameid first).

        An oblast named beside the span adds its weight to the places inside it (an oblast itself
        counts as inside itself) and takes from the others; closeness to the anchors adds
        :data:`_COHERENCE` fading over :data:`_COHERENCE_KM`, and places farther than :data:`_FAR_KM`
        from every anchor lose :data:`_FAR`. This is the innermost loop of geoparsing: plain
        arithmetic, no calls.
        """
        anchors = ctx.anchors
        areas = ctx.admin_strong or ctx.admin_weak
        districts = ctx.districts
        hit, miss = (
            (_ADMIN_STRONG, _ADMIN_STRONG_MISS) if ctx.admin_strong else (_ADMIN_WEAK, _ADMIN_WEAK_MISS)
        )
        ky, sqrt, exp = KM_PER_DEGREE_LAT, math.sqrt, math.exp
        ranked = []
        for base, place, label, lat0, lon0, kx, area in pool.small:
            score = base
            if areas:
                score = base + (hit if area in areas else miss)
            if districts:
                score += _DISTRICT if any(d.holds(place) for d in districts) else _DISTRICT_MISS
            if anchors:
                # equirectangular distance, scaled at the candidate's latitude: exact enough within
                # a theatre. Computing it again is cheaper than remembering it per anchor set.
                d2 = math.inf
                for _, lat, lon in anchors:
                    dx = (lon - lon0) * kx
                    dy = (lat - lat0) * ky
                    dd = dx * dx + dy * dy
                    if dd < d2:  # noqa: PLR1730 — min() costs a call per anchor here
                        d2 = dd
                d = sqrt(d2)
                score += _COHERENCE * exp(-d / _COHERENCE_KM) + (_FAR if d > _FAR_KM else 0.0)
            ranked.append((score, place, label))
        # the pool is in (own score, geonameid) order and the sort is stable: equal scores keep that order
        ranked.sort(key=itemgetter(0), reverse=True)
        return ranked

    def _rank_arrays(
        self, pool: _Pool, arrays: _PoolArrays, ctx: _Context, limit: int | None
    ) -> tuple[list[Candidate], float]:
        """:meth:`rank` of a large pool, computed on its arrays."""
        import numpy as np  # here, not at the top: geocoding one name needs no numpy

        score = arrays.base
        if ctx.admin_strong:
            score = arrays.in_areas(ctx.admin_strong, _ADMIN_STRONG, _ADMIN_STRONG_MISS)
        elif ctx.admin_weak:
            score = arrays.in_areas(ctx.admin_weak, _ADMIN_WEAK, _ADMIN_WEAK_MISS)
        if ctx.districts:
            inside = np.zeros(len(arrays.base), dtype=bool)
            tested = []
            for d in ctx.districts:
                if isinstance(d, District) and not d.admin2_code:  # a circle: tested on the arrays
                    # (as District.holds computes it, scaled at the circle's centre)
                    dx = (arrays.lon - d.longitude) * (math.cos(math.radians(d.latitude)) * KM_PER_DEGREE_LON)
                    dy = (arrays.lat - d.latitude) * KM_PER_DEGREE_LAT
                    inside |= dx * dx + dy * dy <= d.radius_km * d.radius_km
                else:
                    tested.append(d)
            if tested:
                places = [place for _, place, _ in pool.ranked]
                inside |= np.array([any(d.holds(p) for d in tested) for p in places])
            score = score + np.where(inside, _DISTRICT, _DISTRICT_MISS)
        if ctx.anchors:
            # anchors × candidates, computed in place: the same operations on the same values as the
            # small pools' loop, in as few numpy calls as may be (reducing over the first axis is
            # the cheaper one)
            anchors = np.array(ctx.anchors)  # geonameid, lat, lon
            dx = anchors[:, 2, np.newaxis] - arrays.lon
            dx *= arrays.km_per_degree_lon
            dx *= dx
            dy = anchors[:, 1, np.newaxis] - arrays.lat
            dy *= KM_PER_DEGREE_LAT
            dy *= dy
            dx += dy
            d = np.sqrt(np.minimum.reduce(dx, axis=0))
            near = np.exp(d / -_COHERENCE_KM)
            near *= _COHERENCE
            np.add(near, _FAR, out=near, where=d > _FAR_KM)
            near += score
            score = near
        order = np.lexsort((arrays.gid, -score))
        kept = (order if limit is None else order[:limit]).tolist()
        top = score.item(kept[0])
        weights = np.exp(score - top)
        total = float(np.add.reduce(weights))
        w = weights.tolist()  # (indexing the list is cheaper than gathering from the array)
        ranked = pool.ranked
        return [Candidate(ranked[i][1], w[i] / total, ranked[i][2]) for i in kept], top


def _small_rows(
    ranked: list[tuple[float, Place, str]],
) -> list[tuple[float, Place, str, float, float, float, tuple[str, str]]]:
    """The rows of :attr:`_Pool.small` for a pool's ranked candidates."""
    return [
        (
            score,
            p,
            label,
            p.latitude,
            p.longitude,
            math.cos(math.radians(p.latitude)) * KM_PER_DEGREE_LON,
            (p.country_code, p.admin1_code),
        )
        for score, p, label in ranked
    ]


def _cities_as_regions_last(scored: list[tuple[float, Place, str]]) -> list[tuple[float, Place, str]]:
    """For a name said to be a region ("the Kyiv region", "Moscow Oblast"): a first-level division that
    is a city (Kyiv, Sevastopol, Moscow, Minsk: it bears the name of a town of its country) loses
    :data:`_CITY_AS_REGION` when the name is also another division's, the region around the city."""
    cities = _city_regions(scored)
    if not cities:
        return scored
    return [
        (score - _CITY_AS_REGION, p, label) if p.geonameid in cities else (score, p, label)
        for score, p, label in scored
    ]


def _city_regions(scored: list[tuple[float, Place, str]]) -> frozenset[int]:
    """The first-level divisions among ``scored`` that are cities (they bear the name of a town of their
    country: Kyiv, Sevastopol), where there are two divisions or more among them."""
    regions = [p for _, p, _ in scored if p.feature_code == "ADM1"]
    if len(regions) < 2:
        return frozenset()
    towns = {(p.country_code, p.name) for _, p, _ in scored if p.feature_class == "P"}
    return frozenset(p.geonameid for p in regions if (p.country_code, p.name) in towns)


def _is_district(place: Place) -> bool:
    return place.feature_class == "A" and place.feature_code != "ADM1"


def _districts(ranked: list[tuple[float, Place, str]], *, raion: bool) -> tuple[District, ...]:
    """What a raion or hromada mention may be (its candidates on their own evidence): the areas
    GeoNames gives for the name, or, when it has none, the town the raion is named after. A raion
    (``raion``) found only as a hromada of its name is the raion the hromada lies in: "Chuhuivskyi
    raion", which GeoNames calls "Chuhuiv City Council", is more than the Chuhuiv hromada."""
    if not ranked:
        return ()
    top = ranked[0][0]
    likely = [p for score, p, _ in ranked if math.exp(score - top) >= _DISTRICT_PROBABILITY]
    areas = [p for p in likely if _is_district(p)]
    # (where GeoNames has the raion itself, old or new, that is the better test)
    hromada = not raion
    raion = raion and not any(p.feature_code in ("ADM2", "ADM2H") for p in areas)
    towns = [p for p in likely if p.feature_class == "P"]
    # what surely lies outside it, where the name leaves no doubt which it is ("Pervomaiska hromada" is
    # the name of a dozen, and of more that GeoNames lacks): see District.excludes
    sure = len(towns) == 1 if not areas else len(areas) == sum(_is_district(p) for _, p, _ in ranked)
    if hromada and any(p.feature_code not in ("ADM3", "ADM3H") for p in areas):
        sure = False  # "Petropavlivka hromada" found only as an old raion: not which hromada
    elif hromada and not areas and towns and towns[0].feature_code not in _SEAT:
        sure = False  # a hromada is named after its seat
    out = []
    for p in areas or towns[:1]:
        # the 2020 raion it lies in: GeoNames gives a hromada its raion's code, and a hromada named after
        # its seat ("Vilkhuvatka hromada") lies in the seat's (an old raion may straddle two new ones)
        within = p.feature_code in ("ADM2", "ADM3") or (p.feature_class == "P" and hromada)
        if (p.feature_code == "ADM2" or (raion and p.feature_code == "ADM3")) and p.admin2_code:
            code, radius = p.admin2_code, 0.0
        else:
            code, radius = "", _DISTRICT_KM.get(p.feature_code, _DISTRICT_KM["P"])
        kind = ("hromada" if hromada else "raion") if sure else ""
        # a hromada's place, and an old raion's (which GeoNames gives as a point, no 2020 raion holding
        # it: "Shakhtersky district"), lie within reach of every place in it
        reach = _HROMADA_REACH_KM if hromada else _RAION_SLACK_KM if p.feature_code == "ADM2H" else 0.0
        out.append(
            District(
                p.country_code,
                code,
                p.latitude,
                p.longitude,
                radius,
                p.admin1_code,
                kind,
                p.admin2_code if within else "",
                reach,
            )
        )
    return tuple(out)


def _sentence_areas(
    text: str, spans: list[Span], pools: list[_Pool], needy: list[int]
) -> tuple[dict[int, frozenset[tuple[str, str]]], dict[int, frozenset[tuple[str, str]]]]:
    """The oblasts named elsewhere in the sentence of each span of ``needy`` (span indices); and, for
    those whose sentence an oblast heads ("In the Kharkiv region, …", "Kharkiv region: …", "На
    Харківщині …", "В Белгородской области …": it says where all the sentence's places are), that
    oblast.

    Sentences are told apart only between the first and the last of those spans and the oblasts: a
    span begins with a letter, which no sentence end holds, so ends found from the first onwards
    are those a search of the whole text finds there, and equal counts of them mean one sentence.
    """
    areas = [j for j, pool in enumerate(pools) if pool.areas]
    if not areas or not needy:
        return {}, {}
    starts = [spans[j].start for j in (*needy, *areas)]
    ends = [m.end() for m in _SENTENCE_END.finditer(text, min(starts), max(starts))]
    in_sentence: dict[int, frozenset[tuple[str, str]]] = {}
    heads: dict[int, frozenset[tuple[str, str]]] = {}
    for j in areas:
        sentence = bisect.bisect_right(ends, spans[j].start)
        in_sentence[sentence] = in_sentence.get(sentence, _NO_AREAS) | pools[j].areas
        if _heads_sentence(text, spans[j]):
            heads[sentence] = heads.get(sentence, _NO_AREAS) | pools[j].areas
    weak = {i: in_sentence.get(bisect.bisect_right(ends, spans[i].start), _NO_AREAS) for i in needy}
    if not heads:
        return weak, {}
    scoped = {i: area for i in needy if (area := heads.get(bisect.bisect_right(ends, spans[i].start)))}
    return weak, scoped


# An oblast that opens its sentence, and what may stand before it there: "In the Kharkiv region,",
# "Kharkiv region:", "На Харківщині", "У Херсонській області", "В Белгородской области"
_SCOPE_BEFORE = regex.compile(
    r"(?:\A|[.!?…:;\n])[^\p{L}\d]*(?:(?:in|across)(?:\s+the)?|у|в|на|во)?\s*\Z", regex.IGNORECASE
)
_SCOPE_AFTER = regex.compile(r"\s*(?:(?:direction|axis|sector|front)\s*)?[,:—–]", regex.IGNORECASE)


def _heads_sentence(text: str, span: Span) -> bool:
    """Whether the oblast or axis ``span`` opens its sentence as its scope (in English, a comma or colon
    after it: "In the Kharkiv region, …", "Kupiansk direction: …")."""
    if not _SCOPE_BEFORE.search(text, max(0, span.start - 20), span.start):
        return False
    return not span.key.isascii() or _SCOPE_AFTER.match(text, span.end) is not None


_NO_AREAS: frozenset[tuple[str, str]] = frozenset()
_NO_CONTEXT = _Context(())


# What may stand between a place and a bearing from the next ("X (southwest of Y", "X, some 15
# kilometres (9 miles) north of Y"): an opening bracket, comma or dash, then words without a list's
# "and" or a sentence's end
_NO_LIST = r"(?![^.;!?\n]*\b(?:and|or|та|і|й|и|або|или)\b)"  # (no list's "and" up to the name)
_SECTOR_GAP = regex.compile(
    rf"\s*[(,–—-]{_NO_LIST}[^.;!?\n]{{0,40}}\Z"
    # … longer where it gives a distance ("…, some 15 kilometres (9 miles) north of …") or describes the
    # place ("Oleksandrivka, a right-bank fishing village on the estuary west of …"), not a clause
    # ("Ocheretyne, while Ukraine's military said it repelled attacks south of …")
    r"|\s*(?:[(,–—-](?=[^.;!?\n]*\d\s*(?:km|kilomet|mile|км))|,\s*(?:a|an|the)\s)"
    rf"{_NO_LIST}[^.;!?\n]{{0,70}}\Z"
    # … or nothing but the distance and the bearing: "Іванівка за 13 км на схід від Бахмута"
    rf"|\s+{_NO_LIST}[^.;!?\n,()]{{0,30}}\Z"
)


def _sectors(
    text: str,
    spans: list[Span],
    pools: list[_Pool],
    bearings: dict[int, float],
    firsts: list[Candidate | None],
    joins: list[bool],
) -> dict[int, Sector]:
    """The sector each span must lie in, where a place named after it (or after the list it ends:
    "Dachne, Andriivka and Uspenivka, southwest of Pokrovsk") is given with a bearing, or where a
    bearing heads the list it is in: "east of Pokrovsk near Myrnohrad and Rivne". (``firsts``: each
    span's best candidate on its own evidence; ``joins``: see :func:`_list_joins`.)"""
    out: dict[int, Sector] = {}
    for j, bearing in bearings.items():
        i = j - 1
        sector = _sector(text, spans, pools, i, bearing, firsts[j]) if i >= 0 else None
        if sector is not None:
            out[i] = sector
            while i > 0 and not pools[i - 1].areas and joins[i]:
                i -= 1
                out.setdefault(i, sector)
        k = j + 1
        if k == len(spans) or not _NEAR_AFTER_BEARING.match(text, spans[j].end, spans[k].start):
            continue
        ref = firsts[j]
        if ref is None or ref.place.feature_class not in "PS":
            continue
        sector = Sector(ref.place.latitude, ref.place.longitude, bearing, ref.place.geonameid)
        while not pools[k].areas:
            out.setdefault(k, sector)
            if k + 1 == len(spans) or not joins[k + 1]:
                break
            k += 1
    return out


def _list_joins(text: str, spans: list[Span]) -> list[bool]:
    """For each span, whether the words between it and the one before join the two as a list ("X, Y",
    "X and Y", "X та Y"; the first span: False). Several rules walk lists: this is matched once."""
    joins = [False]
    for a, b in itertools.pairwise(spans):
        gap = text[a.end : b.start]
        # (a join is three words at most: the pattern is not tried on longer gaps)
        joins.append(
            (len(gap) <= _LIST_GAP_CHARS or len(gap.split()) <= 3) and LIST_JOIN.match(gap) is not None
        )
    return joins


# What stands between a place and the one it is said to be near: "Ivanivka near Bakhmut", "Іванівка під
# Бахмутом", "Krynky, near the city of Kherson", "…, near the eastern city of …"
_NEAR_GAP = regex.compile(
    # ("Lozovoye settlement on the outskirts of Donetsk", "…, a small village near …")
    r"\s*(?:(?:village|town|settlement|city)\s+)?[,(]?\s*"
    r"(?:(?:a|an|the)\s+(?:small\s+)?(?:village|town|settlement|city)\s+)?"
    r"(?:(?:which|that)\s+(?:lies|is|sits)\s+)?(?:just\s+)?"
    r"(?:near|outside|close to|not far from|on the outskirts of|in the (?:vicinity|area) of|"
    rf"(?:some |about |around |що\s+|который\s+|которая\s+|которое\s+)?(?:{DISTANCE_FROM})|"
    r"під|біля|поблизу|неподалік(?: від)?|на околиці|в районі|у районі|"
    r"под|возле|около|вблизи|недалеко от|на окраине|в районе)"
    # ("… 800 meters from occupied Horlivka", "near the Russian-held town of …")
    r"\s+(?:the\s+)?(?:(?:occupied|(?:russian|ukrainian)-(?:held|occupied|controlled)|frontline|front-line)\s+)?"
    rf"(?:(?:{TOWN_ADJECTIVES})\s+)?(?:(?:town|city|village|settlement|capital)\s+of\s+)?\Z",
    regex.I,
)
_NEAR_KM = 40.0  # how far a place said to be near a town may lie from it


def _may_say_near(text: str, spans: list[Span]) -> bool:
    """Whether any words of ``text`` may say that a place is near the next (:func:`_near_km`): most
    texts have none, and need no look at each pair of spans."""
    return any(s.relation in _NEAR_RELATIONS or s.qualifier == "direction" for s in spans[1:]) or any(
        map(text.__contains__, _NEAR_WORDS)
    )


_NEAR_RELATIONS = ("near", "outskirts of")
_BETWEEN_WORDS = ("between", "між", "между")
_NEAR_WORDS = (*_BETWEEN_WORDS, " area")


def _near_places(
    text: str, spans: list[Span], pools: list[_Pool], firsts: list[Candidate | None], joins: list[bool]
) -> dict[int, District]:
    """Where each place said to be near the next must lie: within :data:`_NEAR_KM` of it ("the village
    of Ivanivka near Bakhmut", not one of the Ivanivkas 270 km away; of an axis's town, within
    :func:`_axis_km`), as must each place of a list before it ("Ivanivka and Klishchiivka near
    Bakhmut"). The place named must itself be sure (``firsts``: each span's best candidate on its own
    evidence)."""
    out: dict[int, District] = {}
    for j in range(1, len(spans)):
        i = j - 1
        radius_km = _near_km(text, spans[i], spans[j])
        if radius_km is not None and i > 0 and pools[i].areas and not _is_area(pools[i - 1]):
            # "the village of Vodiane in Donetsk region, near Pokrovsk": the oblast between qualifies
            # the village, which is the place said to be near
            if not NEXT_TO.match(text[spans[i - 1].end : spans[i].start]):
                continue
            i -= 1
        if radius_km is None or _is_area(pools[j]) or _is_area(pools[i]):
            continue
        if spans[j].qualifier == "direction":
            radius_km = _axis_km(firsts[j])
        bound = _around(firsts[j], radius_km)
        if bound is None:
            continue
        out[i] = bound
        while i > 0 and not _is_area(pools[i - 1]) and joins[i]:
            i -= 1
            out.setdefault(i, bound)
    return out


def _axis_km(ref: Candidate | None) -> float:
    """How far a place on the axis named after ``ref`` may lie from it: :data:`_AXIS_KM`, or
    :data:`_CAPITAL_AXIS_KM` for an axis named after an oblast's capital, which stands for the front
    in its oblast ("the Zaporizhzhia direction" is Robotyne and Huliaipole, 75–90 km from the city)."""
    if ref is not None and ref.place.feature_code in ("PPLA", "PPLC"):
        return _CAPITAL_AXIS_KM
    return _AXIS_KM


def _around(ref: Candidate | None, radius_km: float) -> District | None:
    """Within ``radius_km`` of the place ``ref``, when it is sure (a span's best candidate on its own
    evidence) and a settlement or spot; None otherwise."""
    if ref is None or ref.score < _ANCHOR_PROBABILITY or ref.place.feature_class not in "PS":
        return None
    p = ref.place
    return District(p.country_code, "", p.latitude, p.longitude, radius_km)


def _bounds(
    text: str, spans: list[Span], pools: list[_Pool], firsts: list[Candidate | None], joins: list[bool]
) -> dict[int, District]:
    """How far each place may lie from a town the words put it near: "Ivanivka near Bakhmut" (see
    :func:`_near_places`), or an axis heading its sentence (see :func:`_axis_heads`)."""
    out = _near_places(text, spans, pools, firsts, joins) if _may_say_near(text, spans) else {}
    if any(s.qualifier == "direction" for s in spans):
        for i, bound in _axis_heads(text, spans, pools, firsts).items():
            out.setdefault(i, bound)
    return out


def _axis_heads(
    text: str, spans: list[Span], pools: list[_Pool], firsts: list[Candidate | None]
) -> dict[int, District]:
    """Where each place of a sentence that an axis heads must lie, up to the next axis: within
    :func:`_axis_km` of the town the axis is named after ("In the Kupiansk direction, Russian forces
    attacked near Ivanivka", "На Куп'янському напрямку ворог атакував …"), as a place "on the
    Kupiansk front" does; likewise each place after an axis that leads straight to them
    (:func:`_axis_then_places`). The town must be sure (``firsts``: each span's best candidate on its
    own evidence)."""
    out: dict[int, District] = {}
    for j, span in enumerate(spans):
        if span.qualifier != "direction" or not (
            _heads_sentence(text, span) or _axis_then_places(text, spans, j)
        ):
            continue
        bound = _around(firsts[j], _axis_km(firsts[j]))
        if bound is None:
            continue
        # (the next axis takes over: "… near X and in the Lyman direction near Z")
        for i in _rest_of_sentence(text, spans, j, ("direction",)):
            if not _is_area(pools[i]):
                out.setdefault(i, bound)
    return out


def _raion_heads(text: str, spans: list[Span], pools: list[_Pool]) -> dict[int, tuple[District, ...]]:
    """The raion or hromada heading the sentence of each place after it there ("Ізюмський район:
    внаслідок обстрілу с. Пісків …", "У Нікопольському районі ворог атакував Марганецьку, Покровську та
    Червоногригорівську громади"): it weighs them as a raion named beside them does, up to the next
    raion or axis ("У Нікопольському районі … громаду; у Синельниківському районі – …")."""
    out: dict[int, tuple[District, ...]] = {}
    for j, span in enumerate(spans):
        if not pools[j].districts or not _heads_sentence(text, span):
            continue
        for i in _rest_of_sentence(text, spans, j, ("raion", "direction")):
            if not pools[i].areas:
                out.setdefault(i, pools[j].districts)
    return out


def _rest_of_sentence(text: str, spans: list[Span], j: int, stop: tuple[str, ...]) -> Iterator[int]:
    """The spans after span ``j`` in its sentence, up to the first whose qualifier is in ``stop`` (the
    next axis or raion, which scopes what follows it)."""
    for i in range(j + 1, len(spans)):
        if spans[i].qualifier in stop or _SENTENCE_END.search(text, spans[i - 1].end, spans[i].start):
            return
        yield i


# What stands between an axis and the places it leads to, which the words place near or toward
# something: "in the Pokrovsk direction near Lysivka, …", "на Покровському напрямку біля …"
_AXIS_THEN = regex.compile(r"\s*(?:direction|axis|front|sector)?\s*,?\s*[\p{L}\s]{0,24}\Z", regex.I)


def _axis_then_places(text: str, spans: list[Span], j: int) -> bool:
    """Whether axis span ``j`` leads straight to places the words put near or toward something ("…
    offensive operations in the Pokrovsk direction near Lysivka, Sukhyi Yar and Krasnyi Yar"): the
    axis then scopes its sentence's places after it, as one heading the sentence does."""
    k = j + 1
    if k == len(spans) or spans[k].relation not in ("near", "toward") or spans[k].qualifier is not None:
        return False
    return _AXIS_THEN.match(text, spans[j].end, spans[k].start) is not None


def _near_km(text: str, place: Span, ref: Span) -> float | None:
    """How far ``place`` may lie from ``ref``, the span after it, when the words between say it is
    near ("Ivanivka near Bakhmut", "… between Bakhmut and Soledar", "… in the Bakhmut area") or on
    the axis named after it ("… on the Bakhmut front"); None when they do not."""
    if ref.start - place.end > _GAP_CHARS:
        return None
    if ref.qualifier == "direction":
        return _AXIS_KM if _ON_AXIS_GAP.match(text, place.end, ref.start) else None
    if ref.relation in _NEAR_RELATIONS:
        return _NEAR_KM if _NEAR_GAP.match(text, place.end, ref.start) else None
    gap = text[place.end : ref.start]
    if any(map(gap.__contains__, _BETWEEN_WORDS)) and _BETWEEN_GAP.match(gap):
        return _NEAR_KM
    if gap.endswith("the ") and _IN_THE_GAP.match(gap) and _AREA_AFTER.match(text, ref.end):
        return _NEAR_KM
    return None


_GAP_CHARS = 60  # the longest of these gaps ("…, a small village which lies some 10 km from the town of ")


_AXIS_KM = 60.0  # how far a place said to be on a town's axis ("the Bakhmut front") may lie from it
_CAPITAL_AXIS_KM = 120.0  # … on the axis of an oblast's capital (see _axis_km)
_ON_AXIS_GAP = regex.compile(r"\s*,?\s*(?:(?:on|in|along|at)\s+the|на|в|у)\s+\Z", regex.I)
_BETWEEN_GAP = regex.compile(
    r"\s*,?\s*(?:(?:a|an|the)\s+(?:village|town|settlement)\s+)?(?:(?:which|that)\s+lies\s+)?"
    r"(?:(?:halfway|midway)\s+)?(?:between|між|между)\s+\Z",
    regex.I,
)
_IN_THE_GAP = regex.compile(r"\s+in\s+the\s+\Z", regex.I)
_AREA_AFTER = regex.compile(r"\s+area(?![\p{L}])", regex.I)


_SIBLING_KM = 40.0  # how far an uncertain place of a list may lie from a sure one of it
_LIST_GAP_CHARS = 12  # the longest gap LIST_JOIN takes in practice (", and the ")
_SURE_SIBLING = 0.9


def _list_siblings(
    spans: list[Span], pools: list[_Pool], firsts: list[Candidate | None], joins: list[bool]
) -> dict[int, tuple[District, ...]]:
    """Where each uncertain place of a list of three or more must lie: near one of the sure places of
    the same list. A report's list names the places of one stretch of front: "поблизу Куп'янська,
    Синьківки, Петропавлівки, Кругляківки та Піщаного" means the Pishchane by Kupiansk, not one of
    the other eleven. (``firsts``: each span's best candidate on its own evidence.)"""
    out: dict[int, tuple[District, ...]] = {}
    i = 0
    while i < len(spans):
        j = i
        while (
            j + 1 < len(spans)
            and spans[j + 1].start - spans[j].end <= _LIST_GAP_CHARS
            and not _is_area(pools[j])
            and not _is_area(pools[j + 1])
            and joins[j + 1]
        ):
            j += 1
        if j - i >= 2:
            members = {k: firsts[k] for k in range(i, j + 1)}
            sure = {
                k: c.place
                for k, c in members.items()
                if c is not None and c.score >= _SURE_SIBLING and c.place.feature_class in "PS"
            }
            for k, c in members.items():
                if c is None:
                    continue
                others = [p for m, p in sure.items() if m != k]
                # a sure place far from all the others, which lie together, is a namesake of theirs:
                # "Макіївка, Греківка, Терни, Ямполівка та Торське" is the village on the Lyman axis,
                # not the city of Makiivka 130 km south
                outlier = k in sure and _apart(sure[k], others)
                if others and (c.score < _SURE_SIBLING or outlier):
                    out[k] = tuple(
                        District(p.country_code, "", p.latitude, p.longitude, _SIBLING_KM) for p in others
                    )
        i = j + 1
    return out


_APART_KM = 100.0


def _apart(place: Place, others: list[Place]) -> bool:
    """Whether ``place`` lies farther than :data:`_APART_KM` from each of two or more ``others`` that
    all lie within :data:`_SIBLING_KM` of one another."""
    if len(others) < 2:
        return False
    if any(within_km(place.latitude, place.longitude, p.latitude, p.longitude, _APART_KM) for p in others):
        return False
    return all(
        within_km(a.latitude, a.longitude, b.latitude, b.longitude, _SIBLING_KM)
        for n, a in enumerate(others)
        for b in others[n + 1 :]
    )


def _is_area(pool: _Pool) -> bool:
    return bool(pool.areas or pool.districts)


# What stands between a bearing's reference and the places it heads: "east of Pokrovsk near Myrnohrad"
_NEAR_AFTER_BEARING = regex.compile(
    r"\s+(?:near|around|in the (?:vicinity|area) of)\s+(?:the\s+)?\Z", regex.I
)


def _sector(
    text: str, spans: list[Span], pools: list[_Pool], i: int, bearing: float, ref: Candidate | None
) -> Sector | None:
    """Where span ``i`` must lie when the next span is a place it is said to be ``bearing`` of (``ref``:
    that place's best candidate on its own evidence)."""
    if pools[i].areas or not _SECTOR_GAP.match(text, spans[i].end, spans[i + 1].start):
        return None
    if ref is None or ref.place.feature_class not in "PS":
        return None
    return Sector(ref.place.latitude, ref.place.longitude, bearing, ref.place.geonameid)


# What stands between a city's district and the city: "the Kyivskyi district of Donetsk", "… in Kharkiv"
# (in Ukrainian and Russian the city follows in the genitive: "у Київському районі Харкова", "міста Харкова")
_OF_CITY = regex.compile(
    r"\s+(?:(?:of|in)\s+(?:the\s+)?(?:city\s+of\s+)?|(?:міста|города|м\.|г\.)\s*)?\Z", regex.IGNORECASE
)
_CITY_OF_DISTRICT = 0.5  # how much a city counts as the location beside one of its districts
# a capital as its state, where a wire story was filed, where its reporters were: never the location
_NOT_WHERE = frozenset(("government", "talks", "dateline", "byline"))
_CITYS = regex.compile(r"['’]s\s+(?:the\s+)?\Z")  # "Kharkiv's Kyivskyi district"
_CITY_DISTRICT_KM = 20.0  # a city's districts lie this close to its centre
_CITY_SIZE = 20_000  # a settlement at least this large has districts of its own
_CITY_DISTRICT_CODES = frozenset(("ADM3", "ADM3H", "PPLX"))  # what GeoNames makes of them


def _city_of(text: str, spans: list[Span], pools: list[_Pool], i: int, scorer: Scorer) -> District | None:
    """Where raion span ``i`` must lie when the next span is the city it is a district of ("the
    Saltivskyi district of Kharkiv"), or the one before is its owner ("Kharkiv's Kyivskyi district"):
    near that city's centre — not a raion of the same name elsewhere (the Kominternivskyi district of
    Kharkiv is no Odesa oblast raion once so called)."""
    if i + 1 < len(spans) and _OF_CITY.match(text, spans[i].end, spans[i + 1].start):
        j = i + 1
    elif i > 0 and _CITYS.match(text, spans[i - 1].end, spans[i].start):
        j = i - 1
    else:
        return None
    ref = scorer._first(pools[j])
    if ref is None or ref.place.feature_class != "P" or ref.place.population < _CITY_SIZE:
        return None
    p = ref.place
    return District(p.country_code, "", p.latitude, p.longitude, _CITY_DISTRICT_KM)


def _anchors(best: list[Candidate | None]) -> list[tuple[float, int, float, float]]:
    """Distinct places the text is surely about (first-pass probability ≥ 0.5), most certain first."""
    by_place: dict[int, tuple[float, int, float, float]] = {}
    for c in best:
        if c is None or c.score < _ANCHOR_PROBABILITY or c.place.feature_class not in "PS":
            continue
        p = c.place
        if c.score > by_place.get(p.geonameid, (0.0,))[0]:
            by_place[p.geonameid] = (c.score, p.geonameid, p.latitude, p.longitude)
    return sorted(by_place.values(), reverse=True)[:_MAX_ANCHORS]


def _contexts(
    text: str, spans: list[Span], scorer: Scorer, pools: list[_Pool] | None = None, *, skip_sure: bool = False
) -> list[_Context]:
    """The context of each span (``pools``: the spans' pools, when the caller has them already).

    With ``skip_sure``, spans whose ranking needs no context (``_Pool.sure``) get an empty one.
    """
    if pools is None:
        pools = [scorer._pool(s) for s in spans]
    firsts = [scorer._first(pool) for pool in pools]
    anchors = _anchors(firsts)
    todo = [i for i, pool in enumerate(pools) if not (skip_sure and pool.sure is not None)]
    beside = {i: _beside(text, spans, pools, i) for i in todo}
    joins = _list_joins(text, spans)
    _share_along_lists(text, spans, pools, beside, joins)
    # oblasts named in a sentence qualify its other spans (weakly) that none qualifies beside them
    weak, scoped = _sentence_areas(text, spans, pools, [i for i in todo if not beside[i][0]])
    # a candidate is never its own evidence: anchors among a span's own candidates are left out
    every = tuple((g, lat, lon) for _, g, lat, lon in anchors)
    anchor_ids = {g for _, g, _, _ in anchors}
    # per candidate dict (spans of one name share theirs, which live as long as the spans): the
    # context of its spans when no oblast is named beside them or in their sentence
    own: dict[int, _Context] = {}
    out = [_NO_CONTEXT] * len(spans)
    # the bearings given from spans ("… (southwest of Pokrovsk)"): rare, so looked for once
    bearings = {j: b for j, s in enumerate(spans) if s.relation and (b := bearing_of(s.relation)) is not None}
    sectors: dict[int, District | Sector] = {}
    if bearings:
        sectors.update(_sectors(text, spans, pools, bearings, firsts, joins))
    if len(spans) > 1:
        for i, bound in _bounds(text, spans, pools, firsts, joins).items():
            sectors.setdefault(i, bound)
    siblings = _list_siblings(spans, pools, firsts, joins) if len(spans) > 2 else {}
    heads = _raion_heads(text, spans, pools) if any(pool.districts for pool in pools) else {}
    for i in todo:
        hits = spans[i].hits
        plain = own.get(id(hits))
        if plain is None:
            mine = hits.keys() & anchor_ids  # a set operation that iterates the smaller side
            plain = own[id(hits)] = _Context(tuple([a for a in every if a[0] not in mine]) if mine else every)
        strong, named = beside[i]
        if not strong and i in scoped:  # "In the Kharkiv region, Russian forces shelled Ivanivka"
            strong = scoped[i]
        if not named and heads and i in heads:  # "Ізюмський район: … с. Пісків"
            named = heads[i]
        if named and not strong:  # a raion named beside a place names its oblast too
            strong = _oblasts_of(named)
        sector = sectors.get(i) if sectors else None
        districts: tuple[District | Sector, ...] = named if sector is None else (*named, sector)
        if not districts and i in siblings:
            districts = siblings[i]
        if pools[i].districts and len(spans) > 1:  # "the Kyivskyi district of Donetsk"
            city = _city_of(text, spans, pools, i, scorer)
            if city is not None:
                districts = (*districts, city)
        weak_areas = weak.get(i, _NO_AREAS)
        if strong or weak_areas or districts:
            plain = _Context(plain.anchors, strong, weak_areas, districts)
        out[i] = plain
    return out


def _share_along_lists(
    text: str,
    spans: list[Span],
    pools: list[_Pool],
    beside: dict[int, tuple[frozenset[tuple[str, str]], tuple[District, ...]]],
    joins: list[bool],
) -> None:
    """Give each place of a list the areas named after its last place, where none is named beside it
    ("between Stepanovka and Dmitrovka, Shakhtersky district"): they weigh its candidates, but a
    place found outside them is not dropped for it (see :func:`_contradicted`, which reads
    :func:`_beside` alone)."""
    if len(spans) < 2:
        return
    for i in reversed(beside):  # (in the spans' order: the last of a list first)
        j = i + 1
        if beside[i] != (_NO_AREAS, ()) or j == len(spans) or _is_area(pools[i]):
            continue
        if _is_area(pools[j]) or not joins[j]:
            continue
        beside[i] = beside[j] if j in beside else _beside(text, spans, pools, j)


_BARE_COMMA = regex.compile(r"\s*,\s*\Z")
_POSSESSIVE_GAP = regex.compile(r"['’]s\s+\Z")  # between an oblast and what it owns


def _oblasts_of(districts: Iterable[District]) -> frozenset[tuple[str, str]]:
    """The oblasts of the raions and hromadas ``districts`` where known."""
    return frozenset((d.country_code, d.admin1_code) for d in districts if d.admin1_code)


def _beside(
    text: str, spans: list[Span], pools: list[_Pool], i: int, chain: range | None = None
) -> tuple[frozenset[tuple[str, str]], tuple[District, ...]]:
    """The oblasts and raions named right after span ``i`` that qualify it (:func:`_chain`, unless
    given); for a raion, the oblasts alone ("the Petrovsky district of Kirovohrad region"); and an
    oblast that owns it right before it ("Donetsk Oblast's Ivanivka")."""
    strong = _NO_AREAS
    if pools[i].areas:
        return strong, ()  # an oblast itself
    if i > 0 and pools[i - 1].areas and _POSSESSIVE_GAP.match(text, spans[i - 1].end, spans[i].start):
        strong = pools[i - 1].areas  # "Donetsk Oblast's Ivanivka", "Kharkiv Oblast's Kupiansk district"
    if chain is None:
        if i + 1 == len(spans) or not _is_area(pools[i + 1]):
            return strong, ()  # (most spans: no area after them)
        chain = _chain(text, spans, pools, i)
    if not chain:
        return strong, ()
    districts: tuple[District, ...] = ()
    # (a raion's own: the oblasts alone; a hromada lies in the raion named after it: "Kalynivska
    # hromada, Fastiv raion")
    raion, hromada = spans[i].qualifier == "raion", spans[i].qualifier == "hromada"
    for j in chain:
        strong = strong | pools[j].areas
        if not raion and pools[j].districts and not (hromada and spans[j].qualifier != "raion"):
            districts = districts + pools[j].districts
    return strong, districts


def _chain(text: str, spans: list[Span], pools: list[_Pool], i: int) -> range:
    """The spans right after span ``i`` that name the areas it lies in: each an oblast, raion or
    hromada next to the one before ("Stepanivka, Shakhtarskyi district, Donetsk region")."""
    end = spans[i].end
    j = i + 1
    while j < len(spans) and _is_area(pools[j]):
        gap = text[end : spans[j].start]
        if not (
            (j == i + 1 and spans[i].admin_follows)
            or NEXT_TO.match(gap)
            or (pools[j - 1].areas and _POSSESSIVE_GAP.match(gap))  # "in Kharkiv Oblast's Kupiansk district"
        ):
            break
        end = spans[j].end
        j += 1
    return range(i + 1, j)


def _ordinary_word(span: Span, best: Candidate) -> bool:
    """Whether the span may be an ordinary word rather than the name of the ``best`` place ("Over",
    "Лиман").

    In Ukrainian and Russian a capital is a surer sign of a name than in English, where headlines
    capitalise every word, so there only clearly ordinary words count: Лиман (also "estuary") and
    Изюм (also "raisins") are names even at the start of a sentence, Перемога and Мирное are not.
    """
    latin = span.key.isascii()
    common = _COMMON if latin else _COMMON_CYRILLIC
    strong = span.marker in SETTLEMENT_MARKERS or span.qualifier is not None
    place = best.place
    # a city, or a place the world names in twenty ways, is itself why the word is frequent (Херсон,
    # "Kiev") — but a small town's foreign name is not: "Human" (Uman in Polish) is an English word
    known = place.population >= _BIG_PLACE or (
        place.name_count >= _NOTABLE_NAMES and (not latin or best.match == "name")
    )
    return span.common_zipf >= common and not known and not strong


def _keep(text: str, span: Span, best: Candidate, raw: float, ordinary: bool) -> bool:
    """Whether the span of ``text`` is kept as a mention of ``best`` (``ordinary``: see
    :func:`_ordinary_word`)."""
    if raw < _MIN_SCORE or span.cue:
        return False
    place = best.place
    strong = span.marker in SETTLEMENT_MARKERS or span.qualifier is not None
    if (
        span.allcaps
        and place.country_code not in _COUNTRY
        and not (strong or _country_beside(text, span, place))
    ):
        return False  # TASS, NATO: acronyms, unless they name a place in the focus countries or a dateline's
    if span.qualifier == "oblast" and place.feature_class != "A":
        return False  # "Belgorod Oblast" where the gazetteer knows the city but not the oblast
    if place.country_code not in _COUNTRY and place.population < _BIG_PLACE:
        if best.match == "inflected":
            return False  # "Атака" read as a case of Ataq, Yemen: only cities abroad are declined in the news
        worded = strong or span.locative_before or span.relation or _country_beside(text, span, place)
        if not worded:
            return False  # "Stepanov", "Krasko" (a byline's surnames) as Štěpánov, Krško: a town abroad
            # is named with words that say it is a place ("in", "near", "village of", "…, Poland")
    if span.qualifier == "mine" and place.feature_class != "S":
        return False  # "the Butivka mine": GeoNames has no mines, and a village of that name is not it
    if ordinary:
        return span.locative_before and not span.sentence_initial and place.country_code in _COUNTRY
    return True


def _country_beside(text: str, span: Span, place: Place) -> bool:
    """Whether ``place``'s country is named right after the span or as its owner before it ("Hrubieszow,
    Poland", "Poland's Hrubieszow")."""
    country = country_names().get(place.country_code)
    if not country:
        return False
    after = text[span.end : span.end + len(country) + 3].lstrip(" ,(")
    before = text[max(0, span.start - len(country) - 4) : span.start].rstrip()
    return after.startswith(country) or before.endswith((f"{country}'s", f"{country}’s"))


def span_contexts(text: str, spans: list[Span], scorer: Scorer) -> list[_Context]:
    """What the rest of ``text`` says about each span: anchors from a first pass, oblasts beside it."""
    return _contexts(text, spans, scorer)


def resolve_spans(
    text: str,
    spans: list[Span],
    index: PlaceIndex,
    *,
    offset: int = 0,
    scorer: Scorer | None = None,
    on: date | None = None,
    alternatives: bool = True,
) -> list[Mention]:
    """Resolve the spans found in ``text`` (one chunk) into mentions; offsets shifted by ``offset``.

    Pass the same ``scorer`` for every text to reuse what it learnt about names met before; ``on``
    is the day the text reports on, for the scorer's theatre (None: unknown). Without
    ``alternatives`` the mentions carry no runners-up, which are then never made.
    """
    scorer = scorer or Scorer(index)
    scorer.new_text(on)
    pools = [scorer._pool(span) for span in spans]
    limit = 1 + _ALTERNATIVES if alternatives else 1
    contexts = _contexts(text, spans, scorer, pools, skip_sure=True)
    resolved = [
        pool.sure or scorer._rank_pool(pool, ctx, limit) for pool, ctx in zip(pools, contexts, strict=True)
    ]
    kept: list[bool] = []
    settled = {ranked[0].place.geonameid for ranked, _ in resolved if ranked}  # each span's answer
    # "Лиман звільнено! … у Лимані": a name that is also an ordinary word is kept where the text
    # names the same place plainly elsewhere
    plain: set[int] = set()
    for i, (span, (ranked, raw)) in enumerate(zip(spans, resolved, strict=True)):
        keep = False
        if ranked:
            # (most spans are no common word at all: the call is skipped for them)
            ordinary = span.common_zipf >= _COMMON_LEAST and _ordinary_word(span, ranked[0])
            keep = _keep(text, span, ranked[0], raw, ordinary) and not _contradicted(
                ranked[0].place, text, spans, pools, i, scorer, contexts[i], settled
            )
            if keep and not ordinary:
                plain.add(ranked[0].place.geonameid)
        kept.append(keep)
    out: list[Mention] = []
    filed = datelines(text) if spans else []
    credits = bylines(text) if spans else []
    for span, (ranked, raw), keep in zip(spans, resolved, kept, strict=True):
        if span.cue or not ranked or not (keep or (raw >= _MIN_SCORE and ranked[0].place.geonameid in plain)):
            continue
        # a dateline's place is where the story was filed; its agency ("(Wire)") names no place
        line = next((d for d in filed if d[0] <= span.start < d[2]), None) if filed else None
        if line is not None and span.start >= line[1]:
            continue
        where = "dateline" if line is not None else None
        if credits and any(a <= span.start < b for a, b in credits):
            where = "byline"
        out.append(_mention(text, span, ranked, offset, where))
    return out


def _contradicted(
    place: Place,
    text: str,
    spans: list[Span],
    pools: list[_Pool],
    i: int,
    scorer: Scorer,
    ctx: _Context,
    settled: set[int],
) -> bool:
    """Whether the best place of span ``i`` lies outside the oblast the text names right beside it:
    GeoNames lacks the village meant, and a namesake in another oblast would be a wrong point — the
    oblast (or raion) named is the surer location. (A raion's or hromada's extent is only
    approximated, so lying outside it is a contradiction only well outside it — see
    :func:`_outside_districts` — but lying outside its oblast is one; and a raion
    named with another oblast — "Bakhmut district, Kharkiv region" — is that raion: its name, not
    the oblast's, is the better evidence. A settlement within :data:`_BORDER_KM` of the oblast
    named is that settlement, the oblast misnamed.) Likewise a city's district that lies outside the
    city named after it: "the Kyivskyi district of Kharkiv", which GeoNames lacks, is not Donetsk's;
    and a place farther than :data:`_SECTOR_KM` from the town whose bearing the words give it
    ("Ukrainske (southeast of Pokrovsk)": the nearest Ukrainske lies 110 km off) — the town named
    with its bearing is then the surer location (``ctx``: the span's context; ``settled``: the
    places the text's spans resolved to, among which that town must be: a bearing from a namesake
    the town was not resolved to contradicts nothing)."""
    if any(
        isinstance(d, Sector)
        and d.reference in settled
        and not within_km(d.latitude, d.longitude, place.latitude, place.longitude, _SECTOR_KM)
        for d in ctx.districts
    ):
        return True
    if pools[i].districts:
        city = _city_of(text, spans, pools, i, scorer) if len(spans) > 1 else None
        return city is not None and not city.holds(place)
    if i + 1 == len(spans) or not _is_area(pools[i + 1]):
        return False
    chain = _chain(text, spans, pools, i)
    areas, districts = _beside(text, spans, pools, i, chain)
    if place.feature_class == "P" and _outside_districts(place, text, spans, pools, i, chain, scorer):
        return True
    # a raion named beside it is in an oblast too: "село Бережне Краматорського району" (when its name
    # leaves no doubt which: "Zhovtnevyi" was a district of a dozen cities)
    if not areas and all(d.admin1_code for d in districts) and len(oblasts := _oblasts_of(districts)) == 1:
        areas = oblasts
    if not areas or (place.country_code, place.admin1_code) in areas:
        return False
    return place.feature_class != "P" or not any(
        scorer.index.settlement_near(area, place.latitude, place.longitude, _BORDER_KM) for area in areas
    )


def _outside_districts(
    place: Place, text: str, spans: list[Span], pools: list[_Pool], i: int, chain: range, scorer: Scorer
) -> bool:
    """Whether settlement ``place`` of span ``i`` lies outside a raion or hromada named beside it: every
    reading of one of them excludes it (:meth:`District.excludes`). Only
    where the words make the areas its own — more than commas join them ("Новоіванівку Вільхуватської
    громади", "Shirokino (Volnovakha district, …)"), or each is wider than the one before down to an
    oblast ("Novoivanivka, Vilkhuvatska hromada, Kupianskyi raion, Kharkiv oblast"): "Kupiansk,
    Vovchansk hromada and Velykyi Burluk" and "Харків, Вовчанську, Великобурлуцьку громади" are lists."""
    named = [pools[j].districts for j in chain if pools[j].districts]
    if not named:
        return False
    gaps = [text[spans[j - 1].end : spans[j].start] for j in chain]
    if all(_BARE_COMMA.match(gap) for gap in gaps):
        levels = [3 if pools[j].areas else 2 if spans[j].qualifier == "raion" else 1 for j in chain]
        if levels[-1] != 3 or any(a >= b for a, b in itertools.pairwise(levels)):
            return False
    return any(all(d.excludes(place, scorer.index, scorer.day) for d in ds) for ds in named)


def _mention(text: str, span: Span, ranked: list[Candidate], offset: int, where: str | None) -> Mention:
    """``where``: ``"dateline"`` or ``"byline"`` when the name says where the story was written."""
    top = ranked[0]
    alternatives = tuple(ranked[1 : 1 + _ALTERNATIVES])
    qualifier = span.qualifier
    if where is not None:
        qualifier = where  # "KYIV, March 3 (Reuters) -", "(Reporting by … in Kyiv)": where it was written
    elif top.place.feature_code == "PPLC" and worded_as_state(text, span.start, span.end):
        qualifier = "government"  # "Kyiv says …", "Kiev forces shelled …": a national capital as its state
    elif top.place.feature_class == "P" and names_talks(
        text, span.start, span.end, abroad=top.place.country_code != "UA"
    ):
        qualifier = "talks"  # "the Minsk agreements", "ahead of Paris talks": diplomacy, not an event
    return Mention(
        span.text,
        span.start + offset,
        span.end + offset,
        top.place,
        top.score,
        alternatives,
        qualifier,
        span.relation,
    )


def specificity(place: Place) -> int:
    """How precisely a place pins an event down: 3 a settlement, city district or spot (airport,
    mine, height, station), 2 a raion or hromada, 1 an oblast, region or river, 0 a country.

    >>> specificity(Place(1, "Lyman", 49.0, 37.8, "P", "PPLA3", "UA", "Donetsk", "05", "", 20000, "Lyman"))
    3
    >>> specificity(Place(2, "Donetsk Oblast", 48.0, 37.8, "A", "ADM1", "UA", "Donetsk", "05", "", 0, "D"))
    1
    """
    fc, code = place.feature_class, place.feature_code
    if fc in "PST":
        return 3
    if fc == "A":
        return {"ADM1": 1, "ADM2": 2, "ADM2H": 2, "ADM3": 2, "ADM3H": 2, "ADM4": 3}.get(code, 0)
    return 1


def _city_district(place: Place, cities: list[tuple[float, float]]) -> bool:
    """Whether a district the text names is one of a city it names ("the Kirovskyi district of
    Donetsk"): a part of the city, as specific as the city itself."""
    return place.feature_code in _CITY_DISTRICT_CODES and any(
        within_km(lat, lon, place.latitude, place.longitude, _CITY_DISTRICT_KM) for lat, lon in cities
    )


def _far_from_all(place: Place, points: Iterable[tuple[float, float]]) -> bool:
    """Whether ``place`` lies farther than :data:`_FAR_FROM_NAMED_KM` from every point."""
    return not any(
        within_km(lat, lon, place.latitude, place.longitude, _FAR_FROM_NAMED_KM) for lat, lon in points
    )


def best_location(mentions: Iterable[Mention], *, areas: Iterable[Place] = ()) -> Mention | None:
    """The single most likely location of the event a text reports: the most specific place it is
    about, never the oblast or raion that only qualifies a village.

    Places are weighed by what they are and how the text names them, not by how surely each was
    resolved (a village with five namesakes is no less the event's place than a city with none):

    1. the most specific kind of place wins (:func:`specificity`): a settlement over its hromada,
       a hromada over a raion, a raion over its oblast, an oblast over the country; an axis ("the
       Kupiansk direction") counts as an oblast, a town named for its raion ("Chuguevsky district")
       as a raion, and a city's district named with the city ("Donetsk's Kuibyshevskyi district")
       as a settlement;
    2. among those, a place the event is "in" counts 1, one it is only "near" 0.8, "north of" …
       0.7, "toward" 0.6; a city one of whose districts is named counts half (the district is
       where); a place outside Ukraine counts half, one outside every oblast the text names
       (when it names one; ``areas``, the oblasts of the republics it names — "in the Lugansk
       People's Republic" — count as named then) 0.3 — the report is about that oblast, and
       GeoNames may lack the village meant while a namesake elsewhere matches; each further mention
       of a place adds to it;
    3. the first one named breaks ties.

    A capital worded as its state ("Kyiv says", "Kiev forces": qualifier ``"government"``) is where
    someone speaks or commands from, a city named for talks held there ("the Minsk agreements",
    ``"talks"``) a venue of diplomacy, and a wire's dateline (``"dateline"``) or credits (``"byline"``)
    where the story was written, not where the event happened: none is ever the location; nor is a
    place more than :data:`_FAR_FROM_NAMED_KM` from every oblast the text names.
    """
    mentions = list(mentions)
    named = {
        (m.place.country_code, m.place.admin1_code): (m.place.latitude, m.place.longitude)
        for m in mentions
        if m.place is not None and m.place.feature_code == "ADM1"
    }
    if named:  # the oblasts of the republics named ("… in the Lugansk People's Republic") are named too
        named.update({(p.country_code, p.admin1_code): (p.latitude, p.longitude) for p in areas})
    # the cities one of whose districts the text names: the district, not the city, is where
    # (each place once: a long text names the same ones thousands of times)
    districts = list(
        {
            m.place.geonameid: m.place
            for m in mentions
            if m.place is not None and m.qualifier in _DISTRICT_QUALIFIERS
        }.values()
    )
    cities = (
        list(
            {
                (m.place.latitude, m.place.longitude)
                for m in mentions
                if m.place is not None and m.place.feature_class == "P" and m.place.population >= _CITY_SIZE
            }
        )
        if districts
        else []
    )
    divided = {c for c in cities if any(_city_district(d, [c]) for d in districts)}
    totals: dict[int, float] = {}
    first: dict[int, Mention] = {}
    best_kind = -1.0
    for order, m in enumerate(mentions):
        if m.place is None or m.qualifier in _NOT_WHERE:
            continue
        # "the Kupiansk direction" names an axis of the front, not where the event was; a town named
        # for its raion ("Kupianskyi raion", where the gazetteer lacks the raion) stands for the raion
        kind: float = specificity(m.place)
        if m.qualifier == "direction":
            kind = 1
        elif m.qualifier in _DISTRICT_QUALIFIERS:
            kind = 3 if _city_district(m.place, cities) else min(kind, 2)
            if kind == 2 and m.qualifier == "hromada":
                kind = _HROMADA_KIND  # within its raion: "У Нікопольському районі … Марганецьку громаду"
        outside = bool(named) and kind > 1 and (m.place.country_code, m.place.admin1_code) not in named
        if kind < best_kind or (outside and _far_from_all(m.place, named.values())):
            continue  # (the latter a namesake in another land: "Pokrovska … Dnipropetrovsk region")
        if kind > best_kind:
            best_kind = kind
            totals.clear()
            first.clear()
        weight = 1.0 if m.place.country_code == "UA" else 0.5
        if m.qualifier not in _DISTRICT_QUALIFIERS and (m.place.latitude, m.place.longitude) in divided:
            weight *= _CITY_OF_DISTRICT
        weight *= _RELATION_WEIGHT.get(m.relation, 0.8) if m.relation else 1.0
        if outside:
            weight *= _OUTSIDE_NAMED
        gid = m.place.geonameid
        totals[gid] = totals.get(gid, 0.0) + weight + 0.01 / (1 + order)
        first.setdefault(gid, m)
    if not totals:
        return None
    return first[max(totals, key=lambda g: totals[g])]
