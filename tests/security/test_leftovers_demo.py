"""Issue 14, finding 4 (follow-up): the README's demo leaves nothing behind.

The default demo run on embedded moto ended with four leftovers: a user whose DeleteUser moto
refuses (DeleteConflict: moto let the run delete the user's attached policy, and then refuses
to detach it), a PutUserPermissionsBoundary probe whose undo moto answers with HTTP 500 (it
implements neither), and the secret of the CreateSecret probe (its undo, DeleteSecret, needs a
SecretId the probe called Name). Each test runs against a fresh moto of its own and checks the
server itself with boto3, not only what the run says."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

import servers
from awscompat.engine.ledger import Ledger, read_ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.sweep import Sweeper
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport
from clirun import awscompat, cli_env

# The demo's (default selection's) cases that left something, and the workload-identity probes.
AFFECTED = ("iam/scenario/policies/delete-attached-conflict", "iam/PutUserPermissionsBoundary/recognised",
            "secretsmanager/CreateSecret/recognised", "iam/CreateOpenIDConnectProvider/recognised",
            "iam/CreateSAMLProvider/recognised", "iam/AddUserToGroup/recognised",
            "iam/scenario/users/delete-with-*", "iam/scenario/roles/delete-with-*")


@pytest.fixture
def fresh_moto(tmp_path: Path):
    with servers.moto(tmp_path / "moto") as running:
        yield running


def _client(url: str, service: str):
    return boto3.client(service, endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def held(url: str, prefix: str) -> list[str]:
    """Every IAM entity and secret on the server whose name (or ARN) carries prefix."""
    iam, sm = _client(url, "iam"), _client(url, "secretsmanager")
    names = [u["UserName"] for u in iam.list_users()["Users"]]
    names += [r["RoleName"] for r in iam.list_roles()["Roles"]]
    names += [g["GroupName"] for g in iam.list_groups()["Groups"]]
    names += [p["Arn"] for p in iam.list_policies(Scope="Local")["Policies"]]
    names += [p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"]]
    names += [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    names += [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]]
    names += [s["ARN"] for s in sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]]
    return sorted(n for n in names if prefix in n)


def test_demo_cases_leave_nothing(fresh_moto, tmp_path: Path, home: Path) -> None:
    out = tmp_path / "run"
    # Two worker processes: what the sweep ledgers (a policy made again to free a dangling
    # attachment) is numbered apart from every worker's entries.
    args = ["run", "--endpoint", fresh_moto.url, "--out", str(out), "-q", "--workers", "2"]
    for glob in AFFECTED:
        args += ["-k", glob]
    done = awscompat(*args, env=cli_env(home), cwd=home, timeout=300)
    assert done.code in (0, 1), done
    results = {r["id"]: r for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())}
    # The situations of the finding are really made: moto deletes an attached policy, and answers
    # PutUserPermissionsBoundary with HTTP 500; the CreateSecret probe is accepted.
    assert "got HTTP 200" in results["iam/scenario/policies/delete-attached-conflict"]["message"], results
    assert "500" in results["iam/PutUserPermissionsBoundary/recognised"]["message"]
    assert results["secretsmanager/CreateSecret/recognised"]["outcome"] == "pass"
    header, still_open = read_ledger(out / "ledger.jsonl")
    assert json.loads((out / "run.json").read_text())["leftovers"] == [], done
    assert held(fresh_moto.url, header["namespace"]) == []
    assert still_open == []
    entries = [e for e in map(json.loads, (out / "ledger.jsonl").read_text().splitlines()) if "seq" in e]
    assert len({e["seq"] for e in entries}) == len(entries)  # no number used twice
    assert any(e["case"] == "sweep" for e in entries)  # the dangling attachment was really met


def _sweeper(url: str, ns: Namespace, ledger: Ledger | None = None) -> Sweeper:
    target = Target(endpoint=url, region="us-east-1", credentials=Credentials("testing", "testing"))
    return Sweeper(Transport(target, timeout=10), ns, ledger)


def test_a_user_with_links_is_emptied_then_deleted_and_nothing_foreign_goes(fresh_moto, tmp_path: Path) -> None:
    """A run's user that still has a key, a login profile, inline and attached policies and a
    group (as when a scenario's links were never ledgered or their undo failed) is emptied and
    deleted; the foreign policy and group it was linked to stay, as does a foreign user."""
    ns = Namespace()
    iam = _client(fresh_moto.url, "iam")
    user = ns.name("u")
    iam.create_user(UserName=user)
    iam.create_user(UserName="someone-else")
    foreign = iam.create_policy(PolicyName="foreign-policy", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}))
    iam.create_group(GroupName="foreign-group")
    iam.attach_user_policy(UserName=user, PolicyArn=foreign["Policy"]["Arn"])
    iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    iam.create_access_key(UserName=user)
    iam.create_login_profile(UserName=user, Password="Aa1!aaaaaaaaaaaa")
    iam.add_user_to_group(UserName=user, GroupName="foreign-group")
    ledger = Ledger(tmp_path / "ledger.jsonl", ns)
    entry = ledger.record("c", "iam", "iam-user", user, {"service": "iam", "operation": "CreateUser"},
                          [{"service": "iam", "operation": "DeleteUser", "params": {"UserName": user}}])
    assert _sweeper(fresh_moto.url, ns, ledger).sweep([entry]) == []
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["someone-else"]
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["foreign-policy"]
    assert iam.get_group(GroupName="foreign-group")["Users"] == []


def test_the_sweep_never_empties_a_user_outside_the_namespace(fresh_moto) -> None:
    ns = Namespace()
    iam = _client(fresh_moto.url, "iam")
    iam.create_user(UserName="someone-else")
    iam.create_access_key(UserName="someone-else")
    from awscompat.engine.ledger import Entry

    entry = Entry(1, "c", "iam", "iam-user", "someone-else", {},
                  [{"service": "iam", "operation": "DeleteUser", "params": {"UserName": "someone-else"}}])
    assert _sweeper(fresh_moto.url, ns).sweep([entry]) == ["iam-user someone-else: could not be removed"]
    assert len(iam.list_access_keys(UserName="someone-else")["AccessKeyMetadata"]) == 1


def test_a_secret_deleted_with_a_recovery_window_is_deleted_for_good(fresh_moto) -> None:
    """An entry whose delete is a plain DeleteSecret (recovery window) is sent with
    ForceDeleteWithoutRecovery: the secret is gone, not merely scheduled (still listed)."""
    ns = Namespace()
    sm = _client(fresh_moto.url, "secretsmanager")
    name = ns.name("s")
    sm.create_secret(Name=name, SecretString="v")
    from awscompat.engine.ledger import Entry

    entry = Entry(1, "c", "secretsmanager", "secret", name, {},
                  [{"service": "secretsmanager", "operation": "DeleteSecret", "params": {"SecretId": name}}])
    assert _sweeper(fresh_moto.url, ns).sweep([entry]) == []
    assert held(fresh_moto.url, ns.prefix) == []


def test_a_resumed_ledger_numbers_after_entries_already_done(tmp_path: Path) -> None:
    """A ledger opened again (the final sweep's own entries, `awscompat cleanup`) never reuses
    the number of an entry that is already done: its `done` line would close the new one."""
    ns = Namespace()
    path = tmp_path / "ledger.jsonl"
    first = Ledger(path, ns)
    one = first.record("c", "iam", "iam-user", ns.name("a"), {}, [])
    two = first.record("c", "iam", "iam-user", ns.name("b"), {}, [])
    first.done(two)
    first.close()
    again = Ledger(path, ns, resume=True, header=False)
    three = again.record("sweep", "iam", "iam-policy", ns.name("p"), {}, [])
    again.close()
    assert three.seq > two.seq > one.seq
    assert [e.seq for e in read_ledger(path)[1]] == [one.seq, three.seq]


def test_the_survey_sees_a_secret_in_its_recovery_window(fresh_moto) -> None:
    """A secret of the run deleted with a recovery window is still the run's (restorable, its
    name taken): the survey names it (ListSecrets with IncludePlannedDeletion)."""
    from awscompat.engine.survey import survey

    ns = Namespace()
    sm = _client(fresh_moto.url, "secretsmanager")
    name = ns.name("s")
    sm.create_secret(Name=name, SecretString="v")
    sm.delete_secret(SecretId=name, RecoveryWindowInDays=7)
    target = Target(endpoint=fresh_moto.url, region="us-east-1", credentials=Credentials("testing", "testing"))
    lines = survey(Transport(target, timeout=10), ns, ["secretsmanager"])
    assert any(name in line for line in lines), lines
