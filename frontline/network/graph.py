"""The supply network as a graph: the embedded theatre network, network files, GeoDataFrame views.

The graph contract other modules rely on: a :class:`networkx.MultiGraph` with ``G.graph["crs"] ==
"EPSG:4326"``; nodes carry ``x`` (longitude), ``y`` (latitude), ``name``, ``kind`` (``settlement``,
``junction``, ``station``, ``border``, ``bridge``) and, for places, ``geonameid`` (int); edges carry
``mode`` (``road``, ``rail``, ``transfer``), ``kind`` (``bridge`` for a bridge or dam crossing, ``ferry``,
else empty), ``ref``, ``ref_aliases`` (tuple), ``length_km``, ``source`` and a shapely ``geometry``
(LineString, lon/lat).

>>> G = load_theatre_network()
>>> G.graph["crs"], G.nodes["kupiansk"]["geonameid"]
('EPSG:4326', 703656)
>>> sorted({d["ref"] for _, _, d in edges_with_ref(G, "Р07")})
['H26']
>>> ref_key("Н-26"), ref_key(" p 07 ")
('H26', 'P07')
>>> ref_aliases("")
()
"""

from __future__ import annotations

import csv
import logging
import math
from collections.abc import Hashable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from shapely.geometry import LineString, Point

from ..files import existing_file, write_atomic
from .errors import NetworkFileError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CRS",
    "EMBEDDED",
    "edges_gdf",
    "edges_with_ref",
    "load_theatre_network",
    "node_id",
    "nodes_gdf",
    "read_network",
    "ref_aliases",
    "ref_key",
    "theatre_files",
    "write_network",
]

log = logging.getLogger(__name__)

CRS = "EPSG:4326"

# Ukrainian road classes written in Cyrillic look like Latin letters; both spellings are one road.
_CYRILLIC_TO_LATIN = str.maketrans({"М": "M", "Н": "H", "Р": "P", "Т": "T", "О": "O", "Е": "E", "С": "C"})
_LATIN_TO_CYRILLIC = {"M": "М", "H": "Н", "P": "Р", "T": "Т"}
# Roads renumbered in Ukraine's list of public roads; the press keeps using the old number.
# Source: Cabinet of Ministers list of public roads of state significance (H26 replaced P07 Chuhuiv-Milove).
RENUMBERED: dict[str, tuple[str, ...]] = {"H26": ("P07",), "P07": ("H26",)}


def ref_key(ref: str) -> str:
    """A road number in one canonical form: Latin capitals, no spaces or dashes (``"Р-07"`` → ``"P07"``)."""
    out = (ref or "").upper().translate(_CYRILLIC_TO_LATIN)
    return "".join(ch for ch in out if ch.isalnum())


def ref_aliases(ref: str) -> tuple[str, ...]:
    """Every spelling of the road numbers in ``ref`` (``;``-separated, as OSM writes them): Latin and
    Cyrillic, and former numbers of renumbered roads. Empty for an empty ref."""
    out: list[str] = []
    for part in (ref or "").replace(",", ";").split(";"):
        key = ref_key(part)
        if not key:
            continue
        for k in (key, *RENUMBERED.get(key, ())):
            for form in (k, _LATIN_TO_CYRILLIC.get(k[0], k[0]) + k[1:]):
                if form not in out:
                    out.append(form)
    return tuple(out)


def edges_with_ref(G: nx.MultiGraph, ref: str) -> list[tuple[Hashable, Hashable, dict[str, Any]]]:
    """Edges of the road numbered ``ref`` in any spelling (``P07``, ``H26``, ``Р07``, ``Н-26``)."""
    key = ref_key(ref)
    if not key:
        return []
    return [
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if key in {ref_key(a) for a in d.get("ref_aliases", ())} or key == ref_key(d.get("ref", ""))
    ]


# -- the embedded theatre network ----------------------------------------------------------------


#: The name ``read_network`` (and every ``--network`` option) takes for the embedded theatre network.
EMBEDDED = "embedded"


@lru_cache(maxsize=1)
def _theatre_rows() -> tuple[tuple[dict[str, str], ...], tuple[dict[str, str], ...]]:
    data = resources.files("frontline") / "data"
    return _csv_rows(data / "theatre_nodes.csv"), _csv_rows(data / "theatre_edges.csv")


