"""Files at the border: what comes in is checked once, what goes out is written whole.

In: :func:`existing_file` (a path that names a file), :func:`decode_utf8` (bytes that are UTF-8 text),
:func:`json_lines` (records of a JSON lines file, one object a line) and :func:`iso_date` (a day). Each
refuses bad input with one :class:`~frontline.errors.InputError` that names the file (and line) and says
how to fix it.

Out: :func:`write_atomic` and :func:`write_text_atomic`. Every file frontline writes is built in a temporary
file beside the target, flushed to disk and renamed over it (an atomic step on POSIX file systems), so a
failed or killed writer never leaves half a file, and the old file stays as it was; what a killed writer
left beside the target is removed by the next writer of that file (:func:`remove_stale_temps`).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .errors import FrontlineError, InputError

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "check_target",
    "decode_utf8",
    "existing_file",
    "gpkg_layers",
    "iso_date",
    "json_lines",
    "refuse_json_array",
    "remove_stale_temps",
    "same_file",
    "write_atomic",
    "write_text_atomic",
]


# -- in ------------------------------------------------------------------------------------------------


def existing_file(path: Path, what: str, *, error: type[InputError] = InputError) -> Path:
    """``path`` when it names something other than a directory, else ``error`` saying so.

    Parameters
    ----------
    path
        The path given by the user.
    what
        What to give instead, as the end of "give …", e.g. ``"an ACLED CSV export"``.
    error
        The :class:`InputError` subclass to raise.

    >>> existing_file(Path("/nonexistent.csv"), "an ACLED CSV export")
    Traceback (most recent call last):
    frontline.errors.InputError: /nonexistent.csv: no such file — give an ACLED CSV export
    """
    if not path.exists():
        raise error(f"{path}: no such file — give {what}")
    if path.is_dir():
        raise error(f"{path} is a directory — give {what}")
    return path


def decode_utf8(raw: bytes, where: str) -> str:
    """``raw`` as UTF-8 text (a leading byte order mark dropped), else :class:`InputError` naming ``where``
    and the first bad byte.

    >>> decode_utf8(b"\\xef\\xbb\\xbfKupiansk", "x.csv")
    'Kupiansk'
    >>> decode_utf8(b"\\xef\\xbb\\xbfKup\\xe2ansk", "x.csv")
    Traceback (most recent call last):
    frontline.errors.InputError: x.csv is not UTF-8 text (byte 0xe2 at offset 6) — save it as UTF-8
    """
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        byte, offset = body[err.start], err.start + len(raw) - len(body)  # offset in raw, BOM included
        msg = f"{where} is not UTF-8 text (byte {byte:#04x} at offset {offset:,}) — save it as UTF-8"
        raise InputError(msg) from err


_JSON_ARRAY = re.compile(r"\A\s*\[\s*(?:\{|\Z)")


def refuse_json_array(head: str, name: str) -> None:
    """:class:`InputError` when ``head`` (the start of ``name``) opens a JSON array of records: the
    commands read one record a line, and say how to turn the one into the other.

    >>> refuse_json_array('[{"id": 1, "text": "Izium"}]', "a.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    frontline.errors.InputError: a.json is a JSON array of records — give one record a line (JSON lines), ...
    >>> refuse_json_array("[UPDATE] Shelling of Izium", "a.txt")  # a report that opens with a bracket
    """
    if _JSON_ARRAY.match(head):
        file = "FILE" if name == "stdin" else name
        msg = (
            f"{name} is a JSON array of records — give one record a line (JSON lines), e.g. "
            f"jq -c '.[]' {file} > records.jsonl"
        )
        raise InputError(msg)


def json_lines(lines: Iterable[bytes], name: str, *, start: int = 1) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` for every non-blank line of a JSON lines file, read lazily.

    ``lines`` are the file's lines as bytes (a file opened ``"rb"``, ``sys.stdin.buffer`` or
    ``raw.splitlines()``), the first of them line ``start`` of the file; ``name`` names the file in
    errors. A line that holds binary data, is not UTF-8, is not JSON or is not a JSON object is an
    :class:`InputError` naming the line. What a record must hold beyond that is the caller's to check.

    >>> list(json_lines([b'{"id": 1, "text": "Izium"}', b"  ", b'{"id": 2}'], "r.jsonl"))
    [(1, {'id': 1, 'text': 'Izium'}), (3, {'id': 2})]
    >>> list(json_lines([], "r.jsonl"))
    []
    >>> list(json_lines([b'{"id": 1}', b"[1, 2]"], "r.jsonl"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    frontline.errors.InputError: r.jsonl: line 2 is a JSON array, not an object — each line must be ...
    >>> list(json_lines([b'{"id": 7}'], "r.jsonl", start=7))  # a piece of the file, from its line 7
    [(7, {'id': 7})]
    """
    for lineno, raw in enumerate(lines, start):
        where = f"{name}: line {lineno}"
        if b"\x00" in raw:
            raise InputError(f"{where} holds binary data — give JSON lines in UTF-8")
        line = decode_utf8(raw, where).strip()
        if not line:
            continue
        record = _json_object(line, where)
        if not isinstance(record, dict):
            msg = (
                f"{where} is a JSON {_json_kind(record)}, not an object — each line must be one JSON object, "
                'e.g. {"id": 1, "text": "…"}'
            )
            raise InputError(msg)
        yield lineno, record


_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _json_object(line: str, where: str) -> Any:
    """One line's JSON value; :class:`InputError` for what Python's parser refuses or cannot represent
    as text: bad syntax, nesting too deep to parse, a number too long to convert, a lone surrogate
    (``"\\ud800"``, half of a character, which no UTF-8 output can hold)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        msg = (
            f"{where} is not valid JSON ({err.msg} at column {err.colno}) — each line must be one JSON object"
        )
        raise InputError(msg) from err
    except RecursionError as err:
        msg = f"{where} nests JSON arrays or objects too deeply to read — flatten the record"
        raise InputError(msg) from err
    except ValueError as err:  # an integer of more digits than Python converts (4,300)
        msg = f"{where} holds a number of more than 4,300 digits — write long ids as strings"
        raise InputError(msg) from err
    if _LONE_SURROGATE.search(line):
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as err:
            msg = (
                f"{where} holds a lone surrogate escape (\\u{ord(err.object[err.start]):04x}, half of a "
                "character) — write the character itself, or both halves of its pair"
            )
            raise InputError(msg) from err
    return record


#: A day and, optionally, a time after it ("T08:15:00Z", " 08:15:00.5+03:00") — and nothing else.
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9:.,+\-]*Z?)?")
#: The days dates may name: wide for reporting, inside what pandas' timestamps hold (1677–2262).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def iso_date(text: str, what: str) -> date:
    """The day ``text`` names — ``YYYY-MM-DD``, a time after it ignored — else :class:`InputError`
    naming ``what``: text after the day that is no time (never cut to ten characters), an impossible
    day, or one outside :data:`FIRST_DAY` … :data:`LAST_DAY`.

    >>> iso_date("2022-09-10T08:15:00Z", "date"), iso_date(" 2022-09-10 ", "date")
    (datetime.date(2022, 9, 10), datetime.date(2022, 9, 10))
    >>> iso_date("2022-09-1000", "--date")
    Traceback (most recent call last):
    frontline.errors.InputError: --date '2022-09-1000' is not an ISO date — write it as YYYY-MM-DD, e.g. 2022-09-10
    >>> iso_date("0001-01-01", "date")
    Traceback (most recent call last):
    frontline.errors.InputError: date '0001-01-01' is out of range — give a day from 1900-01-01 to 2199-12-31
    """  # noqa: E501 — a doctest's expected line cannot wrap
    m = _ISO_DAY.fullmatch(text.strip())
    try:
        if not m:
            raise ValueError(text)
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as err:
        msg = f"{what} {text!r} is not an ISO date — write it as YYYY-MM-DD, e.g. 2022-09-10"
        raise InputError(msg) from err
    if not FIRST_DAY <= day <= LAST_DAY:
        msg = f"{what} {text!r} is out of range — give a day from {FIRST_DAY} to {LAST_DAY}"
        raise InputError(msg)
    return day


def _json_kind(value: Any) -> str:
    kinds = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


# -- out -----------------------------------------------------------------------------------------------


def _temp_path(path: Path) -> Path:
    # beside the target (one file system, so the rename is atomic), ending as the target does, so that
    # writers choosing a format by extension (GDAL, matplotlib) choose the same one
    return path.with_name(f".{path.name}.{os.getpid()}.tmp{path.suffix}")


_SQLITE_MAGIC = b"SQLite format 3\x00"
# What SQLite keeps beside a database while writing it ("" is the database itself).
_SQLITE_SIDE_FILES = ("", "-journal", "-wal", "-shm")
# What a GeoPackage of each kind frontline writes holds, by its layers.
_KINDS = {
    "events": lambda layers: "events" in layers,
    "network": lambda layers: {"nodes", "edges"} <= layers,
    "control": lambda layers: "events" not in layers and not {"nodes", "edges"} <= layers and bool(layers),
}
_KIND_NAMES = {"events": "an event store or export", "network": "a network file", "control": "a control file"}


def gpkg_layers(path: Path) -> set[str] | None:
    """The layers of a GeoPackage (read from its ``gpkg_contents`` table), or None when ``path`` is no
    SQLite database."""
    import sqlite3

    try:
        with path.open("rb") as fh:
            if fh.read(16) != _SQLITE_MAGIC:
                return None
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {name for (name,) in db.execute("SELECT table_name FROM gpkg_contents")}
        finally:
            db.close()
    except (OSError, sqlite3.Error):
        return None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, through links and relative parts (False when one is missing)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(os.path.realpath(a)) == Path(os.path.realpath(b))


def check_target(path: Path, *, kind: str, force: bool = False, keep: Iterable[Path] = ()) -> None:
    """Refuse, with an :class:`InputError` saying how to go on, to write ``path`` when that would destroy
    what it must not: a file in ``keep`` (the event store an export reads from), or — unless ``force`` —
    an existing GeoPackage that is not a ``kind`` file of frontline's ("events", "network", "control")
    or a ``.gpkg`` that is no GeoPackage at all."""
    for kept in keep:
        if same_file(path, kept):
            msg = f"{path} is the event store itself — writing there would replace it; give another file"
            raise InputError(msg)
    if force or not path.exists():
        return
    if path.is_dir():
        raise InputError(f"{path} is a directory — give a file name")
    if path.suffix.lower() != ".gpkg":
        return
    layers = gpkg_layers(path)
    if layers is None or not _KINDS[kind](layers):
        what = (
            "no GeoPackage"
            if layers is None
            else next(
                (name for k, name in _KIND_NAMES.items() if k != kind and _KINDS[k](layers)),
                "another GeoPackage",
            )
        )
        msg = (
            f"{path} exists and is {what}, not {_KIND_NAMES[kind]} — give another path, "
            "or --force to replace it"
        )
        raise InputError(msg)


def remove_stale_temps(path: Path) -> None:
    """Remove the temporary files that writers of ``path`` killed mid-write left beside it, with the
    journals SQLite (GDAL's GeoPackage writer) leaves beside them; those of a process still running
    are its own and stay.
    """
    prefix = f".{path.name}."
    side_files = "|".join(_SQLITE_SIDE_FILES)
    stale = re.compile(rf"(\d+)\.tmp{re.escape(path.suffix)}(?:{side_files})")
    with contextlib.suppress(OSError):  # a folder that is not there or not readable holds nothing of ours
        for entry in os.scandir(path.parent):
            found = stale.fullmatch(entry.name[len(prefix) :]) if entry.name.startswith(prefix) else None
            if found and not _running(int(found[1])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (or may: when it cannot be told, the answer is yes)."""
    if pid == os.getpid() or sys.platform == "win32":  # Windows has no signal 0: os.kill would end it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX; Windows cannot open a directory for this)."""
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(
    path: Path, write: Callable[[Path], object], *, error: type[FrontlineError] = InputError
) -> Path:
    """Write ``path`` whole: ``write(tmp)`` fills a temporary file beside it, which is flushed to disk
    and renamed over ``path``. On any failure the temporary file is removed and ``path`` is untouched.

    Parameters
    ----------
    path
        The file to write; its folder is created when missing. A link is followed: the file it names
        is replaced and the link stays. What killed writers of the file left beside it is removed.
    write
        Writes the whole file to the path it is given. That path ends in ``path``'s suffix, so formats
        chosen by extension stay the same, but its stem differs: name explicitly what a writer would
        otherwise name after the file (a GeoPackage layer, a GeoJSON ``name``).
    error
        Raised, saying which file and why, when the file system refuses (an :class:`OSError`).

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "notes.txt"
    >>> write_atomic(out, lambda tmp: tmp.write_text("Izium", encoding="utf-8")).read_text(encoding="utf-8")
    'Izium'
    >>> [p.name for p in out.parent.iterdir()]
    ['notes.txt']
    """
    real = Path(os.path.realpath(path))  # through a link: the file it names is replaced, the link stays
    tmp = _temp_path(real)
    remove_stale_temps(real)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, real)
        _fsync_dir(real.parent)
    except OSError as err:
        msg = f"cannot write {path} ({err.strerror or err}) — choose a writable path"
        raise error(msg) from err
    finally:
        for left in _SQLITE_SIDE_FILES:  # a GeoPackage writer that failed may leave its journal too
            with contextlib.suppress(OSError):
                Path(f"{tmp}{left}").unlink(missing_ok=True)
    return path


def write_text_atomic(path: Path, text: str, *, error: type[FrontlineError] = InputError) -> Path:
    """Write ``text`` to ``path`` as UTF-8, whole (see :func:`write_atomic`)."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), error=error)
