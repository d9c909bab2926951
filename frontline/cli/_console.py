"""Terminal output shared by the commands: rich consoles and a progress bar that stays quiet when piped."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console
from rich.text import Text

__all__ = [
    "HeldLog",
    "console",
    "error_console",
    "held_log",
    "labelled",
    "progress_callback",
    "say_skipped",
    "step",
]

# Off a terminal (piped, captured) tables are not squeezed into 80 columns. No markup: what is printed
# quotes the user's names, paths and rows, and "[/x]" in them is text ("Text" objects carry the styles).
console = Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 200)
error_console = Console(
    stderr=True, highlight=False, markup=False, width=None if sys.stderr.isatty() else 1000
)


def labelled(label: str, style: str, text: str) -> Text:
    """``label`` in ``style``, then ``text`` as it is: ``labelled("skipped", "yellow", line)``."""
    return Text.assemble((label, style), " ", text)


def say_skipped(line: str) -> None:
    """One stderr line for an item or row left out ("message 5: no text")."""
    error_console.print(labelled("skipped", "yellow", line), soft_wrap=True)


@contextlib.contextmanager
def progress_callback(description: str, *, unit: str = "items") -> Iterator[Callable[..., None] | None]:
    """A ``(stage|done, done|total, total)`` callback drawing a progress bar on a terminal, else None.

    Gazetteer builds and the demo report ``(stage, done, total)`` (a total of 0: unknown); downloads
    report ``(done_bytes, total_bytes)``.
    Nothing is drawn unless something reports, so fast paths print nothing.
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    if unit == "bytes":
        columns.insert(3, DownloadColumn())
    bar = Progress(*columns, console=error_console, transient=True)
    task = None

    def report(*args: Any) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(description, total=None)
        if len(args) == 3:
            stage, done, total = args
            bar.update(
                task, description=f"{description}: {stage}", completed=int(done), total=int(total) or None
            )
        else:
            done, total = args
            bar.update(task, completed=int(done), total=int(total) if total else None)

    try:
        yield report
    finally:
        if task is not None:
            bar.stop()


#: A step shows its progress once it has lasted this long; quicker ones draw nothing.
STEP_AFTER_S = 2.0


@contextlib.contextmanager
def step(description: str, *, after_s: float = STEP_AFTER_S) -> Iterator[None]:
    """On a terminal, a spinner with ``description`` and the time elapsed for a step that lasts over
    ``after_s`` seconds (reading a large file, writing a store) that reports no progress of its own;
    nothing when stderr is piped or the step is quick.
    """
    if not sys.stderr.isatty():
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    )
    bar.add_task(description, total=None)
    timer = threading.Timer(after_s, bar.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        bar.stop()


class HeldLog(logging.Handler):
    """Log records (and Python warnings) of a command, held and written to stderr once it has succeeded:
    a command that fails says one line, its error, not the warnings that led to it. A long command
    (``watch``) writes what it holds once the oldest record has waited :attr:`hold_s` seconds."""

    hold_s = 2.0

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.held: list[logging.LogRecord] = []
        self.succeeded = True

    def emit(self, record: logging.LogRecord) -> None:
        self.held.append(record)
        if time.time() - self.held[0].created >= self.hold_s:
            self.write_held()

    def write_held(self) -> None:
        for record in self.held:
            sys.stderr.write(self.format(record) + "\n")
        self.held.clear()


@contextlib.contextmanager
def held_log(level: str) -> Iterator[HeldLog]:
    """Route logging at ``level`` (a name; WARNING when it is none) and Python's warnings into a
    :class:`HeldLog` while the block runs; set ``succeeded`` False on it to drop what it holds. Below
    WARNING (``FRONTLINE_LOG=INFO``: someone is looking into a run) nothing is held."""
    root = logging.getLogger()
    number = logging.getLevelName(level.upper())
    number = number if isinstance(number, int) else logging.WARNING
    held = HeldLog()
    if number < logging.WARNING:
        held.hold_s = 0.0
    saved = root.level
    root.addHandler(held)
    root.setLevel(number)
    logging.captureWarnings(True)
    try:
        yield held
    finally:
        logging.captureWarnings(False)
        root.removeHandler(held)
        root.setLevel(saved)
        if held.succeeded:
            held.write_held()
