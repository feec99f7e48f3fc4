"""ssm behaviour cases: data files under awscompat/cases/ssm/ (docs/cases.md); the recipes they name are in _recipes.py."""
