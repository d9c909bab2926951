"""OSM import at country scale, measured on a synthetic road extract written here with pyosmium.

    python benchmarks/osm.py [--nodes 5000000] [--ways 600000] [--seed 7] [--dir DIR] [--skip-pyrosm]
                             [--rank-limit 300]

The extract is a road extract (what ``osmium tags-filter`` leaves of a country for the kept classes):
a lattice of junctions about 7 km apart over 13°×9° (about Ukraine), every stretch between two
junctions split into several ways as OSM splits roads (speed limits, lanes, surfaces), bridges among
them. Every road's tags — class, ref, names, maxspeed, lanes, … — and every railway's are drawn whole
from the kept ways of the real extracts in ``../shared/data/osm/`` (exits with a message when they
are absent), as are the share of railways and of bridges; stations stand on the railways. Written
once per size and seed into ``--dir`` (default: a ``frontline-osm-bench`` folder in the system's temp
directory), never into the repository.

Each import runs in a fresh process so that its peak RSS is its own. Prints:

* the file: nodes, ways, MB, the tag distributions drawn;
* the import in one pass (node locations in memory) and in two passes (kept nodes' locations
  only): seconds wall and CPU, kept ways per second of each, peak RSS, junctions and edges;
* libosmium's bare reading speed (MB/s, no way kept) and the extrapolation to a 700 MB country
  extract: reading at that speed once per pass, plus the kept network at the measured rate; and what
  libosmium alone, in C++, reading the file with node locations and keeping nothing, comes to in
  kept ways per CPU second: the most any import through pyosmium could reach;
* every hub of the imported graph ranked for 10 × 10 routes across it (sources on its west edge,
  targets on its east edge), in a child of its own, given up after ``--rank-limit`` seconds;
* side by side with pyrosm (when importable: it is no dependency of the project; ``pip install
  --target DIR pyrosm`` and put DIR on PYTHONPATH) on the shared Helsinki and Finland extracts: edges
  and seconds, the best of three runs each.

Targets: ≥ 300,000 kept ways per CPU second (CPU, not wall: the machine is shared, and the load
average at the start and end of the run is printed), peak RSS ≤ 2 GB for the 5 M-node file, all hubs
ranked ≤ 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OSM_DIR = ROOT.parent / "shared" / "data" / "osm"
SAMPLES = ("helsinki.osm.pbf", "small-finland.osm.pbf", "west-oakland.osm")
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

log = logging.getLogger("benchmarks.osm")

KEPT = {"motorway", "trunk", "primary", "secondary"}
KEPT |= {f"{k}_link" for k in KEPT}
COUNTRY_MB = 700
TARGET_WAYS_S, TARGET_RSS_MB, TARGET_RANK_S = 300_000, 2048, 30.0


# -- the real distributions ------------------------------------------------------------------------


def real_pool() -> tuple[list[dict[str, str]], list[dict[str, str]], float, float]:
    """Kept roads' and railways' tag sets from the shared extracts, the share of bridges among kept
    ways and of stations per railway way."""
    import osmium

    roads: list[dict[str, str]] = []
    rails: list[dict[str, str]] = []
    bridges = stations = 0
    for name in SAMPLES:
        path = OSM_DIR / name
        if not path.is_file():
            continue
        for obj in osmium.FileProcessor(str(path)):
            tags = dict(obj.tags)
            if obj.is_node():
                stations += tags.get("railway") in ("station", "halt")
                continue
            if not obj.is_way():
                continue
            rail = tags.get("railway") == "rail" and "service" not in tags
            if tags.get("highway") not in KEPT and not rail:
                continue
            if tags.pop("bridge", "no") != "no":
                bridges += 1
                tags.pop("layer", None)
            (rails if tags.get("railway") == "rail" else roads).append(tags)
    if not roads:
        sys.exit(f"the real OSM extracts are absent from {OSM_DIR} — they give the tag distributions")
    kept = len(roads) + len(rails)
    return roads, rails, bridges / kept, stations / max(1, len(rails))


# -- the synthetic extract ---------------------------------------------------------------------------


def generate(path: Path, nodes: int, ways: int, seed: int) -> dict:  # noqa: PLR0915 - one recipe, in order
    """Write the synthetic road extract; returns what was drawn."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    roads, rails, bridge_share, station_share = real_pool()
    rail_share = len(rails) / (len(roads) + len(rails))
    ways_per_stretch = 7.5
    stretches = math.ceil(ways / ways_per_stretch)
    side = math.ceil(math.sqrt(stretches / 2)) + 1
    per_stretch = max(2, math.ceil((nodes - side * side) / (2 * side * (side - 1))))
    dx, dy = 13.0 / side, 9.0 / side
    jx = 24.0 + np.arange(side)[None, :] * dx + nrng.uniform(-dx / 4, dx / 4, (side, side))
    jy = 44.5 + np.arange(side)[:, None] * dy + nrng.uniform(-dy / 4, dy / 4, (side, side))

    tmp = path.with_name(path.name + ".part.osm.pbf")
    tmp.unlink(missing_ok=True)
    drawn: Counter[str] = Counter()
    way_list: list[tuple[list[int], dict[str, str]]] = []
    station_nodes: list[int] = []
    next_id = side * side + 1
    coords_out: list[np.ndarray] = []

    def stretch(a: tuple[int, int], b: tuple[int, int]) -> list[int]:
        nonlocal next_id
        m = max(1, int(nrng.poisson(per_stretch)))
        t = (np.arange(1, m + 1) / (m + 1))[:, None]
        p0 = np.array([jx[a], jy[a]])
        p1 = np.array([jx[b], jy[b]])
        wiggle = np.sin(t * math.pi * rng.randint(1, 3)) * rng.uniform(-0.15, 0.15) * np.array([dy, dx]) / 2
        pts = p0 + (p1 - p0) * t + wiggle + nrng.normal(0, dx / 400, (m, 2))
        ids = list(range(next_id, next_id + m))
        next_id += m
        coords_out.append(pts)
        return [1 + a[0] * side + a[1], *ids, 1 + b[0] * side + b[1]]

    def line(cells: list[tuple[int, int]]) -> None:
        """One lattice line: roads (or a railway) of a few stretches each, every stretch several ways."""
        i = 0
        while i < len(cells) - 1:
            run = rng.randint(3, 12)
            rail = rng.random() < rail_share
            tags = dict(rng.choice(rails if rail else roads))
            drawn["rail" if rail else tags.get("highway", "?")] += 1
            for a, b in zip(cells[i : i + run], cells[i + 1 : i + run + 1], strict=False):
                ids = stretch(a, b)
                k = min(len(ids) - 1, max(1, int(nrng.poisson(ways_per_stretch - 1)) + 1))
                cuts = sorted(rng.sample(range(1, len(ids) - 1), k - 1)) if k > 1 else []
                for lo, hi in zip([0, *cuts], [*cuts, len(ids) - 1], strict=True):
                    way_tags = tags
                    if rng.random() < bridge_share:
                        way_tags = {**tags, "bridge": "yes", "layer": "1"}
                        drawn["bridge"] += 1
                    way_list.append((ids[lo : hi + 1], way_tags))
                    if rail and rng.random() < station_share and hi - lo > 1:
                        station_nodes.append(ids[lo + 1])
            i += run

    for r in range(side):
        line([(r, c) for c in range(side)])
    for c in range(side):
        line([(r, c) for r in range(side)])

    coords = np.concatenate(coords_out)
    stations = set(station_nodes)
    write(tmp, np.column_stack([jx.ravel(), jy.ravel()]), coords, way_list, stations, rng)
    tmp.rename(path)
    info = {
        "nodes": int(side * side + len(coords)),
        "ways": len(way_list),
        "junctions": side * side,
        "stations": len(stations),
        "drawn": dict(drawn.most_common()),
        "bridge_share": bridge_share,
        "rail_share": rail_share,
    }
    path.with_suffix(".json").write_text(json.dumps(info), encoding="utf-8")
    return info


