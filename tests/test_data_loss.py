"""Regression tests for the commands that lost or silently changed data (issue 19, "Data lost or
corrupted"): each is refused with one line and exit status 2, and what was stored stays as it was."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from frontline.errors import InputError
from frontline.files import check_target, remove_stale_temps, write_atomic
from frontline.store import StoreError, append_events, read_events, read_extra

from .test_cli import assert_one_line_error, run
from .test_store import BASE, SHELLING, STRIKE_ON_KYIV


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "events.gpkg"
    import pandas as pd

    extra = pd.DataFrame({"event_id_cnty": [BASE.event_id_cnty], "column": ["comment"], "value": ["kept"]})
    append_events([BASE, SHELLING, STRIKE_ON_KYIV], path, extra=extra)
    return path


# 1. exporting onto the store itself, by any path ---------------------------------------------------------


def test_export_onto_the_store_is_refused(tmp_path: Path, store: Path) -> None:
    before = digest(store)
    link = tmp_path / "link.gpkg"
    link.symlink_to(store)
    same_by_another_path = tmp_path / "sub" / ".." / "events.gpkg"
    (tmp_path / "sub").mkdir()
    for target in (store, link, same_by_another_path):
        proc = run("events", "export", str(target), "--store", str(store), "--start", "2030-01-01")
        assert_one_line_error(proc, "is the event store itself")
    assert digest(store) == before
    assert len(read_events(store)) == 3 and len(read_extra(store)) == 1
    assert link.is_symlink()


def test_export_elsewhere_still_works(tmp_path: Path, store: Path) -> None:
    out = tmp_path / "copy.gpkg"
    assert run("events", "export", str(out), "--store", str(store)).returncode == 0
    assert len(read_events(out)) == 3


# 2. a writer never replaces a file of another kind without --force ---------------------------------------


def test_network_import_refuses_to_replace_an_event_store(tmp_path: Path, store: Path) -> None:
    osm = tmp_path / "tiny.osm"
    osm.write_text(
        "<?xml version='1.0' encoding='UTF-8'?><osm version='0.6'>"
        "<node id='1' lat='49.70' lon='37.60'/><node id='2' lat='49.71' lon='37.62'/>"
        "<way id='10'><nd ref='1'/><nd ref='2'/><tag k='highway' v='primary'/></way></osm>",
        encoding="utf-8",
    )
    before = digest(store)
    proc = run("network", "import-osm", str(osm), "--out", str(store))
    assert_one_line_error(proc, "an event store or export", "--force")
    assert digest(store) == before


def test_check_target_knows_the_kinds(tmp_path: Path, store: Path) -> None:
    check_target(tmp_path / "new.gpkg", kind="network")  # nothing there: fine
    check_target(store, kind="events")  # an event file replaced by events: fine
    with pytest.raises(InputError, match="not a network file"):
        check_target(store, kind="network")
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"not a database")
    with pytest.raises(InputError, match="is no GeoPackage"):
        check_target(junk, kind="control")
    check_target(junk, kind="control", force=True)


def test_a_failing_writer_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "network.gpkg"
    target.write_bytes(b"old network")

    def disk_full(tmp: Path) -> None:
        tmp.write_bytes(b"half a fi")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(InputError, match="No space left on device"):
        write_atomic(target, disk_full)
    assert target.read_bytes() == b"old network"
    assert [p.name for p in tmp_path.iterdir()] == ["network.gpkg"]


# 3. a store reached through a symbolic link ---------------------------------------------------------------


def test_store_through_a_link_stays_one_store(tmp_path: Path, store: Path) -> None:
    link = tmp_path / "shared" / "team.gpkg"
    link.parent.mkdir()
    link.symlink_to(store)
    from dataclasses import replace

    summary = append_events([replace(BASE, event_id_cnty="UKR-FL-0099", location="Izium")], link)
    assert summary.added == 1
    assert link.is_symlink() and link.resolve() == store.resolve()
    assert len(read_events(store)) == len(read_events(link)) == 4
    # one lock for both paths: the lock file lies beside the real store
    assert (store.parent / "events.gpkg.lock").exists() and not (link.parent / "team.gpkg.lock").exists()


# 4. numbers out of range are refused per row, never coerced ----------------------------------------------

HEADER = (
    "event_id_cnty,event_date,time_precision,event_type,sub_event_type,latitude,longitude,fatalities,iso,"
    "x_geonameid\n"
)
GOOD = "UKR1,2024-05-25,1,Battles,Armed clash,49.7,37.6,2,804,703656\n"


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ("UKR2,2024-05-25,1,Battles,Armed clash,49.7,37.6,1e308,804,\n", "fatalities '1e308'"),
        ("UKR3,2024-05-25,1,Battles,Armed clash,49.7,37.6,99999999999999999999,804,\n", "fatalities"),
        ("UKR4,2024-05-25,1,Battles,Armed clash,49.7,37.6,-3,804,\n", "fatalities '-3'"),
        ("UKR5,2024-05-25,9,Battles,Armed clash,49.7,37.6,0,804,\n", "time_precision '9'"),
        ("UKR6,2024-05-25,1,Battles,Armed clash,49.7,37.6,0,1e308,\n", "iso '1e308'"),
        ("UKR7,2024-05-25,1,Battles,Armed clash,49.7,37.6,0,804,Kupiansk\n", "x_geonameid 'Kupiansk'"),
    ],
)
def test_out_of_range_numbers_are_refused(tmp_path: Path, store: Path, row: str, why: str) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(HEADER + GOOD + row, encoding="utf-8")
    before = digest(store)
    failed = run("events", "import", str(path), "--store", str(store), "--on-error", "fail")
    assert_one_line_error(failed, "line 3", why)
    assert digest(store) == before
    skipped = run("events", "import", str(path), "--store", str(store))
    assert skipped.returncode == 0, skipped.stderr.decode()
    assert "1 rows skipped" in skipped.stdout.decode() and why in skipped.stderr.decode()
    stored = read_events(store).set_index("event_id_cnty")
    assert stored.loc["UKR1", "fatalities"] == 2 and stored.loc["UKR1", "x_geonameid"] == 703656
    assert row.split(",", maxsplit=1)[0] not in stored.index


@pytest.mark.parametrize(
    ("col", "value"),
    [
        ("fatalities", 1e308),
        ("iso", "99999999999999999999"),
        ("x_geonameid", "Kupiansk"),
        ("fatalities", 2.5),
    ],
)
def test_event_tables_never_wrap_or_blank_numbers(
    tmp_path: Path, store: Path, col: str, value: object
) -> None:
    """A table handed to the library (not read from a file) is checked too: the value is refused, not
    stored as -9223372036854775808 or blanked."""
    from frontline.events import SchemaError, events_frame

    from .test_store import SHELLING

    table = events_frame([SHELLING]).astype({col: object})
    table.loc[0, col] = value
    before = digest(store)
    with pytest.raises(SchemaError, match=f"{col} .* is not a whole number"):
        append_events(table, store)
    assert digest(store) == before


# 5. a gazetteer file with impossible coordinates is refused at import -------------------------------------


@pytest.mark.parametrize("lat, lon", [("123", "37.6"), ("49.7", "500"), ("1e308", "37.6"), ("nan", "37.6")])
def test_gazetteer_refuses_impossible_coordinates(tmp_path: Path, lat: str, lon: str) -> None:
    from .fixtures import dump_line

    row = (703656, "Kupiansk", "Kupiansk", "", lat, lon, "P", "PPLA2", "UA", "07", "", 26000)
    path = tmp_path / "UA.txt"
    path.write_text(dump_line(row), encoding="utf-8")
    data = {"FRONTLINE_DATA_DIR": str(tmp_path / "data")}
    proc = run("gazetteer", "import", str(path), env=data)
    assert_one_line_error(proc, "UA.txt: line 1")
    assert not (tmp_path / "data" / "gazetteer").exists() or not any(
        (tmp_path / "data" / "gazetteer").iterdir()
    )


@pytest.mark.parametrize(
    ("lat", "lon", "population"),
    [("123", "37.6", "100"), ("49.7", "500", "100"), ("1e308", "37.6", "100"), ("49.7", "-inf", "100"),
     ("49.7", "37.6", "inf"), ("49.7", "37.6", "1e308")],
)  # fmt: skip
def test_gazetteer_csv_refuses_impossible_values(tmp_path: Path, lat: str, lon: str, population: str) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        f"name,latitude,longitude,population\nKupiansk,49.71,37.61,26000\nNowhere,{lat},{lon},{population}\n",
        encoding="utf-8",
    )
    proc = run("gazetteer", "import", str(path), env={"FRONTLINE_DATA_DIR": str(tmp_path / "data")})
    assert_one_line_error(proc, "places.csv: line 3")


# 6. disk full: the control and export writers leave the old file -----------------------------------------


def test_every_writer_goes_through_the_atomic_writer() -> None:
    """No writer of files outside frontline/files.py opens its target for writing itself."""
    root = Path(__file__).resolve().parents[1] / "frontline"
    offenders = []
    for source in root.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        if source.name == "files.py":
            continue
        for needle in ('.open("w', ".write_text(", ".write_bytes(", ".unlink()", "fdopen(", "mkstemp("):
            if needle in text:
                offenders.extend(
                    f"{source.relative_to(root)}:{n}"
                    for n, line in enumerate(text.splitlines(), 1)
                    if needle in line and "tmp" not in line and "staging" not in line
                )
    assert not offenders, offenders


def _fills_the_disk(tmp: Path) -> None:
    Path(tmp).write_text('{"type": "FeatureCollection", "features": [{"ty', encoding="utf-8")
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("name", "writer"),
    [("polygons.geojson", "pyogrio.write_dataframe"), ("areas.csv", "pandas.DataFrame.to_csv")],
)
def test_disk_full_leaves_the_old_control_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, writer: str
) -> None:
    """``control polygons --out`` and ``control areas --out x.csv`` on a full disk: the old file stays
    whole and nothing is left beside it."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from frontline.cli.control import _Output, _write

    frame = (
        gpd.GeoDataFrame({"status": ["UA"]}, geometry=[shapely.box(37, 49, 38, 50)], crs=4326)
        if name.endswith(".geojson")
        else pd.DataFrame({"UA": [1.5]}, index=pd.Index(["2022-09-10"], name="date"))
    )
    out = tmp_path / name
    _write(frame, _Output(out=out))
    before = digest(out)
    if writer.startswith("pandas."):
        monkeypatch.setattr(pd.DataFrame, "to_csv", lambda self, tmp, **kw: _fills_the_disk(tmp))
    else:
        monkeypatch.setattr(writer, lambda frame, tmp, **kw: _fills_the_disk(tmp))
    with pytest.raises(InputError, match="No space left on device") as err:
        _write(frame, _Output(out=out))
    assert "\n" not in str(err.value)
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == [name]


