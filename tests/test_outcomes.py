"""engine/outcomes.py is the one module that decides outcomes, and spec/protocols.py the one that
knows protocols by name: checked over the source, and the rules that have no server behind them
(what a case's exception, a run's state and its counts mean) checked directly."""

from __future__ import annotations

import ast
from pathlib import Path

from botocore.exceptions import ClientError

from awscompat.engine import outcomes
from awscompat.engine.outcomes import ERROR, FAIL, PASS, SKIP, UNSUPPORTED, CheckFailed, HarnessError, Skipped
from awscompat.engine.sendable import NotSendable
from awscompat.engine.transport import TransportFault

SRC = Path(__file__).resolve().parents[1] / "src" / "awscompat"
# Case code (scenarios, case files) uses the checks' vocabulary; the engine and families do not decide.
CASE_CODE = ("scenarios", "cases", "advisor")
DECIDING = {"Unsupported", "HarnessError", "FixtureError", "Skipped", "CheckFailed"}
CODE_SETS = {"NOT_IMPLEMENTED_CODES", "THROTTLING_CODES", "ANY_NOT_IMPLEMENTED", "ANY_THROTTLING"}
PROTOCOL_NAMES = {"rest-xml", "rest-json", "json", "query", "ec2", "smithy-rpc-v2-cbor", "cbor"}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] not in CASE_CODE:
            yield rel.as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _names(node: ast.AST) -> set[str]:
    return {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node)
            if isinstance(n, ast.Name | ast.Attribute)}


# The exceptions: the checks' vocabulary (ctx.fail, ctx.skip: a case's own judgement); a body read
# past the total deadline, met outside any call (bodies.py); the retry discipline, which decides
# what is tried again, not what an answer means (transport.py Reply.transient).
ALLOWED = {("engine/context.py", "CheckFailed"), ("engine/context.py", "Skipped"), ("engine/bodies.py", "HarnessError"),
           ("engine/transport.py", "THROTTLING_CODES")}


def test_only_outcomes_decides():
    """Outside engine/outcomes.py no module builds a deciding signal or tests a code against the
    not-implemented / throttling sets (but ALLOWED)."""
    found = []
    for rel, tree in _modules():
        if rel == "engine/outcomes.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in DECIDING:
                if (rel, node.func.id) not in ALLOWED:
                    found.append(f"{rel}:{node.lineno} {node.func.id}(...)")
            if isinstance(node, ast.Compare):
                found += [f"{rel}:{node.lineno} compares with {name}" for name in sorted(_names(node) & CODE_SETS)
                          if (rel, name) not in ALLOWED]
    assert found == []


def test_no_branch_on_protocol_names():
    """Outside spec/protocols.py nothing compares a protocol with a protocol's name."""
    found = []
    for rel, tree in _modules():
        if rel == "spec/protocols.py":
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            if not any("protocol" in name or name == "proto" for name in _names(node)):
                continue
            literals = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
            if literals & PROTOCOL_NAMES or any("cbor" in v or "json" in v for v in literals):
                found.append(f"{rel}:{node.lineno}")
    assert found == []


def _client_error(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}},
                       "Op")


def test_exceptions_from_case_code():
    assert outcomes.from_exception(CheckFailed("x", expected=1, observed=2)) == (FAIL, "x", None, 1, 2)
    assert outcomes.from_exception(Skipped("why")).outcome == SKIP
    assert outcomes.from_exception(_client_error("NoSuchKey", 404)).outcome == FAIL
    assert outcomes.from_exception(_client_error("InvalidAction", 400)).outcome == UNSUPPORTED
    assert outcomes.from_exception(_client_error("X", 501)).outcome == UNSUPPORTED
    assert outcomes.from_exception(_client_error("SlowDown", 503)).outcome == ERROR
    assert outcomes.from_exception(_client_error("ThrottlingException", 400)).outcome == ERROR
    assert outcomes.from_exception(NotSendable("elsewhere")) == (SKIP, "elsewhere", None, None, None)
    decided = outcomes.from_exception(KeyError("bug"), last="ex")
    assert decided.outcome == ERROR and decided.message == "harness error: KeyError: 'bug'" and decided.exchange == "ex"


def test_cases_not_run_in_rule_order():
    assert outcomes.not_run() is None
    assert outcomes.not_run(budget_spent=True, budget=5, read_only=True, mutating=True).outcome == ERROR
    assert outcomes.not_run(client="awscli", case_id="s3/scenario/cli/awscli-cp") is None
    assert outcomes.not_run(client="awscli", case_id="s3/PutObject/recognised").outcome == SKIP
    assert outcomes.not_run(client="js-v3", cannot_express="raw").outcome == SKIP
    assert outcomes.not_run(client="botocore", cannot_express="raw") is None
    assert outcomes.not_run(read_only=True, mutating=False) is None
    assert outcomes.not_run(read_only=True, mutating=True, preflight="down").outcome == SKIP
    assert outcomes.not_run(preflight="down") == (ERROR, "preflight: down", None, None, None)


def test_run_state():
    assert outcomes.exit_code({PASS: 3, SKIP: 1}, incomplete=False, interrupted=False) == 0
    assert outcomes.exit_code({PASS: 3, UNSUPPORTED: 1}, incomplete=False, interrupted=False) == 1
    assert outcomes.exit_code({FAIL: 1}, incomplete=True, interrupted=False) == 3
    assert outcomes.exit_code({}, incomplete=False, interrupted=True) == 3
    assert outcomes.incomplete({ERROR: 1}) and not outcomes.incomplete({FAIL: 2, SKIP: 1})
    assert outcomes.flaky([FAIL, PASS]) and not outcomes.flaky([FAIL, FAIL])
    assert set(outcomes.RERUN) == set(outcomes.OUTCOMES) - {PASS, SKIP}
    assert set(outcomes.JUDGED) == {PASS, FAIL, UNSUPPORTED} and set(outcomes.AGAINST) == {FAIL, UNSUPPORTED}


def test_fixture_and_fault_signals():
    err = HarnessError("timeout: slow", exchange="ex")
    signal = outcomes.fixture("CreateBucket", error=err)
    assert signal.outcome == ERROR and signal.message == "setup CreateBucket failed: timeout: slow"
    assert outcomes.transport_fault(TransportFault("not-sendable", "the SDK refuses", None)).outcome == SKIP
    refused = outcomes.transport_fault(TransportFault("connection-refused", "port closed", None))
    assert refused.outcome == ERROR and refused.message == "connection-refused: port closed"
    assert outcomes.expects_not_implemented(("NotImplemented",), None)
    assert outcomes.expects_not_implemented(None, (501,))
    assert not outcomes.expects_not_implemented(("NoSuchKey",), (404,))
    assert outcomes.not_implemented(501, "") and outcomes.not_implemented(400, "UnknownOperationException")
    assert outcomes.inconclusive(503, "", "") and outcomes.inconclusive(400, "Throttling", "")
    assert not outcomes.inconclusive(500, "InternalError", "")
