"""Only an active profile among the two newest versions of its family may back a mark
(docs/profiles.md): ratings.profiles.mark_problem, enforced by `attest` and `verify`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from awscompat.ratings.profiles import (
    MARK_VERSIONS,
    family_versions,
    list_profiles,
    load_profile,
    mark_problem,
)
from clirun import awscompat, cli_env


def test_only_the_two_newest_versions_are_valid_for_a_mark() -> None:
    assert MARK_VERSIONS == 2
    base = load_profile("s3-core-2026.11")
    family = ["2027.11", "2027.05", "2026.11"]

    def at(version: str):
        return dataclasses.replace(base, version=version, name=f"s3-core-{version}")

    assert mark_problem(at("2027.11"), family) is None
    assert mark_problem(at("2027.05"), family) is None
    problem = mark_problem(at("2026.11"), family)
    assert problem and "too old for a mark" in problem and "2027.11, 2027.05" in problem
    assert mark_problem(at("2028.05"), family) is None  # a newer one than any known (a YAML file)
    retired = dataclasses.replace(base, status="retired")
    assert "retired" in (mark_problem(retired, ["2026.11"]) or "")


def test_shipped_profiles_follow_the_rule() -> None:
    assert "2026.11" in family_versions("s3-core")
    assert family_versions("sqs-contract") == family_versions("s3-contract")
    for name in [*list_profiles(), "s3-contract-2026.11"]:
        profile = load_profile(name)
        versions = family_versions(profile.family)
        assert versions == sorted(versions, reverse=True) and profile.version in versions
        valid = profile.status == "active" and profile.version in versions[:2]
        assert (mark_problem(profile) is None) == valid, name


def test_attest_refuses_a_retired_profile(home: Path, tmp_path: Path) -> None:
    env = cli_env(home)
    key = tmp_path / "key"
    assert awscompat("keygen", "--out", key, env=env, cwd=tmp_path).code == 0
    shipped = Path(load_profile("s3-core-2026.11").source.replace("profiles/", ""))
    text = (Path(__file__).parents[1] / "src/awscompat/data/profiles" / shipped).read_text()
    retired = tmp_path / "s3-core-old.yaml"
    retired.write_text(text.replace("status: active", "status: retired", 1))
    run = tmp_path / "run"
    run.mkdir()
    (run / "run.json").write_text(json.dumps({"target": {"name": "moto"}, "finished": "2026-11-22T00:00:00+00:00"}))
    r = awscompat("attest", run, "--profile", retired, "--key", key, "--out", tmp_path / "a.json", env=env,
                  cwd=tmp_path)
    assert r.code == 2 and "retired" in r.stderr, r
    assert not (tmp_path / "a.json").exists()
