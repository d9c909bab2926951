"""Ways → edges between junctions, in numpy: the simplification step of the OSM import.

Input: every kept way's vertices end to end (lon/lat), which ways are railways, and a signature per
way (ways of one road share it: same mode, kind and ref, or same name when there is no ref).
Output: edges between *junctions* — vertices where the degree is not 2, where the signature changes
(a ref change, a bridge starting), stations and way ends that meet nothing — each with its vertices
in order, so the geometry is kept.

Vertices are identified by location, OSM's fixed point of 1e-7° (a node's id is not needed: two ways
meet where they share a node, and so a location; separate nodes at one exact point, which OSM's
validators flag, are taken as one junction). Roads and railways never share a vertex (a level
crossing is not a place to change mode).

Each step is a whole-array operation, so a country's hundreds of thousands of ways are simplified
in about a second: vertices used more than once split their ways into *segments*; segments meeting
at a degree-2 vertex with equal signatures are linked; each chain of links is walked by pointer
jumping (log₂ of the longest chain rounds) into one edge. A ring of linked segments with no end
(a road that closes on itself with no junction) is opened at its lowest vertex.

>>> coords = np.array([[0, 0], [0, 1], [0, 2], [0, 2], [0, 3], [1, 3]], dtype=float)
>>> table = WayTable(coords, np.array([0, 3, 6]), np.array([False, False]), np.array([7, 7]))
>>> j = simplify(table)
>>> len(j.u), j.vertices[j.offsets[0] : j.offsets[1]].tolist()
(1, [0, 1, 2, 4, 5])
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import Geod

__all__ = ["Junctions", "WayTable", "simplify"]

_GEOD = Geod(ellps="WGS84")
_A = 6_378_137.0  # WGS84 semi-major axis, m
_E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)  # first eccentricity squared
_SHORT_M = 1000.0
_CHUNK = 1 << 16  # vertex pairs measured at a time
_FIXED = 1e7  # OSM stores coordinates as integers of 1e-7 degree
STATION_SNAP_KM = 0.5


@dataclass(frozen=True)
class WayTable:
    """Kept ways as arrays: ``coords[offsets[i]:offsets[i + 1]]`` are way ``i``'s vertices."""

    coords: np.ndarray  # (P, 2) float64 lon, lat
    offsets: np.ndarray  # (W + 1,) int64
    rail: np.ndarray  # (W,) bool
    signature: np.ndarray  # (W,) int64: ways that may merge end to end share it


@dataclass(frozen=True)
class Junctions:
    """The simplified network: nodes (unique vertices) and edges (chains of way segments).

    Edge ``e`` runs from node ``u[e]`` to ``v[e]`` through ``coords[vertices[offsets[e]:offsets[e + 1]]]``;
    ``way[e]`` is the way it starts on (whose attributes it takes) and ``ways[way_offsets[e]:…]`` every
    way it passes, in order.
    """

    node_xy: np.ndarray  # (N, 2) lon, lat
    node_rail: np.ndarray  # (N,) bool
    node_station: np.ndarray  # (N,) int: index of the station snapped to the node, else -1
    u: np.ndarray  # (E,) node index
    v: np.ndarray  # (E,)
    way: np.ndarray  # (E,) first way
    vertices: np.ndarray  # vertex indices into WayTable.coords, edge after edge
    offsets: np.ndarray  # (E + 1,)
    length_km: np.ndarray  # (E,) geodesic, WGS84
    ways: np.ndarray  # ways passed, edge after edge (consecutive repeats dropped)
    way_offsets: np.ndarray  # (E + 1,)


def _vertex_keys(coords: np.ndarray, rail: np.ndarray) -> np.ndarray:
    """One uint64 per vertex: its fixed-point location and whether it is on a railway."""
    x = np.rint(coords[:, 0] * _FIXED).astype(np.int64) + (1 << 31)
    y = np.rint(coords[:, 1] * _FIXED).astype(np.int64) + (1 << 30)
    return (
        (x.astype(np.uint64) << np.uint64(32))
        | (y.astype(np.uint64) << np.uint64(1))
        | rail.astype(np.uint64)
    )


def _local_km(xy: np.ndarray) -> np.ndarray:
    """Lon/lat as km on a local equirectangular plane (good to a few metres over a kilometre)."""
    return np.column_stack([xy[:, 0] * 111.32 * np.cos(np.radians(xy[:, 1])), xy[:, 1] * 110.57])


_CELL = 0.02  # degrees: over 1 km, so only railway vertices in a station's cell or beside it are in reach


