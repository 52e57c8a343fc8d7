"""Appointments with job seekers: the counsellor's agenda, reminders, attendance and no-shows.

An appointment's life is the transition table in ``workflow.py``; the only writer of
``Appointment.state`` is ``actions.py``, which writes an ``AppointmentTransition`` row
for every change (the booking included).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.lifecycle import TransitionLog
from decentwork.network.models import Office
from decentwork.seekers.models import JobSeeker

# The shortest and the longest appointment a counsellor may book, in minutes.
MIN_DURATION = 5
MAX_DURATION = 480


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(models.Model):
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="appointments")
    # The counsellor the person meets; None when the office has not said who yet.
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("counsellor"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Where it takes place (in person) or which office holds it (phone, video).
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT,
                               related_name="appointments")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=AppointmentState.choices,
                             default=AppointmentState.BOOKED, db_index=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    booked_at = models.DateTimeField(_("booked at"))
    updated_at = models.DateTimeField(_("last changed at"))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["office", "starts_at"]),
                   models.Index(fields=["seeker", "starts_at"]),
                   models.Index(fields=["state", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=MIN_DURATION)
                & models.Q(duration_minutes__lte=MAX_DURATION),
                name="appointment_duration_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id} @ {self.starts_at:%Y-%m-%d %H:%M} ({self.state})"

    @property
    def is_in_person(self) -> bool:
        return self.channel == Channel.IN_PERSON

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class AppointmentTransition(TransitionLog):
    """One change of an appointment's state: who, when, from, to, with what note.

    ``name`` is the transition's in ``workflow.LIFECYCLE``, "book" for the first row.
    """

    appointment = models.ForeignKey(Appointment, verbose_name=_("appointment"),
                                    on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=12, choices=AppointmentState.choices,
                                  blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=AppointmentState.choices)

    class Meta:
        verbose_name = _("appointment transition")
        verbose_name_plural = _("appointment transitions")
        ordering = ["appointment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.appointment_id}: {self.from_state} → {self.to_state}"
