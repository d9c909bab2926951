"""Choosing the place a name refers to, from the words around it and the other places in the text.

Each candidate gets a score that adds up evidence, in log-odds-like units:

* how the name matched (the place's own name, an alternate or former name, a romanisation, a
  phonetic key, an inflected form);
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
import math
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from .index import PlaceIndex
from .mentions import Span
from .records import Candidate, Mention, Place

__all__ = ["Scorer", "best_location", "resolve_spans", "score_candidates", "span_contexts"]

_KIND_WEIGHT = (0.0, -0.3, -0.5, -0.6, -1.5, -0.3, -1.2)
_INFLECTED = -0.2
_POPULATION = 0.45
_NOTABILITY = 0.5
_SEAT = {"PPLC": 1.5, "PPLA": 1.0, "PPLA2": 0.7, "PPLA3": 0.3}
_COUNTRY = {"UA": 1.5, "RU": 0.8, "BY": 0.3, "MD": 0.3}
_ADMIN_STRONG, _ADMIN_STRONG_MISS = 3.5, -2.0
_ADMIN_WEAK, _ADMIN_WEAK_MISS = 1.2, -0.4
_COHERENCE, _COHERENCE_KM, _FAR_KM, _FAR = 3.0, 60.0, 400.0, -1.0
_KM_PER_DEGREE_LAT, _KM_PER_DEGREE_LON = 110.57, 111.32
_MIN_SCORE = 1.0
_COMMON = 3.2
_BIG_PLACE = 100_000
_ANCHOR_PROBABILITY = 0.5
_MAX_ANCHORS = 60
_ALTERNATIVES = 5
# An event "near" or "north of" a place happened at it less surely than one "in" it; "toward" less still.
_RELATION_WEIGHT = {"toward": 0.6}
_SENTENCE_END = regex.compile(r"[.!?…]+[\"'”»)]*\s+|\n\s*\n|\n(?=\s*[-•*#])")


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the text says about one span: the places it is surely about, and oblasts
    named right beside the span (strong) or elsewhere in its sentence (weak)."""

    anchors: tuple[tuple[int, float, float], ...]  # geonameid, lat, lon
    admin_strong: frozenset[tuple[str, str]] = frozenset()
    admin_weak: frozenset[tuple[str, str]] = frozenset()


def _class_score(place: Place, span: Span) -> float:
    fc, code, q, marker = place.feature_class, place.feature_code, span.qualifier, span.marker
    if fc == "P":
        score = {"PPLX": -1.0, "PPLH": -1.5, "PPLQ": -1.5, "PPLW": -1.5}.get(code, 0.0)
        if q in ("oblast", "raion", "hromada", "river", "station"):
            score -= 2.0
        if marker == "settlement":
            score += 1.0
        return score
    if fc == "A":
        if q == "oblast":
            return 4.0 if code == "ADM1" else 1.0
        if q in ("raion", "hromada"):
            return 4.0 if code == "ADM2" else 0.5
        return -1.5 if code == "ADM1" else -2.5
    if fc == "H":
        if q == "river" or marker == "river":
            return 4.0
        return -1.0 if marker == "the" else -2.5
    if fc == "S":
        return 4.0 if q == "station" or marker == "station" else -3.0
    if fc == "L":
        return 0.0 if marker == "the" else -1.0
    return -3.0


def _base_score(place: Place, kind: int, label: str, span: Span) -> float:
    """Evidence from the name and the words around it, before the rest of the text is considered."""
    score = _KIND_WEIGHT[kind] + (_INFLECTED if label == "inflected" else 0.0)
    score += _class_score(place, span)
    score += _POPULATION * math.log10(1 + max(place.population, 0))
    score += _NOTABILITY * math.log1p(place.name_count)
    return score + _SEAT.get(place.feature_code, 0.0) + _COUNTRY.get(place.country_code, 0.0)


