"""One large report through extraction: the time should grow linearly with its size.

    python benchmarks/extract_large.py [--sizes 2,4,8]

The report is the evaluation reports (``benchmarks/data/extract_eval.jsonl``) end to end, repeated to
each size in MB, extracted as one report with the embedded gazetteer (warm). Printed per size: seconds,
seconds per MB, events and the peak resident memory so far. Issue 19 measured 2 / 4 / 8 MB at
28 / 55 / 169 s before reports were read in windows (:data:`frontline.extract.extractor.WINDOW_CHARS`).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontline.extract import extract_events  # noqa: E402
from frontline.extract.reports import Report  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

EVAL = ROOT / "benchmarks" / "data" / "extract_eval.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,4,8", help="report sizes in MB, comma-separated")
    args = parser.parse_args()
    with EVAL.open(encoding="utf-8") as fh:
        base = "\n\n".join(json.loads(line)["text"] for line in fh if line.strip())
    gaz = Gazetteer.open()
    extract_events(Report(base, date(2022, 9, 10), "benchmark", "", "warm-up"), gaz)
    print(f"{'MB':>5} {'seconds':>8} {'s/MB':>6} {'events':>7} {'peak RSS MB':>12}")
    for mb in (float(s) for s in args.sizes.split(",")):
        size = int(mb * 2**20)
        text = (base * (size // len(base) + 1))[:size]
        start = time.perf_counter()
        events = extract_events(Report(text, date(2022, 9, 10), "benchmark", "", f"large-{mb:g}"), gaz)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{mb:>5g} {seconds:>8.1f} {seconds / mb:>6.1f} {len(events):>7} {peak:>12.0f}", flush=True)


if __name__ == "__main__":
    main()
