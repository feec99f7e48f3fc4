"""The footprint: which AWS operations a workload uses, where each was seen, and how sure that is.

A footprint is a JSON document (`format: awscompat-footprint/1`):

    services.<service>.<Operation> = {usage: used|permitted, confidence: high|medium|low, seen: [...]}

`seen` lists every sighting: a Python call (file, line, call), CloudTrail records (file, count,
record indexes), an IAM policy statement (file, statement, action) or a CloudFormation resource
(file, line, resource, type, handlers, permissions). `usage` is `permitted` when only IAM policies
name the operation. Inputs that could not be read are listed in `problems` (file and reason);
calls that could not be named in `unresolved`; valid IAM actions that authorise no operation of
the models in `unmapped`.

A footprint read back (`Footprint.load`) is a user file: bounded in size and nesting, UTF-8, and
valid against data/schemas/footprint.schema.json (`services` is required), or FootprintError.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import botocore

from awscompat import userfiles
from awscompat.advisor.pymodels import HIGH, LOW, MEDIUM, stronger
from awscompat.version import __version__

FORMAT = "awscompat-footprint/1"
CONFIDENCES = (HIGH, MEDIUM, LOW)
SOURCES = ("python", "javascript", "cloudtrail", "iam-policy", "cloudformation", "terraform", "integration")


class FootprintError(Exception):
    pass


class Footprint:
    def __init__(self, inputs: list[str] | None = None) -> None:
        self.inputs = list(inputs or [])
        self.ops: dict[tuple[str, str], dict[str, Any]] = {}
        self.unresolved: list[dict[str, Any]] = []
        self.unmapped: list[dict[str, Any]] = []
        self.problems: list[dict[str, Any]] = []
        self.files: Counter[str] = Counter()

    def add(self, service: str, operation: str, *, confidence: str, where: dict[str, Any],
            usage: str = "used") -> None:
        entry = self.ops.get((service, operation))
        where = {**where, "confidence": confidence}
        if entry is None:
            self.ops[(service, operation)] = {"usage": usage, "confidence": confidence, "seen": [where]}
            return
        entry["seen"].append(where)
        if usage == "used":
            if entry["usage"] == "permitted":  # a real use outranks any permission
                entry["confidence"] = confidence
            entry["usage"] = "used"
        if usage == entry["usage"]:
            entry["confidence"] = stronger(entry["confidence"], confidence)

    def problem(self, file: str, reason: str) -> None:
        self.problems.append({"file": file, "reason": reason})

    # -- queries --------------------------------------------------------------------------
    def operations(self, *, min_confidence: str = LOW, include_permitted: bool = False) -> list[tuple[str, str]]:
        rank = CONFIDENCES.index(min_confidence)
        return sorted(key for key, e in self.ops.items()
                      if CONFIDENCES.index(e["confidence"]) <= rank
                      and (include_permitted or e["usage"] == "used"))

    def entry(self, service: str, operation: str) -> dict[str, Any]:
        return self.ops[(service, operation)]

    # -- JSON -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        services: dict[str, dict[str, Any]] = {}
        for (service, operation), entry in sorted(self.ops.items()):
            seen = sorted(entry["seen"], key=_where_key)
            services.setdefault(service, {})[operation] = {**entry, "seen": seen}
        usage = Counter(e["usage"] for e in self.ops.values())
        return {
            "format": FORMAT,
            "tool": {"name": "awscompat", "version": __version__},
            "botocore": botocore.__version__,
            "inputs": self.inputs,
            "files": dict(sorted(self.files.items())),
            "summary": {"services": len(services), "operations": len(self.ops),
                        "used": usage.get("used", 0), "permitted": usage.get("permitted", 0),
                        "unresolved": len(self.unresolved), "problems": len(self.problems)},
            "services": services,
            "unresolved": sorted(self.unresolved, key=_where_key),
            "unmapped": sorted(self.unmapped, key=_where_key),
            "problems": sorted(self.problems, key=lambda p: (p["file"], p["reason"])),
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Footprint:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise FootprintError(f"not a footprint (format is not {FORMAT!r}); make one with `awscompat footprint`")
        fp = cls(data.get("inputs", []))
        for service, ops in data.get("services", {}).items():
            for operation, entry in ops.items():
                if entry.get("confidence") not in CONFIDENCES or entry.get("usage") not in ("used", "permitted"):
                    raise FootprintError(f"{service}.{operation}: bad usage or confidence in the footprint")
                fp.ops[(service, operation)] = {"usage": entry["usage"], "confidence": entry["confidence"],
                                                "seen": list(entry.get("seen", []))}
        fp.unresolved = list(data.get("unresolved", []))
        fp.unmapped = list(data.get("unmapped", []))
        fp.problems = list(data.get("problems", []))
        fp.files.update(data.get("files", {}))
        return fp

    @classmethod
    def load(cls, path: Path) -> Footprint:
        """Read a footprint file as a user file (awscompat.userfiles: size and depth bounds, UTF-8)
        and validate it against the shipped schema (data/schemas/footprint.schema.json) before
        using it; FootprintError is one line naming the file, the place and the problem."""
        try:
            text = userfiles.read_text(path, "footprint", MAX_BYTES)
            data = userfiles.load_json(text, str(path))
            if isinstance(data, dict) and data.get("format") != FORMAT:
                raise FootprintError(f"{path}: not a footprint (format is not {FORMAT!r}); make one with"
                                     " `awscompat footprint`")
            userfiles.validate(data, schema(), str(path))
        except userfiles.UserFileError as exc:
            raise FootprintError(str(exc)) from None
        try:
            return cls.from_dict(data)
        except FootprintError as exc:
            raise FootprintError(f"{path}: {exc}") from exc


MAX_BYTES = 64 * 1024 * 1024  # a footprint of a large estate (every sighting listed) stays well below


def schema() -> dict[str, Any]:
    """The footprint's JSON Schema, shipped in the package."""
    return json.loads((resources.files("awscompat") / "data" / "schemas" / "footprint.schema.json")
                      .read_text(encoding="utf-8"))


def _where_key(w: dict[str, Any]) -> tuple:
    return (w.get("source", ""), w.get("file", ""), w.get("line") or 0, str(w.get("statement", "")),
            w.get("resource", ""), w.get("call", "") or w.get("action", "") or w.get("reason", ""))


__all__ = ["CONFIDENCES", "FORMAT", "HIGH", "LOW", "MEDIUM", "SOURCES", "Footprint", "FootprintError"]
