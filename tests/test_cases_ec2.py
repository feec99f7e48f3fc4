"""EC2 behaviour cases as data (docs/cases.md): a step whose call creates something goes through the
service's sender (engine.interpret.sender; scenarios/ec2/_recipes.py), so the resource it creates
is ledgered before the call, carries the run's Name tag, and is removed at teardown, whatever the
step's expectation says; the EC2 recipes set up what the cases name. Against a real moto server."""

from __future__ import annotations

import json
from pathlib import Path

import botocore.session

import awscompat.scenarios._cases  # noqa: F401 - registers the recipes and senders
from awscompat.catalog.casefile import check_case_file
from awscompat.engine.interpret import SENDERS, known_recipes
from awscompat.scenarios._cases import to_case
from awscompat.spec import Spec
from test_cases_data import _run as run_cases

CASES = """\
service: ec2
feature: ec2/vpc
cases:
  - id: ec2/scenario/vpc/data-create-under-test
    summary: CreateVpc as the step under test; its VPC is removed at teardown.
    operations: [CreateVpc, DescribeVpcs]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html"}
    steps:
      - name: made
        call: CreateVpc
        params: {CidrBlock: 10.9.0.0/16}
        expect:
          members: [{path: Vpc.CidrBlock, equals: 10.9.0.0/16}]
      - call: DescribeVpcs
        params: {VpcIds: ["${steps.made.Vpc.VpcId}"]}
        expect:
          eventually: 10
          members: [{path: "Vpcs[0].Tags[?Key=='Name'] | [0].Value", pattern: "awscompat-.*"}]
  - id: ec2/scenario/vpc/data-create-judged-wrong
    summary: The step's create succeeds but the expectation wants an error; still removed at teardown.
    operations: [CreateVpc]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html"}
    steps:
      - call: CreateVpc
        params: {CidrBlock: 10.8.0.0/16}
        expect: {status: 400, error: InvalidVpc.Range}
  - id: ec2/scenario/vpc/data-recipes
    summary: The vpc, subnet and internet-gateway recipes set up what a step then reads.
    operations: [DescribeInternetGateways]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInternetGateways.html"}
    setup:
      - {recipe: vpc, as: vpc, with: {cidr: 10.7.0.0/16}}
      - {recipe: subnet, as: subnet, with: {vpc: "${vpc}", cidr: 10.7.1.0/24}}
      - {recipe: internet-gateway, as: igw, with: {vpc: "${vpc}"}}
    steps:
      - call: DescribeInternetGateways
        params: {Filters: [{Name: attachment.vpc-id, Values: ["${vpc}"]}]}
        expect:
          members: [{path: "InternetGateways[].InternetGatewayId", equals: ["${igw}"]}]
"""


def test_create_steps_are_ledgered_and_removed(moto_server, tmp_path):
    path = tmp_path / "ec2.yaml"
    path.write_text(CASES)
    decls, problems = check_case_file(path, known_recipes(), Spec())
    assert problems == []
    assert ("ec2", "CreateVpc") in SENDERS
    results = run_cases([to_case(d) for d in decls], moto_server.url, tmp_path / "run")  # asserts no leftovers
    assert {k: r["outcome"] for k, r in results.items()} == {
        "ec2/scenario/vpc/data-create-under-test": "pass",
        "ec2/scenario/vpc/data-create-judged-wrong": "fail",
        "ec2/scenario/vpc/data-recipes": "pass",
    }, {k: r.get("message") for k, r in results.items()}
    assert "expected InvalidVpc.Range or HTTP 400, got HTTP 200 success" in \
        results["ec2/scenario/vpc/data-create-judged-wrong"]["message"]
    # The VPCs the steps and the recipe created were ledgered with their ids, and are gone.
    ledger = [json.loads(line) for line in (tmp_path / "run" / "ledger.jsonl").read_text().splitlines()]
    made = {i for e in ledger if e.get("kind") == "ec2-vpc" for i in (e.get("annotations") or {}).get("ids", [])}
    made |= {(e.get("create") or {}).get("response", {}).get("id") for e in ledger if e.get("kind") == "ec2-vpc"}
    made.discard(None)
    assert len(made) == 3, ledger  # two created by steps, one by the vpc recipe
    ec2 = botocore.session.get_session().create_client(
        "ec2", region_name="us-east-1", endpoint_url=moto_server.url, aws_access_key_id="testing",
        aws_secret_access_key="testing")
    remaining = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["VpcId"] in made]
    assert remaining == []


def test_ec2_recipes_are_one_module(tmp_path):
    names = known_recipes()["ec2"]
    assert {"vpc", "subnet", "internet-gateway", "absent-id"} <= names
    assert Path(awscompat.scenarios._cases.__file__).parent.joinpath("ec2", "_recipes.py").exists()


