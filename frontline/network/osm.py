"""Real OpenStreetMap in: roads and railways of an ``.osm`` (XML) or ``.osm.pbf`` extract as a network.

pyosmium reads the file (with node locations); ways tagged ``highway`` of the chosen classes and
``railway=rail`` become edges split at junctions, with their ``ref``, ``name``, length in km (geodesic,
WGS84) and geometry; chains of nodes where two ways of the same road meet end to end are merged.
Road and rail never share a node (a level crossing is not a place to change mode): rail nodes carry
the negative OSM id. Stations (``railway=station|halt``) link their track to the nearest road by a
``transfer`` edge.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from pyproj import Geod
from shapely.geometry import LineString

from ..errors import existing_file
from .errors import OSMImportError
from .graph import CRS, ref_aliases

__all__ = ["HIGHWAY_CLASSES", "TERTIARY_CLASSES", "import_osm"]

log = logging.getLogger(__name__)

HIGHWAY_CLASSES = (
    "motorway",
    "motorway_link",
    "trunk",
    "trunk_link",
    "primary",
    "primary_link",
    "secondary",
    "secondary_link",
)
TERTIARY_CLASSES = ("tertiary", "tertiary_link")
_STATION_TAGS = ("station", "halt")
_STATION_SNAP_KM = (0.5, 1.5)  # station → track, station → road
_GEOD = Geod(ellps="WGS84")


@dataclass
class _Way:
    osmid: int
    mode: str
    kind: str
    ref: str
    name: str
    coords: list[tuple[int, float, float]]  # (node id, lon, lat)


def _read(path: Path, highways: frozenset[str]) -> tuple[list[_Way], list[tuple[str, float, float]]]:
    import osmium

    ways: list[_Way] = []
    stations: list[tuple[str, float, float]] = []
    processor = (
        osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.KeyFilter("highway", "railway"))
    )
    obj: Any
    for obj in processor:
        tags = obj.tags
        if obj.is_node():
            if tags.get("railway") in _STATION_TAGS and obj.location.valid():
                name = tags.get("name") or tags.get("name:en") or ""
                stations.append((name, obj.location.lon, obj.location.lat))
            continue
        highway = tags.get("highway")
        if highway in highways:
            mode, kind = "road", highway
        elif tags.get("railway") == "rail":
            mode, kind = "rail", "rail"
        else:
            continue
        for run in _valid_runs(obj):
            ways.append(_Way(obj.id, mode, kind, tags.get("ref") or "", tags.get("name") or "", run))
    return ways, stations


def _valid_runs(way: Any) -> Iterator[list[tuple[int, float, float]]]:
    """Stretches of a way whose nodes have locations (an extract cuts ways at its edge)."""
    run: list[tuple[int, float, float]] = []
    for nd in way.nodes:
        if nd.location.valid():
            run.append((nd.ref, nd.location.lon, nd.location.lat))
            continue
        if len(run) > 1:
            yield run
        run = []
    if len(run) > 1:
        yield run


def _node_id(osm_id: int, mode: str) -> int:
    return -osm_id if mode == "rail" else osm_id


def _build(ways: list[_Way]) -> nx.MultiGraph:
    uses: Counter[int] = Counter()
    for w in ways:
        ids = [_node_id(n, w.mode) for n, _, _ in w.coords]
        uses.update(ids)
        uses.update((ids[0], ids[-1]))  # way ends are always graph nodes
    G = nx.MultiGraph(crs=CRS)
    for w in ways:
        start = 0
        for i in range(1, len(w.coords)):
            nid = _node_id(w.coords[i][0], w.mode)
            if uses[nid] > 1 or i == len(w.coords) - 1:
                _add_edge(G, w, w.coords[start : i + 1])
                start = i
    return G


def _add_edge(G: nx.MultiGraph, w: _Way, coords: list[tuple[int, float, float]]) -> None:
    (a, ax, ay), (b, bx, by) = coords[0], coords[-1]
    u, v = _node_id(a, w.mode), _node_id(b, w.mode)
    for n, x, y, osm in ((u, ax, ay, a), (v, bx, by, b)):
        if n not in G:
            G.add_node(n, x=x, y=y, name="", kind="osm", osmid=osm)
    line = LineString([(x, y) for _, x, y in coords])
    G.add_edge(
        u,
        v,
        mode=w.mode,
        highway=w.kind,
        ref=w.ref,
        ref_aliases=ref_aliases(w.ref),
        name=w.name,
        length_km=_GEOD.geometry_length(line) / 1000.0,
        source=f"OSM way {w.osmid}",
        geometry=line,
    )


def _signature(d: dict[str, Any]) -> tuple[str, str, str, str]:
    return (d["mode"], d["highway"], d["ref"], d["name"])


def _simplify(G: nx.MultiGraph) -> nx.MultiGraph:
    """Merge each node where exactly two edges of the same road meet end to end into one edge."""
    for n in list(G.nodes):
        # a ring closed on itself (a roundabout whose approaches are not kept) is one self-loop:
        # degree 2 from a single edge, nothing to merge
        if G.degree(n) != 2 or G.has_edge(n, n):
            continue
        (a, _, k1, d1), (b, _, k2, d2) = (
            (other, n, k, d) for _, other, k, d in G.edges(n, keys=True, data=True)
        )
        if n in (a, b) or (a == b and k1 == k2) or _signature(d1) != _signature(d2):
            continue
        p = (G.nodes[n]["x"], G.nodes[n]["y"])
        first = _oriented(d1["geometry"], end=p)
        second = _oriented(d2["geometry"], start=p)
        merged = LineString([*first.coords, *list(second.coords)[1:]])
        sources = " + ".join(dict.fromkeys(d1["source"].split(" + ") + d2["source"].split(" + ")))
        attrs = {**d1, "geometry": merged, "length_km": d1["length_km"] + d2["length_km"], "source": sources}
        G.remove_node(n)
        G.add_edge(a, b, **attrs)
    return G


def _oriented(line: LineString, *, start: tuple[float, float] | None = None, end: Any = None) -> LineString:
    coords = list(line.coords)
    if start is not None and coords[0] != start:
        coords.reverse()
    if end is not None and coords[-1] != end:
        coords.reverse()
    return LineString(coords)


def _link_stations(G: nx.MultiGraph, stations: list[tuple[str, float, float]]) -> int:
    """Name the track node nearest each station and join it to the nearest road node (a transfer)."""
    if not stations or G.number_of_nodes() == 0:
        return 0
    from scipy.spatial import cKDTree

    lat0 = np.radians(np.mean([y for _, y in G.nodes(data="y")]))

    def km(x: Any, y: Any) -> np.ndarray:
        return np.column_stack([np.asarray(x) * 111.32 * np.cos(lat0), np.asarray(y) * 110.57])

    linked = 0
    by_mode: dict[str, tuple[list[Hashable], Any]] = {}
    for mode in ("rail", "road"):
        ids = [n for n in G.nodes if (n < 0) == (mode == "rail")]
        if ids:
            xy = km([G.nodes[n]["x"] for n in ids], [G.nodes[n]["y"] for n in ids])
            by_mode[mode] = (ids, cKDTree(xy))
    if "rail" not in by_mode or "road" not in by_mode:
        return 0
    for name, x, y in stations:
        here = km(x, y)[0]
        d_rail, i_rail = by_mode["rail"][1].query(here)
        d_road, i_road = by_mode["road"][1].query(here)
        if d_rail > _STATION_SNAP_KM[0] or d_road > _STATION_SNAP_KM[1]:
            continue
        track, road = by_mode["rail"][0][i_rail], by_mode["road"][0][i_road]
        G.nodes[track].update(kind="station", name=name or G.nodes[track]["name"])
        if G.has_edge(track, road):
            continue
        a, b = G.nodes[track], G.nodes[road]
        line = LineString([(a["x"], a["y"]), (b["x"], b["y"])])
        G.add_edge(
            track,
            road,
            mode="transfer",
            highway="",
            ref="",
            ref_aliases=(),
            name=name,
            length_km=_GEOD.geometry_length(line) / 1000.0,
            source="station to nearest road",
            geometry=line,
        )
        linked += 1
    return linked


def import_osm(path: str | Path, *, tertiary: bool = False) -> nx.MultiGraph:
    """Roads (motorway … secondary, with their links; tertiary too when ``tertiary``) and railways
    (``railway=rail``) of an OSM XML or PBF extract as a network graph (see :mod:`.graph`).

    Raises :class:`OSMImportError` for a missing, empty or unreadable file, or one with no such ways.
    """
    path = Path(path)
    existing_file(path, "an OpenStreetMap extract (.osm or .osm.pbf)", error=OSMImportError)
    if path.stat().st_size == 0:
        msg = f"{path} is empty — give an OpenStreetMap extract (.osm or .osm.pbf)"
        raise OSMImportError(msg)
    name = path.name.lower()
    if not name.endswith((".osm", ".osm.pbf", ".pbf", ".osm.bz2", ".osm.gz", ".o5m")):
        msg = f"{path}: unknown extension — OSM files are read by type: name it .osm (XML) or .osm.pbf"
        raise OSMImportError(msg)
    highways = frozenset(HIGHWAY_CLASSES + (TERTIARY_CLASSES if tertiary else ()))
    try:
        ways, stations = _read(path, highways)
    except (RuntimeError, ValueError, OSError) as err:
        detail = " ".join(str(err).split()) or type(err).__name__
        msg = (
            f"{path}: not a readable OSM file ({detail}) — check that it is a whole .osm or .osm.pbf extract"
        )
        raise OSMImportError(msg) from err
    if not ways:
        classes = "motorway, trunk, primary, secondary" + (", tertiary" if tertiary else "")
        hint = "" if tertiary else "; try --tertiary, or"
        msg = f"{path} holds no roads ({classes}) or railways (railway=rail){hint} use an extract with some"
        raise OSMImportError(msg)
    G = _simplify(_build(ways))
    linked = _link_stations(G, stations)
    G.graph["name"] = path.name
    G.graph["source"] = f"OpenStreetMap extract {path.name} (ODbL)"
    log.info(
        "%s: %d ways → %d nodes, %d edges, %d stations linked", path.name, len(ways), len(G), G.size(), linked
    )
    return G
