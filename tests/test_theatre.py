"""The theatre prior stored in the index at build time equals the prior computed directly, to the bit:
precomputing it makes resolving faster and must never change a result."""

from __future__ import annotations

import random
from datetime import date

import pytest

from gazetteer import Gazetteer, Theatre, embedded_theatre
from gazetteer.cache import open_index
from gazetteer.index import PlaceIndex
from gazetteer.sources import source_from_path

from .fixtures import write_dump

DAYS = [None, date(2013, 1, 1), date(2014, 6, 1), date(2016, 3, 1), date(2022, 3, 15), date(2022, 9, 20)]
DAYS += [date(2023, 6, 1), date(2024, 8, 1), date(2027, 1, 1)]


def fresh(theatre: Theatre) -> Theatre:
    """The same theatre with empty memos: every value computed anew."""
    return Theatre(theatre.lines, theatre.areas, weight=theatre.weight, scale_km=theatre.scale_km)


def test_table_equals_the_direct_prior_for_sampled_points() -> None:
    rng = random.Random(13)
    # the front, the rest of Ukraine, its neighbours and points far away (0 everywhere)
    points = [(rng.uniform(44.0, 52.5), rng.uniform(22.0, 41.0)) for _ in range(400)]
    points += [(48.2, 37.85), (50.45, 30.52), (-33.9, 18.4), (64.1, -21.9)]
    theatre = embedded_theatre()
    table = theatre.table(points)
    direct = fresh(theatre)
    areas = tuple(True for _ in theatre.areas)
    assert table.bonuses.shape == (len(points), len(table.periods))
    for j, key in enumerate(table.periods):
        for i, (lat, lon) in enumerate(points):
            assert table.bonuses[i, j] == direct.line_bonus_in((*key, *areas), lat, lon), (lat, lon, key)
    assert table.bonuses.any() and not table.bonuses[-2:].any()


def test_every_day_has_a_stored_period() -> None:
    theatre = embedded_theatre()
    periods = set(theatre.line_periods())
    for day in [*DAYS, *(date(y, m, 1) for y in range(2012, 2028) for m in range(1, 13))]:
        assert theatre.line_period(theatre.period(day)) in periods, day


def test_a_theatre_of_its_own_is_computed_not_read_from_the_index(tmp_path) -> None:
    index = open_index([source_from_path(write_dump(tmp_path))])
    assert index.theatre_columns(embedded_theatre()) is not None
    own = Theatre(embedded_theatre().lines, embedded_theatre().areas, weight=2.0)
    assert index.theatre_columns(own) is None
    line = Theatre.from_lines([("line", date(2015, 1, 1), date(2021, 12, 31), True, [(48.3, 38.0)])])
    assert index.theatre_columns(line) is None


def test_a_theatres_weights_are_read_only() -> None:
    """The index keeps a theatre's prior under its fingerprint: a weight changed after its first use
    would leave that stale, so a different weight is a new theatre."""
    theatre = embedded_theatre()
    with pytest.raises(AttributeError):
        theatre.weight = 5.0  # type: ignore[misc]
    assert theatre.weight == 3.0 and theatre.area_weight == 1.0


def test_the_published_maps_theatre_keeps_its_bases_weights() -> None:
    from pathlib import Path

    from frontline.control import read_snapshots, theatre_from_snapshots

    snapshots = read_snapshots(Path(__file__).parent / "data" / "deepstate-style-2022-09-10.geojson")
    base = Theatre(
        embedded_theatre().lines, embedded_theatre().areas, weight=2.0, scale_km=30.0, area_weight=0.5
    )
    got = theatre_from_snapshots(snapshots, base=base)
    assert (got.weight, got.scale_km, got.area_weight) == (2.0, 30.0, 0.5)


def _assert_stored_equals_direct(index: PlaceIndex, geonameids: list[int]) -> None:
    theatre = embedded_theatre()
    columns = index.theatre_columns(theatre)
    assert columns is not None
    places = index.places(geonameids)
    direct = fresh(theatre)
    for day in DAYS:
        period = theatre.period(day)
        column = columns[theatre.line_period(period)]
        for place in places.values():
            area = (place.country_code, place.admin1_code)
            stored = index.line_bonus(place.geonameid, column) + theatre.area_bonus_in(period, area)
            assert stored == direct.bonus_in(period, place.latitude, place.longitude, area), (place, day)


def test_the_tiny_index_stores_the_direct_prior(tmp_path) -> None:
    index = open_index([source_from_path(write_dump(tmp_path))])
    ids = [p.geonameid for p in index.iter_places(country_code="UA") if p.feature_class != "A"]
    _assert_stored_equals_direct(index, ids)


@pytest.mark.shared
def test_the_ua_index_stores_the_direct_prior_for_a_sample_of_places(ua: Gazetteer) -> None:
    ids = [p.geonameid for p in ua.iter_places(country_code="UA")]
    ids += [p.geonameid for p in ua.iter_places(country_code="RU")][:2000]
    sample = random.Random(5).sample(ids, 1500)
    _assert_stored_equals_direct(ua.index, sample)
    assert any(ua.index.line_bonus(g, 0) > 0 for g in sample)


@pytest.mark.shared
def test_resolving_with_the_stored_prior_is_resolving_without_it(ua: Gazetteer) -> None:
    computed = Gazetteer(ua.index, theatre=fresh(embedded_theatre()))
    # the direct computation, as for a theatre of one's own
    computed._scorer._columns = None
    computed._scorer._column = None
    text = "Shelling near Zaitsevo and Novoselivka; clashes at Vesele, Kharkiv oblast, and in Pervomaiske."
    for day in DAYS:
        got = [(m.place.geonameid, m.score) for m in ua.find_mentions(text, on=day) if m.place]
        want = [(m.place.geonameid, m.score) for m in computed.find_mentions(text, on=day) if m.place]
        assert got == want, day