def _cells(xy: np.ndarray) -> np.ndarray:
    return np.floor(xy[:, 0] / _CELL).astype(np.int64) * 100_000 + np.floor(xy[:, 1] / _CELL).astype(np.int64)


def _near_stations(stations: np.ndarray, coords: np.ndarray, rail: np.ndarray) -> np.ndarray:
    """Indices of the railway vertices (of ``coords``) in a cell with a station or beside one."""
    rail_ids = np.flatnonzero(rail)
    if not len(stations) or not len(rail_ids):
        return rail_ids[:0]
    near = np.unique(
        (_cells(stations)[:, None] + (np.arange(-1, 2)[:, None] * 100_000 + np.arange(-1, 2)).ravel()).ravel()
    )
    return rail_ids[np.isin(_cells(coords[rail_ids]), near)]


def _snap_stations(
    stations: np.ndarray, vertex_xy: np.ndarray, vertex_rail: np.ndarray, snap_km: float
) -> np.ndarray:
    """For each station, the railway vertex within ``snap_km`` nearest to it, else -1."""
    out = np.full(len(stations), -1, dtype=np.int64)
    rail_ids = _near_stations(stations, vertex_xy, vertex_rail)
    if not len(rail_ids):
        return out
    from scipy.spatial import cKDTree

    tree = cKDTree(_local_km(vertex_xy[rail_ids]), balanced_tree=False, compact_nodes=False)
    dist, idx = tree.query(_local_km(stations), distance_upper_bound=snap_km)
    ok = np.isfinite(dist)
    out[ok] = rail_ids[idx[ok]]
    return out


