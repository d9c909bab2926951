"""The compact, cached place index, read side: match keys → places, in one SQLite file per set of sources.

An index is built once per set of sources (``build.py``); opening it costs a file open, and lookups
are indexed reads cached per process, so a new process resolves its first name in milliseconds and
no large file is parsed per run. This module defines the file's format (schema, version, the kinds
of match keys) and reads it.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SourceError
from .points import KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON, within_km
from .records import Place

if TYPE_CHECKING:
    from .theatre import Theatre

__all__ = [
    "ADMIN_PHONETIC",
    "ADMIN_STEM",
    "ALTERNATE",
    "AREA_INDEX",
    "BORROWED",
    "FOCUS_COUNTRIES",
    "FORMER",
    "INDEX_VERSION",
    "KIND_NAMES",
    "NAME",
    "OWNER_MIN_POPULATION",
    "PHONETIC",
    "ROMANISATION",
    "SCHEMA",
    "AdminRecord",
    "PlaceIndex",
    "Progress",
]

log = logging.getLogger(__name__)

_MMAP_BYTES = 1 << 30  # more than any index: the whole file is mapped, pages shared between processes

#: Bump when the schema or the key rules change: old cached indexes are then rebuilt.
INDEX_VERSION = (
    31  # 12: theatre priors stored per place; 13: a user CSV keeps the embedded places of its countries;
    # 14: indexes built at 13 by a branch without the theatre column are rebuilt;
    # 15: a town's namesakes keep their spellings of its name; 16: shown names from the Ukrainian
    # spelling, not a look-alike (Lviv, not "Lvyv" from Львив); 17: the embedded capitals are PPLC;
    # 18: places GeoNames files under no oblast get the nearest settlement's; 19: a borrowed name's
    # sound-alikes are borrowed; 20: the regions of Russia and Belarus
    # (neighbour_admin1.tsv); 21: their positions to 5 decimals, as GeoNames gives places'; 22: a
    # city's names are borrowed by villages of any country, not only of its own, and a borrowed name's
    # Russian-style spellings are borrowed too; 23: hromadas' Cyrillic names give stems
    # ("Марганецька Територіальна Громада" → марганецька); 24: a Belarusian name is no Ukrainian one
    # for the name shown (Zhytomyr, not "Zhytomir" from Жытомір); 25: nor one that differs from GeoNames'
    # own by и written і alone (Brovary, not "Brovari" from Броварі); 26: places_area, for the
    # settlements of an oblast near a point; 27: of the war's countries alone (a smaller index); 28: a
    # mixed-script word's Latin k, m, t, h, b are its Cyrillic capitals' look-alikes ("Kупянськ"); 29:
    # power plants' stems ("Zaporizhia Nuclear Power Plant" → zaporizhia, found beside "power plant");
    # 30: a hyphenated name also written as one word ("Novo-Yelenovka" → novoyelenovka); 31: the
    # historical lands Слобожанщина and Сіверщина name the Kharkiv and Chernihiv oblasts
)
#: A town at least this big owns its own names: the same name among the alternates of another
#: populated place of its country is taken for a GeoNames mix-up (Nikopol lists Sloviansk's names), and
#: a text's spelling that is its name is not read as a Russian-style spelling of another's.
OWNER_MIN_POPULATION = 10_000
#: Countries whose Cyrillic names get romanisations and phonetic keys, and whose places are
#: preferred when a name is ambiguous.
FOCUS_COUNTRIES = ("UA", "RU", "BY", "MD")

#: How a match key was made, best first (the lowest kind of a key wins).
NAME, ALTERNATE, FORMER, ROMANISATION, PHONETIC, ADMIN_STEM, ADMIN_PHONETIC, BORROWED = range(8)
KIND_NAMES = ("name", "alternate", "former", "romanisation", "phonetic", "admin", "admin", "borrowed")

#: Called while an index is built: ``(stage, done, total)``.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class AdminRecord:
    """A first-level division known to the index: its country and admin1 code, display name and place."""

    country_code: str
    code: str
    name: str
    geonameid: int


#: The tables of an index file.
SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, gn_name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, fclass TEXT NOT NULL, fcode TEXT NOT NULL,
    cc TEXT NOT NULL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL, population INTEGER NOT NULL,
    names INTEGER NOT NULL,
    theatre BLOB
);
CREATE TABLE keys (key TEXT NOT NULL, geonameid INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
CREATE TABLE common (key TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;
-- places.theatre: the embedded theatre's line prior in each of its periods (little-endian float64s,
-- in the order of meta 'theatre_periods'), NULL where it is 0 in all; see theatre.TheatreTable.
CREATE TABLE admin1 (cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, geonameid INTEGER,
                     PRIMARY KEY (cc, code)) WITHOUT ROWID;
"""
# The settlements of the war's countries (the condition of the area index, and of every query that uses it)
_FOCUS_SETTLEMENTS = f"fclass = 'P' AND cc IN ({', '.join(repr(c) for c in FOCUS_COUNTRIES)})"
#: Made once the places are written: the settlements of an oblast of the war's countries by position.
AREA_INDEX = f"CREATE INDEX places_area ON places (cc, admin1, lat, lon) WHERE {_FOCUS_SETTLEMENTS}"
_SETTLEMENTS_IN_BOX = (
    f"SELECT lat, lon FROM places WHERE {_FOCUS_SETTLEMENTS} AND cc = ? AND admin1 = ? "
    "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND (? = '' OR admin2 = ?)"
)
_SETTLEMENT_OF_RAION = (
    f"SELECT 1 FROM places WHERE {_FOCUS_SETTLEMENTS} AND cc = ? AND admin1 = ? AND admin2 = ? LIMIT 1"
)


