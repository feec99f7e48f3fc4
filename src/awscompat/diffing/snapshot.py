"""Snapshots: a run's answers, case by case, parsed into members and normalised.

A snapshot folder (written by `awscompat record`, and by `awscompat diff` for both sides):

    manifest.json       format, target descriptor (no secrets), recorded (start/end), suite digest,
                        selection, awscompat and botocore versions, normalisers, counts
    cases/<id>.json     one per case: id, revision, feature, outcome, message, and its exchanges
                        in order: operation, request line, status, error code, members
    run/                the run folder of the recording (results.jsonl keeps the raw exchanges)

An exchange's members are what botocore's parser makes of the answer (headers and body, by the
operation's output shape; for an error, the error's members), flattened to paths such as
`Contents[0].Key`, then normalised (normalise.py). An answer the model cannot parse is read as
plain XML or JSON instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from awscompat.diffing.normalise import Normaliser, Scope, Where, apply, resolve
from awscompat.engine.evidence import redact

FORMAT = "awscompat-snapshots/1"


class SnapshotError(Exception):
    """A snapshot folder that cannot be read (the message says what is wrong)."""


# -- parsing an answer ----------------------------------------------------------------------
def _leaf(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes md5 {hashlib.md5(value).hexdigest()}>"  # noqa: S324 - a fingerprint
    return value


def flatten(obj: Any, prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    """{"A": {"B": [1, 2]}} -> {"A.B[0]": 1, "A.B[1]": 2}; empty containers stay leaves."""
    out = {} if out is None else out
    if isinstance(obj, dict) and obj:
        for k, v in obj.items():
            flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(obj, list | tuple) and obj:
        for i, v in enumerate(obj):
            flatten(v, f"{prefix}[{i}]", out)
    elif isinstance(obj, dict | list | tuple):
        if prefix:  # an empty answer has no members at all
            out[prefix] = {} if isinstance(obj, dict) else []
    else:
        out[prefix] = _leaf(obj)
    return out


def _xml_to_obj(elem: ET.Element) -> Any:
    children = list(elem)
    if not children:
        return (elem.text or "").strip()
    out: dict[str, Any] = {}
    for child in children:
        tag = child.tag.rsplit("}", 1)[-1]
        value = _xml_to_obj(child)
        if tag in out:
            if not isinstance(out[tag], _Repeated):
                out[tag] = _Repeated([out[tag]])
            out[tag].append(value)
        else:
            out[tag] = value
    return {k: list(v) if isinstance(v, _Repeated) else v for k, v in out.items()}


class _Repeated(list):
    """Sibling elements of one tag, gathered."""


def plain_parse(body: str) -> dict[str, Any]:
    """A body parsed without the model: XML elements or JSON members (raises ValueError)."""
    text = body.strip()
    if not text:
        return {}
    if text.startswith("<"):
        try:
            root = ET.fromstring(text)  # noqa: S314 - the answer of a server under test, parsed without DTDs
        except ET.ParseError as exc:
            raise ValueError(f"not XML: {exc}") from exc
        return {root.tag.rsplit("}", 1)[-1]: _xml_to_obj(root)}
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"neither XML nor JSON: {exc}") from exc
    return doc if isinstance(doc, dict) else {"$": doc}


def parse_answer(service: str, operation: str, response: dict) -> tuple[str | None, dict[str, Any], str | None]:
    """(error code or None, flattened members, a problem or None) of one recorded answer."""
    from botocore.awsrequest import HeadersDict
    from botocore.parsers import create_parser

    from awscompat.spec import get_spec

    status = int(response.get("status") or 0)
    body = response.get("body") or ""
    headers = HeadersDict({str(k): str(v) for k, v in (response.get("headers") or {}).items()})
    parsed: dict[str, Any] | None = None
    problem = None
    if not (body.startswith("<") and body.endswith(" bytes binary>")):
        try:
            spec = get_spec().service(service)
            op = spec.operation(operation)
            parser = create_parser(spec.protocol)
            parsed = dict(parser.parse({"status_code": status, "headers": headers, "body": body.encode("utf-8")},
                                       op.output_shape))
            parsed.pop("ResponseMetadata", None)
            payload = op.output_shape.serialization.get("payload") if op.output_shape is not None else None
            if payload and op.has_streaming_output:
                parsed.pop(payload, None)  # a streamed payload: the case itself judges its bytes
        except Exception as exc:  # noqa: BLE001 - any parser failure: read the body without the model
            problem = f"botocore could not parse the answer ({type(exc).__name__})"
            parsed = None
    if parsed is None:
        try:
            parsed = plain_parse(body)
        except ValueError as exc:
            return (None, {}, f"{problem or 'unparsed'}; {exc}")
        problem = None
    code = None
    err = parsed.get("Error")
    if isinstance(err, dict) and (status >= 300 or err.get("Code")):
        code = str(err.get("Code") or "") or None
        parsed = {"Error": {k: v for k, v in err.items() if k != "Code"}}
    return code, flatten(parsed), problem


# -- one case -------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool) or value in ({}, []):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def exchange_record(ex: dict, scope: Scope, normalisers: list[Normaliser]) -> dict:
    service, _, operation = str(ex.get("operation") or ":").partition(":")
    req = ex.get("request") or {}
    if req.get("md5"):
        scope.payload(req["md5"])
    url = urlsplit(req.get("url") or "")
    target = url.path + (f"?{url.query}" if url.query else "")
    target = apply(target, Where(None, "request", service, operation, {}, scope), normalisers)
    rec: dict[str, Any] = {"operation": f"{service}:{operation}", "request": f"{req.get('method', '')} {target}"}
    if ex.get("fault"):
        rec["fault"] = ex["fault"]
    response = ex.get("response")
    if not isinstance(response, dict):
        rec["status"] = None
        return rec
    code, members, problem = parse_answer(service, operation, response)
    rec["status"] = response.get("status")
    rec["error_code"] = code
    if problem:
        rec["problem"] = problem
    rec["members"] = {
        path: _plain(apply(value, Where(path.rsplit(".", 1)[-1].split("[")[0], path, service, operation, members,
                                        scope), normalisers))
        for path, value in members.items()
    }
    return rec


def collapse(records: list[dict]) -> list[dict]:
    """Consecutive calls of one operation with the same request (retries, polls until a state
    shows) count as the last of them: how many times a case had to ask is not behaviour."""
    out: list[dict] = []
    for rec in records:
        if out and out[-1]["operation"] == rec["operation"] and out[-1]["request"] == rec["request"]:
            out[-1] = rec
        else:
            out.append(rec)
    return out


def case_record(result: dict, normalisers: list[Normaliser]) -> dict:
    """A case's snapshot from its result (with `exchanges`, as `RunOptions.keep_exchanges` keeps them)."""
    scope = Scope()
    records = [exchange_record(ex, scope, normalisers) for ex in result.get("exchanges") or []]
    message = apply(result.get("message") or "", Where(None, "message", result.get("service", ""), "", {}, scope),
                    normalisers)
    return redact({  # a snapshot is evidence too: through the one redaction function
        "id": result["id"], "revision": result.get("revision", 1), "service": result.get("service"),
        "feature": result.get("feature"), "outcome": result["outcome"], "message": message,
        "exchanges": collapse(records),
    })


