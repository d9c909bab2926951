"""The command line run in this process, as a user meets it: exit status, stdout and stderr as bytes.

The result has the fields of :class:`subprocess.CompletedProcess` that ``tests/test_cli.py``'s
``assert_one_line_error`` reads, so the same checks hold for both. A run here is some hundred times
quicker than a new interpreter, which is what lets the fuzz suite try hundreds of inputs.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

__all__ = ["Ran", "run_here"]


@dataclass(frozen=True)
class Ran:
    args: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    # a text stream with a binary buffer under it, as sys.stdout is (geoparse writes bytes to it)
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict", write_through=True)


def run_here(*args: object, stdin: bytes = b"") -> Ran:
    """``frontline ARGS…`` through :func:`frontline.cli.run`, with stdin, stdout and stderr of its own."""
    from frontline.cli import run

    argv = [str(a) for a in args]
    out, err, inp = _stream(), _stream(), _stream(stdin)
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, inp
    try:
        status = run(argv)
    except SystemExit as end:  # a command that exits by itself
        status = end.code if isinstance(end.code, int) else 1
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
    return Ran(argv, status, out.buffer.getvalue(), err.buffer.getvalue())  # type: ignore[attr-defined]
