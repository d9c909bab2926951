"""The GeoPackage event store: columns, queries, merging, and that it loses nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from frontline.events import COLUMNS, Event, events_frame
from frontline.store import (
    LAYER,
    StoreError,
    StoreLockedError,
    append_events,
    default_store_path,
    read_events,
)

BASE = Event(
    event_id_cnty="UKR-FL-0001",
    event_date=date(2022, 9, 10),
    time_precision=1,
    event_type="Battles",
    sub_event_type="Government regains territory",
    actor1="Military Forces of Ukraine (2019-)",
    actor2="Military Forces of Russia (2000-)",
    latitude=49.71003,
    longitude=37.61581,
    location="Kupiansk",
    country="Ukraine",
    iso=804,
    geo_precision=1,
    source="Wire A",
    x_geonameid=703656,
    x_claim_by="General Staff of Ukraine",
    x_confidence="claimed",
    x_control_from="RU",
    x_control_to="UA",
    x_report_id="a1",
)
SHELLING = replace(
    BASE,
    event_id_cnty="UKR-FL-0002",
    event_date=date(2023, 12, 30),
    event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack",
    actor1="Military Forces of Ukraine (2019-)",
    actor2="Civilians (Russia)",
    latitude=50.60343,
    longitude=36.58091,
    location="Belgorod",
    country="Russia",
    iso=643,
    x_geonameid=578072,
    x_control_from="",
    x_control_to="",
)
STRIKE_ON_KYIV = replace(
    SHELLING,
    event_id_cnty="UKR-FL-0003",
    event_date=date(2022, 10, 17),
    sub_event_type="Air/drone strike",
    actor1="Military Forces of Russia (2000-)",
    actor2="Civilians (Ukraine)",
    latitude=50.45466,
    longitude=30.5238,
    location="Kyiv",
    country="Ukraine",
    iso=804,
    x_geonameid=703448,
)


def test_default_path_honours_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    assert default_store_path() == tmp_path / "events.gpkg"
    append_events([BASE])
    assert len(read_events()) == 1


def test_absent_and_empty_store_read_as_empty_table(tmp_path: Path) -> None:
    (tmp_path / "empty.gpkg").touch()
    for path in (tmp_path / "none.gpkg", tmp_path / "empty.gpkg"):
        gdf = read_events(path)
        assert len(gdf) == 0 and list(gdf.columns) == [*COLUMNS, "geometry"]
        assert gdf.crs.to_epsg() == 4326


def test_store_is_a_geopackage_with_exact_columns(tmp_path: Path) -> None:
    import pyogrio

    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING], path)
    assert path.read_bytes()[68:72] == b"GPKG"
    info = pyogrio.read_info(path, layer=LAYER)
    assert list(info["fields"]) == list(COLUMNS)
    assert info["geometry_type"] == "Point" and "4326" in info["crs"]
    gdf = read_events(path)
    assert list(gdf["event_date"]) == ["2022-09-10", "2023-12-30"]
    assert gdf["x_geonameid"].tolist() == [703656, 578072]


def test_same_report_twice_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    first = append_events([BASE, SHELLING], path)
    before = path.read_bytes()
    second = append_events([BASE, SHELLING], path)
    assert (first.added, second.added, second.merged, second.unchanged) == (2, 0, 0, 2)
    assert path.read_bytes() == before  # not even rewritten
    assert len(read_events(path)) == 2


def test_same_event_from_two_sources_is_one_event(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE], path)
    other = replace(
        BASE,
        source="Wire B",
        x_report_id="b7",
        x_source_url="https://b.example/7",
        x_claim_by="Ukrainian local officials",
        x_confidence="confirmed",
        fatalities=3,
    )
    summary = append_events([other], path)
    assert (summary.added, summary.merged) == (0, 1)
    (row,) = read_events(path).to_dict("records")
    assert row["source"] == "Wire A; Wire B"
    assert row["x_report_id"] == "a1; b7"
    assert row["x_claim_by"] == "General Staff of Ukraine; Ukrainian local officials"
    assert row["x_confidence"] == "confirmed" and row["fatalities"] == 3
    assert append_events([other], path).merged == 0  # and a third time changes nothing


def test_queries(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING, STRIKE_ON_KYIV], path)

    def ids(**query) -> list[str]:
        return sorted(read_events(path, **query)["event_id_cnty"])

    assert ids(start=date(2022, 10, 1)) == ["UKR-FL-0002", "UKR-FL-0003"]
    assert ids(end=date(2022, 10, 17)) == ["UKR-FL-0001", "UKR-FL-0003"]
    assert ids(start=date(2022, 9, 10), end=date(2022, 9, 10)) == ["UKR-FL-0001"]
    assert ids(bbox=(35.0, 49.0, 38.0, 51.0)) == ["UKR-FL-0001", "UKR-FL-0002"]
    assert ids(event_type="Battles") == ["UKR-FL-0001"]
    assert ids(event_type="Air/drone strike") == ["UKR-FL-0003"]
    assert ids(side="RU") == ["UKR-FL-0001", "UKR-FL-0003"]  # Kupiansk lost, Kyiv struck
    assert ids(side="UA", event_type="Explosions/Remote violence") == ["UKR-FL-0002"]
    with pytest.raises(StoreError, match="not one of ACLED"):
        read_events(path, event_type="Bombing")
    with pytest.raises(StoreError, match="side"):
        read_events(path, side="NATO")


def test_not_a_geopackage_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.gpkg"
    path.write_text("these are my notes\n")
    with pytest.raises(StoreError, match="not a GeoPackage"):
        append_events([BASE], path)
    with pytest.raises(StoreError, match="not a GeoPackage"):
        read_events(path)
    assert path.read_text() == "these are my notes\n"


def test_other_geopackage_is_not_overwritten(tmp_path: Path) -> None:
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import Point

    path = tmp_path / "roads.gpkg"
    pyogrio.write_dataframe(
        gpd.GeoDataFrame({"name": ["P07"]}, geometry=[Point(37, 49)], crs=4326), path, layer="roads"
    )
    before = path.read_bytes()
    with pytest.raises(StoreError, match="without an 'events' layer"):
        append_events([BASE], path)
    assert path.read_bytes() == before


def test_store_locked_by_another_program(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE], path)
    before = path.read_bytes()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreLockedError, match="locked by another program"):
            append_events([SHELLING], path)
    finally:
        holder.rollback()
        holder.close()
    assert path.read_bytes() == before


def test_store_being_written_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE], path)
    code = (
        "import fcntl, sys, time\n"
        f"f = open({str(path) + '.lock'!r}, 'a+')\n"
        "fcntl.flock(f, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "time.sleep(30)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
        with pytest.raises(StoreLockedError, match="another frontline process"):
            append_events([SHELLING], path, lock_wait_s=0.3)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert len(read_events(path)) == 1
    assert append_events([SHELLING], path).added == 1  # the lock died with its process


_INGEST = """
import sys
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_store import BASE
from frontline.store import append_events
n = int(sys.argv[2])
events = [replace(BASE, event_id_cnty=f"UKR-FL-big{{i}}", latitude=48 + i * 1e-5) for i in range(n)]
print("ready", flush=True)
append_events(events, Path(sys.argv[1]))
print("done", flush=True)
"""


@pytest.mark.slow
def test_killed_mid_ingest_leaves_a_readable_store(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING], path)
    script = tmp_path / "ingest.py"
    script.write_text(_INGEST.format(tests=str(Path(__file__).parent)))
    killed_while_writing = 0
    for n in (20_000, 40_000, 80_000):
        proc = subprocess.Popen([sys.executable, str(script), str(path), str(n)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if list(tmp_path.glob(".events.gpkg.*.tmp.gpkg")):
                time.sleep(0.05)  # let the writer get well into the file
                os.kill(proc.pid, signal.SIGKILL)
                killed_while_writing += 1
                break
            time.sleep(0.002)
        proc.wait()
        gdf = read_events(path)
        assert gdf["event_id_cnty"].is_unique
        assert len(gdf) in (2, 2 + n)
        if killed_while_writing:
            assert len(gdf) == 2  # the killed write left no trace
            break
    assert killed_while_writing, "the writer always finished before it could be killed"
    # the next write works and sweeps away the killed writer's temporary file
    assert append_events([STRIKE_ON_KYIV], path).added == 1
    assert not list(tmp_path.glob(".events.gpkg.*.tmp.gpkg"))
    assert len(read_events(path)) == 3


def test_inputs_are_not_changed(tmp_path: Path) -> None:
    table = events_frame([BASE])
    before = table.copy()
    append_events(table, tmp_path / "events.gpkg")
    assert table.equals(before)


def test_unwritable_store_path(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot write store"):
        append_events([BASE], blocker / "events.gpkg")
