"""Real OpenStreetMap in: the roads and railways of an ``.osm`` (XML) or ``.osm.pbf`` extract as a
network of junctions, streamed so that a country's extract fits in memory.

pyosmium reads the file; libosmium's filters pass only the kept ways to Python (motorway … secondary
and their links, tertiary on request, ``railway=rail`` without yards and sidings, car ferries), whose
geometry is built in C++ (WKB) and collected in chunks of float arrays. Memory is bounded by the kept
network, not the file: a small file is read once with node locations in memory; a large one
(:data:`TWO_PASS_BYTES`) in two passes, the first collecting which nodes the kept ways use, the second
keeping locations of those nodes only, in pyosmium's location index on disk.

The ways are then simplified to junctions (see :mod:`._junctions`): an edge runs between vertices
where the degree is not 2, a ref changes, a bridge or a ferry starts or ends, or a station stands,
with its full geometry and geodesic length. Junctions are named by the refs (else the street names)
of the roads that meet there and the nearest GeoNames place within :data:`PLACE_KM`. Road and rail
never share a node; stations link their track to the nearest road junction by a ``transfer`` edge.

Bad input is one line each: an unreadable file raises :class:`OSMImportError`, as does one with no
kept ways; ways whose nodes are missing from the file (a clipped extract) are dropped and counted,
and a file cut short keeps what was read before the cut — both recorded in ``G.graph["warnings"]``.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import networkx as nx
import numpy as np
import shapely

from ..files import existing_file
from ._junctions import Junctions, WayTable, simplify
from .errors import OSMImportError
from .graph import CRS, ref_aliases

__all__ = [
    "HIGHWAY_CLASSES",
    "PLACE_KM",
    "TERTIARY_CLASSES",
    "TWO_PASS_BYTES",
    "NamedPoint",
    "Places",
    "Progress",
    "import_osm",
]

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
#: Files larger than this are read in two passes with node locations on disk.
TWO_PASS_BYTES = 256 * 1024 * 1024
#: A junction is named after the nearest GeoNames place within this distance.
PLACE_KM = 2.0
_TRANSFER_KM = 1.5  # station track → nearest road junction
_STATION_TAGS = ("station", "halt")
_YARD_SERVICE = frozenset({"yard", "siding", "spur", "crossover"})
_NOT = frozenset({"no", "false", "0"})
_CHUNK = 1 << 16  # ways per geometry chunk
_TICK = 1 << 12  # ways between progress checks
_EXTENSIONS = (".osm", ".osm.pbf", ".pbf", ".osm.bz2", ".osm.gz", ".o5m")

#: ``progress(stage, bytes_read, file_bytes)``; bytes_read is 0 where the platform cannot tell.
Progress = Callable[[str, int, int], None]


class NamedPoint(Protocol):
    """Anything with a name and a lon/lat point, e.g. :class:`gazetteer.Place`."""

    @property
    def name(self) -> str: ...
    @property
    def longitude(self) -> float: ...
    @property
    def latitude(self) -> float: ...


#: Places to name junctions after: the points themselves, or a function of the network's bounds
#: ``(lon_min, lat_min, lon_max, lat_max)`` giving them (so that only places nearby are read).
Places = Iterable[NamedPoint] | Callable[[tuple[float, float, float, float]], Iterable[NamedPoint]]


# -- reading ---------------------------------------------------------------------------------------


@dataclass
class _Collected:
    """What a pass keeps of each kept way, in file order."""

    rows: list[tuple[int, str, str, str, str]] = field(default_factory=list)  # id, class, ref, name, bridge
    stations: list[tuple[str, float, float]] = field(default_factory=list)
    geometry_ids: list[np.ndarray] = field(default_factory=list)  # ways with a geometry, chunk by chunk
    coords: list[np.ndarray] = field(default_factory=list)  # float (n, 2) chunks
    counts: list[np.ndarray] = field(default_factory=list)  # vertices per way, chunk by chunk
    clipped: int = 0  # ways with a node missing from the file
    degenerate: int = 0  # ways of fewer than two distinct points
    error: str = ""  # why reading stopped early


class _Ticker:
    """Reports the stage, the kept ways so far, their rate and how far into the file the reader is."""

    def __init__(self, progress: Progress | None, path: Path, stage: str) -> None:
        self.progress, self.path, self.stage = progress, path, stage
        self.size = path.stat().st_size
        self.start = self.last = time.monotonic()

    def __call__(self, ways: int) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = ways / max(now - self.start, 1e-9)
        self.progress(f"{self.stage}: {ways:,} ways, {rate:,.0f}/s", _read_position(self.path), self.size)


def _read_position(path: Path) -> int:
    """Bytes of ``path`` read so far by this process (Linux: /proc/self/fdinfo), else 0."""
    try:
        target = str(path.resolve())
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}") != target:
                    continue
                with open(f"/proc/self/fdinfo/{fd}", encoding="ascii") as info:
                    for line in info:
                        if line.startswith("pos:"):
                            return int(line.split()[1])
            except OSError:
                continue
    except OSError:
        pass
    return 0


def _kept_class(tags: Any, classes: dict[str, str]) -> str | None:
    """The class a kept way is imported as (its highway class, ``rail`` or ``ferry``), else None."""
    get = tags.get
    cls = classes.get(get("highway") or "")
    if cls is not None:
        return cls
    if get("railway") == "rail":
        return None if get("service") in _YARD_SERVICE else "rail"
    if get("route") == "ferry" and get("motor_vehicle", get("motorcar")) not in _NOT:
        return "ferry"
    return None


class _WayPass:
    """A pyosmium handler keeping the kept ways' tags (``tags``) and, where node locations are on, their
    geometry (``geometry``); a pass-1 ``tracker`` records the nodes and ways kept.

    ``way`` runs once per kept way, so it does as little as it can — one tuple of tags, one WKB string
    built in C++ — and is chosen once for the pass rather than branching on every call. Only a handler
    keeping tags has a ``node`` callback: in pass 2 every node the kept ways use would come to Python.
    """

    def __init__(
        self,
        classes: Iterable[str],
        out: _Collected,
        *,
        tags: bool,
        geometry: bool,
        tracker: Any = None,
        tick: Callable[[int], None] = lambda n: None,
    ) -> None:
        import osmium

        self._out, self._tick, self._tracker = out, tick, tracker
        self._classes = {c: c for c in classes}
        self._hexes: list[str] = []
        self._pending: list[int] = []  # ids of the ways in _hexes
        self._wkb, self._every_node = osmium.geom.WKBFactory().create_linestring, osmium.geom.ALL
        self._bad_location = osmium.InvalidLocationError
        self.way = self._both if tags and geometry else (self._tags_only if tags else self._geometry_only)
        if tags:
            self.node = self._station

    def _add_geometry(self, w: Any) -> bool:
        # every node, repeats included: libosmium's UNIQUE mode silently skips a missing first node
        try:
            self._hexes.append(self._wkb(w, use_nodes=self._every_node))
        except self._bad_location:
            self._out.clipped += 1
            return False
        except RuntimeError:  # a way of one node
            self._out.degenerate += 1
            return False
        self._pending.append(w.id)
        if len(self._hexes) >= _CHUNK:
            self.flush()
        return True

    def _both(self, w: Any) -> None:
        t = w.tags
        cls = _kept_class(t, self._classes)
        if cls is None or not self._add_geometry(w):
            return
        rows = self._out.rows
        rows.append((w.id, cls, t.get("ref", ""), t.get("name", ""), t.get("bridge", "no")))
        if not len(rows) & (_TICK - 1):
            self._tick(len(rows))

    def _tags_only(self, w: Any) -> None:
        t = w.tags
        cls = _kept_class(t, self._classes)
        if cls is None:
            return
        self._tracker.add_references(w)
        self._tracker.add_way(w.id)
        rows = self._out.rows
        rows.append((w.id, cls, t.get("ref", ""), t.get("name", ""), t.get("bridge", "no")))
        if not len(rows) & (_TICK - 1):
            self._tick(len(rows))

    def _geometry_only(self, w: Any) -> None:  # pass 2: the tracker's filter lets only kept ways through
        if self._add_geometry(w) and not len(self._pending) & (_TICK - 1):
            self._tick(len(self._pending))

    def _station(self, n: Any) -> None:  # railway-tagged nodes only (the filter); they pace the progress
        tags = n.tags
        if tags.get("railway") in _STATION_TAGS and n.location.valid():
            name = tags.get("name") or tags.get("name:en") or ""
            self._out.stations.append((name, n.location.lon, n.location.lat))
        self._tick(len(self._out.rows))

    def flush(self) -> None:
        """Turn the pending WKB strings into a float array of vertices (bounded memory per chunk)."""
        if not self._hexes:
            return
        raw = np.frombuffer(bytes.fromhex("".join(self._hexes)), dtype=np.uint8)
        sizes = np.fromiter((len(h) // 2 for h in self._hexes), dtype=np.int64, count=len(self._hexes))
        self._hexes.clear()
        starts = np.cumsum(sizes) - sizes
        if (raw[starts] != 1).any():  # WKBFactory writes little-endian, 1 byte order + 4 type + 4 count
            raise OSMImportError("unexpected big-endian WKB from pyosmium")
        counts = (sizes - 9) // 16
        keep = np.ones(len(raw), dtype=bool)
        keep[(starts[:, None] + np.arange(9)).ravel()] = False
        coords = raw[keep].view("<f8").reshape(-1, 2)
        # drop repeated vertices (a node twice in a row, or two nodes at one point), then the ways
        # left with fewer than two points
        way = np.repeat(np.arange(len(counts)), counts)
        fresh = np.r_[True, (coords[1:] != coords[:-1]).any(axis=1) | (way[1:] != way[:-1])]
        counts = np.bincount(way[fresh], minlength=len(counts))
        ok = counts >= 2
        self._out.degenerate += int((~ok).sum())
        self._out.coords.append(coords[fresh & ok[way]].copy())
        self._out.counts.append(counts[ok])
        self._out.geometry_ids.append(np.asarray(self._pending, dtype=np.int64)[ok])
        self._pending.clear()


def _osmium_filters(classes: Iterable[str]) -> tuple[Any, Any]:
    import osmium

    pairs = [("highway", c) for c in classes] + [("railway", "rail"), ("route", "ferry")]
    ways = osmium.filter.TagFilter(*pairs)
    ways.enable_for(osmium.osm.WAY)
    nodes = osmium.filter.KeyFilter("railway")
    nodes.enable_for(osmium.osm.NODE)
    return nodes, ways


def _apply(path: Path, *handlers: Any, out: _Collected) -> None:
    """Run one pass; a file that breaks off is recorded in ``out.error``, not raised."""
    import osmium

    try:
        with osmium.io.Reader(str(path), osmium.osm.NODE | osmium.osm.WAY) as reader:
            osmium.apply(reader, *handlers)
    except (RuntimeError, ValueError, OSError, osmium.InvalidLocationError) as err:  # the last: lat="nan"
        out.error = " ".join(str(err).split()) or type(err).__name__


def _one_pass(path: Path, classes: tuple[str, ...], progress: Progress | None) -> _Collected:
    import osmium

    out = _Collected()
    nodes, ways = _osmium_filters(classes)
    handler = _WayPass(classes, out, tags=True, geometry=True, tick=_Ticker(progress, path, "reading"))
    locations = osmium.NodeLocationsForWays(osmium.index.create_map("flex_mem"))
    locations.ignore_errors()
    _apply(path, locations, nodes, ways, handler, out=out)
    handler.flush()
    return out


def _two_passes(path: Path, classes: tuple[str, ...], progress: Progress | None) -> _Collected:
    import osmium

    out = _Collected()
    tracker = osmium.IdTracker()
    nodes, ways = _osmium_filters(classes)
    tags = _WayPass(
        classes, out, tags=True, geometry=False, tracker=tracker, tick=_Ticker(progress, path, "pass 1 of 2")
    )
    _apply(path, nodes, ways, tags, out=out)
    if not out.rows:
        return out
    geometry = _Collected()
    shapes = _WayPass(
        classes, geometry, tags=False, geometry=True, tick=_Ticker(progress, path, "pass 2 of 2")
    )
    with tempfile.TemporaryDirectory(prefix="frontline-osm-") as tmp:
        # only the kept ways' nodes pass the tracker's filter, so the index holds the kept network
        index = osmium.index.create_map(f"sparse_file_array,{Path(tmp) / 'locations.bin'}")
        locations = osmium.NodeLocationsForWays(index)
        locations.ignore_errors()
        _apply(path, tracker.id_filter(), locations, shapes, out=geometry)
        shapes.flush()
        del locations, index
    out.geometry_ids, out.coords, out.counts = geometry.geometry_ids, geometry.coords, geometry.counts
    out.clipped, out.degenerate = geometry.clipped, geometry.degenerate
    out.error = out.error or geometry.error
    return out


# -- from ways to a graph ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ways:
    """The kept ways that have a geometry, as aligned arrays and lists."""

    table: WayTable
    ids: np.ndarray
    classes: list[str]
    refs: list[str]
    names: list[str]
    bridges: np.ndarray


def _aligned(c: _Collected) -> _Ways:
    """Tags (by way id) matched to geometries (in the order they were built)."""
    tag_ids = np.fromiter((r[0] for r in c.rows), dtype=np.int64, count=len(c.rows))
    geo_ids = np.concatenate(c.geometry_ids) if c.geometry_ids else np.zeros(0, dtype=np.int64)
    order = np.argsort(tag_ids, kind="stable")
    at = order[np.clip(np.searchsorted(tag_ids[order], geo_ids), 0, max(len(order) - 1, 0))]
    if len(geo_ids) and not np.array_equal(tag_ids[at], geo_ids):
        raise OSMImportError("ways changed between the two passes over the file — is it being written to?")
    counts = np.concatenate(c.counts) if c.counts else np.zeros(0, dtype=np.int64)
    coords = np.concatenate(c.coords) if c.coords else np.zeros((0, 2))
    rows = [c.rows[i] for i in at.tolist()]
    strings: dict[str, str] = {}  # one copy of each ref and name
    classes = [r[1] for r in rows]
    refs = [strings.setdefault(r[2], r[2]) for r in rows]
    names = [strings.setdefault(r[3], r[3]) for r in rows]
    bridges = np.fromiter((r[4] not in _NOT for r in rows), dtype=bool, count=len(rows))
    # ways of one road share a signature: mode, kind and ref (or the name when there is no ref)
    signatures: dict[tuple[str, bool, str], int] = {}
    sig = np.fromiter(
        (
            signatures.setdefault(
                (cls if cls in ("rail", "ferry") else "road", bridge, ref or "=" + name), len(signatures)
            )
            for cls, bridge, ref, name in zip(classes, bridges.tolist(), refs, names, strict=True)
        ),
        dtype=np.int64,
        count=len(classes),
    )
    table = WayTable(
        coords=coords,
        offsets=np.r_[0, np.cumsum(counts)].astype(np.int64),
        rail=np.asarray([cls == "rail" for cls in classes], dtype=bool),
        signature=sig,
    )
    return _Ways(table, geo_ids, classes, refs, names, bridges)


def _graph(ways: _Ways, j: Junctions, stations: list[tuple[str, float, float]]) -> nx.MultiGraph:
    n_nodes = len(j.node_xy)
    node_ids = np.zeros(n_nodes, dtype=np.int64)
    road = ~j.node_rail
    node_ids[road] = np.arange(1, int(road.sum()) + 1)
    node_ids[j.node_rail] = -np.arange(1, int(j.node_rail.sum()) + 1)
    G = nx.MultiGraph(crs=CRS)
    xs, ys = j.node_xy[:, 0].tolist(), j.node_xy[:, 1].tolist()
    G.add_nodes_from(
        (int(n), {"x": x, "y": y, "name": "", "kind": "junction"})
        for n, x, y in zip(node_ids.tolist(), xs, ys, strict=True)
    )
    for i in np.flatnonzero(j.node_station >= 0).tolist():
        G.nodes[int(node_ids[i])].update(kind="station", name=stations[int(j.node_station[i])][0])

    n_edges = len(j.u)
    lines = shapely.linestrings(
        ways.table.coords[j.vertices], indices=np.repeat(np.arange(n_edges), np.diff(j.offsets))
    )
    aliases: dict[str, tuple[str, ...]] = {}
    way_ids = ways.ids[j.ways].tolist()
    bounds = j.way_offsets.tolist()
    first = j.way.tolist()
    us, vs = node_ids[j.u].tolist(), node_ids[j.v].tolist()
    for e, (u, v, w, km, line) in enumerate(zip(us, vs, first, j.length_km.tolist(), lines, strict=True)):
        cls, ref = ways.classes[w], ways.refs[w]
        passed = way_ids[bounds[e] : bounds[e + 1]]
        G.add_edge(
            u,
            v,
            mode="rail" if cls == "rail" else "road",
            highway=cls,
            kind="bridge" if ways.bridges[w] else ("ferry" if cls == "ferry" else ""),
            ref=ref,
            ref_aliases=aliases[ref] if ref in aliases else aliases.setdefault(ref, ref_aliases(ref)),
            name=ways.names[w],
            length_km=km,
            source=f"OSM way {passed[0]}" if len(passed) == 1 else "OSM ways " + ", ".join(map(str, passed)),
            geometry=line,
        )
    return G


def _link_stations(G: nx.MultiGraph) -> int:
    """Join each station's track node to the nearest road junction within reach (a transfer)."""
    from pyproj import Geod
    from scipy.spatial import cKDTree

    from ._junctions import _local_km

    stations = [n for n, k in G.nodes(data="kind") if k == "station"]
    roads = [n for n in G.nodes if n > 0]
    if not stations or not roads:
        return 0
    xy = np.array([(G.nodes[n]["x"], G.nodes[n]["y"]) for n in roads])
    tree = cKDTree(_local_km(xy))
    here = np.array([(G.nodes[n]["x"], G.nodes[n]["y"]) for n in stations])
    dist, idx = tree.query(_local_km(here), distance_upper_bound=_TRANSFER_KM)
    geod = Geod(ellps="WGS84")
    linked = 0
    for track, d, i in zip(stations, dist.tolist(), idx.tolist(), strict=True):
        if not np.isfinite(d):
            continue
        road = roads[i]
        a, b = G.nodes[track], G.nodes[road]
        line = shapely.LineString([(a["x"], a["y"]), (b["x"], b["y"])])
        G.add_edge(
            track,
            road,
            mode="transfer",
            highway="",
            kind="",
            ref="",
            ref_aliases=(),
            name=a["name"],
            length_km=geod.geometry_length(line) / 1000.0,
            source="station to nearest road",
            geometry=line,
        )
        linked += 1
    return linked


