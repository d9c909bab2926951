"""Every notebook in notebooks/ runs from top to bottom; their own assert cells check the results."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    shown = "".join(
        out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
        for cell in code
        for out in cell.outputs
    )
    assert "Traceback" not in shown
    assert shown.strip(), "the notebook showed nothing"


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS
