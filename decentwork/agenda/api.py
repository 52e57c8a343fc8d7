"""The agenda endpoints: the same actions and scoped reads as the pages.

The office's staff and the site's administrators read the agenda and book; the
person reads their own appointments and may cancel them; everyone else gets 404.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.agenda.access import (
    access_appointment,
    appointments_for,
    appointments_of_seeker,
    appointments_on,
    transition_log,
)
from decentwork.agenda.actions import (
    NOTE_LENGTH,
    PURPOSE_LENGTH,
    book_appointment,
    change_appointment,
)
from decentwork.agenda.models import (
    MAX_DURATION,
    MIN_DURATION,
    Appointment,
    AppointmentState,
    AppointmentTransition,
    Channel,
)
from decentwork.api_inputs import RowId, StoredText
from decentwork.network.access import offices_worked_with
from decentwork.seekers.access import access_seeker

router = Router(tags=["agenda"])


class AppointmentTransitionOut(Schema):
    name: str = Field(description='The step taken ("book" for the first row).')
    from_state: AppointmentState | None = Field(description="None for the first row.")
    to_state: AppointmentState
    at: dt.datetime
    actor_id: int | None
    note: str

    @staticmethod
    def resolve_from_state(obj: AppointmentTransition) -> str | None:
        return obj.from_state or None


class AppointmentOut(Schema):
    id: int
    seeker_id: int
    seeker_name: str = Field(description="The job seeker's full name.")
    counsellor_id: int | None = Field(description="None when the office has not said who.")
    office_id: int
    office_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    channel: Channel
    purpose: str
    state: AppointmentState
    reminded_at: dt.datetime | None = Field(description="When the reminder was sent.")

    @staticmethod
    def resolve_seeker_name(obj: Appointment) -> str:
        return obj.seeker.full_name

    @staticmethod
    def resolve_office_name(obj: Appointment) -> str:
        return obj.office.name


class AppointmentDetailOut(AppointmentOut):
    transitions: list[AppointmentTransitionOut] = Field(description="The history, oldest first.")

    @staticmethod
    def resolve_transitions(obj: Appointment) -> list[AppointmentTransition]:
        return transition_log(obj)


class AgendaFilters(Schema):
    day: dt.date | None = Field(None, description="The local day (today when left out).")
    office_id: RowId | None = Field(None, description="Only this office's appointments.")


class BookIn(Schema):
    starts_at: dt.datetime = Field(description="Later than now, within a year; a time "
                                               "without an offset is local time.")
    channel: Channel
    duration_minutes: int = Field(30, ge=MIN_DURATION, le=MAX_DURATION)
    purpose: StoredText = Field("", max_length=PURPOSE_LENGTH)
    counsellor_id: RowId | None = Field(
        None, description="A counsellor of the person's office (the booking counsellor "
                          "when left out).")


class StepIn(Schema):
    note: StoredText = Field("", max_length=NOTE_LENGTH)


@router.get("/appointments", response=list[AppointmentOut])
def agenda(request: HttpRequest, filters: Query[AgendaFilters]) -> list[Appointment]:
    """One local day of the reader's agenda, earliest first: the office's for its
    staff, the site's for an administrator, their own for a job seeker."""
    user = _user(request)
    if not scope_of(user).is_job_seeker and not offices_worked_with(user).exists():
        raise Http404("No agenda")
    return list(appointments_on(user, filters.day or clock.today(),
                                office_id=filters.office_id))


@router.get("/appointments/{int:appointment_id}", response=AppointmentDetailOut)
def appointment_detail(request: HttpRequest, appointment_id: int) -> Appointment:
    return access_appointment(_user(request), appointment_id)


@router.get("/seekers/{int:seeker_id}/appointments", response=list[AppointmentOut])
def seeker_appointments(request: HttpRequest, seeker_id: int) -> list[Appointment]:
    """Every appointment of the person, latest first."""
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    return list(appointments_of_seeker(user, seeker).order_by("-starts_at", "-id"))


@router.post("/seekers/{int:seeker_id}/appointments", response={201: AppointmentDetailOut})
def book(request: HttpRequest, seeker_id: int, payload: BookIn) -> Status[Appointment]:
    """Book an appointment; the person is told by inbox and email."""
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    counsellor = None
    if payload.counsellor_id is not None:
        counsellor = User.objects.filter(pk=payload.counsellor_id).first()
        if counsellor is None:
            raise ValidationError({"counsellor_id": _("There is no such counsellor.")})
    appointment = book_appointment(
        user, seeker, starts_at=payload.starts_at, channel=payload.channel,
        duration_minutes=payload.duration_minutes, purpose=payload.purpose,
        counsellor=counsellor)
    return Status(201, appointments_for(user).get(pk=appointment.pk))


def _step(request: HttpRequest, appointment_id: int, name: str, payload: StepIn) -> Appointment:
    user = _user(request)
    appointment = access_appointment(user, appointment_id)
    change_appointment(user, appointment, name, note=payload.note)
    return access_appointment(user, appointment_id)


@router.post("/appointments/{int:appointment_id}/attend", response=AppointmentDetailOut)
def attend(request: HttpRequest, appointment_id: int, payload: StepIn) -> Appointment:
    """The person came (only once the appointment has started)."""
    return _step(request, appointment_id, "attend", payload)


@router.post("/appointments/{int:appointment_id}/no-show", response=AppointmentDetailOut)
def no_show(request: HttpRequest, appointment_id: int, payload: StepIn) -> Appointment:
    """The person did not come (only once the appointment has started)."""
    return _step(request, appointment_id, "no_show", payload)


@router.post("/appointments/{int:appointment_id}/cancel", response=AppointmentDetailOut)
def cancel(request: HttpRequest, appointment_id: int, payload: StepIn) -> Appointment:
    """Cancel a booked appointment: the office's staff, or the person their own."""
    return _step(request, appointment_id, "cancel", payload)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # django_auth let only signed-in users through
    return user
