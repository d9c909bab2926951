"""The command line as users meet it: real processes, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .fixtures import write_dump


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "frontline", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for fragment in fragments:
        assert fragment in err, err


@pytest.fixture(scope="module", autouse=True)
def warm_index(embedded) -> None:
    """Build the embedded index once before the subprocesses use it."""


@pytest.fixture
def own_data_dir(tmp_path: Path) -> dict[str, str]:
    """A data directory of the test's own, for tests that install sources."""
    return {"FRONTLINE_DATA_DIR": str(tmp_path / "data")}


def test_help_for_every_command() -> None:
    for args in (
        ["--help"],
        ["geocode", "--help"],
        ["geoparse", "--help"],
        ["gazetteer", "--help"],
        ["gazetteer", "import", "--help"],
        ["gazetteer", "download", "--help"],
        ["demo", "--help"],
    ):
        proc = run(*args)
        assert proc.returncode == 0, proc.stderr
        assert b"Usage" in proc.stdout


def test_geocode_json() -> None:
    proc = run("geocode", "Kup'yans'k", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["geonameid"], out["name"], out["admin1"], out["country_code"]) == (
        703656,
        "Kupiansk",
        "Kharkiv Oblast",
        "UA",
    )
    assert isinstance(out["latitude"], float) and isinstance(out["alternatives"], list)


def test_geocode_table_and_context() -> None:
    proc = run("geocode", "Лиман", "--context", "Бої під Ізюмом і Лисичанськом")
    assert proc.returncode == 0, proc.stderr
    assert "Lyman" in proc.stdout.decode() and "Donetsk Oblast" in proc.stdout.decode()


def test_geocode_unknown_place() -> None:
    proc = run("geocode", "Kupyanks")
    assert_one_line_error(proc, "Unknown place 'Kupyanks'", "did you mean Kupiansk", "703656")


def test_geocode_empty_name() -> None:
    assert_one_line_error(run("geocode", "  "), "empty")


