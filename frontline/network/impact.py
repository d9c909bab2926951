"""What losing a hub (or a road) does to supply: per source–target pair, the cost before and after,
the detour and the pairs cut off; every hub or edge ranked by that impact.

A lost hub is a cost function that hides its edges (:func:`~frontline.network.costs.without_nodes`),
never a copy of the graph. :func:`rank_hubs` computes the same answers as removing each hub and
recomputing every pair with networkx (``method="networkx"``), on scipy.sparse.csgraph and only where
a hub lies on a cheapest path (``method="csgraph"``, the default).

>>> import networkx as nx
>>> G = nx.MultiGraph(crs="EPSG:4326")
>>> G.add_nodes_from("abcd", x=0.0, y=0.0)
>>> for u, v, km in (("a", "b", 1), ("b", "d", 1), ("a", "c", 2), ("c", "d", 2)):
...     _ = G.add_edge(u, v, mode="road", length_km=float(km))
>>> hit = hub_impact(G, "b", sources=["a"], targets=["d"])
>>> hit.pairs[0].before_km, hit.pairs[0].after_km, hit.pairs[0].detour_pct
(2.0, 4.0, 100.0)
>>> hubs = candidate_hubs(G, exclude=["a", "d"], min_degree=2)
>>> [(h.hub, h.added_km) for h in rank_hubs(G, sources=["a"], targets=["d"], hubs=hubs)]
[('b', 2.0), ('c', 0.0)]
"""

from __future__ import annotations

import logging
import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import networkx as nx

from ..options import Method, choose
from .costs import EdgeCost, _penalised, cost_function, nx_weight, without_nodes

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "METHODS",
    "EdgeImpact",
    "HubImpact",
    "ImpactSummary",
    "PairImpact",
    "candidate_hubs",
    "edge_criticality",
    "hub_impact",
    "impacts_gdf",
    "pairs_gdf",
    "rank_hubs",
]

log = logging.getLogger(__name__)

METHODS = tuple(m.value for m in Method)
_ROUND = 6  # km digits compared when ranking, so float summation order cannot reorder ties


@dataclass(frozen=True, slots=True)
class PairImpact:
    """One source–target pair before and after a loss. ``status``: ``unchanged``, ``longer``, ``cut``
    (reachable before, not after), ``disconnected`` (no route even before: different components) or
    ``lost`` (the source or target itself was lost)."""

    source: Hashable
    target: Hashable
    before_km: float | None
    after_km: float | None
    status: str

    @property
    def added_km(self) -> float | None:
        if self.before_km is None or self.after_km is None:
            return None
        return self.after_km - self.before_km

    @property
    def detour_pct(self) -> float | None:
        """How much longer the route became, in percent of the route before (None when cut)."""
        if self.before_km is None or self.after_km is None:
            return None
        if self.before_km == 0:
            return 0.0
        return round(100.0 * (self.after_km - self.before_km) / self.before_km, 6)


def _pair(
    source: Hashable, target: Hashable, before: float, after: float, *, lost: bool = False
) -> PairImpact:
    b = None if math.isinf(before) else float(before)
    a = None if math.isinf(after) else float(after)
    if b is None:
        status = "disconnected"
    elif lost:
        status, a = "lost", None
    elif a is None:
        status = "cut"
    elif round(a, _ROUND) > round(b, _ROUND):
        status = "longer"
    else:
        status, a = "unchanged", b
    return PairImpact(source, target, b, a, status)


@dataclass(frozen=True, slots=True)
class ImpactSummary:
    """Totals over the pairs: ``cut`` (reachable before, not after; lost endpoints included),
    ``longer``, ``added_km`` (extra cost summed over the pairs still connected), ``max_detour_pct``."""

    cut: int
    longer: int
    added_km: float
    max_detour_pct: float

    @classmethod
    def of(cls, pairs: Iterable[PairImpact]) -> ImpactSummary:
        cut = longer = 0
        added = 0.0
        worst = 0.0
        for p in pairs:
            if p.status in ("cut", "lost"):
                cut += 1
            elif p.status == "longer":
                longer += 1
                added += p.added_km or 0.0
                worst = max(worst, p.detour_pct or 0.0)
        return cls(cut, longer, round(added, _ROUND), worst)


class _Summarised:
    """Totals of a frozen dataclass's ``pairs``, computed once unless given as ``summary``."""

    pairs: tuple[PairImpact, ...]
    summary: ImpactSummary

    def __post_init__(self) -> None:
        if self.summary is None:
            object.__setattr__(self, "summary", ImpactSummary.of(self.pairs))

    @property
    def cut(self) -> int:
        """Pairs reachable before and not after (lost endpoints included)."""
        return self.summary.cut

    @property
    def longer(self) -> int:
        return self.summary.longer

    @property
    def added_km(self) -> float:
        """Extra cost summed over the pairs still connected."""
        return self.summary.added_km

    @property
    def max_detour_pct(self) -> float:
        return self.summary.max_detour_pct

    def rank_key(self) -> tuple[int, float]:
        return (-self.summary.cut, -self.summary.added_km)


