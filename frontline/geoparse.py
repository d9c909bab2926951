"""``frontline geoparse``: reports in (JSON lines or plain text), records with their places out.

Input is checked at the border: a missing file, a directory, binary data and text that is not UTF-8
each end in one clear error naming the line. Plain text is read in pieces so a 50 MB file needs no
more memory than a piece and the places found.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from gazetteer import Gazetteer, Mention

from .errors import InputError

__all__ = ["geoparse_record", "geoparse_stream", "open_input"]

_PEEK = 8192
_PIECE = 1 << 20


def open_input(file: Path | None) -> IO[bytes]:
    """Open FILE (or stdin) as bytes, refusing what cannot be a text report."""
    if file is None:
        return sys.stdin.buffer
    if not file.exists():
        msg = f"{file}: no such file — give a JSON lines file of reports, or omit it to read stdin"
        raise InputError(msg)
    if file.is_dir():
        msg = f"{file} is a directory — give a JSON lines or text file"
        raise InputError(msg)
    return file.open("rb")


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        byte = raw[err.start]
        msg = f"{where} is not UTF-8 text (byte {byte:#04x} at column {err.start + 1}) — save it as UTF-8"
        raise InputError(msg) from err


def geoparse_record(record: dict[str, Any], gaz: Gazetteer) -> dict[str, Any]:
    """``record`` with ``"places"`` (every mention) and ``"location"`` (the likeliest event place) added."""
    mentions = gaz.find_mentions(record.get("text") or "")
    location = gaz.locate(mentions)
    return {
        **record,
        "places": [m.as_dict() for m in mentions],
        "location": location.as_dict() if location else None,
    }


def geoparse_stream(stream: IO[bytes], gaz: Gazetteer, *, name: str) -> Iterator[dict[str, Any]]:
    """Geoparse every record of a JSON lines stream, or the whole stream as one plain-text report."""
    head = stream.peek(_PEEK)[:_PEEK] if hasattr(stream, "peek") else b""
    if b"\x00" in head:
        msg = f"{name} looks like a binary file — geoparse reads UTF-8 JSON lines or plain text"
        raise InputError(msg)
    if not head.strip():
        return
    if head.lstrip().startswith(b"{"):
        yield from _json_lines(stream, gaz, name)
    else:
        yield _plain_text(stream, gaz, name)


def _json_lines(stream: IO[bytes], gaz: Gazetteer, name: str) -> Iterator[dict[str, Any]]:
    for lineno, raw in enumerate(stream, 1):
        if b"\x00" in raw:
            msg = f"{name}: line {lineno} holds binary data — geoparse reads UTF-8 JSON lines"
            raise InputError(msg)
        line = _decode(raw, f"{name}: line {lineno}").strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            msg = (
                f"{name}: line {lineno} is not valid JSON ({err.msg} at column {err.colno}) "
                "— each line must be one JSON object"
            )
            raise InputError(msg) from err
        if not isinstance(record, dict) or not isinstance(record.get("text", ""), str):
            msg = (
                f'{name}: line {lineno} must be a JSON object with a string "text" field, '
                'e.g. {"id": 1, "text": "…"}'
            )
            raise InputError(msg)
        yield geoparse_record(record, gaz)


def _plain_text(stream: IO[bytes], gaz: Gazetteer, name: str) -> dict[str, Any]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    mentions: list[Mention] = []
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
            for m in gaz.find_mentions(piece):
                # runners-up are dropped: one record for a whole file must stay small
                mentions.append(
                    Mention(
                        m.text,
                        m.start + offset,
                        m.end + offset,
                        m.place,
                        m.score,
                        (),
                        m.qualifier,
                        m.relation,
                    )
                )
            offset += len(piece)
        if not raw:
            break
    location = gaz.locate(mentions)
    return {
        "id": name,
        "places": [m.as_dict() for m in mentions],
        "location": location.as_dict() if location else None,
    }
