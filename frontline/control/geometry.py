"""Control as geometry: the metric CRS, the precision model, and the Thiessen cells of settlements.

Every settlement gets the Voronoi (Thiessen) cell of the points nearer to it than to any other
settlement, cut to an area of interest (a country's boundary, see :mod:`~frontline.control.boundary`).
The tessellation depends only on the settlements, so it is built once (:func:`tessellate`) and reused
for every date; only the statuses change.

**Precision.** All metric work happens in a Lambert azimuthal equal-area projection centred on the
area (areas in km² are exact for it) with a fixed precision model: every overlay is snap-rounded to a
grid of :data:`GRID_M` metres (GEOS OverlayNG with ``grid_size``), which always gives valid output, and
every geometry coming from outside is made valid on the way in and snapped to that grid, once
(:func:`to_metric`; a snapshot's polygons by the cut to the boundary they go through first).
Geometry is measured where it was made and only converted to EPSG:4326 for output (:func:`to_wgs84`,
repaired if the projection broke it and snapped to a 1e-7° grid, so the result is valid too).
Measuring a polygon after a round trip through EPSG:4326 is what once broke: overlay results with
vertices a picometre from another edge became self-intersecting after reprojection, and the next
union failed with "TopologyException: side location conflict".
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
import shapely.errors
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from .sides import STATUS_CODE

if TYPE_CHECKING:
    import geopandas as gpd
    from pyproj import CRS

__all__ = [
    "GRID_DEG",
    "GRID_M",
    "Tessellation",
    "equal_area_crs",
    "metric_crs_for",
    "snap",
    "tessellate",
    "to_metric",
    "to_wgs84",
]

log = logging.getLogger(__name__)

#: The precision grid of metric overlays (metres).
GRID_M = 1.0
#: The precision grid of geometry handed out in EPSG:4326 (degrees; about 1 cm).
GRID_DEG = 1e-7

_UNKNOWN = STATUS_CODE["unknown"]
_CONTESTED = STATUS_CODE["contested"]
# Settlements this close (m) share one cell: GeoNames lists some places twice at one point.
_SAME_SITE_M = 1.0
# Degrees between vertices added to boundaries before projecting, so long straight edges keep their shape.
_SEGMENT_DEG = 0.05


def equal_area_crs(longitude: float, latitude: float) -> CRS:
    """A Lambert azimuthal equal-area CRS centred on a point (areas exact, shapes good nearby)."""
    from pyproj import CRS

    return CRS.from_proj4(
        f"+proj=laea +lat_0={latitude:.2f} +lon_0={longitude:.2f} +datum=WGS84 +units=m +no_defs +type=crs"
    )


def metric_crs_for(geometry: Any) -> CRS:
    """The equal-area CRS centred on the bounds of ``geometry`` (EPSG:4326; one or an array)."""
    xmin, ymin, xmax, ymax = shapely.total_bounds(geometry)
    return equal_area_crs((xmin + xmax) / 2, (ymin + ymax) / 2)


@functools.lru_cache(maxsize=64)
def _transformer(source: Any, target: Any) -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


def _project(geometry: Any, source: Any, target: Any) -> Any:
    """Geometries (scalar or array) from one CRS to another, vertex by vertex. The transformer is made
    once per pair of CRSs (making one costs more than projecting a snapshot)."""
    transformer = _transformer(source, target)
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _polygonal(geometry: BaseGeometry | None) -> Polygon | MultiPolygon:
    """The polygonal part of an overlay result (overlays may add stray lines and points)."""
    if geometry is None:
        return MultiPolygon()
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [
        g for g in shapely.get_parts(geometry) if isinstance(g, Polygon | MultiPolygon) and not g.is_empty
    ]
    polys = [p for g in parts for p in shapely.get_parts(g)]
    return MultiPolygon(polys) if polys else MultiPolygon()


def snap(geometry: Any) -> Any:
    """Metric polygons on the :data:`GRID_M` grid, valid (one geometry or an array)."""
    snapped = shapely.set_precision(geometry, GRID_M)
    if isinstance(snapped, np.ndarray):
        return np.array([_polygonal(g) for g in snapped], dtype=object)
    return _polygonal(snapped)


def to_metric(geometry: Any, crs: Any, *, source: Any = "EPSG:4326", snapped: bool = True) -> Any:
    """Polygons from ``source`` (EPSG:4326 by default) into the metric ``crs``, densified first so long
    edges keep their shape, valid, and snapped to the grid (``snapped=False`` leaves that to the
    overlay they go into next, which snap-rounds its inputs)."""
    dense = shapely.segmentize(geometry, _SEGMENT_DEG) if _is_geographic(source) else geometry
    valid = shapely.make_valid(_project(dense, source, crs))
    if snapped:
        return snap(valid)
    if isinstance(valid, np.ndarray):
        return np.array([_polygonal(g) for g in valid], dtype=object)
    return _polygonal(valid)


def _is_geographic(crs: Any) -> bool:
    from pyproj import CRS

    return bool(CRS.from_user_input(crs).is_geographic)


def to_wgs84(geometry: Any, crs: Any) -> Any:
    """Metric geometry back to EPSG:4326, valid, on a 1e-7° grid.

    A valid polygon may come out of the projection self-intersecting where two of its edges pass within
    rounding distance of each other; it is repaired before it is snapped (snapping an invalid polygon
    fails in GEOS with the same "side location conflict").
    """
    projected = _project(geometry, crs, "EPSG:4326")
    if not shapely.is_valid(projected):
        repaired = shapely.make_valid(projected)
        polygons = shapely.get_type_id(geometry) in (3, 6)
        projected = _polygonal(repaired) if polygons else repaired
    return shapely.set_precision(projected, GRID_DEG)


def dissolve(cells: np.ndarray) -> BaseGeometry:
    """Union of edge-matched cells; the fast coverage union, or the snap-rounded one if GEOS refuses it."""
    if len(cells) == 0:
        return MultiPolygon()
    try:
        return shapely.coverage_union_all(cells)
    except shapely.errors.GEOSException:
        return shapely.union_all(cells, grid_size=GRID_M)


def clip(geometry: BaseGeometry, frame: BaseGeometry) -> Polygon | MultiPolygon:
    """``geometry ∩ frame`` on the precision grid, polygons only."""
    return _polygonal(shapely.intersection(geometry, frame, grid_size=GRID_M))


def minus(geometry: BaseGeometry, other: BaseGeometry) -> Polygon | MultiPolygon:
    """``geometry − other`` on the precision grid, polygons only."""
    if other.is_empty:
        return _polygonal(geometry)
    return _polygonal(shapely.difference(geometry, other, grid_size=GRID_M))


def plus(*geometries: BaseGeometry) -> Polygon | MultiPolygon:
    """The union of polygons on the precision grid."""
    present = [g for g in geometries if g is not None and not g.is_empty]
    if not present:
        return MultiPolygon()
    if len(present) == 1:
        return _polygonal(present[0])
    return _polygonal(shapely.union_all(present, grid_size=GRID_M))


@dataclass(frozen=True, eq=False)
class Tessellation:
    """The Thiessen cells of a set of settlements, cut to an area of interest.

    Attributes
    ----------
    settlements
        The settlement frame it was built from (index ``geonameid``; see ``settlements.py``).
    crs
        The equal-area CRS of ``cells`` and ``area_of_interest`` (metres).
    area_of_interest
        The area cells are cut to, in ``crs``, on the precision grid.
    cells
        The Voronoi cell of each distinct settlement location ("site"), not yet cut, in ``crs``.
    site
        For each settlement (in frame order), the index of its site in ``cells``.
    cell_area_km2
        Each site's cell cut to the area of interest, in km².
    neighbours
        Pairs of settlement positions whose cells touch (Delaunay neighbours, shape ``(k, 2)``).
    """

    settlements: gpd.GeoDataFrame
    crs: CRS
    area_of_interest: Polygon | MultiPolygon
    cells: np.ndarray
    site: np.ndarray
    cell_area_km2: np.ndarray
    neighbours: np.ndarray

    @property
    def area_km2(self) -> float:
        """Area of the area of interest in km²."""
        return float(self.area_of_interest.area) / 1e6

    def site_codes(self, codes: np.ndarray) -> np.ndarray:
        """Status code of each site from those of its settlements: the one they agree on, contested when
        they disagree, unknown when none is known."""
        n = len(self.cells)
        known = codes != _UNKNOWN
        low = np.full(n, _UNKNOWN, dtype=np.int8)
        high = np.full(n, -1, dtype=np.int8)
        np.minimum.at(low, self.site[known], codes[known])
        np.maximum.at(high, self.site[known], codes[known])
        out = low.copy()
        out[(high >= 0) & (high != low)] = _CONTESTED
        return out

    def to_metric(self, frame: gpd.GeoDataFrame) -> np.ndarray:
        """Polygons of ``frame`` (any CRS; none means EPSG:4326) in this tessellation's CRS, snapped."""
        return to_metric(frame.geometry.to_numpy(), self.crs, source=frame.crs or "EPSG:4326")


