"""The `recognised` family: the endpoint routes every operation of the service's model.

A probe sends the operation with its required members filled with well-formed, namespaced
dummy values, or, where botocore ships an AWS example of the operation, the example's request with
run-owned identifiers (families/examples.py; revision 2, the provenance names the example). Any answer in the protocol's envelope passes (a validation or not-found error
proves the operation was routed); 501, an unknown-operation code, or a 404/405 with no
envelope (a router that has no handler) is `unsupported`; a persistent 5xx is a `fail`.
"""

from __future__ import annotations

from collections.abc import Iterator

from awscompat.catalog.case import Case, model
from awscompat.engine.context import CaseContext, screen
from awscompat.engine.outcomes import no_route
from awscompat.families.common import send
from awscompat.families.examples import example_for, request, with_example
from awscompat.spec import is_mutating
from awscompat.spec.model import ServiceSpec


def recognised(service: ServiceSpec) -> Iterator[Case]:
    name = service.name
    feature = f"{name}/contract"
    for op in service.operation_names:
        example = example_for(name, op)
        provenance = model(f"{name}.{op}: operation declared in the service model")
        yield Case(
            id=f"{name}/{op}/recognised",
            service=name,
            operations=(op,),
            family="recognised",
            feature=feature,
            severity="required",
            provenance=with_example(provenance, example[0]) if example else provenance,
            mutating=is_mutating(op),
            run=probe,
            timeout=60.0,
            revision=2 if example else 1,
            payload=example[0] if example else None,
        )


def probe(ctx: CaseContext) -> None:
    op, params, maker = request(ctx, ctx.case.operations[0])
    reply = send(ctx, maker, params)
    screen(reply)
    no_route(reply, head=op.http.get("method") == "HEAD", note=" without an error envelope")
    if reply.status >= 500:
        ctx.fail(f"server error: {reply.describe()}", expected="a 2xx or a 4xx in the protocol's envelope",
                 observed=reply.describe(), reply=reply)