def _csv_rows(path: Any) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def theatre_files() -> tuple[Path, Path]:
    """The embedded network's two files (nodes, edges): CSV tables that ``read_network`` also reads
    from any copy, given either file."""
    data = resources.files("frontline") / "data"
    return Path(str(data / "theatre_nodes.csv")), Path(str(data / "theatre_edges.csv"))


def load_theatre_network() -> nx.MultiGraph:
    """The embedded road and rail network of the front of 2022–2025 and what lies behind it
    (``frontline/data/theatre_*.csv``, written by us from public facts, every row with its source and,
    where uncertain, a note saying so): the Kharkiv and Sumy border areas, Kupiansk–Lyman–Siversk,
    Bakhmut–Kostiantynivka–Kramatorsk–Sloviansk, Pokrovsk–Kurakhove–Vuhledar with Dnipro and Pavlohrad
    behind, Zaporizhzhia–Orikhiv–Huliaipole–Velyka Novosilka, Kherson and the Dnipro crossings, the land
    bridge Rostov–Mariupol–Melitopol–Crimea, the Crimean Bridge, and the Russian railheads (Belgorod,
    Valuyki, Rossosh, Millerovo, Rostov, Taganrog, Dzhankoi).

    Each call returns a new graph. Settlements and their stations are separate nodes (``kupiansk``,
    ``kupiansk/rail``) sharing the settlement's ``geonameid``, joined by a ``transfer`` edge; every
    railway node's id ends in ``/rail``. A bridge or dam is a node of its own (kind ``bridge``, the
    railway one ``…/rail``; road and rail bridges side by side share a ``geonameid``) whose two edges
    have ``kind == "bridge"``, so losing the Antonivskyi Bridge is a hub question like losing a town.
    Edge geometries are the straight chords between the two nodes: the data records the links and their
    lengths, not the roads' exact courses.

    >>> G = load_theatre_network()
    >>> sorted(d["ref"] for _, _, d in G.edges("antonivskyi_bridge", data=True))
    ['M14;M17', 'M14;M17']
    """
    return _theatre_graph(*_theatre_rows(), name="theatre network (embedded)")


def _theatre_graph(
    node_rows: tuple[dict[str, str], ...], edge_rows: tuple[dict[str, str], ...], *, name: str
) -> nx.MultiGraph:
    G = nx.MultiGraph(crs=CRS, name=name)
    for r in node_rows:
        G.add_node(
            r["id"],
            x=float(r["longitude"]),
            y=float(r["latitude"]),
            name=r["name"],
            kind=r["kind"],
            geonameid=int(r["geonameid"]),
            country_code=r["country_code"],
            source=r["source"],
            note=r["note"],
        )
    for r in edge_rows:
        u, v = r["u"], r["v"]
        G.add_edge(
            u,
            v,
            mode=r["mode"],
            kind=r["kind"],
            ref=r["ref"],
            ref_aliases=ref_aliases(r["ref"]),
            length_km=float(r["length_km"]),
            length_basis=r["length_basis"],
            source=r["source"],
            note=r["note"],
            geometry=LineString([_xy(G, u), _xy(G, v)]),
        )
    return G


def _xy(G: nx.MultiGraph, n: Hashable) -> tuple[float, float]:
    d = G.nodes[n]
    return (d["x"], d["y"])


def _edge_line(G: nx.MultiGraph, u: Hashable, v: Hashable, d: dict[str, Any]) -> LineString:
    """An edge's ``geometry``, or the straight line between its nodes when it has none."""
    geom = d.get("geometry")
    return geom if geom is not None else LineString([_xy(G, u), _xy(G, v)])


# -- GeoDataFrame views --------------------------------------------------------------------------


def nodes_gdf(G: nx.MultiGraph) -> gpd.GeoDataFrame:
    """Nodes as points, indexed by node id, with every node attribute except ``x``/``y``."""
    import geopandas as gpd

    _require_crs(G)
    ids = list(G.nodes)
    rows = [{k: v for k, v in d.items() if k not in ("x", "y")} for _, d in G.nodes(data=True)]
    geometry = [Point(d["x"], d["y"]) for _, d in G.nodes(data=True)]
    gdf = gpd.GeoDataFrame(rows, geometry=geometry, crs=G.graph["crs"])
    gdf.index = ids
    gdf.index.name = "node"
    return gdf