def test_geocode_with_full_dump(ua_zip: Path) -> None:
    proc = run("geocode", "Lyman, Luhansk Oblast", "--gazetteer", str(ua_zip), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["admin1"] == "Luhansk Oblast"


@pytest.mark.shared
@pytest.mark.slow
def test_geoparse_with_deepstates_maps_prefers_the_namesake_on_that_days_front(
    ua_zip: Path, tmp_path: Path
) -> None:
    """``--snapshots`` with DeepState's maps (the occupied ground alone) moves an uncued namesake to the
    front of the report's day, whether or not the asset cache holds Natural Earth."""
    folder = ua_zip.parent.parent / "deepstate"
    if not folder.is_dir():
        pytest.skip("../shared/data/deepstate is absent")
    records = [
        {"id": 1, "date": "2024-11-05", "text": "Russian forces attempted to advance near Nadiia."},
        {"id": 2, "date": "2025-03-10", "text": "Russian forces attempted to advance near Odradne."},
    ]
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
    plain = run("geoparse", "-g", str(ua_zip), stdin=stdin)
    mapped = run("geoparse", "-g", str(ua_zip), "--snapshots", str(folder), stdin=stdin)
    assert plain.returncode == 0 and mapped.returncode == 0, plain.stderr + mapped.stderr
    before = [json.loads(line)["location"]["admin1"] for line in plain.stdout.splitlines()]
    after = [json.loads(line)["location"] for line in mapped.stdout.splitlines()]
    # the embedded front of 2024 is coarse: it takes the Nadiia by Pokrovsk and the Odradne by Kupiansk
    assert before == ["Donetsk Oblast", "Kharkiv Oblast"]
    assert [(p["admin1"], round(p["latitude"], 1)) for p in after] == [
        ("Luhansk Oblast", 49.4),
        ("Donetsk Oblast", 48.0),
    ]
    no_assets = run(
        "geoparse", "-g", str(ua_zip), "--snapshots", str(folder), stdin=stdin,
        env={"FRONTLINE_ASSETS_DIR": str(tmp_path)},
    )  # fmt: skip
    assert no_assets.stdout == mapped.stdout, no_assets.stderr
    # the events extracted from them are placed there too
    report = tmp_path / "report.jsonl"
    report.write_text(json.dumps({**records[0], "text": "Russian forces shelled Nadiia."}) + "\n", "utf-8")
    extracted = run(
        "extract", str(report), "-g", str(ua_zip), "--snapshots", str(folder), "--dry-run", "--json"
    )
    assert extracted.returncode == 0, extracted.stderr
    (event,) = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert (event["location"], event["admin1"]) == ("Nadiia", "Luhansk"), event


def test_geoparse_reads_a_map_that_names_no_side_or_date_with_the_options_control_takes(
    tmp_path: Path,
) -> None:
    """A published map saved under a name of one's own, with no properties: --side and --snapshot-date
    say what the file does not, as for ``frontline control``; without them, one line saying so."""
    occupied = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[37.9, 49.0], [38.6, 49.0], [38.6, 49.8], [37.9, 49.8], [37.9, 49.0]]],
                },
            }
        ],
    }
    path = tmp_path / "occupied.geojson"
    path.write_text(json.dumps(occupied), encoding="utf-8")
    stdin = b'{"id": 1, "date": "2024-11-05", "text": "Shelling hit Kupiansk."}\n'
    assert_one_line_error(run("geoparse", "--snapshots", str(path), stdin=stdin), "--side")
    ran = run(
        "geoparse", "--snapshots", str(path), "--side", "RU", "--snapshot-date", "2024-11-01", stdin=stdin
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["location"]["name"] == "Kupiansk"
    ran = run(
        "geocode",
        "Kupiansk",
        "--snapshots",
        str(path),
        "--side",
        "RU",
        "--snapshot-date",
        "2024-11-01",
        "--json",
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["name"] == "Kupiansk"
    # … and the theatre the commands geocode with holds the map's front on its days
    from frontline.cli._control import PublishedMaps, geocoding_theatre

    theatre = geocoding_theatre(PublishedMaps([path], "RU", "2024-11-01"), None)
    assert theatre is not None
    (front,) = [line for line in theatre.lines if line.name == "front 2024-11-01"]
    assert front.points and all(37.8 < lon < 38.7 and 48.9 < lat < 49.9 for lat, lon in front.points)


def test_geoparse_json_lines() -> None:
    records = [
        {"id": 1, "text": "Ukrainian forces entered Kupiansk and advance on Lyman.", "source": "test wire"},
        {"id": "two", "text": ""},
        {"id": 3, "text": "Бої тривають під Ізюмом."},
    ]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    proc = run("geoparse", stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in out] == [1, "two", 3]
    assert out[0]["source"] == "test wire"
    place = out[0]["places"][0]
    assert set(place) >= {
        "text",
        "start",
        "end",
        "geonameid",
        "name",
        "latitude",
        "longitude",
        "admin1",
        "country_code",
        "feature_code",
        "population",
        "score",
    }
    assert [p["geonameid"] for p in out[0]["places"]] == [703656, 704204]
    assert out[0]["location"]["geonameid"] == 703656
    assert out[1]["places"] == [] and out[1]["location"] is None
    assert out[2]["location"]["name"] == "Izium"


def test_geoparse_lists_runners_up_on_request(tmp_path: Path) -> None:
    """``--alternatives N``: each place lists up to N other readings with their scores, for review where
    the cues disagree; without it the records are as DESIGN.md gives them."""
    record = {"id": 1, "text": "Shelling near Pervomaisk, Mykolaiv oblast; Lyman was calm."}
    stdin = (json.dumps(record) + "\n").encode()
    plain = json.loads(run("geoparse", stdin=stdin).stdout)
    listed = json.loads(run("geoparse", "--alternatives", "2", stdin=stdin).stdout)
    assert all("alternatives" not in p for p in plain["places"]) and "alternatives" not in plain["location"]
    for p, q in zip(plain["places"], listed["places"], strict=True):
        assert {k: v for k, v in q.items() if k != "alternatives"} == p  # the same reading, runners-up added
        assert len(q["alternatives"]) <= 2
        assert all(a["score"] <= q["score"] and a["geonameid"] != q["geonameid"] for a in q["alternatives"])
    pervomaisk = listed["places"][0]
    assert pervomaisk["admin1"] == "Mykolaiv Oblast" and len(pervomaisk["alternatives"]) == 2
    assert {"name", "admin1", "latitude", "longitude", "score", "match"} <= set(pervomaisk["alternatives"][0])
    assert listed["location"] == pervomaisk
    # plain text lists them too
    text = tmp_path / "report.txt"
    text.write_text(record["text"], encoding="utf-8")
    from_text = json.loads(run("geoparse", str(text), "--alternatives", "2").stdout)
    assert from_text["places"] == listed["places"]
    assert_one_line_error(run("geoparse", "--alternatives", "-1", stdin=stdin), "--alternatives")


def test_geoparse_reads_stdin_given_as_a_dash() -> None:
    """``-`` is stdin, as for ``frontline extract -`` and ``--workers``."""
    proc = run("geoparse", "-", stdin=b'{"id": 1, "text": "Shelling hit Izyum."}\n')
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["location"]["geonameid"] == 707292


def test_geoparse_file_and_plain_text(tmp_path: Path) -> None:
    jsonl = tmp_path / "reports.jsonl"
    jsonl.write_text('{"id": "a", "text": "Shelling hit Izyum."}\n', encoding="utf-8")
    assert json.loads(run("geoparse", str(jsonl)).stdout)["location"]["geonameid"] == 707292
    plain = tmp_path / "report.txt"
    plain.write_text("Shelling hit Izyum.\nLater, fighting near Kupiansk.\n", encoding="utf-8")
    out = json.loads(run("geoparse", str(plain)).stdout)
    assert out["id"] == str(plain)
    assert [(p["text"], p["start"]) for p in out["places"]] == [("Izyum", 13), ("Kupiansk", 41)]


def test_geoparse_long_plain_text_is_one_record_with_every_place(tmp_path: Path) -> None:
    line = "Shelling hit Izyum overnight; fighting went on near Kupiansk and in the villages around.\n"
    repeats = 3 * (1 << 20) // len(line) + 1  # over three of the pieces the file is read in
    plain = tmp_path / "long.txt"
    plain.write_text(line * repeats, encoding="utf-8")
    proc = run("geoparse", str(plain))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert len(out["places"]) == 2 * repeats
    last = out["places"][-1]
    assert (last["text"], last["start"]) == ("Kupiansk", (repeats - 1) * len(line) + line.index("Kupiansk"))
    assert out["location"]["geonameid"] in (707292, 703656)


def test_geoparse_bad_byte_late_in_long_text_writes_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "long.txt"
    plain.write_bytes(b"Fighting near Izyum.\n" * 150_000 + b"caf\xe9\n")
    proc = run("geoparse", str(plain))
    assert_one_line_error(proc, "not UTF-8", "byte 3,150,003")
    assert proc.stdout == b""


@pytest.mark.parametrize(
    ("payload", "fragments"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary"]),
        (b'{"id": 1, "text": "ok"}\n{"id": 2, "text": "caf\xe9"}\n', ["line 2", "not UTF-8"]),
        (b'{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', ["line 2", "not valid JSON"]),
        (b'{"id": 1, "text": 5}\n', ["line 1", '"text"']),
        (b"Plain text with a bad byte \xff here", ["not UTF-8"]),
    ],
)
def test_geoparse_bad_input(payload: bytes, fragments: list[str]) -> None:
    assert_one_line_error(run("geoparse", stdin=payload), *fragments)


def test_geoparse_missing_file_and_empty_input(tmp_path: Path) -> None:
    assert_one_line_error(run("geoparse", str(tmp_path / "nope.jsonl")), "no such file")
    # a folder is read for its corpus files, as with --workers: this one has none
    assert_one_line_error(run("geoparse", str(tmp_path)), "holds no .jsonl")
    # empty input is refused, not answered with nothing: a wrong path or an empty export shows at once
    empty = run("geoparse", stdin=b"  \n")
    assert_one_line_error(empty, "stdin is empty")
    assert empty.stdout == b""
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert_one_line_error(run("geoparse", str(tmp_path / "empty.jsonl")), "empty.jsonl is empty")


def test_gazetteer_import_info_and_remove(tmp_path: Path, own_data_dir: dict[str, str]) -> None:
    csv_path = tmp_path / "checkpoints.csv"
    csv_path.write_text("name,latitude,longitude,country_code\nHeight 236,49.1,37.9,UA\n", encoding="utf-8")
    assert run("geocode", "Height 236", env=own_data_dir).returncode == 2
    proc = run("gazetteer", "import", str(csv_path), env=own_data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Installed checkpoints.csv" in proc.stdout.decode()
    found = run("geocode", "Height 236", "--json", env=own_data_dir)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["latitude"] == 49.1
    info = json.loads(run("gazetteer", "info", "--json", env=own_data_dir).stdout)
    # The installed copy is what is read from now on, not the file it was imported from.
    installed = [path for _, path in info["sources"] if path.endswith("checkpoints.csv")]
    assert installed and Path(installed[0]).parent == Path(info["data_dir"]) / "gazetteer"
    csv_path.unlink()
    assert run("geocode", "Height 236", env=own_data_dir).returncode == 0
    assert run("gazetteer", "remove", "checkpoints.csv", env=own_data_dir).returncode == 0
    assert_one_line_error(run("gazetteer", "remove", "checkpoints.csv", env=own_data_dir), "no installed")


def test_gazetteer_import_refuses_broken_files(tmp_path: Path, own_data_dir: dict[str, str]) -> None:
    broken = tmp_path / "UA.zip"
    broken.write_bytes(b"PK\x03\x04 truncated")
    assert_one_line_error(run("gazetteer", "import", str(broken), env=own_data_dir), "not a readable zip")
    wrong = tmp_path / "RU.txt"
    wrong.write_text("1\t2\t3\n", encoding="utf-8")
    assert_one_line_error(run("gazetteer", "import", str(wrong), env=own_data_dir), "line 1", "expected 19")
    assert not (Path(own_data_dir["FRONTLINE_DATA_DIR"]) / "gazetteer").exists() or not any(
        (Path(own_data_dir["FRONTLINE_DATA_DIR"]) / "gazetteer").iterdir()
    )


@pytest.fixture
def http_dir(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A local HTTP server on 127.0.0.1 serving ``tmp_path/www``."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_gazetteer_download(http_dir: tuple[Path, str], own_data_dir: dict[str, str]) -> None:
    root, url = http_dir
    write_dump(root, name="UA")
    proc = run("gazetteer", "download", "ua", "--base-url", url, env=own_data_dir)
    assert proc.returncode == 0, proc.stderr
    installed = Path(own_data_dir["FRONTLINE_DATA_DIR"]) / "gazetteer" / "UA.zip"
    assert installed.is_file()
    out = json.loads(run("geocode", "Oskil", "--feature-class", "H", "--json", env=own_data_dir).stdout)
    assert out["feature_code"] == "STM"  # rivers come only from the downloaded dump


def test_gazetteer_download_failures(http_dir: tuple[Path, str], own_data_dir: dict[str, str]) -> None:
    root, url = http_dir
    assert_one_line_error(run("gazetteer", "download", "RU", "--base-url", url, env=own_data_dir), "HTTP 404")
    (root / "BY.zip").write_bytes(b"not a zip at all")
    assert_one_line_error(
        run("gazetteer", "download", "BY", "--base-url", url, env=own_data_dir), "not a valid zip"
    )
    write_dump(root, name="MD")
    assert_one_line_error(
        run("gazetteer", "download", "MD", "--base-url", url, "--sha256", "0" * 64, env=own_data_dir),
        "SHA-256",
    )
    assert_one_line_error(
        run("gazetteer", "download", "Ukraine", env=own_data_dir), "not a GeoNames dump name"
    )
    assert_one_line_error(
        run("gazetteer", "download", "UA", "--base-url", "http://127.0.0.1:9/", env=own_data_dir),
        "could not download",
    )
    folder = Path(own_data_dir["FRONTLINE_DATA_DIR"]) / "gazetteer"
    assert not folder.exists() or not any(folder.iterdir())


def test_demo(tmp_path: Path) -> None:
    proc = run("demo", "--out", str(tmp_path / "demo"))
    assert proc.returncode == 0, proc.stderr
    records = [
        json.loads(line) for line in (tmp_path / "demo" / "geoparsed_reports.jsonl").read_text().splitlines()
    ]
    assert len(records) >= 3
    assert all(r["location"] is not None for r in records)
    from frontline.store import read_events

    out = tmp_path / "demo"
    events = read_events(out / "events.gpkg")
    assert len(events) >= 20 and {"Kupiansk", "Izium", "Lyman", "Balakliia"} <= set(events["location"])
    # every path the demo says it wrote exists and is not empty
    lines = proc.stdout.decode().splitlines()
    wrote = [line.split(": ", 1)[1] for line in lines if line.startswith("Wrote ")]
    assert len(wrote) >= 8 and all(Path(p).stat().st_size > 0 for p in wrote)
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "km² that changed hands" in summary and "Losing Kupiansk" in summary
    import pandas as pd

    changes = pd.read_csv(out / "area_changes.csv")
    overall = changes[changes.region == "all"].set_index("side")
    # Ukraine gained ground in the counteroffensive, Russia lost it; what one gains the other loses
    assert overall.loc["UA", "net_km2"] > 500 and overall.loc["RU", "net_km2"] < -500
    impact = pd.read_csv(out / "hub_impact.csv")
    assert set(impact["status"]) <= {"unchanged", "longer", "cut", "disconnected", "lost"}
    assert (impact["after_km"].fillna(float("inf")) >= impact["before_km"]).all()  # a loss never shortens
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "leaflet" in html.lower() and "Kupiansk" in html


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "-", "--date", "2022-09-1000"],
        ["events", "export", "out.csv", "--start", "2022-09-1000"],
        ["control", "status", "--date", "2022-09-1000"],
        ["figure", "--date", "20220910", "--out", "f.png"],
    ],
)
def test_dates_are_whole_iso_days(tmp_path: Path, args: list[str]) -> None:
    """A date with more after the day is refused, not cut to its first ten characters."""
    proc = subprocess.run(
        [sys.executable, "-m", "frontline", *args], cwd=tmp_path, input=b"", capture_output=True, check=False
    )
    assert_one_line_error(proc, "is not an ISO date", "YYYY-MM-DD")
    assert list(tmp_path.iterdir()) == []


def test_geoparse_json_is_json_dumps_of_the_record(embedded) -> None:
    from frontline.geoparse import geoparse_json, geoparse_record

    records = [
        {"id": 1, "text": "Shelling of Kupiansk and Lyman (Donetsk oblast).", "date": "2022-10-01"},
        {"text": "Бої тривають під Ізюмом.", 2: "key that is no string", "x": [1.5, None]},
        {"id": "old", "text": "Izium", "places": ["kept in its place"], "n": 1},
        {"id": "old", "location": None, "text": "Izium"},
        {"text": ""},
        {},
    ]
    for record in records:
        assert geoparse_json(record, embedded) == json.dumps(
            geoparse_record(record, embedded), ensure_ascii=False
        )
