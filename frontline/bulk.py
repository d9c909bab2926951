"""Bulk corpora on Dask: ``frontline geoparse``/``extract`` spread over the cores of one machine
(``--workers N``: a local cluster of worker processes) or the machines of a ``dask.distributed`` cluster
(``--scheduler ADDRESS``), with the same output, in the same order, as one process gives.

* **Input** (:func:`read_partitions`): JSON lines (plain or ``.gz``), Parquet with ``id``/``text``/``date``/
  ``source`` (and ``url``) columns, what ``frontline extract`` reads from where analysts keep reporting —
  Telegram Desktop exports (``result.json``), RSS/Atom feeds, saved HTML articles — or a folder of them
  (its files in name order), read as a stream of partitions of ``partition_size`` records: the client
  never holds more than a few partitions, a worker one at a time, however large the corpus (an export,
  a feed or a page is read whole, as ``frontline extract`` reads it).
* **Workers** get records, not files: input on the client's disk (or stdin) serves a remote cluster. JSON
  lines go as read, and the workers parse and check them: the client, on one of the cores the workers
  need, only splits the input into partitions and hands results on (each partition's output comes back
  as one ``bytes``). Each worker process opens the gazetteer index once (:func:`worker_gazetteer`) and
  keeps it for every partition after. The index is a file:
  ``<cache dir>/gazetteer/<sources' content hash>.sqlite``, built once by the client before any worker
  starts. Workers on other machines need the same file — install the same sources there (``frontline
  gazetteer import``) and let the first run build it, or copy the client's cache folder to each machine
  and point ``FRONTLINE_CACHE_DIR`` at it (a shared network folder will do, as long as the sources' paths
  given with ``--gazetteer`` exist there too).
* **Order**: partitions are submitted in input order and their results taken back in that order (a
  window of a few partitions per worker in flight), so the output is what one process writes.
* **Failure**: a worker that dies (or a record that fails) ends the run with :class:`BulkError` naming
  the file and the records it was on, a record that is not what a record must be with the
  :class:`~frontline.errors.InputError` one process gives, naming its line; ``extract`` stores events
  only once every partition is done, in one write, so a failed run stores nothing.

The Python API also works over a ``dask.bag`` of records (:func:`records_bag`, :func:`geoparse_bag`,
:func:`extract_bag`).
"""

from __future__ import annotations

import codecs
import gzip
import json
import logging
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FrontlineError, InputError
from .files import existing_file, json_lines
from .geoparse import check_text, geoparse_json, geoparse_record

if TYPE_CHECKING:
    import dask.bag
    from distributed import Client

    from gazetteer import Gazetteer

    from .events import Event
    from .extract import Report

__all__ = [
    "BulkError",
    "Partition",
    "ReportDefaults",
    "check_paths",
    "extract_bag",
    "extract_corpus",
    "geoparse_bag",
    "geoparse_blocks",
    "geoparse_corpus",
    "holds_records",
    "open_client",
    "read_partitions",
    "records_bag",
    "worker_gazetteer",
]

log = logging.getLogger(__name__)

PARTITION_SIZE = 2_000
_JSON_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_SOURCE_SUFFIXES = (".xml", ".rss", ".atom", ".html", ".htm")  # read by frontline.sources
_CORPUS_SUFFIXES = _JSON_SUFFIXES + _PARQUET_SUFFIXES + _SOURCE_SUFFIXES
_COLUMNS = ("id", "text", "date", "source", "url")


class BulkError(FrontlineError):
    """A bulk run failed: a worker died or a record could not be processed; nothing was stored."""


