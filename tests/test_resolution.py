"""The resolver's shortcuts give the answers of the long way round."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.mentions import find_spans
from gazetteer.points import within_km
from gazetteer.resolution import (
    _ALTERNATIVES,
    _MIN_SCORE,
    _SENTENCE_END,
    _Context,
    _contexts,
    _PoolArrays,
    _sentence_areas,
    _small_rows,
)

pytestmark = pytest.mark.shared  # every test here reads the full UA dump

# Many same-named villages, an oblast beside some of them, and towns to be near.
_TEXT = (
    "Shelling hit Ivanivka, Kharkiv Oblast, and Novoselivka near Kupiansk. Further south, Ivanivka and "
    "Oleksandrivka near Izium and Lyman were quiet; Bakhmut, Donetsk Oblast, came under fire."
)


def _small_ranking(pool, ctx, scorer) -> list[tuple[int, float]]:
    """What a pool's candidates rank as by the loop used for small pools: (geonameid, probability).
    (A large pool keeps no rows for that loop, which never ranks it: they are made here.)"""
    ranked = scorer._rank_small(dataclasses.replace(pool, small=_small_rows(pool.ranked)), ctx)
    top = ranked[0][0]
    weights = [math.exp(s - top) for s, _, _ in ranked]
    total = sum(weights)
    return [(p.geonameid, w / total) for (_, p, _), w in zip(ranked, weights, strict=True)]


def test_big_pools_rank_as_small_ones(ua: Gazetteer) -> None:
    scorer = ua._scorer
    spans = find_spans(_TEXT, ua.index)
    contexts = _contexts(_TEXT, spans, scorer)
    checked = 0
    for span, ctx in zip(spans, contexts, strict=True):
        pool = scorer._pool(span)
        arrays = pool.array_view()
        if arrays is None:
            continue
        # with the text's context, with only an oblast beside the span, and with only anchors
        oblast_only = _Context((), ctx.admin_strong or frozenset({("UA", "07")}))
        for context in (ctx, oblast_only, _Context(ctx.anchors)):
            fast = scorer._rank_arrays(pool, arrays, context, None)[0]
            slow = _small_ranking(pool, context, scorer)
            assert [c.place.geonameid for c in fast] == [g for g, _ in slow]
            assert [c.score for c in fast] == pytest.approx([p for _, p in slow], rel=1e-9, abs=1e-15)
        checked += 1
    assert checked >= 3  # Ivanivka twice, Novoselivka, Oleksandrivka


def test_oblast_index_of_a_pool_matches_its_candidates(ua: Gazetteer) -> None:
    spans = [s for s in find_spans("Ivanivka", ua.index) if s.text == "Ivanivka"]
    pool = ua._scorer._pool(spans[0])
    arrays = _PoolArrays.of(pool.ranked)
    for area, positions in arrays.by_area.items():
        for i in positions.tolist():
            place = pool.ranked[i][1]
            assert (place.country_code, place.admin1_code) == area
    # every candidate is in one oblast's index, an oblast in its own: an oblast named beside a name
    # that is not the candidate oblast speaks against it as against a village elsewhere
    assert sum(len(p) for p in arrays.by_area.values()) == len(pool.ranked)


def test_a_sure_name_stays_above_the_threshold_in_the_worst_context(ua: Gazetteer) -> None:
    scorer = ua._scorer
    spans = find_spans(_TEXT + " Kupiansk-Vuzlovyi station and Velykyi Burluk were hit.", ua.index)
    sure = [scorer._pool(s) for s in spans if scorer._pool(s).sure is not None]
    assert sure
    # an oblast beside it that is not its own, and the only place the text is about in Africa
    worst = _Context(((0, 0.0, 0.0),), frozenset({("XX", "00")}))
    for pool in sure:
        candidates, least = pool.sure
        ranked, raw = scorer._rank_pool(pool, worst, 1 + _ALTERNATIVES)
        assert ranked == candidates
        assert raw >= least >= _MIN_SCORE


def test_a_word_seen_alone_is_read_the_same_with_its_designator_later(ua_zip: Path) -> None:
    # a Latin word that names nothing is remembered as such; one with a place behind a designator
    # ("Kupianska hromada") must not be
    texts = [
        "Kupianska was quiet. Ministry officials spoke.",
        "Shelling hit Kupianska hromada and the Ministry region overnight.",
    ]
    warm = Gazetteer.open([ua_zip])
    for text in texts:
        warm.find_mentions(text)
    fresh = Gazetteer.open([ua_zip])
    assert warm.find_mentions(texts[1]) == fresh.find_mentions(texts[1])
    assert [m.qualifier for m in fresh.find_mentions(texts[1])] == ["hromada"]


def test_oblasts_named_in_a_sentence_are_found_as_in_the_whole_text(ua: Gazetteer) -> None:
    import bisect

    text = (
        "Ivanivka was shelled. In Kharkiv Oblast, Balakliia and Izium were hit!\n\nNovoselivka and "
        "Kupiansk, Donetsk Oblast… Lyman?  Bakhmut was quiet; Luhansk Oblast saw no fighting.\n- Kreminna"
    )
    scorer = ua._scorer
    spans = find_spans(text, ua.index)
    pools = [scorer._pool(s) for s in spans]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    sentence = [bisect.bisect_right(ends, s.start) for s in spans]
    in_sentence: dict[int, frozenset] = {}
    for sid, pool in zip(sentence, pools, strict=True):
        in_sentence[sid] = in_sentence.get(sid, frozenset()) | pool.areas
    needy = list(range(len(spans)))
    expected = {i: in_sentence.get(sentence[i], frozenset()) for i in needy}
    assert _sentence_areas(text, spans, pools, needy)[0] == expected
    assert len(set(sentence)) >= 4 and sum(map(bool, expected.values())) >= 4
    for i in needy:  # and for each span alone
        assert _sentence_areas(text, spans, pools, [i])[0] == {i: expected[i]}


def test_a_sector_holds_what_lies_that_way_and_near() -> None:
    from gazetteer.records import Place
    from gazetteer.resolution import Sector

    def at(lat: float, lon: float) -> Place:
        return Place(1, "X", lat, lon, "P", "PPL", "UA", "Donetsk Oblast", "05", "", 0, "X")

    southwest = Sector(48.28, 37.18, 225.0)  # "(southwest of Pokrovsk)"
    assert southwest.holds(at(48.138, 36.787))  # Novopavlivka, Dnipropetrovsk oblast: 33 km WSW
    assert not southwest.holds(at(48.248, 37.219))  # Novopavlivka, Donetsk oblast: 4 km SE
    assert not southwest.holds(at(48.28, 37.18))  # the reference itself has no bearing
    assert not southwest.holds(at(47.5, 36.0))  # that way, but 125 km off
    north = Sector(48.0, 37.0, 0.0)
    assert north.holds(at(48.3, 37.05)) and north.holds(at(48.3, 36.95))  # either side of 0°


@pytest.mark.shared
def test_a_bearing_from_the_next_place_chooses_the_namesake(ua: Gazetteer) -> None:
    text = "Russian forces advanced west of Novopavlivka (southwest of Pokrovsk)."
    novopavlivka, pokrovsk = ua.find_mentions(text)
    assert (novopavlivka.place.admin1_code, novopavlivka.place.feature_code) == ("04", "PPLA3")
    assert pokrovsk.relation == "southwest of"
    # a list's next item is no bearing of the one before
    listed = ua.find_mentions("Fighting near Novopavlivka, and north of Pokrovsk.")
    plain = ua.find_mentions("Fighting near Novopavlivka, and Pokrovsk.")
    assert listed[0].place.geonameid == plain[0].place.geonameid


@pytest.mark.shared
@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian forces liberated the village of Ivanivka near Bakhmut.",
        "Ukrainian troops retook Ivanivka and Klishchiivka near Bakhmut.",
        "Бої за Іванівку під Бахмутом.",
        "Бои за Ивановку под Бахмутом.",
        "Shelling of Ivanivka (near Bakhmut).",
        "Shelling of Ivanivka, a small village which lies some 10 km from the town of Bakhmut.",
        "Shelling of Ivanivka, on the outskirts of Bakhmut.",
        "Shelling of Ivanivka, between Bakhmut and Soledar.",
        "Shelling of Ivanivka in the Bakhmut area.",
        "Обстрел Ивановки в районе Бахмута.",
        "Обстріл Іванівки, що за 10 км від Бахмута.",
        "Обстрел Ивановки в 10 км от Бахмута.",
        "Shelling of Ivanivka village near Bakhmut.",
        "The village of Ivanivka, 800 meters from occupied Bakhmut, was shelled.",
        "Shelling of Ivanivka near the Russian-held town of Bakhmut.",
    ],
)
def test_a_place_said_to_be_near_a_town_lies_near_it(ua: Gazetteer, text: str) -> None:
    """Of the hundred Ivanivkas, one by Bakhmut: a bigger one 270 km away had won on its size."""
    ivanivka, *_ = mentions = ua.find_mentions(text, on=date(2023, 6, 1))
    (bakhmut,) = [m for m in mentions if m.place.name == "Bakhmut"]
    assert within_km(
        ivanivka.place.latitude, ivanivka.place.longitude, bakhmut.place.latitude, bakhmut.place.longitude, 40
    )


@pytest.mark.shared
@pytest.mark.parametrize(
    "text",
    [
        "Shelling of Ivanivka on the Bakhmut front.",
        "Обстріл Іванівки на Бахмутському напрямку.",
        "In the Bakhmut direction, Russian forces attacked near Ivanivka.",  # the axis heads the sentence
        "Bakhmut direction: Russian forces attacked near Ivanivka.",
        "На Бахмутському напрямку ворог атакував поблизу Іванівки.",
    ],
)
def test_a_place_on_a_towns_axis_lies_within_its_reach(ua: Gazetteer, text: str) -> None:
    mentions = ua.find_mentions(text, on=date(2023, 6, 1))
    (bakhmut,) = [m for m in mentions if m.qualifier == "direction"]
    (ivanivka,) = [m for m in mentions if m is not bakhmut]
    assert within_km(
        ivanivka.place.latitude, ivanivka.place.longitude, bakhmut.place.latitude, bakhmut.place.longitude, 60
    )


@pytest.mark.shared
def test_places_named_together_lie_near_each_other(ua: Gazetteer) -> None:
    """Of the Vodianes, the one 25 km from Chuhuiv, not Zaporizhzhia oblast's on another front."""
    vodiane, chuhuiv = ua.find_mentions(
        "Ukrainian forces repelled attacks near Vodiane and Chuhuiv.", on=date(2024, 6, 1)
    )
    assert vodiane.place.admin1 == chuhuiv.place.admin1 == "Kharkiv Oblast"
    assert within_km(
        vodiane.place.latitude, vodiane.place.longitude, chuhuiv.place.latitude, chuhuiv.place.longitude, 40
    )


