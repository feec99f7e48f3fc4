"""AWS-authored sources of truth: the smoke tests of AWS's Smithy models (families/smoke.py)
and the Smithy protocol compliance tests mapped onto real operations (families/smithy.py, tested in
tests/test_smithy_protocol_tests.py):
the vendored data keeps its source, every case maps onto a real operation, and the cases run
against moto with the outcomes moto earns."""

from __future__ import annotations

import json
import re
from pathlib import Path

from awscompat.catalog import Selection, build_catalog
from awscompat.families.smoke import smoke_data
from awscompat.spec import get_spec
from clirun import awscompat, cli_env, read_results


def test_smoke_data_names_its_source_and_licence() -> None:
    data = smoke_data()
    source = data["source"]
    assert source["repo"] == "https://github.com/aws/api-models-aws"
    assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    assert source["licence"].startswith("Apache-2.0")
    assert len(data["tests"]) >= 130
    assert len({t["service"] for t in data["tests"]}) >= 80


def test_every_smoke_case_is_a_real_operation_and_cites_the_model() -> None:
    cases = list(build_catalog(Selection(families=["smoke"])))
    spec = get_spec()
    assert len(cases) >= 130
    for case in cases:
        assert case.id == f"{case.service}/{case.operations[0]}/smoke/{case.provenance.key}"
        assert case.operations[0] in spec.service(case.service).operation_names
        assert case.provenance.kind == "aws-smoke-test"
        assert case.provenance.ref.startswith("aws/api-models-aws@") and "#com.amazonaws." in case.provenance.ref
    by_id = {c.id: c for c in cases}
    # An expectation of an authorization error depends on the smoke tests' own account: advisory.
    assert by_id["s3tables/GetTable/smoke/GetTable_AccessDeniedException"].severity == "advisory"
    assert by_id["iam/GetUser/smoke/GetUserFailure"].severity == "required"


def test_smoke_cases_on_moto(moto_server, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    res = awscompat("run", "--endpoint", moto_server.url, "--family", "smoke", "-s", "iam", "-s", "kinesis",
                    "-s", "secretsmanager", "-s", "logs", "-s", "events", "-s", "dynamodb", "-s", "sns",
                    "-s", "s3tables", "--out", str(out), env=cli_env(home), cwd=tmp_path)
    assert res.code in (0, 1), res
    results = {r["id"]: r for r in read_results(out)}
    assert len(results) == 18, res
    passing = {i for i, r in results.items() if r["outcome"] == "pass"}
    # moto answers these as AWS's own smoke tests expect (success, or a 4xx error envelope) ...
    assert {"iam/GetUser/smoke/GetUserFailure", "iam/ListUsers/smoke/ListUsersSuccess",
            "kinesis/DescribeStream/smoke/DescribeStreamFailure", "sns/ListTopics/smoke/ListTopicsSuccess",
            "secretsmanager/DescribeSecret/smoke/DescribeSecretFailure",
            "dynamodb/ListTables/smoke/ListTablesSuccess"} <= passing, res
    # ... but answers NotFoundException where AWS's test account gets AccessDeniedException.
    denied = results["s3tables/GetTable/smoke/GetTable_AccessDeniedException"]
    assert denied["outcome"] == "fail" and "NotFoundException" in denied["message"], denied
    assert denied["provenance"]["kind"] == "aws-smoke-test"
    assert json.loads((out / "run.json").read_text())["counts"]["pass"] >= 12
