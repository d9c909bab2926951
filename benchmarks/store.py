"""The event store measured: how long an append and a query take as the store grows.

    python benchmarks/store.py [--sizes 1000,10000,50000]

Every append rewrites the GeoPackage (that is what makes it atomic), so its cost grows with the store;
this prints that cost, and the cost of a filtered read, for stores of the given sizes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontline.events import Event, events_frame  # noqa: E402
from frontline.store import append_events, read_events  # noqa: E402

BASE = Event(
    event_id_cnty="",
    event_date=date(2022, 2, 24),
    time_precision=1,
    event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack",
    actor1="Military Forces of Russia (2000-)",
    latitude=48.0,
    longitude=37.0,
    location="Somewhere",
    country="Ukraine",
    iso=804,
    geo_precision=1,
    source="Benchmark",
    notes="A synthetic event for timing the store.",
    x_quote="Russian forces shelled Somewhere overnight, the governor said.",
)


def synthetic(n: int, start: int = 0) -> list[Event]:
    return [
        replace(
            BASE,
            event_id_cnty=f"UKR-FL-bench{i}",
            event_date=BASE.event_date + timedelta(days=i % 900),
            latitude=46.0 + (i % 500) * 0.01,
            longitude=30.0 + (i % 900) * 0.01,
        )
        for i in range(start, start + n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="store sizes, comma-separated")
    args = parser.parse_args()
    header = ("events stored", "append 10 (s)", "same again (s)", "query (s)", "file (MB)")
    print(" ".join(f"{h:>15}" for h in header))
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.gpkg"
            append_events(events_frame(synthetic(size)), path)
            new = events_frame(synthetic(10, start=size))
            t0 = time.perf_counter()
            append_events(new, path)
            t1 = time.perf_counter()
            append_events(new, path)  # nothing new: read and compare, no rewrite
            t2 = time.perf_counter()
            found = read_events(path, start=date(2023, 1, 1), end=date(2023, 3, 31), bbox=(30, 46, 35, 49))
            t3 = time.perf_counter()
            mb = path.stat().st_size / 2**20
            figures = (f"{size:,}", f"{t1 - t0:.2f}", f"{t2 - t1:.2f}", f"{t3 - t2:.2f}", f"{mb:.1f}")
            print(" ".join(f"{f:>15}" for f in figures) + f"  ({len(found)} events found)")


if __name__ == "__main__":
    main()