@dataclass(frozen=True)
class HubImpact(_Summarised):
    """What losing ``hub`` (a place: its ``nodes``) does to every source–target pair."""

    hub: str
    nodes: tuple[Hashable, ...]
    pairs: tuple[PairImpact, ...]
    summary: ImpactSummary = field(default=None, compare=False, repr=False)  # type: ignore[assignment]


@dataclass(frozen=True)
class EdgeImpact(_Summarised):
    """What cutting one edge (``u``, ``v``, ``key``) does to every source–target pair."""

    u: Hashable
    v: Hashable
    key: int
    mode: str
    ref: str
    pairs: tuple[PairImpact, ...]
    summary: ImpactSummary = field(default=None, compare=False, repr=False)  # type: ignore[assignment]


def _as_nodes(G: nx.MultiGraph, hub: Hashable | Collection[Hashable]) -> tuple[Hashable, ...]:
    nodes: tuple[Hashable, ...]
    if isinstance(hub, list | set | frozenset | tuple) and not (isinstance(hub, tuple) and hub in G):
        nodes = tuple(hub)
    else:
        nodes = (cast(Hashable, hub),)
    missing = [n for n in nodes if n not in G]
    if missing:
        msg = f"hub node(s) {missing!r} are not in the graph"
        raise nx.NodeNotFound(msg)
    return nodes


def _distances(G: nx.MultiGraph, sources: Sequence[Hashable], cost: EdgeCost) -> list[dict[Hashable, float]]:
    weight = nx_weight(cost)
    return [nx.single_source_dijkstra_path_length(G, s, weight=weight) for s in sources]


def _check_endpoints(G: nx.MultiGraph, sources: Sequence[Hashable], targets: Sequence[Hashable]) -> None:
    for role, nodes in (("source", sources), ("target", targets)):
        if not nodes:
            msg = f"no {role}s given — name at least one"
            raise ValueError(msg)
        for n in nodes:
            if n not in G:
                msg = f"{role} node {n!r} is not in the graph"
                raise nx.NodeNotFound(msg)


def hub_impact(
    G: nx.MultiGraph,
    hub: Hashable | Collection[Hashable],
    *,
    sources: Sequence[Hashable],
    targets: Sequence[Hashable],
    cost: EdgeCost | None = None,
    label: str | None = None,
) -> HubImpact:
    """Costs from every source to every target before and after losing ``hub`` (one node or several:
    e.g. a settlement and its station, or several hubs at once)."""
    sources, targets = list(sources), list(targets)
    _check_endpoints(G, sources, targets)
    nodes = _as_nodes(G, hub)
    cost = cost or cost_function()
    before = _distances(G, sources, cost)
    kept = [s for s in sources if s not in nodes]
    after_by_source = dict(zip(kept, _distances(G, kept, without_nodes(cost, nodes)), strict=True))
    pairs = []
    for s, b in zip(sources, before, strict=True):
        a = after_by_source.get(s, {})
        for t in targets:
            lost = s in nodes or t in nodes
            pairs.append(_pair(s, t, b.get(t, math.inf), a.get(t, math.inf), lost=lost))
    name = label or ", ".join(str(G.nodes[n].get("name", n)) for n in nodes)
    return HubImpact(name, nodes, tuple(pairs))


def candidate_hubs(
    G: nx.MultiGraph, *, exclude: Iterable[Hashable] = (), min_degree: int = 3
) -> dict[str, tuple[Hashable, ...]]:
    """Every hub worth ranking: each place with a GeoNames id (its nodes together) and every other
    junction of at least ``min_degree`` edges; places containing an ``exclude`` node are left out."""
    excluded = set(exclude)
    groups: dict[int, list[Hashable]] = {}
    hubs: dict[str, tuple[Hashable, ...]] = {}
    degree = dict(G.degree())
    for n, d in G.nodes(data=True):
        gid = d.get("geonameid")
        if gid is not None:
            groups.setdefault(int(gid), []).append(n)
        elif degree[n] >= min_degree and n not in excluded:
            hubs[str(n)] = (n,)
    for members in groups.values():
        if excluded.intersection(members):
            continue
        members.sort(key=lambda n: (G.nodes[n].get("kind") == "station", str(n)))
        head = G.nodes[members[0]]
        label = str(head.get("name", members[0]))
        hubs[label if label not in hubs else f"{label} ({members[0]})"] = tuple(members)
    return hubs


def rank_hubs(
    G: nx.MultiGraph,
    *,
    sources: Sequence[Hashable],
    targets: Sequence[Hashable],
    hubs: Mapping[str, Collection[Hashable]] | None = None,
    cost: EdgeCost | None = None,
    method: str = "csgraph",
) -> list[HubImpact]:
    """Every hub (default :func:`candidate_hubs`, sources and targets excluded) ranked by what its loss
    does: most pairs cut first, then most kilometres added; ties by name."""
    method = choose(method, Method, "method")
    sources, targets = list(sources), list(targets)
    _check_endpoints(G, sources, targets)
    cost = cost or cost_function()
    hub_map = {k: tuple(v) for k, v in (hubs or candidate_hubs(G, exclude=[*sources, *targets])).items()}
    if method == "networkx":
        out = [
            hub_impact(G, nodes, sources=sources, targets=targets, cost=cost, label=k)
            for k, nodes in hub_map.items()
        ]
    else:
        out = _rank_csgraph(G, sources, targets, hub_map, cost)
    out.sort(key=lambda h: (*h.rank_key(), h.hub))
    return out


