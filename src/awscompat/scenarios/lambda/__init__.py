"""Behaviour cases of lambda: case files under awscompat/cases/lambda/ and the setup recipes they name."""
