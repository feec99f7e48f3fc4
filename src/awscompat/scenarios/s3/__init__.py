"""S3 behaviour scenarios."""
