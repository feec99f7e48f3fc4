"""Behaviour cases of acm: case files under awscompat/cases/acm/ and the setup recipes they name."""
