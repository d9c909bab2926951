"""Fetching a GeoNames country dump (``https://download.geonames.org/export/dump/CC.zip``).

The file is streamed to a temporary file beside its destination, checked — complete (the size the
server announced), a readable zip whose members pass their CRC checks, holding ``CC.txt``, and, when
given, the expected SHA-256 — and only then handed over. A failed or interrupted download leaves
nothing behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

import regex

from .errors import SourceError

__all__ = ["GEONAMES_DUMP_URL", "download_dump"]

#: Where GeoNames publishes its dumps; ``FRONTLINE_GEONAMES_URL`` overrides it (mirrors, tests).
GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
_NAME = regex.compile(r"\A(?:[A-Z]{2}|allCountries|cities(?:500|1000|5000|15000)|alternateNamesV2)\Z")
_BLOCK = 1 << 16
_TIMEOUT_S = 60

ByteProgress = Callable[[int, int | None], None]


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
    code = name.upper() if len(name) == 2 else name
    if not _NAME.match(code):
        msg = f"{name!r} is not a GeoNames dump name — give a two-letter country code such as UA or RU"
        raise SourceError(msg)
    base = base_url or os.environ.get("FRONTLINE_GEONAMES_URL") or GEONAMES_DUMP_URL
    url = base.rstrip("/") + f"/{code}.zip"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{code}-", suffix=".zip", dir=folder)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=_TIMEOUT_S) as resp:
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdecimal() else None
            done = 0
            while block := resp.read(_BLOCK):
                out.write(block)
                digest.update(block)
                done += len(block)
                if progress:
                    progress(done, total)
        if total is not None and done != total:
            msg = f"the download of {url} stopped at {done:,} of {total:,} bytes — try again"
            raise SourceError(msg)
        if sha256 and digest.hexdigest() != sha256.lower():
            msg = (
                f"{url} has SHA-256 {digest.hexdigest()}, expected {sha256} — the file changed or is damaged"
            )
            raise SourceError(msg)
        _check_zip(tmp, f"{code}.txt")
        target = folder / f"{code}.zip"
        tmp.replace(target)
        return target
    except urllib.error.HTTPError as err:
        msg = f"could not download {url}: HTTP {err.code} {err.reason} — check the country code"
        raise SourceError(msg) from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        msg = (
            f"could not download {url} ({reason}) — check the connection, or fetch the file elsewhere "
            "and run `frontline gazetteer import FILE`"
        )
        raise SourceError(msg) from err
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
