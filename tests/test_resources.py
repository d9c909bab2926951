"""Resources under hostile or careless input (issue 19): zip bombs, endless files, the cache that only
grew, and a store another program holds."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import time
import zipfile
from pathlib import Path

import pytest

from frontline.store import StoreLockedError, read_corrections

from .cli_inprocess import run_here
from .fuzz_cases import make_store
from .test_cli import assert_one_line_error


def write_bomb(path: Path, *, inflated_mb: int) -> Path:
    """A zip whose one .txt member inflates ``inflated_mb`` MB of zeros from about a thousandth of that."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(f"{path.stem}.txt", "w", force_zip64=True) as member,
    ):
        block = b"0" * 2**20
        for _ in range(inflated_mb):
            member.write(block)
    return path


@pytest.fixture
def own_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A data and a cache directory of the test's own (the session's shared index stays untouched)."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(data))
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(cache))
    return data, cache


def test_a_zip_bomb_is_refused_before_it_inflates(tmp_path: Path, own_dirs: tuple[Path, Path]) -> None:
    bomb = write_bomb(tmp_path / "UA.zip", inflated_mb=100)
    assert bomb.stat().st_size < 2**20
    ran = run_here("gazetteer", "import", bomb)
    assert_one_line_error(ran, "would inflate to 100 MB", "not a GeoNames dump")
    assert not (own_dirs[0] / "gazetteer").exists()  # nothing installed


def test_a_member_larger_than_it_says_fails_its_check(tmp_path: Path, own_dirs: tuple[Path, Path]) -> None:
    """The stated size bounds the read: a member that holds more ends at it and fails the CRC check."""
    path = tmp_path / "UA.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("UA.txt", "\t".join(["1", "Izium"] + [""] * 17) + "\n" * 1000)
    data = bytearray(path.read_bytes())
    # the uncompressed size, in the local header (offset 22) and the central directory's (offset 24)
    central = data.rfind(b"PK\x01\x02")
    for at in (22, central + 24):
        data[at : at + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert_one_line_error(run_here("gazetteer", "import", path), "UA.zip")


def test_extract_reads_no_more_than_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """/dev/zero has size 0 and no end: the read is bounded, not the size checked."""
    from frontline.extract import reports

    monkeypatch.setattr(reports, "_MAX_BYTES", 2**20)
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    assert_one_line_error(run_here("extract", zero, "--date", "2022-09-10", "--dry-run"), "is over 1 MB")


def _fake_index(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    return path


def test_gazetteer_remove_takes_its_index_from_the_cache(own_dirs: tuple[Path, Path]) -> None:
    from gazetteer.cache import default_sources, index_path, remove_source
    from gazetteer.sources import embedded_source

    data, _ = own_dirs
    source = data / "gazetteer" / "checkpoints.csv"
    source.parent.mkdir(parents=True)
    source.write_text("name,latitude,longitude\nHeight 236,49.1,37.9\n", encoding="utf-8")
    with_it = _fake_index(index_path(default_sources()), 1000)
    without_it = _fake_index(index_path([embedded_source()]), 1000)  # the embedded one alone
    remove_source("checkpoints.csv")
    assert not source.exists() and not with_it.exists()
    assert without_it.exists()


def test_cache_info_and_clear(own_dirs: tuple[Path, Path]) -> None:
    from gazetteer.cache import default_sources, index_path

    _, cache = own_dirs
    in_use = _fake_index(index_path(default_sources()), 3000)
    stale = [_fake_index(cache / "gazetteer" / f"index-{i:020d}.sqlite", 2**20) for i in range(3)]
    (cache / "downloads").mkdir()
    (cache / "downloads" / "UA.zip.part").write_bytes(b"x" * 100)

    info = json.loads(run_here("cache", "info", "--json").stdout)
    assert len(info["indexes"]) == 4 and info["index_bytes"] == 3000 + 3 * 2**20
    assert [i["path"] for i in info["indexes"] if i["in_use"]] == [str(in_use)]
    assert info["download_bytes"] == 100
    table = run_here("cache", "info")
    assert table.returncode == 0 and b"(in use)" in table.stdout

    cleared = run_here("cache", "clear")
    assert cleared.returncode == 0, cleared.stderr
    assert b"Removed 4 files, 3.0 MB freed" in cleared.stdout
    assert in_use.exists() and not any(p.exists() for p in stale)
    assert run_here("cache", "clear", "--all").returncode == 0
    assert not in_use.exists()


def test_a_store_held_exclusively_by_another_program_is_not_called_damaged(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    other = sqlite3.connect(store, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreLockedError, match="locked by another program") as info:
            read_corrections(store)
        assert "damaged" not in str(info.value)
        for args in (
            ["events", "export", tmp_path / "out.csv"],
            ["review"],
            ["extract", tmp_path / "report.txt", "--date", "2022-09-10"],  # make_store's report
        ):
            ran = run_here(*args, "--store", store)
            assert_one_line_error(ran, "locked by another program")
            assert b"damaged" not in ran.stderr
    finally:
        other.execute("ROLLBACK")
        other.close()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "lasts_s", "shown"), [(True, 0.4, True), (True, 0.0, False), (False, 0.4, False)]
)
def test_a_long_step_shows_progress_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, tty: bool, lasts_s: float, shown: bool
) -> None:
    from rich.console import Console

    from frontline.cli import _console

    screen = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(_console, "error_console", Console(file=screen, force_terminal=tty, width=80))
    with _console.step("Reading big.csv", after_s=0.1):
        time.sleep(lasts_s)
    assert ("Reading big.csv" in screen.getvalue()) is shown


