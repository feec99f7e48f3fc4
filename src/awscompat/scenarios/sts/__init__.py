"""STS behaviour scenarios."""
