"""Cases, scenarios, selection and the suite digest."""

from awscompat.catalog.case import Case, Provenance, docs, model, protocol, recorded
from awscompat.catalog.registry import scenario
from awscompat.catalog.select import Selection, build_catalog, suite_digest

__all__ = [
    "Case", "Provenance", "Selection", "build_catalog", "docs", "model", "protocol",
    "recorded", "scenario", "suite_digest",
]
