"""Ukraine's administrative divisions as embedded tables written for this project (``gazetteer/data``)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

__all__ = ["ua_admin1_table"]


@lru_cache(maxsize=1)
def ua_admin1_table() -> tuple[dict[str, str], ...]:
    """Rows of the embedded table of Ukraine's oblasts (``gazetteer/data/ua_admin1.tsv``)."""
    text = resources.files("gazetteer").joinpath("data/ua_admin1.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t"))
