"""`awscompat serve`: the compatibility service (DESIGN 1.4) — a FastAPI application with a JSON
API and a server-rendered web UI over SQLAlchemy (SQLite or PostgreSQL), an in-process worker
pool that runs the same engine as the command line, ratings, attestations and badges."""
