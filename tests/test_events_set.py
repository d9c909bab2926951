"""``frontline events set``: an analyst's corrections are recorded with who and when, and survive
re-extraction of the same report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontline.extract import Report, extract_events
from frontline.store import StoreError, append_events, correct_event, read_corrections, read_events

from .test_cli import assert_one_line_error, run

DAY = date(2024, 5, 10)
TEXT = "Russian forces shelled Kharkiv overnight. Russian forces shelled Kherson."


def extract_into(gaz, store: Path):
    return append_events(extract_events(Report(TEXT, DAY, "Wire A", "", "r1"), gaz, timestamp=0), store)


def ids(store: Path) -> dict[str, str]:
    return {row["location"]: row["event_id_cnty"] for row in read_events(store).to_dict("records")}


def test_corrections_survive_re_extraction(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    extract_into(embedded, store)
    found = ids(store)
    correct_event(found["Kharkiv"], store, confidence="claimed", analyst="anna")
    correct_event(found["Kherson"], store, drop=True, analyst="anna")
    after = {r["event_id_cnty"]: r for r in read_events(store).to_dict("records")}
    assert list(after) == [found["Kharkiv"]] and after[found["Kharkiv"]]["x_confidence"] == "claimed"
    again = extract_into(embedded, store)
    assert (again.added, again.dropped) == (0, 1)
    rows = read_events(store).to_dict("records")
    assert [(r["location"], r["x_confidence"]) for r in rows] == [("Kharkiv", "claimed")]
    recorded = read_corrections(store)
    assert [(c.field, c.value, c.analyst) for c in recorded] == [
        ("x_confidence", "claimed", "anna"),
        ("drop", "1", "anna"),
    ]
    assert all(c.at.endswith("Z") and c.at.startswith("20") for c in recorded)


def test_a_moved_event_keeps_its_place(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    extract_into(embedded, store)
    kharkiv = ids(store)["Kharkiv"]
    izium = {
        "location": "Izium",
        "latitude": 49.20697,
        "longitude": 37.27679,
        "x_geonameid": 707292,
        "admin1": "Kharkiv",
    }
    correct_event(kharkiv, store, place=izium)
    extract_into(embedded, store)
    rows = {r["event_id_cnty"]: r for r in read_events(store).to_dict("records")}
    assert len(rows) == 2
    moved = rows[kharkiv]
    assert (moved["location"], moved["x_geonameid"], moved["longitude"]) == ("Izium", 707292, 37.27679)
    assert read_events(store, bbox=(37.2, 49.1, 37.3, 49.3))["location"].tolist() == [
        "Izium"
    ]  # the geometry moved


def test_bad_corrections(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    extract_into(embedded, store)
    with pytest.raises(StoreError, match="has no event 'UKR-FL-nope'"):
        correct_event("UKR-FL-nope", store, drop=True)
    with pytest.raises(StoreError, match="nothing to set"):
        correct_event(ids(store)["Kharkiv"], store)
    with pytest.raises(StoreError, match="must be one of"):
        correct_event(ids(store)["Kharkiv"], store, confidence="sure")
    assert read_corrections(store) == []


def test_events_set_command(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    report = tmp_path / "r.txt"
    report.write_text(TEXT, encoding="utf-8")
    args = ["extract", str(report), "--date", "2024-05-10", "--source", "Wire A", "--store", str(store)]
    assert run(*args).returncode == 0
    kharkiv, kherson = ids(store)["Kharkiv"], ids(store)["Kherson"]
    moved = run("events", "set", kharkiv, "--place", "707292", "--analyst", "anna", "--store", str(store))
    assert moved.returncode == 0, moved.stderr.decode()
    assert "moved to Izium (geonameid 707292) — recorded by anna" in moved.stdout.decode()
    dropped = run("events", "set", kherson, "--drop", "--store", str(store))
    assert dropped.returncode == 0, dropped.stderr.decode()
    again = run(*args)
    out = again.stdout.decode()
    assert "0 new, 0 merged with events already stored, 1 already there, 1 dropped by an analyst" in out, out
    assert_one_line_error(
        run("events", "set", "UKR-FL-nope", "--drop", "--store", str(store)), "has no event"
    )
    assert_one_line_error(run("events", "set", kharkiv, "--place", "Qwzxv", "--store", str(store)), "Qwzxv")
