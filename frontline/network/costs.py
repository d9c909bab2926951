"""What an edge costs to travel: by mode, with a transfer cost, without lost hubs, under interdiction.

A cut road is a cost, not a graph copy: every function here returns an :data:`EdgeCost`, called as
``cost(u, v, key, data)`` and returning kilometres (or km-equivalents) or ``None`` for an edge that
cannot be used. :func:`nx_weight` turns one into a networkx ``weight`` for the multigraph.

>>> import networkx as nx
>>> G = nx.MultiGraph(crs="EPSG:4326")
>>> G.add_edge("a", "b", mode="road", length_km=10.0)
0
>>> G.add_edge("b", "b/rail", mode="transfer", length_km=0.0)
0
>>> cost = cost_function(mode="any", transfer_km=5.0)
>>> cost("a", "b", 0, G.edges["a", "b", 0]), cost("b", "b/rail", 0, G.edges["b", "b/rail", 0])
(10.0, 5.0)
>>> cost_function(mode="rail")("a", "b", 0, G.edges["a", "b", 0]) is None
True
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Hashable, Mapping
from typing import Any, Protocol

import networkx as nx
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from ..options import Mode, Side, choose, number
from .errors import NetworkFileError
from .graph import _edge_line

__all__ = [
    "METRIC_CRS",
    "MODES",
    "TRANSFER_KM",
    "ControlOfDay",
    "EdgeCost",
    "control_cost",
    "cost_function",
    "edges_within_range",
    "interdiction_cost",
    "nx_weight",
    "without_nodes",
]

log = logging.getLogger(__name__)

EdgeCost = Callable[[Hashable, Hashable, int, Mapping[str, Any]], float | None]

MODES = tuple(m.value for m in Mode)
#: Default cost of loading between road and rail at a station, in km-equivalents of road travel.
TRANSFER_KM = 20.0
#: Metric CRS for ranges and buffers: UTM zone 37N covers the eastern front.
METRIC_CRS = "EPSG:32637"


def cost_function(
    *, mode: str = "any", transfer_km: float = TRANSFER_KM, weight: str = "length_km"
) -> EdgeCost:
    """Cost of each edge for travel by ``mode``: ``"road"`` or ``"rail"`` alone, or ``"any"`` (both, with
    ``transfer_km`` charged to change between them at a station)."""
    mode = choose(mode, Mode, "mode")
    transfer_km = number(transfer_km, "transfer_km", minimum=0)

    def cost(u: Hashable, v: Hashable, key: int, d: Mapping[str, Any]) -> float | None:
        edge_mode = d.get("mode", "road")
        if edge_mode == "transfer":
            return transfer_km if mode == "any" else None
        if mode not in ("any", edge_mode):
            return None
        return float(d[weight])

    return cost


def without_nodes(cost: EdgeCost, nodes: Collection[Hashable]) -> EdgeCost:
    """``cost`` with every edge touching ``nodes`` cut (a hub lost)."""
    lost = frozenset(nodes)

    def cut(u: Hashable, v: Hashable, key: int, d: Mapping[str, Any]) -> float | None:
        if u in lost or v in lost:
            return None
        return cost(u, v, key, d)

    return cut


def nx_weight(cost: EdgeCost) -> Callable[[Hashable, Hashable, Mapping[Any, Any]], float | None]:
    """A networkx weight function for a MultiGraph: the cheapest usable parallel edge, None when none."""

    def weight(u: Hashable, v: Hashable, keyed: Mapping[Any, Any]) -> float | None:
        best: float | None = None
        for key, d in keyed.items():
            c = cost(u, v, key, d)
            if c is not None and (best is None or c < best):
                best = c
        return best

    return weight


def _edge_lines(G: nx.MultiGraph) -> tuple[list[tuple[Hashable, Hashable, int]], list[BaseGeometry]]:
    if G.graph.get("crs") is None:
        msg = "the graph has no G.graph['crs'] — set it to 'EPSG:4326' (lon/lat) before measuring ranges"
        raise NetworkFileError(msg)
    ids, lines = [], []
    for u, v, k, d in G.edges(keys=True, data=True):
        ids.append((u, v, k))
        lines.append(_edge_line(G, u, v, d))
    return ids, lines


def edges_within_range(
    G: nx.MultiGraph, area: BaseGeometry, *, range_km: float, crs: str = "EPSG:4326"
) -> frozenset[tuple[Hashable, Hashable, int]]:
    """Edges (u, v, key) that pass within ``range_km`` of ``area`` — a front line (LineString) or the other
    side's territory (Polygon/MultiPolygon, inside counts as range 0). Measured in UTM 37N."""
    range_km = number(range_km, "range_km", minimum=0)
    if area is None or area.is_empty:
        return frozenset()
    ids, lines = _edge_lines(G)
    if not ids:
        return frozenset()
    to_metric = Transformer.from_crs(G.graph["crs"], METRIC_CRS, always_xy=True)
    area_to_metric = Transformer.from_crs(crs, METRIC_CRS, always_xy=True)
    area_metric = shapely.transform(area, lambda xy: np.column_stack(area_to_metric.transform(*xy.T)))
    metric = shapely.transform(
        np.asarray(lines, dtype=object), lambda xy: np.column_stack(to_metric.transform(*xy.T))
    )
    zone = shapely.buffer(area_metric, range_km * 1000.0) if range_km > 0 else area_metric
    shapely.prepare(zone)
    hit = shapely.intersects(zone, metric)
    found = frozenset(ids[i] for i in np.flatnonzero(hit))
    log.info("%d of %d edges within %.1f km of the area", len(found), len(ids), range_km)
    return found