class Scorer:
    """Scores candidates. Reports repeat their place names, so scores on a span's own evidence are
    memoised for the scorer's life; closeness to a text's anchors only while that text is resolved."""

    _LIMIT = 200_000

    def __init__(self, index: PlaceIndex) -> None:
        self.index = index
        self._base: dict[tuple, float] = {}
        self._near: dict[tuple[int, int], float] = {}
        self._first: dict[tuple, Candidate | None] = {}

    def new_text(self) -> None:
        """Forget what depended on the previous text (its anchors)."""
        self._near.clear()
        if len(self._base) > self._LIMIT or len(self._first) > self._LIMIT:
            self._base.clear()
            self._first.clear()

    def _coherence(self, place: Place, anchors: tuple[tuple[int, float, float], ...]) -> float:
        key = (id(anchors), place.geonameid)
        if key not in self._near:
            # equirectangular distance, scaled at the candidate's latitude: exact enough within a theatre
            lat0, lon0 = place.latitude, place.longitude
            kx = math.cos(math.radians(lat0)) * _KM_PER_DEGREE_LON
            d2 = min(
                ((lon - lon0) * kx) ** 2 + ((lat - lat0) * _KM_PER_DEGREE_LAT) ** 2 for _, lat, lon in anchors
            )
            d = math.sqrt(d2)
            self._near[key] = _COHERENCE * math.exp(-d / _COHERENCE_KM) + (_FAR if d > _FAR_KM else 0.0)
        return self._near[key]

    def score(self, place: Place, kind: int, label: str, span: Span, ctx: _Context | None) -> float:
        bkey = (place.geonameid, kind, label, span.qualifier, span.marker)
        base = self._base.get(bkey)
        if base is None:
            base = self._base[bkey] = _base_score(place, kind, label, span)
        if ctx is None:
            return base
        area = (place.country_code, place.admin1_code)
        if ctx.admin_strong and place.feature_code != "ADM1":
            base += _ADMIN_STRONG if area in ctx.admin_strong else _ADMIN_STRONG_MISS
        elif ctx.admin_weak and place.feature_code != "ADM1":
            base += _ADMIN_WEAK if area in ctx.admin_weak else _ADMIN_WEAK_MISS
        if ctx.anchors:
            base += self._coherence(place, ctx.anchors)
        return base

    def first_choice(self, span: Span) -> Candidate | None:
        """The best candidate on the span's own evidence (memoised: names repeat)."""
        key = (tuple(span.hits.items()), span.qualifier, span.marker)
        if key not in self._first:
            self._first[key] = next(iter(self.rank(span)[0]), None)
        return self._first[key]

    def rank(self, span: Span, ctx: _Context | None = None) -> tuple[list[Candidate], float]:
        """Candidates of one span, best first, with softmax probabilities; and the best raw score."""
        places = self.index.places(span.hits)
        raw = [
            (self.score(places[g], kind, label, span, ctx), places[g], label)
            for g, (kind, label) in span.hits.items()
            if g in places
        ]
        if not raw:
            return [], -math.inf
        raw.sort(key=lambda r: (-r[0], r[1].geonameid))
        top = raw[0][0]
        weights = [math.exp(s - top) for s, _, _ in raw]
        total = sum(weights)
        return [Candidate(p, w / total, label) for w, (_, p, label) in zip(weights, raw, strict=True)], top


def score_candidates(
    span: Span, index: PlaceIndex, ctx: _Context | None = None
) -> tuple[list[Candidate], float]:
    """Candidates of one span, best first, with softmax probabilities; and the best raw score."""
    return Scorer(index).rank(span, ctx)


def _sentence_ids(text: str, spans: list[Span]) -> list[int]:
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return [bisect.bisect_right(ends, s.start) for s in spans]


def _admin_areas(span: Span, index: PlaceIndex) -> frozenset[tuple[str, str]]:
    """The oblasts an oblast mention may be (its ADM1 candidates)."""
    if span.qualifier != "oblast":
        return frozenset()
    places = index.places(span.hits).values()
    return frozenset((p.country_code, p.admin1_code) for p in places if p.feature_code == "ADM1")


_NEXT_TO = regex.compile(r"\A\s*(?:,|\(|in|of|in the|у|в|на|)\s*\Z", regex.IGNORECASE)


def _anchors(spans: list[Span], best: list[Candidate | None]) -> list[tuple[float, int, float, float]]:
    """Distinct places the text is surely about (first-pass probability ≥ 0.5), most certain first."""
    by_place: dict[int, tuple[float, int, float, float]] = {}
    for c in best:
        if c is None or c.score < _ANCHOR_PROBABILITY or c.place.feature_class not in "PS":
            continue
        p = c.place
        if c.score > by_place.get(p.geonameid, (0.0,))[0]:
            by_place[p.geonameid] = (c.score, p.geonameid, p.latitude, p.longitude)
    return sorted(by_place.values(), reverse=True)[:_MAX_ANCHORS]


