"""Bulk corpora on Dask: a 2-worker local cluster gives what one process gives, in the same order, from
JSON lines (plain and gzip), Parquet and folders; a worker that dies fails the run naming its records."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from frontline.bulk import (
    BulkError,
    Partition,
    ReportDefaults,
    extract_bag,
    extract_corpus,
    geoparse_bag,
    geoparse_corpus,
    open_client,
    read_partitions,
    records_bag,
)
from frontline.errors import InputError

pytestmark = pytest.mark.slow

PLACES = (
    "Kupiansk",
    "Izium",
    "Lyman",
    "Bakhmut",
    "Avdiivka",
    "Kherson",
    "Balakliia",
    "Vovchansk",
    "Pokrovsk",
)
SENTENCES = (
    "Russian forces shelled {a} overnight, the regional governor said; {n} civilians were wounded.",
    "Ukrainian troops recaptured {a} and advanced towards {b}, the General Staff reported.",
    "A drone strike hit a warehouse near {a}.",
    "Fighting continued around {a} and {b}, according to the Russian Ministry of Defence.",
    "No place is named in this post about the weather.",
)
TIMESTAMP = 1_700_000_000


def corpus(n: int, start: int = 0) -> list[dict[str, Any]]:
    out = []
    for i in range(start, start + n):
        text = SENTENCES[i % len(SENTENCES)].format(
            a=PLACES[i % len(PLACES)], b=PLACES[(i * 7 + 3) % len(PLACES)], n=i % 9 + 1
        )
        out.append({"id": f"p{i}", "date": f"2023-0{i % 9 + 1}-1{i % 10}", "text": text, "source": "t.me/x"})
    return out


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    import dask
    import distributed  # noqa: F401 — its settings exist before they are changed and restored

    # a task whose worker dies is not tried again on another (the test kills one on purpose)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        c = open_client(workers=2)
    try:
        yield c
    finally:
        cluster = c.cluster
        c.close()
        if cluster is not None:
            cluster.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same 90 records as a folder: 30 plain JSON lines (one blank line), 30 gzip, 30 Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("corpus")
    records = corpus(90)
    (root / "a.jsonl").write_text(jsonl(records[:15]) + "\n" + jsonl(records[15:30]), encoding="utf-8")
    with gzip.open(root / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(jsonl(records[30:60]))
    pq.write_table(pa.Table.from_pylist(records[60:]), root / "c.parquet", row_group_size=8)
    (root / "notes.txt").write_text("not part of the corpus", encoding="utf-8")
    return root


def single_process_geoparse(records: list[dict[str, Any]], embedded) -> list[str]:
    from frontline.geoparse import geoparse_lines

    return list(geoparse_lines(io.BufferedReader(io.BytesIO(jsonl(records).encode())), embedded, name="x"))


def test_partitions_stream_every_format(folder: Path) -> None:
    parts = list(read_partitions([folder], partition_size=7))
    assert [r["id"] for p in parts for r in p.records] == [f"p{i}" for i in range(90)]
    assert parts[0] == Partition(str(folder / "a.jsonl"), 1, 7, parts[0].records)
    # line numbers skip the blank line (line 16); a file's last partition is short; each file starts anew
    assert [(Path(p.source).name, p.first, p.last, len(p.records)) for p in parts[2:6]] == [
        ("a.jsonl", 15, 22, 7), ("a.jsonl", 23, 29, 7), ("a.jsonl", 30, 31, 2), ("b.jsonl.gz", 1, 7, 7)
    ]  # fmt: skip
    assert parts[-1].where.endswith("c.parquet: records 29–30")


def test_two_workers_geoparse_as_one_process(client, folder: Path, embedded) -> None:
    got = list(geoparse_corpus([folder], client=client, partition_size=7))
    assert got == single_process_geoparse(corpus(90), embedded)
    assert any('"location": {' in line for line in got) and any('"location": null' in line for line in got)


def test_two_workers_list_runners_up_as_one_process(client, folder: Path, embedded) -> None:
    from frontline.bulk import geoparse_blocks
    from frontline.geoparse import geoparse_lines

    got = b"".join(geoparse_blocks([folder], client=client, partition_size=7, alternatives=2)).decode()
    stream = io.BufferedReader(io.BytesIO(jsonl(corpus(90)).encode()))
    assert got == "".join(geoparse_lines(stream, embedded, name="x", alternatives=2))
    assert '"alternatives": [{' in got


def test_two_workers_extract_as_one_process(client, folder: Path, embedded) -> None:
    from frontline.extract import extract_events, read_reports

    got = extract_corpus([folder / "a.jsonl"], client=client, timestamp=TIMESTAMP, partition_size=4)
    want = [
        e
        for r in read_reports(folder / "a.jsonl", default_date=None)
        for e in extract_events(r, embedded, timestamp=TIMESTAMP)
    ]
    assert got == want and len(want) > 10


def test_over_a_dask_bag(client, folder: Path, embedded) -> None:
    bag = records_bag([folder], blocksize="1KiB")
    assert bag.npartitions > 3
    got = [json.dumps(r, ensure_ascii=False) + "\n" for r in geoparse_bag(bag).compute()]
    assert got == single_process_geoparse(corpus(90), embedded)
    events = extract_bag(records_bag([folder / "b.jsonl.gz"]), timestamp=TIMESTAMP).compute()
    assert events == extract_corpus([folder / "b.jsonl.gz"], client=client, timestamp=TIMESTAMP)


def test_bad_records_are_refused_before_any_work(client, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(jsonl(corpus(5)) + '{"id": "x", "text": "no date"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl: line 6 has no \"date\""):
        extract_corpus([path], client=client)
    assert extract_corpus([path], client=client, defaults=ReportDefaults(date=date(2023, 1, 1)))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no \.jsonl"):
        list(read_partitions([tmp_path / "empty"]))


def test_workers_parse_json_lines_and_name_the_line_they_refuse(client, tmp_path: Path) -> None:
    """The client sends JSON lines as read; what a worker finds wrong in one is the InputError one process
    gives, naming the line in the file, not the partition's."""
    path = tmp_path / "bad.jsonl"
    lines = jsonl(corpus(9)).splitlines(keepends=True)
    path.write_text("".join(lines[:7]) + "\n" + "".join(lines[7:]) + '{"id": "x", "text": 5}\n{"id"\n')
    with pytest.raises(InputError, match=r"bad.jsonl: line 11: \"text\" must be a string"):
        list(geoparse_corpus([path], client=client, partition_size=4))
    path.write_text("".join(lines[:7]) + "\n" + "".join(lines[7:]) + '{"id"\n')
    with pytest.raises(InputError, match=r"bad.jsonl: line 11 is not valid JSON"):
        extract_corpus([path], client=client, partition_size=4)