def _ragged_arange(starts: np.ndarray, counts: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """``concatenate([start + step * arange(count) for …])`` without a Python loop."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.cumsum(counts) - counts
    within = np.arange(total, dtype=np.int64) - np.repeat(first, counts)
    return np.repeat(starts, counts) + within * np.repeat(steps, counts)


def _walk(nxt: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pointer jumping over ``nxt`` (-1 ends a chain): each state's last state and distance to it, and
    which states lie on a cycle (they never reach an end)."""
    n = len(nxt)
    end = nxt < 0
    ptr = np.where(end, np.arange(n), nxt)
    dist = (~end).astype(np.int64)
    for _ in range(max(1, math.ceil(math.log2(max(n, 2)))) + 1):
        if end[ptr].all():
            break
        dist = dist + dist[ptr]
        ptr = ptr[ptr]
    return ptr, dist, ~end[ptr]


@dataclass(frozen=True)
class _Segments:
    """Ways cut at their junction vertices: segment ``s`` is way ``way[s]`` from vertex occurrence
    ``p0[s]`` to ``p1[s]`` (indices into the coordinates), unique vertex ``a[s]`` to ``b[s]``."""

    p0: np.ndarray
    p1: np.ndarray
    way: np.ndarray
    a: np.ndarray
    b: np.ndarray


@dataclass(frozen=True)
class _Vertices:
    xy: np.ndarray
    rail: np.ndarray
    station: np.ndarray  # station index or -1


def _segments(table: WayTable, stations: np.ndarray, snap_km: float) -> tuple[_Vertices, _Segments]:
    """Ways cut at their junction vertices. Only vertices where a way is cut are numbered (in order of
    first use, as numbering them all would): most of a road's vertices are used once, and hashing all
    of a country's millions of them cost more than the rest of the simplification."""
    offsets = table.offsets
    way_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    rail = table.rail[way_of]
    keys = _vertex_keys(table.coords, rail)
    # a way is cut where a vertex is used again (by it or another way), at its ends and at stations
    station = _station_of(stations, table.coords, keys, rail, snap_km)
    split = _repeated(keys) | (station >= 0)
    split[offsets[:-1]] = True
    split[offsets[1:] - 1] = True
    cut = np.flatnonzero(split)
    vid, uniq = pd.factorize(keys[cut])
    vid = vid.astype(np.int64, copy=False)
    xy = np.empty((len(uniq), 2))
    xy[vid] = table.coords[cut]  # every occurrence of a vertex is at the same point
    at_station = np.full(len(uniq), -1, dtype=np.int64)
    at_station[vid] = station[cut]
    vertices = _Vertices(xy, (np.asarray(uniq) & np.uint64(1)).astype(bool), at_station)
    same = way_of[cut[:-1]] == way_of[cut[1:]]
    p0, p1 = cut[:-1][same], cut[1:][same]
    return vertices, _Segments(p0, p1, way_of[p0], vid[:-1][same], vid[1:][same])


def _repeated(keys: np.ndarray) -> np.ndarray:
    """Whether each key occurs more than once."""
    order = np.argsort(keys)
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    repeated = np.zeros(len(keys), dtype=bool)
    repeated[1:] = same
    repeated[:-1] |= same
    out = np.empty(len(keys), dtype=bool)
    out[order] = repeated
    return out


def _station_of(
    stations: np.ndarray, coords: np.ndarray, keys: np.ndarray, rail: np.ndarray, snap_km: float
) -> np.ndarray:
    """Per vertex occurrence, the station snapped to its vertex (the railway vertex nearest the station
    within ``snap_km``), else -1."""
    out = np.full(len(keys), -1, dtype=np.int64)
    near = _near_stations(stations, coords, rail)  # every occurrence of a vertex near one
    if not len(near):
        return out
    code, uniq = pd.factorize(keys[near])
    xy = np.empty((len(uniq), 2))
    xy[code] = coords[near]
    snapped = _snap_stations(stations, xy, np.ones(len(uniq), dtype=bool), snap_km)
    hit = np.flatnonzero(snapped >= 0)
    station = np.full(len(uniq), -1, dtype=np.int64)
    station[snapped[hit][::-1]] = hit[::-1]  # two stations on one vertex: the first keeps it
    out[near] = station[code]
    return out


def _links(seg: _Segments, vertices: _Vertices, signature: np.ndarray) -> tuple[np.ndarray, ...]:
    """Pairs of segment ends meeting at a degree-2 vertex that is not a station: ``(vertex, s1, e1, s2,
    e2, linked)``, ``e`` 0 for a segment's ``a`` end and 1 for its ``b`` end; ``linked`` where both
    segments are of one road (the signature) and not one segment closing on itself."""
    n_seg = len(seg.p0)
    ends = np.concatenate([seg.a, seg.b])
    end_seg = np.tile(np.arange(n_seg, dtype=np.int64), 2)
    end_side = np.repeat(np.array([0, 1], dtype=np.int64), n_seg)
    degree = np.bincount(ends, minlength=len(vertices.xy))
    at = np.flatnonzero(((degree == 2) & (vertices.station < 0))[ends])
    at = at[np.argsort(ends[at], kind="stable")]
    s1, e1, s2, e2 = end_seg[at][0::2], end_side[at][0::2], end_seg[at][1::2], end_side[at][1::2]
    linked = (s1 != s2) & (signature[seg.way[s1]] == signature[seg.way[s2]])
    return ends[at][0::2], s1, e1, s2, e2, linked


def _chains(seg: _Segments, links: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linked segments in chain order: the states kept (``2s`` walks segment ``s`` from ``a`` to ``b``,
    ``2s + 1`` back), where each chain starts among them, and each state's chain."""
    node, s1, e1, s2, e2, linked = links
    n_seg = len(seg.p0)
    while True:
        nxt = np.full(2 * n_seg, -1, dtype=np.int64)
        m = linked
        nxt[2 * s1[m] + (1 - e1[m])] = 2 * s2[m] + e2[m]
        nxt[2 * s2[m] + (1 - e2[m])] = 2 * s1[m] + e1[m]
        last, dist, cyclic = _walk(nxt)
        if not cyclic.any():
            break
        linked = _open_rings(linked, node, s1, s2, cyclic, n_seg)
    head = last[np.arange(2 * n_seg) ^ 1] ^ 1
    keep = np.flatnonzero(head < (last ^ 1))  # one direction of each chain: from its lowest state
    keep = keep[np.lexsort((-dist[keep], last[keep]))]
    new_chain = np.r_[True, last[keep][1:] != last[keep][:-1]]
    return keep, np.flatnonzero(new_chain), np.cumsum(new_chain) - 1


def simplify(
    table: WayTable, stations: np.ndarray | None = None, *, snap_km: float = STATION_SNAP_KM
) -> Junctions:
    """Edges between junctions for the ways of ``table``; ``stations`` (K, 2 lon/lat) become junctions
    on the railway vertex nearest each (within ``snap_km``)."""
    station_xy = np.zeros((0, 2)) if stations is None else np.asarray(stations, dtype=float).reshape(-1, 2)
    vertices, seg = _segments(table, station_xy, snap_km)
    keep, chain_start, chain_of = _chains(seg, _links(seg, vertices, table.signature))

    # vertices of each edge in order; a segment after the first skips the vertex it shares
    s, backward = keep // 2, (keep % 2).astype(bool)
    is_head = np.zeros(len(keep), dtype=bool)
    is_head[chain_start] = True
    step = np.where(backward, -1, 1)
    start = np.where(backward, seg.p1[s], seg.p0[s]) + np.where(is_head, 0, step)
    n_vertices = seg.p1[s] - seg.p0[s] + np.where(is_head, 1, 0)
    edge_vertices = np.add.reduceat(n_vertices, chain_start) if len(keep) else np.zeros(0, dtype=np.int64)

    heads, tails = keep[chain_start], keep[np.r_[chain_start[1:], len(keep)] - 1]
    u = np.where(heads % 2 == 1, seg.b[heads // 2], seg.a[heads // 2])
    v = np.where(tails % 2 == 1, seg.a[tails // 2], seg.b[tails // 2])
    seq_way = seg.way[s]  # ways passed by each edge, consecutive repeats dropped
    new = np.r_[True, (seq_way[1:] != seq_way[:-1]) | (chain_of[1:] != chain_of[:-1])]
    way_counts = np.bincount(chain_of[new], minlength=len(chain_start))

    used = np.unique(np.concatenate([u, v]))
    index = np.full(len(vertices.xy), -1, dtype=np.int64)
    index[used] = np.arange(len(used))
    return Junctions(
        node_xy=vertices.xy[used],
        node_rail=vertices.rail[used],
        node_station=vertices.station[used],
        u=index[u],
        v=index[v],
        way=seg.way[heads // 2],
        vertices=_ragged_arange(start, n_vertices, step),
        offsets=np.r_[0, np.cumsum(edge_vertices)].astype(np.int64),
        length_km=np.bincount(chain_of, weights=_segment_km(table, seg)[s], minlength=len(chain_start)),
        ways=seq_way[new],
        way_offsets=np.r_[0, np.cumsum(way_counts)].astype(np.int64),
    )


def _pair_m(coords: np.ndarray) -> np.ndarray:
    """Geodesic distance (WGS84, m) from each point to the next.

    Pairs under :data:`_SHORT_M` — nearly all of a road — use the ellipsoid's radii of curvature at
    their mid-latitude, whose error grows as (d/R)²: under 3e-8 of the length at 1 km, far below
    OSM's own precision; longer pairs are solved exactly by pyproj, which takes ten times as long.
    """
    out = np.empty(max(len(coords) - 1, 0))
    for start in range(0, len(out), _CHUNK):  # a chunk's temporaries stay in the processor's cache
        part = coords[start : start + _CHUNK + 1]
        lon, lat = np.radians(part[:, 0]), np.radians(part[:, 1])
        dlon = np.diff(lon)
        dlon += np.pi
        np.remainder(dlon, 2 * np.pi, out=dlon)
        dlon -= np.pi
        mid = lat[1:] + lat[:-1]
        mid /= 2
        w = np.sin(mid)
        np.square(w, out=w)
        w *= _E2
        np.subtract(1.0, w, out=w)
        root = np.sqrt(w)
        meridian = w * root
        np.divide(_A * (1.0 - _E2), meridian, out=meridian)
        meridian *= np.diff(lat)
        np.divide(_A, root, out=root)
        root *= np.cos(mid)
        root *= dlon
        np.hypot(meridian, root, out=out[start : start + _CHUNK])
    long = np.flatnonzero(out > _SHORT_M)
    if len(long):
        a, b = coords[long], coords[long + 1]
        out[long] = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[2]
    return out


def _segment_km(table: WayTable, seg: _Segments) -> np.ndarray:
    """Geodesic length of each segment: per vertex pair, summed."""
    coords = table.coords
    pair_m = np.zeros(len(coords))
    if len(coords) > 1:
        pair_m[1:] = _pair_m(coords)
    pair_m[table.offsets[:-1]] = 0.0  # no pair across two ways
    cum = np.cumsum(pair_m)
    return (cum[seg.p1] - cum[seg.p0]) / 1000.0


def _open_rings(
    linked: np.ndarray, node: np.ndarray, s1: np.ndarray, s2: np.ndarray, cyclic: np.ndarray, n_seg: int
) -> np.ndarray:
    """Unlink one vertex of each ring of linked segments (the lowest), so that every chain has ends."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    on_ring = cyclic[0::2] | cyclic[1::2]
    m = linked & on_ring[s1]
    graph = coo_matrix((np.ones(int(m.sum())), (s1[m], s2[m])), shape=(n_seg, n_seg))
    _, label = connected_components(graph, directed=False)
    links = np.flatnonzero(m)
    ring = label[s1[links]]
    order = np.lexsort((node[links], ring))
    firsts = links[order][np.r_[True, ring[order][1:] != ring[order][:-1]]]
    out = linked.copy()
    out[firsts] = False
    return out
