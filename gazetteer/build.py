"""Building the place index: every match key of every place, written once per set of sources.

Building reads the sources once (the 80 MB cities500 JSON, a country dump, alternate names) and
writes every match key of every place — folded names, former names, romanisations of the Cyrillic
names, phonetic keys, administrative stems — with a *kind* saying how the key was made
(``index.py`` reads the result).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from ._files import durable_replace
from .errors import SourceError
from .index import (
    ADMIN_PHONETIC,
    ADMIN_STEM,
    ALTERNATE,
    AREA_INDEX,
    BORROWED,
    FOCUS_COUNTRIES,
    FORMER,
    INDEX_VERSION,
    NAME,
    OWNER_MIN_POPULATION,
    PHONETIC,
    ROMANISATION,
    SCHEMA,
    Progress,
)
from .names import fold, phonetic, script_of
from .points import within_km
from .sources import AltName, Source, SourcePlace, country_numbers, read_alternate_names, read_source
from .spelling import ukrainian_keys
from .tables import former_names, neighbour_admin1_table, ua_admin1_table
from .theatre import Theatre, embedded_theatre
from .translit import guess_language, romanisations, romanise_uk

__all__ = ["build_index", "place_keys", "ukrainian_name"]

log = logging.getLogger(__name__)

#: A city's alternate name that this many populated places of its country bear as their own name is
#: theirs, not the city's (see _demote_borrowed_names).
CITY_POPULATION, VILLAGE_NAME_OWNERS = 100_000, 3

# Words that make a name an administrative area's; stripped to get the stem ("Izyum Raion" → izyum).
_ADMIN_WORDS = frozenset(
    {
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
        "miska",
        "selyshchna",
        "silska",
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
        "громада",
        "територіальна",
        "міська",
        "селищна",
        "сільська",
    }
)
# Words that make a name an airport's ("Luhansk International Airport" → luhansk); airports are named
# after the town they serve, and found beside "airport" (see vocabulary.py).
_AIRPORT_CODES = frozenset(("AIRP", "AIRB", "AIRF"))
_AIRPORT_WORDS = frozenset(
    "international airport airfield air base aeroport aeroporto aeropuerto mizhnarodnyi mezhdunarodnyj "
    "аеропорт аэропорт міжнародний международный".split()
)
# Words that make a name a power plant's ("Zaporizhia Nuclear Power Plant" → zaporizhia, "Запорізька
# АЕС" → запорізька): plants are named after a town or an oblast, and found beside "power plant".
_PLANT_CODES = frozenset(("PS",))
_PLANT_WORDS = frozenset(
    "nuclear thermal hydroelectric hydro power plant station npp tpp hpp chp aes aehs tes tets ges gres "
    "atomna atomnaja teplova elektrostantsiia elektrostancija атомна атомная теплова тепловая "
    "електростанція электростанция аес аэс тес тэс тец тэц гес гэс грес грэс".split()
)
# Generic words before the name of a hill, mound or island ("Hora Savur-Mohyla", "Gora Mogila …").
_TERRAIN_WORDS = frozenset(
    "hora gora mount mt vysota height kurhan kurgan ostriv ostrov гора висота высота курган".split()
)
#: How far from the town it is named after an airport or plant may lie (the Zaporizhzhia nuclear power
#: plant lies 50 km from Zaporizhzhia, at Enerhodar).
_NAMED_AFTER_KM = 70.0
_MAX_NAME_LEN = 60
_BATCH = 20_000
_COMMON_ZIPF = 3.0  # keys at least this frequent as ordinary words are remembered with their frequency


# ---------------------------------------------------------------------------------------------
# Keys of one place


def _usable(name: str, *, primary: bool = False) -> bool:
    # digits: codes among GeoNames alternates; a place's own name may have them ("Height 236")
    if not name or len(name) > _MAX_NAME_LEN or (not primary and any(ch.isdigit() for ch in name)):
        return False
    if name.isascii() and name.isupper() and len(name) <= 4:  # airport and other codes
        return False
    return script_of(name) in ("latin", "cyrillic", "mixed")


def _admin_stems(key: str, generic: frozenset[str]) -> set[str]:
    words = [w for w in key.split(" ") if w not in generic]
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
    cyrillic: list[tuple[str, str]] = []
    names = [AltName(place.name), *place.alternates]
    for i, alt in enumerate(names):
        if not _usable(alt.name, primary=i == 0):
            continue
        kind = NAME if i == 0 else FORMER if alt.historic else ALTERNATE
        _add(keys, fold(alt.name), kind)
        # an alternate "Novo-Yelenovka" is also written "Novoyelenovka", "Новоеленовка" (a primary name
        # with a hyphen is mostly an old record's, and keeps its form)
        if focus and i > 0 and "-" in alt.name:
            _add(keys, fold(alt.name.replace("-", "")), kind)
        if script_of(alt.name) == "cyrillic" and alt.lang in ("", "uk", "ru"):
            cyrillic.append((alt.name, alt.lang))
    if focus:
        for key in _romanised_keys(cyrillic):
            _add(keys, key, ROMANISATION)
        for key in [k for k in keys if k.isascii()]:
            _add(keys, phonetic(key), PHONETIC)
    if place.feature_class == "A":
        _add_area_stems(keys, focus=focus)
    elif place.feature_code in _AIRPORT_CODES:
        _add_area_stems(keys, focus=focus, words=_AIRPORT_WORDS)
    elif place.feature_code in _PLANT_CODES:
        _add_area_stems(keys, focus=focus, words=_PLANT_WORDS)
    elif place.feature_class == "T":
        _add_terrain_names(keys, focus=focus)
    return keys


def _add(keys: dict[str, int], key: str, kind: int) -> None:
    if key and kind < keys.get(key, 99):
        keys[key] = kind


def _add_area_stems(keys: dict[str, int], *, focus: bool, words: frozenset[str] | None = None) -> None:
    """An area's name without its administrative ``words`` ("Izyum Raion" → izyum; "Luhansk
    International Airport" → luhansk; "Zaporizhia Nuclear Power Plant" → zaporizhia), as ADMIN_STEM:
    a key that counts only beside a designator."""
    for key, kind in list(keys.items()):
        if kind <= ROMANISATION:
            for stem in _admin_stems(key, words or _ADMIN_WORDS):
                _add(keys, stem, ADMIN_STEM)
                if stem.isascii() and focus:
                    _add(keys, phonetic(stem), ADMIN_PHONETIC)


def _add_terrain_names(keys: dict[str, int], *, focus: bool) -> None:
    """ "Hora Savur-Mohyla" is written "Savur-Mohyla": the generic word is no part of the name."""
    for key, kind in list(keys.items()):
        head, _, rest = key.partition(" ")
        if rest and head in _TERRAIN_WORDS and kind <= ROMANISATION:
            _add(keys, rest, max(kind, ALTERNATE))
            if focus and rest.isascii():
                _add(keys, phonetic(rest), PHONETIC)


def _notability(place: SourcePlace) -> int:
    """How many distinct names a place has: places the world writes about get many (Lyman of Donetsk
    oblast has some thirty, the village of Lyman in Kharkiv oblast three). A classic geoparsing prior,
    and the only one besides population that cities500 offers."""
    return len({fold(a.name) for a in place.alternates if _usable(a.name)})


_UKRAINIAN_LETTERS = frozenset("іїєґ")
_NOT_UKRAINIAN_LETTERS = frozenset("ыэёъў")
_STRESS = "\u0301"


def ukrainian_name(place: SourcePlace) -> str | None:
    """The Ukrainian name of a place in Ukraine among its alternates, whose national romanisation is
    the name the place is shown by.

    GeoNames often names Ukrainian places in older or Russian-based spellings (Kupyansk, Izyum,
    Balakliya); analysts and the press now use the national system (Kupiansk, Izium, Balakliia).
    The Ukrainian name is recognised among the Cyrillic alternates as one whose national
    romanisation sounds like the GeoNames name (same phonetic key). Of several, the first of: tagged
    ``uk``; not differing by и written і alone from one romanised to the GeoNames name (GeoNames lists
    Brovary, *Бровари*, also as *Броварі*); spelt with the letters only Ukrainian has (і ї є ґ:
    GeoNames also lists Lviv as *Львив*, which sounds the same and would show as "Lvyv", and Mariupol
    as *Марыуполь*); looking Ukrainian or with a soft sign; romanised to the GeoNames name exactly
    (case aside, then with its case); in the dump's order. Stress marks are dropped.
    """
    if place.country_code != "UA":
        return None
    target = phonetic(place.name)
    if not target:
        return None
    name = fold(place.name)
    candidates = []  # (text, its national romanisation, folded, language, tag, order)
    for i, alt in enumerate(place.alternates):
        text = alt.name.replace(_STRESS, "")  # "Ові́діополь": a stress mark is no letter
        if alt.lang not in ("", "uk") or alt.historic or script_of(text) != "cyrillic":
            continue
        language = guess_language(text)
        # (Belarusian has і too, and also letters Ukrainian has not: "Жытомір" would show as "Zhytomir")
        if language == "ru" or _NOT_UKRAINIAN_LETTERS.intersection(text.lower()):
            continue
        romanised = romanise_uk(text, "national")
        if phonetic(romanised) == target:
            candidates.append((text, romanised, fold(romanised), language, alt.lang, i))
    # where one candidate is romanised to GeoNames' own name, one that differs from it by и written і
    # alone is a variant of it: Бровари, not Броварі, is Brovary
    own_listed = any(folded == name for _, _, folded, _, _, _ in candidates)
    matching = [
        (
            (
                tag != "uk",
                own_listed and folded != name and folded.replace("y", "i") == name.replace("y", "i"),
                not _UKRAINIAN_LETTERS.intersection(text.lower()),
                language != "uk" and "ь" not in text,
                folded != name,
                romanised != place.name,
                i,
            ),
            text,
        )
        for text, romanised, folded, language, tag, i in candidates
    ]
    return min(matching)[1] if matching else None


# ---------------------------------------------------------------------------------------------
# Build


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
        # a renamed settlement keeps its former names (data/renamings.tsv) as names of its own
        former = former_names().get(place.geonameid, ())
        place.alternates.extend(AltName(name, historic=True) for name in former)
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
        for name in former:  # its own former names, never taken for another town's (see _demote…)
            keys[fold(name)] = FORMER
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
        self.db.executemany(
            "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL)", self.places
        )
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


def _fill_theatre(db: sqlite3.Connection, theatre: Theatre) -> dict[str, str]:
    """Store the theatre's line prior of every place that is not an area, in every period, so that
    resolving computes no distance (``PlaceIndex.line_bonus``); return the meta rows that say for
    which theatre and periods, and how many places have one."""
    import numpy as np  # here, not at the top: opening a built index needs no numpy

    rows = db.execute("SELECT geonameid, lat, lon FROM places WHERE fclass != 'A'").fetchall()
    table = theatre.table([(lat, lon) for _, lat, lon in rows])
    little = table.bonuses.astype("<f8")
    stored = [int(i) for i in np.flatnonzero(table.bonuses.any(axis=1))]
    db.executemany(
        "UPDATE places SET theatre = ? WHERE geonameid = ?",
        ((little[i].tobytes(), rows[i][0]) for i in stored),
    )
    periods = ",".join("".join("1" if held else "0" for held in key) for key in table.periods)
    return {
        "theatre_fingerprint": table.fingerprint,
        "theatre_periods": periods,
        "count": str(len(stored)),
    }


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
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        counts = _fill(db, sources, report)
        report("common words", 0, 1)
        counts["common_words"] = _common_words(db)
        report("theatre prior", 0, 1)
        theatre_meta = _fill_theatre(db, embedded_theatre())
        counts["theatre_places"] = int(theatre_meta.pop("count"))
        db.execute(AREA_INDEX)
        meta = {
            "version": str(INDEX_VERSION),
            **theatre_meta,
            "sources": "\n".join(f"{s.kind}\t{s.path}" for s in sources),
            "built_seconds": f"{time.perf_counter() - started:.1f}",
            **{f"count_{k}": str(v) for k, v in counts.items()},
        }
        db.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        db.commit()
        db.execute("VACUUM")
        db.close()
        durable_replace(tmp, out)
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
            if source.kind == "dump":  # a user CSV of a few places (aliases) covers no country
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
    _add_neighbour_regions(db, writer)
    _infer_admin1(db)
    _demote_borrowed_names(db)
    _demote_borrowed_sound_alikes(db)
    _lend_town_names(db)
    _fill_admin1(db)
    return {"places": writer.count, "keys": db.execute("SELECT count(*) FROM keys").fetchone()[0]}


def _demote_borrowed_names(db: sqlite3.Connection) -> int:
    """Alternate names of a populated place that are a sizeable town's own names, in the same
    country — or a city's in any country — become ``BORROWED``: GeoNames lists Sloviansk's names among
    Nikopol's alternates, and a town of the same size would otherwise win "Sloviansk" half the time;
    a Kherson village once called Novorossiysk, and a Sumy village whose Russian name is Voronezh,
    would win the Russian cities' names (a town abroad keeps its: Toretsk was Dzerzhinsk, as a
    Russian city still is). A namesake of the town (its own name is one of the town's names) keeps
    its spellings of their common name."""
    db.executescript(
        f"""
        CREATE TEMP TABLE owned AS
            SELECT k.key, k.geonameid, p.cc, p.population FROM keys k JOIN places p USING (geonameid)
            WHERE k.kind = {NAME} AND p.fclass = 'P' AND p.population >= {OWNER_MIN_POPULATION};
        CREATE INDEX temp.owned_key ON owned (key);
        CREATE TEMP TABLE own_names AS SELECT geonameid, key FROM keys WHERE kind = {NAME};
        CREATE INDEX temp.own_names_place ON own_names (geonameid);
        """
    )
    cursor = db.execute(
        f"""
        UPDATE keys SET kind = {BORROWED}
        WHERE kind IN ({ALTERNATE}, {ROMANISATION})
          AND key IN (SELECT key FROM owned)
          AND EXISTS (
              SELECT 1 FROM owned o JOIN places p ON p.geonameid = keys.geonameid
              WHERE o.key = keys.key AND o.geonameid != keys.geonameid AND p.fclass = 'P'
                AND (
                    o.cc = p.cc
                    OR (o.population >= {CITY_POPULATION} AND p.population < {OWNER_MIN_POPULATION})
                )
                -- a namesake (one of its own names is the town's) spells the name another way; it
                -- borrows nothing: "Novotroyitske" is the Kherson town's and a Donetsk village's
                AND NOT EXISTS (
                    SELECT 1 FROM own_names n JOIN keys ko ON ko.key = n.key AND ko.geonameid = o.geonameid
                    WHERE n.geonameid = keys.geonameid
                )
          )
        """
    )
    db.execute("DROP TABLE temp.owned")
    db.execute("DROP TABLE temp.own_names")
    # a city's old or foreign name that several villages of its country bear as their own is theirs:
    # GeoNames lists "Aleksandrovka" among Donetsk's names, and Ukraine has dozens of Oleksandrivkas
    common = db.execute(
        f"""
        UPDATE keys SET kind = {BORROWED}
        WHERE kind IN ({ALTERNATE}, {ROMANISATION})
          AND geonameid IN (
              SELECT geonameid FROM places WHERE fclass = 'P' AND population >= {CITY_POPULATION}
          )
          AND (
              SELECT count(*) FROM keys k JOIN places p USING (geonameid)
              WHERE k.key = keys.key AND k.kind = {NAME} AND p.fclass = 'P'
                AND p.cc = (SELECT cc FROM places WHERE geonameid = keys.geonameid)
          ) >= {VILLAGE_NAME_OWNERS}
        """
    )
    return cursor.rowcount + common.rowcount


def _lend_town_names(db: sqlite3.Connection) -> int:
    """An airport or power plant named after a town is found by every name of the town, beside its
    designator: GeoNames spells the plant "Zaporizhia Nuclear Power Plant", and reports write
    "Zaporozhye NPP" and "Zaporizhzhia nuclear power plant". The town is a settlement of the same
    oblast within :data:`_NAMED_AFTER_KM` whose own names or sound-alikes include the spot's stem;
    its names become the spot's ADMIN_STEM keys."""
    codes = sorted(_AIRPORT_CODES | _PLANT_CODES)
    rows = db.execute(
        f"""
        SELECT DISTINCT s.geonameid, t.geonameid, s.lat, s.lon, t.lat, t.lon
        FROM places s
        JOIN keys ks ON ks.geonameid = s.geonameid AND ks.kind IN ({ADMIN_STEM}, {ADMIN_PHONETIC})
        JOIN keys kt ON kt.key = ks.key AND kt.geonameid != s.geonameid
            AND kt.kind IN ({NAME}, {ALTERNATE}, {ROMANISATION}, {PHONETIC})
        JOIN places t ON t.geonameid = kt.geonameid AND t.fclass = 'P' AND t.cc = s.cc AND t.admin1 = s.admin1
        WHERE s.fcode IN ({", ".join("?" * len(codes))}) AND s.cc IN ({", ".join("?" * len(FOCUS_COUNTRIES))})
        """,
        (*codes, *FOCUS_COUNTRIES),
    ).fetchall()
    lent = [
        (spot, town)
        for spot, town, slat, slon, tlat, tlon in rows
        if within_km(slat, slon, tlat, tlon, _NAMED_AFTER_KM)
    ]
    cursor = db.executemany(
        f"""
        INSERT OR IGNORE INTO keys (key, geonameid, kind)
        SELECT key, ?, {ADMIN_STEM} FROM keys
        WHERE geonameid = ? AND kind IN ({NAME}, {ALTERNATE}, {ROMANISATION})
        """,
        lent,
    )
    return cursor.rowcount


def _demote_borrowed_sound_alikes(db: sqlite3.Connection) -> int:
    """A borrowed name's Russian-style spellings and sound-alike keys are borrowed too, unless one of the
    place's own names sounds the same: Donetsk's borrowed "Oleksandrivka" came back as its alternate
    "Aleksandrovka" (cities500 has too few villages of that name for the alternate itself to be
    borrowed) and as a sound-alike of Oleksandrivka (kinds better than borrowed), and the city of
    900,000 beat the villages of that name."""
    rows = db.execute(
        f"SELECT geonameid, key, kind FROM keys WHERE geonameid IN "
        f"(SELECT geonameid FROM keys WHERE kind = {BORROWED})"
    ).fetchall()
    names: dict[int, set[str]] = {}
    for gid, key, kind in rows:
        if kind == BORROWED:
            names.setdefault(gid, set()).add(key)
    spellings = [
        (gid, key)
        for gid, key, kind in rows
        if kind in (ALTERNATE, ROMANISATION)
        and key.isascii()
        and not names[gid].isdisjoint(ukrainian_keys(key))
    ]
    db.executemany(f"UPDATE keys SET kind = {BORROWED} WHERE geonameid = ? AND key = ?", spellings)
    demoted_spellings = set(spellings)
    rows = [(gid, key, BORROWED if (gid, key) in demoted_spellings else kind) for gid, key, kind in rows]
    borrowed: dict[int, set[str]] = {}
    own: dict[int, set[str]] = {}
    sound_alikes: dict[int, list[str]] = {}
    for gid, key, kind in rows:
        if kind == PHONETIC:
            sound_alikes.setdefault(gid, []).append(key)
        elif key.isascii() and kind in (BORROWED, NAME, ALTERNATE, FORMER, ROMANISATION):
            (borrowed if kind == BORROWED else own).setdefault(gid, set()).add(phonetic(key))
    demoted = [
        (gid, key)
        for gid, keys in sound_alikes.items()
        for key in keys
        if key in borrowed.get(gid, ()) and key not in own.get(gid, ())
    ]
    db.executemany(f"UPDATE keys SET kind = {BORROWED} WHERE geonameid = ? AND key = ?", demoted)
    return len(spellings) + len(demoted)


def _add_neighbour_regions(db: sqlite3.Connection, writer: _Writer) -> int:
    """The regions of Russia and Belarus (``data/neighbour_admin1.tsv``) whose towns the sources hold but
    whose own record they lack (cities500 has none; a country dump has them): each at the mean position
    of its towns, with the sum of their populations, under the id -(ISO 3166 numeric code × 1000 + admin1
    code). Returns how many were added."""
    numbers = country_numbers()
    have = set(db.execute("SELECT cc, admin1 FROM places WHERE fclass = 'A' AND fcode = 'ADM1'"))
    added = 0
    for row in neighbour_admin1_table():
        cc, code = row["cc"], row["admin1_code"]
        if (cc, code) in have or cc not in numbers:
            continue
        lat, lon, population, towns = db.execute(
            "SELECT avg(lat), avg(lon), sum(population), count(*) FROM places "
            "WHERE cc = ? AND admin1 = ? AND fclass = 'P'",
            (cc, code),
        ).fetchone()
        if not towns:
            continue
        names = [AltName(n) for n in row["names"].split("|") if n]
        region = SourcePlace(
            -(numbers[cc] * 1000 + int(code)), row["name"], round(lat, 5), round(lon, 5), "A", "ADM1",
            cc, code, "", int(population or 0), names,
        )  # fmt: skip
        writer.add(region, focus=True, extra_keys=_stem_keys(row))
        added += 1
    writer.flush()
    return added


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


def _infer_admin1(db: sqlite3.Connection) -> int:
    """Give the settlements, spots and former raions of the focus countries that GeoNames files under
    no oblast (admin1 ``00``: "Popasnyanskiy Rayon", "Pereval'skiy Rayon" and some 130 others in
    Ukraine) the oblast of the nearest settlement that has one, so that their oblast is named in
    output (ACLED's ``admin1``) and weighed like any other place's. Rivers, ranges and regions
    that span oblasts keep none. Returns how many places were given one."""
    import numpy as np

    marks = ", ".join("?" * len(FOCUS_COUNTRIES))
    orphans = db.execute(
        f"SELECT geonameid, lat, lon, cc FROM places WHERE cc IN ({marks}) AND admin1 IN ('00', '') "
        "AND (fclass IN ('P', 'S') "
        "OR (fclass = 'A' AND fcode NOT IN ('ADM1', 'ADM1H') AND fcode NOT LIKE 'PCL%'))",
        FOCUS_COUNTRIES,
    ).fetchall()
    updates = []
    for cc in {row[3] for row in orphans}:
        known = db.execute(
            "SELECT lat, lon, admin1 FROM places WHERE cc = ? AND fclass = 'P' AND admin1 NOT IN ('00', '')",
            (cc,),
        ).fetchall()
        if not known:
            continue
        lat = np.array([r[0] for r in known])
        lon = np.array([r[1] for r in known])
        for gid, lat0, lon0, _ in (row for row in orphans if row[3] == cc):
            dx = (lon - lon0) * math.cos(math.radians(lat0))
            nearest = int(np.argmin(dx * dx + (lat - lat0) ** 2))
            updates.append((known[nearest][2], gid))
    db.executemany("UPDATE places SET admin1 = ? WHERE geonameid = ?", updates)
    return len(updates)


def _fill_admin1(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT OR REPLACE INTO admin1 SELECT cc, admin1, name, geonameid FROM places "
        "WHERE fclass = 'A' AND fcode = 'ADM1'"
    )
    db.executemany(
        "INSERT OR REPLACE INTO admin1 VALUES ('UA', ?, ?, ?)",
        [(r["admin1_code"], r["name"], int(r["geonameid"])) for r in ua_admin1_table()],
    )
