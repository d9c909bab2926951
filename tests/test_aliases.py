"""``frontline gazetteer alias``: local names GeoNames lacks, known to every command once added."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.aliases import read_alias_csv
from frontline.errors import InputError

from .test_cli import assert_one_line_error, run

pytestmark = pytest.mark.slow  # each add rebuilds the user's gazetteer index


def test_an_alias_is_known_to_every_command(embedded, tmp_path: Path) -> None:
    env = {"FRONTLINE_DATA_DIR": str(tmp_path / "data")}
    before = run("geocode", "Kuptown", "--json", env=env)
    assert before.returncode == 2  # unknown before
    added = run("gazetteer", "alias", "add", "Kuptown", "703656", env=env)
    assert added.returncode == 0, added.stderr.decode()
    assert "Kuptown → Kupiansk" in added.stdout.decode()
    after = run("geocode", "Kuptown", "--json", env=env)
    assert after.returncode == 0 and '"geonameid": 703656' in after.stdout.decode()
    report = tmp_path / "r.txt"
    report.write_text("Russian forces shelled Kuptown overnight.", encoding="utf-8")
    extracted = run("extract", str(report), "--date", "2024-05-10", "--dry-run", "--json", env=env)
    assert '"location": "Kupiansk"' in extracted.stdout.decode(), extracted.stderr.decode()
    csv_file = tmp_path / "aliases.csv"
    csv_file.write_text("alias,place\nKharkivtown,Kharkiv\nKuptown,703656\n", encoding="utf-8")
    # Kharkiv resolves after an alias in Ukraine was added: a user CSV no longer hides the embedded
    # places of its countries (it used to, as if it were a full country dump)
    imported = run("gazetteer", "alias", "import", str(csv_file), env=env)
    assert imported.returncode == 0, imported.stderr.decode()
    listed = run("gazetteer", "alias", "list", env=env).stdout.decode()
    assert "Kupiansk (703656): Kuptown" in listed and "Kharkivtown" in listed
    assert_one_line_error(run("gazetteer", "alias", "add", "X", "Qwzxvq", env=env), "Qwzxvq")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name,id\nA,1\n", "needs the columns alias and place"),
        ("alias,place\nA,\n", "line 2: needs an alias and a place"),
        (None, "no such file"),  # not written
    ],
)
def test_bad_alias_files(tmp_path: Path, text: str | None, problem: str) -> None:
    csv_file = tmp_path / "aliases.csv"
    if text is not None:
        csv_file.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_alias_csv(csv_file)