@dataclass(frozen=True, slots=True)
class Partition:
    """Records of ``source`` numbered ``first``..``last`` (JSON lines' line numbers, Parquet's rows,
    from 1)."""

    source: str
    first: int
    last: int
    records: list[dict[str, Any]]

    @property
    def where(self) -> str:
        return f"{self.source}: records {self.first:,}–{self.last:,}"

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass(frozen=True, slots=True)
class _Lines:
    """Lines ``first``..``last`` of the JSON lines file ``source`` as read (blank lines between records
    kept), ``count`` records: what the client sends a worker, which parses and checks them. Parsing on the
    client cost it 6 µs a record, and sending the records as dicts pickling them twice in its process
    (once to the scheduler, once on to the worker); bytes cost neither."""

    source: str
    first: int
    last: int
    raw: bytes
    count: int

    @property
    def where(self) -> str:
        return f"{self.source}: records {self.first:,}–{self.last:,}"

    def numbered(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(line number, record)`` of each record; :class:`InputError` naming the line of one that is
        not a JSON object."""
        return json_lines(self.raw.split(b"\n"), self.source, start=self.first)

    @property
    def records(self) -> list[dict[str, Any]]:
        return [record for _, record in self.numbered()]


# -- input -------------------------------------------------------------------------------------------------


def _name(path: Path) -> str:
    return path.name.lower()


def _files(path: Path) -> list[Path]:
    """The input files a path names: itself, or a folder's JSON lines and Parquet files in name order."""
    if str(path) == "-":
        return [path]
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.is_file() and _name(p).endswith(_CORPUS_SUFFIXES))
        if not found:
            msg = (
                f"{path} holds no .jsonl, .jsonl.gz, .parquet, Telegram export, feed or HTML files — give "
                "a folder of corpus files"
            )
            raise InputError(msg)
        return found
    existing_file(
        path, "JSON lines (.jsonl, .jsonl.gz), Parquet, a Telegram export, a feed, an HTML page or a folder"
    )
    if path.stat().st_size == 0:
        msg = f"{path} is empty — give JSON lines of reports, Parquet, a Telegram export, a feed or a folder"
        raise InputError(msg)
    return [path]


def check_paths(paths: Sequence[Path]) -> list[Path]:
    """The input files ``paths`` name (a folder's corpus files in name order); InputError for a path that
    names none — before any cluster is started."""
    return [f for p in paths for f in _files(Path(p))]


def _raw_lines(path: Path) -> Iterator[bytes]:
    """The lines of a JSON lines file (plain or gzip), or of stdin for ``-``, as read."""
    if str(path) == "-":
        yield from sys.stdin.buffer
        return
    if _name(path).endswith(".gz"):
        try:
            with gzip.open(path, "rb") as f:
                yield from f
        except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
            msg = f"{path} is not a readable gzip file ({err}) — give .jsonl.gz compressed with gzip"
            raise InputError(msg) from err
        return
    with path.open("rb") as f:
        yield from f


def _is_blank(line: bytes) -> bool:
    """Whether :func:`~frontline.files.json_lines` skips ``line`` (nothing but white space and a byte
    order mark), without parsing a line that opens a JSON object."""
    if line[:1] == b"{":
        return False
    return not line.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace").strip()


def _line_batches(path: Path, source: str, size: int) -> Iterator[_Lines]:
    """The lines of a JSON lines file ``size`` records at a time, unparsed; blank lines before a
    batch's first record are left out."""
    chunk: list[bytes] = []
    first = last = count = 0
    for number, line in enumerate(_raw_lines(path), 1):
        if _is_blank(line):
            if chunk:
                chunk.append(line)  # a record after it keeps its line number
            continue
        if not chunk:
            first = number
        chunk.append(line)
        last = number
        count += 1
        if count == size:
            yield _Lines(source, first, last, b"".join(chunk), count)
            chunk, count = [], 0
    if chunk:
        yield _Lines(source, first, last, b"".join(chunk), count)


