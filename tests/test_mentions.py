"""Finding place names in text: spans, qualifiers, false-positive traps, Cyrillic cases, big texts."""

from __future__ import annotations

import tracemalloc
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Gazetteer
from gazetteer.points import within_km

MISSION_TEXT = (
    'Russia\'s Defence Ministry announced that its troops near Balakleya and Izyum are "regrouping" toward '
    "Donetsk, as Ukrainian forces declare victory in Kupiansk — a rail hub at the junction of the P07 and "
    "P79 highways — and advance on Lyman and Lysychansk. Bloggers close to the Russian army describe "
    '"tactical withdrawals" from Izyum and Lyman. There has been no confirmation that Kupiansk is fully '
    "under Ukrainian control."
)


def found(gaz: Gazetteer, text: str) -> list[tuple[str, int]]:
    return [(m.text, m.place.geonameid) for m in gaz.find_mentions(text) if m.place]


def test_the_design_example(any_gazetteer: Gazetteer) -> None:
    mentions = any_gazetteer.find_mentions(MISSION_TEXT)
    assert [(m.text, m.place.geonameid) for m in mentions] == [
        ("Balakleya", 712926),
        ("Izyum", 707292),
        ("Donetsk", 709717),
        ("Kupiansk", 703656),
        ("Lyman", 704204),
        ("Lysychansk", 702972),
        ("Izyum", 707292),
        ("Lyman", 704204),
        ("Kupiansk", 703656),
    ]
    for m in mentions:
        assert MISSION_TEXT[m.start : m.end] == m.text
    assert [m.relation for m in mentions[:3]] == ["near", "near", "toward"]  # "near Balakleya and Izyum"
    assert any_gazetteer.locate(mentions).place.geonameid == 703656


def test_highway_numbers_are_not_places(any_gazetteer: Gazetteer) -> None:
    assert found(any_gazetteer, "Traffic on the P07, H26, M03 and P79 highways and the Т0504 road.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Grey smoke rose over the city.",
        "Zone commanders met on Tuesday.",
        "Mission accomplished, the unit reported.",
        "Over the weekend the shelling intensified.",
        "The European Union announced new sanctions.",
        "Victory Day parades were cancelled.",
        "Union leaders in Kyiv called for calm.",
        "Peace talks stalled again.",
        "May brought heavy rain to the front.",
        "Three soldiers die as fighting picks up in New Year",  # "Year" sounds like Yar
    ],
)
def test_common_words_are_not_places(any_gazetteer: Gazetteer, text: str) -> None:
    names = {t for t, _ in found(any_gazetteer, text)}
    assert names <= {"Kyiv"}


@pytest.mark.parametrize(
    "text",
    [
        "Igor Konashenkov said the strike hit its targets.",
        "Lt. Gen. Lapin was dismissed.",
        "Colonel General Alexander Lapin commanded the Central group.",
        "Sergei Shoigu and Valery Gerasimov visited the command post.",
        "Oleksandr Syrskyi, the commander, praised the brigade.",
        "Stanislav Kovalenko and Roman Petrenko were wounded.",
        "In Stanislav's view the talks failed.",
        "The Kyiv Independent and the Moscow Times both reported it.",
        "The Donetsk People's Republic and the Luhansk People's Republic held votes.",
        "TASS and RIA Novosti quoted the ministry.",
        "Ukrainian and Russian sources disagree.",
    ],
)
def test_people_organisations_and_outlets_are_not_places(any_gazetteer: Gazetteer, text: str) -> None:
    assert found(any_gazetteer, text) == []


@pytest.mark.shared
@pytest.mark.parametrize(
    "text",
    [
        "On 10 January 2024, Russian forces shelled Stanislav (Kherson). 1 civilian was injured.",
        "Stanislav, Kherson region: a drone hit a house.",
        "Shelling in Stanislav injured two, Kherson region officials said.",
    ],
)
def test_a_village_named_like_a_person_is_a_place_where_written_as_one(ua: Gazetteer, text: str) -> None:
    # Stanislav of Kherson oblast, shelled across the Dnipro, is also a first name
    place = ua.locate(ua.find_mentions(text, on=date(2024, 1, 10)), text=text).place
    assert (place.name, place.admin1) == ("Stanislav", "Kherson Oblast"), place


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "We spoke to Serhii, a soldier in Bakhmut.",
            "Bakhmut",
        ),  # (Serhii is a village of Chernivtsi oblast)
        ("The wife of Serhii said the shelling of Izium went on.", "Izium"),
        (
            "The letter from Oleh reached his mother in Kharkiv.",
            "Kharkiv",
        ),  # (Oleh: a village of Odesa oblast)
        ("Talking to Maksym\u00a0Zhorin in Kyiv.", "Kyiv"),
        ("Serhii (Reuters) said Izium was hit.", "Izium"),
        # no sound-alike (Serho of Kharkiv oblast), no Serhii outside the oblast: the bracket is the city
        ("Serhii (Kharkiv) told Reuters about Izium.", "Kharkiv"),
    ],
)
def test_a_person_named_like_a_village_stays_a_person(ua: Gazetteer, text: str, where: str) -> None:
    mentions = ua.find_mentions(text, on=date(2024, 1, 10))
    assert ua.locate(mentions, text=text).place.name == where
    assert not any(m.text in ("Serhii", "Oleh", "Maksym") for m in mentions), mentions


def test_sentence_initial_place_names_are_kept(any_gazetteer: Gazetteer) -> None:
    assert found(any_gazetteer, "Kupiansk remains contested. Izium was liberated.") == [
        ("Kupiansk", 703656),
        ("Izium", 707292),
    ]


@pytest.mark.shared
def test_possessives_hyphens_and_multiword(ua: Gazetteer) -> None:
    text = "Kupiansk's rail hub, Kupiansk-Vuzlovyi, Velykyi Burluk and Staryi Saltiv changed hands."
    assert found(ua, text) == [
        ("Kupiansk", 703656),
        ("Kupiansk-Vuzlovyi", 703652),
        ("Velykyi Burluk", 690193),
        ("Staryi Saltiv", 692703),
    ]


@pytest.mark.shared
def test_areas_rivers_and_stations(ua: Gazetteer) -> None:
    text = (
        "Fighting continued in Donetsk and Luhansk oblasts, in the Izium raion and along the Oskil River; "
        "trains stopped at Kupiansk-Vuzlovyi station. Shelling hit Kharkiv region."
    )
    got = [(m.text, m.place.feature_code, m.qualifier) for m in ua.find_mentions(text)]
    assert got == [
        ("Donetsk", "ADM1", "oblast"),
        ("Luhansk oblasts", "ADM1", "oblast"),
        ("Izium raion", "ADM2", "raion"),
        ("Oskil River", "STM", "river"),
        ("Kupiansk-Vuzlovyi station", "RSTN", "station"),
        ("Kharkiv region", "ADM1", "oblast"),
    ]


def test_village_then_its_oblast(any_gazetteer: Gazetteer) -> None:
    mentions = any_gazetteer.find_mentions("Russian forces shelled Bilohorivka, Luhansk, overnight.")
    assert [(m.text, m.place.feature_code or m.place.feature_class) for m in mentions][-1] == (
        "Luhansk",
        "ADM1",
    )


@pytest.mark.parametrize(
    ("text", "oblast"),
    [
        ("On 10 January 2024, Russian forces shelled Ivanivka (Kharkiv). No casualties.", "Kharkiv Oblast"),
        ("On 10 January 2024, Russian forces shelled Novoselivka (Chernihiv).", "Chernihiv Oblast"),
    ],
)
def test_a_ukrainian_oblasts_name_alone_in_brackets_is_the_oblast(
    any_gazetteer: Gazetteer, text: str, oblast: str
) -> None:
    """An event note's "(Kharkiv)" after a village is its oblast, though the gazetteer have no village of
    the name there (the embedded cities500 has no Ivanivka in Kharkiv oblast): never a namesake 300 km
    off in another oblast."""
    mentions = any_gazetteer.find_mentions(text, on=date(2024, 1, 10))
    assert (mentions[-1].place.name, mentions[-1].qualifier) == (oblast, "oblast")
    assert any_gazetteer.locate(mentions, text=text).place.admin1 == oblast
    # … while a town is the town, its oblast mistaken or the bracket another town
    for report, town in (
        ("Fighting near Velyka Novosilka (Zaporizhzhia) continued.", "Velyka Novosilka"),
        ("Shelling of Kherson (Mykolaiv) overnight.", "Kherson"),
    ):
        assert any(m.place.name == town for m in any_gazetteer.find_mentions(report, on=date(2024, 6, 1)))
    # … and a town of Russia's name in brackets, followed by the oblast, is no Russian oblast
    text = "near the town of Chervonopartyzansk (Sverdlovsk), Luhansk region"
    assert all(m.place.country_code == "UA" for m in any_gazetteer.find_mentions(text, on=date(2014, 7, 11)))


def test_directions_and_relations(any_gazetteer: Gazetteer) -> None:
    mentions = any_gazetteer.find_mentions(
        "Attacks continued on the Kupiansk direction, north of Izium and on the outskirts of Lyman."
    )
    assert [(m.text, m.qualifier, m.relation) for m in mentions] == [
        ("Kupiansk", "direction", None),
        ("Izium", None, "north of"),
        ("Lyman", None, "outskirts of"),
    ]
    # a reference point named with its kind: "north of the Russian-held regional capital of Donetsk"
    avdiivka, donetsk = any_gazetteer.find_mentions(
        "The fighting around Avdiivka, a town just north of the Russian-held regional capital of Donetsk"
    )
    assert (avdiivka.relation, donetsk.relation) == ("near", "north of")


