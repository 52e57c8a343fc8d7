"""``manage.py erase_due``: what Celery beat runs every hour, for a cron job."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decentwork.privacy.tasks import erase_due_requests


class Command(BaseCommand):
    help = ("Erase the people whose erasure request has waited out its grace period "
            "(PRIVACY_ERASURE_GRACE_DAYS). Safe to run as often as you like.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{erase_due_requests()} erasures carried out.")
