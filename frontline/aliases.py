"""User aliases: local names GeoNames lacks ("Работино" for Robotyne), given to the places they name.

Aliases live in one place CSV, ``aliases.csv``, installed among the gazetteer's sources
(:func:`gazetteer.cache.install_source`), so every command that opens the gazetteer knows them. Each
row repeats its place's GeoNames fields with the aliases in ``alternatenames``; the index merges a row
whose ``geonameid`` it already has into that place, so an alias adds a name and never a second place.
A user CSV of aliases has the columns ``alias`` and ``place`` (a GeoNames id or a name, as
``frontline geocode`` takes it).

>>> rows = add_aliases({}, [("Работино", _place(700000, "Robotyne"))])
>>> rows[700000]["alternatenames"], rows[700000]["name"]
('Работино', 'Robotyne')
>>> add_aliases(rows, [("Роботине", _place(700000, "Robotyne"))])[700000]["alternatenames"]
'Работино|Роботине'
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gazetteer import Gazetteer, Place
from gazetteer.cache import install_source, installed_sources
from gazetteer.index import Progress

from .errors import InputError

__all__ = ["ALIAS_FILE", "add_aliases", "install_aliases", "read_alias_csv", "resolve_place", "user_aliases"]

#: The name of the installed alias file.
ALIAS_FILE = "aliases.csv"
_FIELDS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "admin1",
    "admin2",
    "population",
    "alternatenames",
)


def _place(geonameid: int, name: str) -> Place:  # doctest helper: a bare place
    return Place(geonameid, name, 47.45, 35.84, "P", "PPL", "UA", "Zaporizhzhia Oblast", "26", "", 0, name)


def user_aliases() -> dict[int, dict[str, str]]:
    """The installed alias rows by geonameid (none when no alias was added)."""
    for source in installed_sources():
        if source.path.name == ALIAS_FILE:
            with source.path.open(encoding="utf-8", newline="") as fh:
                return {int(r["geonameid"]): r for r in csv.DictReader(fh)}
    return {}


def add_aliases(
    rows: dict[int, dict[str, str]], pairs: Iterable[tuple[str, Place]]
) -> dict[int, dict[str, str]]:
    """``rows`` (by geonameid) with each ``(alias, place)`` added; the input is not changed."""
    out = {k: dict(v) for k, v in rows.items()}
    for alias, p in pairs:
        row = out.setdefault(
            p.geonameid,
            {
                "geonameid": str(p.geonameid),
                "name": p.name,
                "latitude": repr(p.latitude),
                "longitude": repr(p.longitude),
                "feature_class": p.feature_class,
                "feature_code": p.feature_code,
                "country_code": p.country_code,
                "admin1": p.admin1_code,
                "admin2": p.admin2_code,
                "population": str(p.population),
                "alternatenames": "",
            },
        )
        names = [n for n in row["alternatenames"].split("|") if n]
        if alias.strip() and alias.strip() not in names:
            names.append(alias.strip())
        row["alternatenames"] = "|".join(names)
    return out


def install_aliases(rows: dict[int, dict[str, str]], *, progress: Progress | None = None) -> Path:
    """Write ``rows`` as the alias file and install it (the gazetteer index is rebuilt); its path."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_file = Path(tmp) / ALIAS_FILE  # installed below by copying, atomically
        with tmp_file.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(_FIELDS))
            writer.writeheader()
            for key in sorted(rows):
                writer.writerow({f: rows[key].get(f, "") for f in _FIELDS})
        source, _ = install_source(tmp_file, progress=progress)
    return source.path


def resolve_place(gaz: Gazetteer, place: str) -> Place:
    """The place a GeoNames id or a name stands for; the gazetteer's "did you mean" error when none."""
    found = gaz.resolve(place, feature_classes={"P", "A"}, limit=1)
    if not found:
        raise gaz.unknown(place)
    return found[0].place


def read_alias_csv(path: Path) -> list[tuple[str, str]]:
    """The ``(alias, place)`` rows of a user CSV with columns ``alias`` and ``place``."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"alias", "place"} <= set(reader.fieldnames):
                msg = f"{path}: an alias CSV needs the columns alias and place, e.g. Работино,700000"
                raise InputError(msg)
            rows = [(r["alias"] or "", r["place"] or "") for r in reader]
    except FileNotFoundError as err:
        msg = f"{path}: no such file — give a CSV with the columns alias and place"
        raise InputError(msg) from err
    except UnicodeDecodeError as err:
        msg = f"{path} is not UTF-8 text — save the CSV as UTF-8"
        raise InputError(msg) from err
    bad = [i + 2 for i, (a, p) in enumerate(rows) if not a.strip() or not p.strip()]
    if bad:
        msg = f"{path}: line {bad[0]}: needs an alias and a place"
        raise InputError(msg)
    return rows
