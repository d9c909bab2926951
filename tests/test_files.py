"""The file layer: inputs checked with one clear line, outputs written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.errors import InputError
from frontline.files import json_lines, write_atomic, write_text_atomic


def test_write_atomic_replaces_whole_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "out" / "summary.md"
    write_text_atomic(path, "old")
    assert write_text_atomic(path, "Kupiansk") == path
    assert path.read_text(encoding="utf-8") == "Kupiansk"
    assert [p.name for p in path.parent.iterdir()] == ["summary.md"]


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "hub_impact.csv"
    path.write_text("before", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("hal", encoding="utf-8")
        raise RuntimeError("the writer died")

    with pytest.raises(RuntimeError, match="the writer died"):
        write_atomic(path, half_then_fail)
    assert path.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["hub_impact.csv"]


def test_unwritable_path_is_an_input_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(InputError, match=r"cannot write .* choose a writable path"):
        write_text_atomic(blocker / "map.html", "<html></html>")
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_temp_file_ends_as_the_target_does(tmp_path: Path) -> None:
    seen: list[Path] = []
    write_atomic(tmp_path / "map.png", lambda tmp: (seen.append(tmp), tmp.write_bytes(b"png")))
    assert seen[0].suffix == ".png" and seen[0].parent == tmp_path and seen[0].name != "map.png"


def test_json_lines_numbers_lines_and_skips_blank_ones() -> None:
    lines = [b'\xef\xbb\xbf{"id": 1, "text": "\xd0\x86\xd0\xb7\xd1\x8e\xd0\xbc"}', b"", b"  \r", b'{"id": 2}']
    assert list(json_lines(lines, "r.jsonl")) == [(1, {"id": 1, "text": "Ізюм"}), (4, {"id": 2})]
    assert list(json_lines([], "r.jsonl")) == []


def test_json_lines_keeps_a_line_separator_inside_a_string() -> None:
    raw = json.dumps({"text": "Izium\u2028Lyman"}, ensure_ascii=False).encode() + b"\n"
    assert list(json_lines(raw.splitlines(), "r.jsonl")) == [(1, {"text": "Izium\u2028Lyman"})]


@pytest.mark.parametrize(
    ("lines", "fragments"),
    [
        ([b'{"id": 1}', b'{"id": \x00}'], ["r.jsonl: line 2", "binary"]),
        ([b'{"id": 1}', b'{"text": "caf\xe9"}'], ["r.jsonl: line 2", "not UTF-8", "0xe9"]),
        ([b'{"id": 1,'], ["r.jsonl: line 1", "not valid JSON", "column"]),
        ([b"[1, 2]"], ["line 1", "a JSON array, not an object"]),
        ([b'"Izium"'], ["line 1", "a JSON string, not an object"]),
        ([b"null"], ["line 1", "a JSON null, not an object"]),
    ],
)
def test_json_lines_errors_name_the_line(lines: list[bytes], fragments: list[str]) -> None:
    with pytest.raises(InputError) as err:
        list(json_lines(lines, "r.jsonl"))
    message = str(err.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


@given(st.binary(max_size=200))
def test_json_lines_any_bytes_give_objects_or_an_input_error(raw: bytes) -> None:
    try:
        records = list(json_lines(raw.splitlines(), "r.jsonl"))
    except InputError:
        return
    assert all(isinstance(r, dict) and n >= 1 for n, r in records)
