"""Routes, hub impact, ranking, edge criticality and interdiction: invariants on the theatre network and
known answers on tiny hand-built graphs."""

from __future__ import annotations

import copy
import itertools
import random

import networkx as nx
import pytest
from shapely.geometry import LineString, Polygon

from frontline.network import (
    candidate_hubs,
    cost_function,
    edge_criticality,
    edges_within_range,
    find_place,
    hub_impact,
    impacts_gdf,
    interdiction_cost,
    load_theatre_network,
    nx_weight,
    pairs_gdf,
    rank_hubs,
    route,
    route_table,
    routes_gdf,
    without_nodes,
)
from frontline.network.costs import _penalised


@pytest.fixture(scope="module")
def G() -> nx.MultiGraph:
    return load_theatre_network()


def tiny() -> nx.MultiGraph:
    """a─1─b─1─d─1─e, a─2─c─2─d, and f hanging off d: losing b costs 2 km, losing d cuts e and f."""
    T = nx.MultiGraph(crs="EPSG:4326")
    where = {"a": (36.0, 49.0), "b": (36.1, 49.05), "c": (36.1, 48.95), "d": (36.2, 49.0), "e": (36.3, 49.0)}
    for n, (x, y) in {**where, "f": (36.2, 48.9)}.items():
        T.add_node(n, x=x, y=y, name=n.upper())
    for u, v, km in (
        ("a", "b", 1),
        ("b", "d", 1),
        ("a", "c", 2),
        ("c", "d", 2),
        ("d", "e", 1),
        ("d", "f", 3),
    ):
        T.add_edge(u, v, mode="road", ref="", length_km=float(km), source="test")
    return T


def check_route(G: nx.MultiGraph, r, cost) -> None:
    """networkx's validate_path idea: ends at the right nodes, adjacent steps, cost = sum of its edges."""
    assert r.nodes[0] == r.source and r.nodes[-1] == r.target
    total = 0.0
    for (u, v, k), a, b in zip(r.edges, r.nodes[:-1], r.nodes[1:], strict=True):
        assert {u, v} == {a, b}
        c = cost(u, v, k, G.edges[u, v, k])
        assert c is not None
        total += c
    assert r.cost_km == pytest.approx(total)
    assert r.length_km == pytest.approx(sum(G.edges[e]["length_km"] for e in r.edges))
    line = r.geometry(G)
    assert line.coords[0] == pytest.approx((G.nodes[r.source]["x"], G.nodes[r.source]["y"]))
    assert line.coords[-1] == pytest.approx((G.nodes[r.target]["x"], G.nodes[r.target]["y"]))


@pytest.mark.parametrize("mode", ["any", "road", "rail"])
def test_route_invariants_on_the_theatre(G: nx.MultiGraph, mode: str) -> None:
    cost = cost_function(mode=mode)
    names = ["Belgorod", "Valuyki", "Kharkiv"], ["Izium", "Lyman", "Lysychansk"]
    sources = [find_place(G, n).endpoint(G, mode) for n in names[0]]
    targets = [find_place(G, n).endpoint(G, mode) for n in names[1]]
    routes = route_table(G, sources, targets, cost=cost)
    assert [(r.source, r.target) for r in routes] == [(s, t) for s in sources for t in targets]
    for r in routes:
        assert r.reachable
        check_route(G, r, cost)
        assert r.cost_km == pytest.approx(
            nx.dijkstra_path_length(G, r.source, r.target, weight=nx_weight(cost))
        )
        if mode != "any":
            assert set(r.modes) == {mode}
    gdf = routes_gdf(G, routes)
    assert len(gdf) == len(routes) and gdf.geometry.notna().all()


def test_transfer_cost_decides_between_road_and_rail() -> None:
    T = nx.MultiGraph(crs="EPSG:4326")
    for n, x in (("a", 36.0), ("a/rail", 36.0), ("b", 37.0), ("b/rail", 37.0)):
        T.add_node(n, x=x, y=49.0, name=n)
    T.add_edge("a", "b", mode="road", length_km=100.0)
    T.add_edge("a/rail", "b/rail", mode="rail", length_km=70.0)
    T.add_edge("a", "a/rail", mode="transfer", length_km=0.0)
    T.add_edge("b", "b/rail", mode="transfer", length_km=0.0)
    assert route(T, "a", "b", cost=cost_function(transfer_km=10)).cost_km == 90.0
    assert route(T, "a", "b", cost=cost_function(transfer_km=20)).cost_km == 100.0
    assert route(T, "a", "b", cost=cost_function(mode="road", transfer_km=0)).modes == ("road",)
    assert route(T, "a", "b", cost=cost_function(mode="rail")).reachable is False
    with pytest.raises(ValueError, match="must be one of any, road, rail"):
        cost_function(mode="air")


