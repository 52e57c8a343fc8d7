"""The audit log's retention, applied daily by Celery beat (or by cron through
``manage.py prune_audit``)."""

from __future__ import annotations

from decentwork.audit.actions import prune_audit_log
from decentwork.celery import app

PRUNE_AUDIT_TASK = "audit.prune"


@app.task(name=PRUNE_AUDIT_TASK, ignore_result=True)
def prune_audit() -> int:
    return prune_audit_log()
