"""The compact, cached place index: match keys → places, in one SQLite file per set of sources.

Building reads the sources once (the 80 MB cities500 JSON, a country dump, alternate names) and
writes every match key of every place — folded names, former names, romanisations of the Cyrillic
names, phonetic keys, administrative stems — with a *kind* saying how the key was made. Opening an
index costs a file open; lookups are indexed reads cached per process, so a new process resolves its
first name in milliseconds and no large file is parsed per run.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import math
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import SourceError
from .names import fold, phonetic, script_of
from .records import Place
from .sources import AltName, Source, SourcePlace, read_alternate_names, read_source
from .translit import guess_language, romanisations, romanise_uk

__all__ = [
    "FOCUS_COUNTRIES",
    "INDEX_VERSION",
    "KIND_NAMES",
    "AdminRecord",
    "PlaceIndex",
    "build_index",
]

log = logging.getLogger(__name__)

#: Bump when the schema or the key rules change: old cached indexes are then rebuilt.
INDEX_VERSION = 6
#: Countries whose Cyrillic names get romanisations and phonetic keys, and whose places are
#: preferred when a name is ambiguous.
FOCUS_COUNTRIES = ("UA", "RU", "BY", "MD")

NAME, ALTERNATE, FORMER, ROMANISATION, PHONETIC, ADMIN_STEM, ADMIN_PHONETIC, BORROWED = range(8)
KIND_NAMES = ("name", "alternate", "former", "romanisation", "phonetic", "admin", "admin", "borrowed")
#: A town at least this big owns its own names: the same name among the alternates of another
#: populated place of its country is taken for a GeoNames mix-up (Nikopol lists Sloviansk's names).
OWNER_MIN_POPULATION = 10_000

# Words that make a name an administrative area's; stripped to get the stem ("Izyum Raion" → izyum).
_ADMIN_WORDS = {
    "oblast",
    "oblast'",
    "oblasti",
    "region",
    "raion",
    "rayon",
    "district",
    "province",
    "miskrada",
    "misto",
    "hromada",
    "terytorialna",
    "respublika",
    "republic",
    "kray",
    "krai",
    "okrug",
    "область",
    "обл",
    "район",
    "край",
    "республика",
    "республіка",
    "округ",
    "міськрада",
}
_MAX_NAME_LEN = 60
_BATCH = 20_000
_COMMON_ZIPF = 3.0  # keys at least this frequent as ordinary words are remembered with their frequency

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class AdminRecord:
    """A first-level division known to the index: its country and admin1 code, display name and place."""

    country_code: str
    code: str
    name: str
    geonameid: int


_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, gn_name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, fclass TEXT NOT NULL, fcode TEXT NOT NULL,
    cc TEXT NOT NULL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL, population INTEGER NOT NULL,
    names INTEGER NOT NULL
);
CREATE TABLE keys (key TEXT NOT NULL, geonameid INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
CREATE TABLE common (key TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE admin1 (cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, geonameid INTEGER,
                     PRIMARY KEY (cc, code)) WITHOUT ROWID;
"""


# ---------------------------------------------------------------------------------------------
# Keys of one place


def _usable(name: str, *, primary: bool = False) -> bool:
    # digits: codes among GeoNames alternates; a place's own name may have them ("Height 236")
    if not name or len(name) > _MAX_NAME_LEN or (not primary and any(ch.isdigit() for ch in name)):
        return False
    if name.isascii() and name.isupper() and len(name) <= 4:  # airport and other codes
        return False
    return script_of(name) in ("latin", "cyrillic", "mixed")


def _admin_stems(key: str) -> set[str]:
    words = [w for w in key.split(" ") if w not in _ADMIN_WORDS]
    if not words or len(words) == len(key.split(" ")):
        return set()
    stem = " ".join(words)
    out = {stem}
    # adjectival stems name the same area as the town: Kramatorskyi Raion ~ "Kramatorsk raion",
    # Donetska Oblast ~ "Donetsk Oblast", Lymanskyi ~ Lyman, Kharkivskyi ~ Kharkiv
    for ending in (
        "skyi",
        "skyy",
        "skiy",
        "skij",
        "ska",
        "ske",
        "kyi",
        "ka",
        "yi",
        "iy",
        "yy",
        "a",
        "ський",
        "ська",
        "ский",
        "ская",
        "ий",
        "а",
    ):
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            out.add(stem[: -len(ending)])
    return out


