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
from typing import Any, NamedTuple

import pytest

from frontline.events import ACTORS, COLUMNS, EVENT_TYPES, Event, events_frame
from frontline.store import (
    ADDED_COLUMNS,
    LAYER,
    StoreError,
    StoreLockedError,
    append_events,
    default_store_path,
    read_events,
)


class Place(NamedTuple):
    """The six fields that place an event, as the gazetteer gives a place."""

    location: str
    x_geonameid: int
    latitude: float
    longitude: float
    country: str = "Ukraine"
    iso: int = 804


KUPIANSK = Place("Kupiansk", 703656, 49.71003, 37.61581)
BELGOROD = Place("Belgorod", 578072, 50.60343, 36.58091, country="Russia", iso=643)
KYIV = Place("Kyiv", 703448, 50.45466, 30.5238)


def wire_a(
    number: int, day: date, sub_event_type: str, actors: tuple[str, str], place: Place, **more: Any
) -> Event:
    """Event ``UKR-FL-000<number>`` as Wire A's report a1 told it, claimed by the General Staff of Ukraine:
    ``actors`` are two keys of :data:`ACTORS`, ``more`` any other fields."""
    event_type = next(kind for kind, subs in EVENT_TYPES.items() if sub_event_type in subs)
    actor1, actor2 = (ACTORS[key] for key in actors)
    return Event(
        event_id_cnty=f"UKR-FL-{number:04d}",
        event_date=day,
        time_precision=1,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        **place._asdict(),
        geo_precision=1,
        source="Wire A",
        x_claim_by="General Staff of Ukraine",
        x_confidence="claimed",
        x_report_id="a1",
        **more,
    )


BASE = wire_a(
    1,
    date(2022, 9, 10),
    "Government regains territory",
    ("UA", "RU"),
    KUPIANSK,
    x_control_from="RU",
    x_control_to="UA",
)
SHELLING = wire_a(
    2, date(2023, 12, 30), "Shelling/artillery/missile attack", ("UA", "CIVILIANS_RU"), BELGOROD
)
STRIKE_ON_KYIV = wire_a(3, date(2022, 10, 17), "Air/drone strike", ("RU", "CIVILIANS_UA"), KYIV)
#: BASE as a second wire told it: its own report, link and claimant, a surer confidence, a death toll.
FROM_WIRE_B = replace(
    BASE,
    source="Wire B",
    x_report_id="b7",
    x_source_url="https://b.example/7",
    x_claim_by="Ukrainian local officials",
    x_confidence="confirmed",
    fatalities=3,
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
    # the event's columns, then who stored it and when; a read returns the event's columns only
    assert list(info["fields"]) == [*COLUMNS, *ADDED_COLUMNS]
    assert info["geometry_type"] == "Point" and "4326" in info["crs"]
    gdf = read_events(path)
    assert list(gdf.columns) == [*COLUMNS, "geometry"]
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
    summary = append_events([FROM_WIRE_B], path)
    assert (summary.added, summary.merged) == (0, 1)
    (row,) = read_events(path).to_dict("records")
    assert row["source"] == "Wire A; Wire B"
    assert row["x_report_id"] == "a1; b7"
    assert row["x_claim_by"] == "General Staff of Ukraine; Ukrainian local officials"
    assert row["x_confidence"] == "confirmed" and row["fatalities"] == 3
    assert append_events([FROM_WIRE_B], path).merged == 0  # and a third time changes nothing


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


def test_a_layer_another_tool_wrote_with_some_of_the_columns(tmp_path: Path) -> None:
    """Read as conform makes it: the missing columns empty, the text ones str."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from frontline.events import conform

    path = tmp_path / "events.gpkg"
    theirs = {
        "event_id_cnty": ["UKR-X-1", "UKR-X-2", "UKR-X-3"],
        "event_date": ["2023-01-01", "2023-02-01", None],
        "location": ["Kupiansk", "Kupiansk", None],
        "latitude": [49.71, 49.8, 50.6],
        "longitude": [37.62, 37.7, 36.58],
    }
    points = shapely.points(list(zip(theirs["longitude"], theirs["latitude"], strict=True)))
    gpd.GeoDataFrame(theirs, geometry=points, crs=4326).to_file(path, layer=LAYER)
    box = (37.0, 49.0, 38.0, 50.0)
    for query in ({}, {"start": date(2023, 1, 15)}, {"bbox": box}):
        got = read_events(path, **query)
        pd.testing.assert_frame_equal(got, conform(got))
    got = read_events(path)
    assert got["location"].tolist() == ["Kupiansk", "Kupiansk", ""] and got["actor1"].tolist() == [""] * 3
    assert read_events(path, bbox=box)["event_id_cnty"].tolist() == ["UKR-X-1", "UKR-X-2"]


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
from test_store import BASE, SHELLING
from frontline.store import append_events
path, n, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
events = [replace(BASE, event_id_cnty=f"UKR-FL-{{tag}}{{i}}", latitude=48 + i * 1e-5) for i in range(n)]
# and the two stored events again, from another wire: merged into them
events += [replace(BASE, source=f"Wire {{tag}}"), replace(SHELLING, source=f"Wire {{tag}}")]
print("ready", flush=True)
append_events(events, path, lock_wait_s=60)
print("done", flush=True)
"""


def _ingest(tmp_path: Path, path: Path, n: int, tag: str) -> subprocess.Popen[bytes]:
    script = tmp_path / "ingest.py"
    script.write_text(_INGEST.format(tests=str(Path(__file__).parent)))
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(n), tag], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    return proc


