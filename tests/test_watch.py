"""``frontline watch``: only new reports are read each round; a restart remembers; nothing stored twice."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from frontline.errors import InputError
from frontline.store import read_events
from frontline.watch import WatchState, parse_every, watch_round

from .http_server import serve
from .test_cli import run
from .test_extract_sources import EXPORT, RSS

DAY = date(2024, 5, 10)


def test_rounds_read_only_what_is_new(embedded, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "result.json").write_text(json.dumps(EXPORT, ensure_ascii=False), encoding="utf-8")
    (folder / "notes.bin").write_bytes(b"\x00\x01")  # not a report file: not read
    store, state = tmp_path / "events.gpkg", WatchState(tmp_path / "state.json")
    problems: list[str] = []
    first = watch_round([folder], state, embedded, store=store, default_date=DAY, warn=problems.append)
    assert first.reports == 2 and first.added > 0
    assert len(problems) == 3 and all("message" in p for p in problems)
    again = watch_round([folder], state, embedded, store=store, default_date=DAY, warn=problems.append)
    assert (again.reports, again.events) == (0, 0)
    (folder / "kherson.txt").write_text("Russian forces shelled Kherson overnight.", encoding="utf-8")
    third = watch_round([folder], state, embedded, store=store, default_date=DAY, source="Wire")
    assert (third.reports, third.added) == (1, 1)
    # a restart reads the state file back
    assert WatchState(tmp_path / "state.json").seen == state.seen
    assert len(read_events(store)) == first.added + third.added


def test_a_source_that_fails_is_one_line_and_the_round_goes_on(embedded, tmp_path: Path) -> None:
    (tmp_path / "bad.xml").write_text("<!doctype html><html><body>Not a feed</body></html>", encoding="utf-8")
    (tmp_path / "ok.rss").write_text(RSS, encoding="utf-8")
    problems: list[str] = []
    state = WatchState(tmp_path / "s.json")
    result = watch_round([tmp_path], state, embedded, store=tmp_path / "e.gpkg", warn=problems.append)
    assert result.reports == 1
    assert any("bad.xml" in p and "not an RSS or Atom feed" in p for p in problems)


def test_intervals_and_a_broken_state_file(tmp_path: Path) -> None:
    assert parse_every("90s") == 90 and parse_every("5") == 300
    for bad in ("", "0m", "soon", "-1h"):
        with pytest.raises(InputError, match="not a duration"):
            parse_every(bad)
    broken = tmp_path / "state.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not a watch state file"):
        WatchState(broken)


@pytest.mark.slow
def test_watch_command_polls_a_feed_url_and_restarts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.xml").write_text(RSS, encoding="utf-8")
    store, state = tmp_path / "events.gpkg", tmp_path / "state.json"
    with serve(site) as base:
        args = ["watch", base + "feed.xml", "--every", "1s", "--rounds", "2", "--store", str(store)]
        first = run(*args, "--state", str(state))
        assert first.returncode == 0, first.stderr.decode()
        out = first.stdout.decode().splitlines()
        assert out[0].startswith("round 1: 1 new reports, 1 events: 1 new")
        assert out[1].startswith("round 2: 0 new reports")
        restarted = run(*args, "--state", str(state))
    assert restarted.stdout.decode().startswith("round 1: 0 new reports"), restarted.stdout.decode()
    assert len(read_events(store)) == 1
    bad = run("watch", str(site), "--every", "soon")
    assert bad.returncode == 2 and "not a duration" in bad.stderr.decode()