def test_hub_impact_known_answers() -> None:
    T = tiny()
    before = copy.deepcopy(T)
    b = hub_impact(T, "b", sources=["a"], targets=["d", "e", "f"])
    assert [(p.before_km, p.after_km, p.status) for p in b.pairs] == [
        (2.0, 4.0, "longer"),
        (3.0, 5.0, "longer"),
        (5.0, 7.0, "longer"),
    ]
    assert [p.detour_pct for p in b.pairs] == [100.0, pytest.approx(66.666667), 40.0]
    assert (b.cut, b.longer, b.added_km) == (0, 3, 6.0)
    d = hub_impact(T, "d", sources=["a"], targets=["e", "f", "c"])
    assert [p.status for p in d.pairs] == ["cut", "cut", "unchanged"]
    assert d.cut == 2 and d.pairs[0].after_km is None and d.pairs[0].detour_pct is None
    both = hub_impact(T, ["b", "c"], sources=["a"], targets=["d"])
    assert both.pairs[0].status == "cut"
    lost = hub_impact(T, "e", sources=["a"], targets=["e"])
    assert lost.pairs[0].status == "lost"
    assert nx.utils.graphs_equal(T, before) and all(T.edges[e] == before.edges[e] for e in T.edges(keys=True))


def test_disconnected_pairs_are_reported_not_raised() -> None:
    T = tiny()
    T.add_node("z", x=40.0, y=50.0, name="Z")
    hit = hub_impact(T, "b", sources=["a"], targets=["z", "d"])
    assert [p.status for p in hit.pairs] == ["disconnected", "longer"]
    assert hit.pairs[0].before_km is None
    assert not route(T, "a", "z").reachable
    ranked = rank_hubs(T, sources=["a"], targets=["z"])
    assert all(p.status == "disconnected" for h in ranked for p in h.pairs)


def test_rank_and_edge_criticality_known_answers() -> None:
    T = tiny()
    assert list(candidate_hubs(T)) == ["d"]  # junctions only, by default
    hubs = candidate_hubs(T, exclude=["a", "e", "f"], min_degree=2)
    ranked = rank_hubs(T, sources=["a"], targets=["e", "f"], hubs=hubs)
    assert [(h.hub, h.cut, h.added_km) for h in ranked] == [("d", 2, 0.0), ("b", 0, 4.0), ("c", 0, 0.0)]
    assert rank_hubs(T, sources=["a"], targets=["e", "f"], hubs={"d": ["d"]})[0].nodes == ("d",)
    edges = edge_criticality(T, sources=["a"], targets=["e"])
    assert [(e.u, e.v, e.cut, e.added_km) for e in edges] == [
        ("d", "e", 1, 0.0),
        ("a", "b", 0, 2.0),
        ("b", "d", 0, 2.0),
    ]
    with pytest.raises(ValueError, match="must be one of csgraph, networkx"):
        rank_hubs(T, sources=["a"], targets=["e"], method="magic")
    gdf = impacts_gdf(T, ranked)
    assert list(gdf["rank"]) == [1, 2, 3] and list(gdf["cut_pairs"]) == [2, 0, 0]
    pairs = pairs_gdf(T, ranked[0])
    assert list(pairs["status"]) == ["cut", "cut"]


def _ranking(hubs) -> list[tuple]:
    return [(h.hub, h.cut, round(h.added_km, 6), tuple(p.status for p in h.pairs)) for h in hubs]


@pytest.mark.parametrize("mode", ["any", "road", "rail"])
def test_fast_ranking_equals_the_naive_loop_on_the_theatre(G: nx.MultiGraph, mode: str) -> None:
    cost = cost_function(mode=mode)
    sources = [find_place(G, n).endpoint(G, mode) for n in ("Belgorod", "Valuyki", "Kharkiv")]
    targets = [find_place(G, n).endpoint(G, mode) for n in ("Izium", "Lyman", "Lysychansk", "Starobilsk")]
    fast = rank_hubs(G, sources=sources, targets=targets, cost=cost)
    slow = rank_hubs(G, sources=sources, targets=targets, cost=cost, method="networkx")
    assert _ranking(fast) == _ranking(slow)
    assert fast[0].added_km > 0 or fast[0].cut > 0


