"""Hand-written behaviour scenarios, one package per service."""
