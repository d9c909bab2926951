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
from typing import TYPE_CHECKING, Generic, TypeVar, cast, overload

import networkx as nx

from ..options import Method, choose
from .costs import EdgeCost, _penalised, cost_function, without_nodes

if TYPE_CHECKING:
    import geopandas as gpd

    from .routes import Route

_T = TypeVar("_T")

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
    """One source–target pair before and after a loss. ``status``: ``unchanged``, ``longer`` (the cheapest
    route costs more), ``cut`` (reachable before, not after), ``disconnected`` (no route even before:
    different components) or ``lost`` (the source or target itself was lost).

    ``before_km``/``after_km`` are the distances travelled along the cheapest routes; what the cost charged
    beyond distance — road↔rail transfers, surcharges near the front — is ``before_penalty_km``/
    ``after_penalty_km``, in km-equivalents, never mixed into a distance, ``added_km`` or ``detour_pct``.

    >>> p = PairImpact("a", "b", 1.25, 1.75, "longer", before_penalty_km=0.0, after_penalty_km=20.0)
    >>> p.added_km, p.added_penalty_km, p.detour_pct, p.after_cost_km
    (0.5, 20.0, 40.0, 21.75)
    >>> PairImpact("a", "b", None, None, "disconnected").added_km is None
    True
    """

    source: Hashable
    target: Hashable
    before_km: float | None
    after_km: float | None
    status: str
    before_penalty_km: float | None = 0.0
    after_penalty_km: float | None = 0.0

    @property
    def before_cost_km(self) -> float | None:
        """What the cheapest route cost before: distance plus penalties."""
        if self.before_km is None:
            return None
        return self.before_km + (self.before_penalty_km or 0.0)

    @property
    def after_cost_km(self) -> float | None:
        if self.after_km is None:
            return None
        return self.after_km + (self.after_penalty_km or 0.0)

    @property
    def added_km(self) -> float | None:
        """Distance added (negative when the dearer route is shorter but needs more transfers)."""
        if self.before_km is None or self.after_km is None:
            return None
        return self.after_km - self.before_km

    @property
    def added_penalty_km(self) -> float | None:
        """Penalty added (transfers, surcharges), in km-equivalents, apart from distance."""
        if self.before_km is None or self.after_km is None:
            return None
        return (self.after_penalty_km or 0.0) - (self.before_penalty_km or 0.0)

    @property
    def detour_pct(self) -> float | None:
        """How much longer the distance travelled became, in percent of the distance before (None when
        cut)."""
        if self.before_km is None or self.after_km is None:
            return None
        if self.before_km == 0:
            return 0.0
        return round(100.0 * (self.after_km - self.before_km) / self.before_km, 6)


def _pair(
    source: Hashable,
    target: Hashable,
    before: float,
    after: float,
    *,
    lost: bool = False,
    before_km: float | None = None,
    after_km: float | None = None,
) -> PairImpact:
    """A pair from the costs before and after and, where they differ from the costs, the distances."""
    b = None if math.isinf(before) else float(before)
    a = None if math.isinf(after) else float(after)
    b_km = b if before_km is None else before_km
    a_km = a if after_km is None else after_km
    if b is None:
        status, b_km, a_km = "disconnected", None, None
    elif lost:
        status, a, a_km = "lost", None, None
    elif a is None:
        status, a_km = "cut", None
    elif round(a, _ROUND) > round(b, _ROUND):
        status = "longer"
    else:
        status, a, a_km = "unchanged", b, b_km
    # + 0.0 turns -0.0 into 0.0: a distance summed in another order than its cost can exceed it by a
    # rounding error, and a penalty of "-0.0" km would show in tables and JSON.
    b_pen = None if b is None or b_km is None else round(b - b_km, _ROUND) + 0.0
    a_pen = None if a is None or a_km is None else round(a - a_km, _ROUND) + 0.0
    return PairImpact(source, target, b_km, a_km, status, b_pen, a_pen)


@dataclass(frozen=True, slots=True)
class ImpactSummary:
    """Totals over the pairs: ``cut`` (reachable before, not after; lost endpoints included),
    ``longer``, ``added_km`` (distance added, summed over the pairs still connected),
    ``max_detour_pct`` (of distance) and ``added_penalty_km`` (transfers and surcharges added, apart)."""

    cut: int
    longer: int
    added_km: float
    max_detour_pct: float
    added_penalty_km: float = 0.0

    @classmethod
    def of(cls, pairs: Iterable[PairImpact]) -> ImpactSummary:
        cut = longer = 0
        added = penalty = 0.0
        worst = 0.0
        for p in pairs:
            if p.status in ("cut", "lost"):
                cut += 1
            elif p.status == "longer":
                longer += 1
                added += p.added_km or 0.0
                penalty += p.added_penalty_km or 0.0
                worst = max(worst, p.detour_pct or 0.0)
        return cls(cut, longer, round(added, _ROUND), worst, round(penalty, _ROUND))