@pytest.mark.shared
def test_the_places_of_a_list_lie_together(ua: Gazetteer) -> None:
    """A General Staff report's list names one stretch of front: its uncertain places lie near its sure
    ones, and a sure place far from all the others, which lie together, is a namesake of theirs."""
    text = "Відбито атаки поблизу Куп'янська, Синьківки, Петропавлівки, Кругляківки та Піщаного."
    *_, kruhliakivka, pishchane = ua.find_mentions(text, on=date(2024, 11, 10))
    assert pishchane.place.admin1 == "Kharkiv Oblast"  # not the Pishchane by Pokrovsk
    k = kruhliakivka.place
    assert within_km(pishchane.place.latitude, pishchane.place.longitude, k.latitude, k.longitude, 40)
    text = "Противник атакував у районах населених пунктів Макіївка, Греківка, Терни, Ямполівка та Торське."
    makiivka, *_ = ua.find_mentions(text, on=date(2024, 11, 10))
    assert (makiivka.place.admin1, makiivka.place.population < 10_000) == ("Luhansk Oblast", True)
    # a list of cities far apart is each city
    cities = ua.find_mentions("Russian missiles hit Kharkiv, Makiivka and Odesa.", on=date(2024, 11, 10))
    assert [m.place.population > 100_000 for m in cities] == [True, True, True]


