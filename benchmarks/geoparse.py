"""Geoparsing measured on the evaluation set: recognition, resolution, throughput, cold start, memory.

    python benchmarks/geoparse.py [--errors] [--skip-big]

Prints, for the embedded default gazetteer and for the full GeoNames UA dump (``../shared/data``,
skipped when absent):

* recognition precision and recall (a found span counts when it overlaps a gold span; exact-span
  figures beside it);
* resolution accuracy over the recognised mentions — exact GeoNames id, and within 10 km of the gold
  coordinates — with breakdowns by language and by tag;
* warm throughput (MB of UTF-8 text per CPU second of one core, find + resolve, report by report;
  the median of five windows, with the best and worst);
* cold start: seconds from a new process to its first result (Python API and the CLI);
* end to end through ``frontline geoparse``: warm, and the first pass over notes naming places new
  to the process (its caches empty but for the index), in MB per CPU second (the first pass: the
  median of three processes, with the best and worst);
* index size and build time; peak memory of ``frontline geoparse`` on a 50 MB plain-text file.

Targets with the full UA dump: precision and recall ≥ 90 %, within-10 km ≥ 90 %; ≥ 2 MB/s warm and
≥ 1.5 MB/s on the first pass through ``frontline geoparse``; cold start ≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "benchmarks" / "data" / "geoparse_eval.jsonl"
UA_ZIP = ROOT.parent / "shared" / "data" / "geonames" / "UA.zip"
sys.path.insert(0, str(ROOT))

from gazetteer import Gazetteer, Mention  # noqa: E402


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0
    exact_span: int = 0
    exact_id: int = 0
    within_10km: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("gold", "found", "matched", "exact_span", "exact_id", "within_10km"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    –"


def load_eval() -> list[dict]:
    reports = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in reports:
        for m in r["mentions"]:
            assert r["text"][m["start"] : m["end"]] == m["text"], (r["id"], m)
    return reports


def score_report(report: dict, mentions: list[Mention]) -> tuple[Tally, dict[str, Tally]]:
    """Match found mentions to gold ones (overlapping spans, one to one) and score them."""
    total = Tally(gold=len(report["mentions"]), found=len(mentions))
    by_tag: dict[str, Tally] = defaultdict(Tally)
    used: set[int] = set()
    for gold in report["mentions"]:
        tags = gold.get("tags") or ["untagged"]
        for tag in tags:
            by_tag[tag].gold += 1
        hit = next(
            (
                i
                for i, m in enumerate(mentions)
                if i not in used and m.start < gold["end"] and gold["start"] < m.end
            ),
            None,
        )
        if hit is None:
            total.errors.append(f"{report['id']}: missed {gold['text']!r} ({gold['geonameid']})")
            continue
        used.add(hit)
        m = mentions[hit]
        place = m.place
        assert place is not None
        good_id = place.geonameid == gold["geonameid"]
        near = km(place.latitude, place.longitude, gold["latitude"], gold["longitude"]) <= 10
        for t in [total, *(by_tag[tag] for tag in tags)]:
            t.matched += 1
            t.exact_span += (m.start, m.end) == (gold["start"], gold["end"])
            t.exact_id += good_id
            t.within_10km += near
        if not near:
            total.errors.append(
                f"{report['id']}: {gold['text']!r} → {place.name} ({place.admin1}, {place.geonameid}), "
                f"gold {gold['geonameid']}"
            )
    for i, m in enumerate(mentions):
        if i not in used:
            total.errors.append(f"{report['id']}: spurious {m.text!r} → {m.place.name if m.place else None}")
    return total, by_tag


def evaluate(gaz: Gazetteer, reports: list[dict], *, show_errors: bool) -> Tally:
    overall = Tally()
    by_lang: dict[str, Tally] = defaultdict(Tally)
    by_tag: dict[str, Tally] = defaultdict(Tally)
    for r in reports:
        tally, tags = score_report(r, gaz.find_mentions(r["text"]))
        overall.add(tally)
        overall.errors.extend(tally.errors)
        by_lang[r["lang"]].add(tally)
        for tag, t in tags.items():
            by_tag[tag].add(t)
    print(f"  mentions: {overall.gold} gold, {overall.found} found, {overall.matched} matched")
    print(
        f"  recognition  precision {pct(overall.matched, overall.found)}  "
        f"recall {pct(overall.matched, overall.gold)}"
        f"   (exact spans: precision {pct(overall.exact_span, overall.found)}, "
        f"recall {pct(overall.exact_span, overall.gold)})"
    )
    print(
        f"  resolution   exact id {pct(overall.exact_id, overall.matched)}  within 10 km "
        f"{pct(overall.within_10km, overall.matched)}   (end to end, of all gold: exact id "
        f"{pct(overall.exact_id, overall.gold)}, within 10 km {pct(overall.within_10km, overall.gold)})"
    )
    print("  by language   precision  recall  within-10km")
    for lang, t in sorted(by_lang.items()):
        precision, recall = pct(t.matched, t.found), pct(t.matched, t.gold)
        print(f"    {lang:<10} {precision}  {recall}  {pct(t.within_10km, t.matched)}")
    print("  by tag          n   recall  within-10km")
    for tag, t in sorted(by_tag.items(), key=lambda kv: -kv[1].gold):
        print(f"    {tag:<18}{t.gold:>4}  {pct(t.matched, t.gold)}  {pct(t.within_10km, t.matched)}")
    if show_errors:
        print("  errors:")
        for e in overall.errors:
            print(f"    {e}")
    return overall


_WINDOWS = 5  # throughput windows, of about _WINDOW_S seconds of CPU time each
_WINDOW_S = 1.0


def throughput(
    gaz: Gazetteer, reports: list[dict], windows: int = _WINDOWS, seconds: float = _WINDOW_S
) -> tuple[float, float, float]:
    """MB/s per core: the median, best and worst of ``windows`` windows of about ``seconds`` each.

    Time is the process's CPU time, so that a busy machine's other work (or a virtual machine's
    stolen time) does not count as this code's; the spread between windows shows how steady it is.
    """
    texts = [r["text"] for r in reports]
    size = sum(len(t.encode("utf-8")) for t in texts)
    for t in texts:  # warm: index pages and per-name caches
        gaz.find_mentions(t)
    rates = []
    for _ in range(windows):
        rounds, start = 0, time.process_time()
        while time.process_time() - start < seconds:
            for t in texts:
                gaz.find_mentions(t)
            rounds += 1
        rates.append(rounds * size / 1e6 / (time.process_time() - start))
    return statistics.median(rates), max(rates), min(rates)


def _child(code: str, args: list[str]) -> list[str]:
    """What a new Python process running ``code`` with ``args`` prints, split into words."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=_env()
    )
    return done.stdout.split()


