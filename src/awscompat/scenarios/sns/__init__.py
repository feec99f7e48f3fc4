"""SNS behaviour scenarios."""
