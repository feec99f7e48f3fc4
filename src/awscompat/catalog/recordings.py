"""`recorded:` expectations of case files, checked offline against the recorded AWS answers
(the aws-recorded reference set, `catalog.case.RECORDED_SOURCE`; the tests read a local copy): docs/cases.md, "Evidence".

Contract:
- `resolve(root, ref)` reads `<file>#<test key>/<step>` (the step is after the LAST `/`; test keys
  hold slashes) from `root/<file>` and returns the recorded answer, or raises LookupError naming
  what is missing.
- `view(answer, normalisers)` turns a recorded answer into what an expectation is compared with:
  status, error code, headers, members. Normalisers, applied in order (default `botocore`):
  `botocore` - the answer is a parsed botocore response: status from ResponseMetadata.HTTPStatusCode,
  code from Error.Code, members = the rest (Error included, as botocore parses it); `headers` - the
  answer is a filtered map of response headers (status unknown); `status-only-error` - an answer
  without a body (HEAD): the code botocore makes up from the status (Error.Code == "404") is no code.
- `disagreements(expect, view)` lists where a step's expectation says something the recording
  contradicts (an empty list means they agree). A value with a run-time reference (`${...}`) only
  requires the recorded member to be present (the recorder replaced it by a placeholder such as
  `<bucket-name:1>`); the status is compared only when the recording knows it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jmespath

from awscompat.catalog.casefile import member_problem

NORMALISERS = ("botocore", "headers", "status-only-error")
_REF = re.compile(r"\$\{[^}]+\}")


@dataclass
class View:
    status: int | None = None
    code: str | None = None
    is_error: bool | None = None
    headers: dict[str, Any] = field(default_factory=dict)
    members: dict[str, Any] = field(default_factory=dict)


@cache
def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def split_ref(ref: str) -> tuple[str, str, str]:
    """`<file>#<test key>/<step>` -> (file, test key, step). The test key (a pytest node id) holds
    slashes in its path, a step may hold them too (`copy-object-special-char-test key//`): the key
    ends at the first slash after its last `::` (and after its parameters' `]`)."""
    file, _, rest = ref.partition("#")
    tail = rest.rfind("::")
    if tail < 0:
        key, _, step = rest.rpartition("/")
        return file, key, step
    cut = rest.find("/", tail)
    bracket = rest.find("[", tail)
    if bracket >= 0 and (cut < 0 or bracket < cut):  # parameters may hold slashes: [a/b]
        cut = rest.find("/", rest.find("]", bracket))
    return (file, rest[:cut], rest[cut + 1:]) if cut >= 0 else (file, rest, "")


def resolve(root: Path, ref: str) -> Any:
    file, key, step = split_ref(ref)
    path = root / file
    if not path.is_file():
        raise LookupError(f"{ref}: no reference file {file} under {root}")
    data = _load(path)
    if key not in data:
        raise LookupError(f"{ref}: {file} has no test key {key}")
    content = data[key].get("recorded-content") or {}
    if step not in content:
        raise LookupError(f"{ref}: test {key} recorded no step {step!r} (it has {sorted(content)[:12]})")
    return content[step]


def view(answer: Any, normalisers: list[str] | tuple[str, ...] = ("botocore",)) -> View:
    out = View()
    for name in normalisers:
        if name == "botocore":
            meta = answer.get("ResponseMetadata") or {}
            out.status = meta.get("HTTPStatusCode")
            err = answer.get("Error")
            out.is_error = err is not None or (out.status is not None and out.status >= 300)
            out.code = (err or {}).get("Code")
            out.members = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
        elif name == "headers":
            out.headers = {k.lower(): v for k, v in answer.items()}
        elif name == "status-only-error":
            if out.code is not None and out.status is not None and out.code == str(out.status):
                out.code = None
        else:
            raise ValueError(f"unknown normaliser {name!r} (known: {', '.join(NORMALISERS)})")
    return out


def _listed(value: Any) -> tuple | None:
    if value is None or value is True:
        return None
    return tuple(value) if isinstance(value, list) else (value,)


def _has_ref(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_REF.search(value))
    if isinstance(value, dict):
        return any(_has_ref(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_ref(v) for v in value)
    return False


def disagreements(expect: dict, seen: View) -> list[str]:
    out: list[str] = []
    statuses = _listed(expect.get("status"))
    codes = _listed(expect.get("error"))
    wants_error = "error" in expect or any(s >= 300 for s in statuses or ())
    if statuses and seen.status is not None and seen.status not in statuses:
        out.append(f"status: the case expects {'/'.join(map(str, statuses))}, AWS answered {seen.status}")
    if seen.is_error is not None and wants_error != seen.is_error:
        out.append(f"the case expects {'an error' if wants_error else 'success'}, AWS answered "
                   f"{'an error' if seen.is_error else 'success'}")
    if codes and seen.code not in codes:
        out.append(f"error code: the case expects {' or '.join(codes)}, AWS answered {seen.code!r}")
    for member in expect.get("members") or ():
        if "header" in member:
            where, value = f"header {member['header']}", seen.headers.get(member["header"].lower())
            if not seen.headers:
                continue  # the recording kept no headers: it says nothing about this one
        elif "body" in member:
            where, value = "body", seen.members.get("Body")  # the recorder kept a payload as text
        elif "xml" in member:
            continue  # the recording is a parsed answer: it kept no XML body to read
        else:
            where, value = member["path"], None if _has_ref(member["path"]) else jmespath.search(
                member["path"], seen.members)
            if _has_ref(member["path"]):
                continue  # a path built from run-time values cannot be followed in a recording
        if any(_has_ref(v) for k, v in member.items() if k not in ("path", "header", "body")):
            if value is None:
                out.append(f"{where}: the case expects a value, the recording has none")
            continue
        problem = member_problem(value, member)
        if problem:
            out.append(f"{where}: {problem} (in the recording)")
    return out
