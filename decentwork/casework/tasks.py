"""The casework reminders, sent every hour by Celery beat (or by cron through
``manage.py send_reminders``). Both sends are idempotent: each appointment and each
follow-up is announced once, so running them again or twice at once changes nothing."""

from __future__ import annotations

from decentwork.agenda.actions import send_appointment_reminders
from decentwork.celery import app
from decentwork.followup.actions import notify_due_follow_ups

SEND_REMINDERS_TASK = "casework.send_reminders"


@app.task(name=SEND_REMINDERS_TASK, ignore_result=True)
def send_reminders() -> tuple[int, int]:
    """Remind people of tomorrow's appointments and of follow-up questions now due;
    returns how many of each were sent."""
    return send_appointment_reminders(), notify_due_follow_ups()
