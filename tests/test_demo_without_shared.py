"""`make demo` on a machine without ../shared: the demo reads nothing from it but DeepState's snapshots
(frontline.demo.SNAPSHOT_FOLDERS, the only place the package looks there), and without them it runs the
Kharkiv analysis whole, skips the Pokrovsk one and says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# The command line exactly as `make demo` runs it, with the shared folders pointed somewhere empty.
HIDE_SHARED = """
import sys
from pathlib import Path
import frontline.demo
frontline.demo.SNAPSHOT_FOLDERS = (Path(sys.argv[1]),)
sys.argv = ["frontline", "demo", "--out", sys.argv[2]]
from frontline.cli import main
main()
"""


@pytest.mark.slow
def test_demo_runs_without_the_shared_data(tmp_path: Path) -> None:
    absent = tmp_path / "no-shared" / "data" / "deepstate"
    out = tmp_path / "demo"
    proc = subprocess.run(
        [sys.executable, "-c", HIDE_SHARED, str(absent), str(out)],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    assert "the Pokrovsk analysis was skipped" in text and "Traceback" not in proc.stderr.decode()
    written = {p.name for p in out.iterdir()}
    assert {
        "map.html",
        "map.png",
        "events.gpkg",
        "hub_impact.csv",
        "hub_ranking.csv",
        "summary.md",
    } <= written
    assert not {"pokrovsk.png", "pokrovsk_impact.csv"} & written
    assert not absent.exists()  # looked for, never made