# 7. journals of killed writers are swept --------------------------------------------------------------------


def _dead_pids(n: int) -> list[int]:
    """Ids of processes that ran and ended (reaped, so no process has them until the ids come round)."""
    import subprocess
    import sys

    pids = []
    for _ in range(n):
        proc = subprocess.Popen([sys.executable, "-c", ""])
        proc.wait()
        pids.append(proc.pid)
    return pids


def test_stale_temps_and_their_journals_are_swept(tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    left = [
        f".events.gpkg.{pid}.tmp.gpkg{suffix}"
        for pid in _dead_pids(2)
        for suffix in ("", "-journal", "-wal", "-shm")
    ]
    for name in left:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "other.gpkg-journal").write_bytes(b"not ours")
    remove_stale_temps(store)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.gpkg-journal"]


def test_temps_of_running_writers_stay(tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    running = [
        f".events.gpkg.{pid}.tmp.gpkg{suffix}"
        for pid in (os.getpid(), os.getppid())
        for suffix in ("", "-wal")
    ]
    for name in running:
        (tmp_path / name).write_bytes(b"being written")
    remove_stale_temps(store)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(running)


def test_every_writer_sweeps_what_killed_writers_left(tmp_path: Path) -> None:
    """A killed export or network import leaves its temporary file and journal; the next write of that
    file removes them (the event store's appends sweep the same way)."""
    target = tmp_path / "roads.gpkg"
    (dead,) = _dead_pids(1)
    for suffix in ("", "-journal"):
        (tmp_path / f".roads.gpkg.{dead}.tmp.gpkg{suffix}").write_bytes(b"half")
    write_atomic(target, lambda tmp: tmp.write_bytes(b"whole"))
    assert [p.name for p in tmp_path.iterdir()] == ["roads.gpkg"]


def test_a_write_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "events.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "mine.csv"
    link.symlink_to(real)
    assert write_atomic(link, lambda tmp: tmp.write_text("new", encoding="utf-8")) == link
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["events.csv"]


def test_unwritable_store_error_is_one_line(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(StoreError, match="cannot write"):
        append_events([BASE], blocked / "events.gpkg")
    assert os.path.isfile(blocked)
