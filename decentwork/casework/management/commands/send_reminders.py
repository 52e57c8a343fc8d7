"""``manage.py send_reminders``: what Celery beat runs every hour, for a cron job."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decentwork.casework.tasks import send_reminders


class Command(BaseCommand):
    help = ("Remind people of appointments in the next 24 hours and of follow-up "
            "questions that fell due. Safe to run as often as you like.")

    def handle(self, *args: Any, **options: Any) -> None:
        appointments, follow_ups = send_reminders()
        self.stdout.write(f"{appointments} appointment reminders, "
                          f"{follow_ups} follow-up questions sent.")
