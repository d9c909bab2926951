"""Telegram Desktop exports ("Export chat history" → JSON, ``result.json``) as reports.

A post becomes one report: its text (a string, or a list of parts — plain strings and entity objects
``{"type": "bold", "text": …}`` — joined), its date, the channel's name as the source, a link to the
message as the URL and the channel it was forwarded from, if any, as provenance. Service messages
("channel created", pinned messages) and posts without text (a photo alone) are not reports. An edited
post appears once, with its last text, under its own id, so a later export of the same channel
stores nothing twice. A message of a shape this reader does not know is skipped with one line saying
which and why. Both a single chat's export and a whole account's (``{"chats": {"list": [...]}}``) are read.

>>> export = {"name": "Frontline", "id": 42, "messages": [
...     {"id": 7, "type": "message", "date": "2024-05-10T08:15:00",
...      "text": ["Shelling in ", {"type": "hashtag", "text": "#Kharkiv"}]},
...     {"id": 8, "type": "service", "date": "2024-05-10T09:00:00", "action": "pin_message"},
...     {"id": 9, "type": "message", "date": "yesterday", "text": "Kupiansk"}]}
>>> batch = read_telegram_export(export)
>>> [(r.text, r.date.isoformat(), r.source, r.url, r.report_id) for r in batch.reports]
[('Shelling in #Kharkiv', '2024-05-10', 'Frontline', 'https://t.me/c/42/7', 'telegram:42:7')]
>>> batch.skipped
["Frontline message 9: date 'yesterday' is not an ISO date"]
>>> read_telegram_export({"messages": []}).reports
[]
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..errors import InputError
from ..extract import Report, clean_text
from ..files import iso_date
from ._batch import Batch

__all__ = ["read_telegram_export"]


def read_telegram_export(export: object, *, where: str = "export", source: str = "", url: str = "") -> Batch:
    """The posts of a Telegram Desktop JSON export (already parsed) as reports.

    ``source`` names the channel when the export does not; ``url`` (``https://t.me/CHANNEL``) is the
    base of each message's link — without it a link is ``https://t.me/c/CHAT_ID/MESSAGE_ID``, which opens
    for members of the channel.
    """
    batch = Batch([])
    for chat in _chats(export, where):
        name = str(chat.get("name") or source or "Telegram")
        chat_id = str(chat.get("id") or name)
        base = url.rstrip("/") if url else f"https://t.me/c/{chat_id}"
        messages = chat.get("messages")
        if not isinstance(messages, list):
            batch.skipped.append(f"{name}: no list of messages — not a chat export")
            continue
        for position, message in enumerate(messages):
            try:
                report = _report(message, name=source or name, chat_id=chat_id, base=base)
            except _Skip as err:
                ident = message.get("id", f"#{position}") if isinstance(message, dict) else f"#{position}"
                batch.skipped.append(f"{name} message {ident}: {err}")
                continue
            if report is not None:
                batch.reports.append(report)
    return batch


def _chats(export: object, where: str) -> Iterator[dict[str, Any]]:
    if not isinstance(export, dict):
        msg = f'{where} is not a Telegram Desktop export — expected a JSON object with "messages"'
        raise InputError(msg)
    if "messages" in export:
        yield export
        return
    chats = export.get("chats")
    listed = chats.get("list") if isinstance(chats, dict) else None
    if not isinstance(listed, list):
        msg = f'{where} is not a Telegram Desktop export — it has neither "messages" nor "chats"'
        raise InputError(msg)
    yield from (c for c in listed if isinstance(c, dict))


class _Skip(Exception):
    """Why one message is not read."""


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                raise _Skip(f"a part of its text is {type(part).__name__}, not text")
        return "".join(parts)
    raise _Skip(f"text is {type(value).__name__}, not text or a list of parts")


def _date(value: object) -> date:
    text = str(value or "")
    try:
        return iso_date(text, "date")
    except InputError as err:
        raise _Skip(str(err).partition(" — ")[0]) from None  # the fix is said once, for the file


def _report(message: object, *, name: str, chat_id: str, base: str) -> Report | None:
    if not isinstance(message, dict):
        raise _Skip(f"is {type(message).__name__}, not a message object")
    kind = message.get("type", "message")
    if kind == "service":
        return None  # "channel created", "pinned a message": not reporting
    if kind != "message":
        raise _Skip(f"type {kind!r} is not a message")
    ident = message.get("id")
    if not isinstance(ident, int):
        raise _Skip("has no numeric id")
    when = _date(message.get("date"))
    text = clean_text(_text(message.get("text", "")))
    if not text:
        return None  # a photo or a sticker alone
    forwarded = message.get("forwarded_from")
    return Report(
        text,
        when,
        name,
        f"{base}/{ident}",
        f"telegram:{chat_id}:{ident}",
        forwarded_from=str(forwarded) if forwarded else "",
    )
