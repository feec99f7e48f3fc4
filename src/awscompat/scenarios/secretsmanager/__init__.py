"""Secrets Manager behaviour scenarios."""