def test_partitions_count_records_as_json_lines_does(tmp_path: Path) -> None:
    """The client tells blank lines from records without parsing them; a line json_lines skips (white
    space of any kind, a byte order mark) is no record, a line it refuses is one."""
    from frontline.files import json_lines

    record = jsonl(corpus(1)).encode()
    odd = [b"\xef\xbb\xbf\n", b"\xc2\xa0 \r\n", b"\x1c\n", b"\t\n", b" \xe2\x80\x83\n", b"\n"]
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b"".join(x for line in odd for x in (line, record)) + b"\n\n")
    with path.open("rb") as f:
        numbers = [n for n, _ in json_lines(f, "odd.jsonl")]
    parts = list(read_partitions([path], partition_size=1))
    assert [(p.first, p.last, len(p.records)) for p in parts] == [(n, n, 1) for n in numbers]
    assert numbers == [2, 4, 6, 8, 10, 12]


def _dies_on_boom(part: Partition, *args: Any) -> bytes:
    if any(r.get("id") == "boom" for r in part.records):
        os._exit(3)  # as a worker killed by the kernel
    from frontline.bulk import _extract_partition

    return _extract_partition(part, *args)


def test_a_worker_dying_fails_the_run_and_stores_nothing(client, tmp_path: Path) -> None:
    import cloudpickle

    from frontline.store import append_events, read_events

    cloudpickle.register_pickle_by_value(__import__(__name__, fromlist=["_"]))
    records = corpus(30)
    records[17]["id"] = "boom"
    path = tmp_path / "corpus.jsonl"
    path.write_text(jsonl(records), encoding="utf-8")
    store = tmp_path / "events.gpkg"
    with pytest.raises(BulkError, match=r"corpus.jsonl: records 15–21 \(a worker died") as err:
        events = extract_corpus([path], client=client, partition_size=7, _task=_dies_on_boom)
        append_events(events, store)
    assert "nothing was stored" in str(err.value)
    assert not store.exists() and len(read_events(store)) == 0
    # the cluster goes on: the next run works
    assert extract_corpus([path], client=client, partition_size=7)


