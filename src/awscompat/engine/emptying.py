"""Emptying a resource of the run before it is deleted again, when its delete was refused
because something still hangs off it (IAM's DeleteConflict, a secret with replicas).

Contract: `empty(transport, namespace, call, reply, ledger)` is asked after `call` (a delete of a
run-owned resource) answered `reply`; it answers True when it removed something that blocked
the delete (the caller then sends the delete once more), False when it has nothing to do.
Only the run's own resource is changed: links hanging off it (an attached or inline policy, an
access key, a login profile, a group membership, a role in an instance profile, a permissions
boundary, a replica) are removed, never the foreign resource at the other end. The steps are
the ones AWS documents for deleting a user, role or group with the API
(https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_remove.html#id_users_deleting_cli,
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html).

A dangling attachment (a provider let the run delete its own managed policy while attached,
as moto does, and now refuses both the detach, NoSuchEntity, and the user's delete,
DeleteConflict) is repaired only with a ledger at hand (the final sweep, `awscompat cleanup`):
the run's policy is created again under its old name (ledgered first), detached, deleted.
"""

from __future__ import annotations

import json

from awscompat.engine.ledger import Ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.transport import Reply, Transport

# Delete operation -> (the member naming the entity, its noun in the IAM operation names).
_IAM = {"DeleteUser": ("UserName", "User"), "DeleteRole": ("RoleName", "Role"), "DeleteGroup": ("GroupName", "Group")}
_ABSENT = {"NoSuchEntity", "ResourceNotFoundException"}


def empty(transport: Transport, ns: Namespace, call: dict, reply: Reply, ledger=None) -> bool:
    service, operation = call.get("service"), call.get("operation")
    params = call.get("params") or {}
    if service == "iam" and operation in _IAM and reply.code == "DeleteConflict":
        member, noun = _IAM[operation]
        name = params.get(member)
        return ns.owns(name) and _IamEmptier(transport, ns, ledger).empty(noun, member, name)
    if service == "secretsmanager" and operation == "DeleteSecret" and ns.owns(params.get("SecretId")):
        return _drop_replicas(transport, params["SecretId"])
    return False


def _items(reply: Reply, member: str) -> list:
    return list(reply.get(member) or []) if reply.ok else []


class _IamEmptier:
    def __init__(self, transport: Transport, ns: Namespace, ledger) -> None:
        self.transport, self.ns, self.ledger = transport, ns, ledger
        self.removed = False

    def send(self, operation: str, **params) -> Reply:
        reply = self.transport.call("iam", operation, params)
        self.removed = self.removed or reply.ok
        return reply

    def list(self, operation: str, member: str, **params) -> list:
        return _items(self.transport.call("iam", operation, params), member)

    def empty(self, noun: str, member: str, name: str) -> bool:
        who = {member: name}
        for policy in self.list(f"List{noun}Policies", "PolicyNames", **who):
            self.send(f"Delete{noun}Policy", **who, PolicyName=policy)
        for attached in self.list(f"ListAttached{noun}Policies", "AttachedPolicies", **who):
            self.detach(noun, who, attached["PolicyArn"])
        if noun == "User":
            self.empty_user(name)
        elif noun == "Role":
            for profile in self.list("ListInstanceProfilesForRole", "InstanceProfiles", RoleName=name):
                self.send("RemoveRoleFromInstanceProfile", RoleName=name,
                          InstanceProfileName=profile["InstanceProfileName"])
            self.boundary("Role", who)
        else:
            for user in self.list("GetGroup", "Users", GroupName=name):
                self.send("RemoveUserFromGroup", GroupName=name, UserName=user["UserName"])
        return self.removed

    def empty_user(self, name: str) -> None:
        self.send("DeleteLoginProfile", UserName=name)
        for key in self.list("ListAccessKeys", "AccessKeyMetadata", UserName=name):
            self.send("DeleteAccessKey", UserName=name, AccessKeyId=key["AccessKeyId"])
        for cert in self.list("ListSigningCertificates", "Certificates", UserName=name):
            self.send("DeleteSigningCertificate", UserName=name, CertificateId=cert["CertificateId"])
        for key in self.list("ListSSHPublicKeys", "SSHPublicKeys", UserName=name):
            self.send("DeleteSSHPublicKey", UserName=name, SSHPublicKeyId=key["SSHPublicKeyId"])
        for cred in self.list("ListServiceSpecificCredentials", "ServiceSpecificCredentials", UserName=name):
            self.send("DeleteServiceSpecificCredential", UserName=name,
                      ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"])
        for device in self.list("ListMFADevices", "MFADevices", UserName=name):
            self.send("DeactivateMFADevice", UserName=name, SerialNumber=device["SerialNumber"])
        for group in self.list("ListGroupsForUser", "Groups", UserName=name):
            self.send("RemoveUserFromGroup", UserName=name, GroupName=group["GroupName"])
        self.boundary("User", {"UserName": name})

    def boundary(self, noun: str, who: dict) -> None:
        got = self.transport.call("iam", f"Get{noun}", who)
        if got.ok and (got.get(noun) or {}).get("PermissionsBoundary"):
            self.send(f"Delete{noun}PermissionsBoundary", **who)

    def detach(self, noun: str, who: dict, arn: str) -> None:
        reply = self.send(f"Detach{noun}Policy", **who, PolicyArn=arn)
        if reply.ok or reply.code not in _ABSENT or self.ledger is None or not self.ns.owns(arn):
            return
        # A dangling attachment of the run's own policy: create it again, detach, delete.
        path, _, policy = arn.split(":policy", 1)[1].rpartition("/")
        if not self.ns.owns(policy):
            return
        create = {"PolicyName": policy, "Path": path + "/",
                  "PolicyDocument": json.dumps({"Version": "2012-10-17", "Statement": [
                      {"Effect": "Deny", "Action": "none:none", "Resource": "*"}]})}
        delete = [{"service": "iam", "operation": "DeletePolicy", "params": {"PolicyArn": arn}}]
        # Numbered after every entry in the file (worker processes number theirs apart from the
        # sweeping process's ledger object, engine/workers.py).
        ledger = Ledger(self.ledger.path, self.ns, resume=True, header=False)
        try:
            entry = ledger.record("sweep", "iam", "iam-policy", policy,
                                  {"service": "iam", "operation": "CreatePolicy", "params": create}, delete)
            if not self.transport.call("iam", "CreatePolicy", create).ok:
                return
            self.send(f"Detach{noun}Policy", **who, PolicyArn=arn)
            if self.transport.call("iam", "DeletePolicy", {"PolicyArn": arn}).ok:
                ledger.done(entry, "deleted")
        finally:
            ledger.close()


def _drop_replicas(transport: Transport, secret: str) -> bool:
    """A secret replicated to other regions cannot be deleted until its replicas are removed."""
    described = transport.call("secretsmanager", "DescribeSecret", {"SecretId": secret})
    regions = [r["Region"] for r in _items(described, "ReplicationStatus") if r.get("Region")]
    if not regions:
        return False
    return transport.call("secretsmanager", "RemoveRegionsFromReplication",
                          {"SecretId": secret, "RemoveReplicaRegions": regions}).ok

