"""The supply network: roads and railways as a networkx graph, routes, hub loss and interdiction.

>>> from frontline.network import load_theatre_network, find_place, hub_impact
>>> G = load_theatre_network()
>>> kupiansk = find_place(G, "Kupiansk")
>>> hit = hub_impact(G, kupiansk.nodes, sources=["valuyki"], targets=["izium"])
>>> hit.pairs[0].status in ("longer", "cut", "unchanged")
True
"""

from __future__ import annotations

from .costs import (
    METRIC_CRS,
    MODES,
    TRANSFER_KM,
    ControlOfDay,
    EdgeCost,
    control_cost,
    cost_function,
    edges_within_range,
    interdiction_cost,
    nx_weight,
    without_nodes,
)
from .errors import NetworkFileError, OSMImportError, UnknownHubError
from .graph import (
    CRS,
    edges_gdf,
    edges_with_ref,
    load_theatre_network,
    nodes_gdf,
    read_network,
    ref_aliases,
    ref_key,
    write_network,
)
from .impact import (
    EdgeImpact,
    HubImpact,
    ImpactSummary,
    PairImpact,
    candidate_hubs,
    edge_criticality,
    hub_impact,
    impacts_gdf,
    pairs_gdf,
    rank_hubs,
)
from .places import NetworkPlace, find_place, nearest_nodes
from .routes import Route, route, route_table, routes_gdf

__all__ = [
    "CRS",
    "METRIC_CRS",
    "MODES",
    "TRANSFER_KM",
    "ControlOfDay",
    "EdgeCost",
    "EdgeImpact",
    "HubImpact",
    "ImpactSummary",
    "NetworkFileError",
    "NetworkPlace",
    "OSMImportError",
    "PairImpact",
    "Route",
    "UnknownHubError",
    "candidate_hubs",
    "control_cost",
    "cost_function",
    "edge_criticality",
    "edges_gdf",
    "edges_with_ref",
    "edges_within_range",
    "find_place",
    "hub_impact",
    "impacts_gdf",
    "interdiction_cost",
    "load_theatre_network",
    "nearest_nodes",
    "nodes_gdf",
    "nx_weight",
    "pairs_gdf",
    "rank_hubs",
    "read_network",
    "ref_aliases",
    "ref_key",
    "route",
    "route_table",
    "routes_gdf",
    "without_nodes",
    "write_network",
]