def test_the_commands_with_workers(tmp_path: Path) -> None:
    from frontline.store import read_events

    from .test_cli import assert_one_line_error, run

    path = tmp_path / "corpus.jsonl"
    path.write_text(jsonl(corpus(25)), encoding="utf-8")
    one = run("geoparse", str(path))
    two = run("geoparse", str(path), "--workers", "2")
    assert two.returncode == 0, two.stderr.decode()
    assert two.stdout == one.stdout and two.stdout.count(b"\n") == 25
    assert b"distributed" not in two.stderr  # the cluster's chatter stays out of the terminal
    stores = [tmp_path / "one.gpkg", tmp_path / "two.gpkg"]
    assert run("extract", str(path), "--store", str(stores[0])).returncode == 0
    proc = run("extract", str(tmp_path), "--workers", "2", "--store", str(stores[1]))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "from 25 reports" in proc.stdout.decode()
    one_events, two_events = (read_events(s).drop(columns="timestamp") for s in stores)
    assert one_events.equals(two_events) and len(one_events) > 10
    assert_one_line_error(run("extract", str(tmp_path / "none.jsonl"), "--workers", "2"), "no such file")
    # empty input is refused, and nothing is stored
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n")
    for command in (["geoparse"], ["extract", "--store", str(tmp_path / "new.gpkg")]):
        for name, said in (("empty.jsonl", "is empty"), ("blank.jsonl", "no reports")):
            proc = run(*command, str(tmp_path / name), "--workers", "1")
            assert_one_line_error(proc, name, said)
            assert proc.stdout == b""
    assert not (tmp_path / "new.gpkg").exists()
    assert_one_line_error(
        run("geoparse", str(path), "--workers", "2", "--scheduler", "tcp://x:1"), "not both"
    )


def test_exports_feeds_and_pages_as_one_process_reads_them(client, embedded, tmp_path: Path) -> None:
    """A Telegram Desktop export, a feed and a saved article go through the cluster as through
    ``frontline extract``: the same events, channel links and forwarding kept, skipped items said."""
    from frontline.extract import extract_events
    from frontline.sources import read_source

    from .test_extract_sources import EXPORT, RSS

    export = tmp_path / "result.json"
    export.write_text(json.dumps(EXPORT, ensure_ascii=False, indent=1), encoding="utf-8")
    feed = tmp_path / "wire.rss"
    feed.write_text(RSS, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Strike on Kupiansk</title></head><body><article><p>Russian forces "
        "shelled Kupiansk on 9 May 2024, the regional governor said.</p></article></body></html>",
        encoding="utf-8",
    )
    day = date(2024, 5, 10)

    def one_process(files: list[Path]) -> list[Any]:
        return [
            e
            for f in files
            for r in read_source(f, default_date=day).reports
            for e in extract_events(r, embedded, timestamp=TIMESTAMP)
        ]

    files = [export, feed, page]
    want = one_process(files)
    skipped: list[str] = []
    got = extract_corpus(
        files,
        client=client,
        defaults=ReportDefaults(date=day),
        timestamp=TIMESTAMP,
        partition_size=2,
        on_skip=skipped.append,
    )
    assert got == want and len(want) >= 4
    assert {e.x_source_url for e in got} >= {"https://example.org/a/1"}
    assert any("Forwarded from Генштаб ЗСУ." in e.notes for e in got)
    assert len(skipped) == 4 and any("message 5:" in s for s in skipped)
    assert any(e.location == "Kupiansk" for e in got)  # the article's main text
    # a folder holding them reads them too, in name order
    folder = extract_corpus([tmp_path], client=client, defaults=ReportDefaults(date=day), timestamp=TIMESTAMP)
    assert folder == one_process(sorted(files))