@pytest.mark.shared
def test_a_bearing_heading_a_list_holds_for_each_place_of_it(ua: Gazetteer) -> None:
    """ISW's "east of Pokrovsk near Myrnohrad and Rivne": the village Rivne by Pokrovsk, not the
    oblast capital 750 km west that a bare "Rivne" means."""
    text = "Russian forces continued offensive operations east of Pokrovsk near Myrnohrad and Rivne."
    pokrovsk, _myrnohrad, rivne = ua.find_mentions(text, on=date(2024, 12, 6))
    assert pokrovsk.relation == "east of" and rivne.place.admin1 == "Donetsk Oblast"
    assert within_km(
        rivne.place.latitude, rivne.place.longitude, pokrovsk.place.latitude, pokrovsk.place.longitude, 10
    )
    # without the bearing, the city
    (alone,) = ua.find_mentions("Russian drones struck Rivne.", on=date(2024, 12, 6))
    assert alone.place.admin1 == "Rivne Oblast"


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "gid"),
    [
        ("Russian troops struck Myrne southwest of Tokmak.", 10951578),
        ("Russian troops struck Yehorivka east of Svatove.", 808699),
        ("Бої за Андріївку за 10 км на південь від Бахмута.", 9114136),
    ],
)
def test_a_bearing_right_after_a_place_needs_no_comma(ua: Gazetteer, text: str, gid: int) -> None:
    """ "Myrne southwest of Tokmak": the Myrne that lies that way, not a bigger one elsewhere (the bearing
    held only after a comma or a bracket)."""
    place, _ = ua.find_mentions(text, on=date(2024, 6, 1))
    assert place.place.geonameid == gid


@pytest.mark.shared
def test_a_bearing_after_a_list_holds_for_each_place_of_it(ua: Gazetteer) -> None:
    """ "Dachne, Andriivka and Uspenivka, southwest of Pokrovsk": the Dachne and the Andriivka of the
    Pokrovsk front (each of several namesakes in Donetsk oblast), not those to its north and east."""
    text = "Russian forces attacked near Dachne, Andriivka and Uspenivka, southwest of Pokrovsk."
    *listed, pokrovsk = ua.find_mentions(text)
    assert pokrovsk.relation == "southwest of"
    for m in listed:
        assert (
            m.place.latitude < pokrovsk.place.latitude and m.place.longitude < pokrovsk.place.longitude + 0.1
        )
        assert within_km(
            m.place.latitude, m.place.longitude, pokrovsk.place.latitude, pokrovsk.place.longitude, 40
        )