def _settlement_points(settlements: gpd.GeoDataFrame) -> np.ndarray:
    if settlements.empty:
        msg = "no settlements to build control from — import a dump: frontline gazetteer import UA.zip"
        raise InputError(msg)
    geoms = settlements.geometry.to_numpy()
    if not shapely.is_empty(geoms).any() and (shapely.get_type_id(geoms) == 0).all():
        return geoms
    msg = "settlements must all have point geometry"
    raise InputError(msg)


def _delaunay(xy: np.ndarray) -> np.ndarray:
    """Triangles (index triples) of the Delaunay triangulation of distinct points; none when fewer
    than three or all on one line."""
    if len(xy) < 3:
        return np.empty((0, 3), dtype=np.int64)
    from scipy.spatial import Delaunay, QhullError

    try:
        return np.asarray(Delaunay(xy).simplices, dtype=np.int64)
    except QhullError:
        return np.empty((0, 3), dtype=np.int64)


def tessellate(
    settlements: gpd.GeoDataFrame,
    *,
    area_of_interest: Polygon | MultiPolygon | None = None,
    crs: CRS | None = None,
    neighbour_km: float = 30.0,
) -> Tessellation:
    """The Thiessen cells of ``settlements`` cut to ``area_of_interest`` (EPSG:4326; default the
    outline of the settlements, :func:`~frontline.control.boundary.area_of_interest_from`).

    ``crs`` is the metric CRS to work in (default: equal-area, centred on the area of interest).
    ``neighbour_km`` bounds how far apart two settlements may be and still count as neighbours (it
    keeps settlements across a sea or a gap in the data from being neighbours).
    """
    from .boundary import area_of_interest_from

    points = _settlement_points(settlements)
    if area_of_interest is not None and area_of_interest.is_empty:
        msg = "the area of interest is empty — give a boundary with a polygon"
        raise InputError(msg)
    if area_of_interest is None:
        area_of_interest = area_of_interest_from(settlements)
    crs = crs or metric_crs_for(area_of_interest)
    xy = shapely.get_coordinates(_project(points, "EPSG:4326", crs))
    keys = np.round(xy / _SAME_SITE_M).astype(np.int64)
    _, first, site = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    site = site.ravel()
    sites = xy[first]
    triangles = _delaunay(sites)
    aoi_m = to_metric(area_of_interest, crs)
    extent = shapely.box(
        *np.minimum(sites.min(0), aoi_m.bounds[:2]), *np.maximum(sites.max(0), aoi_m.bounds[2:])
    )
    extent = shapely.buffer(extent, 10_000, join_style="mitre")
    cells = _voronoi_cells(sites, extent)
    shapely.prepare(aoi_m)
    inside = shapely.contains_properly(aoi_m, cells)
    area = shapely.area(cells)
    area[~inside] = shapely.area(shapely.intersection(cells[~inside], aoi_m))
    tess = Tessellation(
        settlements=settlements,
        crs=crs,
        area_of_interest=aoi_m,
        cells=cells,
        site=site,
        cell_area_km2=area / 1e6,
        neighbours=_neighbours(sites, triangles, first, site, neighbour_km * 1000),
    )
    log.info("tessellated %d settlements (%d sites) over %.0f km²", len(site), len(sites), tess.area_km2)
    return tess