@pytest.mark.shared
def test_a_list_taken_up_after_an_aside_keeps_its_relation(ua: Gazetteer) -> None:
    # ISW: near both, the first the location (not Urozhaine, "in" it)
    text = "Russian forces attacked near Staromaiorske (south of Velyka Novosilka) and Urozhaine."
    mentions = ua.find_mentions(text, on=date(2023, 6, 20))
    assert {m.text: m.relation for m in mentions} == {
        "Staromaiorske": "near",
        "Velyka Novosilka": "south of",
        "Urozhaine": "near",
    }
    assert ua.locate(mentions, text=text).place.name == "Staromaiorske"
    # … where a word joins it: after a bare comma the list may be another
    text = "in the border area near Amvrosiivka (Donetsk region), Marynivka checkpoint"
    assert [m.relation for m in ua.find_mentions(text, on=date(2014, 7, 23))][-1] is None


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian troops hold positions near Bilohorivka on the Lysychansk highway.",
        "A car was shelled near Soledar on the Bakhmut-Lysychansk road.",
        "На трасі Бахмут–Лисичанськ обстріляли автомобіль біля Соледара.",
        "По трассе Бахмут — Лисичанск обстреляли автомобиль возле Соледара.",
        "Fighting continues around Soledar; Russian troops are trying to cut the road to Lysychansk.",
        "A drone hit a car near Bilohorivka on the main supply route to Lysychansk.",
        "Russian troops near Soledar try to cut the roads to Lysychansk.",
    ],
)
def test_a_road_named_after_towns_is_not_where_the_event_is(any_gazetteer: Gazetteer, text: str) -> None:
    mentions = any_gazetteer.find_mentions(text)
    relations = {m.place.name: m.relation for m in mentions}
    assert relations.get("Lysychansk") == "toward", relations
    assert relations.get("Bakhmut", "toward") == "toward", relations
    place = any_gazetteer.locate(mentions).place
    assert place.name in ("Bilohorivka", "Soledar"), place
    # … while a town's road word further off is no road of its name
    assert [m.relation for m in any_gazetteer.find_mentions("A strike hit Kharkiv. Roads were closed.")] == [
        None
    ]


@pytest.mark.shared
def test_same_name_decided_by_oblast_or_co_mentions(ua: Gazetteer) -> None:
    assert found(ua, "Ukrainian troops entered Shevchenkove in Kharkiv region.")[0] == (
        "Shevchenkove",
        694137,
    )
    luhansk_lyman = found(ua, "Shelling was reported in Lyman, Luhansk Oblast.")[0][1]
    assert ua.place(luhansk_lyman).admin1_code == "14"
    # the Lyman of Donetsk oblast is the one near Izium and Lysychansk
    assert found(ua, "After Izium and Lysychansk, the fighting moved to Lyman.")[-1] == ("Lyman", 704204)


@pytest.mark.parametrize(
    ("text", "gid"),
    [
        ("Бої тривають у Куп'янську.", 703656),
        ("Ворог відступає під Ізюмом.", 707292),
        ("ВСУ обстреляли окраины в Купянске.", 703656),
        ("Подразделения вышли из Изюма.", 707292),
        ("Сили оборони звільнили Балаклію.", 712926),
        ("Бои идут в Лимане.", 704204),
        ("Окупанти покинули техніку у Великому Бурлуці.", 690193),
        ("Росіяни тікають зі Старого Салтова.", 692703),
        ("Ситуація на Куп'янському напрямку складна.", 703656),
    ],
)
def test_cyrillic_in_grammatical_cases(any_gazetteer: Gazetteer, text: str, gid: int) -> None:
    assert [g for _, g in found(any_gazetteer, text)] == [gid]


def test_cyrillic_oblasts(any_gazetteer: Gazetteer) -> None:
    got = found(any_gazetteer, "Обстріли на Харківщині та в Донецькій області; бои в Луганской области.")
    assert [g for _, g in got] == [706482, 709716, 702657]
    assert [t for t, _ in got][1] == "Донецькій області"


def test_common_cyrillic_words(any_gazetteer: Gazetteer) -> None:
    assert found(any_gazetteer, "Мир неможливий без перемоги. Перемога буде за нами.") == []


def test_an_area_the_gazetteer_lacks_is_not_its_capital(any_gazetteer: Gazetteer) -> None:
    # Poland's voivodeships are in neither gazetteer: "the Lublin region" is not Lublin city
    text = "Debris fell in the Lublin region; Kharkiv Oblast was shelled."
    assert [name for name, _ in found(any_gazetteer, text)] == ["Kharkiv Oblast"]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Drones hit targets in Belgorod Oblast overnight.", "Belgorod Oblast"),
        ("Moscow says it downed drones over the Kursk region.", "Kursk Oblast"),
        ("Debris fell near Novorossiysk, Krasnodar Krai.", "Krasnodar Krai"),
        ("Дрони атакували Бєлгородщину.", "Belgorod Oblast"),
        ("Губернатор Курской области сообщил об обстреле.", "Kursk Oblast"),
        ("Troops were seen in the Homel region of Belarus.", "Gomel Region"),
        ("Explosions were heard in the Moscow region.", "Moscow Oblast"),
        ("A refinery in Tatarstan was hit.", "Tatarstan"),
    ],
)
def test_regions_of_russia_and_belarus(any_gazetteer: Gazetteer, text: str, region: str) -> None:
    """cities500 has their towns but not them: the embedded table gives them (neighbour_admin1.tsv)."""
    regions = [m.place for m in any_gazetteer.find_mentions(text) if m.place.feature_code == "ADM1"]
    assert [p.name for p in regions] == [region]
    assert regions[0].country_code in ("RU", "BY") and regions[0].geonameid < 0


@pytest.mark.parametrize(
    ("text", "region", "location"),
    [
        (
            "The head of the Donetsk regional military administration, Vadym Filashkin, said Russian "
            "shelling killed two people in Kostiantynivka.",
            "Donetsk Oblast",
            "Kostiantynivka",
        ),
        ("Kharkiv Governor Oleh Syniehubov said a drone hit Kupiansk.", "Kharkiv Oblast", "Kupiansk"),
        (
            "Kharkiv Governor Oleh Syniehubov said two people were wounded.",
            "Kharkiv Oblast",
            "Kharkiv Oblast",
        ),
        ("Начальник Харківської ОВА повідомив про обстріл Куп'янська.", "Kharkiv Oblast", "Kupiansk"),
    ],
)
def test_an_oblasts_authority_names_the_oblast(
    any_gazetteer: Gazetteer, text: str, region: str, location: str
) -> None:
    """ "Kharkiv Governor", "the Donetsk regional military administration": who speaks for the oblast,
    not its city (occupied Donetsk was the location of events in Kostiantynivka)."""
    found = any_gazetteer.find_mentions(text)
    assert found[0].place.name == region
    where = any_gazetteer.locate(found, text=text)
    assert where is not None and where.place.name == location


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("Russian forces attacked southwest of Siversk near Vyimka and Spirne.", "Vyimka"),
        ("Shelling north of Kupiansk", "Kupiansk"),  # the only place named
        ("Russian troops advanced toward Lyman near Terny.", "Terny"),
    ],
)
def test_a_place_only_given_as_a_bearing_counts_less_than_one_the_event_is_near(
    ua: Gazetteer, text: str, location: str
) -> None:
    located = ua.locate(ua.find_mentions(text), text=text)
    assert located is not None and located.place.name == location


@pytest.mark.shared
def test_a_place_in_the_republic_named_is_inside_a_named_oblast(ua: Gazetteer) -> None:
    # the Luhansk village is named with its republic, the Kharkiv ones with their oblast: the first
    # named is not "outside every oblast the text names"
    text = (
        "Kupyansk direction: areas of the settlements of Novoselovskoye in the Lugansk People's Republic, "
        "Masyutovka and Krakhmalnoye in the Kharkiv region"
    )
    located = ua.locate(ua.find_mentions(text, on=date(2023, 2, 19)), text=text)
    assert located is not None and (located.place.name, located.place.admin1) == (
        "Novoselivske",
        "Luhansk Oblast",
    )


def test_krai_is_a_designator(any_gazetteer: Gazetteer) -> None:
    (krai,) = any_gazetteer.find_mentions("Удар по Краснодарському краю.")
    assert (krai.text, krai.place.name) == ("Краснодарському краю", "Krasnodar Krai")


def test_a_town_of_russia_names_its_region(any_gazetteer: Gazetteer) -> None:
    (sudzha,) = any_gazetteer.find_mentions("Ukrainian troops entered Sudzha.")
    assert sudzha.place.admin1 == "Kursk Oblast"  # not the code "41"


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("Explosions in the Kyiv region", "Kyiv Oblast", "13"),
        ("Explosions in the Minsk region", "Minsk Region", "05"),
        ("Kyiv City", "Kyiv", "12"),
    ],
)
def test_a_city_with_a_regions_status_is_not_the_region_around_it(
    any_gazetteer: Gazetteer, text: str, region: str, code: str
) -> None:
    (m,) = any_gazetteer.find_mentions(text)
    assert (m.place.name, m.place.admin1_code) == (region, code)