def edges_gdf(G: nx.MultiGraph) -> gpd.GeoDataFrame:
    """Edges as lines with ``u``, ``v``, ``key`` columns and every edge attribute; an edge without a
    geometry gets the straight line between its nodes."""
    import geopandas as gpd

    _require_crs(G)
    rows = []
    geometry = []
    for u, v, k, d in G.edges(keys=True, data=True):
        rows.append({"u": u, "v": v, "key": k, **{a: b for a, b in d.items() if a != "geometry"}})
        geometry.append(_edge_line(G, u, v, d))
    return gpd.GeoDataFrame(rows, geometry=geometry, crs=G.graph["crs"])


def _require_crs(G: nx.MultiGraph) -> None:
    if not G.graph.get("crs"):
        msg = "the graph has no G.graph['crs'] — set it (the network uses lon/lat, 'EPSG:4326')"
        raise NetworkFileError(msg)


# -- network files ---------------------------------------------------------------------------------

_LIST_ATTRS = ("ref_aliases",)


def write_network(G: nx.MultiGraph, path: str | Path) -> Path:
    """Save the network as a GeoPackage (layers ``nodes`` and ``edges``) or GraphML (by extension)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gpkg", ".graphml"):
        msg = f"{path}: unknown network file type {suffix or '(none)'!r} — use .gpkg or .graphml"
        raise NetworkFileError(msg)
    if suffix == ".gpkg":
        nodes = nodes_gdf(G).reset_index()
        edges = edges_gdf(G)
        nodes["node"] = nodes["node"].astype(str)
        edges["u"] = edges["u"].astype(str)
        edges["v"] = edges["v"].astype(str)
        for col in _LIST_ATTRS:
            if col in edges:
                edges[col] = edges[col].map(lambda t: "|".join(t) if isinstance(t, tuple | list) else t)

        def write(tmp: Path) -> None:
            nodes.to_file(tmp, layer="nodes", driver="GPKG", engine="pyogrio")
            edges.to_file(tmp, layer="edges", driver="GPKG", engine="pyogrio")

        write_atomic(path, write)
    else:
        H = nx.MultiGraph(**{k: str(v) for k, v in G.graph.items()})
        for n, d in G.nodes(data=True):
            H.add_node(str(n), **{k: v for k, v in d.items() if v is not None})
        for u, v, k, d in G.edges(keys=True, data=True):
            attrs = {a: b for a, b in d.items() if b is not None}
            if "geometry" in attrs:
                attrs["geometry"] = attrs["geometry"].wkt
            for col in _LIST_ATTRS:
                if col in attrs:
                    attrs[col] = "|".join(attrs[col])
            H.add_edge(str(u), str(v), key=k, **attrs)
        write_atomic(path, lambda tmp: nx.write_graphml(H, tmp))
    return path


def read_network(path: str | Path) -> nx.MultiGraph:
    """Read a network written by :func:`write_network` (or ``frontline network import-osm``), the
    embedded network's CSV tables (``theatre_nodes.csv`` with ``theatre_edges.csv`` beside it, either
    named), or ``"embedded"`` for the embedded network itself."""
    if str(path) == EMBEDDED and not Path(path).exists():
        return load_theatre_network()
    path = existing_file(
        Path(path),
        "a network file (.gpkg or .graphml) from `frontline network import-osm`",
        error=NetworkFileError,
    )
    suffix = path.suffix.lower()
    try:
        if suffix == ".gpkg":
            return _read_gpkg(path)
        if suffix == ".graphml":
            return _read_graphml(path)
        if suffix == ".csv":
            return _read_tables(path)
    except NetworkFileError:
        raise
    except Exception as err:  # pyogrio/lxml errors name the problem but not the fix
        msg = (
            f"{path}: not a readable network file ({type(err).__name__}: {err}) — rewrite it with import-osm"
        )
        raise NetworkFileError(msg) from err
    msg = (
        f"{path}: unknown network file type {suffix or '(none)'!r} — use .gpkg or .graphml, the embedded "
        f"network's theatre_edges.csv, or --network {EMBEDDED}"
    )
    raise NetworkFileError(msg)


def _read_tables(path: Path) -> nx.MultiGraph:
    """The embedded network's format: ``*nodes*.csv`` and ``*edges*.csv`` side by side, either given."""
    if "nodes" not in path.name and "edges" not in path.name:
        msg = f"{path}: a network as CSV is a pair of tables, *_nodes.csv and *_edges.csv — name one of them"
        raise NetworkFileError(msg)
    nodes = path.with_name(path.name.replace("edges", "nodes"))
    edges = path.with_name(path.name.replace("nodes", "edges"))
    for p in (nodes, edges):
        existing_file(p, "the network's nodes and edges tables, side by side", error=NetworkFileError)
    node_rows, edge_rows = _csv_rows(nodes), _csv_rows(edges)
    need = {"id", "longitude", "latitude", "name", "kind", "geonameid"}
    if not node_rows or not need <= set(node_rows[0]):
        msg = f"{nodes}: the nodes table needs the columns {', '.join(sorted(need))}"
        raise NetworkFileError(msg)
    for r in node_rows:
        for col in ("country_code", "source", "note"):
            r.setdefault(col, "")
    for r in edge_rows:
        for col in ("kind", "ref", "length_basis", "source", "note"):
            r.setdefault(col, "")
    same = (nodes.resolve(), edges.resolve()) == tuple(p.resolve() for p in theatre_files())
    return _theatre_graph(node_rows, edge_rows, name="theatre network (embedded)" if same else nodes.stem)


