"""docs/contract-evidence.md and data/contract_evidence.json are what scripts/contract_evidence.py
computes from the recordings and the current code: a change to a family's expectation that
changes an agree/disagree verdict must regenerate them (and so changes what is promoted)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "contract_evidence.py"
REFERENCE = ROOT.parent / "shared" / "reference"


def _script():
    spec = importlib.util.spec_from_file_location("contract_evidence", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (REFERENCE / "aws-recorded").is_dir(), reason="no recorded AWS answers beside the checkout")
def test_evidence_is_current():
    assert _script().main(["--reference", str(REFERENCE), "--check"]) == 0


@pytest.mark.skipif(not (REFERENCE / "aws-recorded").is_dir(), reason="no recorded AWS answers beside the checkout")
def test_recorded_answer_read_from_snapshot_and_judged():
    module = _script()
    items = {i["case"]: i for i in json.loads((ROOT / "src/awscompat/data/contract_evidence.json").read_text())}
    item = items["sns/DeleteTopic/not-found"]
    assert module.recorded_answer(REFERENCE, item) == (200, "")  # an idempotent delete: no error
    assert item["agrees"] is False
    head = items["s3/HeadObject/not-found"]
    assert module.recorded_answer(REFERENCE, head) == (404, "") and head["agrees"] is True


def test_example_outputs_judged_by_shape_claims():
    from awscompat.spec import get_spec

    module = _script()
    op = get_spec().service("ec2").operation("CreateNetworkInterface")
    assert module.example_problems(op.output_shape, {"NetworkInterface": {"Status": "pending"}}) == [
        "NetworkInterface.Status: 'pending' is not a declared value"]
    assert module.example_problems(op.output_shape, {"NetworkInterface": {"Status": "available"}}) == []
    assert module.example_problems(op.output_shape, {"Nope": 1}) == ["Nope: not a member of the output shape"]
