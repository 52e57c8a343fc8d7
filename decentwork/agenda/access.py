"""Scoped reads of appointments.

The staff of an office see the appointments of the office's job seekers; a job seeker
sees their own; an administrator sees their site (or every site). Employers and
analysts see none. Lists come with the person, the counsellor and the office joined.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.agenda.models import Appointment, AppointmentState, AppointmentTransition
from decentwork.seekers.access import seekers_for
from decentwork.seekers.models import JobSeeker


def appointments_for(user: User) -> QuerySet[Appointment]:
    return (Appointment.objects.filter(seeker__in=seekers_for(user))
            .select_related("seeker", "seeker__office", "seeker__user", "counsellor", "office")
            .order_by("starts_at", "id"))


def access_appointment(user: User, appointment_id: int) -> Appointment:
    """The appointment for this user, or the same 404 whether it is missing or not theirs."""
    try:
        return appointments_for(user).get(pk=appointment_id)
    except Appointment.DoesNotExist:
        raise Http404("No such appointment") from None


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of ``day`` and of the next day, in the local time zone."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


def appointments_between(user: User, first_day: dt.date, last_day: dt.date, *,
                         office_id: int | None = None) -> QuerySet[Appointment]:
    """The appointments from the start of ``first_day`` to the end of ``last_day``
    (local days), earliest first."""
    start, _end = day_bounds(first_day)
    _start, end = day_bounds(last_day)
    appointments = appointments_for(user).filter(starts_at__gte=start, starts_at__lt=end)
    if office_id is not None:
        appointments = appointments.filter(office_id=office_id)
    return appointments


def appointments_on(user: User, day: dt.date, *,
                    office_id: int | None = None) -> QuerySet[Appointment]:
    """The appointments of one local day, earliest first."""
    return appointments_between(user, day, day, office_id=office_id)


def appointments_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[Appointment]:
    """Every appointment of the person, for those who may see the person's record."""
    return appointments_for(user).filter(seeker_id=seeker.pk)


def upcoming_appointments_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[Appointment]:
    """The person's booked appointments that have not started yet, earliest first."""
    return appointments_of_seeker(user, seeker).filter(
        state=AppointmentState.BOOKED, starts_at__gt=clock.now())


def past_appointments_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[Appointment]:
    """The rest: started, attended, missed or cancelled, latest first."""
    upcoming = upcoming_appointments_of_seeker(user, seeker).values("pk")
    return appointments_of_seeker(user, seeker).exclude(pk__in=upcoming).order_by(
        "-starts_at", "-id")


def transition_log(appointment: Appointment) -> list[AppointmentTransition]:
    """The appointment's history, oldest first. ``appointment`` must come from
    :func:`access_appointment` (the caller proved the scope)."""
    return list(AppointmentTransition.objects.filter(appointment=appointment)
                .select_related("actor").order_by("at", "id"))


def last_attended(seeker_ids: list[int] | set[int]) -> dict[int, dt.datetime]:
    """The start of each person's latest attended appointment. The caller read
    ``seeker_ids`` through its own scope; only times come back, no appointment."""
    rows = (Appointment.objects.filter(seeker_id__in=list(seeker_ids),
                                       state=AppointmentState.ATTENDED)
            .values("seeker_id").annotate(last=Max("starts_at")))
    return {row["seeker_id"]: row["last"] for row in rows}


def with_appointment_booked(seeker_ids: list[int] | set[int],
                            after: dt.datetime) -> set[int]:
    """Those of ``seeker_ids`` with an appointment booked from ``after`` on (the
    caller read the ids through its own scope)."""
    return set(Appointment.objects.filter(seeker_id__in=list(seeker_ids),
                                          state=AppointmentState.BOOKED, starts_at__gte=after)
               .values_list("seeker_id", flat=True))
