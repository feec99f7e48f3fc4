"""`awscompat footprint PATH...`: walk the inputs, tell each file's kind from its name and
content (Python, JavaScript/TypeScript, Terraform HCL; JSON/YAML: CloudTrail, IAM policy,
CloudFormation or SAM template, Terraform plan/state, state machine definition), hand it to its
source module, and merge everything into one Footprint. A file that
cannot be read (not UTF-8, binary, truncated, unknown YAML tag...) becomes a problem with its
reason; the rest is still read. Python files are analysed in worker processes when there are many.
"""

from __future__ import annotations

import ast
import gzip
import io
import json
import os
import tokenize
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from awscompat.advisor import cfn, cloudtrail, iampolicy, integrations, sam, terraform
from awscompat.advisor.footprint import Footprint
from awscompat.advisor.jssource import JS_SUFFIXES, js_file
from awscompat.advisor.names import Names, get_names
from awscompat.advisor.pysource import analyze_python

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox",
             ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs"}
PY_SUFFIXES = (".py",)
JSON_SUFFIXES = (".json", ".json.gz", ".gz", ".tfstate")
YAML_SUFFIXES = (".yaml", ".yml", ".template")
PARALLEL_MIN_FILES = 200
# A module that names none of these (boto3, botocore, aiobotocore, aioboto3, mypy_boto3_*,
# types_aiobotocore_*) cannot create a client, and clients are not followed across modules: such
# a file cannot add to the footprint and is not parsed (with parse_all: parsed, to report syntax
# errors in every file).
SDK_MARKERS = (b"boto",)
CHUNK = 64
OTHER_SUFFIXES = (".tf",)
# the settings files of a JavaScript/TypeScript or CDK project, met in every such folder: counted,
# not read (they name no AWS call; read as JSON they would each be a problem)
TOOL_JSON = {"package.json", "package-lock.json", "jsconfig.json", "cdk.json", "cdk.context.json",
             "tslint.json", ".eslintrc.json", "lerna.json", "nx.json", "turbo.json", "deno.json"}


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named explicitly) for each input; directories are walked (sorted, skipping
    virtualenvs, caches and VCS folders)."""
    for root in paths:
        if root.is_file():
            yield root, True
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.endswith(PY_SUFFIXES + JSON_SUFFIXES + YAML_SUFFIXES + JS_SUFFIXES + OTHER_SUFFIXES) \
                        and not name.endswith(".d.ts"):
                    yield path, False


def build_footprint(paths: list[Path], *, jobs: int | None = None, names: Names | None = None,
                    parse_all: bool = False) -> Footprint:
    names = names or get_names()
    fp = Footprint([str(p) for p in paths])
    python: list[str] = []
    for path, explicit in iter_files(paths):
        shown = str(path)
        if path.name.endswith(PY_SUFFIXES):
            python.append(shown)
        elif not explicit and (path.name in TOOL_JSON or path.name.startswith("tsconfig.")):
            fp.files["JavaScript tool settings (package.json, tsconfig.json...)"] += 1  # not read
        elif path.name.endswith(JSON_SUFFIXES):
            _json_file(path, shown, fp, names)
        elif path.name.endswith(YAML_SUFFIXES):
            _yaml_file(path, shown, fp, names)
        elif path.name.endswith(OTHER_SUFFIXES):
            if (text := _read_text(path, shown, fp)) is not None:
                terraform.extract_hcl(text, shown, fp, names)
                integrations.scan(text, shown, fp)
        elif path.name.endswith(JS_SUFFIXES):
            result = js_file(shown)
            _merge_source(result, fp, "javascript")
            if "problem" not in result:
                integrations.scan(Path(shown).read_text("utf-8", errors="replace"), shown, fp)
        elif explicit:
            _sniff(path, shown, fp, names)
    for result in _python_results(python, jobs, parse_all):
        _merge_python(result, fp)
    return fp


# -- Python ----------------------------------------------------------------------------------------
def python_file(path: str, parse_all: bool = False) -> dict[str, Any]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return {"file": path, "problem": f"cannot read: {exc.strerror or exc}"}
    if b"\0" in raw[:8192]:
        return {"file": path, "problem": "binary file (NUL bytes), not Python source"}
    try:
        if not any(marker in raw for marker in SDK_MARKERS):
            if parse_all:
                ast.parse(raw, filename=path)
            return {"file": path, "sightings": [], "unresolved": [], "sdk": False}
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        result = analyze_python(raw.decode(encoding), path)
    except SyntaxError as exc:
        return {"file": path, "problem": f"Python syntax error at line {exc.lineno}: {exc.msg}"}
    except (LookupError, UnicodeDecodeError) as exc:
        return {"file": path, "problem": f"not decodable Python source: {exc}"}
    except (ValueError, RecursionError) as exc:
        return {"file": path, "problem": f"cannot parse Python: {exc}"}
    return {"file": path, "sightings": result.sightings, "unresolved": result.unresolved, "sdk": True}


def _python_chunk(paths: list[str], parse_all: bool) -> list[dict[str, Any]]:
    return [python_file(p, parse_all) for p in paths]


def _python_results(paths: list[str], jobs: int | None, parse_all: bool) -> Iterator[dict[str, Any]]:
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(paths) < PARALLEL_MIN_FILES:
        yield from (python_file(p, parse_all) for p in paths)
        return
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in pool.map(_python_chunk, chunks, [parse_all] * len(chunks)):
            yield from chunk


def _merge_python(result: dict[str, Any], fp: Footprint) -> None:
    _merge_source(result, fp, "python")


def _merge_source(result: dict[str, Any], fp: Footprint, kind: str) -> None:
    if "problem" in result:
        fp.problem(result["file"], result["problem"])
        return
    if kind == "javascript" and result["file"].endswith(("ts", "tsx")):
        kind = "typescript"
    fp.files[kind if result["sdk"] else f"{kind} without SDK use"] += 1
    for s in result["sightings"]:
        fp.add(s["service"], s["operation"], confidence=s["confidence"], where=s["where"])
    fp.unresolved.extend(result["unresolved"])


# -- JSON and YAML ---------------------------------------------------------------------------------
def _read_text(path: Path, shown: str, fp: Footprint) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        fp.problem(shown, f"cannot read: {exc.strerror or exc}")
        return None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            fp.problem(shown, f"truncated or corrupt gzip: {exc}")
            return None
    if b"\0" in raw[:8192]:
        fp.problem(shown, "binary file (NUL bytes), not JSON or YAML")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fp.problem(shown, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None


def _json_file(path: Path, shown: str, fp: Footprint, names: Names) -> None:
    text = _read_text(path, shown, fp)
    if text is None:
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        end = " (truncated?)" if not text.rstrip().endswith(("}", "]")) else ""
        fp.problem(shown, f"not valid JSON{end}: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    _dispatch(doc, text, shown, fp, names, is_yaml=False)


def _yaml_file(path: Path, shown: str, fp: Footprint, names: Names) -> None:
    text = _read_text(path, shown, fp)
    if text is None:
        return
    try:
        doc, lines = cfn.load_yaml(text)
    except yaml.YAMLError as exc:
        fp.problem(shown, f"not readable YAML: {_yaml_reason(exc)}")
        return
    _dispatch(doc, text, shown, fp, names, is_yaml=True, lines=lines)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    where = f" at line {mark.line + 1}" if mark is not None else ""
    return f"{problem}{where}".replace("could not determine a constructor for the tag", "unknown tag")


def _dispatch(doc: Any, text: str, shown: str, fp: Footprint, names: Names, *, is_yaml: bool,
              lines: dict[str, int] | None = None) -> None:
    if terraform.is_terraform_json(doc):
        terraform.extract_json(doc, text, shown, fp, names)
    elif cloudtrail.is_cloudtrail(doc):
        cloudtrail.extract_cloudtrail(doc, shown, fp, names)
    elif cloudtrail.is_digest(doc):
        fp.files["cloudtrail digests (no calls)"] += 1
    elif (policy := iampolicy.policy_document(doc)) is not None:
        iampolicy.extract_policy(policy, shown, fp, names)
    elif cfn.is_template(doc):
        if lines is None:
            lines = cfn.json_lines(text, list(doc["Resources"]))
        if sam.is_sam(doc):
            sam.extract_sam(doc, lines, shown, fp, names)
        else:
            cfn.extract_template(doc, lines, shown, fp, names)
        integrations.scan(text, shown, fp)  # state machine definitions inside the template
    elif integrations.is_state_machine(doc):
        fp.files["state machine definitions"] += 1
        integrations.scan(text, shown, fp)
    elif "cdk.out" in Path(shown).parts and not is_yaml:
        fp.files["cdk.out files that are not templates"] += 1  # manifest.json, tree.json, *.assets.json
    else:
        kind = "YAML" if is_yaml else "JSON"
        fp.problem(shown, f"{kind} that is not a CloudTrail log (no Records array), an IAM policy (no Statement), "
                          "a CloudFormation template (no Resources), a Terraform plan or state, or a state machine "
                          "definition (no States)")


def _sniff(path: Path, shown: str, fp: Footprint, names: Names) -> None:
    text = _read_text(path, shown, fp)
    if text is None:
        return
    if text.lstrip().startswith(("{", "[")):
        _json_file(path, shown, fp, names)
    else:
        _yaml_file(path, shown, fp, names)
