"""Every write to appointments: booking, attendance, no-shows, cancelling, reminders.

Each action checks who may act (through the scope), owns its transaction, validates
everything before it writes, logs every change of state, leaves an audit entry and
tells the person through the inbox (which emails too). Dates and times in notices are
formatted when the notice is rendered, in the recipient's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import Scope, scope_of
from decentwork.agenda.models import (
    MAX_DURATION,
    MIN_DURATION,
    Appointment,
    AppointmentState,
    AppointmentTransition,
    Channel,
)
from decentwork.agenda.workflow import BOOK, LIFECYCLE, Party, Transition
from decentwork.audit.log import record
from decentwork.inbox.actions import notify
from decentwork.seekers.models import JobSeeker

# Booking further ahead than this is almost certainly a typing mistake (a wrong year).
BOOKING_HORIZON = dt.timedelta(days=366)
# Reminders go out for appointments starting within this time from now.
REMINDER_WINDOW = dt.timedelta(hours=24)
PURPOSE_LENGTH = 2000
NOTE_LENGTH = 2000


# Who may act -------------------------------------------------------------------------


def is_staff_for(actor: User | None, seeker: JobSeeker) -> bool:
    """The staff of the person's office, or an administrator of its site: who books,
    records attendance and writes for the person. The pages ask it too."""
    return actor is not None and _staff_for(scope_of(actor), seeker)


def _staff_for(scope: Scope, seeker: JobSeeker) -> bool:
    return scope.serves_office(seeker.office_id, seeker.office.site_id)


def may_take(actor: User | None, appointment: Appointment, transition: Transition) -> bool:
    """Whether ``actor`` may take ``transition`` on ``appointment`` (whatever its state);
    the platform's own steps are taken by no one (``actor`` is ``None``)."""
    if transition.party is Party.SYSTEM:
        return actor is None
    if actor is None:
        return False
    scope = scope_of(actor)
    if _staff_for(scope, appointment.seeker):
        return True
    return transition.party is Party.PERSON and scope.is_seeker_self(appointment.seeker_id)


# Booking -----------------------------------------------------------------------------


@transaction.atomic
def book_appointment(
    actor: User,
    seeker: JobSeeker,
    *,
    starts_at: dt.datetime,
    channel: str,
    duration_minutes: int = 30,
    purpose: str = "",
    counsellor: User | None = None,
) -> Appointment:
    """Book an appointment of the person with their office (the actor is the counsellor
    unless another counsellor of the office is named). The person is told."""
    if not is_staff_for(actor, seeker):
        raise PermissionDenied(_("Only the staff of the job seeker's office may book "
                                 "appointments."))
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    purpose = purpose.strip()
    now = clock.now()
    errors: dict[str, str] = {}
    if starts_at <= now:
        errors["starts_at"] = _("An upcoming appointment must start later than now.")
    elif starts_at - now > BOOKING_HORIZON:
        errors["starts_at"] = _("Book an appointment within a year from today.")
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        errors["duration_minutes"] = _("Enter a duration from %(min)s to %(max)s minutes.") % {
            "min": MIN_DURATION, "max": MAX_DURATION}
    if channel not in Channel.values:
        errors["channel"] = _("Choose one of the listed channels.")
    if len(purpose) > PURPOSE_LENGTH:
        errors["purpose"] = _("Write the purpose in at most %(count)s characters.") % {
            "count": PURPOSE_LENGTH}
    if counsellor is None and scope_of(actor).works_at_office(seeker.office_id):
        counsellor = actor
    if counsellor is not None and not scope_of(counsellor).works_at_office(seeker.office_id):
        errors["counsellor"] = _("Choose a counsellor of the job seeker's office.")
    if errors:
        raise ValidationError(errors)
    appointment = Appointment.objects.create(
        seeker=seeker, counsellor=counsellor, office_id=seeker.office_id, starts_at=starts_at,
        duration_minutes=duration_minutes, channel=channel, purpose=purpose,
        state=AppointmentState.BOOKED, booked_by=actor, booked_at=now, updated_at=now)
    AppointmentTransition.objects.create(
        appointment=appointment, name=BOOK, from_state="", to_state=AppointmentState.BOOKED,
        actor=actor, at=now)
    record(actor, "agenda.book", appointment, seeker=seeker.pk, starts_at=starts_at.isoformat(),
           channel=channel, duration_minutes=duration_minutes)
    _tell_person(appointment, "agenda.booked",
                 gettext_lazy("Appointment with your counsellor on %(date)s"),
                 _booked_body(appointment))
    return appointment


# Transitions -------------------------------------------------------------------------


@transaction.atomic
def change_appointment(
    actor: User | None,
    appointment: Appointment,
    name: str,
    *,
    note: str = "",
) -> Appointment:
    """Take the named transition of ``workflow.LIFECYCLE``: the one writer of
    ``Appointment.state`` after the booking. ``actor`` is ``None`` only for the
    platform itself."""
    transition = LIFECYCLE.get(name)
    if not may_take(actor, appointment, transition):
        raise PermissionDenied(_("You may not take this step on this appointment."))
    note = note.strip()
    if len(note) > NOTE_LENGTH:
        raise ValidationError({"note": _("Write the note in at most %(count)s characters.") % {
            "count": NOTE_LENGTH}})
    locked = (Appointment.objects.select_for_update(of=("self",))
              .select_related("seeker__office__site", "seeker__user", "counsellor", "office")
              .get(pk=appointment.pk))
    LIFECYCLE.check(name, locked.state)
    now = clock.now()
    if transition.after_start and now < locked.starts_at:
        raise ValidationError({"starts_at": _(
            "This appointment has not started yet: record who came once it has started.")})
    from_state = locked.state
    locked.state = transition.target
    locked.updated_at = now
    locked.save(update_fields=["state", "updated_at"])
    AppointmentTransition.objects.create(
        appointment=locked, name=transition.name, from_state=from_state,
        to_state=transition.target, actor=actor, at=now, note=note)
    record(actor, f"agenda.{transition.name}", locked, from_state=from_state,
           to_state=transition.target, note=bool(note))
    if transition.target == AppointmentState.CANCELLED and actor is not None:
        # The platform cancels only an erased person's appointments: they have no
        # inbox any more, and a notice to the counsellor would be about no one.
        _notify_cancelled(actor, locked)
    appointment.state, appointment.updated_at = locked.state, locked.updated_at
    return locked


