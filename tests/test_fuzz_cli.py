"""The command line's contract under hostile input (issue 19): whatever comes in — malformed text and JSON
lines, broken files of every importer's type, odd numbers and days in options — a run ends in exit status
0 or 2; on 2 with exactly one line on stderr and the event store byte for byte as it was.

A bounded number of cases run here (``FRONTLINE_FUZZ_EXAMPLES``, 100 by default), in-process; a few
through a real process; ``benchmarks/fuzz.py`` runs a bigger campaign and prints the counts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from .fuzz_cases import Case, broken, cases, check, gazetteer_files, make_store
from .test_cli import assert_one_line_error, run

EXAMPLES = int(os.environ.get("FRONTLINE_FUZZ_EXAMPLES", "100"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.slow
def test_every_run_ends_in_0_or_one_line_and_2(template: Path) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        database=None,
    )
    @given(cases())
    def contract(case: Case) -> None:
        problem = broken(check(case, template))
        assert problem is None, f"{case.family} {case.args}: {problem}"

    contract()


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(gazetteer_files())
def test_the_gazetteer_readers_refuse_with_one_line_or_read(file: tuple[str, bytes]) -> None:
    """What `gazetteer import` reads, read here without building the index (a minute for a good file)."""
    import tempfile

    from gazetteer.errors import SourceError
    from gazetteer.sources import read_alternate_names, read_source, source_from_path

    name, data = file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            source = source_from_path(path)
            if source.kind == "alternate_names":
                read_alternate_names(path, {703656})
            else:
                places = list(read_source(source))
                assert all(-90 <= p.latitude <= 90 and -180 <= p.longitude <= 180 for p in places)
        except SourceError as err:
            assert "\n" not in str(err)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (["geoparse"], b'{"id": 1, "text": "\\ud800"}\n', "lone surrogate"),
        (["geoparse"], b'{"id": 1, "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "too deeply"),
        (["network", "rank", "--from", "Valuyki", "--to", "Izium", "--top", "0"], b"", "'--top'"),
    ],
    ids=["surrogate", "deep", "top-0"],
)
def test_a_real_process_keeps_the_contract(args: list[str], stdin: bytes, fragment: str) -> None:
    assert_one_line_error(run(*args, stdin=stdin), fragment)