@pytest.mark.parametrize(
    ("text", "city"),
    [("в Харкові та Харківській області", "Kharkiv"), ("у місті Києві та Київській області", "Kyiv")],
)
def test_a_city_and_the_oblast_named_after_it(any_gazetteer: Gazetteer, text: str, city: str) -> None:
    """ "області" is also a plural ("Donetsk and Luhansk oblasts"), but a city and its own oblast are
    not two oblasts."""
    first, second = any_gazetteer.find_mentions(text)
    assert (first.place.name, first.place.feature_class) == (city, "P")
    assert second.place.feature_code == "ADM1"
    two = any_gazetteer.find_mentions("у Донецькій та Луганській областях")
    assert [m.place.name for m in two] == ["Donetsk Oblast", "Luhansk Oblast"]


@pytest.mark.shared
def test_a_region_named_before_an_oblast_is_its_raion(ua: Gazetteer) -> None:
    """Translations from Russian call a raion a "region": "Sverdlovsk region, Luhansk region" is the
    Sverdlovsk raion (now Dovzhanskyi) of Luhansk oblast, not Russia's Sverdlovsk Oblast; two oblasts
    stay two oblasts."""
    raion, oblast = ua.find_mentions("Shelling in the Sverdlovsk region, Luhansk region")
    assert (raion.place.country_code, raion.place.admin1_code, raion.qualifier) == ("UA", "14", "raion")
    assert oblast.place.name == "Luhansk Oblast"
    two = ua.find_mentions("Shelling in Kharkiv region, Donetsk region")
    assert [m.place.name for m in two] == ["Kharkiv Oblast", "Donetsk Oblast"]


@pytest.mark.shared
def test_names_in_quotes_and_after_a_sentence_opener(ua: Gazetteer) -> None:
    assert [n for n, _ in found(ua, "Reports say 'Kharkiv region' or 'Kharkivshchyna'.")] == [
        "Kharkiv region",
        "Kharkivshchyna",
    ]
    assert found(ua, "Жители Соледара и Попасной ждут помощи.") == [
        ("Соледара", 706757),
        ("Попасной", 696566),
    ]
    # a village, then the oblast as an adjective: "Petropavlivka of Kharkiv oblast"
    got = found(ua, "Удары по району населённого пункта Петропавловка Харьковской области.")
    village, oblast = (ua.place(g) for _, g in got)
    assert (village.feature_class, village.admin1, oblast.feature_code) == ("P", "Kharkiv Oblast", "ADM1")


@pytest.mark.shared
def test_cyrillic_names_that_are_also_rare_words(ua: Gazetteer) -> None:
    # Лиман is also "estuary", Изюм also "raisins": in Cyrillic a capital makes them names
    assert found(ua, "Лиман звільнено!") == [("Лиман", 704204)]
    assert found(ua, "Изюм и западная часть Купянска оставлены.") == [("Изюм", 707292), ("Купянска", 703656)]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "geonameid"),
    [
        ("Бої тривають біля Часового Яру", 710915),  # Часів Яр: a possessive adjective declined
        ("Ворог атакував у Часовому Яру", 710915),
        ("Удар по Кривому Рогу", 703845),  # Ріг → Рогу, Розі: the і/о alternation of a short stem
        ("Вибухи у Кривому Розі", 703845),
    ],
)
def test_two_word_names_in_their_cases(ua: Gazetteer, text: str, geonameid: int) -> None:
    assert [g for _, g in found(ua, text)] == [geonameid]


@pytest.mark.shared
@pytest.mark.parametrize("text", ["Обстрел из Валуек", "Удар біля Валуйок"])
def test_plural_names_in_the_genitive(ua: Gazetteer, text: str) -> None:
    assert [ua.place(g).name for _, g in found(ua, text)] == ["Valuyki"]


@pytest.mark.shared
def test_a_russian_name_geonames_gives_only_some_namesakes(ua: Gazetteer) -> None:
    # GeoNames spells "Первомайское" in Cyrillic for fifteen places, not for the village by Avdiivka
    # (now Avdiivske); the Russian spelling read as a romanisation reaches it
    text = "Российские войска заняли населённый пункт Первомайское в ДНР"
    located = ua.locate(ua.find_mentions(text, on=date(2024, 4, 1)), text=text)
    assert located is not None and located.place.name == "Avdiivske"
    # an adjective that names no place stays a word
    assert found(ua, "Российская армия наступает.") == []


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "hromadas", "others"),
    [
        # a regional administration's daily list: a city, then hromadas by their adjectives
        (
            "Під ударом були Нікополь, Марганецька, Покровська та Червоногригорівська громади.",
            ["Marhanetska", "Pokrovska", "Chervonohryhorivska"],
            ["Nikopol"],
        ),
        (
            "Удари по Білопільській, Миропільській та Краснопільській громадах",
            ["Bilopilska", "Myropilska", "Krasnopilska"],
            [],
        ),
        ("Обстріляли Великописарівську громаду на Сумщині", ["Velykopysarivska"], ["Sumy Oblast"]),
        ("Russian forces shelled the Marhanets hromada", ["Marhanetska"], []),
        # … or headed by the designator after a colon
        (
            "Ворог 12 разів обстріляв 3 громади Сумщини: Білопільську, Хотінську та Краснопільську.",
            ["Bilopilska", "Khotinska", "Krasnopilska"],
            ["Sumy Oblast"],
        ),
    ],
)
def test_hromadas_named_by_their_adjectives(
    ua: Gazetteer, text: str, hromadas: list[str], others: list[str]
) -> None:
    places = [m.place for m in ua.find_mentions(text) if m.place is not None]
    assert [p.name.split()[0] for p in places if p.feature_code == "ADM3"] == hromadas
    assert [p.name for p in places if p.feature_code != "ADM3"] == others
    # the hromada that holds the places of Dnipropetrovsk oblast's list, not a namesake elsewhere
    assert all(p.admin1 == places[0].admin1 for p in places)


@pytest.mark.shared
@pytest.mark.parametrize(
    "text",
    [
        "Ворог атакував у районі населеного пункту Промінь.",
        "Ворог атакував у районах населених пунктів Мирноград, Промінь та Лисівка.",
        "Ворог атакував н.п. Мирноград, Промінь.",
    ],
)
def test_a_settlement_said_so_by_the_official_phrase_or_a_list_after_it(ua: Gazetteer, text: str) -> None:
    """ "Промінь" is also a word ("ray"): "населеного пункту" before it says it is a settlement, and
    "населених пунктів" before a list says it of each place of the list."""
    assert "Promin" in [m.place.name for m in ua.find_mentions(text, on=date(2024, 11, 10))]


@pytest.mark.shared
@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian forces continued operations on the east bank of the Dnipro near Krynky.",
        "Бої на лівому березі Дніпра біля Кринок",
        "ВСУ на левом берегу Днепра у Крынок",
    ],
)
def test_a_bank_of_the_dnipro_is_the_river(ua: Gazetteer, text: str) -> None:
    river, krynky = ua.find_mentions(text, on=date(2023, 12, 1))
    assert (river.place.feature_class, krynky.place.name) == ("H", "Krynky")


@pytest.mark.shared
@pytest.mark.parametrize("oblast", ["Донецкой Народной Республики", "Донецкой области"])
def test_a_place_before_its_oblasts_adjective_is_no_longer_name_with_it(ua: Gazetteer, oblast: str) -> None:
    # "Николаевка Донецкой" is also a railway station, Mykolaivka-Donetska: the village and its oblast
    text = f"Подразделения освободили населенный пункт Николаевка {oblast}."
    first, *_ = ua.find_mentions(text, on=date(2024, 11, 10))
    assert (first.text, first.place.admin1) == ("Николаевка", "Donetsk Oblast")


@pytest.mark.shared
def test_a_word_met_before_as_no_place_is_still_a_raion_before_district(ua: Gazetteer) -> None:
    """ "Chuguevsky" alone names no place; "Chuguevsky district" names a raion whatever was read
    before: the answer had depended on the order of the texts (a batch and one text disagreed)."""
    assert ua.find_mentions("Chuguevsky residents left.") == []
    raion, _ = ua.find_mentions("Chuguevsky district, Kharkiv")
    assert (raion.text, raion.qualifier) == ("Chuguevsky district", "raion")


@pytest.mark.shared
def test_a_word_met_before_as_no_place_is_a_hromada_in_a_list_a_designator_heads(ua: Gazetteer) -> None:
    """Words that named no place alone are skipped when met again: a hromada's adjective, met first
    as no place, is still found in a list a designator heads — the answer does not hang on what came
    before (every hromada adjective of the UA dump has candidates of its own, so none is skipped)."""
    assert ua.find_mentions("Bilopilska residents said the teams worked all night.") == []
    text = "Russian forces shelled 3 communities of Sumy oblast: Bilopilska, Krasnopilska and Khotinska."
    hromadas = [m.place.name.split()[0] for m in ua.find_mentions(text) if m.qualifier == "hromada"]
    assert hromadas == ["Bilopilska", "Krasnopilska", "Khotinska"]