def write(
    path: Path,
    junctions: np.ndarray,
    coords: np.ndarray,
    ways: list[tuple[list[int], dict[str, str]]],
    stations: set[int],
    rng: random.Random,
) -> None:
    """Nodes (junctions first, then the other vertices, ids in order) and ways, with versions and
    timestamps as a public extract carries them (Geofabrik's drop user and changeset)."""
    import osmium
    from osmium.osm.mutable import Node, Way

    stamps = [dt.datetime(2012 + k % 13, 1 + k % 12, 1 + k % 28, tzinfo=dt.UTC) for k in range(97)]

    def meta() -> dict:
        return {"version": rng.randint(1, 9), "timestamp": stamps[rng.randrange(97)]}

    with osmium.SimpleWriter(str(path)) as writer:
        for k, (x, y) in enumerate(junctions.tolist(), start=1):
            writer.add_node(Node(id=k, location=(x, y), **meta()))
        for k, (x, y) in enumerate(coords.tolist(), start=len(junctions) + 1):
            tags = {"railway": "station", "name": f"Station {k}"} if k in stations else {}
            writer.add_node(Node(id=k, location=(x, y), tags=tags, **meta()))
        for wid, (refs, tags) in enumerate(ways, start=1):
            writer.add_way(Way(id=wid, nodes=refs, tags=tags, **meta()))


# -- measured in a child process ---------------------------------------------------------------------


