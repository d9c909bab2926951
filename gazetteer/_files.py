"""Installing a finished file durably: its bytes on disk before it takes the target's name, and the
name change on disk before the caller goes on (a crash leaves the old file or the new, never a torn one).

The gazetteer stands alone, so it keeps this one routine of its own rather than use ``frontline.files``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["durable_replace"]


def durable_replace(tmp: Path, target: Path) -> None:
    """Rename the written file ``tmp`` to ``target`` in the same folder, both synced to disk.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".tmp").write_text("new")
    >>> durable_replace(folder / ".tmp", folder / "index.sqlite")
    >>> (folder / "index.sqlite").read_text(), (folder / ".tmp").exists()
    ('new', False)
    """
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    tmp.replace(target)
    with contextlib.suppress(OSError):  # a folder cannot be opened for syncing on some systems
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
