"""Where the war is fought: a prior that prefers, among same-named places, the one near the fighting.

Reports of shelling at "Zaitseve" mean the Zaitseve on the Horlivka front, not one of its namesakes
two hundred kilometres behind it; a skirmish near "Pervomaisk" in 2015 is in Luhansk oblast, not in
Mykolaiv oblast. A *theatre* is a set of front lines and fought-over places, each over a period;
the prior of a place on a day is

    bonus = weight × exp(−d / scale_km)

where ``d`` is the distance from the place to the nearest line or place of the theatre that held on
that day (every period when the day is unknown; lines of other periods count half). It is one score
term among the resolver's (``resolution.py``), added to a candidate's own evidence — never a filter:
an oblast or raion named beside a name outweighs it, so a missile strike on a village far from the
front, with its oblast named, still lands there. Its weight and scale were measured on real
reporting (``benchmarks/ucdp.py``).

The embedded theatre (``data/theatre.tsv``) is written for this project from public facts, sources
listed in the file. Callers that know more — control maps of the day's front line — build their own
:class:`Theatre` from lines they draw (:meth:`Theatre.from_lines`).

>>> t = Theatre.from_lines([("contact", date(2015, 2, 15), date(2022, 2, 23), True,
...                          [(48.30, 38.05), (48.14, 37.75)])])
>>> round(t.bonus(48.30, 38.05, date(2016, 5, 1)), 2)          # on the line
2.5
>>> round(t.bonus(46.48, 30.73, date(2016, 5, 1)), 2)          # Odesa, far from it
0.0
>>> t.bonus(48.30, 38.05, date(2023, 5, 1)) < t.bonus(48.30, 38.05, None)  # a line of another period
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .tables import read_table, ua_admin1_table

__all__ = ["Theatre", "TheatreArea", "TheatreLine", "embedded_theatre"]

#: Score added to a place on a front line; it fades with distance over ``SCALE_KM``.
WEIGHT = 3.0
SCALE_KM = 40.0
#: A line of another period than the report's counts this much of its weight.
OTHER_PERIOD = 0.25
#: Score added to a place in an oblast fought over in the report's period (the whole of Donetsk and
#: Luhansk oblasts in 2014–2022), beside the lines' term: villages far from every line drawn.
AREA_WEIGHT = 1.0
_STEP_KM = 8.0  # lines are sampled at least this densely
_KM_PER_DEGREE_LAT, _KM_PER_DEGREE_LON = 110.57, 111.32
# one-degree cells around a place whose samples may matter: beyond about 150 km (four scales) the
# bonus is under 2 % of the weight
_NEIGHBOURS = tuple((dy, dx) for dy in range(-2, 3) for dx in range(-3, 4))


@dataclass(frozen=True, slots=True)
class TheatreLine:
    """One front line (``joined``: its points in order) or set of fought-over places, over a period."""

    name: str
    start: date
    end: date
    joined: bool
    points: tuple[tuple[float, float], ...]  # (latitude, longitude)

    def holds_on(self, day: date) -> bool:
        return self.start <= day <= self.end

    def samples(self) -> list[tuple[float, float]]:
        """The points, and for a line points between them at most ``_STEP_KM`` apart."""
        if not self.joined or len(self.points) < 2:
            return list(self.points)
        out = [self.points[0]]
        for (lat0, lon0), (lat1, lon1) in zip(self.points, self.points[1:], strict=False):
            kx = math.cos(math.radians((lat0 + lat1) / 2)) * _KM_PER_DEGREE_LON
            km = math.hypot((lon1 - lon0) * kx, (lat1 - lat0) * _KM_PER_DEGREE_LAT)
            steps = max(1, math.ceil(km / _STEP_KM))
            out.extend(
                (lat0 + (lat1 - lat0) * k / steps, lon0 + (lon1 - lon0) * k / steps)
                for k in range(1, steps + 1)
            )
        return out


@dataclass(frozen=True, slots=True)
class TheatreArea:
    """A first-level division (oblast) fought over during a period."""

    name: str
    start: date
    end: date
    country_code: str
    admin1_code: str

    def holds_on(self, day: date) -> bool:
        return self.start <= day <= self.end


class Theatre:
    """Front lines, fought-over places and oblasts over time; see the module docstring."""

    def __init__(
        self,
        lines: Sequence[TheatreLine],
        areas: Sequence[TheatreArea] = (),
        *,
        weight: float = WEIGHT,
        scale_km: float = SCALE_KM,
        area_weight: float = AREA_WEIGHT,
    ):
        self.lines = tuple(lines)
        self.areas = tuple(areas)
        self.weight = weight
        self.scale_km = scale_km
        self.area_weight = area_weight
        self._samples = [line.samples() for line in self.lines]
        self._by_period: dict[tuple[bool, ...], tuple[dict, dict, frozenset[tuple[str, str]]]] = {}

    @classmethod
    def from_lines(
        cls,
        lines: Iterable[tuple[str, date, date, bool, Sequence[tuple[float, float]]]],
        **options: float,
    ) -> Theatre:
        """A theatre of ``(name, start, end, joined, [(lat, lon), …])`` lines."""
        parts = [
            TheatreLine(name, start, end, joined, tuple(points)) for name, start, end, joined, points in lines
        ]
        return cls(parts, (), **options)

    def period(self, day: date | None) -> tuple[bool, ...]:
        """Which lines and areas held on ``day`` (all of them when it is unknown): the key of the
        day's prior."""
        held = [day is None or line.holds_on(day) for line in self.lines]
        return (*held, *(day is None or area.holds_on(day) for area in self.areas))

    def bonus(
        self, latitude: float, longitude: float, day: date | None, area: tuple[str, str] | None = None
    ) -> float:
        """The prior of a place at ``latitude``/``longitude`` (in ``area``, its country and admin1
        code, when known) in a report of ``day``."""
        return self.bonus_in(self.period(day), latitude, longitude, area)

    def bonus_in(
        self, period: tuple[bool, ...], latitude: float, longitude: float, area: tuple[str, str] | None = None
    ) -> float:
        """:meth:`bonus` for a period key from :meth:`period` (memoised per place and period)."""
        grid, memo, areas = self._period_grid(period)
        extra = self.area_weight if area is not None and area in areas else 0.0
        key = (latitude, longitude)
        value = memo.get(key)
        if value is None:
            kx = math.cos(math.radians(latitude)) * _KM_PER_DEGREE_LON
            best = 0.0
            row, col = math.floor(latitude), math.floor(longitude)
            for cell in _NEIGHBOURS:
                for lat, lon, share in grid.get((row + cell[0], col + cell[1]), ()):
                    dx = (lon - longitude) * kx
                    dy = (lat - latitude) * _KM_PER_DEGREE_LAT
                    near = share * math.exp(-math.sqrt(dx * dx + dy * dy) / self.scale_km)
                    if near > best:  # noqa: PLR1730 — max() costs a call per sample here
                        best = near
            value = memo[key] = self.weight * best
        return value + extra

    def _period_grid(self, period: tuple[bool, ...]) -> tuple[dict, dict, frozenset[tuple[str, str]]]:
        """The samples of a period by one-degree cell, the memo of its bonuses, its oblasts."""
        found = self._by_period.get(period)
        if found is None:
            grid: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
            for active, points in zip(period, self._samples, strict=False):
                for lat, lon in points:
                    cell = grid.setdefault((math.floor(lat), math.floor(lon)), [])
                    cell.append((lat, lon, 1.0 if active else OTHER_PERIOD))
            held = period[len(self.lines) :]
            areas = frozenset(
                (a.country_code, a.admin1_code) for a, active in zip(self.areas, held, strict=True) if active
            )
            found = self._by_period[period] = (grid, {}, areas)
        return found


def _day(text: str) -> date:
    return date.fromisoformat(text)


@lru_cache(maxsize=1)
def embedded_theatre() -> Theatre:
    """The theatre written for this project (``gazetteer/data/theatre.tsv``): rows of kind ``line``
    and ``points`` are lines; rows of kind ``oblast`` name an oblast by its GeoNames id."""
    codes = {row["geonameid"]: row["admin1_code"] for row in ua_admin1_table()}
    lines: dict[str, tuple[date, date, bool, list[tuple[float, float]]]] = {}
    areas: list[TheatreArea] = []
    for row in read_table("theatre.tsv"):
        start, end = _day(row["start"]), _day(row["end"])
        if row["kind"] == "oblast":
            areas.append(TheatreArea(row["name"], start, end, "UA", codes[row["geonameid"]]))
            continue
        entry = lines.setdefault(row["line"], (start, end, row["kind"] == "line", []))
        entry[3].append((float(row["latitude"]), float(row["longitude"])))
    return Theatre([TheatreLine(name, *entry[:3], tuple(entry[3])) for name, entry in lines.items()], areas)
