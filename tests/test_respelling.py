"""Names spelt unlike any key, found among the settlements of the oblast named beside them (respelling.py)."""

from __future__ import annotations

import random

import pytest

from gazetteer import Gazetteer
from gazetteer.names import phonetic
from gazetteer.respelling import RESPELLED, _same_stem


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str, str]]:
    """(span text, place name, admin1 code) of each mention."""
    return [(m.text, m.place.name, m.place.admin1_code) for m in gaz.find_mentions(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Shelling of Kramtorsk, Donetsk Oblast",
        "near Ilvoaisk, Donetsk region",
        "the town of Kramtorsk in Donetsk region",
    ],
)
def test_a_misspelt_town_is_found_in_the_oblast_named_after_it(embedded: Gazetteer, text: str) -> None:
    first = embedded.find_mentions(text)[0]
    assert first.place.admin1_code == "05" and first.place.name in ("Kramatorsk", "Ilovaisk")
    best = embedded.resolve(text)[0]  # a description: the candidates of the place it locates
    assert best.place == first.place and best.match == RESPELLED


@pytest.mark.parametrize(
    "text",
    [
        "Kramtorsk was shelled",  # no oblast named: an unknown word is no place
        "Kramtorsk, Kharkiv region",  # nothing spelt so in the oblast named
        "Monday, Donetsk region",  # an ordinary word
        "the Armed Forces of Ukraine in the Zaporizhzhia region",  # a country, spelt as meant
    ],
)
def test_no_near_spelling_without_an_oblast_that_holds_one(embedded: Gazetteer, text: str) -> None:
    assert not [m for m in embedded.find_mentions(text) if m.place.feature_class == "P"]


def test_an_unknown_word_before_district_is_no_settlement(embedded: Gazetteer) -> None:
    # an adjective of a raion the gazetteer cannot place, not a misspelt Kramatorsk
    assert [m.text for m in embedded.find_mentions("in the Kramtorsky district of Donetsk region")] == [
        "Donetsk region"
    ]


def test_a_known_name_elsewhere_keeps_its_own_place_when_the_oblast_holds_it(embedded: Gazetteer) -> None:
    # Sloviansk lies in Donetsk oblast: nothing to respell
    assert found(embedded, "Sloviansk, Donetsk Oblast")[0][1:] == ("Sloviansk", "05")


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("near the village of Nikishin (Shakhtersky district, Donetsk region)", "Nikishyne"),
        ("near the village of Khryashchevatoe, Krasnodon district, Luhansk region", "Khriashchuvate"),
        ("village Panchenkova, Sverdlovsk district, Luhansk region", "Panchenkove"),
        # the index's Chumak lies 55 km from the old Starobesheve raion; Chumaky lies in it
        ("near Chumak village, Starobeshivskiy district, Donetsk region", "Chumaky"),
    ],
)
def test_a_village_spelt_otherwise_is_found_near_its_raion(ua: Gazetteer, text: str, name: str) -> None:
    place = ua.locate(ua.find_mentions(text))
    assert place is not None and place.place.name == name


@pytest.mark.shared
def test_a_raion_named_beside_rules_out_near_spellings_far_from_it(ua: Gazetteer) -> None:
    # Trypillia (Kyiv oblast) is spelt like Trepelne, 95 km from Bakhmut: not the village meant
    mentions = ua.find_mentions("near the village of Trypillia, Bakhmut district, Donetsk region")
    assert "Trepelne" not in [m.place.name for m in mentions]
    # a word before "district" names the raion (or the town it stands for), never a settlement respelled
    mentions = ua.find_mentions("in the Shakhtyorsky district of Donetsk region")
    assert all(m.qualifier in ("raion", "oblast") for m in mentions)


@pytest.mark.shared
def test_a_name_known_elsewhere_is_no_misspelling_of_a_near_one(ua: Gazetteer) -> None:
    # Rozivka lies in Zaporizhzhia oblast; Kharkiv oblast's Rohivka is another village, one letter off
    assert not [m for m in ua.find_mentions("near Rozivka, Kharkiv oblast") if m.place.feature_class == "P"]


@pytest.mark.shared
def test_made_up_names_rarely_meet_a_settlement(ua: Gazetteer) -> None:
    """A village GeoNames lacks is named in real text too ("Khutir Vilnyi"): names made of Ukrainian-
    sounding syllables, none a place, meet a settlement of the oblast named beside them rarely."""
    rng = random.Random(3)
    syllables = "ko va len pe tro mar ny sha bor vi ch ra do lin ka ze mo hu sy tu pol ska dar yan".split()
    endings = "ivka ove ske ne ka yne ivske anka e ino".split()
    oblasts = ("Donetsk", "Luhansk", "Kharkiv", "Zaporizhzhia", "Kherson")
    tried = met = 0
    while tried < 400:
        name = "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) + rng.choice(endings)
        if ua.index.lookup([name]):
            continue  # a real name
        tried += 1
        text = f"Shelling was reported near the village of {name.capitalize()}, {rng.choice(oblasts)} region."
        met += any(m.start == text.index(name.capitalize()) for m in ua.find_mentions(text))
    assert met / tried <= 0.03


def test_a_name_with_no_stem_meets_nothing(embedded: Gazetteer) -> None:
    # "Oya, Kemerovo region": the phonetic key is all vowels; without a stem, every short key of the
    # oblast's settlements (Aya's sound-alike "a") would be "the same name"
    assert embedded.index.lookup(["a"])  # such keys exist
    assert _same_stem("oia", embedded.index, frozenset({("RU", "04")})) == []
    kramatorsk = _same_stem(phonetic("kramatorske"), embedded.index, frozenset({("UA", "05")}))
    assert [embedded.index.place(g).name for g in kramatorsk] == ["Kramatorsk"]
