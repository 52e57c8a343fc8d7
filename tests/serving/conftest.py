"""A production configuration for tests that start real processes (manage.py, gunicorn):
DEBUG off, fresh random secrets, the test database, static files collected."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent.parent
# What the production configuration sets; never inherited from the test run.
PRODUCTION_VARIABLES = {
    "DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "EMAIL_HOST", "ALLOWED_HOSTS", "DATABASE_URL",
    "STATIC_ROOT", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "LOG_FORMAT", "WEB_CONCURRENCY",
    "GUNICORN_CMD_ARGS", "DJANGO_ALLOW_ASYNC_UNSAFE", "BIND",
}


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def _test_database_url(tmp: Path) -> tuple[str, bool]:
    """The test run's PostgreSQL database, or (SQLite's test database lives in memory,
    out of another process's reach) a SQLite file to migrate. Second: needs migrating."""
    from django.db import connection

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return (f"postgres://{quote(s['USER'] or '')}:{quote(s['PASSWORD'] or '')}"
                f"@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}", False)
    return f"sqlite:///{tmp / 'production.sqlite3'}", True


@pytest.fixture(scope="module")
def production_env(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
                   ) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("production")
    database_url, needs_migrating = _test_database_url(tmp)
    env = {name: value for name, value in os.environ.items() if name not in PRODUCTION_VARIABLES}
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "EMAIL_HOST": "smtp.example.invalid",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp / "static"),
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "LOG_FORMAT": "json",
    })
    if needs_migrating:
        migrated = manage(env, "migrate", "--no-input", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
    return env


@pytest.fixture(scope="module")
def collected_static(production_env: dict[str, str]) -> Path:
    collected = manage(production_env, "collectstatic", "--no-input", "-v", "0")
    assert collected.returncode == 0, collected.stderr
    return Path(production_env["STATIC_ROOT"])
