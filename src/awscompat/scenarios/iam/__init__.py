"""IAM behaviour scenarios."""
