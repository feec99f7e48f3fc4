"""stepfunctions behaviour cases: data files under awscompat/cases/stepfunctions/ (docs/cases.md); the recipes they name are in _recipes.py."""
