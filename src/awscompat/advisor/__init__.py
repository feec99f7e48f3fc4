"""The portability advisor: a workload's footprint (the AWS operations it uses, read from Python
source, CloudTrail logs, IAM policies and CloudFormation templates) against providers' run
results: which providers can run it, and what would break."""

from __future__ import annotations

from awscompat.advisor.footprint import Footprint, FootprintError

__all__ = ["Footprint", "FootprintError"]
