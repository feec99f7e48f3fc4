"""logs behaviour cases: data files under awscompat/cases/logs/ (docs/cases.md); the recipes they name are in _recipes.py."""
