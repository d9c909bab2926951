"""``frontline review``: the events to check first, most urgent first, and why."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from frontline.extract import Report, extract_events
from frontline.review import REASONS, review_queue
from frontline.store import append_events, read_events

from .test_cli import run

DAY = date(2024, 5, 10)
REPORTS = [
    ("Prigozhin says Wagner has taken full control of Bakhmut. Kyiv denies it.", "Wire A"),  # conflict
    ("Russia's Defence Ministry said its troops captured Ocheretyne.", "Wire A"),  # control claimed
    ("Ukrainian forces entered Kupiansk.", "Wire A"),  # one source for a change of control
    ("Russian forces shelled Kharkiv overnight, the regional governor said.", "Wire A"),  # claim only
    ("Reportedly, Russian drones struck Sumy.", "Wire A"),  # unconfirmed
    ("Russian forces shelled Kherson overnight.", "Wire A"),  # reported by one source: nothing to check
    ("Russian forces shelled Kherson overnight.", "Wire B"),  # ... and now confirmed by a second
]


def fill(gaz, store: Path) -> None:
    for i, (text, source) in enumerate(REPORTS):
        append_events(extract_events(Report(text, DAY, source, "", f"r{i}"), gaz, timestamp=0), store)


def test_review_orders_by_urgency_and_leaves_settled_events_out(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    fill(embedded, store)
    queue = review_queue(read_events(store))
    first = {row["location"]: row["reasons"].split(", ")[0] for row in queue.to_dict("records")}
    assert first == {
        "Bakhmut": "conflict",
        "Ocheretyne": "control claimed",
        "Kharkiv": "claim only",
        "Sumy": "unconfirmed",
        "Kupiansk": "one source",
    }
    urgency = [REASONS.index(r.split(", ")[0]) for r in queue["reasons"]]
    assert urgency == sorted(urgency)
    assert "Kherson" not in first  # two independent sources: confirmed
    assert len(review_queue(read_events(store), limit=2)) == 2


def test_review_command(embedded, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    fill(embedded, store)
    proc = run("review", "--store", str(store), "--json", "--limit", "3")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["location"] for r in rows] == ["Bakhmut", "Ocheretyne", "Kharkiv"]
    assert rows[0]["x_sources"] == 1 and rows[0]["reasons"] == "conflict"
    text = run("review", "--store", str(store))
    assert "Bakhmut" in text.stdout.decode() and "[conflict]" in text.stdout.decode()
    empty = run("review", "--store", str(tmp_path / "none.gpkg"))
    assert empty.returncode == 0 and "nothing to review" in empty.stdout.decode()


class _Namesakes:
    """A gazetteer that finds two places of a name almost equally likely (as Lyman has namesakes)."""

    def resolve(self, name: str, **_: object) -> list:
        from gazetteer import Candidate, Place

        if name != "Lyman":
            return [Candidate(Place(1, name, 0, 0, "P", "PPL", "UA", "", "", "", 0, name), 0.95, "name")]
        return [
            Candidate(
                Place(2, "Lyman", 49, 37.8, "P", "PPL", "UA", "Donetsk Oblast", "", "", 20000, "Lyman"),
                0.6,
                "n",
            ),
            Candidate(
                Place(3, "Lyman", 49.6, 36.4, "P", "PPL", "UA", "Kharkiv Oblast", "", "", 900, "Lyman"),
                0.55,
                "n",
            ),
        ]


def test_a_place_with_a_close_namesake_is_to_check() -> None:
    import pandas as pd

    events = pd.DataFrame(
        {
            "event_id_cnty": ["a", "b"],
            "event_date": ["2024-05-01", "2024-05-01"],
            "location": ["Lyman", "Kharkiv"],
            "x_quote": ["Fighting near Lyman.", "Shelling of Kharkiv."],
            "x_confidence": ["reported", "reported"],
            "x_claim_by": ["", ""],
            "x_control_to": ["", ""],
            "source": ["Wire A", "Wire A"],
            "geo_precision": [1, 1],
        }
    )
    assert review_queue(events).empty  # without a gazetteer nothing is wrong with them
    queue = review_queue(events, gaz=_Namesakes())  # type: ignore[arg-type]
    assert queue[["event_id_cnty", "reasons"]].values.tolist() == [["a", "place uncertain"]]