def node_id(text: str) -> Hashable:
    """A node id as written in a file or typed: an integer of up to 18 digits (OSM junctions, GeoNames
    ids), else the text itself — a longer run of digits fits no id and is a name.

    >>> node_id("-12"), node_id("kupiansk"), node_id("9" * 30) == "9" * 30
    (-12, 'kupiansk', True)
    """
    digits = text.removeprefix("-")
    # isdecimal, not isdigit: "¹" is a digit that int() refuses
    return int(text) if digits.isdecimal() and len(digits) <= 18 else text


def _read_gpkg(path: Path) -> nx.MultiGraph:
    import pyogrio

    layers = {name for name, _ in pyogrio.list_layers(path)}
    if not {"nodes", "edges"} <= layers:
        msg = f"{path}: a network GeoPackage needs layers 'nodes' and 'edges', found {sorted(layers)}"
        raise NetworkFileError(msg)
    nodes = pyogrio.read_dataframe(path, layer="nodes").to_crs(CRS)
    edges = pyogrio.read_dataframe(path, layer="edges").to_crs(CRS)
    G = nx.MultiGraph(crs=CRS, name=path.stem)
    for row in nodes.to_dict("records"):
        geom = row.pop("geometry")
        attrs = _clean(row)
        if "geonameid" in attrs:
            attrs["geonameid"] = int(attrs["geonameid"])
        G.add_node(node_id(str(attrs.pop("node"))), x=geom.x, y=geom.y, **attrs)
    for row in edges.to_dict("records"):
        attrs = _clean(row)
        u, v, k = node_id(str(attrs.pop("u"))), node_id(str(attrs.pop("v"))), int(attrs.pop("key"))
        _edge_attrs(attrs)
        G.add_edge(u, v, key=k, **attrs)
    return G


def _read_graphml(path: Path) -> nx.MultiGraph:
    from shapely import wkt

    H = nx.read_graphml(path, force_multigraph=True)
    G = nx.MultiGraph(crs=H.graph.get("crs", CRS), name=H.graph.get("name", path.stem))
    for n, d in H.nodes(data=True):
        if "x" not in d or "y" not in d:
            msg = f"{path}: node {n!r} has no x/y coordinates — this GraphML is not a frontline network"
            raise NetworkFileError(msg)
        attrs = dict(d)
        if "geonameid" in attrs:
            attrs["geonameid"] = int(attrs["geonameid"])
        G.add_node(node_id(n), **attrs)
    for u, v, k, d in H.edges(keys=True, data=True):
        attrs = dict(d)
        if isinstance(attrs.get("geometry"), str):
            attrs["geometry"] = wkt.loads(attrs["geometry"])
        _edge_attrs(attrs)
        G.add_edge(node_id(u), node_id(v), key=int(k), **attrs)
    return G


def _edge_attrs(attrs: dict[str, Any]) -> None:
    aliases = attrs.get("ref_aliases")
    attrs["ref_aliases"] = tuple(a for a in str(aliases).split("|") if a) if aliases else ()
    attrs.setdefault("ref", "")
    if "length_km" not in attrs:
        msg = "an edge has no length_km — this file is not a frontline network"
        raise NetworkFileError(msg)
    attrs["length_km"] = float(attrs["length_km"])


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """Drop missing values (NaN/None) that a table gives for attributes a feature does not have."""
    return {k: v for k, v in row.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}
