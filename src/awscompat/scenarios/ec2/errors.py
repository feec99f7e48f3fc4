"""EC2 error envelope: the shape of the XML error document, read from the raw answer (the error
codes themselves are data: cases/ec2/errors.yaml)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import absent_id
from awscompat.scenarios.ec2._ledger import SVC


@scenario(id="ec2/scenario/errors/error-document-shape", feature="ec2/errors", operations=["DescribeVpcs"],
          provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html"), mutating=False)
def error_shape(ctx: CaseContext) -> None:
    """An EC2 error is the XML document Response/Errors/Error(Code, Message) with a RequestID."""
    reply = ctx.expect_error(ctx.call(SVC, "DescribeVpcs", VpcIds=[absent_id("vpc")]), "InvalidVpcID.NotFound", 400)
    try:
        root = ET.fromstring(reply.exchange.response_body or b"")
    except ET.ParseError:
        root = ET.Element("unparsable")
    strip = lambda tag: tag.rsplit("}", 1)[-1]  # noqa: E731
    errors = [e for c in root if strip(c.tag) == "Errors" for e in c if strip(e.tag) == "Error"]
    fields = {strip(f.tag) for e in errors[:1] for f in e}
    observed = (strip(root.tag), len(errors), {"Code", "Message"} <= fields,
                any(strip(c.tag) in ("RequestID", "RequestId") for c in root))
    ctx.equal(observed, ("Response", 1, True, True), "(root, Error count, Code and Message, RequestID)", reply)
