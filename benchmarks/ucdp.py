"""Geocoding measured on real reporting nobody on the team wrote: the UCDP GED Ukraine events.

    python benchmarks/ucdp.py [--errors N] [--embedded] [--part tune|holdout|both]

Reads ``../shared/data/ucdp/ged_ukraine_dev.csv`` (UCDP Georeferenced Event Dataset, Ukraine 2014–2023,
the development half; CC BY 4.0, Uppsala Conflict Data Program) and geoparses each event's
``where_description`` — the coder's place text ("near Novokaterynivka village, Starobeshivskiy
district, Donetsk region") — and its ``source_headline`` (real wire headlines), as ``frontline
geoparse`` does: the ``location`` of the record is compared with UCDP's gold coordinates.

The file is split once, before any tuning, into a *tuning* part and a *set-aside* part (a third of
the events, chosen by a hash of the folded description so that the same description never lands in
both). Misses are listed (``--errors``) for the tuning part only: the set-aside part is measured and
never read.

Events whose ``where_description`` is empty are left out (their count is printed). Printed for each
part, with the full GeoNames UA dump (and with the embedded default on request):

* where_prec 1 (an exact place): location within 10 km of the gold point;
* where_prec 2 (within ~25 km of a place): location within 25 km;
* where_prec 3–4 (a raion or oblast): location within 50 km, and in the gold oblast;
* exact GeoNames id where resolvable: where_prec 1 events whose gold point lies within 2 km of a
  populated place of the dump (that place is the gold id);
* descriptions coded coarser than an oblast (where_prec ≥ 5: "the territory of the DPR", "in the
  east"): how many get a location finer than an oblast (they should get none, or a whole oblast);
* headlines: where_prec 1–2 events whose headline yields a location within 25 km of the gold point;
* calibration: the location's ``score`` in bins against how often it is right.

Targets on the set-aside part (full UA dump): where_prec 1 within 10 km ≥ 92 %, where_prec 2 within
25 km ≥ 88 %.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT.parent / "shared" / "data" / "ucdp" / "ged_ukraine_dev.csv"
UA_ZIP = ROOT.parent / "shared" / "data" / "geonames" / "UA.zip"
sys.path.insert(0, str(ROOT))

from gazetteer import Gazetteer, Mention  # noqa: E402
from gazetteer.resolution import specificity  # noqa: E402

#: One event in three is set aside, chosen by the description's hash (fixed before any tuning).
HOLDOUT_MODULUS = 3
_BINS = (0.0, 0.3, 0.5, 0.7, 0.9, 1.01)


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    day: date | None
    where_prec: int
    description: str
    headline: str
    adm_1: str
    latitude: float
    longitude: float

    @property
    def holdout(self) -> bool:
        return part_of(self.description) == "holdout"


def part_of(description: str) -> str:
    """``"holdout"`` or ``"tune"``: a fixed function of the folded description."""
    key = unicodedata.normalize("NFKC", description).casefold().strip()
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return "holdout" if int.from_bytes(digest[:4], "big") % HOLDOUT_MODULUS == 0 else "tune"


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text.split(maxsplit=1)[0], "%m/%d/%Y").date()
    except (ValueError, IndexError):
        return None


def load(path: Path = UCDP) -> list[Event]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Event(
                int(row["id"]),
                _day(row["date_start"]),
                int(row["where_prec"]),
                row["where_description"].strip(),
                row["source_headline"].strip(),
                row["adm_1"].strip(),
                float(row["latitude"]),
                float(row["longitude"]),
            )
            for row in csv.DictReader(fh)
        ]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def locate(gaz: Gazetteer, text: str, day: date | None) -> Mention | None:
    """The record's ``location`` as ``frontline geoparse`` gives it (``day``: the record's date)."""
    return gaz.locate(gaz.find_mentions(text, on=day), text=text)


@dataclass
class Count:
    n: int = 0
    ok: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.ok += ok

    def __str__(self) -> str:
        return f"{100 * self.ok / self.n:5.1f}% of {self.n:>4}" if self.n else "    –        "


@dataclass
class Tally:
    prec1_10km: Count = field(default_factory=Count)
    prec2_25km: Count = field(default_factory=Count)
    admin_50km: Count = field(default_factory=Count)
    admin_oblast: Count = field(default_factory=Count)
    exact_id: Count = field(default_factory=Count)
    no_place_located: Count = field(default_factory=Count)
    headline_25km: Count = field(default_factory=Count)
    bins: dict[int, Count] = field(default_factory=lambda: defaultdict(Count))
    misses: list[str] = field(default_factory=list)
    no_description: int = 0


def _bin(score: float) -> int:
    return next(i for i in range(len(_BINS) - 1) if score < _BINS[i + 1])


def _gold_place(gaz: Gazetteer, ev: Event, populated: list[tuple[float, float, int]]) -> int | None:
    """The populated place within 2 km of the gold point, if exactly one is nearest (the gold id)."""
    best: tuple[float, int] | None = None
    for lat, lon, gid in populated:
        if abs(lat - ev.latitude) > 0.03 or abs(lon - ev.longitude) > 0.05:
            continue
        d = km(lat, lon, ev.latitude, ev.longitude)
        if d <= 2.0 and (best is None or d < best[0]):
            best = (d, gid)
    return best[1] if best else None


def _oblast_of(name: str) -> str:
    """The first word of an oblast name, folded ("Donetsk oblast" → "donetsk")."""
    words = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().split()
    return words[0][:5] if words else ""


_ADM1_ALIASES = {"zapor": "zapor", "kiev": "kyiv", "nikol": "mykol", "odess": "odesa", "khark": "khark"}


def _same_oblast(place_admin1: str, gold: str) -> bool:
    a, b = _oblast_of(place_admin1), _oblast_of(gold)
    return bool(a and b) and _ADM1_ALIASES.get(a, a) == _ADM1_ALIASES.get(b, b)


def evaluate(gaz: Gazetteer, events: list[Event], *, keep_misses: bool, dated: bool = True) -> Tally:
    t = Tally()
    populated = [(p.latitude, p.longitude, p.geonameid) for p in gaz.iter_places(country_code="UA")]
    for ev in events:
        if not ev.description:
            t.no_description += 1  # nothing to geocode: counted, not scored
            continue
        day = ev.day if dated else None
        loc = locate(gaz, ev.description, day)
        d = (
            km(loc.place.latitude, loc.place.longitude, ev.latitude, ev.longitude)
            if loc and loc.place
            else None
        )
        if ev.where_prec in (1, 2):
            limit = 10.0 if ev.where_prec == 1 else 25.0
            ok = d is not None and d <= limit
            (t.prec1_10km if ev.where_prec == 1 else t.prec2_25km).add(ok)
            if loc is not None:
                t.bins[_bin(loc.score)].add(ok)
            if not ok and keep_misses:
                got = (
                    f"{loc.place.name} ({loc.place.admin1}, {loc.place.feature_code}, {d:.0f} km)"
                    if loc and loc.place and d is not None
                    else "nothing"
                )
                t.misses.append(f"[{ev.where_prec}] {ev.description!r} → {got}")
            if ev.where_prec == 1:
                gold_id = _gold_place(gaz, ev, populated)
                if gold_id is not None:
                    t.exact_id.add(
                        loc is not None and loc.place is not None and loc.place.geonameid == gold_id
                    )
            if ev.headline and ev.headline != "-":
                h = locate(gaz, ev.headline.replace(";", ". "), day)
                t.headline_25km.add(
                    h is not None
                    and h.place is not None
                    and km(h.place.latitude, h.place.longitude, ev.latitude, ev.longitude) <= 25
                )
        elif ev.where_prec in (3, 4):
            t.admin_50km.add(d is not None and d <= 50)
            t.admin_oblast.add(
                loc is not None and loc.place is not None and _same_oblast(loc.place.admin1, ev.adm_1)
            )
        else:
            t.no_place_located.add(loc is not None and loc.place is not None and specificity(loc.place) > 1)
    return t


def report(title: str, t: Tally) -> None:
    print(f"  {title}; {t.no_description} events with an empty description left out")
    print(f"    where_prec 1 within 10 km        {t.prec1_10km}")
    print(f"    where_prec 2 within 25 km        {t.prec2_25km}")
    print(f"    where_prec 1 exact id (resolvable) {t.exact_id}")
    print(f"    where_prec 3-4 within 50 km      {t.admin_50km}   in the gold oblast {t.admin_oblast}")
    print(f"    where_prec 5+ located finer than an oblast {t.no_place_located}")
    print(f"    headline location within 25 km   {t.headline_25km}   (where_prec 1-2)")
    cal = "  ".join(
        f"[{_BINS[i]:.1f},{min(_BINS[i + 1], 1):.1f}) {100 * c.ok / c.n:.0f}% of {c.n}"
        for i, c in sorted(t.bins.items())
    )
    print(f"    reliability of the location's score (bin: share within the limit) {cal}")


def parts(events: list[Event], which: str) -> Iterator[tuple[str, list[Event]]]:
    if which in ("tune", "both"):
        yield "tuning part", [e for e in events if not e.holdout]
    if which in ("holdout", "both"):
        yield "set-aside part (never tuned on)", [e for e in events if e.holdout]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N misses of the tuning part")
    parser.add_argument("--embedded", action="store_true", help="also measure the embedded cities500")
    parser.add_argument("--part", choices=("tune", "holdout", "both"), default="both")
    parser.add_argument(
        "--undated", action="store_true", help="geoparse the text alone, without the event's date"
    )
    args = parser.parse_args()
    if not UCDP.is_file():
        print(f"{UCDP} is absent: nothing to measure")
        return
    events = load()
    holdout = sum(e.holdout for e in events)
    print(
        f"UCDP GED Ukraine (dev half): {len(events)} events; tuning part {len(events) - holdout}, "
        f"set-aside part {holdout} (by description hash, 1 in {HOLDOUT_MODULUS})\n"
    )
    configs: list[tuple[str, list[Path]]] = []
    if UA_ZIP.is_file():
        configs.append((f"full GeoNames dump {UA_ZIP.name} + cities500", [UA_ZIP]))
    if args.embedded or not configs:
        configs.append(("embedded default (GeoNames cities500)", []))
    for title, paths in configs:
        print(f"== {title}")
        gaz = Gazetteer.open(paths, installed=False)  # with no paths: the embedded gazetteer alone
        for name, selected in parts(events, args.part):
            started = time.perf_counter()
            keep = bool(args.errors) and name == "tuning part"
            tally = evaluate(gaz, selected, keep_misses=keep, dated=not args.undated)
            report(f"{name} ({time.perf_counter() - started:.1f} s)", tally)
            if keep:
                for line in tally.misses[: args.errors]:
                    print(f"      {line}")
        print()


if __name__ == "__main__":
    main()