def _romanised_keys(names: list[tuple[str, str]]) -> set[str]:
    out: set[str] = set()
    for name, lang in names:
        out.update(k for k in map(fold, romanisations(name, lang=lang)) if k.isascii())
    return out


def place_keys(place: SourcePlace, *, focus: bool) -> dict[str, int]:
    """Every match key of a place with the kind that made it (the lowest kind wins per key)."""
    keys: dict[str, int] = {}

    def add(key: str, kind: int) -> None:
        if key and kind < keys.get(key, 99):
            keys[key] = kind

    cyrillic: list[tuple[str, str]] = []
    names = [AltName(place.name), *place.alternates]
    for i, alt in enumerate(names):
        if not _usable(alt.name, primary=i == 0):
            continue
        add(fold(alt.name), NAME if i == 0 else FORMER if alt.historic else ALTERNATE)
        if script_of(alt.name) == "cyrillic" and alt.lang in ("", "uk", "ru"):
            cyrillic.append((alt.name, alt.lang))
    if focus:
        for key in _romanised_keys(cyrillic):
            add(key, ROMANISATION)
        for key in [k for k in keys if k.isascii()]:
            add(phonetic(key), PHONETIC)
    if place.feature_class == "A":
        for key, kind in list(keys.items()):
            if kind <= ROMANISATION:
                for stem in _admin_stems(key):
                    add(stem, ADMIN_STEM)
                    if stem.isascii() and focus:
                        add(phonetic(stem), ADMIN_PHONETIC)
    return keys


def _notability(place: SourcePlace) -> int:
    """How many distinct names a place has: places the world writes about get many (Lyman of Donetsk
    oblast has some thirty, the village of Lyman in Kharkiv oblast three). A classic geoparsing prior,
    and the only one besides population that cities500 offers."""
    return len({fold(a.name) for a in place.alternates if _usable(a.name)})


def ukrainian_name(place: SourcePlace) -> str | None:
    """The Ukrainian name of a place in Ukraine among its alternates, whose national romanisation is
    the name the place is shown by.

    GeoNames often names Ukrainian places in older or Russian-based spellings (Kupyansk, Izyum,
    Balakliya); analysts and the press now use the national system (Kupiansk, Izium, Balakliia).
    The Ukrainian name is recognised among the Cyrillic alternates as the one whose national
    romanisation sounds like the GeoNames name (same phonetic key); names tagged ``uk`` come first.
    """
    if place.country_code != "UA":
        return None
    target = phonetic(place.name)
    if not target:
        return None
    ranked = sorted(
        (a for a in place.alternates if a.lang in ("", "uk") and script_of(a.name) == "cyrillic"),
        key=lambda a: (a.lang != "uk", guess_language(a.name) != "uk" and "ь" not in a.name, a.historic),
    )
    for alt in ranked:
        if alt.historic or guess_language(alt.name) == "ru":
            continue
        if phonetic(romanise_uk(alt.name, "national")) == target:
            return alt.name
    return None


# ---------------------------------------------------------------------------------------------
# Build


@lru_cache(maxsize=1)
def ua_admin1_table() -> tuple[dict[str, str], ...]:
    """Rows of the embedded table of Ukraine's oblasts (``gazetteer/data/ua_admin1.tsv``)."""
    text = resources.files("gazetteer").joinpath("data/ua_admin1.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t"))


def _ua_admin_place(row: dict[str, str]) -> SourcePlace:
    alts = [AltName(f) for f in row["names"].split("|") if f]
    return SourcePlace(
        int(row["geonameid"]),
        row["name"],
        float(row["latitude"]),
        float(row["longitude"]),
        "A",
        "ADM1",
        "UA",
        row["admin1_code"],
        "",
        int(row["population"]),
        alts,
    )


