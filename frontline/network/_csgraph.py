"""Fast hub ranking on scipy.sparse.csgraph (private: :func:`frontline.network.impact.rank_hubs` uses it).

Losing hub H can only lengthen a route whose cheapest path runs through H, and only the part of a
source's shortest-path tree below H changes: every node outside the subtrees of H keeps its distance.
So for each source and each hub on one of its paths we run Dijkstra only over the subtrees of H (minus
H), seeded from their boundary with the unchanged distances outside — the exact new distances, at a
fraction of a full recomputation. Hubs on no path change nothing and cost nothing.

Beside each cost the distance travelled along the same path is summed (the cost may charge more than
length: road↔rail transfers, surcharges), from the length of every edge chosen and the predecessors
Dijkstra records, so that distance and penalty can be reported apart without tracing any route again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import depth_first_order, dijkstra

from .costs import EdgeCost

__all__: list[str] = []

_MIN_WEIGHT = 1e-9  # csgraph must not meet explicit zeros; a zero-cost edge costs this instead


@dataclass(frozen=True)
class _Compiled:
    """The graph as csgraph needs it: ``csr`` holds the cost of the cheapest usable edge between two
    nodes (rows and columns in ``nodes`` order, indices sorted) and ``length_km`` that same edge's
    length at the same positions as ``csr.data`` — so a path's distance travelled can be summed beside
    its cost, and the penalties (cost − length) reported apart, without routing again in networkx."""

    nodes: list[Hashable]
    index: dict[Hashable, int]
    csr: csr_matrix
    length_km: np.ndarray

    def positions(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Where the edges u→v (which must exist) sit in ``csr.data`` and ``length_km``: the entries,
        read row by row, are sorted by (row, column), so one binary search over row × n + column finds
        them all."""
        n = len(self.nodes)
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.csr.indptr))
        keys = rows * n + self.csr.indices
        return np.searchsorted(keys, np.asarray(u, dtype=np.int64) * n + v)


def compile_graph(G: nx.MultiGraph, cost: EdgeCost) -> _Compiled:
    """A symmetric CSR matrix of the cheapest usable edge between each pair of nodes, and its length.

    Of parallel edges costing the same the first is kept, as :mod:`.routes` does when it turns a path
    into edges, so both report the same length for the same path."""
    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    best: dict[tuple[int, int], tuple[float, float]] = {}  # (cost, length_km) of the cheapest edge
    for u, v, k, d in G.edges(keys=True, data=True):
        c = cost(u, v, k, d)
        if c is None or u == v:
            continue
        a, b = index[u], index[v]
        pair = (a, b) if a < b else (b, a)
        if pair not in best or c < best[pair][0]:
            best[pair] = (c, float(d.get("length_km", 0.0)))
    n = len(nodes)
    ab = np.array(list(best), dtype=np.int64).reshape(-1, 2)
    chosen = np.array(list(best.values()), dtype=float).reshape(-1, 2)
    rows = np.concatenate([ab[:, 0], ab[:, 1]])
    cols = np.concatenate([ab[:, 1], ab[:, 0]])
    cost_km = np.tile(np.maximum(chosen[:, 0], _MIN_WEIGHT), 2)
    length_km = np.tile(chosen[:, 1], 2)
    order = np.lexsort((cols, rows))  # CSR order: by row, columns sorted within a row
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int64)
    csr = csr_matrix((cost_km[order], cols[order], indptr), shape=(n, n))
    csr.sort_indices()  # already sorted: this only checks
    return _Compiled(nodes, index, csr, length_km[order])


def _sums_from_roots(parent: np.ndarray, step: np.ndarray) -> np.ndarray:
    """For every node of a forest, the sum of ``step`` along its path from its root (0 at roots and at
    nodes with no parent); ``parent`` < 0 marks both, ``step[x]`` belongs to the edge parent(x)→x.

    Pointer jumping: ``total[x]`` holds the sum between ``up[x]`` and x; each round adds the sum above
    ``up[x]`` and jumps to its ancestor, so a path d edges deep takes log2(d) rounds of whole-array
    operations rather than d steps in Python."""
    has_parent = parent >= 0
    up = np.where(has_parent, parent, np.arange(len(parent)))
    total = np.where(has_parent, step, 0.0)
    while True:
        further = up[up]
        if np.array_equal(further, up):  # every node's up is a root
            return total
        total = total + total[up]
        up = further


