"""Fast hub ranking on scipy.sparse.csgraph (private: :func:`frontline.network.impact.rank_hubs` uses it).

Losing hub H can only lengthen a route whose cheapest path runs through H, and only the part of a
source's shortest-path tree below H changes: every node outside the subtrees of H keeps its distance.
So for each source and each hub on one of its paths we run Dijkstra only over the subtrees of H (minus
H), seeded from their boundary with the unchanged distances outside — the exact new distances, at a
fraction of a full recomputation. Hubs on no path change nothing and cost nothing.
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
    nodes: list[Hashable]
    index: dict[Hashable, int]
    csr: csr_matrix


def compile_graph(G: nx.MultiGraph, cost: EdgeCost) -> _Compiled:
    """A symmetric CSR matrix of the cheapest usable edge between each pair of nodes."""
    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    best: dict[tuple[int, int], float] = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        c = cost(u, v, k, d)
        if c is None or u == v:
            continue
        a, b = index[u], index[v]
        pair = (a, b) if a < b else (b, a)
        if c < best.get(pair, np.inf):
            best[pair] = c
    n = len(nodes)
    if best:
        ab = np.array(list(best), dtype=np.int64)
        w = np.maximum(np.fromiter(best.values(), dtype=float, count=len(best)), _MIN_WEIGHT)
        rows = np.concatenate([ab[:, 0], ab[:, 1]])
        cols = np.concatenate([ab[:, 1], ab[:, 0]])
        csr = csr_matrix((np.concatenate([w, w]), (rows, cols)), shape=(n, n))
    else:
        csr = csr_matrix((n, n))
    csr.sort_indices()
    return _Compiled(nodes, index, csr)


@dataclass
class _Tree:
    dist: np.ndarray
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
    on_path: set[int] = set()
    for t in targets:
        x = int(t)
        if not np.isfinite(dist[x]):
            continue
        while x >= 0 and x not in on_path:
            on_path.add(x)
            x = int(parent[x])
    return _Tree(dist, order, tin, size, np.fromiter(on_path, dtype=np.int64, count=len(on_path)))


def _gather(csr: csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(region row, neighbour, weight) of every stored entry in ``rows``, in CSR order."""
    starts = csr.indptr[rows]
    lens = csr.indptr[rows + 1] - starts
    row_of = np.repeat(np.arange(len(rows)), lens)
    pos = np.arange(len(row_of)) - np.repeat(np.cumsum(lens) - lens, lens) + starts[row_of]
    return row_of, csr.indices[pos], csr.data[pos]


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
    """One region to re-solve: a CSR block whose last row seeds the region's boundary."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
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
    row_of, nbr, w = _gather(c.csr, rows)
    nbr_region = local(nbr)
    if len(hub) == 1:
        usable = (rows[row_of] != hub[0]) & (nbr != hub[0])
    else:
        usable = ~np.isin(rows[row_of], hub) & ~np.isin(nbr, hub)
    boundary = np.flatnonzero(usable & (nbr_region < 0))
    entry = tree.dist[nbr[boundary]] + w[boundary]  # cost of reaching the region node by that edge
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
    ok = seed_rows >= 0
    np.minimum.at(seed, seed_rows[ok], entry[ok])
    seeded = np.flatnonzero(np.isfinite(seed))
    counts = np.bincount(keep_map[row_of[internal]], minlength=m)
    indptr = np.empty(m + 2, dtype=np.int64)
    indptr[0] = 0
    np.cumsum(counts, out=indptr[1 : m + 1])
    indptr[m + 1] = indptr[m] + len(seeded)
    return _Problem(
        indptr,
        np.concatenate([nbr_local[internal], seeded]),
        np.concatenate([w[internal], seed[seeded]]),
        keep_map[e_local[hit]],
        (slot[0], slot[1], hit),
    )


_BATCH_ENTRIES = 4_000_000  # entries per batched Dijkstra: bounds memory, amortises call overhead


def _solve(problems: list[_Problem]) -> list[np.ndarray]:
    """Solve many regions in one Dijkstra: their blocks are disjoint, so the distance from the nearest
    of all seed rows (``min_only``) is, inside each block, the distance from that block's own seed."""
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
    d = dijkstra(graph, directed=True, indices=roots, min_only=True)
    return [d[o + p.rows] for p, o in zip(problems, node_off, strict=True)]


def _run(problems: list[_Problem], results: dict[str, np.ndarray | None], by_source: dict[str, bool]) -> None:
    batch: list[_Problem] = []
    entries = 0

    def flush() -> None:
        for p, found in zip(batch, _solve(batch), strict=True):
            label, k, where = p.slot
            after = results[label]
            assert after is not None
            if by_source[label]:
                after[k, where] = found
            else:
                after[where, k] = found
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


def rank_after(
    c: _Compiled,
    sources: Sequence[Hashable],
    targets: Sequence[Hashable],
    hubs: Mapping[str, Sequence[Hashable]],
) -> tuple[np.ndarray, dict[str, np.ndarray | None]]:
    """The before matrix (sources × targets) and, per hub, the after matrix (None when no path uses it).

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
    on_s, on_t = _on_paths(s_trees), _on_paths(t_trees)
    s_all, t_all = _Trees.of(s_trees), _Trees.of(t_trees)
    s_pos = {int(x): i for i, x in enumerate(s_idx)}
    t_pos = {int(x): j for j, x in enumerate(t_idx)}
    result: dict[str, np.ndarray | None] = {}
    by_source: dict[str, bool] = {}
    problems: list[_Problem] = []
    for label, nodes in hubs.items():
        idx = np.array([c.index[n] for n in nodes], dtype=np.int64)
        via_s = sorted({i for x in idx.tolist() for i in on_s.get(x, ())})
        via_t = sorted({j for x in idx.tolist() for j in on_t.get(x, ())})
        if not via_s or not via_t:
            result[label] = None
            continue
        cost_s = sum(int(s_trees[i].size[x]) for i in via_s for x in idx if s_trees[i].tin[x] >= 0)
        cost_t = sum(int(t_trees[j].size[x]) for j in via_t for x in idx if t_trees[j].tin[x] >= 0)
        result[label] = before.copy()
        by_source[label] = cost_s <= cost_t
        if by_source[label]:
            found = (_problem(c, s_trees[i], idx, t_idx, t_all, (label, i)) for i in via_s)
        else:
            found = (_problem(c, t_trees[j], idx, s_idx, s_all, (label, j)) for j in via_t)
        problems.extend(p for p in found if p is not None)
    _run(problems, result, by_source)
    for label, after in result.items():  # a lost endpoint stays lost whatever the region said
        if after is not None:
            for n in hubs[label]:
                x = c.index[n]
                if x in s_pos:
                    after[s_pos[x], :] = np.inf
                if x in t_pos:
                    after[:, t_pos[x]] = np.inf
    return before, result