def _landed(path: Path, n: int, tag: str) -> bool:
    """Whether the write tagged ``tag`` landed — whole, or not at all, and every event once."""
    gdf = read_events(path).set_index("event_id_cnty")
    assert gdf.index.is_unique
    mine = gdf.index.str.startswith(f"UKR-FL-{tag}").sum()
    wires = [f"Wire {tag}" in gdf.loc[key, "source"].split("; ") for key in ("UKR-FL-0001", "UKR-FL-0002")]
    assert (mine, *wires) in ((0, False, False), (n, True, True)), (mine, wires)
    # and its spatial index with it: a tree SQLite finds sound, an entry for every event
    with sqlite3.connect(path) as con:
        assert con.execute(f"SELECT rtreecheck('rtree_{LAYER}_geom')").fetchone() == ("ok",)
        (entries,) = con.execute(f'SELECT count(*) FROM "rtree_{LAYER}_geom"').fetchone()
    assert entries == len(gdf)
    return bool(mine)


@pytest.mark.slow
def test_killed_mid_ingest_leaves_a_readable_store(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING], path)
    journal = tmp_path / "events.gpkg-journal"
    killed_while_writing = 0
    for n in (20_000, 40_000, 80_000):
        proc = _ingest(tmp_path, path, n, f"big{n}-")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if journal.exists():  # the writer is inside its transaction
                time.sleep(0.05)  # let it get well into the file
                os.kill(proc.pid, signal.SIGKILL)
                killed_while_writing += 1
                break
            time.sleep(0.002)
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
        # the killed writer's journal is rolled back by the next reader: the write left no trace
        assert _landed(path, n, f"big{n}-") is not bool(killed_while_writing)
        if killed_while_writing:
            break
    assert killed_while_writing, "the writer always finished before it could be killed"
    assert append_events([STRIKE_ON_KYIV], path).added == 1
    assert len(read_events(path)) == 3 and not journal.exists()


@pytest.mark.slow
def test_killed_at_any_moment_a_write_lands_whole_or_not_at_all(tmp_path: Path) -> None:
    import random

    rng = random.Random(16)
    fresh = tmp_path / "new" / "events.gpkg"
    fresh.parent.mkdir()
    # killed while the store is first made: no store, or an empty one
    code = f"from frontline.store import append_events; append_events([], {str(fresh)!r})"
    proc = subprocess.Popen([sys.executable, "-c", code])
    time.sleep(rng.uniform(0.5, 2.0))
    proc.kill()
    proc.wait()
    assert len(read_events(fresh)) == 0
    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING], path)
    outcomes = []
    for round_ in range(6):
        tag = f"r{round_}-"
        proc = _ingest(tmp_path, path, 5_000, tag)
        time.sleep(rng.uniform(0.0, 2.5))
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
        outcomes.append(_landed(path, 5_000, tag))
    assert append_events([STRIKE_ON_KYIV], path).added == 1
    assert len(read_events(path)) == 3 + 5_000 * sum(outcomes)