@dataclass
class _Tree:
    dist: np.ndarray
    length_km: np.ndarray  # distance travelled along the tree from its root (inf: unreachable)
    order: np.ndarray  # DFS preorder of the shortest-path tree
    tin: np.ndarray  # position of each node in ``order`` (-1: unreachable)
    size: np.ndarray  # subtree sizes
    path_nodes: np.ndarray  # nodes on the tree paths to the targets


def _tree(c: _Compiled, source: int, dist: np.ndarray, pred: np.ndarray, targets: np.ndarray) -> _Tree:
    n = len(c.nodes)
    child = np.flatnonzero(pred >= 0)
    tree = csr_matrix((np.ones(len(child)), (pred[child], child)), shape=(n, n))
    order = depth_first_order(tree, source, directed=True, return_predecessors=False)
    tin = np.full(n, -1, dtype=np.int64)
    tin[order] = np.arange(len(order))
    size = np.ones(n, dtype=np.int64)
    parent = pred
    for x in order[::-1][:-1]:
        size[parent[x]] += size[x]
    step_km = np.zeros(n)
    step_km[child] = c.length_km[c.positions(pred[child], child)]
    length_km = np.where(np.isfinite(dist), _sums_from_roots(pred, step_km), np.inf)
    on_path: set[int] = set()
    for t in targets:
        x = int(t)
        if not np.isfinite(dist[x]):
            continue
        while x >= 0 and x not in on_path:
            on_path.add(x)
            x = int(parent[x])
    path_nodes = np.fromiter(on_path, dtype=np.int64, count=len(on_path))
    return _Tree(dist, length_km, order, tin, size, path_nodes)


