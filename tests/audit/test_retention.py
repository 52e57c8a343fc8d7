"""The audit log keeps entries for AUDIT_RETENTION_DAYS and no longer."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from decentwork.audit.actions import prune_audit_log
from decentwork.audit.log import record
from decentwork.audit.models import AuditEntry

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _entry_at(at: dt.datetime, action: str) -> None:
    entry = record(None, action)
    AuditEntry.objects.filter(pk=entry.pk).update(at=at)


def test_entries_older_than_the_retention_are_deleted_and_the_pruning_logged(
        db: None, settings) -> None:
    settings.AUDIT_RETENTION_DAYS = 30
    _entry_at(NOW - dt.timedelta(days=31), "old")
    _entry_at(NOW - dt.timedelta(days=29), "recent")
    assert prune_audit_log(NOW) == 1
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"recent", "audit.pruned"}
    pruning = AuditEntry.objects.get(action="audit.pruned")
    assert pruning.details["entries"] == 1


def test_nothing_to_prune_writes_nothing(db: None, settings) -> None:
    settings.AUDIT_RETENTION_DAYS = 30
    _entry_at(NOW, "recent")
    assert prune_audit_log(NOW) == 0
    assert AuditEntry.objects.count() == 1


def test_the_command_reports_the_count(db: None, settings, capsys) -> None:
    settings.AUDIT_RETENTION_DAYS = 1
    _entry_at(dt.datetime(2020, 1, 1, tzinfo=dt.UTC), "ancient")
    call_command("prune_audit")
    assert "Deleted 1 audit entries older than 1 days" in capsys.readouterr().out