# -- the folder -----------------------------------------------------------------------------
def case_file(case_id: str) -> str:
    return quote(case_id.replace("/", "__"), safe="-_.") + ".json"


def botocore_version() -> str:
    import botocore

    return botocore.__version__


def write_snapshots(out: Path, run_dir: Path, normalisers: list[Normaliser] | None = None) -> dict:
    """Write out/manifest.json and out/cases/*.json from the run folder run_dir (a run made with
    keep_exchanges). Returns the manifest."""
    from awscompat.results.runfolder import iter_results, load_run

    normalisers = resolve() if normalisers is None else normalisers
    meta = load_run(run_dir)
    cases_dir = out / "cases"
    cases_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    n = 0
    for result in iter_results(run_dir):
        rec = case_record(result, normalisers)
        (cases_dir / case_file(rec["id"])).write_text(json.dumps(rec, indent=1, default=str) + "\n", encoding="utf-8")
        counts[rec["outcome"]] = counts.get(rec["outcome"], 0) + 1
        n += 1
    try:
        run = str(run_dir.relative_to(out))
    except ValueError:
        run = str(run_dir)
    manifest = {
        "format": FORMAT,
        "target": meta.get("target"),
        "recorded": {"started": meta.get("started"), "finished": meta.get("finished"), "status": meta.get("status")},
        "suite_digest": meta.get("suite_digest"),
        "selection": meta.get("selection"),
        "tool": meta.get("tool"),
        "botocore": botocore_version(),
        "normalisers": [x.name for x in normalisers],
        "cases": n,
        "counts": counts,
        "run": run,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    return manifest


def read_manifest(folder: Path) -> dict:
    if not folder.is_dir():
        raise SnapshotError(f"{folder} is not a snapshot folder (no such directory)")
    path = folder / "manifest.json"
    if not path.is_file():
        raise SnapshotError(f"{folder} is not a snapshot folder (no manifest.json; make one with `awscompat record`)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        got = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
        raise SnapshotError(f"{path}: not an awscompat snapshot manifest (format {got!r}, want {FORMAT!r})")
    for key in ("target", "normalisers", "cases"):
        if key not in manifest:
            raise SnapshotError(f"{path}: the manifest has no `{key}`")
    if not isinstance(manifest["normalisers"], list):
        raise SnapshotError(f"{path}: `normalisers` is not a list")
    return manifest


def read_snapshots(folder: Path) -> tuple[dict, dict[str, dict]]:
    """(manifest, {case id: case record}) of a snapshot folder; SnapshotError if unusable."""
    manifest = read_manifest(folder)
    cases: dict[str, dict] = {}
    cases_dir = folder / "cases"
    files = sorted(cases_dir.glob("*.json")) if cases_dir.is_dir() else []
    for path in files:
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SnapshotError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) or "outcome" not in rec:
            raise SnapshotError(f"{path}: not a case snapshot (needs id and outcome)")
        cases[rec["id"]] = rec
    if len(cases) != manifest["cases"]:
        raise SnapshotError(f"{folder}: the manifest lists {manifest['cases']} cases, cases/ holds {len(cases)}")
    return manifest, cases
