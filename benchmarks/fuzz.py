"""A random campaign of hostile input against the command line, counted: the fuzz suite at scale.

    python benchmarks/fuzz.py [--cases 1000] [--seed N] [--show 5]

Draws cases from the strategies of ``tests/fuzz_cases.py`` (malformed text and JSON lines, broken files
of every importer's type, odd numbers and days in options), runs each in-process against a copy of a
small event store, and prints: how many cases ran, exits by status, cases by family with their exits
and mean time, and every break of the contract (exit not 0 or 2; on 2, not exactly one stderr line, or
the store changed) with the first few examples. Hypothesis generates without shrinking, so a break is
counted, not minimised; ``tests/test_fuzz_cli.py`` shrinks what it finds.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import hypothesis  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from tests.fuzz_cases import Case, Outcome, broken, cases, check, make_store  # noqa: E402


def campaign(n_cases: int, seed: int | None, template: Path) -> list[tuple[Outcome, float, str | None]]:
    results: list[tuple[Outcome, float, str | None]] = []

    @settings(
        max_examples=n_cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cases())
    def one(case: Case) -> None:
        start = time.perf_counter()
        outcome = check(case, template)
        results.append((outcome, time.perf_counter() - start, broken(outcome)))

    (hypothesis.seed(seed)(one) if seed is not None else one)()
    return results


def report(results: list[tuple[Outcome, float, str | None]], seconds: float, show: int) -> None:
    statuses = collections.Counter(o.ran.returncode for o, _, _ in results)
    print(f"cases: {len(results):,} in {seconds:.0f} s ({len(results) / max(seconds, 1e-9):.1f}/s)")
    print("exits: " + ", ".join(f"{code}: {n:,}" for code, n in sorted(statuses.items())))
    families: dict[str, list[tuple[int, float]]] = collections.defaultdict(list)
    for o, took, _ in results:
        families[o.case.family].append((o.ran.returncode, took))
    print(f"{'family':<30} {'cases':>6} {'exit 0':>7} {'exit 2':>7} {'other':>6} {'mean s':>7}")
    for family, runs in sorted(families.items()):
        codes = collections.Counter(c for c, _ in runs)
        other = len(runs) - codes[0] - codes[2]
        mean = sum(t for _, t in runs) / len(runs)
        print(f"{family:<30} {len(runs):>6} {codes[0]:>7} {codes[2]:>7} {other:>6} {mean:>7.2f}")
    breaks = [(o, why) for o, _, why in results if why]
    print(f"contract broken: {len(breaks):,}")
    for o, why in breaks[:show]:
        print(f"  {o.case.family} {list(o.case.args)[:8]}: {why}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed, to repeat a campaign")
    parser.add_argument("--show", type=int, default=5, help="examples of broken contract to print")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="frontline-fuzz-bench-") as tmp:
        os.environ.setdefault("FRONTLINE_DATA_DIR", str(Path(tmp) / "data"))
        template = make_store(Path(tmp))
        start = time.perf_counter()
        results = campaign(args.cases, args.seed, template)
        report(results, time.perf_counter() - start, args.show)


if __name__ == "__main__":
    main()
