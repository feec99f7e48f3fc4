"""DynamoDB behaviour scenarios."""
