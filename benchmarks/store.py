"""The GeoPackage event store measured against the targets of issue 16, beside plain pyogrio doing the same.

    python benchmarks/store.py [--big 1000000] [--mid 100000] [--read 200000]

Prints, for each measure, the store's time, pyogrio's time for the nearest plain operation (an append
with ``append=True``, a read with ``use_arrow=True``) and the target:

* append 10 events to a store of ``--big`` events (target ≤ 50 ms);
* append ``--mid`` new events to a store of ``--mid`` (≤ 3 s);
* read a date + bbox selection of the ``--big`` store (≤ 0.5 s);
* read the whole of a ``--read`` event store (≤ 0.5 s).

Each figure is the median of ``--repeat`` runs (an append each time to a fresh copy of the same
store), since one run on a shared machine is noise.

The store also merges (an append looks every incoming id up), keeps an index on the id and the date,
and returns conformed tables; pyogrio's figures are the floor of what GDAL itself costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from frontline.events import COLUMNS, conform  # noqa: E402
from frontline.store import append_events, read_events  # noqa: E402

START = np.datetime64("2022-02-24")
BBOX = (30.0, 46.0, 35.0, 49.0)
SELECTION = {"start": date(2023, 1, 1), "end": date(2023, 3, 31), "bbox": BBOX}


def synthetic(n: int, start: int = 0) -> Any:
    """``n`` shelling events spread over 900 days and the east of Ukraine, ids from ``start``."""
    i = np.arange(start, start + n)
    days = (START + (i % 900)).astype(str)
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"UKR-FL-bench{k}" for k in i],
            "event_date": days,
            "year": [int(d[:4]) for d in days],
            "time_precision": 1,
            "disorder_type": "Political violence",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Military Forces of Russia (2000-)",
            "inter1": "State forces",
            "iso": 804,
            "region": "Europe",
            "country": "Ukraine",
            "location": [f"Place {k % 5000}" for k in i],
            "latitude": 46.0 + (i % 500) * 0.01,
            "longitude": 30.0 + (i % 900) * 0.01,
            "geo_precision": 1,
            "source": "Benchmark",
            "notes": "A synthetic event for timing the store.",
            "x_confidence": "confirmed",
            "x_quote": "Russian forces shelled the village overnight, the governor said.",
            "x_report_id": [f"r{k // 7}" for k in i],
        }
    )
    return conform(frame)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median(repeat: int, fn: Callable[[], Any], setup: Callable[[], Any] = lambda: None) -> tuple[float, Any]:
    """The median time of ``repeat`` runs of ``fn`` (``setup`` before each, untimed) and its last result."""
    times, out = [], None
    for _ in range(repeat):
        setup()
        took, out = timed(fn)
        times.append(took)
    return statistics.median(times), out


def fresh(source: Path, target: Path) -> Callable[[], None]:
    """A setup that makes ``target`` a new copy of ``source`` on disk: every run appends to the same
    store. The copy is synced before the run, or the run's commit would wait for all of it."""

    def setup() -> None:
        shutil.copy(source, target)
        with open(target, "rb+") as f:
            os.fsync(f.fileno())

    return setup


def pyogrio_append(table: Any, path: Path) -> None:
    import pyogrio

    pyogrio.write_dataframe(table, path, layer="events", driver="GPKG", append=True)


def pyogrio_read(path: Path, **kw: Any) -> Any:
    import pyogrio

    return pyogrio.read_dataframe(path, layer="events", use_arrow=True, **kw)


def row(what: str, ours: float, plain: float, target: float, note: str = "") -> None:
    verdict = "ok" if ours <= target else "MISSED"
    print(f"{what:<42} {ours:>9.3f} {plain:>10.3f} {target:>8.2f}  {verdict}  {note}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", type=int, default=1_000_000, help="events in the big store")
    parser.add_argument("--mid", type=int, default=100_000, help="events appended to as many")
    parser.add_argument("--read", type=int, default=200_000, help="events in the store read whole")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (the median is printed)")
    args = parser.parse_args()
    n = args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'measure':<42} {'store (s)':>9} {'pyogrio (s)':>10} {'target':>8}", flush=True)

        # append many to many
        start, mid, plain_mid = folder / "start.gpkg", folder / "mid.gpkg", folder / "plain-mid.gpkg"
        append_events(synthetic(args.mid), start)
        more = synthetic(args.mid, start=args.mid)
        ours, summary = median(n, lambda: append_events(more, mid), fresh(start, mid))
        plain, _ = median(n, lambda: pyogrio_append(more, plain_mid), fresh(start, plain_mid))
        row(f"append {args.mid:,} to {args.mid:,}", ours, plain, 3.0, f"({summary.added:,} added)")

        # read a whole store
        whole = folder / "whole.gpkg"
        append_events(synthetic(args.read), whole)
        ours, got = median(n, lambda: read_events(whole))
        plain, _ = median(n, lambda: pyogrio_read(whole))
        row(f"read all of {args.read:,}", ours, plain, 0.5, f"({len(got):,} events)")

        # the big store: build it, then a few events into it, and a selection out of it
        built, big, plain_big = folder / "built.gpkg", folder / "big.gpkg", folder / "plain-big.gpkg"
        t_build, _ = timed(lambda: append_events(synthetic(args.big), built))
        size_mb = built.stat().st_size / 2**20
        print(f"(built the {args.big:,}-event store in {t_build:.1f} s, {size_mb:.0f} MB)")
        few = synthetic(10, start=args.big)
        ours, summary = median(n, lambda: append_events(few, big), fresh(built, big))
        plain, _ = median(n, lambda: pyogrio_append(few, plain_big), fresh(built, plain_big))
        row(f"append 10 to {args.big:,}", ours, plain, 0.05, f"({summary.added} added)")
        ours, _ = median(n, lambda: append_events(few, big))  # the store holds them from the last run
        row(f"append the same 10 again to {args.big:,}", ours, float("nan"), 0.05, "(nothing new)")
        ours, got = median(n, lambda: read_events(big, **SELECTION))
        where = "event_date >= '2023-01-01' AND event_date <= '2023-03-31'"
        plain, _ = median(n, lambda: pyogrio_read(big, where=where, bbox=BBOX))
        row(f"read date + bbox of {args.big:,}", ours, plain, 0.5, f"({len(got):,} events)")
        assert list(got.columns) == [*COLUMNS, "geometry"]


if __name__ == "__main__":
    main()
