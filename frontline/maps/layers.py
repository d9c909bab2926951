"""Map layers: events, the supply network, a hub-impact result, control polygons and the front line.

Each function takes plain data (GeoDataFrames in EPSG:4326, a networkx graph) and returns a folium layer
that the layer control can toggle. Styles, colours and tooltip rows are decided here in Python; the page
only draws them (see ``static/frontline.js``), and text from reports reaches it only as escaped JSON.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..confidence import CONFIDENCES as CONFIDENCE_LEVELS
from ._elements import DataLayer

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx
    import pandas as pd

__all__ = [
    "CLUSTER_ABOVE",
    "CODE_ALPHABET",
    "CONFIDENCE_LEVELS",
    "EVENT_COLORS",
    "MODE_STYLES",
    "OTHER_COLOR",
    "SIDE_COLORS",
    "LayerResult",
    "control_layer",
    "event_points",
    "events_layer",
    "http_url",
    "hub_impact_layer",
    "layer_label",
    "network_credit",
    "network_layer",
    "pack_codes",
    "unpack_codes",
]

logger = logging.getLogger(__name__)

#: ACLED's six event types; colours chosen to stay apart for the common kinds of colour blindness.
EVENT_COLORS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#7b3294",
    "Protests": "#1f77b4",
    "Riots": "#8c564b",
    "Strategic developments": "#2ca02c",
}
OTHER_COLOR = "#7f7f7f"
SIDE_COLORS: dict[str, str] = {"UA": "#1f5fbf", "RU": "#c62828", "contested": "#f2a900", "unknown": "#9e9e9e"}
MODE_STYLES: dict[str, dict[str, Any]] = {
    "road": {"color": "#8a5a00", "weight": 2.5, "dashArray": None},
    "rail": {"color": "#222222", "weight": 2.5, "dashArray": "6 4"},
    "transfer": {"color": "#666666", "weight": 1.5, "dashArray": "1 4"},
}
#: Above this many events in view the events layer counts them in cells instead of drawing each.
CLUSTER_ABOVE = 20_000

#: Event columns handed to the page for popups (ACLED names plus ours).
_POPUP_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "fatalities",
    "source",
    "x_source_url",
    "x_quote",
    "notes",
    "x_confidence",
    "x_claim_by",
)
_NOTES_CHARS = 600
#: Digits of the packed code strings: printable ASCII that needs no escaping in JSON or in a <script>.
CODE_ALPHABET = "".join(c for c in map(chr, range(0x23, 0x7F)) if c not in "\\<>&{}")


@dataclass(frozen=True)
class LayerResult:
    """A layer and what it holds: ``features`` drawn, ``skipped`` input rows that could not be drawn."""

    layer: DataLayer
    features: int
    skipped: int = 0
    bounds: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat


def http_url(value: object) -> str:
    """``value`` when it is an absolute http(s) address, else "" (so ``javascript:`` never becomes a link).

    >>> http_url("https://example.org/a?b=1"), http_url("javascript:alert(1)"), http_url(None)
    ('https://example.org/a?b=1', '', '')
    """
    if not isinstance(value, str):
        return ""
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return text


def layer_label(text: str) -> str:
    """A layer-control label from data: Leaflet writes labels as HTML, and folium's templates read braces.

    >>> layer_label("Hub impact: <b>{{x}}</b>")
    'Hub impact: &lt;b&gt;&#123;&#123;x&#125;&#125;&lt;/b&gt;'
    """
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _text(value: object) -> str:
    """Display text of a cell: "" for missing values, whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):  # pandas Timestamps are datetimes too
        if isinstance(value, dt.datetime) and value.time() != dt.time(0):
            return value.isoformat(sep=" ", timespec="minutes")
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else f"{value:g}"
    text = str(value).strip()
    return "" if text.lower() in ("nan", "none", "nat") else text