def _gather(c: _Compiled, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(region row, neighbour, cost, length_km) of every stored entry in ``rows``, in CSR order."""
    csr = c.csr
    starts = csr.indptr[rows]
    lens = csr.indptr[rows + 1] - starts
    row_of = np.repeat(np.arange(len(rows)), lens)
    pos = np.arange(len(row_of)) - np.repeat(np.cumsum(lens) - lens, lens) + starts[row_of]
    return row_of, csr.indices[pos], csr.data[pos], c.length_km[pos]


def _intervals(tree: _Tree, hub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hub's subtrees as merged [start, end) ranges of preorder positions."""
    spans = sorted((int(tree.tin[h]), int(tree.tin[h] + tree.size[h])) for h in hub if tree.tin[h] >= 0)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = np.array([a for a, _ in merged], dtype=np.int64)
    ends = np.array([b for _, b in merged], dtype=np.int64)
    return starts, ends


@dataclass
class _Problem:
    """One region to re-solve: a CSR block whose last row seeds the region's boundary.

    ``nodes`` and ``seed_km`` let the distance travelled be summed beside the cost: an edge between two
    region rows is the graph's edge between their nodes, and the seed row's edge into a region row
    stands for the cheapest way in from outside, ``seed_km`` long (the tree's path to the outside node,
    then the edge into the region)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    nodes: np.ndarray  # per block row, the graph node of a region row (-1: the seed row)
    seed_km: np.ndarray  # per block row, the length of its way in from outside (0 where none)
    rows: np.ndarray  # region rows of the affected endpoints
    slot: tuple[str, int, np.ndarray]  # (hub label, tree number, positions of those endpoints)


def _membership(
    tree: _Tree, hub: np.ndarray, spans: tuple[np.ndarray, np.ndarray] | None = None
) -> Callable[[np.ndarray], np.ndarray]:
    """A function giving, for nodes, their row in the region below ``hub`` in ``tree`` (-1 outside)."""
    starts, stops = spans if spans is not None else _intervals(tree, hub)
    offsets = np.concatenate([[0], np.cumsum(stops - starts)[:-1]]).astype(np.int64)
    if len(starts) == 1:
        a, b = int(starts[0]), int(stops[0])

        def one(nodes: np.ndarray) -> np.ndarray:
            t = tree.tin[nodes]
            return np.where((t >= a) & (t < b), t - a, -1)

        return one

    def many(nodes: np.ndarray) -> np.ndarray:
        t = tree.tin[nodes]
        if len(starts) == 0:
            return np.full(len(t), -1, dtype=np.int64)
        k = np.maximum(np.searchsorted(starts, t, side="right") - 1, 0)
        inside = (t >= starts[k]) & (t < stops[k]) & (t >= 0)
        return np.where(inside, offsets[k] + t - starts[k], -1)

    return many


@dataclass
class _Trees:
    """The endpoints' trees stacked (one row per endpoint) for vectorised look-ups."""

    trees: list[_Tree]
    tin: np.ndarray
    size: np.ndarray
    dist: np.ndarray

    @classmethod
    def of(cls, trees: list[_Tree]) -> _Trees:
        return cls(trees, np.stack([t.tin for t in trees]), np.stack([t.size for t in trees]),
                   np.stack([t.dist for t in trees]))  # fmt: skip

    def tree(self, k: int) -> _Tree:
        return self.trees[k]


_SMALL_REGION = 256  # regions this small are solved whole: pruning would cost more than it saves


def _prune(
    tree: _Tree,
    hub: np.ndarray,
    rows: np.ndarray,
    hit: np.ndarray,
    others: _Trees,
    entry: np.ndarray,
    into: np.ndarray,
) -> np.ndarray:
    """Which region rows a detour no dearer than the best boundary detour can use (see _problem)."""
    if len(hub) == 1:  # the usual case, for all affected endpoints at once
        h = int(hub[0])
        t = others.tin[np.ix_(hit, into)]
        h_in, h_out = others.tin[hit, h][:, None], (others.tin[hit, h] + others.size[hit, h])[:, None]
        avoids = (t < h_in) | (t >= h_out) | (h_in < 0)
    else:
        avoids = np.array([_membership(others.tree(k), hub)(into) < 0 for k in hit]).reshape(
            len(hit), len(into)
        )
    bound = np.where(avoids, entry[None, :] + others.dist[np.ix_(hit, into)], np.inf).min(
        axis=1, initial=np.inf
    )
    if np.isfinite(bound).all():
        far = others.dist[np.ix_(hit, rows)]
        keep = (tree.dist[rows][None, :] + far <= bound[:, None] * (1 + 1e-12) + 1e-9).any(axis=0)
    else:
        keep = np.ones(len(rows), dtype=bool)
    return keep


def _problem(
    c: _Compiled, tree: _Tree, hub: np.ndarray, ends: np.ndarray, others: _Trees, slot: tuple[str, int]
) -> _Problem | None:
    """The region below ``hub`` in ``tree``, seeded from outside, pruned to what a best detour can use;
    None when no endpoint lies in it. No array of the whole graph's size is made.

    Pruning: for an endpoint e (with its own tree in ``others``) any edge (u, v) from outside the
    region to a region node v whose path in e's tree avoids the hub gives a detour of cost
    d(root, u) + w + d(v, e) — an upper bound U. Every node x on a cheaper detour has
    d(root, x) + d(x, e) ≤ U (distances in the whole graph are lower bounds without the hub), so only
    such nodes are kept, and the result is exact. Without a bound the whole region is kept.
    """
    starts, stops = _intervals(tree, hub)
    local = _membership(tree, hub, (starts, stops))
    e_local = local(ends)
    hit = np.flatnonzero(e_local >= 0)
    if len(hit) == 0:
        return None
    rows = tree.order[starts[0] : stops[0]] if len(starts) == 1 else np.concatenate(
        [tree.order[a:b] for a, b in zip(starts, stops, strict=True)]
    )  # fmt: skip
    row_of, nbr, w, km = _gather(c, rows)
    nbr_region = local(nbr)
    if len(hub) == 1:
        usable = (rows[row_of] != hub[0]) & (nbr != hub[0])
    else:
        usable = ~np.isin(rows[row_of], hub) & ~np.isin(nbr, hub)
    boundary = np.flatnonzero(usable & (nbr_region < 0))
    entry = tree.dist[nbr[boundary]] + w[boundary]  # cost of reaching the region node by that edge
    entry_km = tree.length_km[nbr[boundary]] + km[boundary]  # and the distance travelled to get there
    into = rows[row_of[boundary]]
    if len(rows) <= _SMALL_REGION:
        keep = np.ones(len(rows), dtype=bool)
    else:
        keep = _prune(tree, hub, rows, hit, others, entry, into)
    keep_map = np.full(len(rows), -1, dtype=np.int64)
    keep_map[keep] = np.arange(int(keep.sum()))
    m = int(keep.sum())
    kept_entry = keep[row_of]
    nbr_local = np.where(nbr_region >= 0, keep_map[np.maximum(nbr_region, 0)], -1)
    internal = usable & kept_entry & (nbr_local >= 0)
    seed = np.full(m, np.inf)
    seed_rows = keep_map[row_of[boundary]]
    ok = np.flatnonzero(seed_rows >= 0)
    np.minimum.at(seed, seed_rows[ok], entry[ok])
    seeded = np.flatnonzero(np.isfinite(seed))
    # the length of a cheapest way in (of ways costing the same, any one: each is a cheapest path)
    cheapest = ok[entry[ok] == seed[seed_rows[ok]]]
    seed_km = np.zeros(m + 1)  # per block row; the seed row's own is 0
    seed_km[seed_rows[cheapest]] = entry_km[cheapest]
    counts = np.bincount(keep_map[row_of[internal]], minlength=m)
    indptr = np.empty(m + 2, dtype=np.int64)
    indptr[0] = 0
    np.cumsum(counts, out=indptr[1 : m + 1])
    indptr[m + 1] = indptr[m] + len(seeded)
    return _Problem(
        indptr,
        np.concatenate([nbr_local[internal], seeded]),
        np.concatenate([w[internal], seed[seeded]]),
        np.append(rows[keep], -1),
        seed_km,
        keep_map[e_local[hit]],
        (slot[0], slot[1], hit),
    )


_BATCH_ENTRIES = 4_000_000  # entries per batched Dijkstra: bounds memory, amortises call overhead


def _solve(c: _Compiled, problems: list[_Problem]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Solve many regions in one Dijkstra: their blocks are disjoint, so the distance from the nearest
    of all seed rows (``min_only``) is, inside each block, the distance from that block's own seed.

    Per problem, the cost and the distance travelled (km) to its endpoints' rows. The distance is summed
    along Dijkstra's predecessors from each block's seed row: an edge from the seed row is the way in
    from outside (``seed_km``), any other is the graph's edge between the two rows' nodes."""
    sizes = np.array([len(p.indptr) - 1 for p in problems], dtype=np.int64)
    node_off = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    nnz = np.array([len(p.indices) for p in problems], dtype=np.int64)
    edge_off = np.concatenate([[0], np.cumsum(nnz)[:-1]])
    indptr = np.concatenate([[0]] + [p.indptr[1:] + e for p, e in zip(problems, edge_off, strict=True)])
    indices = np.concatenate([p.indices + o for p, o in zip(problems, node_off, strict=True)])
    data = np.concatenate([p.data for p in problems])
    n = int(sizes.sum())
    graph = csr_matrix((data, indices, indptr), shape=(n, n))
    roots = node_off + sizes - 1
    d, pred, _ = dijkstra(graph, directed=True, indices=roots, min_only=True, return_predecessors=True)
    node = np.concatenate([p.nodes for p in problems])
    seed_km = np.concatenate([p.seed_km for p in problems])
    step_km = np.zeros(n)
    reached = np.flatnonzero(pred >= 0)
    from_seed = node[pred[reached]] < 0
    step_km[reached[from_seed]] = seed_km[reached[from_seed]]
    inside = reached[~from_seed]
    step_km[inside] = c.length_km[c.positions(node[pred[inside]], node[inside])]
    km = np.where(np.isfinite(d), _sums_from_roots(pred, step_km), np.inf)
    return [(d[o + p.rows], km[o + p.rows]) for p, o in zip(problems, node_off, strict=True)]


def _run(
    c: _Compiled,
    problems: list[_Problem],
    after: dict[str, np.ndarray | None],
    after_km: dict[str, np.ndarray | None],
    by_source: dict[str, bool],
) -> None:
    """Solve ``problems`` in batches and write each one's costs and distances into its hub's matrices."""
    batch: list[_Problem] = []
    entries = 0

    def flush() -> None:
        for p, (found, found_km) in zip(batch, _solve(c, batch), strict=True):
            label, k, where = p.slot
            cost, km = after[label], after_km[label]
            assert cost is not None and km is not None
            if by_source[label]:
                cost[k, where], km[k, where] = found, found_km
            else:
                cost[where, k], km[where, k] = found, found_km
        batch.clear()

    for p in problems:
        batch.append(p)
        entries += len(p.indices) + len(p.indptr)
        if entries >= _BATCH_ENTRIES:
            flush()
            entries = 0
    if batch:
        flush()


def _on_paths(trees: list[_Tree]) -> dict[int, list[int]]:
    """For each node, the trees whose paths (to the other side's endpoints) run through it."""
    on: dict[int, list[int]] = {}
    for i, tree in enumerate(trees):
        for x in tree.path_nodes.tolist():
            on.setdefault(x, []).append(i)
    return on


@dataclass
class Ranking:
    """What :func:`rank_after` finds, sources × targets: the cost of the cheapest route and the
    distance travelled along it (km), before and, per hub, after its loss (None when no cheapest path
    uses the hub: nothing changes). Unreachable pairs cost, and measure, inf."""

    before: np.ndarray
    before_km: np.ndarray
    after: dict[str, np.ndarray | None]
    after_km: dict[str, np.ndarray | None]


def rank_after(
    c: _Compiled,
    sources: Sequence[Hashable],
    targets: Sequence[Hashable],
    hubs: Mapping[str, Sequence[Hashable]],
) -> Ranking:
    """The before matrices (sources × targets) and, per hub, the after matrices: cost and distance.

    The graph is undirected, so a pair's new cost can be found from either end: for each hub we
    recompute from the side (the sources' trees or the targets' trees) whose subtrees below the hub are
    smaller — a hub near a source hangs over most of that source's tree but little of the targets'.
    A pair can only change if the hub lies on every cheapest path between its ends, hence on the tree
    path seen from each end: a hub missing from either side's paths changes nothing.
    """
    s_idx = np.array([c.index[s] for s in sources], dtype=np.int64)
    t_idx = np.array([c.index[t] for t in targets], dtype=np.int64)
    ends = np.concatenate([s_idx, t_idx])
    dist, pred = dijkstra(c.csr, directed=True, indices=ends, return_predecessors=True)
    before = dist[: len(s_idx), t_idx]
    s_trees = [_tree(c, int(x), dist[i], pred[i], t_idx) for i, x in enumerate(s_idx)]
    t_trees = [
        _tree(c, int(x), dist[len(s_idx) + j], pred[len(s_idx) + j], s_idx) for j, x in enumerate(t_idx)
    ]
    before_km = np.stack([tree.length_km[t_idx] for tree in s_trees])
    on_s, on_t = _on_paths(s_trees), _on_paths(t_trees)
    s_all, t_all = _Trees.of(s_trees), _Trees.of(t_trees)
    s_pos = {int(x): i for i, x in enumerate(s_idx)}
    t_pos = {int(x): j for j, x in enumerate(t_idx)}
    after: dict[str, np.ndarray | None] = {}
    after_km: dict[str, np.ndarray | None] = {}
    by_source: dict[str, bool] = {}
    problems: list[_Problem] = []
    for label, nodes in hubs.items():
        idx = np.array([c.index[n] for n in nodes], dtype=np.int64)
        via_s = sorted({i for x in idx.tolist() for i in on_s.get(x, ())})
        via_t = sorted({j for x in idx.tolist() for j in on_t.get(x, ())})
        if not via_s or not via_t:
            after[label] = after_km[label] = None
            continue
        cost_s = sum(int(s_trees[i].size[x]) for i in via_s for x in idx if s_trees[i].tin[x] >= 0)
        cost_t = sum(int(t_trees[j].size[x]) for j in via_t for x in idx if t_trees[j].tin[x] >= 0)
        after[label], after_km[label] = before.copy(), before_km.copy()
        by_source[label] = cost_s <= cost_t
        if by_source[label]:
            found = (_problem(c, s_trees[i], idx, t_idx, t_all, (label, i)) for i in via_s)
        else:
            found = (_problem(c, t_trees[j], idx, s_idx, s_all, (label, j)) for j in via_t)
        problems.extend(p for p in found if p is not None)
    _run(c, problems, after, after_km, by_source)
    for label, cost in after.items():  # a lost endpoint stays lost whatever the region said
        km = after_km[label]
        if cost is None or km is None:
            continue
        for n in hubs[label]:
            x = c.index[n]
            if x in s_pos:
                cost[s_pos[x], :] = km[s_pos[x], :] = np.inf
            if x in t_pos:
                cost[:, t_pos[x]] = km[:, t_pos[x]] = np.inf
    return Ranking(before, before_km, after, after_km)
