"""Simplification to junctions: invariants on random networks of ways (hypothesis) and small cases."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from frontline.network._junctions import WayTable, simplify

GEOD = Geod(ellps="WGS84")


def table(ways: list[list[tuple[int, int]]], sigs: list[int], rail: list[bool]) -> WayTable:
    """Ways on a lattice of 0.01° around Kupiansk; consecutive repeats dropped as pyosmium's WKB does."""
    runs = []
    for w in ways:
        run = [w[0]] + [p for prev, p in itertools.pairwise(w) if p != prev]
        runs.append(run)
    coords = np.array([(37.6 + 0.01 * x, 49.7 + 0.01 * y) for run in runs for x, y in run], dtype=float)
    offsets = np.r_[0, np.cumsum([len(r) for r in runs])]
    return WayTable(
        coords, offsets.astype(np.int64), np.array(rail, dtype=bool), np.array(sigs, dtype=np.int64)
    )


def way_km(t: WayTable) -> float:
    total = 0.0
    for i in range(len(t.offsets) - 1):
        c = t.coords[t.offsets[i] : t.offsets[i + 1]]
        total += GEOD.line_length(c[:, 0], c[:, 1]) / 1000
    return total


point = st.tuples(st.integers(0, 4), st.integers(0, 4))


@st.composite
def networks(draw: st.DrawFn) -> WayTable:
    n = draw(st.integers(1, 12))
    ways, sigs, rail = [], [], []
    for _ in range(n):
        w = draw(st.lists(point, min_size=2, max_size=6))
        if len({*w}) < 2:
            w = [(0, 0), (1, 0)]
        ways.append(w)
        sigs.append(draw(st.integers(0, 2)))
        rail.append(draw(st.booleans()))
    return table(ways, sigs, rail)


def check(t: WayTable, stations: np.ndarray | None = None) -> None:
    j = simplify(t, stations)
    # every vertex pair of every way is on exactly one edge: lengths and pair counts add up
    assert j.length_km.sum() == pytest.approx(way_km(t), rel=1e-7, abs=1e-9)
    assert (np.diff(j.offsets) - 1).sum() == (np.diff(t.offsets) - 1).sum()
    for e in range(len(j.u)):
        line = t.coords[j.vertices[j.offsets[e] : j.offsets[e + 1]]]
        assert len(line) >= 2
        assert tuple(line[0]) == tuple(j.node_xy[j.u[e]]) and tuple(line[-1]) == tuple(j.node_xy[j.v[e]])
        assert GEOD.line_length(line[:, 0], line[:, 1]) / 1000 == pytest.approx(
            j.length_km[e], rel=1e-7, abs=1e-9
        )
        passed = j.ways[j.way_offsets[e] : j.way_offsets[e + 1]]
        assert passed[0] == j.way[e]
        assert len({int(t.signature[w]) for w in passed}) == 1  # one road per edge
        assert (
            len({bool(t.rail[w]) for w in passed})
            == 1
            == len({bool(j.node_rail[j.u[e]])} | {bool(t.rail[w]) for w in passed})
        )
    # no node is left where two edges of one road meet end to end (a station or a self-loop aside)
    ends = np.concatenate([j.u, j.v])
    degree = np.bincount(ends, minlength=len(j.node_xy))
    for node in np.flatnonzero(degree == 2):
        at = [e for e in range(len(j.u)) if node in (j.u[e], j.v[e])]
        if len(at) == 1 or j.node_station[node] >= 0:
            continue
        assert t.signature[j.way[at[0]]] != t.signature[j.way[at[1]]] or _through_sig_change(t, j, at, node)


def _through_sig_change(t: WayTable, j, at: list[int], node: int) -> bool:
    """Two edges of one road may meet at a node if a ring was opened there (both edges are one ring)."""
    return j.u[at[0]] == j.v[at[0]] or j.u[at[1]] == j.v[at[1]]


@given(networks())
@settings(max_examples=300, deadline=None)
def test_random_networks_keep_every_vertex_pair_once(t: WayTable) -> None:
    check(t)


def test_a_road_split_into_ways_is_one_edge_and_a_junction_splits_it() -> None:
    road = [[(0, 0), (1, 0)], [(1, 0), (2, 0), (3, 0)], [(3, 0), (4, 0)]]
    j = simplify(table(road, [1, 1, 1], [False] * 3))
    assert len(j.u) == 1 and j.ways.tolist() == [0, 1, 2]
    crossing = [*road, [(2, -1), (2, 0), (2, 1)]]
    j = simplify(table(crossing, [1, 1, 1, 2], [False] * 4))
    assert len(j.u) == 4  # the crossing road cuts both roads at (2, 0)


def test_ref_change_and_bridge_are_nodes() -> None:
    j = simplify(table([[(0, 0), (1, 0)], [(1, 0), (2, 0)]], [1, 2], [False, False]))
    assert len(j.u) == 2


def test_rings() -> None:
    # one closed way alone: a self-loop; two ways closing a ring: opened at its lowest vertex
    j = simplify(table([[(0, 0), (1, 0), (1, 1), (0, 0)]], [1], [False]))
    assert len(j.u) == 1 and j.u[0] == j.v[0]
    j = simplify(table([[(0, 0), (1, 0), (1, 1)], [(1, 1), (0, 1), (0, 0)]], [1, 1], [False, False]))
    assert len(j.u) == 1 and j.u[0] == j.v[0] and len(j.ways) == 2
    check(table([[(0, 0), (1, 0), (1, 1)], [(1, 1), (0, 1), (0, 0)]], [1, 1], [False, False]))


def test_road_and_rail_never_share_a_node() -> None:
    j = simplify(
        table([[(0, 0), (2, 0)], [(1, -1), (1, 1)], [(0, 0), (0, 1)]], [1, 2, 1], [False, True, True])
    )
    assert j.node_rail.sum() == 4 and (~j.node_rail).sum() == 2  # (0, 0) twice: a road and a rail node
    assert (j.node_xy == [37.6, 49.7]).all(axis=1).sum() == 2


def test_a_station_is_a_junction_on_its_track() -> None:
    track = table([[(0, 0), (1, 0), (2, 0)]], [1], [True])
    assert len(simplify(track).u) == 1
    j = simplify(track, np.array([[37.61, 49.7001]]))  # beside the middle vertex
    assert len(j.u) == 2 and (j.node_station >= 0).sum() == 1
    assert len(simplify(track, np.array([[37.61, 49.8]])).u) == 1  # 11 km off: not this track's
    check(track, np.array([[37.61, 49.7001]]))