def synthetic(n: int, seed: int) -> nx.MultiGraph:
    """A perturbed grid with random gaps and a few parallel edges: small road-network look-alike."""
    rng = random.Random(seed)
    S = nx.MultiGraph(crs="EPSG:4326")
    for i in range(n):
        for j in range(n):
            S.add_node((i, j), x=36 + i * 0.05 + rng.random() * 0.01, y=49 + j * 0.05)
    for i in range(n):
        for j in range(n):
            for di, dj in ((1, 0), (0, 1)):
                if i + di < n and j + dj < n and rng.random() > 0.2:
                    S.add_edge((i, j), (i + di, j + dj), mode="road", length_km=float(rng.randint(1, 9)))
    for _ in range(n):
        u = rng.choice(list(S.edges(keys=False)))
        S.add_edge(*u, mode="road", length_km=float(rng.randint(1, 9)))
    return S


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_ranking_equals_the_naive_loop_on_random_graphs(seed: int) -> None:
    S = synthetic(9, seed)
    rng = random.Random(seed)
    nodes = list(S.nodes)
    sources, targets = rng.sample(nodes, 3), rng.sample(nodes, 3)
    fast = rank_hubs(S, sources=sources, targets=targets)
    slow = rank_hubs(S, sources=sources, targets=targets, method="networkx")
    assert _ranking(fast) == _ranking(slow)
    for h_fast, h_slow in zip(fast, slow, strict=True):
        for a, b in zip(h_fast.pairs, h_slow.pairs, strict=True):
            assert a.after_km == pytest.approx(b.after_km)


@pytest.mark.parametrize("seed", [4, 5])
def test_fast_ranking_of_multi_node_hubs_and_lost_endpoints(seed: int) -> None:
    S = synthetic(8, seed)
    rng = random.Random(seed)
    nodes = list(S.nodes)
    sources, targets = rng.sample(nodes, 3), rng.sample(nodes, 4)
    hubs = {f"h{i}": tuple(rng.sample(nodes, rng.randint(1, 3))) for i in range(40)}
    hubs["a source"] = (sources[0], nodes[0])
    hubs["a target"] = (targets[1],)
    fast = rank_hubs(S, sources=sources, targets=targets, hubs=hubs)
    slow = rank_hubs(S, sources=sources, targets=targets, hubs=hubs, method="networkx")
    assert _ranking(fast) == _ranking(slow)
    lost = {h.hub: h for h in fast}
    # a lost endpoint's pairs are lost, unless they had no route to lose
    for label, end in (
        ("a target", lambda p: p.target == targets[1]),
        ("a source", lambda p: p.source == sources[0]),
    ):
        statuses = [p.status for p in lost[label].pairs if end(p)]
        assert statuses and set(statuses) <= {"lost", "disconnected"}, (label, statuses)


def test_interdiction_cuts_or_penalises_within_range() -> None:
    T = tiny()  # 0.1° of longitude is ~7.3 km at 49°N
    front = LineString([(36.05, 49.01), (36.05, 49.5)])  # crosses a-b only
    assert edges_within_range(T, front, range_km=1) == {("a", "b", 0)}
    near = edges_within_range(T, front, range_km=10)
    assert ("a", "b", 0) in near and ("b", "d", 0) in near and ("d", "e", 0) not in near
    cut = interdiction_cost(T, front, range_km=1)
    assert route(T, "a", "d", cost=cut).cost_km == 4.0  # around by c
    slow = interdiction_cost(T, front, range_km=1, factor=3.0)
    assert route(T, "a", "d", cost=slow).cost_km == 4.0  # 3 + 1 ties with 2 + 2
    assert slow("a", "b", 0, T.edges["a", "b", 0]) == 3.0
    their_side = Polygon([(35.5, 48.5), (36.05, 48.5), (36.05, 49.5), (35.5, 49.5)])  # holds a
    held = interdiction_cost(T, their_side, range_km=0)
    assert not route(T, "a", "d", cost=held).reachable
    assert edges_within_range(T, Polygon(), range_km=5) == frozenset()
    with pytest.raises(ValueError, match="factor must be 1 or more"):
        interdiction_cost(T, front, range_km=1, factor=0.5)
    assert all("cut" not in d for *_, d in T.edges(data=True))


