"""The client matrix: which SDK or tool puts a run's requests on the wire (`awscompat run --client`).

Contract:
- `CLIENTS` are the clients a run can use: `botocore` (the default; the tool's own SDK),
  `js-v3` (the AWS SDK for JavaScript v3 through engine/jsdriver.py: every call a case makes
  through the engine goes out through the JS SDK, botocore parses the answer), `awscli` (the AWS
  CLI's high-level S3 commands, scenarios/s3/awscli.py: only the cases written for it run, every
  other case is `skip`). `all` means each of them, one run folder per client.
- `parse(value)` turns a --client value into the list of clients to run (ValueError for an unknown
  name); `describe(name)` says which version of the client is installed here, as run.json and
  every result carry it: {"name", "version", "versions": {package: version}} (ClientUnavailable
  when the client cannot run here, with how to install it).
- `satisfies(described, requirement)` checks a profile's client requirement
  (`{name: js-v3, min_version: "3.729"}`): the name equal, the version at least min_version
  (numeric dotted comparison).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from awscompat.engine.jsdriver import ClientUnavailable

CLIENTS = ("botocore", "js-v3", "awscli")
DEFAULT = "botocore"


def parse(value: str | None) -> list[str]:
    if not value:
        return [DEFAULT]
    if value == "all":
        return list(CLIENTS)
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in CLIENTS]
    if unknown or not names:
        raise ValueError(f"unknown client {', '.join(unknown) or value!r}; known: {', '.join(CLIENTS)}, all")
    return list(dict.fromkeys(names))


def describe(name: str) -> dict:
    if name == "botocore":
        import botocore

        return {"name": name, "version": botocore.__version__, "versions": {"botocore": botocore.__version__}}
    if name == "js-v3":
        from awscompat.engine.jsdriver import driver

        d = driver()
        return {"name": name, "version": d.version, "versions": {**d.versions, "node": d.node}}
    if name == "awscli":
        exe = awscli_path()
        out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60,  # noqa: S603
                             check=False)
        text = (out.stdout or out.stderr).strip()
        match = re.search(r"aws-cli/(\S+)", text)
        return {"name": name, "version": match.group(1) if match else "", "versions": {"aws-cli": text}}
    raise ValueError(f"unknown client {name!r}")


def awscli_path() -> Path:
    """The `aws` of the AWS CLI's own environment (.providers/awscli-venv), never the tool's."""
    import os

    env = os.environ.get("AWSCOMPAT_AWSCLI")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve().parents[3]
    candidates += [here / ".providers" / "awscli-venv" / "bin" / "aws", Path.cwd() / ".providers" / "awscli-venv" / "bin" / "aws"]
    for path in candidates:
        if path.is_file():
            return path
    found = shutil.which("aws")
    if found:
        return Path(found)
    raise ClientUnavailable("the AWS CLI is not installed: run `bash scripts/install-providers.sh --only awscli` "
                            "(or set AWSCOMPAT_AWSCLI)")


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version))


def satisfies(described: dict | None, requirement: dict | None) -> str:
    """'' when the run's client meets the requirement, else why not."""
    if not requirement:
        return ""
    if not described:
        return f"the run does not say which client sent its requests; the profile requires {requirement['name']}"
    if described.get("name") != requirement.get("name"):
        return f"the profile requires the {requirement['name']} client; this run used {described.get('name')}"
    least = str(requirement.get("min_version") or "")
    if least and _numbers(str(described.get("version") or "0")) < _numbers(least):
        return (f"the profile requires {requirement['name']} >= {least}; this run used "
                f"{described.get('version') or 'an unknown version'}")
    return ""
