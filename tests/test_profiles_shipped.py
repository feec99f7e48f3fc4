"""The shipped rating profiles: every one loads, every S3 feature of the closed list and every
scenario service is rated by some profile, the dated versions keep what they published, and every
market provider is rated on each service it serves."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from awscompat.catalog import Selection, build_catalog
from awscompat.catalog.features import FEATURES
from awscompat.providers import PROVIDERS
from awscompat.ratings import list_profiles, load_profile
from awscompat.ratings.profiles import Profile

SHIPPED = {
    "s3-core-2026.11", "s3-extended-2026.11", "s3-extended-2026.12", "sqs-core-2026.11", "dynamodb-core-2026.11",
    "iam-sts-core-2026.11", "ec2-core-2026.11", "kinesis-core-2026.11", "sns-core-2026.11", "kms-core-2026.11",
    "secretsmanager-core-2026.11",
}
# The services of issue #5 (IaaS, messaging and data) with their own core profile.
CORE_OF = {"kinesis": "kinesis-core-2026.11", "sns": "sns-core-2026.11", "kms": "kms-core-2026.11",
           "secretsmanager": "secretsmanager-core-2026.11"}


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {name: load_profile(name) for name in list_profiles()}


@pytest.fixture(scope="module")
def scenarios() -> dict[str, list[str]]:
    """feature -> its scenario case ids."""
    out: dict[str, list[str]] = defaultdict(list)
    for case in build_catalog(Selection(families=["scenario"])):
        out[case.feature].append(case.id)
    return out


def _rated_by(profiles: dict[str, Profile], case_id: str) -> list[str]:
    return [n for n, p in profiles.items() if (cap := p.capability_for(case_id)) is not None
            and cap.status != "deprecated"]


def test_shipped_profiles_are_listed_and_load(profiles: dict[str, Profile]) -> None:
    assert SHIPPED <= set(profiles), sorted(SHIPPED - set(profiles))
    for name, p in profiles.items():
        assert p.name == name and p.status == "active" and p.capabilities, name
        assert all(f.reason.strip() and f.expires > dt.date(2026, 11, 1) for f in p.flags), name


def test_every_s3_feature_is_rated_by_a_shipped_profile(profiles: dict[str, Profile],
                                                        scenarios: dict[str, list[str]]) -> None:
    assert len(FEATURES["s3"]) == 28
    for feature in FEATURES["s3"]:
        cases = scenarios[f"s3/{feature}"]
        assert cases, f"s3/{feature} has no scenario"
        unrated = [c for c in cases if not _rated_by(profiles, c)]
        assert not unrated, f"s3/{feature}: no shipped profile rates {unrated[:3]}"


def test_newest_s3_extended_rates_every_s3_scenario(profiles: dict[str, Profile],
                                                   scenarios: dict[str, list[str]]) -> None:
    ext = profiles["s3-extended-2027.01"]
    core = profiles["s3-core-2027.01"]
    for feature in FEATURES["s3"]:
        for case in scenarios[f"s3/{feature}"]:
            assert ext.capability_for(case) or core.capability_for(case), case


def test_every_scenario_service_is_rated(profiles: dict[str, Profile], scenarios: dict[str, list[str]]) -> None:
    services = {f.split("/")[0] for f in scenarios}
    assert {"s3", "sqs", "sns", "dynamodb", "iam", "sts", "ec2", "kinesis", "kms", "secretsmanager"} <= services
    for feature, cases in scenarios.items():
        unrated = [c for c in cases if not _rated_by(profiles, c)]
        assert not unrated, f"{feature}: no shipped profile rates {unrated[:3]}"
    for service, name in CORE_OF.items():
        p = profiles[name]
        assert p.services == [service], name
        for feature in FEATURES[service]:
            assert any(c.id == f"{service}-{feature}" for c in p.capabilities), (name, feature)
        assert {f"{service}-routed", f"{service}-authentication", f"{service}-envelope"} <= {c.id for c in
                                                                                               p.capabilities}


def test_s3_extended_2026_12_keeps_what_2026_11_published(profiles: dict[str, Profile]) -> None:
    old, new = profiles["s3-extended-2026.11"], profiles["s3-extended-2026.12"]
    by_id = {c.id: c for c in new.capabilities}
    for cap in old.capabilities:
        assert cap.id in by_id, cap.id
        assert (by_id[cap.id].status, by_id[cap.id].select) == (cap.status, cap.select), cap.id
    assert new.family == old.family and new.version > old.version


def test_published_2026_11_profiles_are_unchanged() -> None:
    """Attestations are signed against the published profiles: their capabilities stay as shipped."""
    ext = load_profile("s3-extended-2026.11")
    assert [c.id for c in ext.capabilities] == ["conditional", "versioning", "delete-objects", "tagging", "integrity",
                                                "all-operations", "authentication"]
    assert not ext.flags


def test_every_provider_is_rated_on_each_service_it_serves(profiles: dict[str, Profile]) -> None:
    for prov in PROVIDERS.values():
        assert set(prov.profiles) <= set(profiles) | {n for n in prov.profiles if "-contract-" in n}, prov.name
        covered = {svc for name in prov.profiles for svc in load_profile(name).services}
        assert set(prov.services) <= covered, (prov.name, sorted(set(prov.services) - covered))
    assert "kinesis-core-2026.11" in PROVIDERS["kinesalite"].profiles
    for name in ("moto", "ministack"):
        assert {"s3-extended-2026.12", *CORE_OF.values()} <= set(PROVIDERS[name].profiles), name
    assert {"s3-extended-2026.12", "sns-core-2026.11", "kms-core-2026.11",
            "secretsmanager-core-2026.11"} <= set(PROVIDERS["localstack"].profiles)
    for name in ("seaweedfs", "s3rver", "radosgw"):
        assert "s3-extended-2026.12" in PROVIDERS[name].profiles, name
