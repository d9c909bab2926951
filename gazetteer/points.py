"""Points a text gives itself: coordinates ("📍 46.6154, 32.9072"), a distance and bearing from a
place it names ("13 km east of Oleshky"), and the middle of two places ("on the road between
Mnohopillia and Chervonosilske").

Geolocated footage and shelling reports often carry the point itself; "N km north-east of X" puts
the event N km from X, not at X; "between X and Y" between them. Each makes a location finer than
any one place of the gazetteer, so
:meth:`gazetteer.Gazetteer.locate` prefers them. Such a point is a :class:`Place` with ``geonameid``
0 (written as null) and feature code :data:`POINT`, its ``name`` the words that gave it.

>>> [(m.text, round(m.place.latitude, 4)) for m in coordinates_in("📍46.615379, 32.907209 east")]
[('46.615379, 32.907209', 46.6154)]
>>> [(m.place.latitude, m.place.longitude) for m in coordinates_in("48°07'12\\"N 37°34'48\\"E")]
[(48.12, 37.58)]
>>> coordinates_in("prices rose by 1.500, 2.000 and 3.500")  # numbers, not a point
[]
>>> ref = Place(1, "Oleshky", 46.62, 32.72, "P", "PPLA2", "UA", "Kherson Oblast", "20", "", 24639, "Oleshky")
>>> oleshky = Mention("Oleshky", 22, 29, ref, 0.9, relation="east of")
>>> m = offset_location("shelling 13km east of Oleshky", oleshky)
>>> m.text, m.place.name, round(m.place.latitude, 2), round(m.place.longitude, 2)
('13km east of Oleshky', '13 km east of Oleshky', 46.62, 32.89)
>>> offset_location("near Oleshky", Mention("Oleshky", 5, 12, ref, 0.9, relation="near")) is None
True
>>> other = Place(2, "Hola Prystan", 46.52, 32.52, "P", "PPL", "UA", "Kherson Oblast", "20", "", 0, "")
>>> pair = [Mention("Oleshky", 8, 15, ref, 0.9), Mention("Hola Prystan", 20, 32, other, 1.0)]
>>> m = between_location("between Oleshky and Hola Prystan", pair)
>>> m.text, m.place.name, (m.place.latitude, m.place.longitude)
('between Oleshky and Hola Prystan', 'between Oleshky and Hola Prystan', (46.57, 32.62))
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import replace

import regex

from .records import Mention, Place

__all__ = [
    "KM_PER_DEGREE_LAT",
    "KM_PER_DEGREE_LON",
    "POINT",
    "bearing_of",
    "between_location",
    "coordinates_in",
    "offset_location",
    "within_km",
]

#: The feature code of a point the text gives itself (not a GeoNames code).
POINT = "POINT"

#: Kilometres per degree of latitude, and of longitude at the equator (equirectangular distances).
KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON = 110.57, 111.32


def within_km(
    latitude: float, longitude: float, other_latitude: float, other_longitude: float, km: float
) -> bool:
    """Whether the other point lies within ``km`` of the first (equirectangular, scaled at the first's
    latitude: exact enough within a theatre)."""
    kx = math.cos(math.radians(latitude)) * KM_PER_DEGREE_LON
    dx = (other_longitude - longitude) * kx
    dy = (other_latitude - latitude) * KM_PER_DEGREE_LAT
    return dx * dx + dy * dy <= km * km


#: Degrees clockwise from north of each relation that is a bearing.
_BEARINGS = {
    "north of": 0.0,
    "northeast of": 45.0,
    "east of": 90.0,
    "southeast of": 135.0,
    "south of": 180.0,
    "southwest of": 225.0,
    "west of": 270.0,
    "northwest of": 315.0,
}


#: The relations that are bearings ("north of" …).
BEARING_RELATIONS = frozenset(_BEARINGS)


def bearing_of(relation: str | None) -> float | None:
    """Degrees clockwise from north of a relation that is a bearing ("southwest of": 225), else None."""
    return _BEARINGS.get(relation or "")


_MAX_OFFSET_KM = 100.0  # farther than this, the named place no longer locates the event
_MAX_BETWEEN_DEGREES = 0.6  # "between" two places farther apart (~60 km) is no point between them

# "between [the villages of] X and [the village of] Y": the words before the first name, and those
# joining the two
_BETWEEN_BEFORE = regex.compile(
    r"(?:\bbetween|між|между)\s+(?:the\s+)?(?:(?:villages?|towns?|settlements?|cities|city)\s+(?:of\s+)?)?"
    r"(?:(?:м|с|смт|сел|г|пос)\.\s*)?\Z",
    regex.IGNORECASE,
)
_BETWEEN_JOIN = regex.compile(
    r"\s*(?:and|amd|та|і|и|й)\s+(?:the\s+)?(?:(?:village|town|settlement|city)\s+(?:of\s+)?)?"
    r"(?:(?:м|с|смт|сел|г|пос)\.\s*)?\Z",
    regex.IGNORECASE,
)

# a distance close before the bearing words ("13km east of", "5 km to the north-west of", "за 10 км на
# схід від", "в 5 км севернее"): the number, its unit, and up to 40 characters without digits
_DISTANCE = regex.compile(
    r"(?<![\d.,])(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>km|kilomet(?:re|er)s?|км|miles?|mi|metres?|meters?|m|м)\b"
    r"[^\d]{0,40}\Z",
    regex.IGNORECASE,
)

# "46.615379, 32.907209" (at least four decimals each, or three with a degree sign or hemisphere
# letters: European thousands "1.500, 2.000" are not a point) and "48°07'12"N 37°34'48"E"
_DECIMAL = regex.compile(
    r"(?<![\w.,])(?P<lat>[-+]?\d{1,2}\.(?P<dlat>\d{3,}))\s*(?P<deg1>°)?\s*(?P<ns>[NS])?\s*[,;/]?\s*"
    r"(?P<lon>[-+]?\d{1,3}\.(?P<dlon>\d{3,}))\s*(?P<deg2>°)?\s*(?P<ew>[EW])?(?![\w.])"
)
# what every match of _DECIMAL holds; led by a fixed character, the standard library finds it at 1.5 µs a
# KB where the search for _DECIMAL costs 20
_DECIMALS_HINT = re.compile(r"\.\d\d\d")
_DMS = regex.compile(
    r"(?P<d1>\d{1,2})°\s*(?P<m1>\d{1,2})['′]\s*(?:(?P<s1>\d{1,2}(?:\.\d+)?)[\"″]\s*)?(?P<ns>[NS])\W{0,3}"
    r"(?P<d2>\d{1,3})°\s*(?P<m2>\d{1,2})['′]\s*(?:(?P<s2>\d{1,2}(?:\.\d+)?)[\"″]\s*)?(?P<ew>[EW])\b"
)


def _point(name: str, latitude: float, longitude: float, near: Place | None = None) -> Place:
    """A point the text gives; ``near``: the place it is given from, whose country and oblast it takes."""
    where = (near.country_code, near.admin1, near.admin1_code) if near else ("", "", "")
    return Place(0, name, latitude, longitude, "S", POINT, *where, "", 0, name)


def coordinates_in(text: str) -> list[Mention]:
    """The points written as coordinates in ``text``, in order: decimal degrees, latitude first, or
    degrees, minutes and seconds with their hemispheres."""
    if "°" not in text and not _DECIMALS_HINT.search(text):
        return []  # most texts: no search of either pattern, which looks at every character
    found: list[Mention] = []
    for m in _DECIMAL.finditer(text):
        marked = m["deg1"] or m["ns"] or m["ew"]
        if not marked and (len(m["dlat"]) < 4 or len(m["dlon"]) < 4):
            continue
        lat = float(m["lat"]) * (-1 if m["ns"] == "S" else 1)
        lon = float(m["lon"]) * (-1 if m["ew"] == "W" else 1)
        if abs(lat) <= 90 and abs(lon) <= 180:
            found.append(_given(m, _point(m[0].strip(), lat, lon)))
    for m in _DMS.finditer(text):
        lat = int(m["d1"]) + int(m["m1"]) / 60 + float(m["s1"] or 0) / 3600
        lon = int(m["d2"]) + int(m["m2"]) / 60 + float(m["s2"] or 0) / 3600
        lat, lon = (-lat if m["ns"] == "S" else lat), (-lon if m["ew"] == "W" else lon)
        if lat <= 90 and abs(lon) <= 180:
            found.append(_given(m, _point(m[0].strip(), round(lat, 6), round(lon, 6))))
    return sorted(found, key=lambda g: g.start)


def _given(m: regex.Match[str], place: Place, end: int | None = None) -> Mention:
    text = m.string[m.start() : end if end is not None else m.end()].strip()
    return Mention(text, m.start(), m.start() + len(text), place, 1.0)


def offset_location(text: str, mention: Mention) -> Mention | None:
    """The point a distance and bearing just before ``mention`` give ("13 km east of" its place),
    spanning those words and the name; None when the words there give no distance with a bearing."""
    bearing = _BEARINGS.get(mention.relation or "")
    place = mention.place
    if bearing is None or place is None:
        return None
    m = _DISTANCE.search(text, max(0, mention.start - 60), mention.start)
    if m is None:
        return None
    unit = m["unit"].lower()
    per_km = 1.0 if unit[0] in "kк" else 1.609344 if unit.startswith("mi") else 0.001
    number = float(m["n"].replace(",", "."))
    if not 0 < number * per_km <= _MAX_OFFSET_KM:
        return None
    from pyproj import Geod  # only when a text gives an offset: keeps the gazetteer's start-up short

    lon, lat, _ = Geod(ellps="WGS84").fwd(place.longitude, place.latitude, bearing, number * per_km * 1000)
    shown = "km" if per_km == 1.0 else unit
    point = _point(f"{number:g} {shown} {mention.relation} {place.name}", round(lat, 6), round(lon, 6), place)
    return replace(_given(m, point, mention.end), score=mention.score)


def between_location(text: str, mentions: list[Mention]) -> Mention | None:
    """The middle of the first two places the text says something is "between" ("between X and Y",
    "між X та Y"), when both resolved and lie near each other; else None."""
    for first, second in itertools.pairwise(mentions):
        a, b = first.place, second.place
        if a is None or b is None or a.geonameid == b.geonameid:
            continue
        before = _BETWEEN_BEFORE.search(text, max(0, first.start - 40), first.start)
        if before is None or not _BETWEEN_JOIN.match(text[first.end : second.start]):
            continue
        if max(abs(a.latitude - b.latitude), abs(a.longitude - b.longitude)) > _MAX_BETWEEN_DEGREES:
            return None
        lat, lon = round((a.latitude + b.latitude) / 2, 6), round((a.longitude + b.longitude) / 2, 6)
        point = _point(f"between {a.name} and {b.name}", lat, lon, a)
        start = before.start()
        return Mention(text[start : second.end], start, second.end, point, min(first.score, second.score))
    return None
