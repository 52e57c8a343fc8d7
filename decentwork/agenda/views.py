"""Pages of the agenda: the office's day and coming week for its counsellors, a
person's appointments with the booking form, one appointment with what happened,
and the person's own upcoming appointments."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.agenda.access import (
    access_appointment,
    appointments_between,
    appointments_on,
    past_appointments_of_seeker,
    transition_log,
    upcoming_appointments_of_seeker,
)
from decentwork.agenda.actions import book_appointment, change_appointment, is_staff_for
from decentwork.agenda.forms import AppointmentStepForm, BookForm
from decentwork.agenda.models import Appointment, AppointmentState
from decentwork.agenda.workflow import LIFECYCLE, Party, Transition
from decentwork.network.access import offices_worked_with
from decentwork.seekers.access import access_seeker
from decentwork.seekers.models import JobSeeker

Trail = list[tuple[str, str]]
# The days after the one shown that the agenda lists too.
COMING_DAYS = 7


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _seeker_trail(user: User, seeker: JobSeeker) -> Trail:
    trail: Trail = []
    if scope_of(user).is_staff_of_office:
        trail.append((_("Caseload"), reverse("seekers:caseload")))
    trail.append((seeker.full_name, reverse("seekers:seeker_detail", args=[seeker.pk])))
    return trail


# The agenda of an office -------------------------------------------------------------


@login_required
def agenda(request: HttpRequest) -> HttpResponse:
    """One day (``?day=YYYY-MM-DD``, today by default) and the week after it."""
    user = _user(request)
    scope = scope_of(user)
    if scope.is_job_seeker:
        return redirect("agenda:mine")
    offices = list(offices_worked_with(user))
    if not offices:
        raise Http404("No agenda")
    today = clock.today()
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    office_id = _int_or_none(request.GET.get("office"))
    if office_id not in {office.pk for office in offices}:
        office_id = None
    appointments = list(appointments_on(user, day, office_id=office_id))
    coming: dict[dt.date, list[Appointment]] = {}
    for appointment in appointments_between(
            user, day + dt.timedelta(days=1), day + dt.timedelta(days=COMING_DAYS),
            office_id=office_id).filter(state=AppointmentState.BOOKED):
        coming.setdefault(timezone.localdate(appointment.starts_at), []).append(appointment)

    def day_url(other: dt.date) -> str:
        query = QueryDict(mutable=True)
        query["day"] = other.isoformat()
        if office_id is not None:
            query["office"] = str(office_id)
        return f"{reverse('agenda:agenda')}?{query.urlencode()}"

    return render(request, "agenda/agenda.html", {
        "day": day, "is_today": day == today, "appointments": appointments,
        "coming": sorted(coming.items()),
        "previous_url": day_url(day - dt.timedelta(days=1)),
        "next_url": day_url(day + dt.timedelta(days=1)),
        "today_url": day_url(today),
        "offices": offices if len(offices) > 1 else [], "office_id": office_id,
    })


# A person's appointments, and booking ------------------------------------------------


def _staff_seeker(user: User, seeker_id: int) -> JobSeeker:
    """The seeker if the user is staff of their office or an administrator; the same
    404 otherwise (the person sees their own appointments on ``agenda:mine``)."""
    seeker = access_seeker(user, seeker_id)
    if not is_staff_for(user, seeker):
        raise Http404("No such job seeker")
    return seeker


@login_required
def seeker_appointments(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user = _user(request)
    seeker = _staff_seeker(user, seeker_id)
    form = BookForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = book_appointment(
                user, seeker, starts_at=form.starts_at(), channel=data["channel"],
                duration_minutes=data["duration_minutes"], purpose=data["purpose"])
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The appointment is booked and %(name)s is told.") % {
                "name": seeker.full_name})
            return redirect("agenda:detail", appointment_id=appointment.pk)
    return render(request, "agenda/seeker.html", {
        "seeker": seeker, "form": form,
        "upcoming": upcoming_appointments_of_seeker(user, seeker),
        "past": past_appointments_of_seeker(user, seeker),
        "trail": _seeker_trail(user, seeker),
    })


# One appointment ---------------------------------------------------------------------


def _open_steps(user: User, appointment: Appointment) -> list[Transition]:
    """The steps the reader may take now (attendance only once it has started)."""
    as_person = not is_staff_for(user, appointment.seeker)
    if as_person and not scope_of(user).is_seeker_self(appointment.seeker_id):
        return []
    started = clock.now() >= appointment.starts_at
    parties = [Party.PERSON] if as_person else [Party.STAFF, Party.PERSON]
    return [step for step in LIFECYCLE.open_from(appointment.state, parties)
            if started or not step.after_start]


@login_required
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    user = _user(request)
    appointment = access_appointment(user, appointment_id)
    steps = _open_steps(user, appointment)
    if request.method == "POST" and not steps:
        raise PermissionDenied(_("You may not take this step on this appointment."))
    form = AppointmentStepForm(_posted(request), steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            change_appointment(user, appointment, form.cleaned_data["step"],
                               note=form.cleaned_data["note"])
        except ValidationError as error:
            form.show(error)
            appointment = access_appointment(user, appointment_id)
            steps = _open_steps(user, appointment)
        else:
            messages.success(request, _("Recorded: %(state)s.") % {
                "state": AppointmentState(appointment.state).label})
            return redirect("agenda:detail", appointment_id=appointment.pk)
    is_person = scope_of(user).is_seeker_self(appointment.seeker_id)
    trail: Trail = ([(_("My appointments"), reverse("agenda:mine"))] if is_person else [
        *_seeker_trail(user, appointment.seeker),
        (_("Appointments"), reverse("agenda:seeker", args=[appointment.seeker_id]))])
    return render(request, "agenda/detail.html", {
        "appointment": appointment, "history": transition_log(appointment),
        "form": form if steps else None, "is_person": is_person,
        "single_step": steps[0] if len(steps) == 1 else None, "trail": trail,
    })


# The person's own --------------------------------------------------------------------


@login_required
def my_appointments(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = scope_of(user)
    if not scope.is_job_seeker or scope.seeker_id is None:
        raise Http404("No appointments of your own")
    seeker = access_seeker(user, scope.seeker_id)
    return render(request, "agenda/mine.html", {
        "upcoming": upcoming_appointments_of_seeker(user, seeker),
    })