# -- member checks against earlier answers: differs, one_of, same_items ---------------------------
COMPARE = """\
service: ec2
feature: ec2/vpc
cases:
  - rows:
      - {id: ec2/scenario/vpc/data-compare-right, vars: {other: "${steps.a.Vpc.VpcId}", both: ["${steps.b.Vpc.VpcId}", "${steps.a.Vpc.VpcId}"], states: [pending, available]}}
      - {id: ec2/scenario/vpc/data-compare-same-id, vars: {other: "${steps.b.Vpc.VpcId}", both: ["${steps.b.Vpc.VpcId}", "${steps.a.Vpc.VpcId}"], states: [pending, available]}}
      - {id: ec2/scenario/vpc/data-compare-one-missing, vars: {other: "${steps.a.Vpc.VpcId}", both: ["${steps.a.Vpc.VpcId}"], states: [pending, available]}}
      - {id: ec2/scenario/vpc/data-compare-state, vars: {other: "${steps.a.Vpc.VpcId}", both: ["${steps.a.Vpc.VpcId}", "${steps.b.Vpc.VpcId}"], states: [deleted]}}
    summary: Two VPCs made by steps; the second's id differs from the first's and both are listed.
    operations: [CreateVpc, DescribeVpcs]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html"}
    steps:
      - {name: a, call: CreateVpc, params: {CidrBlock: 10.5.0.0/16}}
      - name: b
        call: CreateVpc
        params: {CidrBlock: 10.6.0.0/16}
        expect:
          members:
            - {path: Vpc.VpcId, differs: "${steps.a.Vpc.VpcId}"}
            - {path: Vpc.State, one_of: "${row.states}"}
            - {path: "Vpc.CidrBlockAssociationSet[0].CidrBlock", equals: "${steps.b.Vpc.CidrBlock}"}  # its own answer
      - call: DescribeVpcs
        params: {VpcIds: ["${steps.a.Vpc.VpcId}", "${steps.b.Vpc.VpcId}"]}
        expect:
          members:
            - {path: "Vpcs[].VpcId", same_items: "${row.both}"}
            - {path: "Vpcs[?VpcId=='${steps.b.Vpc.VpcId}'] | [0].VpcId", differs: "${row.other}"}
"""


def test_differs_one_of_and_same_items_judge_real_answers(moto_server, tmp_path):
    path = tmp_path / "compare.yaml"
    path.write_text(COMPARE)
    decls, problems = check_case_file(path, known_recipes(), Spec())
    assert problems == []
    results = run_cases([to_case(d) for d in decls], moto_server.url, tmp_path / "run")  # asserts no leftovers
    outcomes = {k.rsplit("/", 1)[1]: (r["outcome"], r.get("message") or "") for k, r in results.items()}
    assert outcomes["data-compare-right"] == ("pass", ""), outcomes
    assert outcomes["data-compare-same-id"][0] == "fail"
    assert "VpcId: expected a value other than 'vpc-" in outcomes["data-compare-same-id"][1]
    assert outcomes["data-compare-one-missing"][0] == "fail"
    assert "Vpcs[].VpcId: expected the items ['vpc-" in outcomes["data-compare-one-missing"][1]
    assert outcomes["data-compare-state"][0] == "fail"
    assert "Vpc.State: expected one of ['deleted']" in outcomes["data-compare-state"][1]


def test_same_items_counts_repeats_and_needs_a_list():
    from awscompat.catalog.casefile import member_problem

    assert member_problem([1, [2, 3], 1], {"same_items": [[2, 3], 1, 1]}) is None
    assert member_problem([1, 1, 2], {"same_items": [1, 2, 2]})
    assert member_problem("ab", {"same_items": ["a", "b"]})
    assert member_problem(None, {"one_of": [None, "x"]}) is None


ANY_OF = """\
service: ec2
feature: ec2/vpc
cases:
  - rows:
      - {id: ec2/scenario/vpc/data-any-of-right, vars: {code: InvalidVpcID.NotFound}}
      - {id: ec2/scenario/vpc/data-any-of-wrong, vars: {code: InvalidVpcID.Malformed}}
    summary: An absent VPC is listed as nothing, or refused as NotFound.
    operations: [DescribeVpcs]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html"}
    setup: [{recipe: absent-id, as: vpc, with: {prefix: vpc}}]
    steps:
      - call: DescribeVpcs
        params: {VpcIds: ["${vpc}"]}
        expect:
          any_of:
            - {members: [{path: Vpcs, equals: []}]}
            - {status: 400, error: "${row.code}"}
"""


def test_any_of_passes_when_one_alternative_holds(moto_server, tmp_path):
    path = tmp_path / "any.yaml"
    path.write_text(ANY_OF)
    decls, problems = check_case_file(path, known_recipes(), Spec())
    assert problems == []
    results = run_cases([to_case(d) for d in decls], moto_server.url, tmp_path / "run")
    assert results["ec2/scenario/vpc/data-any-of-right"]["outcome"] == "pass"
    wrong = results["ec2/scenario/vpc/data-any-of-wrong"]
    assert wrong["outcome"] == "fail"
    assert wrong["message"].startswith("step 1 (DescribeVpcs): none of the expected answers: expected success, got HTTP 400 InvalidVpcID.NotFound"), wrong
    assert "; or expected error code InvalidVpcID.Malformed, got HTTP 400 InvalidVpcID.NotFound" in wrong["message"]
