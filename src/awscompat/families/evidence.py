"""Recorded AWS evidence for generated cases (data/contract_evidence.json, see
docs/contract-evidence.md): a generated case whose expectation a recorded AWS response confirms
becomes `required`, with that recording as its provenance."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from awscompat.catalog.case import Case, recorded


@cache
def _agreeing() -> dict[str, dict]:
    path = resources.files("awscompat") / "data" / "contract_evidence.json"
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {item["case"]: item for item in items if item.get("agrees")}


def promote(case: Case) -> Case:
    item = _agreeing().get(case.id)
    if item is not None:
        case.severity = "required"
        case.provenance = recorded(item["file"], item["key"], item["step"])
    return case
