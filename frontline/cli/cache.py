"""``frontline cache info | clear``: what the user cache holds (gazetteer indexes, downloads, map assets)
and freeing it. Every index is rebuilt from its sources when next needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ._console import console
from ._options import JsonOpt

__all__ = ["app"]

app = typer.Typer(
    name="cache",
    help="Show and free the user cache: gazetteer indexes, unfinished downloads, map assets.",
    no_args_is_help=True,
)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


@app.command()
def info(as_json: JsonOpt = False) -> None:
    """What the cache holds: each gazetteer index (the one in use marked), downloads, map assets."""
    from gazetteer.cache import cache_dir, cached_indexes

    from ..maps.assets import assets_dir

    indexes = cached_indexes()
    index_bytes = sum(size for _, size, _ in indexes)
    download_bytes = _folder_bytes(cache_dir() / "downloads")
    asset_bytes = _folder_bytes(assets_dir())
    if as_json:
        summary = {
            "cache_dir": str(cache_dir()),
            "indexes": [{"path": str(p), "bytes": size, "in_use": used} for p, size, used in indexes],
            "index_bytes": index_bytes,
            "download_bytes": download_bytes,
            "assets_dir": str(assets_dir()),
            "asset_bytes": asset_bytes,
        }
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
        return
    console.print(f"Cache in {cache_dir()}")
    console.print(f"Gazetteer indexes: {len(indexes)}, {_mb(index_bytes)}")
    for p, size, used in indexes:
        console.print(f"  {p.name}  {_mb(size)}{'  (in use)' if used else ''}")
    console.print(f"Unfinished downloads: {_mb(download_bytes)}")
    console.print(f"Map assets: {_mb(asset_bytes)} in {assets_dir()}")


@app.command()
def clear(
    all_indexes: Annotated[
        bool,
        typer.Option(
            "--all", help="Remove the index in use too (rebuilt, a minute or so, when next needed)."
        ),
    ] = False,
) -> None:
    """Remove gazetteer indexes not in use and unfinished downloads; map assets stay (offline maps)."""
    from gazetteer.cache import clear_cache

    removed = clear_cache(keep_in_use=not all_indexes)
    freed = sum(size for _, size in removed)
    console.print(f"Removed {len(removed)} file{'s' if len(removed) != 1 else ''}, {_mb(freed)} freed")
