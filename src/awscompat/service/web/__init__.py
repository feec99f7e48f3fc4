"""The server-rendered web UI (Jinja2 templates in awscompat/data/templates/service)."""
