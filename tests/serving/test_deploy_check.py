"""`manage.py check --deploy` finds nothing to warn about in the production settings."""

from __future__ import annotations

from tests.serving.conftest import manage


def test_deploy_check_is_clean(production_env: dict[str, str]) -> None:
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_check_names_what_is_unsafe(production_env: dict[str, str]) -> None:
    """The check is real: a guessable key fails it, and each HTTPS switch is the
    environment's (switched off for a proxy that does it, the check says so)."""
    result = manage({**production_env, "SECRET_KEY": "short", "SECURE_SSL_REDIRECT": "0",
                     "SECURE_HSTS_SECONDS": "0"},
                    "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for warning in ("security.W009", "security.W008", "security.W004"):
        assert warning in result.stderr
