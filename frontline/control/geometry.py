"""Control as geometry: Thiessen cells of settlements, control polygons by side, the front line.

Every settlement gets the Voronoi (Thiessen) cell of the points nearer to it than to any other
settlement, cut to an area of interest — by default the outline of the country drawn around its own
settlements, or a boundary the user gives. A side's territory on a date is the union of the cells of
the settlements it holds; the front line is the boundary the UA and RU territories share.

The tessellation depends only on the settlements, so it is built once (:func:`tessellate`) and reused
for every date; only the statuses change. Metric work happens in a Lambert azimuthal equal-area
projection centred on the settlements (areas in km² are exact for it); everything returned is in
EPSG:4326.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
import shapely.errors
from shapely.geometry import MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..files import existing_file
from ..options import Side, choose
from .sides import STATUS_CODE, STATUSES, status_codes

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from pyproj import CRS

__all__ = [
    "POLYGON_COLUMNS",
    "Tessellation",
    "area_of_interest_from",
    "control_polygons",
    "equal_area_crs",
    "front_line",
    "polygons_from_snapshot",
    "read_boundary",
    "tessellate",
]

log = logging.getLogger(__name__)

#: Columns of a control-polygon frame (one row per status present), besides its geometry.
POLYGON_COLUMNS = ("date", "side", "area_km2", "source")

_UNKNOWN = STATUS_CODE["unknown"]
_CONTESTED = STATUS_CODE["contested"]
# Settlements this close (m) share one cell: GeoNames lists some places twice at one point.
_SAME_SITE_M = 1.0
# The outline drawn around the settlements reaches this far beyond the outermost ones.
_OUTLINE_MARGIN_KM = 3.0
# Settlements farther apart than this (km) are not joined into the outline.
_OUTLINE_EDGE_KM = 15.0
_OUTLINE_EDGE_SPACINGS = 3.2  # longest triangle side kept, in typical settlement spacings
# Degrees between vertices added to boundaries before projecting, so long straight edges keep their shape.
_SEGMENT_DEG = 0.05


def equal_area_crs(longitude: float, latitude: float) -> CRS:
    """A Lambert azimuthal equal-area CRS centred on a point (areas exact, shapes good nearby)."""
    from pyproj import CRS

    return CRS.from_proj4(
        f"+proj=laea +lat_0={latitude:.2f} +lon_0={longitude:.2f} +datum=WGS84 +units=m +no_defs +type=crs"
    )


def _project(geometry: Any, source: Any, target: Any) -> Any:
    """Geometries (scalar or array) from one CRS to another, vertex by vertex."""
    from pyproj import Transformer

    transformer = Transformer.from_crs(source, target, always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _polygonal(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """The polygonal part of an overlay result (overlays may add stray lines and points)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [
        g for g in shapely.get_parts(geometry) if isinstance(g, Polygon | MultiPolygon) and not g.is_empty
    ]
    polys = [p for g in parts for p in shapely.get_parts(g)]
    return MultiPolygon(polys) if polys else MultiPolygon()


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
        The area cells are cut to, in ``crs``.
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
        """Geometries of ``frame`` (any CRS; none means EPSG:4326) in this tessellation's CRS."""
        crs = frame.crs or "EPSG:4326"
        return _project(shapely.segmentize(frame.geometry.to_numpy(), _SEGMENT_DEG), crs, self.crs)


def _settlement_points(settlements: gpd.GeoDataFrame) -> np.ndarray:
    if settlements.empty:
        msg = "no settlements to build control from — import a dump: frontline gazetteer import UA.zip"
        raise InputError(msg)
    geoms = settlements.geometry.to_numpy()
    if not shapely.is_empty(geoms).any() and (shapely.get_type_id(geoms) == 0).all():
        return geoms
    msg = "settlements must all have point geometry"
    raise InputError(msg)


def _centre(points: np.ndarray) -> tuple[float, float]:
    xmin, ymin, xmax, ymax = shapely.total_bounds(points)
    return (xmin + xmax) / 2, (ymin + ymax) / 2


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
    """The outline of the land the settlements cover (EPSG:4326).

    The outline is an alpha shape: the triangles of the settlements' Delaunay triangulation whose sides
    are all at most ``max_edge_km`` long, merged, with their holes filled (reservoirs and empty
    steppe inside the country stay in), widened by ``margin_km`` so the outermost settlements keep
    some land. A settlement farther than ``max_edge_km`` from every other (a misplaced record) stays
    out. By default ``max_edge_km`` follows how densely the settlements lie (at least 15 km): for
    Ukraine's ~34,000 GeoNames settlements the outline has about 610,000 km², for the embedded
    cities500's 5,500 about 585,000 km², against the country's 603,628 km².
    """
    points = _settlement_points(settlements)
    crs = equal_area_crs(*_centre(points))
    xy = np.unique(shapely.get_coordinates(_project(points, "EPSG:4326", crs)), axis=0)
    if max_edge_km is None:
        max_edge_km = _outline_edge_km(xy)
    outline = _outline(xy, _delaunay(xy), max_edge_km * 1000, margin_km * 1000)
    return _polygonal(_project(outline, crs, "EPSG:4326"))


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


