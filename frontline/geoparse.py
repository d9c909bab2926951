"""``frontline geoparse``: reports in (JSON lines or plain text), records with their places out.

Input is checked at the border: a missing file, a directory, an empty input, binary data and text that
is not UTF-8 each end in one clear error naming the line. Plain text is read in pieces and its places
are spooled to a temporary file, so a 50 MB file needs no more memory than a piece.
"""

from __future__ import annotations

import codecs
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from gazetteer import Gazetteer, Mention

from .errors import InputError
from .files import existing_file, iso_date, json_lines, refuse_json_array

__all__ = ["check_text", "geoparse_json", "geoparse_lines", "geoparse_record", "open_input", "record_day"]

_PEEK = 8192
_PIECE = 1 << 20
_SPOOL_BYTES = 8 << 20  # places of a long text kept in memory up to this, then on disk
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def open_input(file: Path | None) -> IO[bytes]:
    """Open FILE (or stdin) as bytes, refusing what cannot be a text report."""
    if file is None:
        return sys.stdin.buffer
    return existing_file(file, "a JSON lines or text file of reports, or omit it to read stdin").open("rb")


def record_day(record: dict[str, Any]) -> date | None:
    """The day a record reports on, from its ``date`` (or ACLED's ``event_date``) field when that
    begins with an ISO date; None otherwise. It tells the gazetteer which front lines held.

    >>> record_day({"date": "2022-09-10T08:00:00Z"}), record_day({"event_date": "2015-02-01"})
    (datetime.date(2022, 9, 10), datetime.date(2015, 2, 1))
    >>> record_day({"date": "last Tuesday"}), record_day({})
    (None, None)
    """
    value = record.get("date") or record.get("event_date")
    if not isinstance(value, str):
        return None
    try:
        return iso_date(value, "date")
    except InputError:
        return None


def check_text(record: dict[str, Any], where: str) -> None:
    """InputError naming ``where`` when ``record``'s "text" is there but not a string."""
    if not isinstance(record.get("text", ""), str):
        msg = f'{where}: "text" must be a string, e.g. {{"id": 1, "text": "…"}}'
        raise InputError(msg)


def geoparse_record(
    record: dict[str, Any], gaz: Gazetteer, default_day: date | None = None, *, alternatives: int = 0
) -> dict[str, Any]:
    """``record`` with ``"places"`` (every mention) and ``"location"`` (the likeliest event place) added;
    its date, when it has one (:func:`record_day`; else ``default_day``), steers the choice among
    namesakes. With ``alternatives``, each mention lists up to that many runners-up
    (:meth:`gazetteer.Mention.as_dict`)."""
    mentions, location = _geoparse(record, gaz, default_day, alternatives=alternatives)
    return {
        **record,
        "places": [m.as_dict(alternatives) for m in mentions],
        "location": location.as_dict(alternatives) if location else None,
    }


def geoparse_json(
    record: dict[str, Any], gaz: Gazetteer, default_day: date | None = None, *, alternatives: int = 0
) -> str:
    """``json.dumps(geoparse_record(record, gaz, default_day, alternatives=…), ensure_ascii=False)``,
    each mention written by :meth:`Mention.as_json` rather than through a dict."""
    if "places" in record or "location" in record:  # replaced where the record has them
        return _ENCODER.encode(geoparse_record(record, gaz, default_day, alternatives=alternatives))
    mentions, location = _geoparse(record, gaz, default_day, alternatives=alternatives)
    head = _ENCODER.encode(record)[:-1]
    places = [m.as_json(alternatives) for m in mentions]
    where = "null"
    if location is not None:  # the location is most often one of the mentions, written already
        mine = (js for m, js in zip(mentions, places, strict=True) if m is location)
        where = next(mine, None) or location.as_json(alternatives)
    return f'{head}{", " if record else ""}"places": [{", ".join(places)}], "location": {where}}}'