@pytest.mark.shared
def test_an_oblast_or_hromada_in_the_singular_heads_no_list_of_its_kind(ua: Gazetteer) -> None:
    """A regional administration's daily summary lists the villages of one oblast after a colon: they
    are villages, not oblasts, raions or hromadas ("області" is also the plural "oblasts")."""
    text = (
        "Протягом доби ворог 12 разів обстріляв 6 населених пунктів Запорізької області: Гуляйполе, "
        "Малу Токмачку, Степногірськ, Преображенку, Новоандріївку та Новоданилівку."
    )
    mentions = ua.find_mentions(text, on=date(2024, 6, 1))
    villages = [(m.text, m.place.feature_class, m.place.admin1_code) for m in mentions[1:]]
    assert [v[0] for v in villages][:2] == ["Гуляйполе", "Малу Токмачку"]
    assert all(v[1:] == ("P", "26") for v in villages), villages
    # … while hromadas of an oblast, listed after their plural, are hromadas
    text = "У Запорізькій області: Гуляйполе, Малу Токмачку та Степногірськ обстріляно."
    assert [m.place.feature_class for m in ua.find_mentions(text, on=date(2024, 6, 1))[1:]] == ["P"] * 3
    text = "Ворог атакував 3 громади Запорізької області: Гуляйпільську, Малотокмачанську та Степногірську."
    assert [m.qualifier for m in ua.find_mentions(text, on=date(2024, 6, 1))[1:]] == ["hromada"] * 3


@pytest.mark.shared
@pytest.mark.parametrize(
    "text", ["окупанти обстріляли Костянтинівку КАБами", "Kostiantynivka HIMARS strike", "Kostiantynivka FPV"]
)
def test_an_acronym_after_a_name_is_no_part_of_it(ua: Gazetteer, text: str) -> None:
    assert [ua.place(g).name for _, g in found(ua, text)] == ["Kostiantynivka"]


@pytest.mark.shared
@pytest.mark.parametrize(
    "text", ["Saur-Mogila height", "fighting near Saur-Mogila", "бої за висоту Савур-Могила"]
)
def test_a_hill_is_found(ua: Gazetteer, text: str) -> None:
    (hill,) = ua.find_mentions(text, on=date(2014, 8, 1))
    assert (hill.place.name, hill.place.feature_class) == ("Hora Savur-Mohyla", "T")
    assert hill.qualifier == ("height" if "height" in text else None)


@pytest.mark.shared
@pytest.mark.parametrize(
    "text", ["strikes on Berdyansk and Mariupol", "on the Mariupol-Manhush-Berdyansk-Tokmak highway"]
)
def test_a_citys_name_is_the_city_beside_a_village_near_the_other_places(ua: Gazetteer, text: str) -> None:
    # a Berdianske village lies 8 km from Mariupol; Berdiansk, the city of 100,000, 70 km away
    (berdiansk,) = [m for m in ua.find_mentions(text, on=date(2023, 6, 1)) if m.text == "Berdyansk"]
    assert (berdiansk.place.name, berdiansk.place.admin1) == ("Berdiansk", "Zaporizhzhia Oblast")
    assert berdiansk.score > 0.7  # not a coin toss


@pytest.mark.shared
def test_a_hromada_named_by_its_adjective_in_another_gender(ua: Gazetteer) -> None:
    # GeoNames: "Pervomaiska Terytorialna Hromada" (feminine); the report: "Pervomaisky community"
    village, hromada = ua.find_mentions("Belozerka of Pervomaisky community", on=date(2022, 9, 10))
    assert (hromada.place.feature_code, hromada.place.admin1) == ("ADM3", "Mykolaiv Oblast")
    assert (village.place.name, village.place.admin1) == ("Bilozirka", "Mykolaiv Oblast")  # not Kherson's


@pytest.mark.shared
def test_a_ukrainian_spelling_geonames_lacks_is_read_through_its_romanisation(ua: Gazetteer) -> None:
    # GeoNames spells Drobysheve in Cyrillic only the Russian way ("Дробышево")
    assert [ua.place(g).name for _, g in found(ua, "ЗСУ звільнили Ямпіль, Ямполівку та Дробишеве.")] == [
        "Yampil",
        "Yampolivka",
        "Drobysheve",
    ]
    # only the exact romanisation counts: made-up names of the same shape meet nothing
    for made_up in ("Кашеліне", "Ромицьке", "Бадузове"):
        assert found(ua, f"Ворог обстріляв {made_up} вночі.") == []


@pytest.mark.shared
def test_a_name_that_is_also_a_word_is_kept_when_the_text_names_the_place(ua: Gazetteer) -> None:
    # "Зоря" (dawn) alone is a word …
    assert found(ua, "Зоря під контролем ЗСУ.") == []
    # … but not where the same report names the village plainly
    got = found(ua, "Зоря під контролем ЗСУ. Бої за село Зоря тривали тиждень.")
    assert [name for name, _ in got] == ["Зоря", "Зоря"] and got[0][1] == got[1][1]


def test_a_small_towns_foreign_name_that_is_an_english_word_is_a_word(any_gazetteer: Gazetteer) -> None:
    # "Human" is Uman's Polish name: an English word in "Human Rights Watch", capitals or not …
    assert [n for n, _ in found(any_gazetteer, "A report by Human Rights Watch on Kharkiv.")] == ["Kharkiv"]
    assert [n for n, _ in found(any_gazetteer, "HUMAN CHAIN IN KYIV")] == ["KYIV"]
    # … while a city's foreign names stay names however frequent they are as words
    assert [n for n, _ in found(any_gazetteer, "Kiev and Odessa were shelled.")] == ["Kiev", "Odessa"]


def test_foreign_places(any_gazetteer: Gazetteer) -> None:
    got = found(any_gazetteer, "Trains from Belgorod and Valuyki; talks in Brussels and Washington.")
    assert [any_gazetteer.place(g).country_code for _, g in got] == ["RU", "RU", "BE", "US"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Kiev forces shelled Horlivka overnight", "Horlivka"),
        ("Kyiv says Russian troops shelled Kupiansk", "Kupiansk"),
        ("Kyiv's troops entered Kherson", "Kherson"),
        ("Moscow says it shot down drones over Belgorod", "Belgorod"),
        ("Russia accused Kyiv of shelling Belgorod", "Belgorod"),
        ("Moscow-backed separatists attack Mariupol", "Mariupol"),
        ("Київ заявив про обстріл Куп'янська", "Kupiansk"),
        ("Москва обвинила Киев в обстреле Белгорода", "Belgorod"),
        ("Kyiv says it shot down 30 drones overnight", None),  # where they fell is not said
        ("Kyiv is preparing a counteroffensive, Moscow claims", None),
        ("Kyiv hopes to exchange the fighters for prisoners", None),
        ("Drones hit Sumy overnight. Moscow did not immediately comment.", "Sumy"),
        ("Drones struck the depot near Bryansk, which Kyiv says fuels Moscow's war effort", "Bryansk"),
        ("Zelenskiy urged allies to let Kyiv use their weapons against the bases near Belgorod", "Belgorod"),
        ("A civilian car was hit in Kiev's strike near Horlivka", "Horlivka"),
        ("Kyiv was shelled overnight", "Kyiv"),  # "was" then no word of a state's doing
        ("Five Ukrainian soldiers killed, 12 wounded in past day: Kiev.", None),  # the wire's source
        ("Two civilians killed near Horlivka after start of ceasefire: pro-Kiev official", "Horlivka"),
        ("Air raid alert: Kyiv", "Kyiv"),  # a channel's header names the place
        # the city itself: struck, or its own administration reporting
        ("Russian missiles hit Kyiv overnight", "Kyiv"),
        ("Explosions in Kyiv, the Kyiv military administration said", "Kyiv"),
        ("В Киеве прогремели взрывы", "Kyiv"),
    ],
)
def test_a_capital_worded_as_its_state_is_no_event_location(
    any_gazetteer: Gazetteer, text: str, where: str | None
) -> None:
    """Wire copy names governments by their capitals ("Kyiv says", "Kiev forces"): such a mention is
    kept, marked ``government``, and never chosen as the place the event happened."""
    mentions = any_gazetteer.find_mentions(text)
    located = any_gazetteer.locate(mentions, text=text)
    assert (located.place.name if located else None) == where
    capitals = [m for m in mentions if m.place is not None and m.place.name in ("Kyiv", "Moscow")]
    assert capitals and all((m.qualifier == "government") == (m.place.name != where) for m in capitals)


@pytest.mark.parametrize(
    ("text", "talks", "where"),
    [
        ("Dozens killed in Ukraine ahead of Minsk peace summit", "Minsk", None),
        ("Four reported killed in Ukraine ahead of crunch Paris talks", "Paris", None),
        ("Rebels shell Debaltseve despite the Minsk agreements", "Minsk", "Debaltseve"),
        ("Kyiv says two soldiers killed near Avdiivka after the Minsk-2 deal", "Minsk", "Avdiivka"),
        ("Бойовики обстріляли Авдіївку, порушивши Мінські домовленості.", "Мінські", "Avdiivka"),
        ("Переговори у Стамбулі завершилися без домовленостей.", "Стамбулі", None),
        ("Talks in Istanbul ended as drones struck Odesa.", "Istanbul", "Odesa"),
        # a city named before other words, or struck while talks go on elsewhere, is where
        ("A Paris court heard the case; shelling hit Kherson.", None, "Kherson"),
        ("Drones struck Minsk overnight, the Belarusian ministry said.", None, "Minsk"),
        ("Fighting went on despite the Minsk - 2 agreements.", "Minsk", None),
        # a truce named after a town of the war is a local one there
        ("The Mariupol ceasefire collapsed as shells hit the city.", None, "Mariupol"),
    ],
)
def test_a_city_named_for_talks_held_there_is_no_event_location(
    any_gazetteer: Gazetteer, text: str, talks: str | None, where: str | None
) -> None:
    """Wire copy names talks and accords by where they were held ("the Minsk agreements", "ahead of
    Paris talks"): such a mention is kept, marked ``talks``, and never the event's location."""
    mentions = any_gazetteer.find_mentions(text)
    located = any_gazetteer.locate(mentions, text=text)
    assert (located.place.name if located else None) == where
    assert [m.text for m in mentions if m.qualifier == "talks"] == ([talks] if talks else [])