def _env() -> dict[str, str]:
    """The environment of the measured commands: byte code cached as after an install (an editable
    install writes it on first import; PYTHONDONTWRITEBYTECODE, set on some machines, would make
    every start compile the package again)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def embedded_only() -> Gazetteer:
    """The embedded cities500 alone, here and in the commands run from here (which take no
    ``installed`` flag: they are pointed at a data folder with no installed dumps), else the dumps a
    user installed (``frontline gazetteer import``) are read too, and the 'embedded' figures are theirs."""
    os.environ["FRONTLINE_DATA_DIR"] = tempfile.mkdtemp(prefix="frontline-no-dumps-")
    return Gazetteer.open(installed=False)


def cold_start(args: list[str], runs: int = 7) -> tuple[float, float]:
    """Seconds from a new process to its first result, wall clock and CPU (user + system): medians
    of ``runs``. On a busy machine the wall clock counts other work too; the CPU time does not."""
    import resource

    subprocess.run(args, check=True, capture_output=True, env=_env())  # writes the byte code
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=_env())
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


# ACLED-style event notes, written for this benchmark; {a}, {b}: settlements, {o}: their oblast.
_NOTES = (
    "On {d}, Russian forces shelled {a} ({o} oblast) with artillery and multiple rocket launchers. {n} "
    "civilians were injured and several houses damaged, according to the regional military administration.",
    "On {d}, Russian forces attempted to advance near {a} and {b} in {o} oblast; Ukrainian forces repelled "
    "the attacks, the General Staff of the Armed Forces of Ukraine reported.",
    "On {d}, Ukrainian forces struck Russian positions near {a}, {o} oblast, with drones. Russia's Defence "
    "Ministry claimed its troops had taken control of {b}; the claim could not be confirmed.",
    "On {d}, a Russian guided aerial bomb hit an apartment building in {a}, {o} oblast, killing {n} people. "
    "Rescue work continued into the night.",
    "On {d}, clashes were reported between Ukrainian and Russian forces on the outskirts of {a} and north of "
    "{b} ({o} oblast). Casualties unknown.",
)


def event_notes(gaz: Gazetteer, count: int, *, seed: int = 7) -> list[dict]:
    """``count`` event notes (JSON records with id, date, text) naming settlements of the eastern and
    southern oblasts drawn at random: a corpus where most names are new to the gazetteer."""
    import random

    rng = random.Random(seed)
    oblasts = {"05": "Donetsk", "14": "Luhansk", "07": "Kharkiv", "26": "Zaporizhzhia", "08": "Kherson"}
    places = [p for p in gaz.iter_places(country_code="UA") if p.admin1_code in oblasts]
    rng.shuffle(places)
    # places are named as in real reporting: a few often, most rarely (Zipf's law over a random order)
    weights = [1 / (rank + 1) for rank in range(len(places))]
    notes = []
    for i in range(count):
        a, b = rng.choices(places, weights, k=2)
        day = f"202{rng.randint(2, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = rng.choice(_NOTES).format(
            d=day, a=a.name, b=b.name, o=oblasts[a.admin1_code], n=rng.randint(1, 9)
        )
        notes.append({"id": f"n{i}", "date": day, "text": text})
    return notes


def _geoparse_cpu(records: list[dict], gazetteer_args: list[str], tmp: Path) -> float:
    """CPU seconds of `frontline geoparse` on ``records`` as a JSON lines file, output discarded."""
    path = tmp / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run([sys.executable, '-m', 'frontline', 'geoparse', *sys.argv[1:]],"
        " stdout=subprocess.DEVNULL, check=True)\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(r.ru_utime + r.ru_stime)\n"
    )
    return float(_child(code, [str(path), *gazetteer_args])[0])


_FIRST_RUNS = 3  # first passes, each in a new process: the median is printed


@dataclass(frozen=True)
class FirstPass:
    """MB/s of first passes over notes naming new places: median, best, worst; and the corpus's MB."""

    median_mb_s: float
    best_mb_s: float
    worst_mb_s: float
    size_mb: float


