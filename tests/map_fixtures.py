"""Small hand-built inputs for the map tests, in the shapes the events, network and control modules hand over.

Places and dates follow public reporting of the September 2022 Kharkiv counter-offensive; coordinates are
GeoNames' (CC BY 4.0). Texts are written by us. Network lengths are rounded road distances.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import pandas as pd
from shapely.geometry import LineString, MultiLineString, Point, Polygon

# name, lon, lat
PLACES = {
    "Kupiansk": (37.6086, 49.7112),
    "Izium": (37.2569, 49.2103),
    "Balakliia": (36.8600, 49.4626),
    "Lyman": (37.8034, 48.9896),
    "Kharkiv": (36.2504, 49.9808),
    "Valuiki": (38.1000, 50.2100),
    "Sviatohirsk": (37.5677, 49.0332),
}

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "x_geonameid", "x_claim_by",
    "x_confidence", "x_control_from", "x_control_to", "x_source_url", "x_quote", "x_report_id",
]  # fmt: skip


def event_row(i: int, place: str, **over: object) -> dict:
    lon, lat = PLACES[place]
    row = {
        "event_id_cnty": f"UKR{i:05d}",
        "event_date": "2022-09-10",
        "event_type": "Strategic developments",
        "sub_event_type": "Non-state actor overtakes territory",
        "actor1": "Military Forces of Ukraine (2019-)",
        "actor2": "Military Forces of Russia (2000-)",
        "location": place,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": 1,
        "source": "Ministry of Defence of Ukraine",
        "notes": f"Forces reported entering {place}.",
        "fatalities": 0,
        "x_geonameid": 700000 + i,
        "x_claim_by": "Ukraine",
        "x_confidence": "claimed",
        "x_control_from": "RU",
        "x_control_to": "UA",
        "x_source_url": f"https://example.org/report/{i}",
        "x_quote": f"Ukrainian units said they had entered {place}.",
        "x_report_id": f"r{i}",
    }
    row.update(over)
    return row


def events_gdf(rows: list[dict]) -> gpd.GeoDataFrame:
    df = pd.DataFrame(rows, columns=ACLED_COLUMNS)
    geometry = [
        Point(lon, lat) if pd.notna(lon) and pd.notna(lat) else None
        for lon, lat in zip(df["longitude"], df["latitude"], strict=True)
    ]
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")


def sample_events() -> gpd.GeoDataFrame:
    types = [
        ("Battles", "Armed clash", "confirmed"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", "confirmed"),
        ("Strategic developments", "Non-state actor overtakes territory", "claimed"),
        ("Violence against civilians", "Attack", "unconfirmed"),
        ("Protests", "Peaceful protest", "confirmed"),
        ("Riots", "Mob violence", "disputed"),
    ]
    rows = []
    for i, place in enumerate(["Kupiansk", "Izium", "Balakliia", "Lyman", "Kharkiv", "Sviatohirsk"]):
        kind, sub, conf = types[i]
        rows.append(event_row(i, place, event_type=kind, sub_event_type=sub, x_confidence=conf))
    return events_gdf(rows)


def sample_network() -> nx.MultiGraph:
    G = nx.MultiGraph(crs="EPSG:4326")
    for i, (name, (lon, lat)) in enumerate(PLACES.items()):
        G.add_node(name, x=lon, y=lat, name=name, kind="settlement", geonameid=700000 + i)
    G.add_edge("Kharkiv", "Kupiansk", mode="road", ref="P07", length_km=126.0, source="test")
    G.add_edge("Kharkiv", "Balakliia", mode="road", ref="T2110", length_km=90.0, source="test")
    G.add_edge("Balakliia", "Izium", mode="road", ref="M03", length_km=58.0, source="test")
    G.add_edge("Kupiansk", "Izium", mode="road", ref="P79", length_km=75.0, source="test")
    G.add_edge("Valuiki", "Kupiansk", mode="rail", ref="Valuiki–Kupiansk", length_km=68.0, source="test")
    G.add_edge(
        "Kupiansk",
        "Lyman",
        mode="rail",
        ref="Kupiansk–Lyman",
        length_km=92.0,
        source="test",
        geometry=LineString([PLACES["Kupiansk"], (37.7, 49.3), PLACES["Lyman"]]),
    )
    G.add_edge("Izium", "Sviatohirsk", mode="road", ref="H26", length_km=40.0, source="test")
    return G


def _routes(pairs: list[tuple[str, str, float, bool]], via: str | None) -> gpd.GeoDataFrame:
    rows, geoms = [], []
    for a, b, cost, cut in pairs:
        rows.append({"source_name": a, "target_name": b, "cost_km": cost, "cut": cut})
        pts = [PLACES[a], PLACES[via], PLACES[b]] if via else [PLACES[a], PLACES[b]]
        geoms.append(LineString(pts))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def sample_hub_impact():
    from frontline.maps import ImpactRoutes

    hubs = gpd.GeoDataFrame({"name": ["Kupiansk"]}, geometry=[Point(PLACES["Kupiansk"])], crs="EPSG:4326")
    before = _routes([("Valuiki", "Izium", 143.0, False), ("Valuiki", "Lyman", 160.0, True)], "Kupiansk")
    after = _routes([("Valuiki", "Izium", 231.0, False)], "Kharkiv")
    return ImpactRoutes(hubs, before, after)


def sample_control():
    from frontline.maps import ControlHistory

    def square(lon: float, lat: float, d: float = 0.25) -> Polygon:
        return Polygon([(lon - d, lat - d), (lon + d, lat - d), (lon + d, lat + d), (lon - d, lat + d)])

    polys = gpd.GeoDataFrame(
        {
            "date": ["2022-09-01", "2022-09-01", "2022-09-15", "2022-09-15", "2022-09-15"],
            "side": ["RU", "RU", "UA", "UA", "contested"],
        },
        geometry=[
            square(*PLACES["Kupiansk"]),
            square(*PLACES["Izium"]),
            square(*PLACES["Kupiansk"]),
            square(*PLACES["Izium"]),
            square(*PLACES["Lyman"]),
        ],
        crs="EPSG:4326",
    )
    line = gpd.GeoDataFrame(
        {"date": ["2022-09-01", "2022-09-15"]},
        geometry=[
            MultiLineString([[(36.6, 50.2), (36.9, 49.6), (37.0, 49.0)]]),
            MultiLineString([[(37.9, 50.2), (37.9, 49.6), (38.0, 49.0)]]),
        ],
        crs="EPSG:4326",
    )
    return ControlHistory(polys, line)