@pytest.mark.parametrize(
    ("text", "filed", "where"),
    [
        (
            "KYIV, March 3 (Reuters) - A missile struck the southeastern city of Zaporizhzhia.",
            "KYIV",
            "Zaporizhzhia",
        ),
        (
            "KYIV, March 3 (Reuters) - Ukraine's air force said it shot down 30 drones overnight.",
            "KYIV",
            None,
        ),
        (
            "Grey zone shrinks\nKHARKIV, Sept 8 (Wire) - Troops broke through southeast of Balakliia.",
            "KHARKIV",
            "Balakliia",
        ),
        ("KRAMATORSK, Ukraine (AP) — Russian shelling hit Kramatorsk on Friday.", "KRAMATORSK", "Kramatorsk"),
        (
            "UKRAINE SAYS TROOPS SHELL KHARKIV - REPORT",
            None,
            "Kharkiv",
        ),  # a headline in capitals: no dateline
    ],
)
def test_a_wire_dateline_is_where_the_story_was_filed(
    any_gazetteer: Gazetteer, text: str, filed: str | None, where: str | None
) -> None:
    """The dateline's place is kept as a mention marked ``dateline`` and is never the event's location;
    its agency ("(Wire)", "(AP)") names no place."""
    mentions = any_gazetteer.find_mentions(text)
    located = any_gazetteer.locate(mentions, text=text)
    assert (located.place.name if located else None) == where
    assert [m.text for m in mentions if m.qualifier == "dateline"] == ([filed] if filed else [])
    assert not any(m.text in ("Wire", "AP", "Reuters") for m in mentions)


@pytest.mark.parametrize(
    ("text", "credited", "where"),
    [
        (
            "A drone hit a warehouse in Sumy. (Reporting by Olena Harmash in Kyiv; Additional reporting "
            "by Guy Faulconbridge in Moscow; Editing by Mark Heinrich)",
            ["Kyiv", "Moscow"],
            "Sumy",
        ),
        ("Drones attacked the port overnight. (Reporting by Olena Harmash in Kyiv)", ["Kyiv"], None),
        (
            "Shelling hit Kherson. Associated Press writer Ann Lee in Kyiv contributed to this report.",
            ["Kyiv"],
            "Kherson",
        ),
        # a report of the shelling by residents is no credit: Kherson is where it happened
        ("Shelling was reported by residents in Kherson on Friday.", [], "Kherson"),
    ],
)
def test_a_wire_story_credits_are_where_it_was_written(
    any_gazetteer: Gazetteer, text: str, credited: list[str], where: str | None
) -> None:
    """The places of a wire story's credits ("Reporting by … in Kyiv", "… writer … in Kyiv
    contributed") are kept, marked ``byline``, and are never the event's location."""
    mentions = any_gazetteer.find_mentions(text)
    located = any_gazetteer.locate(mentions, text=text)
    assert (located.place.name if located else None) == where
    assert [m.place.name for m in mentions if m.qualifier == "byline" and m.place] == credited


@pytest.mark.parametrize(
    ("text", "where", "raions"),
    [
        ("Russian forces attacked positions near Ivanivka (Kramatorsk, Donetsk) with drones.", "Ivanivka", 1),
        ("On 12 May 2024, clashes took place near Stepove (Pokrovsk, Donetsk).", "Stepove", 1),
        ("Shelling hit Sloviansk, Kramatorsk, Donetsk oblast", "Sloviansk", 0),  # a list: no raion
    ],
)
def test_a_town_in_brackets_before_the_oblast_is_the_raion(
    ua: Gazetteer, text: str, where: str, raions: int
) -> None:
    """Analysts' notes qualify a village by its raion's seat and oblast, in brackets: the seat names the
    raion (and picks the village among namesakes), not a second place that could be the location."""
    mentions = ua.find_mentions(text)
    located = ua.locate(mentions, text=text)
    assert located is not None and located.place.name == where
    assert located.place.admin1 == "Donetsk Oblast"
    assert [m.place.feature_class for m in mentions if m.qualifier == "raion"] == ["A"] * raions


@pytest.mark.parametrize(
    ("text", "oblast", "seat"),
    [
        (
            "On 14 March 2024, Russian forces struck Mykolaivka (Sumy, Sumy) with a guided bomb.",
            "Sumy",
            "Sumy",
        ),
    ],
)
def test_a_raion_named_like_its_oblast_picks_the_village_in_it(
    ua: Gazetteer, text: str, oblast: str, seat: str
) -> None:
    """ "(Sumy, Sumy)": the raion's seat is also the oblast's name, and GeoNames names the raion
    otherwise (Sumskyi): the seat still picks the village, among a hundred Mykolaivkas, near it."""
    mentions = ua.find_mentions(text)
    located = ua.locate(mentions, text=text)
    (town,) = [p for p in ua.iter_places(country_code="UA") if p.name == seat and p.feature_code == "PPLA"]
    # the raion is its seat, never the oblast of the same name
    assert [m.place.geonameid for m in mentions if m.qualifier == "raion"] == [town.geonameid]
    assert located is not None and located.place.name == "Mykolaivka"
    assert located.place.admin1 == f"{oblast} Oblast"
    assert within_km(located.place.latitude, located.place.longitude, town.latitude, town.longitude, 35)


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Krasko; Ovcharenko; Stepanov", []),  # a byline's surnames: no Krško (SI), no Štěpánov (CZ)
        ("Three soldiers killed in east Ukraine; Stepanov", []),
        ("A drone crashed near Hrubieszów on Tuesday", ["PL"]),
        ("Debris fell in Hrubieszow", ["PL"]),
        ("Hrubieszow, Poland: debris of a drone found", ["PL"]),
        ("Poland's Hrubieszow put on alert", ["PL"]),
        ("HRUBIESZOW, Poland (Reuters) - Debris of a drone", ["PL"]),  # a wire's dateline
    ],
)
def test_a_small_town_abroad_is_named_with_words_saying_it_is_a_place(
    any_gazetteer: Gazetteer, text: str, countries: list[str]
) -> None:
    """A bare capitalised word that is also a town abroad is no mention (surnames, mostly); a
    preposition, a settlement word, or its country beside it ("…, Poland", "Poland's …") make it one."""
    assert [m.place.country_code for m in any_gazetteer.find_mentions(text) if m.place] == countries


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ukraine hit two landing ships in Sevastopol Bay, the navy said.", "Sevastopol"),
        ("Russian boats were seen off the Kinburn Spit near Ochakiv.", "Ochakiv"),
        ("Shelling near Kharkiv Lake was reported.", "Kharkiv"),
    ],
)
def test_a_bay_or_spit_named_after_a_place_keeps_the_place(
    any_gazetteer: Gazetteer, text: str, name: str
) -> None:
    """A capitalised word after a name makes it part of another name (an outlet's, a group's) unless
    places take it: the city's bay is by the city."""
    assert name in [m.place.name for m in any_gazetteer.find_mentions(text) if m.place is not None]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Booby-trapped honey jar kills Ukrainian soldier", "Booby"),  # no sound-alike of Bobbio, Italy
        ("Dead man found on Independence Square - police", "Independence"),  # a square, as a street
        ("мітинг на площі Конституції у Харкові", "Конституції"),
        # weapon systems GeoNames also has as places (Tor was Sloviansk's name; Iskandar, Uzbekistan)
        ("Russian Tor-M2 destroyed near Bakhmut", "Tor"),
        ("Two Pantsir systems and an Iskander launcher destroyed", "Pantsir"),
        ("Two Pantsir systems and an Iskander launcher destroyed", "Iskander"),
        ("Krasnopol shells hit Kherson", "Krasnopol"),
        # the state, not the village Ukraina of Donetsk oblast (a General Staff report's first words)
        # outlets and groups named after a city, not the city
        ("Shelling of Kherson continued on Monday, according to the Kyiv Post.", "Kyiv"),
        ("The Kharkiv Human Rights Protection Group documented the shelling of Izium in detail.", "Kharkiv"),
        ("Сили оборони України відбили 34 атаки біля Лисівки", "України"),
        # warships named after cities, and seas named by their adjectives
        ("The cruiser Moskva sank in the Black Sea.", "Moskva"),
        ("Ukraine struck the Russian landing ship Novocherkassk in the port of Feodosia.", "Novocherkassk"),
        ("Крейсер «Москва» затонув у Чорному морі.", "Москва"),
        ("Крейсер «Москва» затонув у Чорному морі.", "Чорному"),
        ("Катера замечены в Азовском море у Бердянска.", "Азовском"),
        ("Штурмовики закрепились на терриконе шахты Центральная у Торецка.", "Центральная"),
        ("Армия России наступает на Украину", "Украину"),
    ],
)
def test_no_foreign_sound_alikes_squares_or_weapons(any_gazetteer: Gazetteer, text: str, absent: str) -> None:
    """Sound-alike keys are made for the war's languages: a word that only sounds like a place far
    from them ("Booby" ~ Bobbio) is no mention; nor is a square named after something, nor a weapon
    system, a warship, a mine or a sea that shares a place's name."""
    assert absent not in [m.text for m in any_gazetteer.find_mentions(text)]