def end_to_end(gaz: Gazetteer, reports: list[dict], gazetteer_args: list[str]) -> tuple[float, FirstPass]:
    """MB/s of `frontline geoparse` (one process, JSON lines in and out, start-up excluded): warm, on
    event notes and the evaluation reports seen before in the same run; and the first pass, on notes
    whose names are new to the process."""
    fresh = event_notes(gaz, 6000)
    seen = event_notes(gaz, 300, seed=11) + [
        {"id": r["id"], "date": r.get("date"), "text": r["text"]} for r in reports
    ]
    size = lambda rs: sum(len(json.dumps(r, ensure_ascii=False).encode()) + 1 for r in rs)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = statistics.median(_geoparse_cpu(seen[:1], gazetteer_args, folder) for _ in range(3))
        once = _geoparse_cpu(seen, gazetteer_args, folder)
        ten = _geoparse_cpu(seen * 10, gazetteer_args, folder)
        firsts = [_geoparse_cpu(fresh, gazetteer_args, folder) for _ in range(_FIRST_RUNS)]
    warm = 9 * size(seen) / 1e6 / (ten - once)
    rates = [size(fresh) / 1e6 / (first - start) for first in firsts]
    return warm, FirstPass(statistics.median(rates), max(rates), min(rates), size(fresh) / 1e6)


