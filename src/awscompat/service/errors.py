"""Domain errors shared by the API and the web pages; each maps to one HTTP status. ConfigError
(a configuration that cannot be used) is here too, below config.py and netguard.py, which both raise it."""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration that cannot be used (a usage error)."""


class OpError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthorized(OpError):
    status = 401


class Forbidden(OpError):
    status = 403


class NotFound(OpError):
    status = 404


class Conflict(OpError):
    status = 409


class Invalid(OpError):
    status = 422