@pytest.mark.slow
def test_concurrent_writers_wait_and_both_land(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING], path)
    procs = [_ingest(tmp_path, path, 3_000, tag) for tag in ("a-", "b-")]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
        assert proc.stdout is not None and proc.stdout.read().strip() == b"done"
        proc.stdout.close()
    assert _landed(path, 3_000, "a-") and _landed(path, 3_000, "b-")
    assert len(read_events(path)) == 2 + 6_000
    assert read_events(path).set_index("event_id_cnty").loc["UKR-FL-0001", "source"] in (
        "Wire A; Wire a-; Wire b-",
        "Wire A; Wire b-; Wire a-",
    )


def test_reading_a_store_another_program_holds(tmp_path: Path) -> None:
    path = tmp_path / "events.gpkg"
    append_events([BASE], path)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreLockedError, match="locked by another program") as err:
            read_events(path)
        assert "damaged" not in str(err.value) and "\n" not in str(err.value)
    finally:
        holder.rollback()
        holder.close()
    assert len(read_events(path)) == 1


def test_a_read_is_the_conformed_table(tmp_path: Path) -> None:
    """Reading builds the table from Arrow column by column; it is what conform makes, to the dtype."""
    import pandas as pd

    from frontline.events import conform

    path = tmp_path / "events.gpkg"
    no_place = replace(SHELLING, event_id_cnty="UKR-FL-0009", x_geonameid=None, notes="it's 'quoted'")
    append_events([BASE, SHELLING, STRIKE_ON_KYIV, no_place], path)
    for query in ({}, {"start": date(2022, 10, 1)}, {"bbox": (30.0, 49.0, 38.0, 51.0), "side": "UA"}):
        got = read_events(path, **query)
        pd.testing.assert_frame_equal(got, conform(got))
        assert got.crs.to_epsg() == 4326
    # text in pandas' own string type, held by Arrow as the read hands it over
    assert {str(got[c].dtype) for c in ("event_id_cnty", "notes", "actor1", "x_quote")} == {"str"}
    assert read_events(path)["x_geonameid"].isna().tolist() == [False, False, False, True]
    with sqlite3.connect(path) as con:  # a missing id is NULL, a point a blob, as GDAL writes them
        query = f'SELECT typeof(x_geonameid), typeof(geom) FROM "{LAYER}" ORDER BY fid'
        kinds = con.execute(query).fetchall()
    assert kinds == [("integer", "blob")] * 3 + [("null", "blob")]
    edited = read_events(path)  # a table of its own, every column of it writable
    edited.loc[0, ["year", "latitude", "x_geonameid", "notes"]] = [2021, 48.5, 1, "edited"]
    assert edited.loc[0, ["year", "latitude", "x_geonameid", "notes"]].tolist() == [2021, 48.5, 1, "edited"]


def test_cells_another_program_left_empty_read_as_conform_makes_them(tmp_path: Path) -> None:
    """Text and numbers a program other than frontline left NULL (an edit in QGIS, an older tool) read as
    "" and 0, as conform makes them."""
    import pandas as pd

    from frontline.events import conform
    from frontline.store.gpkg import _connect_for_writing

    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING, STRIKE_ON_KYIV], path)
    con = _connect_for_writing(path)
    con.execute(
        f'UPDATE "{LAYER}" SET notes = NULL, source = NULL, fatalities = NULL, x_report_id = NULL '
        "WHERE event_id_cnty = ?",
        (SHELLING.event_id_cnty,),
    )
    con.execute("COMMIT")
    con.close()
    got = read_events(path)
    pd.testing.assert_frame_equal(got, conform(got))
    assert got.loc[1, ["notes", "source", "fatalities", "x_report_id"]].tolist() == ["", "", 0, ""]
    assert got.loc[[0, 2], "source"].tolist() == ["Wire A", "Wire A"]


