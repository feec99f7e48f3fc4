"""The one implementation of the recipe shape every service needs: a name in the run's namespace that
no resource has (an absent rule, log group, parameter, repository...), for cases that ask for
something missing. Nothing is created, so nothing is ledgered. Each service's _recipes.py registers
its own recipe name with `absent_name(...)`."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe


def absent_name(service: str, name: str, *, max_len: int = 63, hint: str = "absent", prefix: str = "") -> None:
    """Register recipe `name` of `service`: value = prefix + a namespaced name (at most max_len
    characters before the prefix) that no resource has."""

    def absent(ctx: CaseContext) -> dict:
        return {"value": prefix + ctx.name(hint, max_len=max_len)}

    absent.__doc__ = f"A namespaced {service} name no resource has{f' (after {prefix!r})' if prefix else ''}."
    recipe(service, name)(absent)
