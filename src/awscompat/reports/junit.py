"""JUnit XML: one <testcase> per case, classname = service/feature, for CI systems."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from pathlib import Path


def write_junit(results: Iterable[dict], path: Path, suite_name: str = "awscompat") -> None:
    by_suite: dict[str, list[dict]] = {}
    for r in results:
        by_suite.setdefault(r["service"], []).append(r)
    root = ET.Element("testsuites", name=suite_name)
    totals: Counter[str] = Counter()
    for service, items in sorted(by_suite.items()):
        counts = Counter(r["outcome"] for r in items)
        suite = ET.SubElement(
            root, "testsuite", name=f"{suite_name}.{service}", tests=str(len(items)),
            failures=str(counts["fail"] + counts["unsupported"]), errors=str(counts["error"]),
            skipped=str(counts["skip"]),
            time=f"{sum(r.get('duration_ms', 0) for r in items) / 1000:.3f}",
        )
        totals.update(counts)
        for r in sorted(items, key=lambda r: r["id"]):
            tc = ET.SubElement(suite, "testcase", classname=r["feature"], name=r["id"],
                               time=f"{r.get('duration_ms', 0) / 1000:.3f}")
            body = _details(r)
            if r["outcome"] == "fail":
                ET.SubElement(tc, "failure", message=r.get("message", "")[:500], type="fail").text = body
            elif r["outcome"] == "unsupported":
                ET.SubElement(tc, "failure", message=r.get("message", "")[:500], type="unsupported").text = body
            elif r["outcome"] == "error":
                ET.SubElement(tc, "error", message=r.get("message", "")[:500], type="error").text = body
            elif r["outcome"] == "skip":
                ET.SubElement(tc, "skipped", message=r.get("message", "")[:500])
    root.set("tests", str(sum(totals.values())))
    root.set("failures", str(totals["fail"] + totals["unsupported"]))
    root.set("errors", str(totals["error"]))
    root.set("skipped", str(totals["skip"]))
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _details(r: dict) -> str:
    lines = [r.get("message", ""), f"provenance: {json.dumps(r.get('provenance'))}"]
    ev = r.get("evidence") or {}
    if ev.get("expected") is not None:
        lines.append(f"expected: {ev['expected']}")
    if ev.get("observed") is not None:
        lines.append(f"observed: {ev['observed']}")
    repro = (ev.get("reproduce") or {}).get("curl")
    if repro:
        lines.append(f"reproduce: {repro}")
    return "\n".join(lines)