def test_a_read_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    """A read holds Python's cycle collector off while it makes its points, and no longer."""
    import gc

    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING], path)
    assert gc.isenabled()
    assert len(read_events(path)) == 2
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(read_events(path)) == 2
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_large_write_keeps_the_spatial_index_and_count_true(tmp_path: Path) -> None:
    """A large write does the work of GDAL's R-tree and feature-count triggers once, after its rows; GDAL
    reads the file as before, and a box read through the R-tree finds what the coordinates say, points on
    its edges included."""
    import numpy as np
    import pyogrio

    path = tmp_path / "events.gpkg"
    rng = np.random.default_rng(16)
    points = zip(np.round(rng.uniform(36, 39, 1500), 2), np.round(rng.uniform(47, 50, 1500), 2), strict=True)
    many = events_frame(
        replace(BASE, event_id_cnty=f"UKR-FL-m{i}", longitude=float(x), latitude=float(y))
        for i, (x, y) in enumerate(points)
    )
    many.loc[7, ["longitude", "latitude"]] = np.nan  # no position: no entry in the R-tree
    assert append_events(many, path).added == 1500
    assert append_events([SHELLING, STRIKE_ON_KYIV], path).added == 2  # through GDAL's triggers
    assert pyogrio.read_info(path, layer=LAYER)["features"] == 1502
    everything = read_events(path)
    belgorod = (BELGOROD.longitude, BELGOROD.latitude) * 2  # a box that is one point
    for box in ((37.0, 48.0, 37.5, 48.5), (30.0, 46.0, 40.0, 51.0), belgorod):
        x0, y0, x1, y1 = box
        inside = everything["longitude"].between(x0, x1) & everything["latitude"].between(y0, y1)
        expected = everything.loc[inside, "event_id_cnty"].tolist()
        assert read_events(path, bbox=box)["event_id_cnty"].tolist() == expected, box
        by_gdal = pyogrio.read_dataframe(path, layer=LAYER, bbox=box, columns=["event_id_cnty"])
        assert sorted(by_gdal["event_id_cnty"]) == sorted(expected), box


def test_a_large_write_makes_the_indexes_anew_as_they_were(tmp_path: Path) -> None:
    """A write of many events beside those held makes the indexes on the id and the date anew after its
    rows: the same indexes, sound, the id still unique, and date selections read as before."""
    from frontline.store.gpkg import _connect_for_writing

    path = tmp_path / "events.gpkg"
    append_events([BASE, SHELLING], path)

    def indexes() -> list[tuple[str, str]]:
        with sqlite3.connect(path) as con:
            return con.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name",
                (LAYER,),
            ).fetchall()

    before = indexes()
    assert {name for name, _ in before} >= {f"{LAYER}_event_id_cnty", f"{LAYER}_event_date"}
    days = [date(2022, 3, 1 + i % 28) for i in range(1200)]
    many = [
        replace(STRIKE_ON_KYIV, event_id_cnty=f"UKR-FL-i{i}", event_date=day) for i, day in enumerate(days)
    ]
    assert append_events(many, path).added == 1200
    assert indexes() == before
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        plan = con.execute(
            f'EXPLAIN QUERY PLAN SELECT fid FROM "{LAYER}" WHERE event_date = ?', ("x",)
        ).fetchall()
        assert any(f"{LAYER}_event_date" in str(step) for step in plan)
    writer = _connect_for_writing(path)  # runs GDAL's triggers
    try:
        with pytest.raises(sqlite3.IntegrityError):
            writer.execute(f'INSERT INTO "{LAYER}" (event_id_cnty) VALUES (?)', ("UKR-FL-i7",))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    got = read_events(path, start=date(2022, 3, 5), end=date(2022, 3, 5))
    assert got["event_id_cnty"].tolist() == [f"UKR-FL-i{i}" for i in range(1200) if i % 28 == 4]


