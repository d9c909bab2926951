"""Bulk geoparsing on Dask measured: a generated corpus through a local cluster of 1 and of 2 workers.

    python benchmarks/bulk.py [--posts 200000] [--workers 1,2] [--partition 2000] [--repeat 3]

The corpus is Telegram-like posts written from our own sentence templates, naming settlements of the
eastern and southern oblasts drawn from the GeoNames UA dump (../shared/data/geonames/UA.zip; the embedded
cities500 names when it is absent), a few often and most rarely, as reporting does. It is written as
JSON lines and geoparsed with the default gazetteer through :func:`frontline.bulk.geoparse_blocks` (as
``frontline geoparse --workers`` does), output consumed and thrown away. Printed per cluster size:
posts/s, the speed-up over one worker, the peak resident memory of each worker, the CPU the client
process used (reading, sending, receiving; with a local cluster its scheduler runs there too) as a
share of one core over the run, and what 5 million posts would take on 16 cores at the measured
efficiency. Each size runs ``--repeat`` times, the sizes taking turns, and the medians are printed (one
run on a shared machine is noise: ±5 %), with every run's rate. The machine is shared: the highest load
average seen before a run is printed; the client's share does not depend on it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontline.bulk import geoparse_blocks, open_client, worker_gazetteer  # noqa: E402

UA_ZIP = ROOT.parent / "shared" / "data" / "geonames" / "UA.zip"
OBLASTS = {"05": "Donetsk", "14": "Luhansk", "07": "Kharkiv", "26": "Zaporizhzhia", "08": "Kherson"}
POSTS = (
    "⚡️ {a}: enemy shelling since the morning, {n} houses damaged, no casualties so far.",
    "Our defenders repelled {n} assaults near {a} and {b} over the past day. Glory to Ukraine!",
    "Russian forces advanced west of {a}, {o} oblast, according to geolocated footage.",
    "The MoD reports that units of the Southern group liberated {a}. Fighting continues near {b}.",
    "A guided bomb hit the centre of {a}; {n} people were wounded, the regional administration said.",
    "Evacuation from {a} and nearby villages continues; buses leave from {b} every morning.",
    "Drone footage shows destroyed armour on the road between {a} and {b}.",
    "Power is cut in {a} after a strike on a substation overnight.",
    "Situation on the front: heavy fighting on the {o} direction, no change around {a}.",
    "Air raid alert in {o} oblast. Stay in shelters.",
)


def place_names(rng: random.Random) -> list[tuple[str, str]]:
    """(name, oblast) of settlements in the five oblasts: the UA dump when present, else cities500."""
    names: list[tuple[str, str]] = []
    if UA_ZIP.is_file():
        with zipfile.ZipFile(UA_ZIP) as z, z.open("UA.txt") as f:
            for raw in f:
                cols = raw.decode("utf-8").split("\t")
                if cols[6] == "P" and cols[10] in OBLASTS:
                    names.append((cols[1], OBLASTS[cols[10]]))
    else:
        from gazetteer import Gazetteer

        gaz = Gazetteer.open()
        for p in gaz.iter_places(country_code="UA"):
            if p.admin1_code in OBLASTS:
                names.append((p.name, OBLASTS[p.admin1_code]))
    rng.shuffle(names)
    return names


def write_corpus(path: Path, n: int, seed: int = 16) -> None:
    rng = random.Random(seed)
    names = place_names(rng)
    weights = [1 / (rank + 1) for rank in range(len(names))]  # Zipf: a few names often, most rarely
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            (a, o), (b, _) = rng.choices(names, weights, k=2)
            day = f"202{rng.randint(2, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            text = rng.choice(POSTS).format(a=a, b=b, o=o, n=rng.randint(1, 9))
            record = {"id": f"t{i}", "date": day, "source": f"t.me/channel{i % 40}", "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm() -> int:
    worker_gazetteer(())
    return os.getpid()


def measure(corpus: Path, workers: int, partition: int) -> tuple[float, list[float], float]:
    """Posts/s, each worker's peak resident MB, and the client process's CPU share of one core."""
    client = open_client(workers=workers)
    try:
        client.run(_warm)  # every worker opens the gazetteer before the clock starts
        t0, cpu0 = time.perf_counter(), time.process_time()
        # as `frontline geoparse --workers` takes the output: each partition's block of JSON lines
        count = sum(
            block.count(b"\n") for block in geoparse_blocks([corpus], client=client, partition_size=partition)
        )
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        peaks = list(client.run(_peak_rss_mb).values())
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()
    return count / elapsed, peaks, cpu / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--workers", default="1,2", help="cluster sizes, comma-separated")
    parser.add_argument("--partition", type=int, default=2_000, help="records per partition")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each cluster size (medians printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "posts.jsonl"
        write_corpus(corpus, args.posts)
        size_mb = corpus.stat().st_size / 2**20
        origin = "UA dump" if UA_ZIP.is_file() else "cities500"
        print(f"corpus: {args.posts:,} posts, {size_mb:.0f} MB; names from {origin}")
        print(
            f"{'workers':>7} {'posts/s':>9} {'speed-up':>9} {'peak MB/worker':>15} {'client CPU':>11} "
            f"{'load avg':>9}   posts/s of each run"
        )
        sizes = [int(x) for x in args.workers.split(",")]
        runs: dict[int, list[tuple[float, list[float], float, float]]] = {w: [] for w in sizes}
        for _ in range(args.repeat):  # the sizes in turn, so a slow spell of the machine hits each alike
            for w in sizes:
                load = os.getloadavg()[0]
                rate, peaks, client_cpu = measure(corpus, w, args.partition)
                runs[w].append((rate, peaks, client_cpu, load))
        rates = {w: statistics.median(r[0] for r in runs[w]) for w in sizes}
        base = rates[sizes[0]]
        for w in sizes:
            spread = "/".join(f"{r[0]:,.0f}" for r in runs[w])
            print(
                f"{w:>7} {rates[w]:>9,.0f} {rates[w] / base:>8.2f}× "
                f"{max(max(r[1]) for r in runs[w]):>15,.0f} "
                f"{statistics.median(r[2] for r in runs[w]):>10.0%} "
                f"{max(r[3] for r in runs[w]):>9.1f}   {spread}",
                flush=True,
            )
        top = max(rates)
        efficiency = rates[top] / (rates[min(rates)] * top / min(rates))
        per_core = rates[min(rates)] / min(rates)
        minutes = 5_000_000 / (per_core * 16 * efficiency) / 60
        print(
            f"5,000,000 posts on 16 cores at {efficiency:.0%} of linear scaling "
            f"({per_core:,.0f} posts/s a core): {minutes:,.1f} min"
        )


if __name__ == "__main__":
    main()