def _voronoi_cells(sites: np.ndarray, extent: Polygon) -> np.ndarray:
    """The Voronoi cell of each site, in site order.

    Regular layouts (a grid, points on one circle) are degenerate for GEOS, which may then return
    self-intersecting cells; the sites are then moved by up to a millimetre, then a centimetre, and
    the cells computed again (as Qhull "joggles" its input), so every cell comes out valid.
    """
    if len(sites) == 1:
        return np.array([extent])
    rng = np.random.default_rng(0)
    for jitter_m in (0.0, 0.001, 0.01, 0.1):
        moved = sites + rng.uniform(-jitter_m, jitter_m, sites.shape) if jitter_m else sites
        cells = shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(moved), extend_to=extent, ordered=True)
        )
        polygons = (shapely.get_type_id(cells) == 3).all() and shapely.is_valid(cells).all()
        if len(cells) == len(sites) and polygons:
            return cells
    log.warning("Voronoi cells of %d settlements stayed invalid; they were repaired", len(sites))
    return np.array([_polygonal(g) for g in shapely.make_valid(cells)], dtype=object)


def _neighbours(
    sites: np.ndarray, triangles: np.ndarray, first: np.ndarray, site: np.ndarray, max_m: float
) -> np.ndarray:
    """Pairs of settlement positions whose cells touch: Delaunay edges between sites no longer than
    ``max_m``, each site stood for by its first settlement, plus settlements sharing a site."""
    if len(triangles):
        edges = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [0, 2]]])
    else:  # fewer than three sites, or all on one line: neighbours are the next along it
        order = np.lexsort((sites[:, 1], sites[:, 0]))
        edges = np.column_stack([order[:-1], order[1:]])
    edges = np.unique(np.sort(edges, axis=1), axis=0)
    length = np.hypot(*(sites[edges[:, 0]] - sites[edges[:, 1]]).T)
    edges = first[edges[length <= max_m]]
    rows = np.arange(len(site))
    shared = rows != first[site]
    together = np.column_stack([rows[shared], first[site[shared]]])
    return np.concatenate([edges, together]).astype(np.int64)
