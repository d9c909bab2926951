"""Where gazetteer data lives on the user's machine: installed sources and the indexes built from them.

* Installed sources (``frontline gazetteer import``/``download``) are copied to
  ``<user data dir>/gazetteer/`` and used by every later command.
* Indexes are cached in ``<user cache dir>/gazetteer/`` under a name derived from the *content* of
  their sources (SHA-256) and the index version, so a changed file or a new release rebuilds them and
  an unchanged one never does. Content hashes are remembered by path, size and mtime, so a run hashes
  nothing it has hashed before.

``FRONTLINE_DATA_DIR`` and ``FRONTLINE_CACHE_DIR`` override the two directories (tests use them).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ._files import durable_replace
from .errors import SourceError
from .index import INDEX_VERSION, PlaceIndex, Progress
from .sources import Source, embedded_source, read_source, source_from_path

__all__ = [
    "cache_dir",
    "cached_indexes",
    "clear_cache",
    "data_dir",
    "default_sources",
    "install_source",
    "installed_sources",
    "open_index",
    "remove_source",
]

_APP = "frontline"


def data_dir() -> Path:
    env = os.environ.get("FRONTLINE_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(_APP, appauthor=False))


def cache_dir() -> Path:
    env = os.environ.get("FRONTLINE_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def _sources_dir() -> Path:
    return data_dir() / "gazetteer"


def installed_sources() -> list[Source]:
    """Sources installed by ``frontline gazetteer import``/``download``, in name order."""
    folder = _sources_dir()
    if not folder.is_dir():
        return []
    return [
        source_from_path(p) for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
    ]


def default_sources(paths: list[str | Path] | None = None, *, installed: bool = True) -> list[Source]:
    """The embedded cities500 plus ``paths`` if given, else plus the installed sources (unless not
    ``installed``: the embedded gazetteer alone)."""
    extra = [source_from_path(p) for p in paths] if paths else installed_sources() if installed else []
    return [embedded_source(), *extra]


def install_source(path: str | Path, *, progress: Progress | None = None) -> tuple[Source, PlaceIndex]:
    """Check a dump by building its index, then copy it into the installed sources.

    Nothing is installed if the file cannot be read; an installed file of the same name is replaced.
    """
    source = source_from_path(path)
    if source.kind in ("dump", "csv"):
        next(iter(read_source(source)), None)  # fail fast on a wrong file before the long build
    others = [s for s in installed_sources() if s.path.name != source.path.name]
    index = open_index([embedded_source(), *others, source], progress=progress)
    folder = _sources_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.path.name
    fd, tmp = tempfile.mkstemp(prefix=".installing-", dir=folder)
    os.close(fd)
    try:
        shutil.copyfile(source.path, tmp)
        durable_replace(Path(tmp), target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    return source_from_path(target), index


def remove_source(name: str) -> Path:
    """Uninstall an installed source by file name (e.g. ``UA.zip``), and the cached index built with it
    and the other installed sources (some 35 MB that nothing would use again)."""
    target = _sources_dir() / Path(name).name
    if not target.is_file():
        have = ", ".join(s.path.name for s in installed_sources()) or "none"
        msg = f"no installed gazetteer source named {name!r} — installed: {have}"
        raise SourceError(msg)
    used = index_path(default_sources())
    target.unlink()
    _remove_index(used)
    return target


def cached_indexes() -> list[tuple[Path, int, bool]]:
    """The cached indexes, newest first: ``(path, bytes, in_use)``, ``in_use`` for the one the installed
    sources (or the embedded default alone) open."""
    folder = cache_dir() / "gazetteer"
    if not folder.is_dir():
        return []
    used = index_path(default_sources())
    found = sorted(folder.glob("index-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [(p, _size(p), p == used) for p in found]


def clear_cache(*, keep_in_use: bool = True) -> list[tuple[Path, int]]:
    """Remove the cached indexes (but the one in use, unless ``keep_in_use`` is False) and unfinished
    downloads; ``(path, bytes)`` of what was removed. Indexes are rebuilt when next needed."""
    removed = [(p, size) for p, size, in_use in cached_indexes() if not (keep_in_use and in_use)]
    for p, _ in removed:
        _remove_index(p)
    downloads = cache_dir() / "downloads"
    if downloads.is_dir():
        for p in downloads.iterdir():
            if p.is_file():
                removed.append((p, _size(p)))
                p.unlink(missing_ok=True)
    return removed


def _size(path: Path) -> int:
    """Bytes of an index with its SQLite side files."""
    return sum(p.stat().st_size for p in (path, *_side_files(path)) if p.exists())


def _side_files(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))


def _remove_index(path: Path) -> None:
    for p in (path, *_side_files(path)):
        p.unlink(missing_ok=True)


def _fingerprint(source: Source, memo: dict[str, str]) -> str:
    """The source's content hash, from ``memo`` (path, size, mtime → hash) when it is there."""
    stat = source.path.stat()
    ident = f"{source.path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    if ident not in memo:
        memo[ident] = source.fingerprint()
    return str(memo[ident])


def index_path(sources: list[Source]) -> Path:
    """Where the index of ``sources`` is cached: named by their content hashes and the index version."""
    folder = cache_dir()
    memo_path = folder / "fingerprints.json"
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    if not isinstance(memo, dict):
        memo = {}
    known = len(memo)
    digest = hashlib.sha256(f"v{INDEX_VERSION}".encode())
    for fp in sorted(_fingerprint(s, memo) for s in sources):
        digest.update(fp.encode())
    if len(memo) > known:  # a source hashed for the first time: remember it
        with contextlib.suppress(OSError):
            memo_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".fp-", dir=memo_path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(memo, fh)
            Path(tmp).replace(memo_path)
    return folder / "gazetteer" / f"index-{digest.hexdigest()[:20]}.sqlite"


def open_index(sources: list[Source], *, progress: Progress | None = None) -> PlaceIndex:
    """The index of ``sources``, built (once) if the cache does not have it."""
    path = index_path(sources)
    if not path.is_file():
        from .build import build_index  # here: opening a built index needs none of the building code

        build_index(sources, path, progress=progress)
        path.chmod(0o644)
    return PlaceIndex(path)
