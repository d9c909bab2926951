"""The frontline package's exception family; the CLI turns these into one line and exit status 2."""

from __future__ import annotations

__all__ = ["FrontlineError", "InputError"]


class FrontlineError(ValueError):
    """Base class of frontline's errors."""


class InputError(FrontlineError):
    """A file or argument given by the user cannot be used; the message says why and how to fix it."""