def big_text_memory(
    reports: list[dict], gazetteer_args: list[str], size_mb: int = 50
) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and places found for ``frontline geoparse`` on a ``size_mb`` MB text
    made of the reports over and over."""
    block = "\n\n".join(r["text"] for r in reports) + "\n\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        with path.open("w", encoding="utf-8") as fh:
            written = 0
            while written < size_mb * 1_000_000:
                fh.write(block)
                written += len(block.encode("utf-8"))
        code = (
            "import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "p = subprocess.run([sys.executable, '-m', 'frontline', 'geoparse', sys.argv[1], *sys.argv[2:]],"
            " stdout=subprocess.PIPE, check=True)\n"
            "import json\n"
            "n = len(json.loads(p.stdout)['places'])\n"
            "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "print(time.perf_counter() - t, rss, n)\n"
        )
        out = _child(code, [str(path), *gazetteer_args])
    return float(out[0]), float(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors", action="store_true", help="list every miss, wrong place and spurious find"
    )
    parser.add_argument("--skip-big", action="store_true", help="skip the 50 MB memory run")
    args = parser.parse_args()
    reports = load_eval()
    langs = defaultdict(int)
    for r in reports:
        langs[r["lang"]] += 1
    n_mentions = sum(len(r["mentions"]) for r in reports)
    print(f"Evaluation set: {len(reports)} reports ({dict(langs)}), {n_mentions} gold mentions\n")
    configs: list[tuple[str, list[Path]]] = [("embedded default (GeoNames cities500)", [])]
    if UA_ZIP.is_file():
        configs.append((f"full GeoNames dump {UA_ZIP.name} + cities500", [UA_ZIP]))
    else:
        print(f"({UA_ZIP} absent: full-dump figures skipped)\n")
    py = [sys.executable]
    for title, paths in configs:
        print(f"== {title}")
        start = time.perf_counter()
        gaz = Gazetteer.open(paths) if paths else embedded_only()
        opened = time.perf_counter() - start
        info = gaz.info()
        size_mb = Path(str(info["index"])).stat().st_size / 1e6
        print(
            f"  index: {info['places']:,} places, {info['keys']:,} keys, {size_mb:.1f} MB; "
            f"built in {info['built_seconds']} s (this open: {opened:.1f} s)"
        )
        evaluate(gaz, reports, show_errors=args.errors)
        median, best, worst = throughput(gaz, reports)
        print(
            f"  throughput (warm, one core, find + resolve): {median:.2f} MB/s "
            f"(median of {_WINDOWS} windows of {_WINDOW_S:g} s of CPU time; "
            f"best {best:.2f}, worst {worst:.2f})"
        )
        gz = [arg for p in paths for arg in ("--gazetteer", str(p))]
        api = "import gazetteer, sys; g = gazetteer.Gazetteer.open(sys.argv[1:]); g.resolve('Kupiansk')"
        api_s = cold_start([*py, "-c", api, *map(str, paths)])
        cli_s = cold_start([*py, "-m", "frontline", "geocode", "Kupiansk", *gz])
        print(
            f"  cold start to first result (median of 7, wall clock / CPU): Python API {api_s[0]:.3f} / "
            f"{api_s[1]:.3f} s, CLI `frontline geocode Kupiansk` {cli_s[0]:.3f} / {cli_s[1]:.3f} s"
        )
        warm, first = end_to_end(gaz, reports, gz)
        print("  end to end through `frontline geoparse` (one process, JSON lines; start-up excluded):")
        print(f"    warm (texts seen before in the run): {warm:.2f} MB/s per core")
        print(
            f"    first pass (caches empty but the index; {first.size_mb:.1f} MB of notes of new places): "
            f"{first.median_mb_s:.2f} MB/s per core (median of {_FIRST_RUNS}; "
            f"best {first.best_mb_s:.2f}, worst {first.worst_mb_s:.2f})"
        )
        if not args.skip_big:
            seconds, rss, found = big_text_memory(reports, gz)
            print(
                f"  50 MB plain text through `frontline geoparse`: {seconds:.1f} s, peak RSS {rss:.0f} MB, "
                f"{found:,} places"
            )
        print()


if __name__ == "__main__":
    main()