def event_points(events: gpd.GeoDataFrame | pd.DataFrame) -> tuple[Any, Any, Any]:
    """Longitude and latitude arrays of the events that can be drawn, and the boolean mask of those rows.

    Points come from the geometry when there is one, else from the ``longitude``/``latitude`` columns;
    rows with neither, or with coordinates off the globe, are left out.
    """
    import numpy as np
    import pandas as pd

    crs = getattr(events, "crs", None) if "geometry" in events.columns else None
    if crs is not None and crs.to_epsg() != 4326:
        events = events.to_crs(4326)
    n = len(events)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    geom = getattr(events, "geometry", None) if "geometry" in events.columns else None
    if geom is not None:
        points = geom.geom_type == "Point"
        pts = geom[points]
        lon[points.to_numpy()] = pts.x.to_numpy()
        lat[points.to_numpy()] = pts.y.to_numpy()
    for col, arr in (("longitude", lon), ("latitude", lat)):
        if col in events.columns:
            values = pd.to_numeric(events[col], errors="coerce").to_numpy(dtype=float)
            missing = np.isnan(arr)
            arr[missing] = values[missing]
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    return lon[ok], lat[ok], ok


#: Text columns whose distinct values add up to more than this many characters travel gzip-compressed.
PACK_TEXT_ABOVE = 1_000_000


_NULL_WORDS = ("nan", "none", "nat")
# Addresses urlsplit certainly reads as http(s) with a host: ASCII, no brackets or spaces in the host.
# Anything else that could still be one (an "h" somewhere: urlsplit drops tabs and newlines, and leading
# control characters) is checked one by one with http_url, so both always agree.
_PLAIN_HTTP = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.\-_~%!$&'()*+,;=:@]+(?:[/?#][!-~]*)?$"


def _texts(values: Any, *, lower: bool = False) -> pd.Series:
    """:func:`_text` of every value as a text Series, vectorised (Arrow string kernels) for text: for the
    distinct values of a column, which for a quote per event are as many as the rows."""
    import pandas as pd

    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        out = pd.Series([_text(v) for v in values], dtype="str")
    else:
        out = pd.Series(values, dtype="str").str.strip()
        out = out.mask(out.str.lower().isin(_NULL_WORDS), "")
    return out.str.lower() if lower else out


def _truncate(texts: pd.Series, max_chars: int) -> pd.Series:
    """Texts longer than ``max_chars`` cut to it, the last character an ellipsis."""
    long = (texts.str.len() > max_chars).to_numpy(dtype=bool)
    return texts.mask(long, texts.str.slice(0, max_chars - 1) + "…") if long.any() else texts


def _http_urls(texts: pd.Series) -> pd.Series:
    """:func:`http_url` of every (stripped) text, vectorised: the address or ""."""
    import numpy as np

    plain = texts.str.match(_PLAIN_HTTP).to_numpy(dtype=bool, na_value=False)
    out = texts.mask(~plain, "")
    maybe = ~plain & texts.str.contains("[Hh]", regex=True).to_numpy(dtype=bool, na_value=False)
    if maybe.any():
        where = np.flatnonzero(maybe)
        checked = [http_url(t) for t in texts.iloc[where]]
        out.iloc[where] = checked
    return out


def _encode_column(
    series: pd.Series, *, http_only: bool = False, max_chars: int = 0, lower: bool = False
) -> dict[str, Any]:
    """Dictionary-encode a text column: distinct values once, one integer code per row (-1 empty).

    Values are cleaned once per distinct value, not once per row (50k events share few actors or URLs),
    with pandas string operations (a million events have a million distinct quotes); ``lower`` folds
    case. Distinct values of more than :data:`PACK_TEXT_ABOVE` characters in all (a quote per event) are
    sent gzip-compressed as ``gzip`` (base64; the page unpacks them when a popup first needs them); a
    column whose every row has its own value sends no codes (``identity``).
    """
    import numpy as np
    import pandas as pd

    raw_codes, raw_uniques = pd.factorize(series, use_na_sentinel=True)
    texts = _texts(raw_uniques, lower=lower)
    if http_only:
        texts = _http_urls(texts)
    if max_chars:
        texts = _truncate(texts, max_chars)
    # Values that clean to the same text share one code, numbered by first appearance; "" is no value.
    # Already clean values (the usual case: a million distinct quotes) are distinct as they are.
    if isinstance(getattr(raw_uniques, "dtype", None), pd.StringDtype):  # compared in Arrow, not as objects
        same = np.asarray(texts.array == raw_uniques, dtype=bool)
    else:
        same = texts.to_numpy(dtype=object) == np.asarray(raw_uniques, dtype=object)
    if same.all():
        clean_codes, clean_uniques = np.arange(len(texts)), texts.to_numpy()
    else:
        clean_codes, clean_uniques = pd.factorize(texts)
    keep = np.asarray(clean_uniques != "", dtype=bool)
    renumber = np.where(keep, np.cumsum(keep) - 1, -1)
    remap = np.append(renumber[clean_codes], -1)  # last slot: the NA sentinel -1
    codes = remap[raw_codes]
    values: list[str] = pd.Series(clean_uniques, dtype="str")[keep].tolist()
    # Only worth it for many rows (a quote per event); small maps keep codes, easy to read in tests.
    identity = (
        len(codes) > 10_000 and len(values) == len(codes) and bool((codes == np.arange(len(codes))).all())
    )
    out: dict[str, Any] = {"identity": True} if identity else pack_codes(codes)
    if sum(map(len, values)) > PACK_TEXT_ABOVE:
        out["gzip"] = _gzip_text(values)
    else:
        out["values"] = values
    return out


