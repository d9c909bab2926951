"""``frontline extract`` and ``frontline events import|export`` as users run them: real processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_cli import assert_one_line_error, run

REPORT = (
    "KHARKIV, Sept 10 (Wire) - Ukrainian forces liberated Balakliia and entered Kupiansk, the General "
    "Staff said. Russian artillery shelled Kharkiv overnight, the regional governor said.\n"
)

#: The fewest columns an ACLED CSV import takes.
ACLED_HEADER = "event_id_cnty,event_date,event_type,sub_event_type,latitude,longitude\n"


@pytest.fixture(scope="module", autouse=True)
def warm_index(embedded) -> None:
    """Build the embedded index once before the subprocesses use it."""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store" / "events.gpkg"


def test_help() -> None:
    for args in (
        ["extract", "--help"],
        ["events", "--help"],
        ["events", "import", "--help"],
        ["events", "export", "--help"],
    ):
        proc = run(*args)
        assert proc.returncode == 0, proc.stderr
        assert b"Usage" in proc.stdout


def test_extract_json_then_store_once(tmp_path: Path, store: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    proc = run(
        "extract", str(report), "--date", "2022-09-10", "--source", "Wire", "--store", str(store), "--json"
    )
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert {e["location"] for e in events} == {"Balakliia", "Kupiansk", "Kharkiv"}
    first = events[0]
    assert list(first)[:3] == ["event_id_cnty", "event_date", "year"] and "x_confidence" in first
    assert all(e["source"] == "Wire" and e["event_date"] == "2022-09-10" for e in events)
    assert b"3 new" in proc.stderr
    again = run("extract", str(report), "--date", "2022-09-10", "--source", "Wire", "--store", str(store))
    assert again.returncode == 0, again.stderr
    assert b"0 new" in again.stdout and b"(3 events)" in again.stdout


def test_extract_jsonl_records(tmp_path: Path, store: Path) -> None:
    path = tmp_path / "reports.jsonl"
    records = [
        {"id": "a", "text": "Drones struck Odesa overnight.", "date": "2023-07-19", "source": "A"},
        {
            "id": "b",
            "text": "Drones struck Odesa overnight, the governor said.",
            "date": "2023-07-19",
            "source": "B",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    proc = run("extract", str(path), "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    assert b"1 new, 0 merged" in proc.stdout  # the second record is the same event: merged on write
    out = store.parent / "out.geojson"
    assert run("events", "export", str(out), "--store", str(store)).returncode == 0
    (feature,) = json.loads(out.read_text())["features"]
    assert feature["properties"]["source"] == "A; B" and feature["properties"]["x_report_id"] == "a; b"


def test_import_export_round_trip(tmp_path: Path, store: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    assert run("extract", str(report), "--date", "2022-09-10", "--store", str(store)).returncode == 0
    for ext in ("csv", "geojson", "kml", "gpkg"):
        out = tmp_path / f"events.{ext}"
        proc = run(
            "events", "export", str(out), "--store", str(store), "--side", "UA", "--start", "2022-09-01"
        )
        assert proc.returncode == 0, proc.stderr
        other = tmp_path / f"other-{ext}.gpkg"
        proc = run("events", "import", str(out), "--store", str(other))
        assert proc.returncode == 0, proc.stderr
        assert b"2 events read" in proc.stdout and b"2 new" in proc.stdout  # the shelling of Kharkiv is RU's


def test_import_bad_rows_skip_or_fail(tmp_path: Path, store: Path) -> None:
    path = tmp_path / "acled.csv"
    good = "UKR1,16 May 2025,Battles,Armed clash,48.0,37.8\n"
    bad = "UKR2,someday,Battles,Armed clash,48.0,37.8\n"  # line 3: no date
    path.write_text(ACLED_HEADER + good + bad, encoding="utf-8")
    failed = run("events", "import", str(path), "--store", str(store), "--on-error", "fail")
    assert_one_line_error(failed, "line 3", "--on-error skip")
    assert not store.exists()
    skipped = run("events", "import", str(path), "--store", str(store))
    assert skipped.returncode == 0
    assert b"line 3" in skipped.stderr and b"1 new" in skipped.stdout


@pytest.mark.parametrize(
    ("name", "payload", "args", "fragments"),
    [
        ("r.txt", b"\x00\x01binary", ["--date", "2022-01-01"], ["binary"]),
        ("r.txt", "Обстріл Харкова".encode("cp1251"), ["--date", "2022-01-01"], ["not UTF-8"]),
        ("r.txt", b"Shelling in Kharkiv.", [], ["--date"]),
        ("r.txt", b"Shelling in Kharkiv.", ["--date", "10.09.2022"], ["not an ISO date"]),
        ("r.jsonl", b'{"text": "x", "date": "2022-01-01"}\nnot json\n', ["--date", "2022-01-01"], ["line 2"]),
    ],
)
def test_extract_bad_input_stores_nothing(
    tmp_path: Path, store: Path, name: str, payload: bytes, args: list[str], fragments: list[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(payload)
    proc = run("extract", str(good), str(bad), *args, "--store", str(store))
    assert_one_line_error(proc, *fragments)
    assert not store.exists()  # the good file before the bad one was not stored either


def test_bad_store_and_export_arguments(tmp_path: Path) -> None:
    notes = tmp_path / "notes.gpkg"
    notes.write_text("not a database")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    assert_one_line_error(
        run("extract", str(report), "--date", "2022-09-10", "--store", str(notes)), "not a GeoPackage"
    )
    assert notes.read_text() == "not a database"
    assert_one_line_error(run("events", "export", str(tmp_path / "x.xlsx")), "unknown format")
    assert_one_line_error(run("events", "export", str(tmp_path / "x.csv"), "--bbox", "1,2,3"), "--bbox")
    assert_one_line_error(run("events", "export", str(tmp_path / "x.csv"), "--type", "Bombing"), "Bombing")
    assert_one_line_error(run("events", "import", str(tmp_path / "missing.csv")), "no such file")


def test_an_empty_report_is_refused_and_boilerplate_makes_no_events(tmp_path: Path, store: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n")
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><nav>Home | Kharkiv | Odesa</nav><footer>© 2024 Sumy Online</footer></body></html>"
    )
    # an empty file among others is an error, and nothing is stored: not even a new, empty store
    proc = run("extract", str(empty), str(page), "--date", "2024-03-14", "--store", str(store))
    assert_one_line_error(proc, "empty.txt is empty")
    assert not store.exists()
    nothing = run("extract", "-", "--date", "2024-03-14", "--store", str(store), stdin=b"")
    assert_one_line_error(nothing, "stdin is empty")
    proc = run("extract", str(page), "--date", "2024-03-14", "--store", str(store), "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""


def test_extract_from_stdin(store: Path) -> None:
    proc = run(
        "extract", "-", "--date", "2024-05-25", "--store", str(store), "--json",
        stdin=b"Two guided bombs hit a hardware store in Kharkiv, the governor said.",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (event,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert event["location"] == "Kharkiv" and event["sub_event_type"] == "Air/drone strike"
    assert event["source"] == "stdin"