def child_import(path: Path, two_pass: bool) -> None:
    """Import ``path``; print the figures as JSON (peak RSS is this process's)."""
    from frontline.network.osm import import_osm

    t, cpu = time.perf_counter(), time.process_time()
    G = import_osm(path, two_pass=two_pass)
    seconds, cpu_s = time.perf_counter() - t, time.process_time() - cpu
    out = {
        "seconds": seconds,
        "cpu": cpu_s,
        "kept": G.graph["osm_ways"],
        "junctions": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    sys.stdout.write(json.dumps(out) + "\n")


def child_rank(path: Path) -> None:
    """Import ``path`` and rank every hub for 10 × 10 routes across it; print the figures as JSON."""
    import networkx as nx

    from frontline.network import rank_hubs
    from frontline.network.osm import import_osm

    G = import_osm(path)
    roads = G.edge_subgraph((u, v, k) for u, v, k, m in G.edges(keys=True, data="mode") if m == "road")
    giant = max(nx.connected_components(roads), key=len)
    by_x = sorted(giant, key=lambda n: G.nodes[n]["x"])
    rng = random.Random(7)
    sources = rng.sample(by_x[: max(10, len(by_x) // 50)], 10)
    targets = rng.sample(by_x[-max(10, len(by_x) // 50) :], 10)
    t, cpu = time.perf_counter(), time.process_time()
    ranked = rank_hubs(G, sources=sources, targets=targets)
    out = {
        "rank_s": time.perf_counter() - t,
        "rank_cpu": time.process_time() - cpu,
        "hubs": len(ranked),
        "hubs_changing": sum(1 for h in ranked if h.cut or h.added_km),
        "top": [(h.hub, G.nodes[h.nodes[0]]["name"], round(h.added_km, 1), h.cut) for h in ranked[:3]],
    }
    sys.stdout.write(json.dumps(out) + "\n")


def child_read(path: Path) -> None:
    """libosmium alone: the file read with node locations, no way kept (nothing reaches Python)."""
    import osmium

    t, cpu = time.perf_counter(), time.process_time()
    locations = osmium.NodeLocationsForWays(osmium.index.create_map("flex_mem"))
    locations.ignore_errors()
    nothing = osmium.filter.TagFilter(("highway", "no such class"))
    with osmium.io.Reader(str(path), osmium.osm.NODE | osmium.osm.WAY) as reader:
        osmium.apply(reader, locations, nothing)
    sys.stdout.write(
        json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu}) + "\n"
    )


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def in_child(*args: str, limit_s: float | None = None) -> dict | None:
    """The figures a child run prints; None when it takes longer than ``limit_s``."""
    try:
        proc = subprocess.run(
            [sys.executable, __file__, *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=limit_s,
        )
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        sys.exit(f"child {' '.join(args)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- pyrosm side by side ------------------------------------------------------------------------------


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """The least wall and CPU seconds of ``runs`` calls, and the last result."""
    wall = cpu = math.inf
    out = None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = min(wall, time.perf_counter() - t), min(cpu, time.process_time() - c)
    return wall, cpu, out


def compare_pyrosm() -> None:
    from frontline.network.osm import import_osm

    try:
        import pyrosm
    except ImportError:
        log.info(
            "  pyrosm: not importable (pip install --target DIR pyrosm, then PYTHONPATH=DIR, to compare)"
        )
        return
    import contextlib
    import io
    import warnings

    import_osm(OSM_DIR / "small-finland.osm.pbf")  # warm: imports of scipy, shapely, pyproj

    def theirs(path: Path) -> Any:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            return pyrosm.OSM(str(path)).get_network(network_type="driving", nodes=True)[1]

    for name in ("helsinki.osm.pbf", "small-finland.osm.pbf"):
        path = OSM_DIR / name
        if not path.is_file():
            continue
        ours_s, ours_cpu, G = best_of(3, lambda path=path: import_osm(path))
        theirs_s, theirs_cpu, edges = best_of(3, lambda path=path: theirs(path))
        same_classes = int(edges["highway"].isin(KEPT).sum())
        log.info(
            "  %-22s frontline: %5d edges (%d junctions, kept classes + rail) in %.2f s (%.2f s CPU) | "
            "pyrosm %s driving: %5d edges (%d of the kept classes, no rail) in %.2f s (%.2f s CPU)",
            name, G.number_of_edges(), G.number_of_nodes(), ours_s, ours_cpu, pyrosm.__version__,
            len(edges), same_classes, theirs_s, theirs_cpu,
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5_000_000)
    parser.add_argument("--ways", type=int, default=600_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "frontline-osm-bench")
    parser.add_argument("--skip-pyrosm", action="store_true")
    parser.add_argument(
        "--rank-limit",
        type=float,
        default=300.0,
        help="seconds the hub ranking may take before it is given up",
    )
    parser.add_argument("--child", choices=["import", "import2", "read", "rank"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "read":
        return child_read(args.file)
    if args.child == "rank":
        return child_rank(args.file)
    if args.child:
        return child_import(args.file, args.child == "import2")
    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # quiet libraries (pyrosm logs)
    log.setLevel(logging.INFO)

    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"roads-{args.nodes}-{args.ways}-{args.seed}.osm.pbf"
    if path.is_file() and path.with_suffix(".json").is_file():
        info = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        log.info("synthetic road extract (kept from an earlier run): %s", path)
    else:
        t = time.perf_counter()
        info = generate(path, args.nodes, args.ways, args.seed)
        log.info("synthetic road extract written in %.0f s: %s", time.perf_counter() - t, path)
    mb = path.stat().st_size / 1e6
    log.info(
        "  %s nodes, %s ways (%s junctions, %s stations), %.0f MB; roads drawn from the real extracts: %s;"
        " railway share %.0f %%, bridge share %.1f %%",
        f"{info['nodes']:,}", f"{info['ways']:,}", f"{info['junctions']:,}", f"{info['stations']:,}", mb,
        ", ".join(f"{k} {v}" for k, v in info["drawn"].items()), 100 * info["rail_share"],
        100 * info["bridge_share"],
    )  # fmt: skip

    log.info("load average at the start: %s (%d cores)", load(), os.cpu_count() or 0)
    one = in_child("--child", "import", "--file", str(path))
    two = in_child("--child", "import2", "--file", str(path))
    bare = in_child("--child", "read", "--file", str(path))
    assert one is not None and two is not None and bare is not None  # no limit on these
    for label, r in (("one pass (locations in memory)", one), ("two passes (kept nodes on disk)", two)):
        log.info(
            "import, %s: %.1f s wall, %.1f s CPU — %s kept ways/s wall (%s per CPU s); peak RSS %.0f MB;"
            " %s ways → %s junctions, %s edges",
            label, r["seconds"], r["cpu"], f"{r['kept'] / r['seconds']:,.0f}", f"{r['kept'] / r['cpu']:,.0f}",
            r["peak_rss_mb"], f"{r['kept']:,}", f"{r['junctions']:,}", f"{r['edges']:,}",
        )  # fmt: skip
    read_mb_s = mb / bare["seconds"]
    kept_s = max(0.0, two["seconds"] - 2 * bare["seconds"])  # the kept network's share of the import
    country_s = 2 * COUNTRY_MB / read_mb_s + kept_s
    log.info(
        "libosmium alone reads the file at %.0f MB/s; a %d MB country extract: ≈ %.0f s in two passes"
        " (2 × %.0f s reading + %.0f s for a kept network of this size), peak RSS ≈ %.0f MB (bounded by"
        " the kept network, not the file)",
        read_mb_s, COUNTRY_MB, country_s, COUNTRY_MB / read_mb_s, kept_s, two["peak_rss_mb"],
    )  # fmt: skip
    log.info(
        "libosmium alone, in C++, reading this file with node locations and keeping nothing: %.1f s CPU,"
        " that is %s kept ways per CPU s — the most an import through pyosmium could reach, before the"
        " import's own work on each kept way (tags, junctions, the graph)",
        bare["cpu"], f"{one['kept'] / bare['cpu']:,.0f}",
    )  # fmt: skip
    rank = in_child("--child", "rank", "--file", str(path), limit_s=args.rank_limit)
    if rank is None:
        log.info(
            "rank every hub for 10 × 10 routes across the network: given up after %.0f s (the import's"
            " share of that is the one-pass figure above)", args.rank_limit,
        )  # fmt: skip
    else:
        log.info(
            "rank every hub (%s) for 10 × 10 routes across the network: %.1f s wall, %.1f s CPU; %d change"
            " some route; top: %s",
            f"{rank['hubs']:,}", rank["rank_s"], rank["rank_cpu"], rank["hubs_changing"],
            "; ".join(f"{name} (+{km} km, {cut} cut)" for _, name, km, cut in rank["top"]),
        )  # fmt: skip
    if not args.skip_pyrosm:
        log.info("side by side with pyrosm on the shared extracts:")
        compare_pyrosm()
    best = max(one["kept"] / one["cpu"], two["kept"] / two["cpu"])
    log.info("load average at the end: %s", load())
    checks = {
        f"≥ {TARGET_WAYS_S:,} kept ways per CPU s (best {best:,.0f})": best >= TARGET_WAYS_S,
        f"peak RSS ≤ {TARGET_RSS_MB} MB": max(one["peak_rss_mb"], two["peak_rss_mb"]) <= TARGET_RSS_MB,
        f"ranking ≤ {TARGET_RANK_S:.0f} s": rank is not None and rank["rank_s"] <= TARGET_RANK_S,
    }
    log.info("targets: %s", "; ".join(f"{k}: {'met' if ok else 'NOT met'}" for k, ok in checks.items()))
    return None


if __name__ == "__main__":
    main()
