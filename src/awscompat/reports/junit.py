"""JUnit XML: one <testcase> per case, classname = service/feature, for CI systems.

Written from a run folder's results.jsonl in two streaming passes (counts and an index of line
offsets per service, then the cases of each service in ID order, read back one at a time), so
a run of 270,000 cases with evidence is written in bounded memory.

A run that was killed, interrupted or is incomplete says so in every <testsuite>'s <properties>
(`awscompat.status`, `awscompat.warning`: reports/leading.py), so a CI page shows it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from xml.sax.saxutils import XMLGenerator

from awscompat.results.runfolder import read_meta, results_path

# Characters XML 1.0 does not allow (control bytes in an excerpt of a binary answer).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_junit(run_dir: Path, path: Path, suite_name: str = "awscompat") -> None:
    results = results_path(run_dir)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seconds: Counter[str] = Counter()
    index: dict[str, list[tuple[str, int]]] = defaultdict(list)
    if results.is_file():
        with open(results, "rb") as fh:
            offset = 0
            for line in fh:
                r = _parse(line)
                if r is not None:
                    service = r["service"]
                    counts[service][r["outcome"]] += 1
                    seconds[service] += r.get("duration_ms", 0) / 1000
                    index[service].append((r["id"], offset))
                offset += len(line)
    totals: Counter[str] = sum(counts.values(), Counter())
    props = _properties(run_dir, totals)
    with open(path, "w", encoding="utf-8") as out, contextlib.ExitStack() as stack:
        src = stack.enter_context(open(results, "rb")) if index else None
        xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        xml.startDocument()
        xml.startElement("testsuites", {"name": suite_name, **_tally(totals)})
        for service in sorted(index):
            xml.startElement("testsuite", {"name": f"{suite_name}.{service}", **_tally(counts[service]),
                                           "time": f"{seconds[service]:.3f}"})
            _write_properties(xml, props)
            for _, offset in sorted(index[service]):
                assert src is not None
                src.seek(offset)
                _testcase(xml, _parse(src.readline()) or {})
            xml.endElement("testsuite")
        if not index and props.get("awscompat.warning"):  # killed before any case finished
            xml.startElement("testsuite", {"name": suite_name, **_tally(Counter()), "time": "0.000"})
            _write_properties(xml, props)
            xml.endElement("testsuite")
        xml.endElement("testsuites")
        xml.endDocument()


def _properties(run_dir: Path, totals: Counter[str]) -> dict[str, str]:
    from awscompat.reports.leading import banner, run_state

    meta = read_meta(run_dir)
    if not meta:
        return {}
    props = {"awscompat.status": run_state(meta), "awscompat.run_id": str(meta.get("run_id", ""))}
    client = meta.get("client")
    if isinstance(client, dict) and client.get("name"):  # who sent the requests (`run --client`)
        props["client"] = f"{client['name']}@{client.get('version') or '?'}"
    warn = banner(meta, totals)
    if warn:
        props["awscompat.warning"] = warn
    return props


def _write_properties(xml: XMLGenerator, props: dict[str, str]) -> None:
    if not props:
        return
    xml.startElement("properties", {})
    for name, value in props.items():
        xml.startElement("property", {"name": name, "value": _clean(value)})
        xml.endElement("property")
    xml.endElement("properties")


def _parse(line: bytes) -> dict | None:
    try:
        return json.loads(line) if line.strip() else None
    except json.JSONDecodeError:
        return None  # the last line of a killed run may be cut short


def _tally(counts: Counter[str]) -> dict[str, str]:
    return {"tests": str(sum(counts.values())), "failures": str(counts["fail"] + counts["unsupported"]),
            "errors": str(counts["error"]), "skipped": str(counts["skip"])}


def _testcase(xml: XMLGenerator, r: dict) -> None:
    xml.startElement("testcase", {"classname": r.get("feature", ""), "name": r.get("id", ""),
                                  "time": f"{r.get('duration_ms', 0) / 1000:.3f}"})
    outcome, message = r.get("outcome"), _clean(r.get("message", "")[:500])
    tag = {"fail": "failure", "unsupported": "failure", "error": "error", "skip": "skipped"}.get(outcome or "")
    if tag:
        xml.startElement(tag, {"message": message, **({"type": outcome} if tag != "skipped" else {})})
        if tag != "skipped":
            xml.characters(_clean(_details(r)))
        xml.endElement(tag)
    xml.endElement("testcase")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


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