# Control characters the page's U+0001 separator must not meet: U+0000, U+0002–U+0008, U+000B, U+000C,
# U+000E–U+001F (single bytes in UTF-8, never inside a multi-byte character).
_CONTROL_BYTES = bytes([0, *range(2, 9), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _gzip_text(values: list[str]) -> str:
    """Values joined by U+0001 (control characters are dropped from them), gzip level 1, base64."""
    import base64
    import gzip

    clean = "\u0001".join(values).encode("utf-8").translate(None, _CONTROL_BYTES)
    return base64.b64encode(gzip.compress(clean, compresslevel=1, mtime=0)).decode("ascii")


def _pack_coords(values: Any) -> str:
    """Degrees × 1e5 as little-endian int32, base64: 5⅓ characters a coordinate instead of ~9."""
    import base64

    import numpy as np

    ints = np.round(np.asarray(values, dtype=float) * 1e5).astype("<i4")
    return base64.b64encode(ints.tobytes()).decode("ascii")


def _event_days(events: Any) -> tuple[int, dict[str, Any]] | None:
    """Each event's day as days since the first (packed codes, -1 without a date), and the first day
    as days since 1970; None when no event has a date."""
    import numpy as np
    import pandas as pd

    if "event_date" not in events.columns:
        return None
    days = pd.to_datetime(events["event_date"], errors="coerce")
    ok = days.notna().to_numpy()
    if not ok.any():
        return None
    epoch = (days.dt.normalize() - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    day0 = int(np.nanmin(epoch))
    codes = np.where(ok, np.nan_to_num(epoch) - day0, -1).astype(np.int64)
    return day0, pack_codes(codes)


def pack_codes(codes: Any) -> dict[str, Any]:
    """Integer codes (-1 for none) as one string of fixed-width base-86 digits, ``width`` per row.

    A list of 50k small integers costs about five bytes each in JSON; packed, one to three.

    >>> pack_codes([0, -1, 2])
    {'width': 1, 'codes': "$#'"}
    """
    import numpy as np

    shifted = np.asarray(codes, dtype=np.int64) + 1
    base = len(CODE_ALPHABET)
    width = 1
    while base**width <= (int(shifted.max()) if len(shifted) else 0):
        width += 1
    digits = np.empty((len(shifted), width), dtype=np.int64)
    rest = shifted.copy()
    for k in range(width - 1, -1, -1):
        digits[:, k] = rest % base
        rest //= base
    alphabet = np.frombuffer(CODE_ALPHABET.encode("ascii"), dtype=np.uint8)
    return {"width": width, "codes": alphabet[digits].tobytes().decode("ascii")}


def unpack_codes(packed: dict[str, Any]) -> list[int]:
    """The inverse of :func:`pack_codes` (for tests and tools; the page decodes on the fly)."""
    width, text, base = packed["width"], packed["codes"], len(CODE_ALPHABET)
    out = []
    for i in range(0, len(text), width):
        value = 0
        for ch in text[i : i + width]:
            value = value * base + CODE_ALPHABET.index(ch)
        out.append(value - 1)
    return out


def events_layer(
    events: gpd.GeoDataFrame | pd.DataFrame,
    *,
    name: str = "Events",
    cluster_above: int = CLUSTER_ABOVE,
    show: bool = True,
) -> LayerResult:
    """Events as one canvas-drawn layer, styled by event type, with a popup per event.

    Popups give date, type, actors, place, fatalities, claim and confidence, the source (a link only
    for http/https addresses) and the quoted sentence (or ACLED's notes when there is no quote). Events
    that are claimed, disputed or unconfirmed (neither confirmed nor reported) are drawn pale with a
    dashed outline. With more than
    ``cluster_above`` events in view (below zoom 12) the layer counts them in cells of 60 pixels instead,
    on the same canvas: no Leaflet object per event, so a million events load in seconds. Each event's
    day travels with it, so the time control can hide events outside its window.
    Rows without usable coordinates are skipped and counted in a warning.
    """
    lon, lat, ok = event_points(events)
    skipped = int(len(events) - ok.sum())
    if skipped:
        logger.warning("%d of %d events have no usable coordinates and are not drawn", skipped, len(events))
    kept = events.loc[ok]
    cols = {}
    for col in _POPUP_COLUMNS:
        if col not in kept.columns:
            continue
        series = kept[col]
        if col == "notes" and "x_quote" in kept.columns:
            # The quote is the evidence; notes are shown only for events without one (ACLED imports).
            quote = kept["x_quote"]
            no_quote = quote.isna() | quote.astype(str).str.strip().isin(["", "nan", "None"])
            series = series.where(no_quote, None)
        cols[col] = _encode_column(
            series,
            http_only=col == "x_source_url",
            max_chars=_NOTES_CHARS if col == "notes" else 0,
            lower=col == "x_confidence",  # "Confirmed" draws like "confirmed"
        )
    types = cols.get("event_type", {}).get("values", [])
    n = len(kept)
    small = n <= 5_000  # small maps keep plain lists, easy to read; big ones pack their coordinates
    data: dict[str, Any] = {
        "lon": [round(float(v), 5) for v in lon] if small else _pack_coords(lon),
        "lat": [round(float(v), 5) for v in lat] if small else _pack_coords(lat),
        "cols": cols,
        "colors": [EVENT_COLORS.get(t, OTHER_COLOR) for t in types],
        "other_color": OTHER_COLOR,
        "alphabet": CODE_ALPHABET,
        "radius": 5 if n <= 5_000 else 4 if n <= 20_000 else 3,
        "cells_above": cluster_above,
        "cells_max_zoom": 12,
        "cell_px": 60,
    }
    days = _event_days(kept)
    if days is not None:
        data["day0"], data["days"] = days
    bounds = (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())) if n else None
    # Already plain JSON (finite floats, ints, strings): skip the NaN-cleaning walk over every value.
    layer = DataLayer("eventsLayer", data, name=f"{name} ({n:,})", show=show, clean=False)
    return LayerResult(layer, n, skipped, bounds)


# -- network ------------------------------------------------------------------------------------------


def _ramp(t: float) -> str:
    """Yellow → orange → dark red for t in [0, 1]."""
    stops = ((255, 214, 10), (245, 124, 0), (140, 0, 0))
    t = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(t), len(stops) - 2)
    f = t - i
    rgb = [round(a + (b - a) * f) for a, b in zip(stops[i], stops[i + 1], strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _edge_geometry(G: nx.Graph, u: Hashable, v: Hashable, data: Mapping[str, Any]) -> list | None:
    geom = data.get("geometry")
    if isinstance(geom, str) and geom.strip():
        import shapely

        try:
            geom = shapely.from_wkt(geom)
        except shapely.errors.GEOSException:
            geom = None
    if geom is not None and getattr(geom, "geom_type", "") == "LineString" and not geom.is_empty:
        return [[round(x, 5), round(y, 5)] for x, y, *_ in geom.coords]
    try:
        a, b = G.nodes[u], G.nodes[v]
        return [
            [round(float(a["x"]), 5), round(float(a["y"]), 5)],
            [round(float(b["x"]), 5), round(float(b["y"]), 5)],
        ]
    except (KeyError, TypeError, ValueError):
        return None


def _edge_values(G: nx.Graph, impact: Mapping[Any, float] | str | None) -> tuple[dict[tuple, float], str]:
    if impact is None:
        return {}, ""
    if isinstance(impact, str):
        keys = G.edges(keys=True, data=impact) if G.is_multigraph() else G.edges(data=impact)
        out = {tuple(k[:-1]): float(k[-1]) for k in keys if k[-1] is not None}
        return out, impact.replace("_", " ")
    return {tuple(k): float(v) for k, v in impact.items()}, "impact"


def _lookup(values: dict[tuple, float], key: tuple) -> float | None:
    for k in (key, key[:2], (key[1], key[0], *key[2:]), (key[1], key[0])):
        if k in values:
            return values[k]
    return None


def network_layer(
    G: nx.Graph,
    *,
    impact: Mapping[Any, float] | str | None = None,
    name: str = "Road and rail network",
    show: bool = True,
) -> LayerResult:
    """The supply network: roads and railways styled apart, refs and lengths in tooltips.

    ``impact`` — a mapping from edge (``(u, v)`` or ``(u, v, key)``) to a value, or the name of an edge
    attribute — scales each edge's width and colours it from yellow (low) to dark red (high).
    Named nodes are drawn as small circles with their names in tooltips.
    """
    values, label = _edge_values(G, impact)
    top = max((v for v in values.values() if math.isfinite(v)), default=0.0)
    features = []
    edges = (
        G.edges(keys=True, data=True)
        if G.is_multigraph()
        else ((u, v, None, d) for u, v, d in G.edges(data=True))
    )
    for u, v, k, d in edges:
        coords = _edge_geometry(G, u, v, d)
        if coords is None:
            continue
        mode = _text(d.get("mode")) or "road"
        style = dict(MODE_STYLES.get(mode, MODE_STYLES["road"]))
        value = _lookup(values, (u, v) if k is None else (u, v, k))
        tip = [mode, _text(d.get("ref"))]
        length = d.get("length_km")
        if length is not None and _text(length):
            tip.append(f"{float(length):.1f} km")
        if value is not None and math.isfinite(value):
            share = value / top if top > 0 else 0.0
            style["color"] = _ramp(share)
            style["weight"] = 2 + 6 * share
            tip.append(f"{label} {value:.3g}")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {"fl_style": style, "fl_tooltip": " · ".join(t for t in tip if t)},
            }
        )
    nodes = 0
    for _, d in G.nodes(data=True):
        node_name = _text(d.get("name"))
        try:
            x, y = float(d["x"]), float(d["y"])
        except (KeyError, TypeError, ValueError):
            continue
        if not node_name:
            continue
        nodes += 1
        kind = _text(d.get("kind"))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]},
                "properties": {
                    "fl_style": {
                        "radius": 3,
                        "color": "#333",
                        "weight": 1,
                        "fillColor": "#fff",
                        "fillOpacity": 1,
                    },
                    "fl_tooltip": f"{node_name} ({kind})" if kind else node_name,
                },
            }
        )
    layer = DataLayer(
        "geojsonLayer", {"type": "FeatureCollection", "features": features}, name=name, show=show
    )
    return LayerResult(layer, len(features), bounds=_bounds(features))


