"""Typed records that cross the gazetteer's border: a place, a candidate for a name, a mention in text."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["FEATURE_CLASSES", "Candidate", "Mention", "Place"]

#: GeoNames feature classes, as callers filter by them.
FEATURE_CLASSES = {
    "A": "administrative area (country, oblast, raion)",
    "H": "water (river, lake)",
    "L": "area, region",
    "P": "populated place",
    "R": "road, railroad",
    "S": "spot, building (station, airport)",
    "T": "terrain (hill, height)",
    "U": "undersea",
    "V": "vegetation",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames place. ``name`` is the name to show (Ukraine's official romanisation for Ukrainian
    places where GeoNames has the Ukrainian spelling), ``geonames_name`` the dump's own."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    admin1_code: str
    admin2_code: str
    population: int
    geonames_name: str
    name_count: int = 0  # distinct names the place has in the sources: a measure of how notable it is

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, with how the name matched and the resolver's score (0–1)."""

    place: Place
    score: float
    match: str  # name | alternate | former | romanisation | phonetic | variant | inflected | admin | borrowed
    # | respelled (see respelling.py)


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in text: ``text[start:end]``, its resolution and the runners-up.

    ``qualifier`` says what the words around the name make of it (``"oblast"``, ``"raion"``,
    ``"hromada"``, ``"river"``, ``"station"``, ``"airport"``, ``"plant"`` (a power plant), ``"mine"``,
    ``"height"``, ``"direction"``; ``"government"``: a capital standing for its state, "Kyiv says";
    ``"talks"``: a city standing for talks or an accord held there, "the Minsk agreements";
    ``"dateline"``: where a wire story was filed, "KYIV, March 3 (Reuters) -"; ``"byline"``: where its
    reporters were, "(Reporting by … in Kyiv)") and ``relation`` how the text places
    something relative to it (``"near"``, ``"north of"``, ``"outskirts of"`` …); both are ``None``
    when absent.
    """

    text: str
    start: int
    end: int
    place: Place | None
    score: float
    alternatives: tuple[Candidate, ...] = field(default=())
    qualifier: str | None = None
    relation: str | None = None

    def as_dict(self, alternatives: int = 0) -> dict[str, Any]:
        """The geoparse output record of DESIGN.md (place fields flattened, nulls when unresolved); with
        ``alternatives``, up to that many runners-up too (``"alternatives"``: place fields, score and
        how the name matched), for review where the text's cues disagree."""
        out = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            **_place_fields(self.place),
            "score": round(self.score, 4),
            "qualifier": self.qualifier,
            "relation": self.relation,
        }
        if alternatives:
            out["alternatives"] = [
                {**_place_fields(c.place), "score": round(c.score, 4), "match": c.match}
                for c in self.alternatives[:alternatives]
            ]
        return out

    def as_json(self, alternatives: int = 0) -> str:
        """:meth:`as_dict` as ``json.dumps(…, ensure_ascii=False)`` writes it, the place's part kept per
        place: writing a place's coordinates is most of the cost of writing a mention, and places repeat.

        >>> m = Mention("Lyman", 4, 9, None, 0.123456, qualifier="raion")
        >>> m.as_json() == json.dumps(m.as_dict(), ensure_ascii=False)
        True
        """
        if alternatives:
            return _ENCODER.encode(self.as_dict(alternatives))
        return (
            f'{{"text": {_string(self.text)}, "start": {self.start}, "end": {self.end}, '
            f'{_place_json(self.place)}, "score": {_number(round(self.score, 4))}, '
            f'"qualifier": {_string_or_null(self.qualifier)}, "relation": {_string_or_null(self.relation)}}}'
        )


_ENCODER = json.JSONEncoder(ensure_ascii=False)
_string = json.encoder.encode_basestring  # how _ENCODER writes a string
_PLACE_FIELDS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "admin1",
    "country_code",
    "feature_code",
    "population",
)
_NO_PLACE = dict.fromkeys(_PLACE_FIELDS)
_NO_PLACE_JSON = _ENCODER.encode(_NO_PLACE)[1:-1]
_PLACE_JSON_LIMIT = 200_000
# id(place) → (place, its fields of Mention.as_dict as JSON); the place is held so that its id is not reused
_place_jsons: dict[int, tuple[Place, str]] = {}


def _place_fields(place: Place | None) -> dict[str, Any]:
    """A mention's place fields in its output record: nulls when unresolved, and no geonameid for a point
    the text gives itself (geonameid 0, :mod:`gazetteer.points`)."""
    if place is None:
        return _NO_PLACE
    fields = {name: getattr(place, name) for name in _PLACE_FIELDS}
    fields["geonameid"] = place.geonameid or None
    return fields


def _place_json(place: Place | None) -> str:
    """:func:`_place_fields` as JSON without its braces, kept per place."""
    if place is None:
        return _NO_PLACE_JSON
    found = _place_jsons.get(id(place))
    if found is None or found[0] is not place:
        if len(_place_jsons) > _PLACE_JSON_LIMIT:
            _place_jsons.clear()
        found = _place_jsons[id(place)] = (place, _ENCODER.encode(_place_fields(place))[1:-1])
    return found[1]


def _number(x: float) -> str:
    return repr(x) if math.isfinite(x) else _ENCODER.encode(x)  # NaN, Infinity as JSON writes them


def _string_or_null(text: str | None) -> str:
    return "null" if text is None else _string(text)
