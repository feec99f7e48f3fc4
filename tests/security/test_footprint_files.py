"""Finding 5, footprints: a footprint file is a user file. Right format tag with the wrong shape,
nesting 100,000 deep, no `services`, not UTF-8: one line naming the file and the place, exit 2
(`advise` keeps exit 1 for "cannot move"), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awscompat.advisor.footprint import FORMAT, Footprint, FootprintError
from clirun import awscompat, cli_env

GOOD = {"format": FORMAT, "services": {"s3": {"PutObject": {"usage": "used", "confidence": "high", "seen": []}}}}

BAD = {
    "wrong-shape.json": (json.dumps({"format": FORMAT, "services": ["s3", "sqs"]}), "services"),
    "wrong-entry.json": (json.dumps({"format": FORMAT, "services": {"s3": {"PutObject": "yes"}}}), "services.s3.PutObject"),
    "bad-confidence.json": (json.dumps({"format": FORMAT, "services": {"s3": {"GetObject": {
        "usage": "used", "confidence": "certain"}}}}), "services.s3.GetObject.confidence"),
    "no-services.json": (json.dumps({"format": FORMAT, "inputs": ["app.py"]}), "'services' is a required property"),
    "deep.json": ('{"format": "' + FORMAT + '", "services": ' + "[" * 100_000 + "]" * 100_000 + "}",
                  "nested deeper than"),
    "latin1.json": ('{"format": "' + FORMAT + '", "services": {}, "inputs": ["caf\xe9"]}', "not UTF-8"),
    "other.json": (json.dumps({"format": "something-else/2"}), "not a footprint"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_footprints_are_one_line_errors(tmp_path: Path, name: str) -> None:
    text, expected = BAD[name]
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1") if name.startswith("latin1") else text.encode("utf-8"))
    with pytest.raises(FootprintError) as err:
        Footprint.load(path)
    message = str(err.value)
    assert message.startswith(str(path)) and expected in message and "\n" not in message, message


def test_a_good_footprint_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "fp.json"
    path.write_text(json.dumps(GOOD))
    assert Footprint.load(path).operations() == [("s3", "PutObject")]


def test_advise_exits_2_with_one_line(tmp_path: Path, home: Path) -> None:
    results = tmp_path / "results"
    results.mkdir()
    for name in ("wrong-shape.json", "deep.json", "no-services.json"):
        text, expected = BAD[name]
        path = tmp_path / name
        path.write_text(text)
        res = awscompat("advise", str(path), "--results", str(results), env=cli_env(home), cwd=tmp_path)
        assert res.code == 2, res
        assert "Traceback" not in res.output and expected in res.stderr and name in res.stderr, res


@pytest.mark.parametrize("text,expected", [
    ("[service]\nallow_networks = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested deeper than"),
    ('[service]\nworkers = "two"\n', "workers: 'two' is not of type 'integer'"),
    ("[service]\nallow_networks = [1, 2]\n", "allow_networks[0]"),
    ("[service]\ndb = 'caf\xe9'\n", "not UTF-8"),
])
def test_bad_service_config_files_are_one_line_errors(tmp_path: Path, text: str, expected: str) -> None:
    from awscompat.service.config import ConfigError, read_config_file

    path = tmp_path / "service.toml"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(ConfigError) as err:
        read_config_file(path)
    assert str(err.value).startswith(str(path)) and expected in str(err.value) and "\n" not in str(err.value)


def test_serve_with_a_bad_config_file_exits_2_with_one_line(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "service.toml"
    path.write_text("[service]\nworkers = " + "[" * 50_000 + "]" * 50_000 + "\n")
    res = awscompat("serve", "--config", str(path), "--data-dir", str(tmp_path / "data"), env=cli_env(home),
                    cwd=tmp_path)
    assert res.code == 2, res
    assert "Traceback" not in res.output and "nested deeper than" in res.stderr and str(path) in res.stderr, res
