"""The one way to write an audit entry; actions call it inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from decentwork.accounts.models import User
from decentwork.audit.models import AuditEntry


def record(
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    **details: Any,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details,
    )
