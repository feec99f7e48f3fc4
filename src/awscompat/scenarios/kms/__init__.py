"""KMS behaviour scenarios."""
