"""Behaviour cases as data: reading a case file (docs/cases.md) into case declarations.

Contract:
- a case file is YAML, one per service feature (`awscompat/cases/<service>/<feature>.yaml` for the
  shipped ones), read through `awscompat.userfiles` (size, UTF-8, depth limits, no aliases) and
  validated against `data/schemas/cases.schema.json`; every problem is a one-line `UserFileError`
  naming the file and line.
- `load_case_file()` returns one `CaseDecl` per case id, in file order. A case with `rows` yields one
  declaration per row; each row carries its LITERAL id, and `${row.NAME}` in the case's body is
  replaced by the row's `vars` (load time), in values and in mapping keys. Every other `${...}` is left for the interpreter
  (run time: recipe outputs, earlier steps, the region).
- the declarations are plain data (no engine import); `awscompat.engine.interpret` runs them.
- `check_case_file()` adds what the schema cannot say: ids unique and matching the file's feature,
  the feature in the closed list, operations and parameter names known to botocore's model, recipes
  known, `recorded:` references well formed, declared operations covering every step's call (a
  raw-HTTP step, `http:`, may name a request the model has no operation for, such as PostObject).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jmespath

from awscompat.catalog.case import Provenance
from awscompat.catalog.features import check_feature
from awscompat.userfiles import LINE_KEY, UserFileError, load_user_file, strip_lines, validate

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "list": (list, tuple),
    "object": (dict,), "null": (type(None),),
}
ROW_REF = re.compile(r"\$\{row\.([A-Za-z_][A-Za-z0-9_]*)\}")
CASES_ROOT = "cases"


@cache
def case_schema() -> dict:
    text = (resources.files("awscompat") / "data" / "schemas" / "cases.schema.json").read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class CaseDecl:
    """One case as the file declares it (after row expansion)."""

    id: str
    service: str
    feature: str
    operations: tuple[str, ...]
    summary: str
    severity: str
    mutating: bool
    timeout: float
    revision: int
    provenance: Provenance
    setup: tuple[dict, ...]
    steps: tuple[dict, ...]
    source: str  # "<file>:<line>" of the id
    file: str = field(default="", compare=False)
    regions: dict | None = None  # {only|except: [region, ...], reason}: where the case runs


def shipped_case_files() -> list[Path]:
    """The case files shipped in the package, sorted."""
    root = Path(str(resources.files("awscompat") / CASES_ROOT))
    return sorted(root.glob("*/*.yaml"))


def _substitute(value: Any, row_vars: dict, where: str) -> Any:
    if isinstance(value, str):
        whole = ROW_REF.fullmatch(value)
        if whole:
            return _var(row_vars, whole.group(1), where)
        return ROW_REF.sub(lambda m: str(_var(row_vars, m.group(1), where)), value)
    if isinstance(value, dict):  # keys too: {"${row.attr}": "${row.value}"}
        return {_substitute(k, row_vars, where): _substitute(v, row_vars, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, row_vars, where) for v in value]
    return value


def _var(row_vars: dict, name: str, where: str) -> Any:
    if name not in row_vars:
        raise UserFileError(f"{where}: ${{row.{name}}} is not among this row's vars {sorted(row_vars)}")
    return row_vars[name]


def _provenance(raw: dict, where: str) -> Provenance:
    try:
        return Provenance(raw["kind"], raw["ref"], raw.get("key", ""), raw.get("step", ""), raw.get("note", ""))
    except ValueError as exc:
        raise UserFileError(f"{where}: provenance: {exc}") from None


def _check_members(raw: dict, where: str) -> None:
    for step in raw.get("steps") or ():
        for member in (step.get("expect") or {}).get("members") or ():
            if sum(k in member for k in ("path", "header", "body", "xml")) != 1:
                line = member.get(LINE_KEY)
                place = f"{where.rsplit(':', 1)[0]}:{line}" if line else where
                raise UserFileError(f"{place}: a member expectation names one of `path`, `header`, `body`, `xml`")


ROW_KEYS = {"id", "vars", "summary", "provenance", "revision", "severity", LINE_KEY}


def _expand_rows(doc: Any, src: str) -> Any:
    """The document with each case that has `rows` replaced by one case per row (its literal id,
    `${row.NAME}` substituted, the row's overrides applied), so the schema checks every case as run."""
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        return doc
    cases: list = []
    for raw in doc["cases"]:
        if not isinstance(raw, dict) or "rows" not in raw:
            cases.append(raw)
            continue
        line = raw.get(LINE_KEY, 0)
        if "id" in raw:
            raise UserFileError(f"{src}:{line}: a case has either an `id` or `rows` (each row with its literal id)")
        if not isinstance(raw["rows"], list) or not raw["rows"]:
            raise UserFileError(f"{src}:{line}: rows: a non-empty list of rows, each with an id and vars")
        for row in raw["rows"]:
            row_line = row.get(LINE_KEY, line) if isinstance(row, dict) else line
            where = f"{src}:{row_line}"
            if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("vars"), dict):
                raise UserFileError(f"{where}: a row is a mapping with an `id` and `vars`")
            extra = sorted(set(row) - ROW_KEYS)
            if extra:
                raise UserFileError(f"{where}: a row may not have {', '.join(extra)} (allowed: "
                                    f"{', '.join(sorted(ROW_KEYS - {LINE_KEY}))})")
            body = {k: v for k, v in raw.items() if k != "rows"}
            case = _substitute(body, strip_lines(row["vars"]), where)
            case.update({k: v for k, v in row.items() if k not in ("vars", LINE_KEY)})
            case[LINE_KEY] = row_line
            cases.append(case)
    return {**doc, "cases": cases}


