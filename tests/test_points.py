"""Points a text gives itself: coordinates and "N km <bearing> of X" make the location (issue 13)."""

from __future__ import annotations

import json
import math

import pytest

from frontline.geoparse import geoparse_json, geoparse_record
from gazetteer.points import POINT, coordinates_in


def _km(a: dict, b: dict) -> float:
    dy = (a["latitude"] - b["latitude"]) * 111.2
    dx = (a["longitude"] - b["longitude"]) * 111.2 * math.cos(math.radians(a["latitude"]))
    return math.hypot(dx, dy)


def _located(gaz, text: str) -> tuple[dict, dict]:
    out = geoparse_record({"id": 1, "text": text}, gaz)
    places = {m["name"]: m for m in out["places"]}
    return out["location"], places


def test_coordinates_written_in_a_post_are_the_location(any_gazetteer) -> None:
    loc, places = _located(any_gazetteer, "Geolocated: strike on a depot near Pokrovsk 📍48.2871, 37.1702")
    assert "Pokrovsk" in places  # the town is still a mention
    assert (loc["latitude"], loc["longitude"]) == (48.2871, 37.1702)
    assert loc["geonameid"] is None and loc["feature_code"] == POINT
    assert loc["text"] == "48.2871, 37.1702"


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("48°07'12\"N 37°34'48\"E", 48.12, 37.58),
        ("at 47.0951° N, 37.5413° E", 47.0951, 37.5413),
        ("-33.8688, 151.2093", -33.8688, 151.2093),
    ],
)
def test_coordinate_forms(text: str, lat: float, lon: float) -> None:
    (m,) = coordinates_in(text)
    assert (m.place.latitude, m.place.longitude) == pytest.approx((lat, lon))
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "Losses: 1.500, 2.000 and 3.500 soldiers",  # European thousands
        "rates 12.5, 13.75 per cent",
        "99.12345, 37.12345",  # no latitude beyond 90
    ],
)
def test_numbers_that_are_not_a_point(text: str) -> None:
    assert coordinates_in(text) == []


@pytest.mark.parametrize(
    ("text", "distance_km", "north", "east"),
    [
        ("Shelling 13 km east of Pokrovsk overnight.", 13, 0, 1),
        ("An ammunition depot 5 km north-west of Pokrovsk was hit.", 5, 1, -1),
        ("Удар за 10 км на південь від Покровська.", 10, -1, 0),
        ("Обстрел в 8 км севернее Покровска.", 8, 1, 0),
    ],
)
def test_a_distance_and_bearing_move_the_location(any_gazetteer, text, distance_km, north, east) -> None:
    loc, places = _located(any_gazetteer, text)
    town = next(m for m in places.values() if m["name"] == "Pokrovsk" and m["admin1"] == "Donetsk Oblast")
    assert _km(loc, town) == pytest.approx(distance_km, rel=0.03)
    assert loc["geonameid"] is None and loc["feature_code"] == POINT
    assert loc["admin1"] == "Donetsk Oblast" and "Pokrovsk" in loc["name"]
    dy, dx = loc["latitude"] - town["latitude"], loc["longitude"] - town["longitude"]
    assert (north == 0 or dy * north > 0.02) and (east == 0 or dx * east > 0.02)
    assert (north != 0 or abs(dy) < 0.01) and (east != 0 or abs(dx) < 0.01)


@pytest.mark.parametrize(
    "text",
    [
        "Shelling 5 km from Pokrovsk.",  # a distance without a bearing
        "Shelling north of Pokrovsk.",  # a bearing without a distance
        "Shelling 300 km east of Pokrovsk.",  # too far for the town to locate it
        "In 2 days, fighting east of Pokrovsk grew.",  # a number that is no distance
    ],
)
def test_the_place_itself_without_a_distance_and_bearing(any_gazetteer, text: str) -> None:
    loc, _ = _located(any_gazetteer, text)
    assert loc["name"] == "Pokrovsk" and loc["geonameid"] is not None


@pytest.mark.parametrize(
    "text",
    [
        "Shelling on the road between Pokrovsk and Myrnohrad.",
        "Обстріл на дорозі між Покровськом та Мирноградом.",
    ],
)
def test_between_two_places_is_the_middle_of_them(any_gazetteer, text: str) -> None:
    loc, places = _located(any_gazetteer, text)
    pokrovsk = next(m for m in places.values() if m["name"] == "Pokrovsk")
    myrnohrad = next(m for m in places.values() if m["name"] == "Myrnohrad")
    assert loc["geonameid"] is None and loc["feature_code"] == POINT
    assert loc["latitude"] == pytest.approx((pokrovsk["latitude"] + myrnohrad["latitude"]) / 2)
    assert loc["longitude"] == pytest.approx((pokrovsk["longitude"] + myrnohrad["longitude"]) / 2)


def test_between_places_far_apart_is_no_point(any_gazetteer) -> None:
    loc, _ = _located(any_gazetteer, "Trains run between Pokrovsk and Lviv again.")
    assert loc["geonameid"] is not None


def test_the_cli_writes_a_point_as_the_api_gives_it(any_gazetteer) -> None:
    record = {"id": 7, "text": "Strike 5 km north-west of Pokrovsk; 📍48.2871, 37.1702"}
    written = json.loads(geoparse_json(record, any_gazetteer))
    assert written == geoparse_record(record, any_gazetteer)
    assert written["location"]["geonameid"] is None