def network_credit(G: nx.Graph) -> str:
    """The credit line for a network: OpenStreetMap's for imported extracts, ours for the embedded one."""
    sources = " ".join(str(d.get("source", "")) for _, _, d in list(G.edges(data=True))[:50])
    if "OSM" in sources or "osm_ways" in G.graph:
        return "Network: © OpenStreetMap contributors (ODbL)"
    if "embedded" in str(G.graph.get("name", "")):
        return (
            "Network: frontline theatre network (GeoNames CC BY 4.0; stations © OpenStreetMap "
            "contributors, ODbL)"
        )
    return ""


def _bounds(features: Sequence[Mapping[str, Any]]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], int | float):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for part in c:
                walk(part)

    for f in features:
        walk(f["geometry"]["coordinates"])
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _geojson_features(gdf: gpd.GeoDataFrame, style: Any, tooltip: Any) -> list[dict]:
    """Features of a GeoDataFrame in EPSG:4326 with our style and tooltip properties (no other columns)."""
    import shapely

    gdf = _to_wgs84(gdf)
    out = []
    for row in gdf.itertuples(index=False):
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        geom = shapely.set_precision(geom, 1e-5)
        out.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geom),
                "properties": {"fl_style": style(row), "fl_tooltip": tooltip(row)},
            }
        )
    return out