def load_case_file(path: str | Path) -> list[CaseDecl]:
    """Read, expand and validate one case file (UserFileError on any problem)."""
    src = str(path)
    doc = _expand_rows(load_user_file(path, None, what="case", lines=True), src)
    validate(doc, case_schema(), src)
    service, feature = doc["service"], doc["feature"]
    if not feature.startswith(service + "/"):
        raise UserFileError(f"{src}:{doc.get(LINE_KEY, 1)}: feature {feature!r} is not a feature of {service!r}")
    out: list[CaseDecl] = []
    for raw in doc["cases"]:
        where = f"{src}:{raw.get(LINE_KEY, 0)}"
        if "id" not in raw:
            raise UserFileError(f"{where}: a case has either an `id` or `rows` (each row with its literal id)")
        _check_members(raw, where)
        body = strip_lines(raw)
        if "provenance" not in body:
            raise UserFileError(f"{where}: case {body['id']} has no provenance (on the case or its row)")
        out.append(CaseDecl(
            id=body["id"], service=service, feature=feature,
            operations=tuple(body["operations"]), summary=body["summary"].strip(),
            severity=body.get("severity", "required"), mutating=body.get("mutating", True),
            timeout=float(body.get("timeout", 30.0)), revision=int(body.get("revision", 1)),
            provenance=_provenance(body["provenance"], where),
            setup=tuple(body.get("setup") or ()), steps=tuple(body["steps"]), source=where, file=src,
            regions=body.get("regions"),
        ))
    return out


def check_case_file(path: str | Path, recipes: dict[str, set[str]] | None = None,
                    spec: Any = None) -> tuple[list[CaseDecl], list[str]]:
    """Validate a contributed file without running it: (declarations, problems). Schema and YAML
    problems raise UserFileError (nothing else can be said of such a file); the rest are listed,
    one line each, `<file>:<line>: <problem>`. recipes: {service: names} known to the interpreter;
    spec: an awscompat.spec.Spec for operation and parameter names (None: not checked)."""
    decls = load_case_file(path)
    problems: list[str] = []
    seen: dict[str, str] = {}
    for d in decls:
        def bad(msg: str, d: CaseDecl = d) -> None:
            problems.append(f"{d.source}: {d.id}: {msg}")

        if d.id in seen:
            bad(f"duplicate id (first at {seen[d.id]})")
        seen.setdefault(d.id, d.source)
        svc, _, feat, _ = d.id.split("/", 3)
        if f"{svc}/{feat}" != d.feature:
            bad(f"the id's feature is {svc}/{feat}, the file's is {d.feature}")
        try:
            check_feature(d.feature)
        except ValueError as exc:
            bad(str(exc))
        if d.provenance.kind == "recorded-aws" and not d.provenance.ref.endswith(".json"):
            bad(f"recorded-aws provenance names a reference file, not {d.provenance.ref!r}")
        names: set[str] = {"region", "account", "partition", "now"}
        for item in d.setup:
            if recipes is not None and item["recipe"] not in recipes.get(d.service, set()):
                known = ", ".join(sorted(recipes.get(d.service, set()))) or "none"
                bad(f"unknown recipe {item['recipe']!r} for {d.service} (known: {known})")
            names.add(item["as"])
        called = []
        for step in d.steps:
            op = step.get("call") or f"{step['request']['method']} request"  # or a raw HTTP request
            if not step.get("fixture") and not step.get("service") and "call" in step:  # set-up, other services
                called.append(op)
            if spec is not None and "call" in step and not isinstance(step.get("params"), str) and not (
                    "http" in step and op not in _operation_names(spec, step.get("service", d.service))):
                # (a raw-HTTP step may name a request the model has no operation for: PostObject)
                problems.extend(f"{d.source}: {d.id}: {p}" for p in _check_operation(spec, step.get("service", d.service), op,
                                                                                     step.get("params") or {}))
            for ref in _refs([step.get("params") or {}, step.get("credentials") or {}, step.get("request") or {}]) + _refs(
                    (step.get("expect") or {}).get("members") or []):
                try:
                    base, _ = split_transforms(ref)
                except ValueError as exc:
                    bad(f"step {op}: {exc}")
                    continue
                shift = _SHIFT.fullmatch(base)  # ${now + 1d}
                head = (shift.group(1) if shift else base).split(".", 1)[0]
                if head not in names and head != "steps" and not head.startswith("row."):
                    bad(f"step {op}: ${{{ref}}} names neither a setup output nor an earlier step")
            if step.get("paginate") and spec is not None and not _has_paginator(spec, d.service, op):
                bad(f"step {op}: paginate, but botocore has no paginator for {op}")
            if step.get("name"):
                names.add(step["name"])
        missing = sorted(set(called) - set(d.operations))
        if missing:
            bad(f"operations does not list {', '.join(missing)}, which its steps call")
    return decls, problems


