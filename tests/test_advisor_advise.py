"""`awscompat advise`: a footprint against providers' results (run folders, or the compatibility
service's API): the table per provider, the verdicts, the failing cases with their evidence, the
Markdown and JSON outputs, and the exit code."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from awscompat.advisor import providers as providers_module
from awscompat.advisor.advise import CAN_MOVE, CANNOT_MOVE, CAVEATS, Criteria, advise, to_json
from awscompat.advisor.footprint import Footprint
from awscompat.advisor.markdown import render_markdown
from awscompat.advisor.providers import ProviderError, default_name, from_run_folder, from_service
from awscompat.spec import get_spec
from clirun import awscompat, cli_env


def cmd_env(home: Path) -> dict[str, str]:
    """The command's environment, sharing this process's model cache (with a fresh HOME the
    first footprint would parse every botocore model from JSON)."""
    cache = get_spec().cache_dir
    return cli_env(home, **({"AWSCOMPAT_CACHE": str(cache.parent)} if cache else {}))


EVIDENCE = {"operation": "s3:PutObject", "request": {"method": "PUT", "url": "http://127.0.0.1:1/b/k"},
            "response": {"status": 500, "body": "<html>boom</html>"}, "expected": "2xx", "observed": "HTTP 500",
            "reproduce": {"boto3": "boto3.client('s3').put_object(Bucket='b', Key='k')"}}


def make_footprint(path: Path) -> Path:
    fp = Footprint(["app.py"])
    where = {"source": "python", "file": "app.py", "line": 3, "call": "x()"}
    fp.add("s3", "PutObject", confidence="high", where=where)
    fp.add("s3", "GetObject", confidence="high", where={**where, "line": 4})
    fp.add("sqs", "SendMessage", confidence="medium", where={**where, "line": 5})
    fp.add("s3", "UploadPart", confidence="low", where={**where, "line": 3})
    fp.add("sns", "Publish", confidence="medium", usage="permitted",
           where={"source": "iam-policy", "file": "p.json", "statement": 0, "action": "sns:Publish"})
    fp.write(path)
    return path


def case(cid: str, outcome: str, op: str, severity: str = "required", service: str = "s3", **extra) -> dict:
    return {"id": cid, "outcome": outcome, "service": service, "operations": [op], "family": cid.split("/")[-1],
            "feature": f"{service}/contract", "severity": severity, "provenance": {"kind": "model", "ref": "m"},
            "message": extra.pop("message", ""), "evidence": extra.pop("evidence", None), **extra}


PROVIDERS = {
    "good": ("good", [case("s3/PutObject/recognised", "pass", "PutObject"),
                      case("s3/scenario/x/put", "pass", "PutObject"),
                      case("s3/GetObject/recognised", "pass", "GetObject"),
                      case("sqs/SendMessage/recognised", "pass", "SendMessage", service="sqs"),
                      case("s3/ListBuckets/recognised", "fail", "ListBuckets")]),  # not used: ignored
    "caveats": ("caveats", [case("s3/PutObject/recognised", "pass", "PutObject"),
                            case("s3/GetObject/recognised", "pass", "GetObject"),
                            case("s3/GetObject/not-found", "fail", "GetObject", "advisory", message="wrong code")]),
    "bad": ("custom", [case("s3/PutObject/recognised", "fail", "PutObject", message="server error: HTTP 500",
                            evidence=EVIDENCE),
                       case("s3/GetObject/recognised", "pass", "GetObject"),
                       case("sqs/SendMessage/recognised", "unsupported", "SendMessage", service="sqs",
                            message="not implemented"),
                       case("sqs/SendMessage/envelope", "skip", "SendMessage", service="sqs")]),
    "flaky": ("flaky", [case("s3/PutObject/recognised", "pass", "PutObject"),
                        case("s3/PutObject/envelope", "error", "PutObject"),
                        case("s3/GetObject/recognised", "pass", "GetObject"),
                        case("sqs/SendMessage/recognised", "pass", "SendMessage", service="sqs")]),
}


def make_run(root: Path, key: str) -> Path:
    target_name, results = PROVIDERS[key]
    folder = root / key
    folder.mkdir(parents=True)
    meta = {"run_id": f"run-{key}", "target": {"name": target_name, "endpoint": f"http://127.0.0.1:{4000 + len(key)}",
                                               "region": "us-east-1"},
            "status": "complete", "finished": "2026-11-22T00:00:00+00:00", "cases": len(results)}
    (folder / "run.json").write_text(json.dumps(meta))
    (folder / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in results))
    return folder


@pytest.fixture
def runs(tmp_path: Path) -> dict[str, Path]:
    return {key: make_run(tmp_path / "runs", key) for key in PROVIDERS}


def test_verdicts_and_counts(tmp_path: Path, runs: dict[str, Path]) -> None:
    fp = Footprint.load(make_footprint(tmp_path / "fp.json"))
    wanted = set(fp.operations(include_permitted=True))
    providers = [from_run_folder(f"{k}={v}", wanted) for k, v in runs.items()]
    advice = advise(fp, "fp.json", providers, Criteria())
    got = {p.provider.name: (p.verdict, p.counts) for p in advice.providers}
    base = {"pass": 0, "fail-required": 0, "fail-advisory": 0, "incomplete": 0, "untested": 0}
    assert got == {
        "good": (CAN_MOVE, {"used": 3, **base, "pass": 3}),
        "caveats": (CAVEATS, {"used": 3, **base, "pass": 1, "fail-advisory": 1, "untested": 1}),
        "bad": (CANNOT_MOVE, {"used": 3, **base, "pass": 1, "fail-required": 2}),
        "flaky": (CAVEATS, {"used": 3, **base, "pass": 2, "incomplete": 1}),
    }
    # judged: used operations of confidence >= medium; UploadPart (low) and sns.Publish (permitted) left out
    assert advice.left_out == {"confidence below medium": 1, "permitted only": 1}
    bad = advice.provider("bad")
    assert bad is not None
    assert [f["id"] for o in bad.operations for f in o.failures] == ["s3/PutObject/recognised",
                                                                     "sqs/SendMessage/recognised"]
    caveats = advice.provider("caveats")
    assert caveats is not None and "services not in the run at all: sqs" in " ".join(caveats.reasons)
    wider = advise(fp, "fp.json", providers, Criteria(min_confidence="low", include_permitted=True))
    assert [o.name for o in wider.providers[0].operations] == ["s3.GetObject", "s3.PutObject", "s3.UploadPart",
                                                                "sns.Publish", "sqs.SendMessage"]
    assert wider.provider("good").verdict == CAVEATS  # UploadPart and Publish have no case there


def test_markdown_and_json(tmp_path: Path, runs: dict[str, Path]) -> None:
    fp = Footprint.load(make_footprint(tmp_path / "fp.json"))
    wanted = set(fp.operations(include_permitted=True))
    advice = advise(fp, "fp.json", [from_run_folder(str(runs["bad"]), wanted)], Criteria())
    md = render_markdown(advice, command="awscompat advise fp.json --results runs/bad")
    assert "| 127.0.0.1:4003 | **cannot move** | 3 | 1 | 2 | 0 | 0 | 0 |" in md  # "custom": named host:port
    assert "#### `s3.PutObject` (**FAIL (required)**)" in md
    assert "- `s3/PutObject/recognised` **fail** (required, s3/contract): server error: HTTP 500" in md
    assert "  - request: `PUT http://127.0.0.1:1/b/k`" in md
    assert "  - answer: HTTP 500 `<html>boom</html>`" in md
    assert "  - expected `2xx`, observed `HTTP 500`" in md
    assert "  - reproduce: `boto3.client('s3').put_object(Bucket='b', Key='k')`" in md
    assert "| `s3.PutObject` | used | high | app.py:3 | 1 fail | **FAIL (required)** |" in md
    data = to_json(advice, {"provider": "127.0.0.1:4003", "verdict": CANNOT_MOVE, "exit_code": 1})
    json.dumps(data)
    (p,) = data["providers"]
    assert p["verdict"] == CANNOT_MOVE and p["run_id"] == "run-bad"
    assert [c["id"] for c in p["failing_cases"]] == ["s3/PutObject/recognised", "sqs/SendMessage/recognised"]
    assert p["failing_cases"][0]["evidence"] == EVIDENCE
    assert {o["operation"]: o["cases"] for o in p["operations"]} == {
        "GetObject": {"pass": 1}, "PutObject": {"fail": 1}, "SendMessage": {"skip": 1, "unsupported": 1}}


def test_default_names() -> None:
    assert default_name({"target": {"name": "moto", "endpoint": "http://127.0.0.1:5000"}}, "x") == "moto"
    assert default_name({"target": {"name": "custom", "endpoint": "http://10.0.0.5:4566/"}}, "x") == "10.0.0.5:4566"
    assert default_name({"target": {"name": "custom", "endpoint": None}}, "folder") == "folder"


def test_cli_exit_codes(tmp_path: Path, home: Path, runs: dict[str, Path]) -> None:
    fp = make_footprint(tmp_path / "fp.json")
    env = cmd_env(home)
    every = [a for k, v in runs.items() for a in ("--results", f"{k}={v}")]
    res = awscompat("advise", str(fp), *every, "--provider", "bad", "--json", str(tmp_path / "a.json"),
                    "--markdown", str(tmp_path / "a.md"), env=env, cwd=tmp_path)
    assert res.code == 1, res
    assert "bad: cannot move (exit 1)" in res.stderr
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["gate"] == {"provider": "bad", "verdict": CANNOT_MOVE, "fail_on": "cannot", "exit_code": 1}
    assert [p["verdict"] for p in data["providers"]] == [CAN_MOVE, CAVEATS, CANNOT_MOVE, CAVEATS]
    assert (tmp_path / "a.md").read_text().startswith("# Portability advice")
    res = awscompat("advise", str(fp), *every, "--provider", "caveats", env=env, cwd=tmp_path)
    assert res.code == 0 and "| caveats | **can move with caveats** |" in res.stdout, res
    res = awscompat("advise", str(fp), "--results", str(runs["caveats"]), "--fail-on", "caveats",
                    env=env, cwd=tmp_path)
    assert res.code == 1, res  # one provider gates by default
    res = awscompat("advise", str(fp), *every, env=env, cwd=tmp_path)
    assert res.code == 0, res  # several providers and no --provider: report only


def test_cli_usage_errors(tmp_path: Path, home: Path, runs: dict[str, Path]) -> None:
    fp = make_footprint(tmp_path / "fp.json")
    env = cmd_env(home)
    (tmp_path / "not-fp.json").write_text('{"Records": []}')
    cases = [
        ((str(fp),), "--results [NAME=]DIR"),
        ((str(fp), "--results", str(tmp_path)), "is not a run folder"),
        ((str(tmp_path / "not-fp.json"), "--results", str(runs["good"])), "not a footprint"),
        ((str(fp), "--results", str(runs["good"]), "--provider", "nope"), "--provider 'nope' is none of: good"),
        ((str(fp), "--service-url", "ftp://x"), "must be an http(s) URL"),
    ]
    for args, message in cases:
        res = awscompat("advise", *args, env=env, cwd=tmp_path)
        assert res.code == 2 and message in res.stderr, res


@pytest.fixture
def service(runs: dict[str, Path]) -> Iterator[str]:
    """A stand-in for the compatibility service (`awscompat serve`), answering the requests the
    advisor makes with the shapes of its API (schemas.ProviderOut, RunsPage, ResultsPage)."""
    def rows(key: str, service: str) -> list[dict]:
        return [{"case_id": r["id"], "outcome": r["outcome"], "duration_ms": 1.0, "service": r["service"],
                 "feature": r["feature"], "severity": r["severity"], "family": r["family"],
                 "message": r["message"], "evidence": r["evidence"]}
                for r in PROVIDERS[key][1] if r["service"] == service]

    def target(name: str) -> dict:
        return {"id": 1, "provider": "p", "name": name, "endpoint": f"http://10.0.0.1:{len(name)}",
                "region": "us-east-1", "profiles": []}

    providers = [{"name": "good", "title": "Good", "targets": [target("main")]},
                 {"name": "bad", "title": "Bad", "targets": [target("main"), target("edge")]},
                 {"name": "new", "title": "No run yet", "targets": [target("main")]}]
    runs_of = {"good": [{"id": 12, "target": "main", "incomplete": False, "finished_at": "2026-11-22T01:00:00"},
                        {"id": 3, "target": "main", "incomplete": False, "finished_at": "2026-11-21T01:00:00"}],
               "bad": [{"id": 14, "target": "edge", "incomplete": True, "finished_at": "2026-11-22T02:00:00"},
                       {"id": 13, "target": "main", "incomplete": False, "finished_at": "2026-11-22T01:30:00"}],
               "new": []}
    keys = {12: "good", 3: "bad", 13: "bad", 14: "good"}

    class Api(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            body: object = None
            if url.path == "/api/v1/providers":
                body = providers
            elif url.path == "/api/v1/runs" and q.get("status") == "finished":
                items = runs_of.get(q.get("provider", ""), [])
                body = {"total": len(items), "limit": int(q["limit"]), "offset": 0, "items": items}
            elif url.path.startswith("/api/v1/runs/") and url.path.endswith("/results"):
                every = rows(keys[int(url.path.split("/")[4])], q["service"])
                start, limit = int(q.get("offset", 0)), int(q["limit"])
                body = {"total": len(every), "limit": limit, "offset": start, "items": every[start:start + limit]}
            data = json.dumps(body).encode() if body is not None else b'{"detail": "Not Found"}'
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_service_url(tmp_path: Path, service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(providers_module, "PAGE", 1)  # one result per page: the paging is followed
    fp = Footprint.load(make_footprint(tmp_path / "fp.json"))
    providers = from_service(service + "/", set(fp.operations(include_permitted=True)))
    assert [(p.name, p.source, p.meta["status"]) for p in providers] == [
        ("good", f"{service}/api/v1/runs/12", "complete"),  # the newest finished run of each target
        ("bad/edge", f"{service}/api/v1/runs/14", "incomplete"),
        ("bad/main", f"{service}/api/v1/runs/13", "complete")]
    good = providers[0]
    # the service's results name no operations: the catalog's, by case id (or the contract id)
    assert sorted((r["id"], tuple(r["operations"])) for r in good.results) == [
        ("s3/GetObject/recognised", ("GetObject",)), ("s3/PutObject/recognised", ("PutObject",)),
        ("sqs/SendMessage/recognised", ("SendMessage",))]
    advice = advise(fp, "fp.json", providers, Criteria())
    assert [p.verdict for p in advice.providers] == [CAN_MOVE, CAVEATS, CANNOT_MOVE]
    assert "the run is incomplete: results may be missing" in advice.providers[1].reasons


def test_service_url_errors(tmp_path: Path, service: str) -> None:
    with pytest.raises(ProviderError, match="HTTP 404"):
        from_service(service + "/nothing-here", {("s3", "PutObject")})
    with pytest.raises(ProviderError, match="must be an http"):
        from_service("file:///etc/passwd", {("s3", "PutObject")})