def _to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        msg = "a layer has no CRS — set it (e.g. gdf.set_crs('EPSG:4326')) before mapping"
        raise ValueError(msg)
    return gdf if gdf.crs.to_epsg() == 4326 else gdf.to_crs(4326)


def _col(row: Any, name: str) -> str:
    return _text(getattr(row, name, None))


def hub_impact_layer(
    hubs: gpd.GeoDataFrame,
    routes_before: gpd.GeoDataFrame,
    routes_after: gpd.GeoDataFrame,
    *,
    cut_column: str = "cut",
    name: str | None = None,
    show: bool = True,
) -> LayerResult:
    """A hub-impact result: the lost hub(s) marked, routes before (blue, dashed) and after (green).

    Routes carry ``source_name``, ``target_name``, ``cost_km`` and (as :func:`~frontline.network.routes_gdf`
    gives them) ``length_km``: tooltips give the distance, with any transfer penalty in ``cost_km`` beyond
    it said apart. A true ``cut_column`` marks pairs that
    have no route once the hub is lost — their former route is drawn red and its tooltip says so.
    """

    def route_tip(when: str):
        def tip(row: Any) -> str:
            pair = f"{_col(row, 'source_name')} → {_col(row, 'target_name')}"
            if bool(getattr(row, cut_column, False)):
                return f"{pair}: cut once the hub is lost"
            cost = _text(getattr(row, "cost_km", None))
            length = _text(getattr(row, "length_km", None))
            if length:  # the distance travelled; what routing charged beyond it (transfers) apart
                extra = float(cost) - float(length) if cost else 0.0
                more = f" (+{extra:.1f} km-equivalents of road↔rail transfers)" if extra >= 0.05 else ""
                return f"{pair} {when}: {float(length):.1f} km{more}"
            return f"{pair} {when}: {float(cost):.1f} km" if cost else f"{pair} {when}"

        return tip

    def before_style(row: Any) -> dict:
        cut = bool(getattr(row, cut_column, False))
        return {"color": "#c62828" if cut else "#1565c0", "weight": 4 if cut else 3, "dashArray": "8 6"}

    features = _geojson_features(routes_before, before_style, route_tip("before"))
    features += _geojson_features(
        routes_after, lambda row: {"color": "#2e7d32", "weight": 3, "opacity": 0.9}, route_tip("after")
    )
    hub_names = []
    for f in _geojson_features(
        hubs,
        lambda row: {"radius": 10, "color": "#000", "weight": 3, "fillColor": "#c62828", "fillOpacity": 0.9},
        lambda row: f"Lost hub: {_col(row, 'name')}",
    ):
        features.append(f)
        hub_names.append(f["properties"]["fl_tooltip"].removeprefix("Lost hub: "))
    title = name or ("Hub impact: " + ", ".join(n for n in hub_names if n) if hub_names else "Hub impact")
    layer = DataLayer(
        "geojsonLayer",
        {"type": "FeatureCollection", "features": features},
        name=layer_label(title),
        show=show,
    )
    return LayerResult(layer, len(features), bounds=_bounds(features))


