"""One event told by several sources (issue 17): same place, sub-event type and day → one stored event,
every source listed, the strongest confidence, confirmed by two independent sources; ``x_sources``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from frontline.extract import Report, extract_events
from frontline.store import append_events, read_events

DAY = date(2024, 5, 10)
SHELLED = "Russian forces shelled Kharkiv overnight."


def told(gaz, text: str, source: str, rid: str, *, when: date = DAY) -> list:
    return extract_events(Report(text, when, source, f"https://example.org/{rid}", rid), gaz, timestamp=0)


def stored(store: Path) -> dict:
    table = read_events(store, sources=True)
    return {row["event_id_cnty"]: row for row in table.to_dict("records")}


def test_two_independent_sources_make_one_confirmed_event(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    append_events(told(embedded, SHELLED, "Wire A", "a1"), store)
    (row,) = stored(store).values()
    assert (row["x_confidence"], row["x_sources"]) == ("reported", 1)
    summary = append_events(told(embedded, "Russian artillery shelled Kharkiv.", "Wire B", "b1"), store)
    assert (summary.added, summary.merged) == (0, 1)
    (row,) = stored(store).values()
    assert row["source"] == "Wire A; Wire B" and row["x_sources"] == 2
    assert row["x_report_id"] == "a1; b1"
    assert row["x_confidence"] == "confirmed"


def test_one_source_told_twice_is_still_one_source(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    append_events(told(embedded, SHELLED, "Wire A", "a1"), store)
    append_events(told(embedded, "Russian artillery shelled Kharkiv.", "Wire A", "a2"), store)
    (row,) = stored(store).values()
    assert (row["x_confidence"], row["x_sources"]) == ("reported", 1)


def test_a_party_claim_does_not_confirm_but_the_strongest_level_stays(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    append_events(told(embedded, SHELLED, "Wire A", "a1"), store)
    claim = "Russian forces shelled Kharkiv overnight, the regional governor said."
    append_events(told(embedded, claim, "Wire B", "b1"), store)
    (row,) = stored(store).values()
    assert row["x_confidence"] == "reported"  # the governor is a party: a claim confirms nothing
    assert row["x_claim_by"] == "Ukrainian local officials" and row["x_sources"] == 2


def test_a_denial_still_stands_across_sources(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    claim = "Prigozhin says Wagner has taken full control of Bakhmut."
    append_events(told(embedded, claim + " Kyiv denies it.", "Wire A", "a1"), store)
    append_events(told(embedded, claim, "Wire B", "b1"), store)
    (row,) = stored(store).values()
    assert row["x_confidence"] == "disputed" and row["x_sources"] == 2


def test_another_day_or_type_is_another_event(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    append_events(told(embedded, SHELLED, "Wire A", "a1"), store)
    append_events(told(embedded, SHELLED, "Wire B", "b1", when=date(2024, 5, 11)), store)
    append_events(told(embedded, "Russian drones struck Kharkiv overnight.", "Wire C", "c1"), store)
    rows = stored(store).values()
    assert len(rows) == 3 and {r["x_sources"] for r in rows} == {1}
    assert {r["x_confidence"] for r in rows} == {"reported"}
