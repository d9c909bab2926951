"""Maps: interactive folium maps that also work offline, and static figures.

The few names users call are re-exported here; see :mod:`frontline.maps.webmap` (the interactive map),
:mod:`frontline.maps.layers` (one layer each), :mod:`frontline.maps.offline` (inlining and basemap),
:mod:`frontline.maps.assets` (the asset cache) and :mod:`frontline.maps.figures` (PNG/SVG).
"""

from __future__ import annotations

from .webmap import ControlHistory, ImpactRoutes, MapSummary, build_map, map_html, write_map

__all__ = ["ControlHistory", "ImpactRoutes", "MapSummary", "build_map", "map_html", "write_map"]