def test_empty_and_whitespace(any_gazetteer: Gazetteer) -> None:
    assert any_gazetteer.find_mentions("") == []
    assert any_gazetteer.find_mentions(" \n\t ") == []
    assert any_gazetteer.locate([]) is None


def test_long_text_is_read_in_bounded_memory(embedded: Gazetteer) -> None:
    text = (MISSION_TEXT + "\n") * 5_000  # about 2 MB
    tracemalloc.start()
    mentions = embedded.find_mentions(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(mentions) == 9 * 5_000
    assert all(text[m.start : m.end] == m.text for m in mentions[::997])
    per_mention = peak / len(mentions)
    assert per_mention < 4_000, f"{peak / 1e6:.0f} MB peak for {len(mentions)} mentions"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_in_no_exception_out(embedded: Gazetteer, text: str) -> None:
    for m in embedded.find_mentions(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


def test_designator_initials_include_every_character_that_lower_cases_to_one() -> None:
    # designator_after rejects text by its first letter before lower-casing it
    from gazetteer.vocabulary import _AFTER_INITIALS, _AFTER_PREFIXES

    initials = {p[0] for p in _AFTER_PREFIXES}
    missing = [c for c in map(chr, range(0x110000)) if c.lower()[:1] in initials and c not in _AFTER_INITIALS]
    assert not missing


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab Z.!?…:;\n\"'“”«»)]([*#•–—-’\t,1\u00a0\u2028éЖ")), max_size=14)
)
def test_sentence_start_shortcut_agrees_with_the_pattern(before: str) -> None:
    from gazetteer.mentions import _PREV_WORD, _SENTENCE_START, _opens_sentence

    assert _opens_sentence(before, _PREV_WORD.search(before)) == (_SENTENCE_START.search(before) is not None)


_PHRASE_WORDS = (
    "near nearby outside around toward towards of to the north south east west north-east northeast "
    "south-west outskirts edge direction vicinity area village town city settlement river station close "
    "road on in km "
    "kilometres 5 2.5 fled liberation NEAR Of під біля под м. с. село км від на північ "
    "в у районі районах населених пунктів населеного пункту населенных пунктов поблизу села міста смт"
).split()


_TALKS_WORDS = (
    "talks summit agreements accord deal protocol memorandum format negotiations process ceasefire "
    "cease-fire truce communiqué declaration peace plan conference Talks SUMMIT 2 II in at "
    "домовленості угоди переговори саміт формату протоколу меморандум соглашения договорённости саммите "
    "у в во переговорах said hit city the and Kherson"
).split()


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_TALKS_WORDS), max_size=4),
    st.lists(st.sampled_from(_TALKS_WORDS), max_size=4),
    st.lists(st.sampled_from([" ", "  ", " - ", "-", "\u00a0", "\n", ", "]), min_size=9, max_size=9),
    st.booleans(),
)
def test_the_talks_shortcuts_agree_with_the_patterns(
    before: list[str], after: list[str], gaps: list[str], abroad: bool
) -> None:
    # names_talks answers most names by a look at the characters around them: where the patterns would
    # say talks, so does it
    from gazetteer.vocabulary import _TALKS_AFTER, _TALKS_BEFORE, names_talks

    head = "".join(w + g for w, g in zip(before, gaps, strict=False))
    tail = "".join(g + w for g, w in zip(gaps[4:], after, strict=False))
    text = f"{head}Minsk{tail}"
    start, end = len(head), len(head) + len("Minsk")
    m = _TALKS_AFTER.match(text, end, min(len(text), end + 40))
    expected = (m is not None and (abroad or m.group("truce") is None)) or (
        _TALKS_BEFORE.search(text, max(0, start - 40), start) is not None
    )
    assert names_talks(text, start, end, abroad=abroad) == expected, text


@pytest.mark.parametrize(
    "before",
    [
        "На Покровському напрямку ворог атакував в районах населених пунктів ",
        "Сили оборони відбили атаку в районі населеного пункту ",
        "ВСУ атаковали в районах населенных пунктов ",
        "Бої тривають поблизу села ",
        "Вибухи пролунали у районах ",
        "Росіяни обстріляли біля с. ",
        "Бої точилися під селом ",
    ],
)
def test_a_relation_before_the_settlement_words_of_a_staff_report(before: str) -> None:
    # "в районах населених пунктів Новоолександрівка, Сокіл": near them, as "near the village of"
    from gazetteer.mentions import _PREV_WORD
    from gazetteer.names import fold
    from gazetteer.vocabulary import relation_before

    last = fold(_PREV_WORD.search(before).group(1))  # as the finder gives it ("с." → "с")
    assert relation_before(before) == relation_before(before, last) == "near"
    assert relation_before("Жителі села ") is None and relation_before("Мешканці міста ", "міста") is None
    # an oblast "in the areas of" is in it
    assert relation_before("Обстріли тривали в районах ", "районах", oblast=True) is None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PHRASE_WORDS), max_size=7),
    st.lists(st.sampled_from([" ", " ", "  ", ", ", ".", "\n", "-", "("]), min_size=8, max_size=8),
)
def test_phrase_shortcuts_agree_with_the_patterns(words: list[str], gaps: list[str]) -> None:
    # Given the last word, marker_before and relation_before skip their patterns where they cannot
    # match and answer some words without them: where the patterns run, the answers are theirs.
    from gazetteer.mentions import _PREV_WORD
    from gazetteer.names import fold
    from gazetteer.vocabulary import _MARKER_LAST_WORDS, _RELATION_LAST_WORDS, marker_before, relation_before

    before = "".join(w + g for w, g in zip(words, gaps, strict=False))
    prev = _PREV_WORD.search(before)
    last = fold(prev.group(1)) if prev else ""
    marker = marker_before(before) if last in _MARKER_LAST_WORDS else None
    relation = relation_before(before) if last in _RELATION_LAST_WORDS else None
    assert marker_before(before, last) == marker
    assert relation_before(before, last) == relation


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("A missile hit Kharkivska Street in Sumy.", "Kharkivska"),
        ("A shell hit Moskovsky Avenue in Kharkiv.", "Moskovsky"),
        ("Shelling on Sovetskaya St. in Luhansk.", "Sovetskaya"),
        # a bridge named by an adjective is no village of that name: Antonivske lies 200 km up the river
        ("Ukrainian forces struck the Antonivskyi bridge in Kherson region.", "Antonivskyi"),
    ],
)
def test_streets_named_after_places_are_not_the_places(ua: Gazetteer, text: str, street: str) -> None:
    names = [m.text for m in ua.find_mentions(text)]
    assert street not in names and len(names) == 1  # the city the street is in, only


def test_a_bridge_named_by_a_town_is_by_the_town(ua: Gazetteer) -> None:
    for text, town in (
        ("The Kerch bridge was attacked.", "Kerch"),
        ("A strike on the Kupiansk bridge.", "Kupiansk"),
    ):
        assert [m.text for m in ua.find_mentions(text)] == [town]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The Azov battalion fought in Mariupol.", "Mariupol"),
        ("Skhid task force reported shelling of Avdiivka.", "Avdiivka"),
        ("The Kherson group of forces repelled attacks near Robotyne.", "Robotyne"),
        ('Fighters of the "Aidar" battalion were killed near Shchastia.', "Shchastia"),
    ],
)
def test_units_named_after_places_are_not_the_places(ua: Gazetteer, text: str, place: str) -> None:
    """A formation named after a place fights elsewhere: the place the text names otherwise is the
    one mention, and the location."""
    found = ua.find_mentions(text)
    assert [m.text for m in found] == [place]
    location = ua.locate(found, text=text)
    assert location is not None and location.text == place


def test_a_unit_word_in_the_next_sentence_is_no_unit(ua: Gazetteer) -> None:
    assert [m.text for m in ua.find_mentions("Shelling of Kharkiv. Brigades arrived.")] == ["Kharkiv"]


def test_saint_after_a_town_is_no_street(ua: Gazetteer) -> None:
    assert "Kupiansk" in [m.text for m in ua.find_mentions("Kupiansk St. George church was damaged.")]


def test_russian_adjective_names_in_the_other_gender(ua: Gazetteer) -> None:
    # GeoNames holds Dvorichna's Russian name as feminine (Dvurechnaya); reports write the neuter
    (dvorichna,) = [
        m for m in ua.find_mentions("Shelling of Dvurechnoye, Kharkiv region.") if m.qualifier is None
    ]
    assert dvorichna.place is not None and dvorichna.place.name == "Dvorichna"


def test_a_village_named_so_is_no_city_of_that_old_name(ua: Gazetteer) -> None:
    # GeoNames keeps Aleksandrovka, Donetsk's name of the 1860s, among the city's names
    (m,) = ua.find_mentions("Shelling of the village of Alexandrovka was reported.")
    assert m.place is not None and m.place.feature_code == "PPL" and m.place.name == "Oleksandrivka"


