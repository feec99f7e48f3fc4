"""STS setup recipes for behaviour cases as data (docs/cases.md). STS cases need IAM principals of
their own: these recipes build them with the IAM fixtures (ledgered, removed at teardown like every
IAM entity) and the IAM recipes `user-key` and `absent-name`, registered for STS cases too. Outputs: a dict whose
`value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.iam._fixtures import EC2_TRUST, account_trust, make_role, put_inline
from awscompat.scenarios.iam._recipes import absent_name, user_key

recipe("sts", "user-key")(user_key)
recipe("sts", "absent-name")(absent_name)


@recipe("sts", "role")
def role(ctx: CaseContext, tagging: bool = False, max_session: int | None = None, inline: dict | None = None,
         service_only: bool = False) -> dict:
    """A role this account may assume (with `tagging`, also tag sessions; with `service_only`, only
    ec2.amazonaws.com may assume it), MaxSessionDuration `max_session`, an inline policy `inline`.
    value = its ARN; name, id."""
    trust = EC2_TRUST if service_only else account_trust(ctx)
    if tagging:
        trust["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession"]
    made = make_role(ctx, trust=trust, **({"MaxSessionDuration": max_session} if max_session else {}))
    if inline:
        put_inline(ctx, "role", made["RoleName"], "inline", inline)
    return {"value": made["Arn"], "name": made["RoleName"], "id": made["RoleId"]}

