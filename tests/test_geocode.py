"""Resolving single names: every spelling, renamed places, same-name places, oblasts, unknown names."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer, UnknownPlaceError

KUPIANSK, IZIUM, BALAKLIIA, LYMAN, BAKHMUT = 703656, 707292, 712926, 704204, 713174
SIEVIERODONETSK, LYSYCHANSK, KHARKIV_OBLAST, DONETSK_OBLAST = 691999, 702972, 706482, 709716

SPELLINGS = {
    KUPIANSK: [
        "Kupiansk",
        "Kupyansk",
        "Kup'yans'k",
        "Kup’yans’k",
        "Kupjansk",
        "KUPIANSK",
        "Купянск",
        "Куп'янськ",
        "Куп’янськ",
        "Kupiansk's",
    ],
    IZIUM: ["Izium", "Izyum", "Izjum", "Ізюм", "Изюм"],
    BALAKLIIA: ["Balakliia", "Balakleya", "Balakliya", "Balaklija", "Балаклія", "Балаклея"],
    SIEVIERODONETSK: [
        "Sievierodonetsk",
        "Severodonetsk",
        "Syevyerodonets'k",
        "Сєвєродонецьк",
        "Северодонецк",
    ],
    LYSYCHANSK: ["Lysychansk", "Lisichansk", "Лисичанськ", "Лисичанск"],
}


@pytest.mark.parametrize(("gid", "spelling"), [(g, s) for g, names in SPELLINGS.items() for s in names])
def test_every_common_spelling(any_gazetteer: Gazetteer, gid: int, spelling: str) -> None:
    best = any_gazetteer.resolve(spelling)[0]
    assert best.place.geonameid == gid


@pytest.mark.parametrize(
    ("former", "gid"),
    [
        ("Krasnyi Lyman", LYMAN),
        ("Krasny Liman", LYMAN),
        ("Красный Лиман", LYMAN),
        ("Artemivsk", BAKHMUT),
        ("Artyomovsk", BAKHMUT),
        ("Артемівськ", BAKHMUT),
    ],
)
def test_former_names_resolve_to_todays_place(any_gazetteer: Gazetteer, former: str, gid: int) -> None:
    assert any_gazetteer.resolve(former)[0].place.geonameid == gid


@pytest.mark.shared
def test_results_carry_scores_and_runners_up(ua: Gazetteer) -> None:
    ranked = ua.resolve("Lyman")
    assert ranked[0].place.geonameid == LYMAN
    assert len(ranked) >= 6  # the other Lymans are there, with lower scores
    assert all(0 <= c.score <= 1 for c in ranked)
    assert ranked == sorted(ranked, key=lambda c: -c.score)
    assert abs(sum(c.score for c in ua.resolve("Lyman", limit=50)) - 1) < 1e-6


@pytest.mark.shared
def test_oblast_named_beside_the_name_decides(ua: Gazetteer) -> None:
    # seven Lymans in the dump: the oblast picks one
    assert ua.resolve("Lyman, Luhansk Oblast")[0].place.admin1_code == "14"
    assert ua.resolve("Lyman, Donetsk Oblast")[0].place.geonameid == LYMAN
    kharkiv = ua.resolve("Lyman", context="Lyman in Kharkiv Oblast")[0].place
    assert kharkiv.admin1_code == "07"


@pytest.mark.shared
def test_context_places_decide(ua: Gazetteer) -> None:
    # the famous Shevchenkove (raion seat of Kharkiv oblast) wins on its own; in Mykolaiv oblast
    # context the one there does
    assert ua.resolve("Shevchenkove")[0].place.geonameid == 694137
    near_mykolaiv = ua.resolve("Shevchenkove", context="Fighting near Mykolaiv and Snihurivka.")[0]
    assert near_mykolaiv.place.admin1_code == "16"


def test_oblasts_and_raions(any_gazetteer: Gazetteer) -> None:
    assert any_gazetteer.resolve("Kharkiv Oblast")[0].place.geonameid == KHARKIV_OBLAST
    assert any_gazetteer.resolve("Donetsk region")[0].place.geonameid == DONETSK_OBLAST
    assert any_gazetteer.resolve("Харківщина")[0].place.geonameid == KHARKIV_OBLAST
    assert any_gazetteer.resolve("Donetsk")[0].place.feature_class == "P"  # bare: the city


@pytest.mark.shared
def test_raion_in_full_dump(ua: Gazetteer) -> None:
    assert ua.resolve("Izium raion")[0].place.feature_code == "ADM2"


@pytest.mark.shared
def test_stations_and_rivers_are_typed(ua: Gazetteer) -> None:
    assert ua.resolve("Kupiansk-Vuzlovyi station")[0].place.feature_code == "RSTN"
    assert ua.resolve("Kupiansk-Vuzlovyi")[0].place.feature_class == "P"
    assert ua.resolve("Oskil River")[0].place.feature_class == "H"
    assert ua.resolve("Oskil", feature_classes={"H"})[0].place.feature_code == "STM"
    assert all(c.place.feature_class == "P" for c in ua.resolve("Oskil", feature_classes="P"))


def test_geonameid_as_name(any_gazetteer: Gazetteer) -> None:
    assert any_gazetteer.resolve("703656")[0].place.geonameid == KUPIANSK


def test_unknown_name_returns_nothing_with_suggestions(any_gazetteer: Gazetteer) -> None:
    assert any_gazetteer.resolve("Kupyanks") == [] or any_gazetteer.resolve("Kupyanks")[0].score < 1
    assert any_gazetteer.resolve("Xqzvbr") == []
    assert any_gazetteer.resolve("") == [] and any_gazetteer.resolve("   ") == []
    err = any_gazetteer.unknown("Kupyanks")
    assert isinstance(err, UnknownPlaceError) and isinstance(err, LookupError)
    assert "Kupiansk" in str(err) and "703656" in str(err)


def test_foreign_places(any_gazetteer: Gazetteer) -> None:
    assert any_gazetteer.resolve("Belgorod")[0].place.country_code == "RU"
    assert any_gazetteer.resolve("Valuyki")[0].place.country_code == "RU"
    assert any_gazetteer.resolve("Brussels")[0].place.country_code == "BE"