def _geoparse(
    record: dict[str, Any], gaz: Gazetteer, default_day: date | None, *, alternatives: int = 0
) -> tuple[list[Mention], Mention | None]:
    text = record.get("text") or ""
    day = record_day(record) or default_day
    mentions = gaz.find_mentions(text, on=day, alternatives=alternatives > 0)  # (found only to be shown)
    return mentions, gaz.locate(mentions, text=text)


def geoparse_lines(
    stream: IO[bytes], gaz: Gazetteer, *, name: str, default_day: date | None = None, alternatives: int = 0
) -> Iterator[str]:
    """Geoparse every record of a JSON lines stream, or the whole stream as one plain-text report;
    yield the output JSON lines (each ending in a newline). ``default_day`` is the day of records
    (and of plain text) that give none; ``alternatives``, how many runners-up each mention lists.

    A plain-text report becomes one record however long it is; its places go through a spooled
    temporary file, so memory stays bounded, and nothing is yielded until the whole text was read,
    so bad input found late leaves no half-written record.
    """
    head = stream.peek(_PEEK)[:_PEEK] if hasattr(stream, "peek") else b""
    if b"\x00" in head:
        msg = f"{name} looks like a binary file — geoparse reads UTF-8 JSON lines or plain text"
        raise InputError(msg)
    if not head.strip() and len(head) < _PEEK:  # the whole stream is blank
        msg = f'{name} is empty — give reports as JSON lines ({{"id": …, "text": …}}) or plain text'
        raise InputError(msg)
    refuse_json_array(head.decode("utf-8", "replace"), name)
    if head.lstrip().startswith(b"{"):
        for lineno, record in json_lines(stream, name):
            check_text(record, f"{name}: line {lineno}")
            yield geoparse_json(record, gaz, default_day, alternatives=alternatives) + "\n"
    else:
        yield from _plain_text(stream, gaz, name, default_day, alternatives)


def _plain_text(
    stream: IO[bytes], gaz: Gazetteer, name: str, day: date | None, alternatives: int = 0
) -> Iterator[str]:
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8") as places:
        written = 0

        def spool(mentions: Iterator[Mention]) -> Iterator[Mention]:
            nonlocal written
            for m in mentions:
                places.write((", " if written else "") + m.as_json(alternatives))
                written += 1
                yield m

        # one pass: every mention is spooled and counted towards the location as it is found
        location = gaz.locate(spool(_plain_mentions(stream, gaz, name, day, alternatives > 0)))
        yield '{"id": ' + json.dumps(name, ensure_ascii=False) + ', "places": ['
        places.seek(0)
        while piece := places.read(_PIECE):
            yield piece
        yield '], "location": ' + (location.as_json(alternatives) if location else "null")
        yield "}\n"


def _plain_mentions(
    stream: IO[bytes], gaz: Gazetteer, name: str, day: date | None, alternatives: bool = False
) -> Iterator[Mention]:
    """The mentions of a plain-text stream, read a piece (about 1 MB, cut at a line end) at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    carry = ""
    consumed = 0
    while True:
        raw = stream.read(_PIECE)
        if b"\x00" in raw:
            msg = f"{name} holds binary data after byte {consumed:,} — geoparse reads UTF-8 text"
            raise InputError(msg)
        try:
            text = carry + decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as err:
            msg = f"{name} is not UTF-8 text (bad byte near byte {consumed + err.start:,}) — save it as UTF-8"
            raise InputError(msg) from err
        consumed += len(raw)
        cut = text.rfind("\n") + 1 if raw else len(text)
        if not cut and len(text) > _PIECE:  # one enormous line: cut at a space instead
            cut = text.rfind(" ") + 1 or len(text)
        piece, carry = (text[:cut], text[cut:]) if cut else ("", text)
        if piece:
            for m in gaz.find_mentions(piece, on=day, alternatives=alternatives):
                yield replace(m, start=m.start + offset, end=m.end + offset)
            offset += len(piece)
        if not raw:
            break
