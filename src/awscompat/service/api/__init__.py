"""The JSON API routers (mounted under /api/v1 by app.create_app)."""