def test_a_namesakes_spelling_is_not_borrowed_from_a_town(ua: Gazetteer) -> None:
    from datetime import date

    # "Novotroyitske" is the GeoNames name of a Kherson town and of one Donetsk village; the
    # checkpoint village on the 2015–2022 line spells it otherwise but is the same name
    (m, _) = ua.find_mentions("Shelling near Novotroyitske, Donetsk Obl.", on=date(2021, 12, 1))
    assert m.place is not None and m.place.geonameid == 699096


def test_mention_json_is_json_dumps_of_its_dict(embedded: Gazetteer) -> None:
    import json

    from gazetteer import Mention

    text = 'Shelling near "Kupiansk"\n\tand Lyman\\, Donetsk Oblast; в Ізюмі \x01 та Києві.'
    mentions = embedded.find_mentions(text)
    assert mentions
    for m in [*mentions, Mention("Nowhere", 0, 7, None, float("nan")), Mention("", 0, 0, None, 1e-9)]:
        assert m.as_json() == json.dumps(m.as_dict(), ensure_ascii=False)


@given(st.text(), st.floats(allow_nan=True), st.one_of(st.none(), st.text()))
@settings(max_examples=200, deadline=None)
def test_mention_json_of_any_text_and_score(text: str, score: float, qualifier: str | None) -> None:
    import json

    from gazetteer import Mention

    m = Mention(text, 0, len(text), None, score, qualifier=qualifier, relation=qualifier)
    assert m.as_json() == json.dumps(m.as_dict(), ensure_ascii=False)


@pytest.mark.parametrize(
    "text",
    [
        "in the DPR",
        "DNR, LPR and LNR",
        "the Donetsk People's Republic",
        "the Lugansk People’s Republic",
        "shelling of Donetsk republic",
        "the self-proclaimed Lugansk Republic",
        "the Donetsk and Luhansk people's republics",
        "у ДНР і ЛНР",
        "Донецкой народной республики",
        "Луганської Народної Республіки",
        "all of Donbass",
        "на Донбасі",
        "the Donets basin",
    ],
)
def test_every_area_cue_is_looked_for(text: str) -> None:
    """(The republics are no cities: "shelling of Donetsk republic" is about an oblast, see below.)"""
    from gazetteer.vocabulary import AREA_CUES, find_area_cues

    found = [m.group(0) for m in find_area_cues(text)]
    assert found and found == [m.group(0) for m in AREA_CUES.finditer(text)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Woman killed as Kiev forces shell village in Donetsk republic - source", "Donetsk Oblast"),
        ("Shelling kills 16 in self-proclaimed Lugansk republic", "Luhansk Oblast"),
        ("Shelling in the Donetsk and Luhansk people's republics", None),  # two oblasts: no one place
    ],
)
def test_a_republic_named_after_a_city_is_its_oblast(
    any_gazetteer: Gazetteer, text: str, where: str | None
) -> None:
    located = any_gazetteer.locate(any_gazetteer.find_mentions(text), text=text)
    assert (located.place.name if located else None) == where


_NEAR_STREET = st.text(
    alphabet=st.sampled_from(list(' \t\n\x1c(stSTſavbolrpeknumcKİ.)Ab"»gOGiдбраплdB')), max_size=24
)


def _quick_tests_agree(after: str) -> None:
    from gazetteer import mentions
    from gazetteer.vocabulary import _KM, _has_km

    text = "Kupiansk" + after
    assert mentions._street_after(text, 8, "kupiansk") == bool(mentions._STREET_AFTER.match(text, 8))
    # (after an adjective, a bridge word too: "the Antonivskyi bridge")
    text = "Antonivskyi" + after
    street_or_bridge = mentions._STREET_AFTER.match(text, 11) or mentions._BRIDGE_AFTER.match(text, 11)
    assert mentions._street_after(text, 11, "antonivskyi") == bool(street_or_bridge)
    text = "Kupiansk" + after
    assert mentions._unit_after(text, 8) == bool(mentions._UNIT_AFTER.match(text, 8))
    assert mentions._authority_after(text, 8) == bool(mentions._AUTHORITY_AFTER.match(text, 8))
    assert mentions._near_after(text, 8) == bool(mentions._NEAR_AFTER.match(text, 8))
    assert _has_km(after) == bool(_KM.search(after))


@given(_NEAR_STREET)
@settings(max_examples=500, deadline=None)
def test_quick_tests_after_a_name_agree_with_the_patterns(after: str) -> None:
    _quick_tests_agree(after)


@pytest.mark.parametrize(
    "after",
    [
        " Street",
        " ſt. Luke",
        " ST.",
        " \t avenue",
        "            Avenue",
        "  (NEAR)",
        " \n\x85(area)",
        " KİLOMETRES",
        '"  battalion',
        " OTG",
        " oſg",
        "» бригади",
        " \t Group of Forces",
        " Governor",
        " regional military administration",
        "\tProvincial  council",
        " Bridge",
        " \t bridge,",
    ],
)
def test_quick_tests_after_a_name_let_every_match_through(after: str) -> None:
    _quick_tests_agree(after)


def test_mentions_without_alternatives_are_the_same(any_gazetteer: Gazetteer) -> None:
    from dataclasses import replace

    text = MISSION_TEXT + " Shelling hit Ivanivka and Novoselivka, Donetsk oblast, and Lyman, Kharkiv oblast."
    full = any_gazetteer.find_mentions(text)
    assert any(m.alternatives for m in full)
    assert any_gazetteer.find_mentions(text, alternatives=False) == [
        replace(m, alternatives=()) for m in full
    ]


def test_the_location_lies_in_the_oblast_the_text_names() -> None:
    """A report naming an oblast is about that oblast: when GeoNames lacks the village meant and only a
    namesake far away matches ("Maiorske" is in Odesa oblast; Maiorsk by Horlivka is not "Maiorske"),
    the place named in the oblast wins, whichever comes first. Alone, the far namesake still stands
    — unless it lies farther from the oblast than any oblast is wide."""
    from gazetteer import Mention, Place
    from gazetteer.resolution import best_location

    def at(gid: int, name: str, admin1_code: str, code: str = "PPL") -> Place:
        fclass = "A" if code == "ADM1" else "P"
        return Place(gid, name, 48.0, 38.0, fclass, code, "UA", "", admin1_code, "", 0, name)

    maiorske, horlivka = at(1, "Maiorske", "17"), at(2, "Horlivka", "05", "PPLA2")
    oblast = at(3, "Donetsk Oblast", "05", "ADM1")
    text = [Mention("Maiorske", 20, 28, maiorske, 1.0, relation="near"),
            Mention("Horlivka", 50, 58, horlivka, 1.0, relation="near"),
            Mention("Donetsk region", 60, 74, oblast, 1.0)]  # fmt: skip
    assert best_location(text).place is horlivka
    assert best_location(text[:2]).place is maiorske  # no oblast named: the first named
    assert best_location([text[0], text[2]]).place is maiorske  # a settlement over its oblast
    # a namesake no oblast is wide enough to reach is no location: the raion named is
    far = Place(4, "Pokrovsk", 61.48, 129.14, "P", "PPL", "RU", "", "63", "", 9000, "Pokrovsk")
    raion = Place(5, "Nikopol Raion", 47.57, 34.40, "A", "ADM2", "UA", "", "04", "", 0, "Nikopol Raion")
    dnipro = Place(6, "Dnipropetrovsk Oblast", 48.47, 35.03, "A", "ADM1", "UA", "", "04", "", 0, "D")
    listed = [Mention("Pokrovska", 0, 9, far, 1.0), Mention("Nikopol district", 30, 46, raion, 0.9),
              Mention("Dnipropetrovsk region", 54, 75, dnipro, 0.9)]  # fmt: skip
    assert best_location(listed).place is raion
    assert best_location(listed[:2]).place is far  # no oblast named: nothing says it is wrong


@pytest.mark.parametrize(
    "text",
    [
        "Fighting on the Lyman, Bakhmut and Kupiansk directions",  # a plural designator reaches back
        "Fighting on the Lyman, Bakhmut, and Kupiansk directions",  # the serial comma too
        "Heavy fighting on the Kupyansk-Lyman direction",  # each town of an axis
    ],
)
def test_every_town_of_a_list_or_axis_of_directions_is_an_axis(any_gazetteer: Gazetteer, text: str) -> None:
    found = any_gazetteer.find_mentions(text)
    assert len(found) >= 2 and all(m.qualifier == "direction" for m in found), found


def test_an_oblast_after_a_raion_is_the_oblast_not_its_capital(any_gazetteer: Gazetteer) -> None:
    """ACLED-style notes write "(Kramatorsk raion, Donetsk)": the last name is the oblast, not the city
    of Donetsk — which, being a settlement, would have become the event's location."""
    text = "On 3 May 2024, Russian forces dropped guided aerial bombs on Kramatorsk raion, Donetsk."
    found = any_gazetteer.find_mentions(text)
    assert [m.qualifier for m in found] == ["raion", "oblast"]
    located = any_gazetteer.locate(found, text=text)
    assert located is not None and located.text == "Kramatorsk raion"  # (cities500 has no raions: the town)


