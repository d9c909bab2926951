"""Where the war is fought: a prior that prefers, among same-named places, the one near the fighting.

Reports of shelling at "Zaitseve" mean the Zaitseve on the Horlivka front, not one of its namesakes
two hundred kilometres behind it; a skirmish near "Pervomaisk" in 2015 is in Luhansk oblast, not in
Mykolaiv oblast. A *theatre* is a set of front lines and fought-over places, each over a period;
the prior of a place on a day is

    bonus = weight × exp(−d / scale_km)  (+ area_weight in an oblast fought over as a whole)

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
>>> round(t.bonus(48.30, 38.05, date(2016, 5, 1)), 2)          # on the line: the whole weight
3.0
>>> round(t.bonus(46.48, 30.73, date(2016, 5, 1)), 2)          # Odesa, far from it
0.0
>>> t.bonus(48.30, 38.05, date(2023, 5, 1)) < t.bonus(48.30, 38.05, None)  # a line of another period
True
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from .tables import read_table, ua_admin1_table

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Theatre", "TheatreArea", "TheatreLine", "TheatreTable", "embedded_theatre"]

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
_CELL_DEG = 0.25  # the cells points are kept in, for the nearest of them
_REACH = 4.0  # beyond four scales (160 km) the bonus is under 2 % of the weight: no search farther
_DAYS_KEPT = 100_000  # days whose period key is remembered (more than two centuries)
_TABLE_CHUNK = 2048  # points per numpy block in Theatre.table (lines × points × samples floats)


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


@dataclass(frozen=True, slots=True)
class TheatreTable:
    """The lines' term of the prior (:meth:`Theatre.line_bonus_in`) for many places in every period at
    once — what an index stores so that resolving a name computes no distance (``build.py``).

    ``periods[j]`` is a period's line key (:meth:`Theatre.line_period`); ``bonuses[i, j]`` the term of
    the ``i``-th place given in that period, exactly as :meth:`Theatre.bonus_in` computes it.
    """

    fingerprint: str
    periods: tuple[tuple[bool, ...], ...]
    bonuses: np.ndarray


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
        # read-only (see the properties): the index keeps the prior it was built with under the
        # theatre's fingerprint, which a change after the first use would leave stale
        self._weight = weight
        self._scale_km = scale_km
        self._area_weight = area_weight
        self._samples = [line.samples() for line in self.lines]
        self._fingerprint: str | None = None
        self._day_periods: dict[date | None, tuple[bool, ...]] = {}  # reports repeat their days
        self._period_areas: dict[tuple[bool, ...], frozenset[tuple[str, str]]] = {}
        self._by_period: dict[
            tuple[bool, ...], tuple[_Nearest, _Nearest, dict, frozenset[tuple[str, str]]]
        ] = {}

    @property
    def weight(self) -> float:
        """Score added to a place on a line of the report's period."""
        return self._weight

    @property
    def scale_km(self) -> float:
        """Distance over which the lines' term fades to 1/e of the weight."""
        return self._scale_km

    @property
    def area_weight(self) -> float:
        """Score added to a place in an oblast fought over as a whole in the report's period."""
        return self._area_weight

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
        found = self._day_periods.get(day)
        if found is None:
            held = [day is None or line.holds_on(day) for line in self.lines]
            found = (*held, *(day is None or area.holds_on(day) for area in self.areas))
            if len(self._day_periods) < _DAYS_KEPT:
                self._day_periods[day] = found
        return found

    def bonus(
        self, latitude: float, longitude: float, day: date | None, area: tuple[str, str] | None = None
    ) -> float:
        """The prior of a place at ``latitude``/``longitude`` (in ``area``, its country and admin1
        code, when known) in a report of ``day``."""
        return self.bonus_in(self.period(day), latitude, longitude, area)

    def line_period(self, period: tuple[bool, ...]) -> tuple[bool, ...]:
        """The lines' part of a period key: what the lines' term of the prior depends on."""
        return period[: len(self.lines)]

    def area_bonus_in(self, period: tuple[bool, ...], area: tuple[str, str] | None) -> float:
        """The areas' term of the prior: ``area_weight`` in an oblast fought over in the period."""
        return self.area_weight if area is not None and area in self._areas_in(period) else 0.0

    def _areas_in(self, period: tuple[bool, ...]) -> frozenset[tuple[str, str]]:
        """The oblasts fought over in a period (memoised: building a period's lines costs more)."""
        found = self._period_areas.get(period)
        if found is None:
            found = self._period_areas[period] = frozenset(
                (a.country_code, a.admin1_code)
                for a, active in zip(self.areas, period[len(self.lines) :], strict=True)
                if active
            )
        return found

    def bonus_in(
        self, period: tuple[bool, ...], latitude: float, longitude: float, area: tuple[str, str] | None = None
    ) -> float:
        """:meth:`bonus` for a period key from :meth:`period` (memoised per place and period)."""
        return self.line_bonus_in(period, latitude, longitude) + self.area_bonus_in(period, area)

    def line_bonus_in(self, period: tuple[bool, ...], latitude: float, longitude: float) -> float:
        """The lines' term of :meth:`bonus_in` (memoised per place and period)."""
        active, other, memo, _ = self._period_parts(period)
        key = (latitude, longitude)
        value = memo.get(key)
        if value is None:
            reach = _REACH * self.scale_km
            near = active.nearest_km(latitude, longitude, reach)
            far = other.nearest_km(latitude, longitude, self._far_limit_km(near))
            value = memo[key] = self._line_value(near, far)
        return value

    def _far_limit_km(self, near_km: float) -> float:
        # a line of another period outweighs the nearest of this one only when this much nearer
        lead = self.scale_km * math.log(1 / OTHER_PERIOD)
        return min(_REACH * self.scale_km, near_km - lead)

    def _line_value(self, near_km: float, far_km: float) -> float:
        return self.weight * max(
            math.exp(-near_km / self.scale_km), OTHER_PERIOD * math.exp(-far_km / self.scale_km)
        )

    def fingerprint(self) -> str:
        """A digest of everything the lines' term depends on: equal fingerprints, equal priors."""
        if self._fingerprint is None:
            parts = (
                self.lines,
                self.weight,
                self.scale_km,
                OTHER_PERIOD,
                _REACH,
                _STEP_KM,
                _CELL_DEG,
                _KM_PER_DEGREE_LAT,
                _KM_PER_DEGREE_LON,
            )
            self._fingerprint = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
        return self._fingerprint

    def line_periods(self) -> list[tuple[bool, ...]]:
        """Every distinct line key of :meth:`period` over all days, and the unknown day's: the key is
        the same between two consecutive starts or ends of lines, so those days give them all."""
        days = {line.start for line in self.lines} | {line.end + timedelta(days=1) for line in self.lines}
        if days:
            days.add(min(days) - timedelta(days=1))
        keys = [self.line_period(self.period(None))]
        keys += [self.line_period(self.period(day)) for day in sorted(days)]
        return list(dict.fromkeys(keys))

    def table(self, points: Sequence[tuple[float, float]]) -> TheatreTable:
        """The lines' term of the prior for every ``(latitude, longitude)`` in ``points`` and every
        period of :meth:`line_periods`, equal to :meth:`line_bonus_in` to the last bit.

        Nearest distances are computed in numpy for every line at once — the same products and sums,
        in the same order, as :meth:`_Nearest.nearest_km` — and combined per period in Python; a
        point far from every line is 0 in every period, as it is there.
        """
        import numpy as np  # here, not at the top: the gazetteer reads tables without numpy

        periods = self.line_periods()
        lines = [_Nearest(samples) for samples in self._samples]
        out = np.zeros((len(points), len(periods)))
        reached_any = set().union(*(n.reached for n in lines))
        near_rows = [
            i for i, (lat, lon) in enumerate(points) if (math.floor(lat), math.floor(lon)) in reached_any
        ]
        for start in range(0, len(near_rows), _TABLE_CHUNK):
            rows = near_rows[start : start + _TABLE_CHUNK]
            lat = np.array([points[i][0] for i in rows])
            lon = np.array([points[i][1] for i in rows])
            # math.cos, as nearest_km has it: numpy's may differ in the last bit
            kx = np.array([math.cos(math.radians(points[i][0])) * _KM_PER_DEGREE_LON for i in rows])
            d2 = np.full((len(lines), len(rows)), np.inf)
            cells = [(math.floor(points[i][0]), math.floor(points[i][1])) for i in rows]
            reached = np.array([[cell in n.reached for cell in cells] for n in lines], dtype=bool)
            for k, samples in enumerate(self._samples):
                if samples:
                    s = np.array(samples)
                    dx = (s[None, :, 1] - lon[:, None]) * kx[:, None]
                    dy = (s[None, :, 0] - lat[:, None]) * _KM_PER_DEGREE_LAT
                    d2[k] = (dx * dx + dy * dy).min(axis=1)
            for j, period in enumerate(periods):
                held = np.array(period, dtype=bool)
                near_d2, near_ok = _combine(d2, reached, held)
                far_d2, far_ok = _combine(d2, reached, ~held)
                for r, i in enumerate(rows):
                    near = _within(near_d2[r], near_ok[r], _REACH * self.scale_km)
                    far = _within(far_d2[r], far_ok[r], self._far_limit_km(near))
                    out[i, j] = self._line_value(near, far)
        return TheatreTable(self.fingerprint(), tuple(periods), out)

    def _period_parts(
        self, period: tuple[bool, ...]
    ) -> tuple[_Nearest, _Nearest, dict, frozenset[tuple[str, str]]]:
        """The samples of a period's lines and of the others, the memo of its bonuses, its oblasts."""
        found = self._by_period.get(period)
        if found is None:
            held = [p for p, active in zip(self._samples, period, strict=False) if active]
            rest = [p for p, active in zip(self._samples, period, strict=False) if not active]
            areas = self._areas_in(period)
            found = (
                _Nearest([x for p in held for x in p]),
                _Nearest([x for p in rest for x in p]),
                {},
                areas,
            )
            self._by_period[period] = found
        return found