def control_layer(
    polygons: gpd.GeoDataFrame,
    front_line: gpd.GeoDataFrame | None = None,
    *,
    name: str = "Control and front line",
    show: bool = True,
) -> LayerResult:
    """Control polygons (``date``, ``side``) and the front line (``date``) with a time control over dates.

    The slider shows one date at a time (the latest first); each date draws its polygons coloured by side
    (UA, RU, contested, unknown) and its front line. ``features`` counts all dates' features.
    """
    import pandas as pd

    def dates_of(gdf: gpd.GeoDataFrame | None) -> pd.Series:
        if gdf is None or gdf.empty:
            return pd.Series([], dtype=str)
        return pd.to_datetime(gdf["date"], errors="coerce").dt.strftime("%Y-%m-%d")

    poly_dates = dates_of(polygons)
    line_dates = dates_of(front_line)
    dates = sorted({d for d in [*poly_dates, *line_dates] if isinstance(d, str)})
    by_date = []
    all_features: list[dict] = []
    for day in dates:
        feats = _geojson_features(
            polygons[poly_dates.to_numpy() == day],
            lambda row: {
                "color": SIDE_COLORS.get(_col(row, "side"), SIDE_COLORS["unknown"]),
                "weight": 1,
                "fillColor": SIDE_COLORS.get(_col(row, "side"), SIDE_COLORS["unknown"]),
                "fillOpacity": 0.3,
            },
            lambda row, day=day: f"{_col(row, 'side') or 'unknown'} control on {day}",
        )
        if front_line is not None and not front_line.empty:
            feats += _geojson_features(
                front_line[line_dates.to_numpy() == day],
                lambda row: {"color": "#111", "weight": 3.5},
                lambda row, day=day: f"Front line on {day}",
            )
        all_features += feats
        by_date.append({"type": "FeatureCollection", "features": feats})
    data = {"dates": dates, "by_date": by_date, "title": name}
    layer = DataLayer("timeLayer", data, name=name, show=show)
    return LayerResult(layer, len(all_features), bounds=_bounds(all_features))