def test_who_added_each_event_and_when(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "events.gpkg"
    before = pd.Timestamp.now(tz="UTC").floor("s")
    append_events([BASE], path, analyst="olena")
    append_events([replace(BASE, source="Wire B"), SHELLING], path)  # a merge keeps who added it first
    got = read_events(path, added=True)
    assert list(got.columns) == [*COLUMNS, *ADDED_COLUMNS, "geometry"]
    assert got["x_added_by"].tolist()[0] == "olena" and got["x_added_by"].tolist()[1] != ""
    assert str(got["x_added_by"].dtype) == "str"
    assert str(got["x_added_at"].dtype) == "datetime64[us, UTC]"
    assert (got["x_added_at"] >= before).all()
    assert got.loc[0, "source"] == "Wire A; Wire B"


def test_who_added_each_event_and_when_as_another_tool_wrote_it(tmp_path: Path) -> None:
    """Times another tool wrote as text, or left out, read as the times frontline writes."""
    import pandas as pd
    import pyogrio

    path = tmp_path / "events.gpkg"
    table = events_frame([BASE, SHELLING, STRIKE_ON_KYIV])
    table["x_added_by"] = ["olena", None, "taras"]
    table["x_added_at"] = ["2024-09-15T08:30:00.123Z", "2024-09-15T10:30:00.000+02:00", None]
    pyogrio.write_dataframe(table, path, layer=LAYER, driver="GPKG", promote_to_multi=False)
    got = read_events(path, added=True)
    assert got["x_added_by"].tolist() == ["olena", "", "taras"]
    assert str(got["x_added_at"].dtype) == "datetime64[us, UTC]"
    assert got["x_added_at"].tolist()[:2] == [
        pd.Timestamp(t) for t in ("2024-09-15T08:30:00.123Z", "2024-09-15T08:30Z")
    ]
    assert got["x_added_at"].isna().tolist() == [False, False, True]


def test_times_another_tool_wrote_in_mixed_formats_are_read_each_as_it_comes(tmp_path: Path) -> None:
    import pandas as pd
    import pyogrio

    path = tmp_path / "events.gpkg"
    table = events_frame([BASE, SHELLING, STRIKE_ON_KYIV])
    table["x_added_by"] = ["olena", "", "taras"]
    table["x_added_at"] = ["2024-09-15 08:30:00", "2024-09-15T10:30:00+02:00", "yesterday"]
    pyogrio.write_dataframe(table, path, layer=LAYER, driver="GPKG", promote_to_multi=False)
    got = read_events(path, added=True)["x_added_at"]
    assert got.tolist()[:2] == [pd.Timestamp("2024-09-15T08:30Z"), pd.Timestamp("2024-09-15T08:30Z")]
    assert got.isna().tolist() == [False, False, True]  # no time: none, not a failed read


def test_a_store_made_by_an_older_frontline_is_brought_up_to_date(tmp_path: Path) -> None:
    import pyogrio

    path = tmp_path / "events.gpkg"
    # what the store was before it was written in place: GDAL's table, no extra layer, no indexes
    pyogrio.write_dataframe(events_frame([BASE]), path, layer=LAYER, driver="GPKG", promote_to_multi=False)
    assert len(read_events(path, added=True)) == 1
    assert append_events([SHELLING], path, analyst="olena").added == 1
    got = read_events(path, added=True)
    assert got["x_added_by"].tolist() == ["", "olena"]
    assert got["x_added_at"].isna().tolist() == [True, False]
    with sqlite3.connect(path) as con:
        indexes = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"events_event_id_cnty", "events_event_date"} <= indexes


def test_a_table_read_from_one_store_appends_to_another_whole(tmp_path: Path) -> None:
    """A read's text columns are Arrow's, in chunks as GDAL handed them over; a write takes them as they
    are, missing cells and all."""
    import pandas as pd

    first, second = tmp_path / "first.gpkg", tmp_path / "second.gpkg"
    append_events([BASE, SHELLING, STRIKE_ON_KYIV], first)
    got = read_events(first)
    got.loc[1, ["notes", "admin1"]] = None  # cells an analyst cleared: free text, a repeating value
    assert append_events(got, second).added == 3
    again = read_events(second)
    cleared = ["notes", "admin1"]
    pd.testing.assert_frame_equal(again.drop(columns=cleared), got.drop(columns=cleared))
    for col in cleared:
        assert again[col].tolist() == [got.loc[0, col], "", got.loc[2, col]]


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