def tessellate(
    settlements: gpd.GeoDataFrame,
    *,
    area_of_interest: Polygon | MultiPolygon | None = None,
    neighbour_km: float = 30.0,
) -> Tessellation:
    """The Thiessen cells of ``settlements`` cut to ``area_of_interest`` (EPSG:4326; default
    :func:`area_of_interest_from` the settlements).

    ``neighbour_km`` bounds how far apart two settlements may be and still count as neighbours (it
    keeps settlements across a sea or a gap in the data from being neighbours).
    """
    points = _settlement_points(settlements)
    if area_of_interest is not None and area_of_interest.is_empty:
        msg = "the area of interest is empty — give a boundary with a polygon"
        raise InputError(msg)
    crs = equal_area_crs(*_centre(points))
    xy = shapely.get_coordinates(_project(points, "EPSG:4326", crs))
    keys = np.round(xy / _SAME_SITE_M).astype(np.int64)
    _, first, site = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    site = site.ravel()
    sites = xy[first]
    triangles = _delaunay(sites)
    if area_of_interest is None:
        aoi_m = _outline(sites, triangles, _outline_edge_km(sites) * 1000, _OUTLINE_MARGIN_KM * 1000)
    else:
        aoi_4326 = shapely.segmentize(area_of_interest, _SEGMENT_DEG)
        aoi_m = _polygonal(shapely.make_valid(_project(aoi_4326, "EPSG:4326", crs)))
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


def _frame(rows: list[tuple], crs: Any) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    columns = list(POLYGON_COLUMNS)
    data = pd.DataFrame([r[:-1] for r in rows], columns=columns)
    geoms = [r[-1] for r in rows]
    frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=crs), crs=crs)
    return frame.to_crs("EPSG:4326") if rows else frame.set_crs("EPSG:4326", allow_override=True)


def control_polygons(
    tess: Tessellation, status: pd.Series, *, date: Any = None, source: str = "events"
) -> gpd.GeoDataFrame:
    """Territory by status on one date: the cells of the settlements of each status, dissolved.

    Parameters
    ----------
    tess
        The tessellation of the settlements (:func:`tessellate`).
    status
        Each settlement's status (``"UA"``, ``"RU"``, ``"contested"``, ``"unknown"``) by geonameid;
        settlements left out are unknown. Settlements at one point that disagree are contested.
    date, source
        Copied into the ``date`` and ``source`` columns.

    Returns
    -------
    GeoDataFrame
        One row per status present — ``date``, ``side``, ``area_km2``, (Multi)Polygon geometry in
        EPSG:4326 — whose areas add up to the area of interest. Empty when no settlement's status is
        known: a date with no data has no territory to draw.
    """
    codes = tess.site_codes(status_codes(status, tess.settlements.index))
    rows: list[tuple] = []
    if (codes != _UNKNOWN).any():
        for code, side in enumerate(STATUSES):
            chosen = codes == code
            if not chosen.any():
                continue
            union = _dissolve(tess.cells[chosen])
            territory = _polygonal(shapely.intersection(union, tess.area_of_interest))
            if not territory.is_empty:
                rows.append((date, side, territory.area / 1e6, source, territory))
    return _frame(rows, tess.crs)


def _dissolve(cells: np.ndarray) -> BaseGeometry:
    """Union of edge-matched cells; the fast coverage union, or the general one if GEOS refuses it."""
    try:
        return shapely.coverage_union_all(cells)
    except shapely.errors.GEOSException:
        return shapely.union_all(cells)