def test_interdiction_on_the_theatre_uses_metric_ranges(G: nx.MultiGraph) -> None:
    kupiansk = (G.nodes["kupiansk"]["x"], G.nodes["kupiansk"]["y"])
    front = LineString([(kupiansk[0] + 0.3, 49.0), (kupiansk[0] + 0.3, 50.2)])  # ~22 km east of Kupiansk
    close = edges_within_range(G, front, range_km=5)
    wide = edges_within_range(G, front, range_km=40)
    assert close < wide
    touched = {n for u, v, _ in wide for n in (u, v)}
    assert "kupiansk" in touched and "kharkiv" not in touched
    cost = without_nodes(interdiction_cost(G, front, range_km=40), [])
    r = route(G, "valuyki", "izium", cost=cost)
    assert r.reachable is False or not ({"dvorichna", "kupiansk"} & set(r.nodes))


@pytest.mark.parametrize("module", ["graph", "costs", "places", "routes", "impact", "__init__"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module("frontline.network" + ("" if module == "__init__" else f".{module}"))
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def short_trip_with_transfers() -> nx.MultiGraph:
    """Helsinki in small: a 1.2 km road trip a─j─b and, beside it, a 1.3 km railway between the stations
    of a and b, reached by two short transfer edges. Losing the junction j leaves only the railway, so the
    cheapest route becomes 1.4 km long with two road↔rail transfers (20 km-equivalents each)."""
    T = nx.MultiGraph(crs="EPSG:4326")
    places = [("a", 24.930, "junction"), ("j", 24.938, "junction"), ("b", 24.946, "junction")]
    places += [("k", 24.938, "junction"), ("a/rail", 24.930, "station"), ("b/rail", 24.946, "station")]
    for n, x, kind in places:
        T.add_node(n, x=x, y=60.17 if n != "k" else 60.18, name=n.upper(), kind=kind)
    T.add_edge("a", "j", mode="road", ref="", length_km=0.6)
    T.add_edge("j", "b", mode="road", ref="", length_km=0.6)
    T.add_edge("j", "k", mode="road", ref="", length_km=1.0)  # makes j a junction worth ranking
    T.add_edge("a/rail", "b/rail", mode="rail", ref="", length_km=1.3)
    T.add_edge("a", "a/rail", mode="transfer", ref="", length_km=0.05)
    T.add_edge("b", "b/rail", mode="transfer", ref="", length_km=0.05)
    return T


def test_added_km_never_holds_the_transfer_penalty() -> None:
    """A 1.2 km trip that must change to rail reports +0.2 km (17 %) and +39.9 km-equivalents of
    transfers apart — not a "3,179 %" detour made of transfer penalties counted as kilometres."""
    T = short_trip_with_transfers()
    hit = hub_impact(T, "j", sources=["a"], targets=["b"])
    p = hit.pairs[0]
    assert p.status == "longer"
    assert (p.before_km, p.after_km) == (pytest.approx(1.2), pytest.approx(1.4))
    assert p.added_km == pytest.approx(0.2) and p.detour_pct == pytest.approx(16.666667)
    assert (p.before_penalty_km, p.after_penalty_km) == (0.0, pytest.approx(39.9))
    assert p.added_penalty_km == pytest.approx(39.9) and p.after_cost_km == pytest.approx(41.3)
    assert (hit.added_km, hit.added_penalty_km) == (pytest.approx(0.2), pytest.approx(39.9))
    assert hit.max_detour_pct < 20
    for method in ("csgraph", "networkx"):
        ranked = rank_hubs(T, sources=["a"], targets=["b"], method=method)
        j = next(h for h in ranked if h.hub == "j")
        assert (j.added_km, j.added_penalty_km) == (pytest.approx(0.2), pytest.approx(39.9)), method
        assert j.max_detour_pct < 20 and ranked[0].hub == "j"
    edges = edge_criticality(T, sources=["a"], targets=["b"])
    assert all(e.max_detour_pct < 20 and e.added_penalty_km == pytest.approx(39.9) for e in edges)
    row = pairs_gdf(T, hit).iloc[0]
    assert row["added_km"] == pytest.approx(0.2) and row["added_penalty_km"] == pytest.approx(39.9)
    ranked_row = impacts_gdf(T, rank_hubs(T, sources=["a"], targets=["b"])).iloc[0]
    assert ranked_row["added_km"] == pytest.approx(0.2) and ranked_row["max_detour_pct"] < 20
    # a penalty already on the route before is not added again; by road alone the loss cuts the trip
    rail_first = hub_impact(T, "j", sources=["a/rail"], targets=["b"])
    assert rail_first.pairs[0].before_penalty_km == pytest.approx(19.95)
    assert hub_impact(T, "j", sources=["a"], targets=["b"], cost=cost_function(mode="road")).cut == 1


def road_and_rail(n: int, seed: int) -> nx.MultiGraph:
    """A perturbed road grid with random real lengths (no two routes cost exactly the same) and a railway
    along every other row and column, shorter than the roads, its stations joined to the road junction
    beside them by transfer edges of a few hundred metres; junction and station of a place share its
    GeoNames id, so candidate_hubs ranks them as one hub."""
    rng = random.Random(seed)
    R = nx.MultiGraph(crs="EPSG:4326")
    for i in range(n):
        for j in range(n):
            R.add_node((i, j), x=36 + i * 0.05, y=49 + j * 0.05, kind="junction", geonameid=1000 + i * n + j)
    for i in range(n):
        for j in range(n):
            for di, dj in ((1, 0), (0, 1)):
                if i + di < n and j + dj < n and rng.random() > 0.15:
                    R.add_edge((i, j), (i + di, j + dj), mode="road", length_km=rng.uniform(3.0, 9.0))
    for _ in range(n):
        u, v = rng.choice(list(R.edges(keys=False)))
        R.add_edge(u, v, mode="road", length_km=rng.uniform(3.0, 9.0))
    lines = [[(i, j) for j in range(n)] for i in range(0, n, 2)] + [
        [(i, j) for i in range(n)] for j in (1, n - 2)
    ]
    for line in lines:
        stations = [p for k, p in enumerate(line) if k == 0 or k == len(line) - 1 or rng.random() < 0.5]
        for p in stations:
            station = (*p, "rail")
            if station not in R:
                R.add_node(station, x=R.nodes[p]["x"], y=R.nodes[p]["y"], kind="station")
                R.nodes[station]["geonameid"] = R.nodes[p]["geonameid"]
                R.add_edge(p, station, mode="transfer", length_km=rng.uniform(0.05, 0.5))
        for a, b in itertools.pairwise(stations):
            hops = abs(a[0] - b[0]) + abs(a[1] - b[1])
            R.add_edge((*a, "rail"), (*b, "rail"), mode="rail", length_km=hops * rng.uniform(2.0, 4.0))
    return R


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_fast_ranking_reports_distance_and_penalty_as_the_naive_loop_does(seed: int) -> None:
    """With road↔rail transfers and surcharges the cost is no distance: both methods must report the same
    distance travelled before and after, and the same penalties, for every hub and pair."""
    R = road_and_rail(8, seed)
    rng = random.Random(seed)
    junctions = [p for p in R if len(p) == 2]
    sources, targets = rng.sample(junctions[:16], 3), rng.sample(junctions[-16:], 3)
    transfers = cost_function(transfer_km=rng.uniform(2.0, 6.0))
    observed = frozenset(rng.sample(sorted(R.edges(keys=True)), 30))
    surcharged = _penalised(transfers, observed, 2.5)  # roads and railways under observation cost 2.5×
    for cost in (transfers, surcharged):
        fast = {h.hub: h for h in rank_hubs(R, sources=sources, targets=targets, cost=cost)}
        slow = {
            h.hub: h for h in rank_hubs(R, sources=sources, targets=targets, cost=cost, method="networkx")
        }
        assert fast.keys() == slow.keys()
        changed = penalised = 0
        for label, h in slow.items():
            for a, b in zip(fast[label].pairs, h.pairs, strict=True):
                assert (a.source, a.target, a.status) == (b.source, b.target, b.status), label
                for name in ("before_km", "after_km", "before_penalty_km", "after_penalty_km"):
                    assert getattr(a, name) == pytest.approx(getattr(b, name), abs=1e-6), (label, name)
                    assert str(getattr(a, name)) != "-0.0", (label, name)  # no "-0.0 km" in tables
                changed += b.status == "longer"
                penalised += bool(b.after_penalty_km) and b.after_penalty_km != b.before_penalty_km
        assert changed and penalised  # the graphs do route through transfers that losses change
        assert _ranking(fast.values()) == _ranking(slow.values())
