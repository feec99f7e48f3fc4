"""Re-export of awscompat.results.case (Case, Provenance and the provenance helpers): the name
scenarios, case files and families import. The types live in the results package, at the bottom
of the layers (docs/architecture.md)."""

from awscompat.results.case import (
    PROVENANCE_KINDS,
    RECORDED_SOURCE,
    SEVERITIES,
    Case,
    Provenance,
    Severity,
    docs,
    model,
    protocol,
    recorded,
    recorded_url,
)

__all__ = ["PROVENANCE_KINDS", "RECORDED_SOURCE", "SEVERITIES", "Case", "Provenance", "Severity", "docs",
           "model", "protocol", "recorded", "recorded_url"]
