"""Fetching a GeoNames country dump (``https://download.geonames.org/export/dump/CC.zip``).

pooch streams the file to a temporary file beside its destination; it is checked there — complete (the
size the server announced), a readable zip whose members pass their CRC checks, holding ``CC.txt``, and,
when given, the expected SHA-256 (GeoNames publishes no checksums) — and only then handed over. A failed
or interrupted download leaves nothing behind.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

from .errors import SourceError

__all__ = ["GEONAMES_DUMP_URL", "download_dump"]

#: Where GeoNames publishes its dumps; ``FRONTLINE_GEONAMES_URL`` overrides it (mirrors, tests).
GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
_NAME = regex.compile(r"\A(?:[A-Z]{2}|allCountries|cities(?:500|1000|5000|15000)|alternateNamesV2)\Z")
_BLOCK = 1 << 16
_TIMEOUT_S = 60

ByteProgress = Callable[[int, int | None], None]


class _Bytes:
    """pooch's progress-bar protocol (``total``, ``update``, ``reset``, ``close``) reporting the bytes
    written to a ``(done, total)`` callback."""

    def __init__(self, report: ByteProgress | None) -> None:
        self.report = report
        self.total = 0
        self.done = 0

    def update(self, n: int) -> None:
        # pooch counts whole blocks, so the last one may overshoot the total.
        self.done += n
        if self.report and n:
            self.report(min(self.done, self.total) if self.total else self.done, self.total or None)

    def reset(self) -> None:
        self.done = 0

    def close(self) -> None:
        """Nothing to close: the caller's bar is closed by the caller."""


def _check_zip(path: Path, member: str) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if member not in names:
                msg = f"the download has no {member} inside (it holds {', '.join(names[:5]) or 'nothing'})"
                raise SourceError(msg)
            bad = zf.testzip()
    except zipfile.BadZipFile as err:
        msg = f"the download is not a valid zip file ({err}) — try again later"
        raise SourceError(msg) from err
    if bad is not None:
        msg = f"the download is corrupt ({bad} fails its checksum) — try again"
        raise SourceError(msg)


def _root_cause(err: BaseException) -> BaseException:
    """The innermost error: requests wraps "[Errno 111] Connection refused" in three layers."""
    while (inner := err.__cause__ or err.__context__) is not None:
        err = inner
    return err


def download_dump(
    name: str,
    folder: Path,
    *,
    base_url: str | None = None,
    sha256: str | None = None,
    progress: ByteProgress | None = None,
) -> Path:
    """Download the GeoNames dump ``name`` (a country code such as ``UA``) into ``folder``.

    Returns the path of the checked zip; raises :class:`SourceError` saying what went wrong.
    """
    import pooch
    import requests

    code = name.upper() if len(name) == 2 else name
    if not _NAME.match(code):
        msg = f"{name!r} is not a GeoNames dump name — give a two-letter country code such as UA or RU"
        raise SourceError(msg)
    base = base_url or os.environ.get("FRONTLINE_GEONAMES_URL") or GEONAMES_DUMP_URL
    url = base.rstrip("/") + f"/{code}.zip"
    http = pooch.HTTPDownloader(progressbar=_Bytes(progress), chunk_size=_BLOCK, timeout=_TIMEOUT_S)

    def download(address: str, output_file: str, caller: Any) -> None:
        """pooch's download, then our checks, both on pooch's temporary file."""
        http(address, output_file, caller)
        tmp = Path(output_file)
        if sha256 and (got := pooch.file_hash(str(tmp), alg="sha256")) != sha256.lower():
            msg = f"{url} has SHA-256 {got}, expected {sha256} — the file changed or is damaged"
            raise SourceError(msg)
        _check_zip(tmp, f"{code}.txt")

    folder.mkdir(parents=True, exist_ok=True)
    # Dumps change daily and carry no published checksum: a file already there is never reused.
    (folder / f"{code}.zip").unlink(missing_ok=True)
    pooch.get_logger().setLevel(logging.WARNING)  # its INFO lines would reach the user's terminal
    try:
        return Path(pooch.retrieve(url, None, fname=f"{code}.zip", path=folder, downloader=download))
    except requests.HTTPError as err:
        got = err.response
        status = f"HTTP {got.status_code} {got.reason}" if got is not None else str(err)
        msg = f"could not download {url}: {status} — check the country code"
        raise SourceError(msg) from err
    except requests.exceptions.ChunkedEncodingError as err:  # the body ended short of Content-Length
        msg = f"the download of {url} stopped before its end ({_root_cause(err)}) — try again"
        raise SourceError(msg) from err
    except (requests.RequestException, OSError) as err:
        msg = (
            f"could not download {url} ({_root_cause(err)}) — check the connection, or fetch the file "
            "elsewhere and run `frontline gazetteer import FILE`"
        )
        raise SourceError(msg) from err
