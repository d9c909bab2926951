"""The question of issue 18 on the embedded network and the shared DeepState snapshots: what does losing
Pokrovsk do to Ukrainian supply toward Kostiantynivka and Kurakhove, as the ground lay?"""

from __future__ import annotations

import networkx as nx
import pytest

from frontline.network import find_place, hub_impact, interdiction_cost, load_theatre_network, route

from .conftest import SHARED

DEEPSTATE = SHARED / "deepstate"


def occupied(name: str):
    path = DEEPSTATE / name
    if not path.is_file():
        pytest.skip(f"../shared/data/deepstate/{name} is absent")
    import pyogrio
    import shapely

    return shapely.union_all(pyogrio.read_dataframe(path).geometry.to_numpy())


@pytest.fixture(scope="module")
def G() -> nx.MultiGraph:
    return load_theatre_network()


def test_pokrovsk_carries_supply_from_dnipro_without_any_front(G: nx.MultiGraph) -> None:
    pokrovsk = find_place(G, "Pokrovsk")
    hit = hub_impact(
        G, pokrovsk.nodes, sources=["dnipro", "pavlohrad"], targets=["kostiantynivka", "kurakhove"]
    )
    assert [p.status for p in hit.pairs] == ["longer"] * 4
    assert all(p.detour_pct and p.detour_pct > 10 for p in hit.pairs)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("snapshot", "kurakhove"),
    [
        ("deepstatemap_data_20240901.geojson", "longer"),
        ("deepstatemap_data_20250102.geojson", "disconnected"),
    ],
)
def test_losing_pokrovsk_as_the_ground_lay(G: nx.MultiGraph, snapshot: str, kurakhove: str) -> None:
    """Ukrainian supply: every edge touching Russian-held ground is cut. In September 2024 Pokrovsk
    still carries the roads to Kostiantynivka and Kurakhove; by January 2025 Kurakhove has fallen."""
    cost = interdiction_cost(G, occupied(snapshot), range_km=0.0)
    assert route(G, "dnipro", "kostiantynivka", cost=cost).nodes
    hit = hub_impact(
        G,
        find_place(G, "Pokrovsk").nodes,
        sources=["dnipro"],
        targets=["kostiantynivka", "kurakhove"],
        cost=cost,
    )
    by_target = {p.target: p.status for p in hit.pairs}
    assert by_target["kostiantynivka"] == "longer"
    assert by_target["kurakhove"] == kurakhove


@pytest.mark.shared
def test_the_crimean_bridge_matters_less_once_the_land_bridge_is_held(G: nx.MultiGraph) -> None:
    """Russian supply to Dzhankoi by rail: Ukrainian-held ground cut for the Russian side is the
    complement of the snapshot; approximated here by cutting nothing but the bridge itself."""
    bridge = find_place(G, "Crimean Bridge")
    hit = hub_impact(G, bridge.nodes, sources=["rostov/rail"], targets=["dzhankoi/rail", "kerch/rail"])
    status = {p.target: p.status for p in hit.pairs}
    assert status["dzhankoi/rail"] in ("unchanged", "longer") and status["kerch/rail"] == "longer"


def test_paths_exist_for_every_pair_of_front_towns(G: nx.MultiGraph) -> None:
    towns = ["kharkiv", "sumy", "kupiansk", "lyman", "bakhmut", "pokrovsk", "kurakhove", "vuhledar",
             "orikhiv", "huliaipole", "velyka_novosilka", "kherson", "melitopol", "mariupol", "dzhankoi",
             "belgorod", "valuyki", "rossosh", "millerovo", "rostov", "taganrog"]  # fmt: skip
    component = nx.node_connected_component(G, "kharkiv")
    assert set(towns) <= component
