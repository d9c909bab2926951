"""Event extraction measured on the evaluation set: detection, classification, location, claims, speed.

    python benchmarks/extract.py [--errors] [--embedded]

Reads ``benchmarks/data/extract_eval.jsonl`` (reports written for this project, each annotated with
the events it should yield; see ``extract_eval.README.md``) and prints:

* event precision and recall — a found event matches a gold event of the same report within 50 km
  (one to one; same sub-event type preferred, then same event type, then nearest);
* over the matched events: event_type and sub_event_type accuracy, location within 10 km, event_date,
  x_control_from/to, x_confidence and x_claim_by accuracy;
* reports per second (one core, warm gazetteer, text cleaning included).

The gazetteer is the full GeoNames UA dump from ``../shared/data`` when present (``--embedded`` to use
the embedded cities500 only). Targets: precision and recall >= 85 %, event_type >= 90 %,
sub_event_type >= 80 %, >= 50 reports/s.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "benchmarks" / "data" / "extract_eval.jsonl"
UA_ZIP = ROOT.parent / "shared" / "data" / "geonames" / "UA.zip"
sys.path.insert(0, str(ROOT))

from frontline.events import records  # noqa: E402
from frontline.extract import Report, clean_text, extract_events  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

MATCH_KM = 50.0
NEAR_KM = 10.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def load_eval() -> list[dict]:
    return [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]


def to_report(r: dict) -> Report:
    return Report(clean_text(r["text"]), date.fromisoformat(r["date"]), r["source"], "", r["id"])


def match(gold: list[dict], found: list[dict]) -> list[tuple[dict, dict, float]]:
    """Greedy one-to-one matching: same sub-event type first, then same event type, then distance."""
    pairs = []
    for g in gold:
        for f in found:
            d = km(g["latitude"], g["longitude"], f["latitude"], f["longitude"])
            if d <= MATCH_KM:
                rank = (g["sub_event_type"] != f["sub_event_type"], g["event_type"] != f["event_type"], d)
                pairs.append((rank, id(g), id(f), g, f, d))
    pairs.sort(key=lambda p: p[0])
    used_g: set[int] = set()
    used_f: set[int] = set()
    out = []
    for _, ig, jf, g, f, d in pairs:
        if ig in used_g or jf in used_f:
            continue
        used_g.add(ig)
        used_f.add(jf)
        out.append((g, f, d))
    return out


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "  n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="print every miss and false event")
    parser.add_argument("--embedded", action="store_true", help="use the embedded gazetteer only")
    args = parser.parse_args()

    reports = load_eval()
    paths = [] if args.embedded or not UA_ZIP.is_file() else [UA_ZIP]
    gaz = Gazetteer.open(paths)
    print(f"gazetteer: {'embedded cities500' if not paths else 'embedded + ' + UA_ZIP.name}")
    inputs = [to_report(r) for r in reports]
    for rep in inputs:  # warm-up: memoised names, compiled patterns
        extract_events(rep, gaz, timestamp=0)

    n_gold = n_found = 0
    matched: list[tuple[dict, dict, float]] = []
    errors: list[str] = []
    for r, rep in zip(reports, inputs, strict=True):
        found = records(_frame(extract_events(rep, gaz, timestamp=0)))
        gold = r["events"]
        n_gold += len(gold)
        n_found += len(found)
        pairs = match(gold, found)
        matched.extend(pairs)
        hit_g = {id(g) for g, _, _ in pairs}
        hit_f = {id(f) for _, f, _ in pairs}
        for g in gold:
            if id(g) not in hit_g:
                errors.append(f"{r['id']} MISS  {g['location']}: {g['sub_event_type']} {g['event_date']}")
        for f in found:
            if id(f) not in hit_f:
                errors.append(f"{r['id']} FALSE {f['location']}: {f['sub_event_type']} «{f['x_quote'][:90]}»")
        for g, f, _ in pairs:
            diffs = [
                f"{k}: {g[k]!r} ≠ {f[k]!r}"
                for k in ("sub_event_type", "event_date", "x_confidence", "x_claim_by", "x_control_to")
                if (g[k] not in f[k].split("; ") if k == "x_claim_by" and g[k] else g[k] != f[k])
            ]
            if diffs:
                errors.append(f"{r['id']} DIFF  {g['location']}: " + "; ".join(diffs))

    start = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for r in reports:
            extract_events(to_report(r), gaz, timestamp=0)
    rate = rounds * len(reports) / (time.perf_counter() - start)

    m = len(matched)

    def count(pred) -> int:
        return sum(1 for g, f, d in matched if pred(g, f, d))

    def claim_ok(g: dict, f: dict, _d: float) -> bool:
        return g["x_claim_by"] in f["x_claim_by"].split("; ") if g["x_claim_by"] else not f["x_claim_by"]

    control = [(g, f) for g, f, _ in matched if g["x_control_to"]]
    print(f"reports: {len(reports)}, gold events: {n_gold}, found: {n_found}, matched: {m}")
    print(f"event precision      {pct(m, n_found)}")
    print(f"event recall         {pct(m, n_gold)}")
    print(f"event_type           {pct(count(lambda g, f, d: g['event_type'] == f['event_type']), m)}")
    print(f"sub_event_type       {pct(count(lambda g, f, d: g['sub_event_type'] == f['sub_event_type']), m)}")
    print(f"location within 10km {pct(count(lambda g, f, d: d <= NEAR_KM), m)}")
    print(f"event_date           {pct(count(lambda g, f, d: g['event_date'] == f['event_date']), m)}")
    ok_control = sum(
        1
        for g, f in control
        if (g["x_control_from"], g["x_control_to"]) == (f["x_control_from"], f["x_control_to"])
    )
    print(f"control from/to      {pct(ok_control, len(control))}")
    print(f"confidence           {pct(count(lambda g, f, d: g['x_confidence'] == f['x_confidence']), m)}")
    print(f"claim_by             {pct(count(claim_ok), m)}")
    print(f"speed                {rate:,.0f} reports/s")
    if args.errors:
        print("\n".join(errors))


def _frame(events):
    from frontline.events import events_frame

    return events_frame(events)


if __name__ == "__main__":
    main()
