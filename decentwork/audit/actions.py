"""Writes on the audit log itself: only pruning by age (entries are never edited)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from decentwork import clock
from decentwork.audit.log import record
from decentwork.audit.models import AuditEntry


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Entries older than this are due for deletion (``AUDIT_RETENTION_DAYS``)."""
    return (now or clock.now()) - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)


def prune_audit_log(now: dt.datetime | None = None) -> int:
    """Delete the entries older than the retention period; returns how many.

    The log must not become a second copy of people's history kept for ever: it
    answers "who read or changed this, and when" for as long as a complaint or an
    inspection can reasonably ask (docs/security.md). The pruning is itself logged,
    with the cutoff and the count, so a gap in the log is never unexplained.
    """
    cutoff = retention_cutoff(now)
    with transaction.atomic():
        deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
        if deleted:
            record(None, "audit.pruned", cutoff=cutoff.isoformat(), entries=deleted)
    return deleted
