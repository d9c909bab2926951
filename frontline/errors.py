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
    """An option is not one of the valid ones, or a number is out of its range (:mod:`frontline.options`).

    ``option`` is the parameter's name in Python (``transfer_km``); the command line names it as its
    flag (``--transfer-km``) in the message it prints.
    """

    def __init__(self, message: str, *, option: str = "") -> None:
        super().__init__(message)
        self.option = option

    def for_command_line(self) -> str:
        """The message with the option named as a command-line flag.

        >>> err = OptionError("transfer_km must be a finite number, got nan", option="transfer_km")
        >>> err.for_command_line()
        '--transfer-km must be a finite number, got nan'
        """
        text = str(self)
        if self.option and text.startswith(self.option):
            return "--" + self.option.replace("_", "-") + text[len(self.option) :]
        return text
