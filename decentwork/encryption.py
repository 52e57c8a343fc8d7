"""Encryption at rest for sensitive attributes (ADR 0004).

Values are serialised to JSON and sealed with Fernet (AES-128-CBC + HMAC-SHA256).
``FIELD_ENCRYPTION_KEY`` may list several keys, newest first, so keys can rotate:
new writes use the first, reads try all.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in settings.FIELD_ENCRYPTION_KEYS])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be one or more url-safe base64 32-byte Fernet keys, "
            "comma-separated"
        ) from exc


def seal(value: Any) -> str:
    return _fernet().encrypt(json.dumps(value, sort_keys=True).encode()).decode()


def unseal(token: str) -> Any:
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A sensitive value cannot be decrypted: FIELD_ENCRYPTION_KEY does not hold the key "
            "it was written with"
        ) from exc


class EncryptedJSONField(models.TextField):  # type: ignore[type-arg]
    """A JSON value stored as a Fernet token; the database never sees plain text."""

    # Tell django-stubs what the attribute holds in Python (any JSON value).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: object, connection: object) -> Any:
        return None if value is None or value == "" else unseal(value)

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        return None if value is None else seal(value)
