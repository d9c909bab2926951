"""The frontline package's exception family, and the checks at the border that raise it; the CLI turns
these errors into one line and exit status 2."""

from __future__ import annotations

import codecs
from pathlib import Path

__all__ = ["FrontlineError", "InputError", "decode_utf8", "existing_file"]


class FrontlineError(ValueError):
    """Base class of frontline's errors."""


class InputError(FrontlineError):
    """A file or argument given by the user cannot be used; the message says why and how to fix it."""


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
