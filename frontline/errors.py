"""The frontline package's exception family; the CLI turns these errors into one line and exit status 2.

The checks at the border that raise them live in :mod:`frontline.files` (files) and in each module that
reads a kind of input.
"""

from __future__ import annotations

__all__ = ["FrontlineError", "InputError", "OptionError"]


class FrontlineError(ValueError):
    """Base class of frontline's errors."""


class InputError(FrontlineError):
    """A file or argument given by the user cannot be used; the message says why and how to fix it."""


class OptionError(InputError):
    """An option is not one of the valid ones, or a number is out of its range (:mod:`frontline.options`)."""
