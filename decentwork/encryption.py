"""Encryption at rest for sensitive attributes (ADR 0004).

Values are serialised to JSON and sealed with Fernet (AES-128-CBC + HMAC-SHA256).
``FIELD_ENCRYPTION_KEY`` may list several keys, newest first, so keys can rotate:
new writes use the first, reads try all.

Every column that holds such tokens is declared by its field class
(:class:`EncryptedJSONField`, or :class:`SealedBinaryField` for bytes the caller
seals itself), so that the start-up check below and ``manage.py
rotate_encryption_key`` find them all through the app registry, including those
of apps added later.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, models, router
from django.db.models import ExpressionWrapper, F, QuerySet


def cipher() -> MultiFernet:
    """All the configured keys: encrypts with the first, decrypts with any."""
    return MultiFernet(_keys())


def newest_key() -> Fernet:
    """The key new values are sealed with (the first of FIELD_ENCRYPTION_KEY)."""
    return _keys()[0]


def _keys() -> list[Fernet]:
    try:
        return [Fernet(key.strip().encode()) for key in settings.FIELD_ENCRYPTION_KEYS]
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be one or more url-safe base64 32-byte Fernet keys, "
            "comma-separated"
        ) from exc


def seal(value: Any) -> str:
    return cipher().encrypt(json.dumps(value, sort_keys=True).encode()).decode()


def unseal(token: str) -> Any:
    try:
        return json.loads(cipher().decrypt(token.encode()))
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


class SealedBinaryField(models.BinaryField):  # type: ignore[type-arg]
    """Bytes that the caller sealed with these keys (a Fernet token), for values too
    large to go through JSON; stored as they are. The class only declares the column
    to the key check and to the key rotation."""


# ---------------------------------------------------------------------------
# Finding the stored tokens


@dataclass(frozen=True)
class SealedColumn:
    """A model field that holds Fernet tokens sealed with FIELD_ENCRYPTION_KEY."""

    model: type[models.Model]
    field: models.Field[Any, Any]

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def is_binary(self) -> bool:
        return isinstance(self.field, models.BinaryField)

    def table_exists(self) -> bool:
        connection = connections[self.database]
        with connection.cursor() as cursor:
            return self.model._meta.db_table in connection.introspection.table_names(cursor)

    @property
    def database(self) -> str:
        return router.db_for_read(self.model) or "default"

    @property
    def raw_type(self) -> models.Field[Any, Any]:
        """The plain field type of the column: reads and writes tokens as they are,
        without this field's own conversion (which would unseal or seal again)."""
        return models.BinaryField() if self.is_binary else models.TextField()

    def stored(self) -> QuerySet[Any, Any]:
        """Rows holding a token, as ``(pk, token)`` in primary-key order, with the
        token as stored (``str``, ``bytes`` or ``memoryview``)."""
        # Filtering on the field itself would seal the compared value first.
        rows: QuerySet[Any, Any] = (
            self.model._default_manager.using(self.database)
            .annotate(token=ExpressionWrapper(F(self.field.name), output_field=self.raw_type))
            .filter(token__isnull=False)
            .exclude(token=b"" if self.is_binary else "")
            .order_by("pk")
            .values_list("pk", "token"))
        return rows


def sealed_columns() -> list[SealedColumn]:
    """Every concrete field of every installed model that holds sealed values."""
    return [SealedColumn(model, field)
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
            for field in model._meta.concrete_fields
            if isinstance(field, (EncryptedJSONField, SealedBinaryField))]


def token_bytes(token: str | bytes | memoryview) -> bytes:
    """A stored token as bytes: TextField gives str, PostgreSQL's bytea a memoryview."""
    return token.encode() if isinstance(token, str) else bytes(token)


def _samples(column: SealedColumn, per_end: int) -> Iterator[tuple[Any, bytes]]:
    # The oldest and the newest rows: after a key change, the newest were written
    # with the new key and the oldest most likely with the one before.
    stored = column.stored()
    oldest = list(stored[:per_end])
    newest = list(stored.reverse()[:per_end])
    seen = set()
    for pk, token in oldest + newest:
        if pk not in seen:
            seen.add(pk)
            yield pk, token_bytes(token)


@checks.register(checks.Tags.security)
def check_encryption_keys(app_configs: Sequence[Any] | None = None, **kwargs: Any,
                          ) -> list[checks.CheckMessage]:
    """Refuse to start when FIELD_ENCRYPTION_KEY cannot decrypt the stored data.

    Reads a few of the oldest and newest values of every sealed column: a key that
    was replaced instead of rotated fails here, at ``manage.py check`` and at
    start-up, rather than as a server error on every page that loads a seeker.
    Before ``migrate`` (no table) or on an empty table there is nothing to read.
    """
    try:
        keys = cipher()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="decentwork.E001")]
    errors: list[checks.CheckMessage] = []
    for column in sealed_columns():
        try:
            if not column.table_exists():
                continue
        except DatabaseError as error:
            # Commands that need no database (makemigrations, collectstatic) still run.
            return [checks.Warning(f"The stored sealed values were not checked: {error}",
                                   id="decentwork.W001")]
        for pk, token in _samples(column, per_end=3):
            try:
                keys.decrypt(token)
            except InvalidToken:
                errors.append(checks.Error(
                    f"{column.label} of row {pk} cannot be decrypted with any key in "
                    "FIELD_ENCRYPTION_KEY.",
                    hint=("The key it was written with is missing. To change keys, list the "
                          "new key first and keep the old one after it "
                          "(FIELD_ENCRYPTION_KEY=new,old), run `manage.py "
                          "rotate_encryption_key`, then remove the old key."),
                    obj=column.field,
                    id="decentwork.E002"))
                break
    return errors
