"""Behaviour cases of apigateway: case files under awscompat/cases/apigateway/ and the setup recipes they name."""
