"""cloudwatch behaviour cases: data files under awscompat/cases/cloudwatch/ (docs/cases.md); the recipes they name are in _recipes.py."""