def interdiction_cost(
    G: nx.MultiGraph,
    area: BaseGeometry,
    *,
    range_km: float,
    factor: float | None = None,
    cost: EdgeCost | None = None,
    crs: str = "EPSG:4326",
) -> EdgeCost:
    """``cost`` (default: :func:`cost_function`) for the side whose supply is asked about, with edges
    within ``range_km`` of the other side's ``area`` cut (``factor=None``) or made ``factor`` times
    dearer (e.g. 3.0 for roads under drone observation)."""
    if factor is not None:  # a penalty; None cuts the edges
        factor = number(factor, "factor", minimum=1)
    return _penalised(cost, edges_within_range(G, area, range_km=range_km, crs=crs), factor)


class ControlOfDay(Protocol):
    """Who held the ground on one day, as :class:`frontline.control.ControlDay` tells it."""

    @property
    def source(self) -> str:
        """Where the day's control came from (events, a snapshot file)."""
        ...

    def ground(self, status: str) -> BaseGeometry:
        """The ground of one status (``"UA"``, ``"RU"``, ``"contested"``, ``"unknown"``), EPSG:4326."""
        ...

    def front_line(self) -> BaseGeometry:
        """The front line, EPSG:4326."""
        ...


def control_cost(
    G: nx.MultiGraph,
    control: ControlOfDay,
    *,
    side: str,
    range_km: float = 0.0,
    factor: float | None = None,
    cost: EdgeCost | None = None,
) -> EdgeCost:
    """``cost`` (default: :func:`cost_function`) for ``side``'s supply as the ground lay on one day: every
    edge in the other side's ground cut (``factor=None``) or made ``factor`` times dearer, and with
    ``range_km`` also every edge within that distance of the front line (artillery, drones).

    ``control`` is a day's control (:func:`frontline.control.control_on`); its ``source`` says where
    the ground came from (events, a snapshot file). Ground nobody reported on, contested ground and
    ground outside the area measured are not cut.

    >>> import networkx as nx, shapely
    >>> G = nx.MultiGraph(crs="EPSG:4326")
    >>> G.add_nodes_from([("a", {"x": 36.0, "y": 49.5}), ("b", {"x": 36.4, "y": 49.5}),
    ...                   ("c", {"x": 36.8, "y": 49.5})])
    >>> _ = G.add_edge("a", "b", mode="road", length_km=29.0)
    >>> _ = G.add_edge("b", "c", mode="road", length_km=29.0)
    >>> class Day:
    ...     source = "snapshot x.geojson"
    ...     def ground(self, status):
    ...         return shapely.box(36.5, 49.0, 37.0, 50.0) if status == "UA" else shapely.Polygon()
    ...     def front_line(self):
    ...         return shapely.LineString([(36.5, 49.0), (36.5, 50.0)])
    >>> ru = control_cost(G, Day(), side="RU")
    >>> ru("a", "b", 0, G.edges["a", "b", 0]), ru("b", "c", 0, G.edges["b", "c", 0])
    (29.0, None)
    >>> control_cost(G, Day(), side="RU", range_km=10)("a", "b", 0, G.edges["a", "b", 0]) is None
    True
    """
    side = choose(side, Side, "side").value
    other = "UA" if side == "RU" else "RU"
    if factor is not None:  # a penalty; None cuts the edges
        factor = number(factor, "factor", minimum=1)
    range_km = number(range_km, "range_km", minimum=0)
    hit = edges_within_range(G, control.ground(other), range_km=0.0)
    if range_km > 0:
        hit |= edges_within_range(G, control.front_line(), range_km=range_km)
    log.info("%s supply on %s: %d edge(s) in %s ground or in range", side, control.source, len(hit), other)
    return _penalised(cost, hit, factor)


def _penalised(
    cost: EdgeCost | None, hit: frozenset[tuple[Hashable, Hashable, int]], factor: float | None
) -> EdgeCost:
    """``cost`` (default: :func:`cost_function`) with the edges ``hit``, either way round, cut
    (``factor=None``) or made ``factor`` times dearer; the caller has checked ``factor``."""
    base = cost or cost_function()
    exposed = hit | {(v, u, k) for u, v, k in hit}

    def penalised(u: Hashable, v: Hashable, key: int, d: Mapping[str, Any]) -> float | None:
        c = base(u, v, key, d)
        if c is None or (u, v, key) not in exposed:
            return c
        return None if factor is None else c * factor

    return penalised
