"""`awscompat market`: rate the AWS-compatible servers that run on this machine and publish the pages.

- market/model.py: the records (a provider's class, ratings, results; market.json);
- market/runner.py: starting each provider, rating it, signing, stopping it (`run_market`);
- market/report.py: the pages (README.md, index.html, market.json, findings) from those records.

Import from the modules; this package module imports nothing.
"""
