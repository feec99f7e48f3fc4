"""Behaviour cases of route53: case files under awscompat/cases/route53/ and the setup recipes they name."""
