"""Erasures whose grace period is over, carried out every hour by Celery beat (or by
cron through ``manage.py erase_due``). Idempotent: a request is carried out once."""

from __future__ import annotations

from decentwork.celery import app
from decentwork.privacy.actions import erase_due

ERASE_DUE_TASK = "privacy.erase_due"


@app.task(name=ERASE_DUE_TASK, ignore_result=True)
def erase_due_requests() -> int:
    """Carry out the erasures now due; returns how many."""
    return erase_due()
