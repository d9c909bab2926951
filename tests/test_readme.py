"""The README's Python runs as written: its ```python blocks, in order, in one namespace (as a reader
following along in one session would), in an empty folder. A block that reads ../shared/data is run
there with that folder linked in, and skipped when it is absent; later blocks do not depend on it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import SHARED

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.S | re.M)
# What a block names that only ../shared/data holds (a folder of DeepState snapshots, as the README says).
NEEDS_SHARED = {"deepstate/": SHARED / "deepstate"}


def test_readme_has_python_blocks() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.slow
def test_readme_python_blocks_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "readme"}
    skipped = []
    for number, code in enumerate(BLOCKS, start=1):
        needs = {name: src for name, src in NEEDS_SHARED.items() if f'"{name}"' in code}
        if any(not src.is_dir() for src in needs.values()):
            skipped.append(number)
            continue
        for name, src in needs.items():
            link = tmp_path / name.rstrip("/")
            if not link.exists():
                os.symlink(src, link)
        try:
            exec(compile(code, f"README.md python block {number}", "exec"), namespace)
        except Exception as err:
            pytest.fail(f"README python block {number} failed: {type(err).__name__}: {err}")
    assert (tmp_path / "battles.kml").is_file() and (tmp_path / "map.html").stat().st_size > 100_000
    assert (tmp_path / "map.png").stat().st_size > 10_000
    if skipped:
        pytest.skip(f"README python block(s) {skipped} need ../shared/data, which is absent")
