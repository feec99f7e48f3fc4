"""Behaviour cases of ecr: case files under awscompat/cases/ecr/ and the setup recipes they name."""