class _Writer:
    """Batches rows into the index being built."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.places: list[tuple] = []
        self.keys: list[tuple[str, int, int]] = []
        self.count = 0

    def add(
        self,
        place: SourcePlace,
        *,
        focus: bool,
        extra_keys: Iterable[tuple[str, int]] = (),
        display: str | None = None,
    ) -> None:
        ukrainian = ukrainian_name(place)
        display = display or (romanise_uk(ukrainian, "national") if ukrainian else place.name)
        self.places.append(
            (
                place.geonameid,
                display,
                place.name,
                place.latitude,
                place.longitude,
                place.feature_class,
                place.feature_code,
                place.country_code,
                place.admin1,
                place.admin2,
                place.population,
                _notability(place),
            )
        )
        keys = place_keys(place, focus=focus)
        # the name the place is shown by and the Ukrainian name it comes from are its own names
        own = [(fold(name), NAME) for name in (display, ukrainian) if name and _usable(name, primary=True)]
        for key, kind in [*own, *extra_keys]:
            if key and kind < keys.get(key, 99):
                keys[key] = kind
        gid = place.geonameid
        self.keys.extend((k, gid, kind) for k, kind in keys.items())
        self.count += 1
        if len(self.keys) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.db.executemany(
            "INSERT INTO keys VALUES (?,?,?) ON CONFLICT (key, geonameid) DO UPDATE "
            "SET kind = min(kind, excluded.kind)",
            self.keys,
        )
        self.places.clear()
        self.keys.clear()


def _common_words(db: sqlite3.Connection) -> int:
    """Remember which single-word keys are also ordinary words, and how common (Zipf scale)."""
    from wordfreq import get_frequency_dict

    keys = {k for (k,) in db.execute(f"SELECT DISTINCT key FROM keys WHERE kind <= {ROMANISATION}")}
    best: dict[str, float] = {}
    for lang in ("en", "uk", "ru"):
        for word, freq in get_frequency_dict(lang, wordlist="best").items():
            if freq <= 0:
                continue
            zipf = math.log10(freq) + 9
            if zipf < _COMMON_ZIPF:
                continue
            key = fold(word)
            if key in keys and zipf > best.get(key, 0):
                best[key] = zipf
    db.executemany("INSERT INTO common VALUES (?,?)", best.items())
    return len(best)


def _dump_ids(sources: list[Source]) -> set[int]:
    return {p.geonameid for s in sources for p in read_source(s)}


def build_index(sources: list[Source], out: Path, *, progress: Progress | None = None) -> Path:
    """Build the index of ``sources`` into ``out`` atomically (a temp file renamed into place)."""
    started = time.perf_counter()
    report = progress or (lambda _stage, _done, _total: None)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        counts = _fill(db, sources, report)
        report("common words", 0, 1)
        counts["common_words"] = _common_words(db)
        meta = {
            "version": str(INDEX_VERSION),
            "sources": "\n".join(f"{s.kind}\t{s.path}" for s in sources),
            "built_seconds": f"{time.perf_counter() - started:.1f}",
            **{f"count_{k}": str(v) for k, v in counts.items()},
        }
        db.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        db.commit()
        db.execute("VACUUM")
        db.close()
        tmp.replace(out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    log.info("built gazetteer index %s in %.1fs", out, time.perf_counter() - started)
    return out


def _fill(db: sqlite3.Connection, sources: list[Source], report: Progress) -> dict[str, int]:
    dumps = [s for s in sources if s.kind in ("dump", "csv")]
    alternate_files = [s for s in sources if s.kind == "alternate_names"]
    extra: dict[int, list[AltName]] = {}
    if alternate_files:
        if not dumps:
            msg = "alternateNamesV2 enriches a GeoNames dump — import a country dump (e.g. UA.zip) with it"
            raise SourceError(msg)
        report("alternate names", 0, 1)
        ids = _dump_ids(dumps)
        for alt in alternate_files:
            for gid, names in read_alternate_names(alt.path, ids).items():
                extra.setdefault(gid, []).extend(names)
    writer = _Writer(db)
    covered: set[str] = set()
    admin_rows = {row["geonameid"]: row for row in ua_admin1_table()}
    for source in dumps:
        report(f"reading {source.path.name}", writer.count, 0)
        for place in read_source(source):
            covered.add(place.country_code)
            place.alternates.extend(extra.get(place.geonameid, ()))
            row = admin_rows.pop(str(place.geonameid), None)
            if row is not None:
                place.alternates.extend(_ua_admin_place(row).alternates)
            writer.add(
                place,
                focus=place.country_code in FOCUS_COUNTRIES,
                extra_keys=_stem_keys(row),
                display=row["name"] if row else None,
            )
    for source in sources:
        if source.kind == "embedded":
            report("reading GeoNames cities500", writer.count, 0)
            for place in read_source(source, skip_countries=covered):
                writer.add(place, focus=place.country_code in FOCUS_COUNTRIES)
    for row in admin_rows.values():  # oblasts the sources lack (the embedded default has none)
        writer.add(_ua_admin_place(row), focus=True, extra_keys=_stem_keys(row))
    writer.flush()
    _demote_borrowed_names(db)
    _fill_admin1(db)
    return {"places": writer.count, "keys": db.execute("SELECT count(*) FROM keys").fetchone()[0]}


def _demote_borrowed_names(db: sqlite3.Connection) -> int:
    """Alternate names of a populated place that are a sizeable town's own names, in the same
    country, become ``BORROWED``: GeoNames lists Sloviansk's names among Nikopol's alternates, and a
    town of the same size would otherwise win "Sloviansk" half the time."""
    db.executescript(
        f"""
        CREATE TEMP TABLE owned AS
            SELECT k.key, k.geonameid, p.cc FROM keys k JOIN places p USING (geonameid)
            WHERE k.kind = {NAME} AND p.fclass = 'P' AND p.population >= {OWNER_MIN_POPULATION};
        CREATE INDEX temp.owned_key ON owned (key);
        """
    )
    cursor = db.execute(
        f"""
        UPDATE keys SET kind = {BORROWED}
        WHERE kind IN ({ALTERNATE}, {ROMANISATION})
          AND key IN (SELECT key FROM owned)
          AND EXISTS (
              SELECT 1 FROM owned o JOIN places p ON p.geonameid = keys.geonameid
              WHERE o.key = keys.key AND o.geonameid != keys.geonameid AND o.cc = p.cc AND p.fclass = 'P'
          )
        """
    )
    db.execute("DROP TABLE temp.owned")
    return cursor.rowcount


def _stem_keys(row: dict[str, str] | None) -> list[tuple[str, int]]:
    if row is None:
        return []
    out: list[tuple[str, int]] = []
    for stem in row["stems"].split("|"):
        key = fold(stem)
        if key:
            out.append((key, ADMIN_STEM))
            if key.isascii():
                out.append((phonetic(key), ADMIN_PHONETIC))
    return out


def _fill_admin1(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT OR REPLACE INTO admin1 SELECT cc, admin1, name, geonameid FROM places "
        "WHERE fclass = 'A' AND fcode = 'ADM1'"
    )
    db.executemany(
        "INSERT OR REPLACE INTO admin1 VALUES ('UA', ?, ?, ?)",
        [(r["admin1_code"], r["name"], int(r["geonameid"])) for r in ua_admin1_table()],
    )


# ---------------------------------------------------------------------------------------------
# Read


class PlaceIndex:
    """Read access to a built index, with per-process caches of what was looked up."""

    _CACHE_LIMIT = 200_000

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            version = self._db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
        except sqlite3.DatabaseError as err:
            msg = f"{path} is not a gazetteer index ({err}) — delete it and it will be rebuilt"
            raise SourceError(msg) from err
        if not version or int(version[0]) != INDEX_VERSION:
            msg = f"{path} was built by another version — delete it and it will be rebuilt"
            raise SourceError(msg)
        self._keys: dict[str, tuple[tuple[int, int], ...]] = {}
        self._places: dict[int, Place] = {}
        self._admin1: dict[tuple[str, str], AdminRecord] | None = None
        self._common: dict[str, float] | None = None

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
        missing = [g for g in wanted if g not in self._places]
        if missing:
            if len(self._places) > self._CACHE_LIMIT:
                self._places.clear()
            admin = self.admin1()
            for chunk in _chunks(missing, 500):
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(f"SELECT * FROM places WHERE geonameid IN ({marks})", chunk):
                    place = _place(row, admin)
                    self._places[place.geonameid] = place
        return {g: self._places[g] for g in wanted if g in self._places}

    def place(self, geonameid: int) -> Place | None:
        return self.places([geonameid]).get(geonameid)

    def admin1(self) -> dict[tuple[str, str], AdminRecord]:
        if self._admin1 is None:
            self._admin1 = {
                (cc, code): AdminRecord(cc, code, name, gid)
                for cc, code, name, gid in self._db.execute("SELECT cc, code, name, geonameid FROM admin1")
            }
        return self._admin1

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


def _place(row: tuple, admin: dict[tuple[str, str], AdminRecord]) -> Place:
    """The place of a row of the ``places`` table, its oblast named by the ``admin1`` table."""
    gid, name, gn_name, lat, lon, fclass, fcode, cc, a1, a2, pop, names = row
    rec = admin.get((cc, a1))
    return Place(gid, name, lat, lon, fclass, fcode, cc, rec.name if rec else a1, a1, a2, pop, gn_name, names)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