def polygons_from_snapshot(
    tess: Tessellation, snapshot: gpd.GeoDataFrame, *, date: Any = None, source: str = "snapshot"
) -> gpd.GeoDataFrame:
    """Territory by status as a published snapshot draws it, cut to the tessellation's area of interest.

    ``snapshot`` has a ``side`` column (``"UA"``, ``"RU"``, ``"contested"``) and polygon geometry.
    Where polygons of different sides overlap, contested wins over RU and RU over UA. A snapshot that
    draws no UA polygon (DeepState draws only the occupied and the contested) leaves the rest of the
    area to UA; one that draws UA leaves the rest unknown. Columns as :func:`control_polygons`.
    """
    geoms = tess.to_metric(snapshot)
    sides = snapshot["side"].to_numpy()
    aoi = tess.area_of_interest
    taken: BaseGeometry = Polygon()
    rows: list[tuple] = []
    for side in ("contested", "RU", "UA"):
        chosen = geoms[sides == side]
        if len(chosen) == 0:
            continue
        territory = _polygonal(
            shapely.difference(
                shapely.intersection(shapely.union_all(shapely.make_valid(chosen)), aoi), taken
            )
        )
        taken = shapely.union(taken, territory)
        if not territory.is_empty:
            rows.append((date, side, territory.area / 1e6, source, territory))
    rest = _polygonal(shapely.difference(aoi, taken))
    if rows and not rest.is_empty and rest.area > 1.0:
        rest_side = "unknown" if (sides == "UA").any() else "UA"
        rows.append((date, rest_side, rest.area / 1e6, source, rest))
    return _frame(rows, tess.crs)


def front_line(
    polygons: gpd.GeoDataFrame,
    *,
    smooth_km: float = 0.0,
    contested_as: str | None = None,
    tolerance_m: float = 1.0,
    crs: Any = None,
) -> MultiLineString:
    """The front line: where the UA territory meets the RU territory (EPSG:4326).

    Parameters
    ----------
    polygons
        Control polygons of one date (:func:`control_polygons`, :func:`polygons_from_snapshot`).
    smooth_km
        When positive, the line is simplified to within this distance and its corners rounded
        (Chaikin's corner cutting), for display; 0 keeps the exact cell boundaries.
    contested_as
        ``None``: the line runs only where UA and RU territory touch. ``"RU"``: contested land counts
        as RU's, so the line is the forward edge of UA-held land; ``"UA"``: the forward edge of
        RU-held land. Either way the line does not break at a contested zone.
    tolerance_m
        Boundaries closer than this count as shared (absorbs rounding in snapshot files).
    crs
        The metric CRS to work in; default an equal-area one centred on the polygons.

    Returns
    -------
    MultiLineString
        Empty when either side holds nothing or the sides do not touch (with ``contested_as=None`` a
        contested zone between them is drawn by the ``contested`` polygon, not by the line).
    """
    if contested_as is not None:
        contested_as = choose(contested_as, Side, "contested_as").value
    sides = polygons["side"].replace({"contested": contested_as}) if contested_as else polygons["side"]
    ua = polygons.geometry[sides == "UA"]
    ru = polygons.geometry[sides == "RU"]
    if ua.empty or ru.empty:
        return MultiLineString()
    if crs is None:
        crs = equal_area_crs(*_centre(polygons.geometry.to_numpy()))
    source = polygons.crs or "EPSG:4326"
    ua_m = shapely.union_all(_project(ua.to_numpy(), source, crs))
    ru_m = shapely.union_all(_project(ru.to_numpy(), source, crs))
    shared = shapely.intersection(shapely.boundary(ua_m), shapely.buffer(shapely.boundary(ru_m), tolerance_m))
    lines = [g for g in shapely.get_parts(shapely.line_merge(_lines(shared))) if g.length > 5 * tolerance_m]
    if not lines:
        return MultiLineString()
    if smooth_km > 0:
        lines = [_smooth(line, smooth_km * 1000) for line in lines]
    line = _project(MultiLineString(lines), crs, "EPSG:4326")
    return line if isinstance(line, MultiLineString) else MultiLineString([line])


def _lines(geometry: BaseGeometry) -> MultiLineString:
    parts = [
        p
        for p in shapely.get_parts(shapely.get_parts(geometry))
        if p.geom_type == "LineString" and not p.is_empty
    ]
    return MultiLineString(parts)


def _smooth(line: Any, tolerance_m: float, iterations: int = 3) -> Any:
    """Simplify to ``tolerance_m``, then cut corners (Chaikin), keeping both ends where they are."""
    coords = shapely.get_coordinates(shapely.simplify(line, tolerance_m))
    for _ in range(iterations):
        if len(coords) < 3:
            break
        a, b = coords[:-1], coords[1:]
        cut = np.empty((2 * len(a), 2))
        cut[0::2] = 0.75 * a + 0.25 * b
        cut[1::2] = 0.25 * a + 0.75 * b
        coords = np.vstack([coords[:1], cut, coords[-1:]])
    return shapely.linestrings(coords)