def test_near_reaches_every_place_of_a_list_with_a_serial_comma(any_gazetteer: Gazetteer) -> None:
    text = "Ukrainian forces repelled attacks near Kupiansk, Izium, and Lyman"
    found = any_gazetteer.find_mentions(text)
    assert [m.relation for m in found] == ["near", "near", "near"]
    assert any_gazetteer.locate(found, text=text).text == "Kupiansk"  # the first, all else equal


@pytest.mark.parametrize(
    "text",
    [
        "Российская армия продвигается",
        "Крымский мост поврежден",
        "Объединенная группировка",
        "Сырский и Герасимов",
        "Атака дронов",  # no case of Ataq, Yemen: only cities abroad are declined in the news
    ],
)
def test_capitalised_russian_words_and_commanders_are_no_places(any_gazetteer: Gazetteer, text: str) -> None:
    assert any_gazetteer.find_mentions(text) == []


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "admin1_code", "near"),
    [
        ("Ворог обстріляв Ізюмщину.", "07", (49.21, 37.26)),
        ("На Бахмутщині тривають бої.", "05", (48.6, 38.0)),
        ("Обстрелы на Купянщине.", "07", (49.71, 37.62)),
    ],
)
def test_the_area_around_a_town_is_its_raion(
    ua: Gazetteer, text: str, admin1_code: str, near: tuple[float, float]
) -> None:
    """ "на Ізюмщині", "Купянщина": one word for the area around a town, read as the town's raion."""
    (area,) = ua.find_mentions(text)
    assert (area.place.feature_class, area.place.admin1_code, area.qualifier) == ("A", admin1_code, "raion")
    assert abs(area.place.latitude - near[0]) < 0.3 and abs(area.place.longitude - near[1]) < 0.3


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("‼️ВИБУХИ У ХАРКОВІ‼️ Мер повідомив про влучання", ["Kharkiv"]),
        ("EXPLOSIONS IN KHARKIV AND ODESA", ["Kharkiv", "Odesa"]),
        ("#Kharkiv #Vovchansk Heavy fighting continues", ["Kharkiv", "Vovchansk"]),
        ("NATO AND THE US", []),
    ],
)
def test_telegram_capitals_and_hashtags(any_gazetteer: Gazetteer, text: str, names: list[str]) -> None:
    """A line in capitals says nothing by its words' case; a hashtag is a word of its own, not the
    start of a longer name with the word after it."""
    assert [m.place.name for m in any_gazetteer.find_mentions(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Russian Shelling Of Kharkiv Kills Two", ["Kharkiv"]),
        ("Ukraine Says Russian Troops Pushed Back Near Bakhmut", ["Bakhmut"]),
        ("Kharkiv Tractor Plant hit by missiles", []),  # a facility's name, in a sentence
    ],
)
def test_title_case_headlines(any_gazetteer: Gazetteer, text: str, names: list[str]) -> None:
    """In a headline in title case a capitalised word beside a name is no longer name around it."""
    assert [m.place.name for m in any_gazetteer.find_mentions(text)] == names


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Освобожден населенный пункт Калиновое Донецкой Народной Республики.",
            ["Kalynove"],  # the republic after the name is no longer name
        ),
        ("Подразделения освободили населенный пункт Великая Новоселка.", ["Velyka Novosilka"]),
        ("Сбиты беспилотники над Брянской и Курской областями.", ["Bryansk Oblast", "Kursk Oblast"]),
        ("Збито дрони над Сумською та Харківською областями.", ["Sumy Oblast", "Kharkiv Oblast"]),
    ],
)
def test_russian_defence_ministry_wording(ua: Gazetteer, text: str, names: list[str]) -> None:
    assert [m.place.name for m in ua.find_mentions(text)] == names


@pytest.mark.shared
def test_a_possessive_in_brackets_is_a_city_not_an_oblast(ua: Gazetteer) -> None:
    """ "X (Donetsk)" qualifies X with the oblast; "X (Donetsk's north-western suburb)" names the city."""
    lozove, donetsk = ua.find_mentions("Shelling near Lozove (Donetsk's north-western suburb).")
    assert donetsk.place.feature_code == "PPLA"
    assert abs(lozove.place.latitude - 48.0) < 0.1 and abs(lozove.place.longitude - 37.65) < 0.1
    _, oblast = ua.find_mentions("Shelling near Pavlivka (Donetsk).")
    assert oblast.place.feature_code == "ADM1"


@pytest.mark.parametrize("emoji", ["❗️", "🔥", "⚡️", "🇺🇦"])
def test_a_name_right_after_an_emoji_is_found(any_gazetteer: Gazetteer, emoji: str) -> None:
    """Telegram posts open with an emoji, often with a variation selector (U+FE0F, a combining mark)
    that had made the name look like the inside of a word."""
    for text in (f"{emoji}Харків: вибухи в місті", f"{emoji} Kharkiv: explosions in the city"):
        assert [m.place.name for m in any_gazetteer.find_mentions(text)] == ["Kharkiv"], text


@pytest.mark.parametrize(
    ("text", "place", "oblast"),
    [
        ("Уражено склад БК окупантів у Новій Каховці Херсонщини", "Nova Kakhovka", "Kherson Oblast"),
        ("Загинув цивільний у Бахмуті Донеччини", "Bakhmut", "Donetsk Oblast"),
        ("Обстріл: у Великій Новосілці Донеччини пошкоджено будинки", "Velyka Novosilka", "Donetsk Oblast"),
    ],
)
def test_a_town_followed_by_its_oblasts_informal_name(
    ua: Gazetteer, text: str, place: str, oblast: str
) -> None:
    """ "у Бахмуті Донеччини": an oblast's informal name (Донеччина) after a town is its oblast, not the
    rest of a longer proper name that would hide both."""
    mentions = ua.find_mentions(text)
    assert [(m.place.name, m.qualifier) for m in mentions] == [(place, None), (oblast, "oblast")]
    located = ua.locate(mentions, text=text)
    assert located is not None and located.place.name == place


def test_a_namesake_geonames_spells_only_in_latin(ua: Gazetteer) -> None:
    """GeoNames gives "Ямпіль" to five Yampils but not to Sumy oblast's, which it spells only in Latin:
    the Ukrainian spelling still reaches it, so the oblast named beside it picks it."""
    for text in ("обстріл смт Ямпіль Сумської обл.", "обстріл Ямполя на Сумщині"):
        located = ua.locate(ua.find_mentions(text), text=text)
        assert located is not None and located.place.name.startswith("Yampil"), text
        assert located.place.admin1 == "Sumy Oblast", text


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Russian troops advanced in Chasiv Yar's Kanal microdistrict.", "Chasiv Yar"),
        ("A man was found dead on Kiev's Independence Square, police said.", "Kyiv"),
        ("Fighting continued in Toretsk's Zabalka area.", "Toretsk"),
    ],
)
def test_a_place_that_owns_what_follows_is_found(any_gazetteer: Gazetteer, text: str, where: str) -> None:
    """ "Chasiv Yar's Kanal microdistrict": the capitalised words after a possessive are what the place
    owns, not the rest of a longer proper name that would hide it."""
    located = any_gazetteer.locate(any_gazetteer.find_mentions(text), text=text)
    assert located is not None and located.place.name == where


def test_a_place_owned_by_another_is_the_location(ua: Gazetteer) -> None:
    """ "Kyiv's Boryspil airport": what the city owns is a place itself, and the event's."""
    text = "Kyiv's Boryspil airport was closed after the strike."
    located = ua.locate(ua.find_mentions(text), text=text)
    assert located is not None and located.place.feature_code == "AIRP"


@pytest.mark.parametrize(
    "text",
    [
        "Units of the Yug group liberated the settlement.",
        'Grouping "Vostok" of the RF Armed Forces destroyed up to 70 military units',
        "Подразделения группировки «Днепр» уничтожили лодки",
        "Воїни угруповання «Хортиця» відбили атаки",
        "ОСУВ «Таврія»: ворог втратив 400 осіб",
        "Командование войск в Южном военном округе сообщило",  # Russia's Southern Military District
    ],
)
def test_force_groupings_named_like_places_are_no_places(ua: Gazetteer, text: str) -> None:
    """Russian and Ukrainian force groupings bear the names of directions, rivers and islands (Yug,
    Vostok, Dnepr, Khortytsia, Tavriia), which GeoNames also holds as places."""
    assert ua.find_mentions(text) == []


def test_a_place_after_a_formations_sentence_is_still_a_place(ua: Gazetteer) -> None:
    text = "Ukrainian soldier killed in Donbas - Skhid operational-tactical group. Maryinka"
    assert [m.place.name for m in ua.find_mentions(text)] == ["Marinka"]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("В Грайворонском округе дрон атаковал автомобиль", "Grayvoron"),
        ("Беспилотник атаковал Шебекинский городской округ", "Shebekino"),
        ("обстрел Суджанского района", "Sudzha"),
        ("A drone hit a car in the Grayvoronsky district", "Grayvoron"),
    ],
)
def test_a_district_the_gazetteer_lacks_stands_for_its_town(ua: Gazetteer, text: str, town: str) -> None:
    """Russia's border districts are not in the UA dump: each stands for the town it is named after, as
    the analyst would read it ("Грайворонский городской округ" is Grayvoron's)."""
    (mention,) = ua.find_mentions(text)
    assert (mention.place.name, mention.qualifier) == (town, "raion")
