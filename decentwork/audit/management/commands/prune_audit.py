from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from decentwork.audit.actions import prune_audit_log, retention_cutoff


class Command(BaseCommand):
    help = "Delete audit entries older than AUDIT_RETENTION_DAYS (as the daily beat task does)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune_audit_log()
        self.stdout.write(
            f"Deleted {deleted} audit entries older than {settings.AUDIT_RETENTION_DAYS} days "
            f"(before {retention_cutoff():%Y-%m-%d %H:%M} UTC).")
