"""Embedded tables written for this project (``gazetteer/data``): Ukraine's oblasts, the regions of
Russia and Belarus, former names of renamed settlements, and the theatre of the war (read by
``theatre.py``)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

__all__ = ["former_names", "neighbour_admin1_table", "read_table", "ua_admin1_table"]


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of ``gazetteer/data/<name>``, a tab-separated table whose ``#`` lines are comments."""
    text = resources.files("gazetteer").joinpath(f"data/{name}").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def ua_admin1_table() -> tuple[dict[str, str], ...]:
    """Rows of the embedded table of Ukraine's oblasts (``gazetteer/data/ua_admin1.tsv``)."""
    return tuple(read_table("ua_admin1.tsv"))


@lru_cache(maxsize=1)
def neighbour_admin1_table() -> tuple[dict[str, str], ...]:
    """Rows of the embedded table of Russia's and Belarus's regions (``data/neighbour_admin1.tsv``)."""
    return tuple(read_table("neighbour_admin1.tsv"))


@lru_cache(maxsize=1)
def former_names() -> dict[int, tuple[str, ...]]:
    """``geonameid → former names`` of settlements renamed since 2016 (``data/renamings.tsv``)."""
    out: dict[int, list[str]] = {}
    for row in read_table("renamings.tsv"):
        out.setdefault(int(row["geonameid"]), []).append(row["former"])
    return {gid: tuple(names) for gid, names in out.items()}