def record_attendance(actor: User, appointment: Appointment, *, attended: bool,
                      note: str = "") -> Appointment:
    """The person came (``attended``) or did not; only once the appointment started."""
    return change_appointment(actor, appointment, "attend" if attended else "no_show",
                              note=note)


def cancel_appointment(actor: User, appointment: Appointment, *, note: str = "") -> Appointment:
    """Cancel a booked appointment: the office's staff, or the person their own one.
    The other side is told."""
    return change_appointment(actor, appointment, "cancel", note=note)


@transaction.atomic
def cancel_for_erasure(seeker: JobSeeker) -> int:
    """The platform cancels the erased person's booked appointments still to come
    (those past stay as they are, for the attendance still to record); returns how
    many."""
    upcoming = (Appointment.objects.filter(seeker=seeker, state=AppointmentState.BOOKED,
                                           starts_at__gt=clock.now()).order_by("pk"))
    cancelled = 0
    for appointment in upcoming:
        change_appointment(None, appointment, "cancel_erased")
        cancelled += 1
    return cancelled


# Reminders ---------------------------------------------------------------------------


@transaction.atomic
def send_appointment_reminders(now: dt.datetime | None = None) -> int:
    """Remind the person of each booked appointment starting within 24 hours that
    was not reminded yet (inbox and email), once. Returns how many were reminded.

    People without a login have no inbox: their appointments stay unreminded, so a
    login created in time still brings the reminder.
    """
    now = now or clock.now()
    due = list(Appointment.objects.select_for_update(of=("self",), skip_locked=True)
               .select_related("seeker__user", "seeker__office", "office", "counsellor")
               .filter(state=AppointmentState.BOOKED, reminded_at__isnull=True,
                       starts_at__gt=now, starts_at__lte=now + REMINDER_WINDOW,
                       seeker__user__isnull=False, seeker__user__is_active=True)
               .order_by("starts_at", "pk"))
    for appointment in due:
        _tell_person(appointment, "agenda.reminder",
                     gettext_lazy("Reminder: appointment on %(date)s at %(time)s"),
                     _booked_body(appointment))
        appointment.reminded_at = now
        appointment.save(update_fields=["reminded_at"])
        record(None, "agenda.remind", appointment, seeker=appointment.seeker_id)
    return len(due)


# Notices -----------------------------------------------------------------------------

MY_APPOINTMENTS = "/agenda/me/"


def _format_date(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def _format_time(moment: dt.datetime) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


# Formatted when the notice is rendered, in the recipient's language.
_lazy_date = lazy(_format_date, str)
_lazy_time = lazy(_format_time, str)


def _params(appointment: Appointment) -> dict[str, object]:
    office = appointment.office
    return {"date": _lazy_date(appointment.starts_at), "time": _lazy_time(appointment.starts_at),
            "duration": appointment.duration_minutes,
            "channel": Channel(appointment.channel).label,
            "office": office.name, "address": office.address or office.name}


def _booked_body(appointment: Appointment) -> Promise:
    if appointment.channel == Channel.IN_PERSON:
        return gettext_lazy("You have an appointment with %(office)s on %(date)s at %(time)s "
                            "(%(duration)s minutes), in person. Place: %(address)s. If you "
                            "cannot come, cancel it from your appointments.")
    return gettext_lazy("You have an appointment with %(office)s on %(date)s at %(time)s "
                        "(%(duration)s minutes). How: %(channel)s. If you cannot take part, "
                        "cancel it from your appointments.")


def _tell_person(appointment: Appointment, kind: str, subject: str | Promise,
                 body: str | Promise, extra: Mapping[str, object] | None = None) -> None:
    user = appointment.seeker.user
    if user is not None:
        notify(user, kind=kind, subject=subject, body=body,
               params={**_params(appointment), **(extra or {})}, link=MY_APPOINTMENTS)


def _notify_cancelled(actor: User, appointment: Appointment) -> None:
    if scope_of(actor).is_seeker_self(appointment.seeker_id):
        counsellor = appointment.counsellor
        if counsellor is not None:
            notify(counsellor, kind="agenda.cancelled_by_person",
                   subject=gettext_lazy("%(seeker)s cancelled the appointment on %(date)s"),
                   body=gettext_lazy("%(seeker)s cancelled their appointment on %(date)s at "
                                     "%(time)s."),
                   params={**_params(appointment), "seeker": appointment.seeker.full_name},
                   link=f"/agenda/{appointment.pk}/")
        return
    _tell_person(appointment, "agenda.cancelled",
                 gettext_lazy("Your appointment on %(date)s is cancelled"),
                 gettext_lazy("Your appointment with %(office)s on %(date)s at %(time)s is "
                              "cancelled. Your counsellor will propose another time."))