def _combine(d2: np.ndarray, reached: np.ndarray, held: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per point, the least squared distance to the lines ``held`` selects, and whether its cell is
    within reach of one of them (``_Nearest.reached`` of their points together)."""
    import numpy as np

    if not held.any():
        return np.full(d2.shape[1], np.inf), np.zeros(d2.shape[1], dtype=bool)
    return d2[held].min(axis=0), reached[held].any(axis=0)


def _within(d2: float, reached: bool, limit_km: float) -> float:
    """:meth:`_Nearest.nearest_km` from the least squared distance: the distance, or infinity."""
    if limit_km <= 0 or not reached:
        return math.inf
    distance = math.sqrt(d2)
    return distance if distance <= limit_km else math.inf


class _Nearest:
    """Points by cell of ``_CELL_DEG`` degrees, for the distance from a place to the nearest of them:
    rings of cells around the place are searched outwards until no unsearched cell can be nearer."""

    def __init__(self, points: Iterable[tuple[float, float]]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
        # one-degree cells within reach of some point: a place outside them is far from every point
        self.reached: set[tuple[int, int]] = set()
        for lat, lon in points:
            cell = (math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG))
            self.cells.setdefault(cell, []).append((lat, lon))
            row, col = math.floor(lat), math.floor(lon)
            self.reached.update((row + dr, col + dc) for dr in range(-2, 3) for dc in range(-3, 4))

    def nearest_km(self, latitude: float, longitude: float, limit_km: float) -> float:
        """Kilometres to the nearest point (equirectangular), or infinity when none is within ``limit_km``."""
        if limit_km <= 0 or (math.floor(latitude), math.floor(longitude)) not in self.reached:
            return math.inf
        kx = math.cos(math.radians(latitude)) * _KM_PER_DEGREE_LON
        cell_km = _CELL_DEG * min(kx, _KM_PER_DEGREE_LAT)
        row, col = math.floor(latitude / _CELL_DEG), math.floor(longitude / _CELL_DEG)
        best = math.inf
        ring = 0
        while True:
            for dr, dc in _ring(ring):
                for lat, lon in self.cells.get((row + dr, col + dc), ()):
                    dx = (lon - longitude) * kx
                    dy = (lat - latitude) * _KM_PER_DEGREE_LAT
                    d2 = dx * dx + dy * dy
                    if d2 < best:  # noqa: PLR1730 — min() costs a call per point here
                        best = d2
            # every point beyond this ring is at least ring × cell_km away
            bound = ring * cell_km
            if best <= bound * bound or bound > limit_km:
                break
            ring += 1
        distance = math.sqrt(best)
        return distance if distance <= limit_km else math.inf


@lru_cache(maxsize=64)
def _ring(r: int) -> tuple[tuple[int, int], ...]:
    """The cells at Chebyshev distance ``r`` from a cell, as offsets."""
    if r == 0:
        return ((0, 0),)
    return tuple((dr, dc) for dr in range(-r, r + 1) for dc in range(-r, r + 1) if max(abs(dr), abs(dc)) == r)


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