def _name_junctions(G: nx.MultiGraph, places: Places | None) -> None:
    """Junction names: the refs (else the names) of the roads that meet, and the nearest place."""
    near = _nearest_places(G, places)
    for n, d in G.nodes(data=True):
        refs: set[str] = set()
        names: set[str] = set()
        bridge = False
        for _, _, e in G.edges(n, data=True):
            if e["mode"] == "transfer":
                continue
            refs.update(r.strip() for r in e["ref"].split(";") if r.strip())
            if e["name"]:
                names.add(e["name"])
            bridge = bridge or e["kind"] == "bridge"
        roads = " × ".join(sorted(refs)[:3]) or " × ".join(sorted(names)[:2])
        if bridge and (len(refs) == 1 or (not refs and len(names) == 1)):
            roads += " bridge"
        place = near.get(n, "")
        if d["kind"] == "station":
            d["name"] = d["name"] or (f"station near {place}" if place else "station")
            continue
        if roads and place:
            d["name"] = f"{roads} near {place}"
        elif roads or place:
            d["name"] = roads or f"near {place}"
        else:
            d["name"] = f"junction at {d['y']:.5f}, {d['x']:.5f}"


def _nearest_places(G: nx.MultiGraph, places: Places | None) -> dict[Hashable, str]:
    if places is None or G.number_of_nodes() == 0:
        return {}
    from scipy.spatial import cKDTree

    from ._junctions import _local_km

    nodes = list(G.nodes)
    xy = np.array([(G.nodes[n]["x"], G.nodes[n]["y"]) for n in nodes])
    pad = PLACE_KM / 50.0  # degrees: more than 2 km anywhere below 60° of latitude
    lo, hi = xy.min(axis=0) - pad, xy.max(axis=0) + pad
    candidates = (
        places((float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))) if callable(places) else places
    )
    pts = [
        (p.name, p.longitude, p.latitude)
        for p in candidates
        if lo[0] <= p.longitude <= hi[0] and lo[1] <= p.latitude <= hi[1]
    ]
    if not pts:
        return {}
    tree = cKDTree(_local_km(np.array([(x, y) for _, x, y in pts])))
    dist, idx = tree.query(_local_km(xy), distance_upper_bound=PLACE_KM)
    return {
        n: pts[i][0] for n, d, i in zip(nodes, dist.tolist(), idx.tolist(), strict=True) if np.isfinite(d)
    }