_REF = re.compile(r"\$\{([^}]+)\}")
_SHIFT = re.compile(r"(.+?) ([+-]) (\d+)([smhd])")  # as engine.interpret.SHIFT


def _refs(value: Any) -> list[str]:
    if isinstance(value, str):
        return _REF.findall(value)
    if isinstance(value, dict):
        return [r for k, v in value.items() for r in _refs(k) + _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def _operation_names(spec: Any, service: str) -> set[str]:
    try:
        return set(spec.service(service).operation_names)
    except Exception:  # noqa: BLE001 - reported by _check_operation
        return set()


def _check_operation(spec: Any, service: str, op: str, params: dict) -> list[str]:
    try:
        svc = spec.service(service)
    except Exception:  # noqa: BLE001 - an unknown service is a problem to report, not a crash
        return [f"service {service!r} is not in botocore's models"]
    if op not in svc.operation_names:
        return [f"operation {op!r} is not an operation of {service}"]
    model = svc.model.operation_model(op)
    members = set(model.input_shape.members) if model.input_shape is not None else set()
    unknown = sorted(set(params) - members)
    return [f"step {op}: unknown parameter(s) {', '.join(unknown)}"] if unknown else []


_TRANSFORM = re.compile(r"(days|seconds) *(-?[0-9]+)|unquote")


def split_transforms(ref: str) -> tuple[str, list[str]]:
    """`<reference> ~ <transform> ~ ...` -> (reference, transforms); ValueError for an unknown one.
    Transforms: `days N` / `seconds N` (a date and time moved by N days or seconds, N may be
    negative), `unquote` (a string without its surrounding double quotes: an ETag as a bare hash)."""
    base, *rest = (part.strip() for part in ref.split("~"))
    for t in rest:
        if not _TRANSFORM.fullmatch(t):
            raise ValueError(f"${{{ref}}}: unknown transform {t!r} (days N, seconds N, unquote)")
    return base, rest


def apply_transform(value: Any, transform: str) -> Any:
    """One transform of split_transforms applied to a resolved value."""
    import datetime

    if transform == "unquote":
        return value.strip('"') if isinstance(value, str) else value
    unit, amount = _TRANSFORM.fullmatch(transform).groups()  # type: ignore[union-attr]
    when = datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
    return when + datetime.timedelta(**{unit: int(amount)})


def _has_paginator(spec: Any, service: str, op: str) -> bool:
    try:
        return op in spec.service(service).paginators
    except Exception:  # noqa: BLE001 - an unknown service is reported by _check_operation
        return True


def _has_bytes(value: Any) -> bool:
    if isinstance(value, (bytes, bytearray)):
        return True
    if isinstance(value, dict):
        return any(_has_bytes(v) for v in value.values())
    return isinstance(value, list) and any(_has_bytes(v) for v in value)


def _text(value: Any) -> Any:
    """bytes (also inside lists and maps) as text, losslessly (surrogateescape)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "surrogateescape")
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    return [_text(v) for v in value] if isinstance(value, list) else value


def member_problem(value: Any, member: dict) -> str | None:
    """Why `value` does not satisfy one member expectation, or None (also used offline). With
    `json: true` a text value (or each text of a list: SQS bodies) is first decoded as JSON (a policy
    document answered as a string); with `json: <JMESPath>` that expression is then applied to the
    decoded document. `length`: len() of the value (bytes, text, list, map); bytes, also inside lists
    and maps, are otherwise checked as UTF-8 text; `differs` / `excludes`: the value is not that value /
    does not contain it."""
    if member.get("json") and (isinstance(value, str) or (isinstance(value, list) and value
                                                          and all(isinstance(v, str) for v in value))):
        try:
            value = [json.loads(v) for v in value] if isinstance(value, list) else json.loads(value)
        except ValueError:
            return f"expected a JSON document, observed {value!r}"
        if isinstance(member["json"], str):
            value = jmespath.search(member["json"], value)
    if "length" in member and (not hasattr(value, "__len__") or len(value) != member["length"]):
        return f"expected length {member['length']}, observed {value!r}"
    if _has_bytes(value):  # lossless: equal texts are equal bytes (Records[].Data, a Plaintext)
        value = _text(value)
        member = {k: _text(v) for k, v in member.items()}
    if "excludes" in member and isinstance(value, (list, str, dict)) and member["excludes"] in value:
        return f"expected not to contain {member['excludes']!r}, observed {value!r}"
    if "equals" in member and value != member["equals"]:
        return f"expected {member['equals']!r}, observed {value!r}"
    if "differs" in member and value == member["differs"]:
        return f"expected a value other than {member['differs']!r}, observed {value!r}"
    if "one_of" in member and value not in member["one_of"]:
        return f"expected one of {member['one_of']!r}, observed {value!r}"
    if "same_items" in member and not _same_items(value, member["same_items"]):
        return f"expected the items {member['same_items']!r} in any order, observed {value!r}"
    if "pattern" in member and not (isinstance(value, str) and re.fullmatch(member["pattern"], value)):
        return f"expected a string matching {member['pattern']!r}, observed {value!r}"
    if "type" in member:
        kinds = _TYPES[member["type"]]
        if not isinstance(value, kinds) or (member["type"] in ("integer", "number") and isinstance(value, bool)):
            return f"expected a {member['type']}, observed {value!r}"
    if member.get("absent") and value is not None:
        return f"expected no value, observed {value!r}"
    if member.get("present") and value in (None, "", [], {}):
        return f"expected a value, observed {value!r}"
    if member.get("empty") and value not in (None, "", [], {}):
        return f"expected nothing (absent or empty), observed {value!r}"
    if "contains" in member and (not isinstance(value, (list, str, dict)) or member["contains"] not in value):
        return f"expected to contain {member['contains']!r}, observed {value!r}"
    if "from_now" in member:
        problem = _from_now_problem(value, member["from_now"])
        if problem:
            return problem
    if "order" in member:
        if not isinstance(value, list):
            return f"expected a list in {member['order']} order, observed {value!r}"
        try:
            want = sorted(value, reverse=member["order"] == "descending")
        except TypeError:
            return f"expected comparable items in {member['order']} order, observed {value!r}"
        if value != want:
            return f"expected {member['order']} order, observed {value!r}"
    return None


def _from_now_problem(value: Any, spec: dict) -> str | None:
    """`from_now: {seconds: N, within: S}`: the value is a time (a datetime or ISO 8601 text) about N
    seconds after the check, give or take S (default 300: clock skew). Credentials' Expiration."""
    want, within = spec["seconds"], spec.get("within", 300)
    when = value
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when.replace("Z", "+00:00"))
        except ValueError:
            when = None
    if not isinstance(when, datetime):
        return f"expected a time {want} s from now, observed {value!r}"
    left = ((when if when.tzinfo else when.replace(tzinfo=UTC)) - datetime.now(UTC)).total_seconds()
    if abs(left - want) > within:
        return f"expected a time {want} s from now (within {within} s), observed {value!r} ({left:.0f} s from now)"
    return None


def _same_items(value: Any, want: list) -> bool:
    """value is a list holding exactly want's items (with their counts), in any order."""
    if not isinstance(value, list) or len(value) != len(want):
        return False
    left = list(want)
    for item in value:
        if item not in left:
            return False
        left.remove(item)
    return True
