"""Tiny hand-built GeoNames files for tests (rows written for these tests; ids and coordinates are
those of the real places in GeoNames, CC BY 4.0)."""

from __future__ import annotations

import zipfile
from pathlib import Path

# geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, admin1, admin2, population
PLACES = [
    (
        703656,
        "Kupyansk",
        "Kupyansk",
        "Kupiansk,Kup'jans'k,Kupjansk,Купянск,Куп’янськ",
        49.71003,
        37.61581,
        "P",
        "PPLA2",
        "UA",
        "07",
        "6308",
        27169,
    ),
    (
        707292,
        "Izyum",
        "Izyum",
        "Izium,Izjum,Изюм,Ізюм",
        49.20697,
        37.27679,
        "P",
        "PPLA2",
        "UA",
        "07",
        "6304",
        45884,
    ),
    (
        704204,
        "Lyman",
        "Lyman",
        "Krasnyy Liman,Krasnyi Lyman,Liman,Лиман,Красный Лиман,Красний Лиман",
        48.99012,
        37.80843,
        "P",
        "PPLA3",
        "UA",
        "05",
        "1412",
        20066,
    ),
    (703071, "Lyman", "Lyman", "Liman,Лиман", 49.59358, 36.46548, "P", "PPL", "UA", "07", "6314", 4008),
    (
        702972,
        "Lysychansk",
        "Lysychansk",
        "Lisichansk,Лисичанск,Лисичанськ",
        48.91211,
        38.42088,
        "P",
        "PPLA3",
        "UA",
        "14",
        "4412",
        93340,
    ),
    (514365, "Oskil", "Oskil", "Oskol,Оскіл,Оскол", 49.10084, 37.40866, "H", "STM", "UA", "07", "", 0),
    (
        706482,
        "Kharkiv Oblast",
        "Kharkiv Oblast",
        "Kharkivs'ka Oblast',Харківська область",
        49.61667,
        36.5,
        "A",
        "ADM1",
        "UA",
        "07",
        "",
        2598961,
    ),
    (690791, "Ukraine", "Ukraine", "Україна", 49.0, 32.0, "A", "PCLI", "UA", "00", "", 41000000),
]


def dump_line(row: tuple) -> str:
    gid, name, ascii_name, alts, lat, lon, fclass, fcode, cc, a1, a2, pop = row
    cols = [
        str(gid),
        name,
        ascii_name,
        alts,
        str(lat),
        str(lon),
        fclass,
        fcode,
        cc,
        "",
        a1,
        a2,
        "",
        "",
        str(pop),
        "",
        "100",
        "Europe/Kyiv",
        "2024-01-01",
    ]
    return "\t".join(cols)


def write_dump(
    folder: Path, *, rows: list[tuple] | None = None, name: str = "UA", zipped: bool = True
) -> Path:
    text = "\n".join(dump_line(r) for r in (rows or PLACES)) + "\n"
    if not zipped:
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        return path
    path = folder / f"{name}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{name}.txt", text)
        zf.writestr("readme.txt", "test dump\n")
    return path