def _contexts(text: str, spans: list[Span], scorer: Scorer) -> list[_Context]:
    best = [scorer.first_choice(s) for s in spans]
    anchors = _anchors(spans, best)
    sentence = _sentence_ids(text, spans)
    areas = [_admin_areas(s, scorer.index) for s in spans]
    in_sentence: dict[int, frozenset[tuple[str, str]]] = {}
    for sid, area in zip(sentence, areas, strict=True):
        if area:
            in_sentence[sid] = in_sentence.get(sid, frozenset()) | area
    # a candidate is never its own evidence: anchors among a span's own candidates are left out
    own: dict[frozenset[int], tuple[tuple[int, float, float], ...]] = {}
    out: list[_Context] = []
    for i, span in enumerate(spans):
        strong: frozenset[tuple[str, str]] = frozenset()
        if (
            i + 1 < len(spans)
            and areas[i + 1]
            and ("admin_follows" in span.flags or _NEXT_TO.match(text[span.end : spans[i + 1].start]))
        ):
            strong = areas[i + 1]
        hits = frozenset(span.hits)
        if hits not in own:
            own[hits] = tuple((g, lat, lon) for _, g, lat, lon in anchors if g not in span.hits)
        out.append(
            _Context(own[hits], strong, frozenset() if strong else in_sentence.get(sentence[i], frozenset()))
        )
    return out


def _keep(span: Span, best: Candidate, raw: float) -> bool:
    if raw < _MIN_SCORE:
        return False
    place = best.place
    strong = span.marker == "settlement" or span.qualifier is not None
    if "allcaps" in span.flags and place.country_code not in _COUNTRY and not strong:
        return False  # TASS, NATO: acronyms, unless they name a place in the focus countries
    if span.common_zipf >= _COMMON and place.population < _BIG_PLACE and not strong:
        return span.locative_before and not span.sentence_initial and place.country_code in _COUNTRY
    return True


def span_contexts(text: str, spans: list[Span], index: PlaceIndex) -> list[_Context]:
    """What the rest of ``text`` says about each span: anchors from a first pass, oblasts beside it."""
    return _contexts(text, spans, Scorer(index))


def resolve_spans(
    text: str, spans: list[Span], index: PlaceIndex, *, offset: int = 0, scorer: Scorer | None = None
) -> list[Mention]:
    """Resolve the spans found in ``text`` (one chunk) into mentions; offsets shifted by ``offset``.

    Pass the same ``scorer`` for every text to reuse what it learnt about names met before.
    """
    scorer = scorer or Scorer(index)
    scorer.new_text()
    out: list[Mention] = []
    for span, ctx in zip(spans, _contexts(text, spans, scorer), strict=True):
        ranked, raw = scorer.rank(span, ctx)
        if not ranked or not _keep(span, ranked[0], raw):
            continue
        top = ranked[0]
        out.append(
            Mention(
                span.text,
                span.start + offset,
                span.end + offset,
                top.place,
                top.score,
                tuple(ranked[1 : 1 + _ALTERNATIVES]),
                span.qualifier,
                span.relation,
            )
        )
    return out


def best_location(mentions: Iterable[Mention]) -> Mention | None:
    """The single most likely location of the event a text reports.

    Settlements count more than areas, rivers or stations; places in the country focus more than
    foreign ones; a place an event is only "near" or "toward" counts less than one it is "in"; each
    further mention of a place adds to it, and the first one named breaks ties.
    """
    totals: dict[int, float] = {}
    first: dict[int, Mention] = {}
    for order, m in enumerate(mentions):
        if m.place is None:
            continue
        weight = m.score * (1.0 if m.place.feature_class == "P" else 0.4)
        weight *= 1.0 if m.place.country_code == "UA" else 0.5
        weight *= _RELATION_WEIGHT.get(m.relation, 0.8) if m.relation else 1.0
        gid = m.place.geonameid
        totals[gid] = totals.get(gid, 0.0) + weight + 0.01 / (1 + order)
        first.setdefault(gid, m)
    if not totals:
        return None
    return first[max(totals, key=lambda g: totals[g])]
