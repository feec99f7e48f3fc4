"""Shared fixtures. Servers are session-scoped: each starts once, on its own loopback ports,
and is stopped by PID when the session ends (see tests/servers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import servers


# -- real servers -------------------------------------------------------------------------
@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Running]:
    with servers.moto(tmp_path_factory.mktemp("moto")) as running:
        yield running


@pytest.fixture(scope="session")
def ministack_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Running]:
    with servers.ministack(tmp_path_factory.mktemp("ministack")) as running:
        yield running


@pytest.fixture(scope="session")
def seaweedfs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Running]:
    with servers.seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as running:
        yield running


# -- stand-ins for a wrong endpoint -------------------------------------------------------
@pytest.fixture(scope="session")
def html_endpoint() -> Iterator[str]:
    """A web server that is not AWS: every answer is an HTML page."""
    with servers.html_server() as url:
        yield url


@pytest.fixture(scope="session")
def silent_endpoint() -> Iterator[str]:
    """Accepts connections and never answers."""
    with servers.silent_server() as url:
        yield url


# -- a clean place to run the command line ------------------------------------------------
@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty HOME (no ~/.aws) for the command under test."""
    path = tmp_path / "home"
    path.mkdir()
    return path
