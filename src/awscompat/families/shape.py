"""`shape`: a successful response fits the operation's output shape (members, types, enums,
timestamps, lists and maps). One case per operation; advisory (AWS adds enum values and members
before models catch up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from botocore.model import Shape

from awscompat.catalog.case import Case, model
from awscompat.engine.context import CaseContext, screen
from awscompat.families.common import send
from awscompat.families.examples import example_for, request, with_example
from awscompat.spec import is_mutating
from awscompat.spec.model import ServiceSpec

_PY = {"string": str, "integer": int, "long": int, "boolean": bool, "float": (int, float),
       "double": (int, float), "timestamp": dt.datetime, "list": list, "map": dict, "structure": dict}


def shape_problems(shape: Shape | None, value: Any, path: str = "", depth: int = 0) -> list[str]:
    """Where value does not fit shape (as botocore parsed it)."""
    if shape is None or depth > 20:
        return []
    kind = shape.type_name
    if kind == "blob":
        return [] if isinstance(value, bytes | bytearray) or hasattr(value, "read") else [f"{path}: not bytes"]
    expected = _PY.get(kind)
    if expected is None:
        return []
    if isinstance(value, bool) and kind in ("integer", "long", "float", "double"):
        return [f"{path or '<root>'}: expected {kind}, got boolean"]
    if not isinstance(value, expected):
        return [f"{path or '<root>'}: expected {kind}, got {type(value).__name__} {str(value)[:40]!r}"]
    out: list[str] = []
    if kind == "string" and shape.enum and value not in shape.enum:
        out.append(f"{path}: {value!r} is not one of the declared values")
    elif kind == "structure":
        for name in shape.required_members:
            if name not in value:
                out.append(f"{path}.{name}: required member missing".lstrip("."))
        for name, member in shape.members.items():
            if name in value:
                out += shape_problems(member, value[name], f"{path}.{name}".lstrip("."), depth + 1)
    elif kind == "list":
        for i, item in enumerate(value[:50]):
            out += shape_problems(shape.member, item, f"{path}[{i}]", depth + 1)
    elif kind == "map":
        for k, v in list(value.items())[:50]:
            out += shape_problems(shape.value, v, f"{path}[{k!r}]", depth + 1)
    return out


def shape(svc: ServiceSpec) -> Iterator[Case]:
    for op in svc.operation_names:
        example = example_for(svc.name, op)  # an AWS example's request where botocore ships one (rev 2)
        provenance = model(f"{svc.name}.{op}: output shape")
        yield Case(
            id=f"{svc.name}/{op}/shape", service=svc.name, operations=(op,), family="shape",
            feature=f"{svc.name}/contract", severity="advisory",
            provenance=with_example(provenance, example[0]) if example else provenance, mutating=is_mutating(op),
            run=run_shape, timeout=60.0, revision=2 if example else 1, payload=example[0] if example else None,
        )


def run_shape(ctx: CaseContext) -> None:
    op, params, maker = request(ctx, ctx.case.operations[0])
    reply = send(ctx, maker, params)
    if reply.parse_error and 200 <= reply.status < 300:
        ctx.fail(f"the successful response does not parse as the output shape: {reply.parse_error}",
                 expected="the output shape", observed=reply.parse_error, reply=reply)
    screen(reply)
    if not reply.ok:
        ctx.skip(f"no successful response to validate ({reply.describe()})")
    body = {k: v for k, v in reply.parsed.items() if k != "ResponseMetadata"}
    problems = shape_problems(op.output_shape, body) if op.output_shape is not None else []
    if problems:
        ctx.fail(f"{len(problems)} member(s) do not fit the output shape: " + "; ".join(problems[:5]),
                 expected="the output shape", observed=problems[:20], reply=reply)
