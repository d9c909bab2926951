"""What every source reader returns, and the one way sources are fetched over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..extract import Report

__all__ = ["Batch", "fetch"]

_TIMEOUT_S = 30
_MAX_BYTES = 50 * 1024 * 1024


@dataclass(slots=True)
class Batch:
    """Reports read from one source, and one line per item skipped (``"message 42: no date"``)."""

    reports: list[Report]
    skipped: list[str] = field(default_factory=list)


def fetch(url: str) -> bytes:
    """The body of ``url`` (at most 50 MB), else :class:`InputError` saying what went wrong."""
    import requests

    try:
        with requests.get(url, timeout=_TIMEOUT_S, stream=True) as response:
            response.raise_for_status()
            body = response.raw.read(_MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as err:
        msg = f"{url} could not be fetched ({err.__class__.__name__}: {err}) — check the address"
        raise InputError(msg) from err
    if len(body) > _MAX_BYTES:
        msg = f"{url} is over {_MAX_BYTES // 2**20} MB — not a feed or an article"
        raise InputError(msg)
    return body
