"""Read-only view over botocore's service models."""

from awscompat.spec.model import Spec, get_spec, is_mutating

__all__ = ["Spec", "get_spec", "is_mutating"]
