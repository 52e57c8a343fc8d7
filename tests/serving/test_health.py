"""/health/: 200 when the database (and Redis, when configured) answer, else 503 naming
what failed; no login and nothing about anyone. A database that is down: see
test_production_server.py (a server started without one)."""

from __future__ import annotations

import os
import socket

from django.test import Client


def test_healthy(client: Client, db: None) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    expected = {"status": "ok", "database": "ok"}
    if os.environ.get("REDIS_URL"):
        expected["redis"] = "ok"
    assert response.json() == expected


def test_no_login_and_no_session(client: Client, db: None) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def _closed_port() -> int:
    """A port on this machine that nothing listens on (just freed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_redis_down_is_named(client: Client, db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "redis": "failing"}


def test_only_get(client: Client, db: None) -> None:
    assert client.post("/health/").status_code == 405
