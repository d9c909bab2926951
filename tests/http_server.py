"""A local HTTP server on 127.0.0.1 for the download tests: it serves a folder and can cut files short."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO


@contextlib.contextmanager
def serve(root: Path, *, cut: frozenset[str] = frozenset()) -> Iterator[str]:
    """Serve ``root`` and yield its base URL (ending in "/").

    Files named in ``cut`` (paths under ``root``, e.g. ``"UA.zip"``) announce their full size but send
    only half of it before the connection closes: an interrupted download.
    """

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
            if self.path.lstrip("/") not in cut:
                shutil.copyfileobj(source, outputfile)
                return
            data = source.read()
            outputfile.write(data[: len(data) // 2])
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: pytest shows what matters."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
