"""Production settings fail loudly instead of running with a guessable key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DATABASE_URL", "EMAIL_HOST"}}
    return subprocess.run(
        [sys.executable, "-c", "import decentwork.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=False)


def test_secret_key_is_required_when_debug_is_off() -> None:
    result = _load_settings(DEBUG="0", FIELD_ENCRYPTION_KEY="x")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_encryption_key_is_required_when_debug_is_off() -> None:
    result = _load_settings(DEBUG="0", SECRET_KEY="s3cret")
    assert "FIELD_ENCRYPTION_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(("url", "engine"), [
    ("", "django.db.backends.sqlite3"),
    ("postgres://u@db:5432/pes", "django.db.backends.postgresql"),
])
def test_database_url_chooses_the_engine(url: str, engine: str) -> None:
    result = _load_settings(DATABASE_URL=url)
    assert result.stdout.strip() == engine, result.stderr


def test_bad_boolean_is_named() -> None:
    result = _load_settings(DEBUG="perhaps")
    assert "DEBUG must be a boolean" in result.stderr


def test_mail_server_is_required_when_debug_is_off() -> None:
    result = _load_settings(DEBUG="0", SECRET_KEY="s3cret", FIELD_ENCRYPTION_KEY="x")
    assert "EMAIL_HOST must be set when DEBUG is off" in result.stderr


def test_mail_server_from_the_environment() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import decentwork.settings as s; print(s.EMAIL_BACKEND, s.EMAIL_PORT)"],
        cwd=ROOT, env={**os.environ, "DEBUG": "0", "SECRET_KEY": "s", "FIELD_ENCRYPTION_KEY": "x",
                       "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "2525"},
        capture_output=True, text=True, check=False)
    assert result.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "2525"], result.stderr
