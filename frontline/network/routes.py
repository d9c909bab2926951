"""Routes: the cheapest path and its cost from several sources to several targets, with geometries.

>>> import networkx as nx
>>> G = nx.MultiGraph(crs="EPSG:4326")
>>> for n, x in (("a", 0.0), ("b", 0.1), ("c", 0.2)):
...     G.add_node(n, x=x, y=50.0, name=n.upper())
>>> _ = G.add_edge("a", "b", mode="road", length_km=7.0)
>>> _ = G.add_edge("b", "c", mode="road", length_km=8.0)
>>> r = route(G, "a", "c")
>>> r.cost_km, r.nodes
(15.0, ('a', 'b', 'c'))
>>> route(G, "a", "a").cost_km
0.0
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
from shapely.geometry import LineString
from shapely.ops import linemerge

from .costs import EdgeCost, cost_function, nx_weight
from .graph import _edge_line, _xy

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["Route", "route", "route_table", "routes_gdf"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Route:
    """The cheapest route from ``source`` to ``target`` (node ids). ``cost_km`` is what the cost function
    charged (length plus transfers and penalties); ``length_km`` the distance travelled. A route that
    does not exist has ``cost_km=None`` and no nodes."""

    source: Hashable
    target: Hashable
    cost_km: float | None
    length_km: float | None
    nodes: tuple[Hashable, ...]
    edges: tuple[tuple[Hashable, Hashable, int], ...]
    modes: tuple[str, ...]

    @property
    def reachable(self) -> bool:
        return self.cost_km is not None

    def geometry(self, G: nx.MultiGraph) -> LineString | None:
        """The route as one line (lon/lat), following the edges' geometries where they have them."""
        if not self.reachable or len(self.nodes) < 2:
            return None
        coords: list[tuple[float, float]] = []
        for u, v, k in self.edges:
            pts = list(_edge_line(G, u, v, G.edges[u, v, k]).coords)
            if _dist2(pts[0], _xy(G, u)) > _dist2(pts[-1], _xy(G, u)):
                pts.reverse()
            coords.extend(pts if not coords else pts[1:])
        line = LineString(coords)
        return line if line.is_valid else linemerge(line)


def _dist2(a: Sequence[float], b: Sequence[float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _cheapest_key(G: nx.MultiGraph, u: Hashable, v: Hashable, cost: EdgeCost) -> tuple[int, float]:
    best: tuple[int, float] | None = None
    for k, d in G[u][v].items():
        c = cost(u, v, k, d)
        if c is not None and (best is None or c < best[1]):
            best = (k, c)
    if best is None:  # pragma: no cover - a path only uses usable edges
        msg = f"no usable edge between {u!r} and {v!r}"
        raise RuntimeError(msg)
    return best


def _route_from_path(
    G: nx.MultiGraph, source: Hashable, target: Hashable, path: Sequence[Hashable], cost: EdgeCost
) -> Route:
    edges, modes = [], []
    total = 0.0
    length = 0.0
    for u, v in itertools.pairwise(path):
        k, c = _cheapest_key(G, u, v, cost)
        d = G.edges[u, v, k]
        edges.append((u, v, k))
        modes.append(str(d.get("mode", "road")))
        total += c
        length += float(d.get("length_km", 0.0))
    return Route(source, target, total, length, tuple(path), tuple(edges), tuple(modes))


def _unreachable(source: Hashable, target: Hashable) -> Route:
    return Route(source, target, None, None, (), (), ())


def route(G: nx.MultiGraph, source: Hashable, target: Hashable, *, cost: EdgeCost | None = None) -> Route:
    """The cheapest route between two nodes under ``cost`` (default: any mode, see
    :func:`~frontline.network.costs.cost_function`); unreachable routes are returned, not raised."""
    return route_table(G, [source], [target], cost=cost)[0]


def route_table(
    G: nx.MultiGraph,
    sources: Iterable[Hashable],
    targets: Iterable[Hashable],
    *,
    cost: EdgeCost | None = None,
) -> list[Route]:
    """Cheapest routes for every source × target pair, in that order (one Dijkstra per source)."""
    cost = cost or cost_function()
    weight = nx_weight(cost)
    targets = list(targets)
    out: list[Route] = []
    for s in sources:
        if s not in G:
            msg = f"source node {s!r} is not in the graph"
            raise nx.NodeNotFound(msg)
        _, paths = nx.single_source_dijkstra(G, s, weight=weight)
        for t in targets:
            if t not in G:
                msg = f"target node {t!r} is not in the graph"
                raise nx.NodeNotFound(msg)
            if t in paths:
                out.append(_route_from_path(G, s, t, paths[t], cost))
            else:
                out.append(_unreachable(s, t))
    return out


def routes_gdf(G: nx.MultiGraph, routes: Iterable[Route]) -> gpd.GeoDataFrame:
    """Routes as lines with source/target names, cost, length and the modes used."""
    import geopandas as gpd

    rows, geoms = [], []
    for r in routes:
        rows.append(
            {
                "source": r.source,
                "source_name": G.nodes[r.source].get("name", str(r.source)),
                "target": r.target,
                "target_name": G.nodes[r.target].get("name", str(r.target)),
                "cost_km": r.cost_km,
                "length_km": r.length_km,
                "modes": ",".join(dict.fromkeys(r.modes)),
                "hops": len(r.edges),
            }
        )
        geoms.append(r.geometry(G))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=G.graph.get("crs", "EPSG:4326"))