def test_a_long_report_read_in_windows_tells_what_it_tells_whole(
    embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from frontline.extract import extract_events, extractor
    from frontline.extract.reports import Report

    paragraphs = [
        "Ministry of Defence of Russia: units of the Western group repelled attacks near Kupiansk.",
        "Russian forces shelled Izium overnight, two civilians were killed.",
        "The weather was cold and the roads were muddy across the region for the whole week.",
        "Ukrainian forces recaptured Lyman, the General Staff said.",
    ] * 5
    report = Report("\n\n".join(paragraphs), date(2022, 9, 10), "", "", "long")

    def told(window: int) -> set[tuple[str, str, str]]:
        monkeypatch.setattr(extractor, "WINDOW_CHARS", window)
        return {
            (e.location, e.sub_event_type, e.x_claim_by)
            for e in extract_events(report, embedded, timestamp=0)
        }

    whole = told(10**9)
    assert {location for location, _, _ in whole} == {"Kupiansk", "Izium", "Lyman"}
    assert told(300) == whole
    read: list[int] = []  # the progress of a long report, window by window
    extract_events(report, embedded, timestamp=0, progress=read.append)
    assert len(read) > 5 and read == sorted(read) and read[-1] == len(report.text)


def test_a_later_window_opening_without_a_full_stop_is_no_headline(
    embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paragraph's first line that ends without a full stop opens a window of a long report, not the
    report: its claim keeps its claimant and status."""
    from datetime import date

    from frontline.extract import extract_events, extractor
    from frontline.extract.reports import Report

    paragraphs = [
        "The weather was cold and the roads were muddy across the region for the whole week.",
        "Fighting went on along the front as units rotated and supplies moved up at night.",
        "Ukrainian troops liberated Balakliia, the General Staff said\nThe city was cleared by evening.",
    ]
    report = Report("\n\n".join(paragraphs), date(2022, 9, 10), "", "", "long")

    def told(window: int) -> set[tuple[str, str, str]]:
        monkeypatch.setattr(extractor, "WINDOW_CHARS", window)
        return {(e.location, e.x_claim_by, e.x_confidence) for e in extract_events(report, embedded)}

    whole = told(10**9)
    assert ("Balakliia", "General Staff of Ukraine", "claimed") in whole
    assert told(150) == whole