class _Total(Generic[_T]):
    """An attribute read from the ``summary`` of the object it is looked up on."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Total[_T]: ...
    @overload
    def __get__(self, obj: _Summarised, owner: type) -> _T: ...
    def __get__(self, obj: _Summarised | None, owner: type) -> _T | _Total[_T]:
        return self if obj is None else cast(_T, getattr(obj.summary, self._name))


class _Summarised:
    """Totals of a frozen dataclass's ``pairs``, computed once unless given as ``summary``, and read as
    its own attributes (what each means: :class:`ImpactSummary`)."""

    pairs: tuple[PairImpact, ...]
    summary: ImpactSummary
    cut = _Total[int]()
    longer = _Total[int]()
    added_km = _Total[float]()
    added_penalty_km = _Total[float]()
    max_detour_pct = _Total[float]()

    def __post_init__(self) -> None:
        if self.summary is None:
            object.__setattr__(self, "summary", ImpactSummary.of(self.pairs))

    def rank_key(self) -> tuple[int, float]:
        """Most pairs cut first, then most cost added (distance and penalties: what routing minimises)."""
        added = self.summary.added_km + self.summary.added_penalty_km
        return (-self.summary.cut, -round(added, _ROUND))


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
    from .routes import route_table

    sources, targets = list(sources), list(targets)
    _check_endpoints(G, sources, targets)
    nodes = _as_nodes(G, hub)
    cost = cost or cost_function()
    before = {(r.source, r.target): r for r in route_table(G, sources, targets, cost=cost)}
    kept = [s for s in sources if s not in nodes]
    after = {(r.source, r.target): r for r in route_table(G, kept, targets, cost=without_nodes(cost, nodes))}
    pairs = []
    for s in sources:
        for t in targets:
            b, a = before[s, t], after.get((s, t))
            pairs.append(
                _pair(
                    s,
                    t,
                    _cost_of(b),
                    _cost_of(a),
                    lost=s in nodes or t in nodes,
                    before_km=b.length_km,
                    after_km=None if a is None else a.length_km,
                )
            )
    name = label or ", ".join(str(G.nodes[n].get("name", n)) for n in nodes)
    return HubImpact(name, nodes, tuple(pairs))


def _cost_of(route: Route | None) -> float:
    return math.inf if route is None or route.cost_km is None else route.cost_km


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
    """Every hub's impact from :func:`~._csgraph.rank_after`, which gives the distance travelled beside
    each cost, so the penalties (cost − distance) come apart without tracing a single route in networkx."""
    import numpy as np

    from ._csgraph import compile_graph, rank_after

    ranking = rank_after(compile_graph(G, cost), sources, targets, hub_map)
    before, before_km = ranking.before, ranking.before_km
    unchanged = tuple(
        _pair(
            s,
            t,
            before[i, j],
            before[i, j],
            before_km=float(before_km[i, j]),
            after_km=float(before_km[i, j]),
        )
        for i, s in enumerate(sources)
        for j, t in enumerate(targets)
    )
    baseline = ImpactSummary.of(unchanged)
    endpoints = {*sources, *targets}
    out = []
    for label, nodes in hub_map.items():
        after, after_km = ranking.after[label], ranking.after_km[label]
        if after is None or after_km is None:
            out.append(HubImpact(label, nodes, unchanged, baseline))
            continue
        lost = set(nodes)
        pairs = list(unchanged)
        changed = after != before
        if lost & endpoints:
            changed[:] = True
        for i, j in zip(*np.nonzero(changed), strict=True):
            s, t = sources[i], targets[j]
            pairs[i * len(targets) + j] = _pair(
                s,
                t,
                before[i, j],
                after[i, j],
                lost=s in lost or t in lost,
                before_km=float(before_km[i, j]),
                after_km=float(after_km[i, j]),
            )
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
    before = {(r.source, r.target): r for r in routes}
    out = []
    for u, v, k in on_paths:
        cut = _penalised(cost, frozenset({(u, v, k)}), None)
        after = {(r.source, r.target): r for r in route_table(G, sources, targets, cost=cut)}
        pairs = tuple(
            _pair(
                s,
                t,
                _cost_of(before[s, t]),
                _cost_of(after[s, t]),
                before_km=before[s, t].length_km,
                after_km=after[s, t].length_km,
            )
            for s in sources
            for t in targets
        )
        d = G.edges[u, v, k]
        out.append(EdgeImpact(u, v, k, str(d.get("mode", "")), str(d.get("ref", "")), pairs))
    out.sort(key=lambda e: (*e.rank_key(), str(e.u), str(e.v)))
    return out


def pairs_gdf(G: nx.MultiGraph, impact: HubImpact | EdgeImpact) -> gpd.GeoDataFrame:
    """One row per pair: names, distances before/after, distance added, detour %, the penalties
    (transfers, surcharges) apart, status; geometry the straight line from source to target (lon/lat)."""
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
                "before_penalty_km": p.before_penalty_km,
                "after_penalty_km": p.after_penalty_km,
                "added_penalty_km": p.added_penalty_km,
                "status": p.status,
            }
        )
        geoms.append(LineString([(s["x"], s["y"]), (t["x"], t["y"])]))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=G.graph.get("crs", "EPSG:4326"))


def impacts_gdf(G: nx.MultiGraph, impacts: Sequence[HubImpact]) -> gpd.GeoDataFrame:
    """Ranked hubs as points (the first node of each): rank, cut pairs, distance added, worst detour %,
    penalty added (transfers, surcharges) apart."""
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
                "added_penalty_km": h.added_penalty_km,
            }
        )
        geoms.append(Point(head["x"], head["y"]))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=G.graph.get("crs", "EPSG:4326"))