# -- the import --------------------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    existing_file(path, "an OpenStreetMap extract (.osm or .osm.pbf)", error=OSMImportError)
    if path.stat().st_size == 0:
        msg = f"{path} is empty — give an OpenStreetMap extract (.osm or .osm.pbf)"
        raise OSMImportError(msg)
    if not path.name.lower().endswith(_EXTENSIONS):
        msg = f"{path}: unknown extension — OSM files are read by type: name it .osm (XML) or .osm.pbf"
        raise OSMImportError(msg)


def _warnings(path: Path, c: _Collected, kept: int) -> list[str]:
    out = []
    if c.clipped:
        out.append(
            f"{path.name}: {c.clipped:,} ways dropped: they use nodes missing from the file (a clipped "
            "extract; cut extracts with osmium's complete_ways strategy to keep them)"
        )
    if c.error:
        out.append(
            f"{path.name} breaks off ({c.error}): kept the {kept:,} ways read before the break — the "
            "network is partial; download the extract again"
        )
    return out


def import_osm(
    path: str | Path,
    *,
    tertiary: bool = False,
    places: Places | None = None,
    two_pass: bool | None = None,
    progress: Progress | None = None,
) -> nx.MultiGraph:
    """Roads (motorway … secondary, with their links; tertiary too when ``tertiary``), railways
    (``railway=rail``, yards and sidings left out) and car ferries of an OSM XML or PBF extract, as a
    network of junctions (see :mod:`.graph` for the contract).

    ``places`` (e.g. a gazetteer's settlements, or :func:`~.places.gazetteer_places`) name the junctions
    after the nearest within :data:`PLACE_KM`; ``two_pass`` forces or forbids the
    two-pass read (default: above :data:`TWO_PASS_BYTES`); ``progress`` is called as the file is read.
    ``G.graph`` records ``osm_ways`` (kept), ``osm_ways_clipped`` and one-line ``warnings``.

    Raises :class:`OSMImportError` for a missing, empty or unreadable file, or one with no such ways.
    """
    path = Path(path)
    _check_file(path)
    classes = HIGHWAY_CLASSES + (TERTIARY_CLASSES if tertiary else ())
    large = path.stat().st_size > TWO_PASS_BYTES if two_pass is None else two_pass
    started = time.perf_counter()
    collected = (_two_passes if large else _one_pass)(path, classes, progress)
    ways = _aligned(collected)
    kept = len(ways.ids)
    if not kept:
        raise _nothing_usable(path, collected, tertiary)
    if progress is not None:
        progress(f"simplifying {kept:,} ways to junctions", 0, 0)
    stations = collected.stations
    j = simplify(ways.table, np.array([(x, y) for _, x, y in stations]).reshape(-1, 2))
    G = _graph(ways, j, stations)
    linked = _link_stations(G)
    _name_junctions(G, places)
    warnings = _warnings(path, collected, kept)
    for line in warnings:  # the command line prints them; a library caller finds them in G.graph
        log.info("%s", line)
    G.graph.update(
        name=path.name,
        source=f"OpenStreetMap extract {path.name} (ODbL, © OpenStreetMap contributors)",
        osm_ways=kept,
        osm_ways_clipped=collected.clipped,
        warnings=tuple(warnings),
    )
    log.info(
        "%s: %d ways → %d junctions, %d edges, %d stations linked (%s, %.1f s)",
        path.name, kept, len(G), G.size(), linked, "two passes" if large else "one pass",
        time.perf_counter() - started,
    )  # fmt: skip
    return G


def _nothing_usable(path: Path, c: _Collected, tertiary: bool) -> OSMImportError:
    if c.error and not c.rows:
        return OSMImportError(
            f"{path}: not a readable OSM file ({c.error}) — check that it is a whole .osm or .osm.pbf extract"
        )
    if c.clipped:
        return OSMImportError(
            f"{path}: all {c.clipped:,} kept ways use nodes missing from the file (a clipped extract) — "
            "nothing usable is left; cut the extract with osmium's complete_ways strategy"
        )
    classes = "motorway, trunk, primary, secondary" + (", tertiary" if tertiary else "")
    hint = "" if tertiary else "; try --tertiary, or"
    return OSMImportError(
        f"{path} holds no roads ({classes}) or railways (railway=rail){hint} use an extract with some"
    )
