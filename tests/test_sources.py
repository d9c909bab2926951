from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gazetteer.download import download_dump
from gazetteer.errors import SourceError
from gazetteer.sources import read_alternate_names, read_source, source_from_path

from .fixtures import PLACES, dump_line, write_dump
from .http_server import serve


def places(path: Path):
    return list(read_source(source_from_path(path)))


def test_dump_zip_and_txt_read_the_same(tmp_path: Path) -> None:
    zipped = places(write_dump(tmp_path))
    plain = places(write_dump(tmp_path, zipped=False))
    assert [p.geonameid for p in zipped] == [p.geonameid for p in plain]
    kupiansk = next(p for p in zipped if p.geonameid == 703656)
    assert (kupiansk.feature_class, kupiansk.feature_code, kupiansk.admin1) == ("P", "PPLA2", "07")
    assert "Куп’янськ" in [a.name for a in kupiansk.alternates]


def test_countries_are_not_places(tmp_path: Path) -> None:
    ids = {p.geonameid for p in places(write_dump(tmp_path))}
    assert 690791 not in ids  # Ukraine, PCLI
    assert {703656, 514365, 706482} <= ids  # a town, a river, an oblast


def test_wrong_column_count_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "UA.txt"
    path.write_text(dump_line(PLACES[0]) + "\n" + "1\tbroken\trow\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"UA\.txt: line 2 has 3 tab-separated columns, expected 19"):
        places(path)


def test_non_numeric_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "UA.txt"
    path.write_text(dump_line(PLACES[0]).replace("49.71003", "north"), encoding="utf-8")
    with pytest.raises(SourceError, match="line 1 has a non-numeric"):
        places(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "UA.txt"
    path.write_bytes(dump_line(PLACES[1]).encode("utf-8") + b"\n" + dump_line(PLACES[0]).encode("cp1251"))
    with pytest.raises(SourceError, match="line 2 is not UTF-8"):
        places(path)


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "UA.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(SourceError, match="not a readable zip file"):
        places(path)


def test_truncated_zip(tmp_path: Path) -> None:
    good = write_dump(tmp_path, rows=PLACES * 300)
    path = tmp_path / "cut" / "UA.zip"
    path.parent.mkdir()
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(SourceError, match="zip"):
        places(path)


def test_zip_without_data(tmp_path: Path) -> None:
    path = tmp_path / "UA.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "nothing here")
    with pytest.raises(SourceError, match=r"expected one data \.txt file"):
        places(path)


def test_empty_dump(tmp_path: Path) -> None:
    path = tmp_path / "UA.txt"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(SourceError, match="holds no places"):
        places(path)


def test_unknown_files_and_directories(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        source_from_path(tmp_path / "missing.zip")
    with pytest.raises(SourceError, match="is a directory"):
        source_from_path(tmp_path)
    odd = tmp_path / "places.xlsx"
    odd.write_bytes(b"x")
    with pytest.raises(SourceError, match="unrecognised gazetteer file"):
        source_from_path(odd)


def test_alternate_names_keep_language_and_history(tmp_path: Path) -> None:
    path = tmp_path / "alternateNamesV2.txt"
    rows = [
        "1\t713174\tuk\tБахмут\t1\t\t\t\t\t",
        "2\t713174\tuk\tАртемівськ\t\t\t\t1\t\t2016",
        "3\t713174\tlink\thttps://en.wikipedia.org/wiki/Bakhmut\t\t\t\t\t\t",
        "4\t999999\ten\tSomewhere else\t\t\t\t\t\t",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert source_from_path(path).kind == "alternate_names"
    names = read_alternate_names(path, {713174})
    assert [(a.name, a.lang, a.historic) for a in names[713174]] == [
        ("Бахмут", "uk", False),
        ("Артемівськ", "uk", True),
    ]
    assert 999999 not in names


def test_user_csv(tmp_path: Path) -> None:
    path = tmp_path / "my places.csv"
    path.write_text(
        "name,latitude,longitude,alternatenames,country_code,feature_class\n"
        "Height 236,48.51,38.02,Hill 236|Висота 236,UA,T\n"
        "Checkpoint Alpha,49.1,37.2,,UA,\n",
        encoding="utf-8-sig",
    )
    rows = places(path)
    assert [r.name for r in rows] == ["Height 236", "Checkpoint Alpha"]
    assert rows[0].feature_class == "T" and [a.name for a in rows[0].alternates] == ["Hill 236", "Висота 236"]
    assert rows[1].geonameid < 0  # no id given: a local, negative id


def test_user_csv_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,lat,lon\nX,1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="missing column"):
        places(path)
    path.write_text("name,latitude,longitude\nX,91,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="line 2"):
        places(path)


# -- downloading a GeoNames dump (from a local HTTP server) ---------------------------------------------


def test_download_dump_checks_and_reports_progress(tmp_path: Path) -> None:
    www, folder = tmp_path / "www", tmp_path / "downloads"
    www.mkdir()
    dump = write_dump(www, rows=PLACES * 300)
    folder.mkdir()
    (folder / "UA.zip").write_bytes(b"a stale file from an earlier run")
    reports: list[tuple[int, int | None]] = []
    with serve(www) as url:
        path = download_dump("ua", folder, base_url=url, progress=lambda d, t: reports.append((d, t)))
    assert path == folder / "UA.zip" and path.read_bytes() == dump.read_bytes()
    assert reports[-1] == (dump.stat().st_size, dump.stat().st_size)
    assert [p.name for p in folder.iterdir()] == ["UA.zip"]


def _no_zip_inside(www: Path) -> None:
    with zipfile.ZipFile(www / "UA.zip", "w") as zf:
        zf.writestr("readme.txt", "nothing here")


def _not_a_zip(www: Path) -> None:
    (www / "UA.zip").write_bytes(b"not a zip at all")


@pytest.mark.parametrize(
    ("prepare", "sha256", "cut", "message"),
    [
        (None, None, False, "HTTP 404"),
        (_not_a_zip, None, False, "not a valid zip"),
        (_no_zip_inside, None, False, "has no UA.txt inside"),
        (write_dump, "0" * 64, False, "has SHA-256 .*, expected 0000"),
        (write_dump, None, True, r"stopped before its end \(IncompleteRead\(\d+ bytes read"),
    ],
    ids=["missing", "not-a-zip", "no-data", "sha256", "cut-short"],
)
def test_download_dump_failures_leave_nothing_behind(
    tmp_path: Path, prepare, sha256: str | None, cut: bool, message: str
) -> None:
    www, folder = tmp_path / "www", tmp_path / "downloads"
    www.mkdir()
    if prepare is not None:
        prepare(www)
    with (
        serve(www, cut=frozenset({"UA.zip"} if cut else ())) as url,
        pytest.raises(SourceError, match=message),
    ):
        download_dump("UA", folder, base_url=url, sha256=sha256)
    assert list(folder.iterdir()) == []


def test_download_dump_names_and_connections(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a GeoNames dump name"):
        download_dump("Ukraine", tmp_path)
    refused = r"could not download .*Connection refused.* — check the connection"
    with pytest.raises(SourceError, match=refused):
        download_dump("UA", tmp_path, base_url="http://127.0.0.1:9/")
    assert list(tmp_path.iterdir()) == []


def test_the_embedded_gazetteer_alone_leaves_installed_sources_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gazetteer.cache import default_sources

    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    installed = tmp_path / "gazetteer"
    installed.mkdir()
    write_dump(installed)  # as `frontline gazetteer import` leaves it
    assert [s.kind for s in default_sources()] == ["embedded", "dump"]
    assert [s.kind for s in default_sources(installed=False)] == ["embedded"]
    given = write_dump(tmp_path, name="BY")
    assert [s.path for s in default_sources([given], installed=False)][1:] == [given]
