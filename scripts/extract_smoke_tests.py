#!/usr/bin/env python3
"""Regenerate src/awscompat/data/aws_smoke_tests.json: the `smithy.test#smokeTests` traits of
AWS's Smithy models (github.com/aws/api-models-aws, Apache-2.0).

Usage: scripts/extract_smoke_tests.py GIT_DIR_OR_CHECKOUT [--out FILE]

GIT_DIR_OR_CHECKOUT is a clone of aws/api-models-aws (a bare git directory is read with
`git show` at HEAD; a checkout is read from its work tree). Only DATA is extracted: for each
smoke test its service (mapped to botocore's service name by the model's sdkId), operation,
test id, input params, vendor params and expectation (success, or failure with the error
shape's name and the wire code the protocol uses for it). Files the clone does not hold (its
largest models may be absent from a partial copy) are listed under `missing`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import botocore.session

REPO = "aws/api-models-aws"


def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True,
                          text=True).stdout


def _model_files(root: Path) -> tuple[str, list[tuple[str, callable]]]:
    """(commit, [(path, reader)]) for every `<service>/service/<version>/<name>.json`."""
    bare = (root / "HEAD").is_file() and not (root / ".git").exists()
    git_dir = root if bare else root / ".git"
    commit = _git(git_dir, "rev-parse", "HEAD").strip()
    files = []
    for path in _git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
        parts = path.split("/")
        if len(parts) != 4 or parts[1] != "service" or not parts[3].endswith(".json"):
            continue
        if bare:
            files.append((path, lambda p=path: _git(git_dir, "show", f"HEAD:{p}")))
        else:
            files.append((path, lambda p=path: (root / p).read_text(encoding="utf-8")))
    return commit, files


def _botocore_names() -> dict[str, str]:
    """sdkId / serviceId -> botocore service name."""
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    out = {}
    for name in session.get_available_services():
        meta = loader.load_service_model(name, "service-2")["metadata"]
        out[meta.get("serviceId", "")] = name
    return out


def _error_code(shapes: dict, error_id: str) -> str:
    """The code a client sees for an error shape: the awsQueryError code where the model gives
    one (query and query-compatible services), else the shape's name."""
    shape = shapes.get(error_id, {})
    traits = shape.get("traits", {})
    for trait in ("aws.protocols#awsQueryError",):
        if trait in traits and traits[trait].get("code"):
            return traits[trait]["code"]
    return error_id.rsplit("#", 1)[-1]


def extract(root: Path) -> dict:
    commit, files = _model_files(root)
    names = _botocore_names()
    tests, missing, unmapped = [], [], []
    for path, read in files:
        text = _safe(read)
        if text is None:
            missing.append(path)
            continue
        if "smithy.test#smokeTests" not in text:
            continue
        model = json.loads(text)
        shapes = model["shapes"]
        sdk_id = next((s["traits"]["aws.api#service"]["sdkId"] for s in shapes.values()
                       if s.get("type") == "service" and "aws.api#service" in s.get("traits", {})), "")
        service = names.get(sdk_id)
        if service is None:
            unmapped.append(sdk_id or path)
            continue
        for shape_id, shape in sorted(shapes.items()):
            for smoke in shape.get("traits", {}).get("smithy.test#smokeTests", []):
                expect = smoke.get("expect", {})
                if "failure" in expect:
                    error_id = expect["failure"].get("errorId", "")
                    expectation = {"failure": {"errorId": error_id,
                                               "code": _error_code(shapes, error_id) if error_id else ""}}
                else:
                    expectation = {"success": {}}
                tests.append({
                    "service": service, "sdkId": sdk_id, "operation": shape_id.rsplit("#", 1)[-1],
                    "shape": shape_id, "id": smoke["id"], "params": smoke.get("params", {}),
                    "vendorParams": smoke.get("vendorParams", {}), "expect": expectation,
                    "tags": smoke.get("tags", []), "model": path,
                })
    return {
        "source": {"repo": f"https://github.com/{REPO}", "commit": commit, "paths": "*/service/*/*.json",
                   "trait": "smithy.test#smokeTests", "licence": "Apache-2.0 (LICENSE of the source repository)",
                   "generator": "scripts/extract_smoke_tests.py"},
        "missing": sorted(missing), "unmapped": sorted(unmapped), "tests": tests,
    }


def _safe(read) -> str | None:
    try:
        return read()
    except (subprocess.CalledProcessError, OSError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "src/awscompat/data/aws_smoke_tests.json")
    args = parser.parse_args()
    data = extract(args.root)
    args.out.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(data['tests'])} smoke tests in {len({t['service'] for t in data['tests']})} services; "
          f"missing {len(data['missing'])} files, unmapped {data['unmapped']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
