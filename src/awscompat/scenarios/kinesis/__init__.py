"""Kinesis behaviour scenarios."""
