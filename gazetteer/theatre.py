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

from .tables import read_table

__all__ = ["Theatre", "TheatreLine", "embedded_theatre"]

#: Score added to a place on a front line; it fades with distance over ``SCALE_KM``.
WEIGHT = 3.0
SCALE_KM = 40.0
#: A line of another period than the report's counts this much of its weight.
OTHER_PERIOD = 0.25
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


class Theatre:
    """Front lines and fought-over places over time; see the module docstring."""

    def __init__(self, lines: Sequence[TheatreLine], *, weight: float = WEIGHT, scale_km: float = SCALE_KM):
        self.lines = tuple(lines)
        self.weight = weight
        self.scale_km = scale_km
        self._samples = [line.samples() for line in self.lines]
        self._by_period: dict[tuple[bool, ...], tuple[dict, dict]] = {}

    @classmethod
    def from_lines(
        cls,
        lines: Iterable[tuple[str, date, date, bool, Sequence[tuple[float, float]]]],
        **options: float,
    ) -> Theatre:
        """A theatre of ``(name, start, end, joined, [(lat, lon), …])`` lines."""
        return cls(
            [
                TheatreLine(name, start, end, joined, tuple(points))
                for name, start, end, joined, points in lines
            ],
            **options,
        )

    def period(self, day: date | None) -> tuple[bool, ...]:
        """Which lines held on ``day`` (all of them when it is unknown): the key of the day's prior."""
        return tuple(day is None or line.holds_on(day) for line in self.lines)

    def bonus(self, latitude: float, longitude: float, day: date | None) -> float:
        """The prior of a place at ``latitude``/``longitude`` in a report of ``day``."""
        return self.bonus_in(self.period(day), latitude, longitude)

    def bonus_in(self, period: tuple[bool, ...], latitude: float, longitude: float) -> float:
        """:meth:`bonus` for a period key from :meth:`period` (memoised per place and period)."""
        grid, memo = self._period_grid(period)
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
        return value

    def _period_grid(self, period: tuple[bool, ...]) -> tuple[dict, dict]:
        """The samples of a period by one-degree cell, and the memo of its bonuses."""
        found = self._by_period.get(period)
        if found is None:
            grid: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
            for active, points in zip(period, self._samples, strict=True):
                for lat, lon in points:
                    cell = grid.setdefault((math.floor(lat), math.floor(lon)), [])
                    cell.append((lat, lon, 1.0 if active else OTHER_PERIOD))
            found = self._by_period[period] = (grid, {})
        return found


def _day(text: str) -> date:
    return date.fromisoformat(text)


@lru_cache(maxsize=1)
def embedded_theatre() -> Theatre:
    """The theatre written for this project (``gazetteer/data/theatre.tsv``)."""
    rows = read_table("theatre.tsv")
    lines: dict[str, tuple[date, date, bool, list[tuple[float, float]]]] = {}
    for row in rows:
        entry = lines.setdefault(
            row["line"], (_day(row["start"]), _day(row["end"]), row["kind"] == "line", [])
        )
        entry[3].append((float(row["latitude"]), float(row["longitude"])))
    return Theatre.from_lines((name, *entry) for name, entry in lines.items())