class PlaceIndex:
    """Read access to a built index, with per-process caches of what was looked up."""

    _CACHE_LIMIT = 200_000

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # immutable: an index is written once, into a temp file renamed into place, and never
            # changed, so SQLite may skip file locks and change checks; its pages are memory-mapped
            self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._db.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
            version = self._db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
            columns = len(self._db.execute("PRAGMA table_info(places)").fetchall())
        except sqlite3.DatabaseError as err:
            msg = f"{path} is not a gazetteer index ({err}) — delete it and it will be rebuilt"
            raise SourceError(msg) from err
        if not version or int(version[0]) != INDEX_VERSION or columns != _PLACE_COLUMNS:
            msg = f"{path} was built by another version — delete it and it will be rebuilt"
            raise SourceError(msg)
        self._keys: dict[str, tuple[tuple[int, int], ...]] = {}
        self._places: dict[int, Place] = {}
        self._theatre: dict[int, bytes] = {}  # places.theatre of the places read, where not NULL
        self._admin1: dict[tuple[str, str], AdminRecord] | None = None
        self._adm1_ids: frozenset[int] | None = None
        self._common: dict[str, float] | None = None
        # settlement_near's answers: the same few namesakes are tested against the same oblasts again
        # and again, and each test is a query
        self._near: dict[tuple[tuple[str, str], float, float, float, str], bool] = {}
        self._raions: dict[tuple[tuple[str, str], str], bool] = {}

    def close(self) -> None:
        self._db.close()

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT k, v FROM meta"))

    def lookup(self, keys: Iterable[str]) -> dict[str, tuple[tuple[int, int], ...]]:
        """``key → ((geonameid, kind), …)`` for the keys that exist; unknown keys are left out."""
        wanted = [k for k in dict.fromkeys(keys) if k]
        missing = [k for k in wanted if k not in self._keys]
        if missing:
            if len(self._keys) > self._CACHE_LIMIT:
                self._keys.clear()
            found: dict[str, list[tuple[int, int]]] = {k: [] for k in missing}
            for chunk in _chunks(missing, 500):
                marks = ",".join("?" * len(chunk))
                for key, gid, kind in self._db.execute(
                    f"SELECT key, geonameid, kind FROM keys WHERE key IN ({marks})", chunk
                ):
                    found[key].append((gid, kind))
            for key, hits in found.items():
                self._keys[key] = tuple(hits)
        return {k: self._keys[k] for k in wanted if self._keys.get(k)}

    def places(self, geonameids: Iterable[int]) -> dict[int, Place]:
        wanted = list(dict.fromkeys(geonameids))
        # an id beyond SQLite's 64-bit integers names no place (and SQLite refuses it as a parameter)
        missing = [g for g in wanted if g not in self._places and -(2**63) <= g < 2**63]
        if missing:
            if len(self._places) > self._CACHE_LIMIT:
                self._places.clear()
                self._theatre.clear()
            admin = self.admin1()
            for chunk in _chunks(missing, 500):
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(f"SELECT * FROM places WHERE geonameid IN ({marks})", chunk):
                    place = _place(row, admin)
                    self._places[place.geonameid] = place
                    if row[-1] is not None:
                        self._theatre[place.geonameid] = row[-1]
        return {g: self._places[g] for g in wanted if g in self._places}

    def theatre_columns(self, theatre: Theatre) -> dict[tuple[bool, ...], int] | None:
        """Where the stored line priors of ``theatre``'s periods are (line key → column), or None when
        the index holds none for it (another theatre, or other weights): it is then computed."""
        meta = dict(
            self._db.execute("SELECT k, v FROM meta WHERE k IN ('theatre_fingerprint', 'theatre_periods')")
        )
        if meta.get("theatre_fingerprint") != theatre.fingerprint():
            return None
        periods = meta.get("theatre_periods", "").split(",")
        return {tuple(flag == "1" for flag in key): j for j, key in enumerate(periods)}

    def line_bonus(self, geonameid: int, column: int) -> float:
        """The stored line prior of a place read by :meth:`places` in one period column."""
        blob = self._theatre.get(geonameid)
        return struct.unpack_from("<d", blob, 8 * column)[0] if blob is not None else 0.0

    def place(self, geonameid: int) -> Place | None:
        return self.places([geonameid]).get(geonameid)

    def admin1(self) -> dict[tuple[str, str], AdminRecord]:
        if self._admin1 is None:
            self._admin1 = {
                (cc, code): AdminRecord(cc, code, name, gid)
                for cc, code, name, gid in self._db.execute("SELECT cc, code, name, geonameid FROM admin1")
            }
        return self._admin1

    def adm1_ids(self) -> frozenset[int]:
        """The geonameids of the first-level divisions (the places of feature code ADM1, which the
        ``admin1`` table is built from: reading it spares a scan of every place)."""
        if self._adm1_ids is None:
            self._adm1_ids = frozenset(r.geonameid for r in self.admin1().values())
        return self._adm1_ids

    def settlement_names(self, country_code: str, admin1_code: str) -> list[tuple[int, str, str]]:
        """``(geonameid, name, GeoNames' ASCII name)`` of the populated places of one first-level division."""
        sql = "SELECT geonameid, name, gn_name FROM places WHERE cc = ? AND admin1 = ? AND fclass = 'P'"
        return self._db.execute(sql, (country_code, admin1_code)).fetchall()

    def settlement_near(
        self, area: tuple[str, str], latitude: float, longitude: float, km: float, *, admin2: str = ""
    ) -> bool:
        """Whether a populated place of the first-level division ``area`` (country, admin1 code) of the
        war's countries (:data:`FOCUS_COUNTRIES`) lies within ``km`` of the point (and in the
        second-level division ``admin2``, when given)."""
        key = (area, latitude, longitude, km, admin2)
        near = self._near.get(key)
        if near is None:
            if len(self._near) > self._CACHE_LIMIT:
                self._near.clear()
            near = self._near[key] = self._settlement_near(area, latitude, longitude, km, admin2)
        return near

    def _settlement_near(
        self, area: tuple[str, str], latitude: float, longitude: float, km: float, admin2: str
    ) -> bool:
        dlat = km / KM_PER_DEGREE_LAT
        dlon = km / (math.cos(math.radians(latitude)) * KM_PER_DEGREE_LON)
        box = (latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon)
        rows = self._db.execute(_SETTLEMENTS_IN_BOX, (*area, *box, admin2, admin2))
        return any(within_km(latitude, longitude, lat, lon, km) for lat, lon in rows)

    def has_settlements(self, area: tuple[str, str], admin2: str) -> bool:
        """Whether the second-level division ``admin2`` of ``area`` (country, admin1 code) holds a
        populated place of the war's countries."""
        key = (area, admin2)
        known = self._raions.get(key)
        if known is None:
            row = self._db.execute(_SETTLEMENT_OF_RAION, (*area, admin2)).fetchone()
            known = self._raions[key] = row is not None
        return known

    def zipf(self, key: str) -> float:
        """How common ``key`` is as an ordinary English, Ukrainian or Russian word (0 when rare)."""
        if self._common is None:
            self._common = dict(self._db.execute("SELECT key, zipf FROM common"))
        return self._common.get(key, 0.0)

    def count(self, *, country_code: str | None = None, feature_class: str | None = None) -> int:
        sql, args = "SELECT count(*) FROM places WHERE 1=1", []
        if country_code:
            sql += " AND cc = ?"
            args.append(country_code)
        if feature_class:
            sql += " AND fclass = ?"
            args.append(feature_class)
        return int(self._db.execute(sql, args).fetchone()[0])

    def iter_places(self, *, country_code: str, feature_class: str = "P") -> Iterator[Place]:
        """Every place of one country and feature class, in geonameid order (e.g. all settlements)."""
        admin = self.admin1()
        sql = "SELECT * FROM places WHERE cc = ? AND fclass = ? ORDER BY geonameid"
        for row in self._db.execute(sql, (country_code, feature_class)):
            yield _place(row, admin)

    def iter_names(
        self, *, min_population: int = 0, countries: Iterable[str] = ()
    ) -> Iterator[tuple[str, int]]:
        """``(folded name, geonameid)`` of the primary names of places in ``countries`` or big enough."""
        ccs = list(countries)
        marks = ",".join("?" * len(ccs)) or "''"
        sql = (
            "SELECT k.key, k.geonameid FROM keys k JOIN places p USING (geonameid) "
            f"WHERE k.kind <= {ALTERNATE} AND (p.cc IN ({marks}) OR p.population >= ?)"
        )
        yield from self._db.execute(sql, [*ccs, min_population])


#: The columns of the ``places`` table, as :func:`_place` reads them.
_PLACE_COLUMNS = 13


def _place(row: tuple, admin: dict[tuple[str, str], AdminRecord]) -> Place:
    """The place of a row of the ``places`` table, its oblast named by the ``admin1`` table."""
    gid, name, gn_name, lat, lon, fclass, fcode, cc, a1, a2, pop, names, _ = row
    rec = admin.get((cc, a1))
    return Place(gid, name, lat, lon, fclass, fcode, cc, rec.name if rec else a1, a1, a2, pop, gn_name, names)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
