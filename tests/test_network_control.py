"""Control-aware supply: a side's routes run only on ground it held that day (issue 14: without it,
the Russian route from Belgorod to Izium ran through Ukrainian-held Kharkiv)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest

from frontline.control import control_on
from frontline.demo import BEFORE, baseline_path, theatre_control, theatre_settlements
from frontline.errors import OptionError
from frontline.network import (
    control_cost,
    cost_function,
    find_place,
    hub_impact,
    load_theatre_network,
    route_table,
)

from .test_cli import assert_one_line_error, run


@pytest.fixture(scope="module")
def eve(embedded):
    return control_on(theatre_control(theatre_settlements(embedded)), BEFORE)


def _route_names(G, cost) -> list[str]:
    src, dst = find_place(G, "Belgorod").endpoint(G), find_place(G, "Izium").endpoint(G)
    (route,) = route_table(G, [src], [dst], cost=cost)
    return [str(G.nodes[n].get("name", n)) for n in route.nodes]


def test_russian_supply_does_not_run_through_ukrainian_kharkiv(eve) -> None:
    G = load_theatre_network()
    assert "Kharkiv" in _route_names(G, cost_function())  # blind to control, the shortest way
    held = _route_names(G, control_cost(G, eve, side="RU"))
    assert "Kharkiv" not in held and held[-1] == "Izium"
    # Ukrainian supply to Kharkiv is untouched by Ukrainian-held ground
    ua = control_cost(G, eve, side="UA")
    kharkiv, zmiiv = find_place(G, "Kharkiv").endpoint(G), find_place(G, "Zmiiv").endpoint(G)
    assert route_table(G, [zmiiv], [kharkiv], cost=ua)[0].cost_km is not None


def test_range_of_the_front_cuts_more_and_a_penalty_cuts_nothing(eve) -> None:
    G = load_theatre_network()
    sources = [find_place(G, n).endpoint(G) for n in ("Belgorod", "Valuyki")]
    targets = [find_place(G, n).endpoint(G) for n in ("Izium", "Lyman")]
    hub = tuple(n for name in ("Kupiansk", "Kupiansk-Vuzlovyi") for n in find_place(G, name).nodes)
    near = hub_impact(
        G, hub, sources=sources, targets=targets, cost=control_cost(G, eve, side="RU", range_km=5)
    )
    # the seed analysis: losing Kupiansk with its junction lengthens Belgorod → Izium by about a third
    belgorod_izium = near.pairs[0]
    assert belgorod_izium.status == "longer" and 30 < (belgorod_izium.detour_pct or 0) < 40
    dearer = control_cost(G, eve, side="RU", factor=3.0)
    assert all(r.cost_km is not None for r in route_table(G, sources, targets, cost=dearer))
    with pytest.raises(OptionError, match="side 'Russia' is not a valid option"):
        control_cost(G, eve, side="Russia")


@pytest.mark.slow
def test_network_commands_on_a_days_ground(tmp_path: Path) -> None:
    args = ("--from", "Belgorod,Valuyki", "--to", "Izium,Lyman", "--side", "RU", "--date", "2022-09-05")
    snapshot = ("--snapshots", str(baseline_path()))
    out = tmp_path / "impact.geojson"
    proc = run("network", "impact", "Kupiansk,Kupiansk-Vuzlovyi", *args, *snapshot, "--range-km", "5",
               "--json", "--out", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.decode().splitlines()[-1])
    assert record["control"] == "snapshot control_2022-09-05.geojson, 2022-09-05"
    pair = record["pairs"][0]
    assert (pair["source"], pair["target"], pair["status"]) == ("Belgorod", "Izium", "longer")
    assert "Kharkiv" not in pair["route_before"]
    written = gpd.read_file(out)
    assert len(written) == 4 and set(written["control"]) == {record["control"]}
    ranked = tmp_path / "rank.csv"
    proc = run("network", "rank", *args, *snapshot, "--top", "5", "--out", str(ranked))
    assert proc.returncode == 0, proc.stderr
    assert b"RU supply on the ground of snapshot control_2022-09-05.geojson" in proc.stdout
    assert ranked.read_text().splitlines()[0].startswith("rank,hub")
    assert_one_line_error(run("network", "rank", *args[:4], "--side", "RU"), "--side and --date go together")
    assert_one_line_error(
        run("network", "rank", *args, *snapshot[:1], str(tmp_path / "none.geojson")), "none.geojson"
    )
    assert_one_line_error(
        run("network", "rank", *args[:4], "--side", "RU", "--date", "2020-01-01", *snapshot),
        "no control is known on 2020-01-01",
    )
