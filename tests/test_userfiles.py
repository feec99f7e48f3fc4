"""awscompat.userfiles: user files are read with limits and fail with one line naming file and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from awscompat.userfiles import UserFileError, load_user_file, load_yaml

SCHEMA = {"type": "object", "required": ["name"],
          "properties": {"name": {"type": "string"}, "items": {"type": "array", "items": {
              "type": "object", "properties": {"status": {"enum": ["required", "advisory"]}}}}}}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _one_line(exc: pytest.ExceptionInfo) -> str:
    msg = str(exc.value)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def test_alias_bomb_refused_quickly(tmp_path):
    rows = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = _write(tmp_path, "bomb.yaml", "\n".join(rows).encode())
    with pytest.raises(UserFileError) as exc:
        load_user_file(path, SCHEMA)
    assert _one_line(exc).startswith(f"{path}:1: ") and "anchors" in str(exc.value)


def test_deep_json_refused(tmp_path):
    path = _write(tmp_path, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(UserFileError) as exc:
        load_user_file(path)
    assert "nested deeper than" in _one_line(exc)


def test_deep_yaml_refused(tmp_path):
    path = _write(tmp_path, "deep.yaml", b"[" * 5000 + b"]" * 5000)
    with pytest.raises(UserFileError) as exc:
        load_user_file(path)
    assert "nested deeper than" in _one_line(exc)


def test_not_utf8_names_line(tmp_path):
    path = _write(tmp_path, "bin.yaml", b"name: x\nitems: \xff\n")
    with pytest.raises(UserFileError) as exc:
        load_user_file(path, SCHEMA)
    assert _one_line(exc).startswith(f"{path}:2: not UTF-8")


def test_too_large(tmp_path):
    path = _write(tmp_path, "big.yaml", b"#" * 2000)
    with pytest.raises(UserFileError) as exc:
        load_user_file(path, max_bytes=1000)
    assert "at most 1,000" in _one_line(exc)


def test_schema_error_names_line_and_member(tmp_path):
    path = _write(tmp_path, "p.yaml", b"name: x\nitems:\n  - status: required\n  - status: bogus\n")
    with pytest.raises(UserFileError) as exc:
        load_user_file(path, SCHEMA, lines=True)
    assert _one_line(exc).startswith(f"{path}:4: items[1].status: 'bogus' is not one of")


def test_valid_file_loads_with_lines():
    doc = load_yaml("name: x\nitems:\n  - status: required\n", "mem", lines=True)
    assert doc["items"][0] == {"status": "required", "__line__": 3}
