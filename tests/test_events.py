"""The event schema: ACLED's columns and types, our x_ columns, the typed record and its checks."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

import frontline.events
import frontline.extract.dates
import frontline.extract.reports
import frontline.io
from frontline.events import (
    ACLED_COLUMNS,
    COLUMNS,
    EVENT_TYPES,
    Event,
    SchemaError,
    check_types,
    empty_events,
    events_frame,
    records,
)

# DESIGN.md's list, in its order.
DESIGN_ACLED = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
    "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
    "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
    "tags timestamp"
).split()
DESIGN_X = (
    "x_geonameid x_claim_by x_confidence x_control_from x_control_to x_source_url x_quote x_report_id".split()
)


def make(**changes) -> Event:
    fields = {
        "event_id_cnty": "UKR-FL-test",
        "event_date": date(2022, 9, 10),
        "time_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Government regains territory",
        "actor1": "Military Forces of Ukraine (2019-)",
        "latitude": 49.71003,
        "longitude": 37.61581,
        "location": "Kupiansk",
        "country": "Ukraine",
        "iso": 804,
        "geo_precision": 1,
        "source": "Test",
        "x_geonameid": 703656,
        "x_control_from": "RU",
        "x_control_to": "UA",
    }
    return Event(**(fields | changes))


@pytest.mark.parametrize(
    "module", [frontline.events, frontline.extract.dates, frontline.extract.reports, frontline.io]
)
def test_doctests(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


def test_columns_follow_design_order() -> None:
    assert list(ACLED_COLUMNS) == DESIGN_ACLED
    assert list(COLUMNS) == DESIGN_ACLED + DESIGN_X


def test_acled_has_six_types_and_twenty_five_sub_types() -> None:
    assert len(EVENT_TYPES) == 6
    subs = [s for group in EVENT_TYPES.values() for s in group]
    assert len(subs) == 25 == len(set(subs))
    assert "Non-violent transfer of territory" in EVENT_TYPES["Strategic developments"]
    assert "Air/drone strike" in EVENT_TYPES["Explosions/Remote violence"]


@pytest.mark.parametrize(
    ("event_type", "sub"),
    [
        ("Battles", "Shelling/artillery/missile attack"),
        ("Fighting", "Armed clash"),
        ("battles", "Armed clash"),
    ],
)
def test_unknown_types_are_refused(event_type: str, sub: str) -> None:
    with pytest.raises(SchemaError, match="must be one of"):
        check_types(event_type, sub)
    with pytest.raises(SchemaError):
        make(event_type=event_type, sub_event_type=sub)


@pytest.mark.parametrize(
    "changes",
    [
        {"x_confidence": "likely"},
        {"x_control_to": "Ukraine"},
        {"latitude": 123.0},
    ],
)
def test_record_checks_its_values(changes: dict) -> None:
    with pytest.raises(SchemaError):
        make(**changes)


def test_frame_is_typed_points_in_wgs84() -> None:
    gdf = events_frame([make(), make(event_id_cnty="other", x_geonameid=None)])
    assert list(gdf.columns) == [*COLUMNS, "geometry"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.iloc[0].x == pytest.approx(37.61581)
    assert not gdf.geometry.has_z.any()
    assert gdf["event_date"].iloc[0] == "2022-09-10"
    assert gdf["year"].iloc[0] == 2022
    assert gdf["disorder_type"].iloc[0] == "Political violence"
    rows = records(gdf)
    assert rows[1]["x_geonameid"] is None and rows[0]["x_geonameid"] == 703656
    assert isinstance(rows[0]["iso"], int)


def test_empty_table_has_every_column() -> None:
    gdf = empty_events()
    assert len(gdf) == 0
    assert list(gdf.columns) == [*COLUMNS, "geometry"]
    assert gdf.crs.to_epsg() == 4326


def test_frame_does_not_change_its_input() -> None:
    import pandas as pd

    raw = pd.DataFrame([make().as_record()])
    before = raw.copy()
    frontline.events.conform(raw)
    pd.testing.assert_frame_equal(raw, before)


def test_missing_values_become_empty_text() -> None:
    import pandas as pd

    raw = pd.DataFrame(
        {"event_date": pd.to_datetime(["2022-09-10", None]), "notes": ["shelled", None], "tags": [pd.NA] * 2}
    )
    gdf = frontline.events.conform(raw)
    assert gdf["event_date"].tolist() == ["2022-09-10", ""]  # NaT is a date to Python, yet missing
    assert gdf["notes"].tolist() == ["shelled", ""]
    assert gdf["tags"].tolist() == ["", ""]
    # text in pandas' own string type, whatever it came as (dates, pandas' NA, str)
    assert {str(gdf[c].dtype) for c in ("event_date", "notes", "tags", "actor1")} == {"str"}