def _rank_csgraph(
    G: nx.MultiGraph,
    sources: list[Hashable],
    targets: list[Hashable],
    hub_map: dict[str, tuple[Hashable, ...]],
    cost: EdgeCost,
) -> list[HubImpact]:
    import numpy as np

    from ._csgraph import compile_graph, rank_after

    compiled = compile_graph(G, cost)
    before, after = rank_after(compiled, sources, targets, hub_map)
    unchanged = tuple(
        _pair(s, t, before[i, j], before[i, j]) for i, s in enumerate(sources) for j, t in enumerate(targets)
    )
    baseline = ImpactSummary.of(unchanged)
    endpoints = {*sources, *targets}
    out = []
    for label, nodes in hub_map.items():
        matrix = after[label]
        if matrix is None:
            out.append(HubImpact(label, nodes, unchanged, baseline))
            continue
        lost = set(nodes)
        pairs = list(unchanged)
        changed = matrix != before
        if lost & endpoints:
            changed[:] = True
        for i, j in zip(*np.nonzero(changed), strict=True):
            s, t = sources[i], targets[j]
            pairs[i * len(targets) + j] = _pair(s, t, before[i, j], matrix[i, j], lost=s in lost or t in lost)
        out.append(HubImpact(label, nodes, tuple(pairs)))
    return out


def edge_criticality(
    G: nx.MultiGraph,
    *,
    sources: Sequence[Hashable],
    targets: Sequence[Hashable],
    cost: EdgeCost | None = None,
) -> list[EdgeImpact]:
    """Every edge on a cheapest source–target path ranked by what cutting it does (edges on no cheapest
    path change nothing and are left out)."""
    from .routes import route_table

    sources, targets = list(sources), list(targets)
    _check_endpoints(G, sources, targets)
    cost = cost or cost_function()
    routes = route_table(G, sources, targets, cost=cost)
    on_paths = dict.fromkeys(e for r in routes for e in r.edges)
    # the routes' costs are the distances before any cut: no second Dijkstra per source for them
    before = {(r.source, r.target): math.inf if r.cost_km is None else r.cost_km for r in routes}
    out = []
    for u, v, k in on_paths:
        after = _distances(G, sources, _penalised(cost, frozenset({(u, v, k)}), None))
        pairs = tuple(
            _pair(s, t, before[s, t], a.get(t, math.inf))
            for s, a in zip(sources, after, strict=True)
            for t in targets
        )
        d = G.edges[u, v, k]
        out.append(EdgeImpact(u, v, k, str(d.get("mode", "")), str(d.get("ref", "")), pairs))
    out.sort(key=lambda e: (*e.rank_key(), str(e.u), str(e.v)))
    return out


def pairs_gdf(G: nx.MultiGraph, impact: HubImpact | EdgeImpact) -> gpd.GeoDataFrame:
    """One row per pair: names, before/after cost, detour %, status; geometry the straight line from
    source to target (lon/lat)."""
    import geopandas as gpd
    from shapely.geometry import LineString

    rows, geoms = [], []
    for p in impact.pairs:
        s, t = G.nodes[p.source], G.nodes[p.target]
        rows.append(
            {
                "source": p.source,
                "source_name": s.get("name", str(p.source)),
                "target": p.target,
                "target_name": t.get("name", str(p.target)),
                "before_km": p.before_km,
                "after_km": p.after_km,
                "added_km": p.added_km,
                "detour_pct": p.detour_pct,
                "status": p.status,
            }
        )
        geoms.append(LineString([(s["x"], s["y"]), (t["x"], t["y"])]))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=G.graph.get("crs", "EPSG:4326"))


def impacts_gdf(G: nx.MultiGraph, impacts: Sequence[HubImpact]) -> gpd.GeoDataFrame:
    """Ranked hubs as points (the first node of each): rank, cut pairs, km added, worst detour %."""
    import geopandas as gpd
    from shapely.geometry import Point

    rows, geoms = [], []
    for rank, h in enumerate(impacts, start=1):
        head = G.nodes[h.nodes[0]]
        rows.append(
            {
                "rank": rank,
                "hub": h.hub,
                "geonameid": head.get("geonameid"),
                "nodes": "|".join(map(str, h.nodes)),
                "cut_pairs": h.cut,
                "longer_pairs": h.longer,
                "added_km": h.added_km,
                "max_detour_pct": h.max_detour_pct,
            }
        )
        geoms.append(Point(head["x"], head["y"]))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=G.graph.get("crs", "EPSG:4326"))
