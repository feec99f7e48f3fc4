"""Cases, scenario declaration rules, selection and the suite digest (no network)."""

import json

import pytest
from click.testing import CliRunner

from awscompat.catalog import Selection, build_catalog, docs, recorded, scenario, suite_digest
from awscompat.catalog.case import Case, Provenance
from awscompat.cli.app import main


def _noop(ctx):
    return None


def test_scenario_ids_are_explicit_and_checked():
    with pytest.raises(ValueError, match="must look like"):
        scenario(id="s3/objects/put", feature="s3/objects", operations=["PutObject"],
                 provenance=docs("https://docs.aws.amazon.com/x"))(_noop)
    with pytest.raises(ValueError, match="does not match"):
        scenario(id="s3/scenario/objects/x", feature="s3/listing", operations=["PutObject"],
                 provenance=docs("https://docs.aws.amazon.com/x"))(_noop)
    with pytest.raises(ValueError, match="closed list"):
        scenario(id="s3/scenario/nonsense/x", feature="s3/nonsense", operations=["PutObject"],
                 provenance=docs("https://docs.aws.amazon.com/x"))(_noop)


def test_provenance_is_validated():
    with pytest.raises(ValueError):
        Provenance("hearsay", "x")
    with pytest.raises(ValueError):
        Provenance("aws-docs", "")
    assert recorded("s3/f.json", "k", "step").to_dict() == {
        "kind": "recorded-aws", "ref": "s3/f.json", "key": "k", "step": "step"}


def test_every_scenario_names_its_evidence():
    cases = list(build_catalog(Selection(families=["scenario"])))
    assert cases, "scenarios are registered"
    for case in cases:
        # model: a constraint or error the botocore model declares (DESIGN 3.2), cited by shape path
        assert case.provenance.kind in ("recorded-aws", "aws-docs", "model")
        assert case.id.startswith(f"{case.service}/scenario/")


def test_selection_by_service_family_feature_and_glob():
    s3 = list(build_catalog(Selection(services=["s3"], families=["recognised"])))
    assert {c.service for c in s3} == {"s3"}
    assert {c.family for c in s3} == {"recognised"}
    assert any(c.id == "s3/PutObject/recognised" for c in s3)
    globbed = list(build_catalog(Selection(services=["s3"], globs=["s3/*Bucket*/recognised"])))
    assert globbed and all("Bucket" in c.id for c in globbed)
    feat = list(build_catalog(Selection(features=["s3/buckets"])))
    assert feat and {c.feature for c in feat} == {"s3/buckets"}
    with pytest.raises(KeyError):
        list(build_catalog(Selection(services=["nope"])))


def test_digest_is_order_independent_and_follows_revisions():
    a = Case("x/A/recognised", "x", ("A",), "recognised", "x/contract", "required",
             Provenance("model", "x.A"), False, _noop)
    b = Case("x/B/recognised", "x", ("B",), "recognised", "x/contract", "required",
             Provenance("model", "x.B"), False, _noop)
    assert suite_digest([a, b]) == suite_digest([b, a])
    before = suite_digest([a, b])
    b.revision = 2
    assert suite_digest([a, b]) != before
    assert before.startswith("sha256:")


def test_list_json_shapes():
    runner = CliRunner()
    out = runner.invoke(main, ["list", "--service", "sqs", "--json"])
    assert out.exit_code == 0, out.output
    cases = json.loads(out.output)
    design = {"id", "service", "operations", "family", "feature", "severity", "provenance", "mutating"}
    assert cases and set(cases[0]) - design <= {"protocol", "protocol_choice"} and design <= set(cases[0])
    out = runner.invoke(main, ["list", "--service", "sqs", "--service", "s3", "--stats", "--json"])
    stats = json.loads(out.output)
    assert set(stats) == {"total", "by_family", "by_service", "by_protocol", "by_feature", "by_provenance"}
    assert sum(stats["by_provenance"].values()) == stats["total"]
    assert stats["total"] == sum(stats["by_service"].values()) == sum(stats["by_family"].values())
    assert set(stats["by_service"]) == {"s3", "sqs"}


def test_list_unknown_service_exits_2():
    out = CliRunner().invoke(main, ["list", "--service", "nope"])
    assert out.exit_code == 2
    assert "unknown service" in out.output


def test_features_page_lists_the_closed_list():
    from pathlib import Path

    from awscompat.catalog.features import FEATURES

    page = (Path(__file__).parent.parent / "docs" / "features.md").read_text()
    for service, features in FEATURES.items():
        for name in features:
            assert f"`{service}/{name}`" in page


def test_generated_cases_say_which_wire_protocol_they_use():
    """Issue 3: CBOR where the model offers only CBOR; where it lists a JSON alternative, the case
    says that JSON is sent and why (botocore's protocol choice)."""
    from awscompat.catalog import Selection, build_catalog

    cbor = next(iter(build_catalog(Selection(services=["eventbridgev2"], families=["recognised"]))))
    assert cbor.to_dict()["protocol"] == "smithy-rpc-v2-cbor" and "protocol_choice" not in cbor.to_dict()
    dual = next(iter(build_catalog(Selection(services=["gamelift"], families=["envelope"])))).to_dict()
    assert dual["protocol"] == "json"
    assert "smithy-rpc-v2-cbor, json" in dual["protocol_choice"] and "sent as json" in dual["protocol_choice"]
    plain = next(iter(build_catalog(Selection(services=["sqs"], families=["recognised"])))).to_dict()
    assert plain["protocol"] == "json" and "protocol_choice" not in plain
