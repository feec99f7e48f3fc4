"""events behaviour cases: data files under awscompat/cases/events/ (docs/cases.md); the recipes they name are in _recipes.py."""
