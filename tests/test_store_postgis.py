"""The PostGIS event store against a real server (see tests/postgis_server.py): the same merges as the
GeoPackage store, concurrent writers, rights, and bad input as one line.

In CI (``CI`` set) a missing server is a failure — ``make test`` installs it; elsewhere, a skip."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from frontline.confidence import merge
from frontline.events import COLUMNS
from frontline.store import ADDED_COLUMNS, StoreError, append_events, read_events, read_extra

from .postgis_server import Server, find_binaries, start
from .test_cli import assert_one_line_error, run
from .test_cli_events import ACLED_HEADER
from .test_store import BASE, FROM_WIRE_B, SHELLING, STRIKE_ON_KYIV

pytestmark = pytest.mark.postgis

_names = itertools.count()
#: One event to import, as the least an ACLED CSV holds.
ONE_EVENT_CSV = ACLED_HEADER + "UKR9,2024-05-25,Battles,Armed clash,49.7,37.6\n"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    bin_dir = find_binaries()
    if bin_dir is None or not any(Path("/usr/share/postgresql").glob("*/extension/postgis.control")):
        reason = "PostgreSQL or PostGIS is not installed (make test installs both)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    srv = start(bin_dir)
    try:
        srv.sql("CREATE ROLE analyst LOGIN PASSWORD 'secret'")
        srv.sql("CREATE ROLE reader LOGIN PASSWORD 'read-only'")
        yield srv
    finally:
        srv.stop()


def new_database(server: Server, *, postgis: bool = True) -> str:
    """A new database owned by ``analyst`` (with PostGIS, which only a superuser may add); its URL."""
    name = f"events{next(_names)}"
    server.sql(f"CREATE DATABASE {name} OWNER analyst")
    if postgis:
        server.sql("CREATE EXTENSION postgis", db=name)
    return server.url("analyst", "secret", name)


@pytest.fixture
def db(server: Server) -> str:
    return new_database(server)


def by_id(gdf):
    return gdf.sort_values("event_id_cnty").reset_index(drop=True)


def test_same_merges_as_the_geopackage(tmp_path: Path, db: str) -> None:
    import pandas as pd

    gpkg = tmp_path / "events.gpkg"
    other = replace(FROM_WIRE_B, x_confidence="disputed")
    third = replace(BASE, source="Wire C; Wire A", x_confidence="confirmed", fatalities=1)
    writes = [[BASE, SHELLING], [BASE, SHELLING], [other], [third, STRIKE_ON_KYIV], [other, other, third]]
    for events in writes:
        on_file, in_db = append_events(events, gpkg), append_events(events, db)
        assert (on_file.added, on_file.merged, on_file.unchanged, on_file.total) == (
            in_db.added,
            in_db.merged,
            in_db.unchanged,
            in_db.total,
        )
    assert "secret" not in str(in_db.path)
    got, want = by_id(read_events(db)), by_id(read_events(gpkg))
    pd.testing.assert_frame_equal(got, want)
    row = got.set_index("event_id_cnty").loc["UKR-FL-0001"]
    assert row["source"] == "Wire A; Wire B; Wire C"
    assert row["x_confidence"] == "confirmed" and row["fatalities"] == 3
    assert list(got.columns) == [*COLUMNS, "geometry"]


def test_queries_and_who_added(db: str) -> None:
    append_events([BASE, SHELLING], db, analyst="olena")
    append_events([STRIKE_ON_KYIV], db)

    def ids(**query) -> list[str]:
        return sorted(read_events(db, **query)["event_id_cnty"])

    assert ids(start=date(2022, 10, 1)) == ["UKR-FL-0002", "UKR-FL-0003"]
    assert ids(bbox=(35.0, 49.0, 38.0, 51.0)) == ["UKR-FL-0001", "UKR-FL-0002"]
    assert ids(event_type="Air/drone strike") == ["UKR-FL-0003"]
    assert ids(side="UA", event_type="Explosions/Remote violence") == ["UKR-FL-0002"]
    got = read_events(db, added=True)
    assert list(got.columns) == [*COLUMNS, *ADDED_COLUMNS, "geometry"]
    assert got["x_added_by"].tolist()[:2] == ["olena", "olena"] and got["x_added_by"].tolist()[2]
    assert str(got["x_added_at"].dtype) == "datetime64[us, UTC]"


def test_extra_columns_kept(db: str) -> None:
    import pandas as pd

    extra = pd.DataFrame(
        {"event_id_cnty": ["UKR-FL-0001"] * 2, "column": ["comment"] * 2, "value": ["a", "b"]}
    )
    append_events([BASE], db, extra=extra)
    append_events([BASE], db, extra=extra.assign(value="c"))
    assert read_extra(db).to_dict("records") == [
        {"event_id_cnty": "UKR-FL-0001", "column": "comment", "value": "a"}
    ]


def test_empty_database_reads_as_empty(db: str) -> None:
    gdf = read_events(db)
    assert len(gdf) == 0 and list(gdf.columns) == [*COLUMNS, "geometry"]


_WRITER = """
import sys
from dataclasses import replace
sys.path.insert(0, {tests!r})
from test_store import BASE
from frontline.store import append_events
url, i = sys.argv[1], int(sys.argv[2])
confidence = ("claimed", "unconfirmed", "disputed", "confirmed")[i % 4]
events = [
    replace(BASE, event_id_cnty=f"UKR-FL-c{{k}}", source=f"Wire {{i}}", x_report_id=f"r{{i}}",
            x_confidence=confidence, fatalities=i, latitude=48 + k * 1e-4)
    for k in range(i * 500, i * 500 + 1000)
]
print("ready", flush=True)
sys.stdin.readline()
s = append_events(events[::-1] if i % 2 else events, url)
print(s.added, s.merged, s.unchanged, flush=True)
"""


@pytest.mark.slow
def test_eight_writers_at_once(tmp_path: Path, db: str) -> None:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER.format(tests=str(Path(__file__).parent)))
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), db, str(i)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(8)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    for proc in procs:  # all at once
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
    counts = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        assert b"deadlock" not in err.lower()
        counts.append(tuple(map(int, out.split())))
    assert sum(c[0] for c in counts) == 4_500  # every distinct event added once, by one writer
    got = read_events(db).set_index("event_id_cnty")
    assert len(got) == 4_500 and got.index.is_unique
    confidences = ("claimed", "unconfirmed", "disputed", "confirmed")
    for k in (0, 499, 500, 1_777, 3_500, 4_499):
        writers = [i for i in range(8) if i * 500 <= k < i * 500 + 1000]
        row = got.loc[f"UKR-FL-c{k}"]
        assert sorted(row["source"].split("; ")) == sorted(f"Wire {i}" for i in writers)
        assert sorted(row["x_report_id"].split("; ")) == sorted(f"r{i}" for i in writers)
        assert row["fatalities"] == max(writers)
        assert row["x_confidence"] == merge(*(confidences[i % 4] for i in writers))


def test_a_reader_may_read_and_export_but_not_write(tmp_path: Path, server: Server, db: str) -> None:
    append_events([BASE, SHELLING], db)
    name = db.rsplit("/", 1)[1]
    server.sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", db=name)
    reader = server.url("reader", "read-only", name)
    assert len(read_events(reader)) == 2
    out = tmp_path / "out.geojson"
    proc = run("events", "export", str(out), "--store", reader)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Wrote 2 events" in proc.stdout.decode()
    with pytest.raises(StoreError, match="user 'reader' may not write events"):
        append_events([STRIKE_ON_KYIV], reader)
    csv = tmp_path / "in.csv"
    csv.write_text(ONE_EVENT_CSV, encoding="utf-8")
    proc = run("events", "import", str(csv), env={"FRONTLINE_STORE": reader})
    assert_one_line_error(proc, "may not write events", "GRANT")
    assert "read-only" not in proc.stderr.decode()  # the password
    assert len(read_events(db)) == 2


def test_bad_connections_are_one_line(server: Server, db: str) -> None:
    name = db.rsplit("/", 1)[1]
    wrong = server.url("analyst", "not-the-password", name)
    proc = run("events", "export", "/tmp/never-written.csv", "--store", wrong)
    assert_one_line_error(proc, "password authentication failed", "check the user and password", "***")
    assert "not-the-password" not in proc.stderr.decode()
    closed = f"postgresql://analyst:secret@127.0.0.1:{_closed_port()}/{name}"
    proc = run("events", "export", "/tmp/never-written.csv", "--store", closed)
    assert_one_line_error(proc, "cannot connect", "analyst:***@127.0.0.1", "PostgreSQL is running")
    missing = server.url("analyst", "secret", "no_such_db")
    proc = run("map", "--out", "/tmp/never.html", "--store", missing)
    assert_one_line_error(proc, "no_such_db", "createdb")
    assert not Path("/tmp/never-written.csv").exists()


def test_missing_postgis_is_one_line(tmp_path: Path, server: Server) -> None:
    url = new_database(server, postgis=False)
    assert len(read_events(url)) == 0  # nothing stored yet: nothing to read
    csv = tmp_path / "in.csv"
    csv.write_text(ONE_EVENT_CSV, encoding="utf-8")
    proc = run("events", "import", str(csv), "--store", url)
    assert_one_line_error(proc, "has no PostGIS extension", "CREATE EXTENSION postgis", "analyst:***@")


def test_store_option_from_the_environment(tmp_path: Path, db: str) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text(ONE_EVENT_CSV, encoding="utf-8")
    proc = run("events", "import", str(csv), "--analyst", "mykola", env={"FRONTLINE_STORE": db})
    assert proc.returncode == 0, proc.stderr.decode()
    assert "secret" not in proc.stdout.decode() and "***" in proc.stdout.decode()
    got = read_events(db, added=True)
    assert got["event_id_cnty"].tolist() == ["UKR9"] and got["x_added_by"].tolist() == ["mykola"]


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_second_independent_source_confirms_as_on_file(tmp_path: Path, db: str) -> None:
    gpkg = tmp_path / "events.gpkg"
    first = replace(BASE, source="Wire A", x_confidence="reported", x_claim_by="")
    same_source = replace(first, x_report_id="a2")
    second = replace(first, source="Wire B", x_report_id="b1")
    for events in ([first], [same_source], [second]):
        append_events(events, gpkg)
        append_events(events, db)
        assert (
            by_id(read_events(db))["x_confidence"].tolist()
            == by_id(read_events(gpkg))["x_confidence"].tolist()
        )
    row = read_events(db, sources=True).set_index("event_id_cnty").loc["UKR-FL-0001"]
    assert (row["x_confidence"], row["source"], row["x_sources"]) == ("confirmed", "Wire A; Wire B", 2)


def test_corrections_as_on_file(tmp_path: Path, db: str) -> None:
    from frontline.store import correct_event, read_corrections

    gpkg = tmp_path / "events.gpkg"
    for where in (gpkg, db):
        append_events([BASE, SHELLING], where)
        correct_event("UKR-FL-0001", where, confidence="disputed", analyst="anna")
        correct_event("UKR-FL-0002", where, drop=True, analyst="anna")
        summary = append_events([BASE, SHELLING], where)
        assert (summary.added, summary.dropped) == (0, 1)
    got, want = by_id(read_events(db)), by_id(read_events(gpkg))
    assert got["event_id_cnty"].tolist() == want["event_id_cnty"].tolist() == ["UKR-FL-0001"]
    assert got["x_confidence"].tolist() == want["x_confidence"].tolist() == ["disputed"]
    assert [(c.field, c.analyst) for c in read_corrections(db)] == [
        ("x_confidence", "anna"),
        ("drop", "anna"),
    ]