def _parquet_records(path: Path, size: int) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except Exception as err:
        msg = f"{path} cannot be read as Parquet ({err}) — give a Parquet file with id, text, date columns"
        raise InputError(msg) from err
    names = set(file.schema_arrow.names)
    if "text" not in names:
        msg = (
            f"{path} has no 'text' column (it has: {', '.join(sorted(names))}) — give id, text, date, source"
        )
        raise InputError(msg)
    row = 0
    for batch in file.iter_batches(batch_size=size):  # every column, in the file's order, as JSON lines keep
        for record in batch.to_pylist():
            row += 1
            yield row, {k: (v.isoformat() if isinstance(v, date) else v) for k, v in record.items()}


def _is_export(path: Path) -> bool:
    """Whether a ``.json`` file is one Telegram Desktop export (one JSON object over many lines, or
    one line with its ``messages``) rather than JSON lines of records."""
    if str(path) == "-" or not _name(path).endswith(".json"):
        return False
    with path.open("rb") as f:
        first = f.readline(1 << 20).strip()
    if not first.startswith(b"{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return True  # an object that goes on past its first line: an export
    return isinstance(record, dict) and "text" not in record and ("messages" in record or "chats" in record)


def _reads_as_source(path: Path) -> bool:
    return _name(path).endswith(_SOURCE_SUFFIXES) or _is_export(path)


def _source_records(
    path: Path, default_date: date | None, on_skip: Callable[[str], None] | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The reports of an export, a feed or a page as records (numbered from 1), read as ``frontline
    extract`` reads them; what it skips goes to ``on_skip``, one line each."""
    from .sources import read_source

    batch = read_source(path, default_date=default_date)
    for line in batch.skipped:
        if on_skip is not None:
            on_skip(line)
    for number, r in enumerate(batch.reports, 1):
        yield (
            number,
            {
                "id": r.report_id,
                "text": r.text,
                "date": r.date.isoformat(),
                "source": r.source,
                "url": r.url,
                "forwarded_from": r.forwarded_from,
                "source_named": r.source_named,
            },
        )


def _records(
    path: Path, size: int, default_date: date | None = None, on_skip: Callable[[str], None] | None = None
) -> tuple[str, Iterator[tuple[int, dict[str, Any]]]]:
    """What a record of ``path`` (Parquet, an export, a feed or a page) is called in messages ("row",
    "item"), and its records."""
    if _name(path).endswith(_PARQUET_SUFFIXES):
        return "row", _parquet_records(path, size)
    return "item", _source_records(path, default_date, on_skip)


def holds_records(path: Path) -> bool:
    """Whether ``path`` is read record by record with :func:`read_partitions` rather than as JSON lines
    or plain text from a stream: a folder, a ``.gz`` or Parquet file, a Telegram export, a feed or a
    page."""
    if str(path) == "-":
        return False
    if path.is_dir():
        return True
    return _name(path).endswith((".gz", *_PARQUET_SUFFIXES)) or (path.is_file() and _reads_as_source(path))


def _is_json_lines(path: Path) -> bool:
    return not _name(path).endswith(_PARQUET_SUFFIXES) and not _reads_as_source(path)


_Check = Callable[[dict[str, Any], str], None]


def _batches(
    paths: Sequence[Path],
    size: int,
    check: _Check | None,
    default_date: date | None,
    on_skip: Callable[[str], None] | None,
) -> Iterator[Partition | _Lines]:
    """The records of ``paths`` ``size`` at a time: JSON lines as read, to be parsed and checked where
    they are worked on; Parquet's rows and the items of exports, feeds and pages as records, checked."""
    if size < 1:
        msg = f"partition size {size} must be at least 1"
        raise InputError(msg)
    for path in (f for p in paths for f in _files(Path(p))):
        source = "stdin" if str(path) == "-" else str(path)
        if _is_json_lines(path):
            yield from _line_batches(path, source, size)
            continue
        chunk: list[dict[str, Any]] = []
        first = last = 1
        kind, records = _records(path, size, default_date, on_skip)
        for number, record in records:
            if check is not None:
                check(record, f"{source}: {kind} {number}")
            if not chunk:
                first = number
            chunk.append(record)
            last = number
            if len(chunk) == size:
                yield Partition(source, first, last, chunk)
                chunk = []
        if chunk:
            yield Partition(source, first, last, chunk)


def _checked(part: Partition | _Lines, check: _Check | None) -> Iterator[tuple[dict[str, Any], str]]:
    """``(record, where)`` of each record of ``part``: JSON lines parsed and each record checked with
    ``check``, which may raise :class:`InputError`; other records as they are (checked when read)."""
    if isinstance(part, Partition):
        for record in part.records:
            yield record, "record"
        return
    for number, record in part.numbered():
        where = f"{part.source}: line {number}"
        if check is not None:
            check(record, where)
        yield record, where


def read_partitions(
    paths: Sequence[Path],
    *,
    partition_size: int = PARTITION_SIZE,
    check: _Check | None = None,
    default_date: date | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Partition]:
    """The records of ``paths`` (files or folders; ``-`` for stdin), ``partition_size`` at a time, lazily.

    ``check(record, where)`` is called on every record as it is read and may raise :class:`InputError`.
    Exports, feeds and pages date their items with ``default_date`` where they do not themselves, and
    hand what they skip ("message 5: no text") to ``on_skip``.
    """
    for part in _batches(paths, partition_size, check, default_date, on_skip):
        if isinstance(part, _Lines):
            yield Partition(part.source, part.first, part.last, [r for r, _ in _checked(part, check)])
        else:
            yield part


def records_bag(paths: Sequence[Path], *, blocksize: str = "64MiB") -> dask.bag.Bag:
    """The records of ``paths`` (files or folders of JSON lines, plain or ``.gz``, and Parquet) as a
    ``dask.bag``, read where it is computed: plain JSON lines in blocks of ``blocksize``, a ``.gz`` file
    whole (gzip cannot be split), Parquet by row group."""
    import dask.bag as db
    import dask.dataframe as dd

    bags = []
    for path in (f for p in paths for f in _files(Path(p))):
        if _name(path).endswith(_PARQUET_SUFFIXES):
            bags.append(dd.read_parquet(str(path)).to_bag(format="dict"))
        else:
            size = None if _name(path).endswith(".gz") else blocksize
            lines = db.read_text(str(path), blocksize=size, compression="infer", encoding="utf-8")
            bags.append(lines.filter(str.strip).map(json.loads))
    return db.concat(bags)


# -- on the workers ------------------------------------------------------------------------------------------

_GAZETTEERS: dict[tuple[tuple[str, ...], str], Gazetteer] = {}


def worker_gazetteer(paths: Sequence[str], theatre: Any = None, theatre_key: str = "") -> Gazetteer:
    """The gazetteer of ``paths`` (the installed sources when empty) with ``theatre`` (the embedded one
    when None), opened once per process and kept for every partition after (``theatre_key`` tells
    theatres apart)."""
    key = (tuple(paths), theatre_key)
    if key not in _GAZETTEERS:
        from gazetteer import Gazetteer

        _GAZETTEERS[key] = Gazetteer.open([Path(p) for p in paths] or None, theatre=theatre or "embedded")
    return _GAZETTEERS[key]


@dataclass(frozen=True, slots=True)
class _Setup:
    """What every task opens its gazetteer with: the sources' paths and the theatre (a scattered future
    on a cluster, resolved to the object by Dask before the task runs); and how many runners-up each
    mention of the output lists."""

    gazetteer: tuple[str, ...] = ()
    theatre_key: str = ""
    alternatives: int = 0


def _geoparse_records(
    records: Iterable[dict[str, Any]], setup: _Setup, theatre: Any = None
) -> list[dict[str, Any]]:
    gaz = worker_gazetteer(setup.gazetteer, theatre, setup.theatre_key)
    return [geoparse_record(r, gaz, alternatives=setup.alternatives) for r in records]


# What a task sends back is one bytes object, not a list: Dask sends a list's items one by one, a message
# part (frame) each, which cost the workers a third as much again as the geoparsing itself to pack, and
# the client's event loop 25 µs a post to unpack.


def _geoparse_lines(
    part: Partition | _Lines, setup: _Setup, theatre: Any = None, default_day: date | None = None
) -> bytes:
    """The output JSON lines of ``part``, UTF-8 encoded, joined; every record checked before any is
    geoparsed."""
    records = [record for record, _ in _checked(part, check_text)]
    gaz = worker_gazetteer(setup.gazetteer, theatre, setup.theatre_key)
    # as `frontline geoparse` writes them
    return "".join(
        geoparse_json(r, gaz, default_day, alternatives=setup.alternatives) + "\n" for r in records
    ).encode()


def _lines(block: bytes) -> Iterator[str]:
    """The lines of a block :func:`_geoparse_lines` made: JSON escapes every line break inside a value,
    so the block's line breaks are its lines' ends. Split as bytes, each line decoded on its own: five
    times faster than splitting the decoded block, whose one emoji makes it a wide string."""
    for line in block.splitlines(keepends=True):
        yield line.decode()


@dataclass(frozen=True, slots=True)
class ReportDefaults:
    """What a record lacks, from the command line: its date, source and link."""

    date: date | None = None
    source: str = ""
    url: str = ""


def to_report(record: dict[str, Any], where: str, defaults: ReportDefaults, stem: str = "") -> Report:
    """A corpus record as the report the extractor reads (as ``frontline extract`` reads a .jsonl)."""
    from .extract import Report, clean_text, parse_date, report_id

    if not isinstance(record.get("text"), str):
        msg = f'{where} has no string "text" — give each record one, e.g. {{"id": "r1", "text": "…"}}'
        raise InputError(msg)
    if record.get("date"):
        when = parse_date(record["date"], where=where)
    elif defaults.date is not None:
        when = defaults.date
    else:
        msg = f'{where} has no "date" — add one (YYYY-MM-DD) or give --date for every record'
        raise InputError(msg)
    named = str(record.get("source") or defaults.source)
    src = named or stem
    body = clean_text(record["text"])
    rid = str(record.get("id") or report_id(body, src))
    return Report(
        body,
        when,
        src,
        str(record.get("url") or defaults.url),
        rid,
        source_named=bool(record.get("source_named", named)),  # an export's record says it itself
        forwarded_from=str(record.get("forwarded_from") or ""),
    )


def _stem(source: str) -> str:
    return source if source == "stdin" else Path(source).stem


def _extract_records(
    records: Iterable[dict[str, Any]],
    setup: _Setup,
    defaults: ReportDefaults,
    timestamp: int | None,
    stem: str = "",
    theatre: Any = None,
) -> list[Event]:
    reports = (to_report(record, "record", defaults, stem) for record in records)
    return _extract_reports(reports, setup, timestamp, theatre)


def _extract_reports(
    reports: Iterable[Report], setup: _Setup, timestamp: int | None, theatre: Any = None
) -> list[Event]:
    from .extract import extract_events

    gaz = worker_gazetteer(setup.gazetteer, theatre, setup.theatre_key)
    return [event for report in reports for event in extract_events(report, gaz, timestamp=timestamp)]


def _extract_partition(
    part: Partition | _Lines,
    setup: _Setup,
    defaults: ReportDefaults,
    timestamp: int | None,
    theatre: Any = None,
) -> bytes:
    """The events of ``part``, pickled together; every record checked before any is worked on."""
    stem = _stem(part.source)
    reports = [to_report(record, where, defaults, stem) for record, where in _checked(part, None)]
    events = _extract_reports(reports, setup, timestamp, theatre)
    return pickle.dumps(events, protocol=pickle.HIGHEST_PROTOCOL)


def _setup(
    client: Client | None, gazetteer: Sequence[Path], theatre: Any, alternatives: int = 0
) -> tuple[_Setup, Any]:
    """The tasks' setup, and the theatre to pass them: sent to every worker once, not with each task."""
    key = ""
    if theatre is not None:
        from dask.base import tokenize

        key = tokenize(theatre)
        if client is not None:
            theatre = client.scatter(theatre, broadcast=True, hash=False)
    return _Setup(tuple(str(p) for p in gazetteer), key, alternatives), theatre


# -- the client ----------------------------------------------------------------------------------------------

# A local cluster's housekeeping, slowed down: by default each worker samples its own stack every 10 ms for
# the dashboard's profile, every server (the scheduler and the nannies, in the client's process, and each
# worker) checks its event loop every 20 ms, the nannies and workers their memory every 100 ms, and all of
# them the machine every 500 ms. Idle, that took 5 % of a core in the client's process and 3.5 % in each
# worker (1 % and 0.5 % so); at work the profiler also stops the worker's thread 100 times a second. On a
# machine whose cores all run workers, that is taken from the work.
_QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def open_client(*, workers: int | None = None, scheduler: str | None = None) -> Client:
    """A client of a new local cluster of ``workers`` processes (one thread each: the work holds the
    GIL), or of the running cluster at ``scheduler``."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            msg = (
                f"cannot reach the Dask scheduler at {scheduler} ({err}) — start it (dask scheduler) "
                "or fix --scheduler"
            )
            raise BulkError(msg) from err
    # the scheduler's and workers' chatter is for their log, not the analyst's terminal: what fails a
    # run reaches the caller as BulkError; a worker's heartbeat that races the cluster's shutdown is
    # logged at ERROR with a traceback and means nothing
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    if workers is None or workers < 1:
        msg = f"--workers {workers} must be at least 1"
        raise InputError(msg)
    with dask.config.set({"distributed.worker.daemon": False, **_QUIET}):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # no fixed port to collide on
            silence_logs=logging.CRITICAL,
        )
    return Client(cluster)


def _in_order(
    client: Client,
    partitions: Iterable[Partition | _Lines],
    task: Callable[..., Any],
    *args: Any,
    window: int,
) -> Iterator[tuple[Partition | _Lines, Any]]:
    """``task(partition, *args)`` for every partition on the cluster, results in input order, at
    most ``window`` partitions in flight; :class:`BulkError` naming the records a failure was on, the
    :class:`InputError` of a record a worker refused as it is."""
    pending: deque[tuple[Partition | _Lines, Any]] = deque()
    parts = iter(partitions)
    try:
        while True:
            while len(pending) < window:
                part = next(parts, None)
                if part is None:
                    break
                pending.append((part, client.submit(task, part, *args, pure=False)))
            if not pending:
                return
            part, future = pending.popleft()
            try:
                result = _result(client, future, task, part, *args)
            except InputError:
                raise
            except Exception as err:
                kind = "a worker died" if type(err).__name__ == "KilledWorker" else type(err).__name__
                msg = (
                    f"the run failed on {part.where} ({kind}: {err}) — nothing was stored; fix or leave "
                    "out those records and run it again"
                )
                raise BulkError(msg) from err
            yield part, result
    finally:
        for _, future in pending:
            future.cancel()


def _result(
    client: Client, future: Any, task: Callable[..., Any], part: Partition | _Lines, *args: Any
) -> Any:
    """The result of ``future``; a partition whose worker died is tried once more on its own, because
    the scheduler fails every task that was on a dying worker, not only the one that killed it."""
    try:
        return future.result()
    except Exception as err:
        if type(err).__name__ != "KilledWorker":
            raise
    return client.submit(task, part, *args, pure=False).result()


def _window(client: Client) -> int:
    threads = sum(client.nthreads().values()) or 1
    return 2 * threads + 1


def geoparse_corpus(
    paths: Sequence[Path],
    *,
    client: Client,
    gazetteer: Sequence[Path] = (),
    theatre: Any = None,
    partition_size: int = PARTITION_SIZE,
    alternatives: int = 0,
) -> Iterator[str]:
    """``frontline geoparse`` on a cluster: the output JSON lines of every record of ``paths``, in order
    (``alternatives``: how many runners-up each mention lists)."""
    for block in geoparse_blocks(
        paths,
        client=client,
        gazetteer=gazetteer,
        theatre=theatre,
        partition_size=partition_size,
        alternatives=alternatives,
    ):
        yield from _lines(block)


def geoparse_blocks(
    paths: Sequence[Path],
    *,
    client: Client,
    gazetteer: Sequence[Path] = (),
    theatre: Any = None,
    partition_size: int = PARTITION_SIZE,
    default_date: date | None = None,
    on_skip: Callable[[str], None] | None = None,
    alternatives: int = 0,
) -> Iterator[bytes]:
    """:func:`geoparse_corpus` as the workers give it: each partition's output JSON lines, UTF-8 encoded
    and joined, in order — what ``frontline geoparse --workers`` writes out as it comes, without making
    a str of every line on the core the workers need. ``default_date`` is the day of records that give
    none; what exports, feeds and pages skip goes to ``on_skip``; ``alternatives``, how many runners-up
    each mention lists."""
    setup, theatre = _setup(client, gazetteer, theatre, alternatives)
    parts = _batches(paths, partition_size, check_text, default_date, on_skip)
    window = _window(client)
    for _, block in _in_order(client, parts, _geoparse_lines, setup, theatre, default_date, window=window):
        yield block


def extract_corpus(  # noqa: PLR0913 — keyword-only options, each with its default
    paths: Sequence[Path],
    *,
    client: Client,
    defaults: ReportDefaults = ReportDefaults(),
    gazetteer: Sequence[Path] = (),
    theatre: Any = None,
    timestamp: int | None = None,
    partition_size: int = PARTITION_SIZE,
    progress: Callable[[int], None] | None = None,
    on_skip: Callable[[str], None] | None = None,
    _task: Callable[..., bytes] | None = None,
) -> list[Event]:
    """``frontline extract`` on a cluster: the events of every record of ``paths``, in order. Every record
    of a partition is checked before any of them is worked on (JSON lines by the worker, which parses
    them; other records as the client reads them), and all events come back before the caller stores
    any."""

    def check(record: dict[str, Any], where: str) -> None:
        to_report(record, where, defaults, "x")

    setup, theatre = _setup(client, gazetteer, theatre)
    parts = _batches(paths, partition_size, check, defaults.date, on_skip)
    events: list[Event] = []
    done = 0
    task = _task or _extract_partition
    window = _window(client)
    for part, found in _in_order(client, parts, task, setup, defaults, timestamp, theatre, window=window):
        events.extend(pickle.loads(found))
        done += part.count
        if progress is not None:
            progress(done)
    return events


# -- over a dask.bag -----------------------------------------------------------------------------------------


def geoparse_bag(records: dask.bag.Bag, *, gazetteer: Sequence[Path] = ()) -> dask.bag.Bag:
    """Each record of ``records`` with ``"places"`` and ``"location"``, as ``frontline geoparse`` gives it."""
    setup, _ = _setup(None, gazetteer, None)
    return records.map_partitions(_geoparse_records, setup)


def extract_bag(
    records: dask.bag.Bag,
    *,
    defaults: ReportDefaults = ReportDefaults(),
    gazetteer: Sequence[Path] = (),
    timestamp: int | None = None,
) -> dask.bag.Bag:
    """The events (:class:`frontline.events.Event`) of every record of ``records``, in order."""
    setup, _ = _setup(None, gazetteer, None)
    return records.map_partitions(_extract_records, setup, defaults, timestamp)
