"""SQS behaviour scenarios."""
