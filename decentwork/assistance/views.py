"""Pages of social assistance: a person's spells and exits, ending a spell, and the
exits per office over a period (counts only)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.access import placements_of_seeker
from decentwork.assistance.access import (
    access_spell,
    exits_by_office,
    exits_of_seeker,
    offices_in_scope,
    spells_of_seeker,
)
from decentwork.assistance.actions import end_spell, may_record_spells, record_spell
from decentwork.assistance.forms import EndSpellForm, PeriodForm, SpellForm
from decentwork.clock import add_months
from decentwork.seekers.access import access_seeker_as_staff

Trail = list[tuple[str, str]]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _trail(user: User, seeker_id: int, name: str) -> Trail:
    trail: Trail = []
    if scope_of(user).is_staff_of_office:
        trail.append((_("Caseload"), reverse("seekers:caseload")))
    if not scope_of(user).is_job_seeker:
        trail.append((name, reverse("seekers:seeker_detail", args=[seeker_id])))
    return trail


@login_required
def seeker(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """The person's spells (latest first), their exits with the job each follows, and
    for their office a form to record a spell."""
    user = _user(request)
    person = access_seeker_as_staff(user, seeker_id)
    may_record = may_record_spells(user, person)
    form = SpellForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(_("Only the staff of the person's office may record their "
                                     "social assistance."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_spell(user, person, programme_name=data["programme_name"],
                             started_on=data["started_on"], ended_on=data["ended_on"],
                             end_reason=data["end_reason"])
            except ValidationError as error:
                form.show(error)
            else:
                messages.success(request, _("The spell of assistance is recorded."))
                return redirect("assistance:seeker", seeker_id=person.pk)
    today = clock.today()
    placements = {p.pk: p for p in placements_of_seeker(user, seeker_id)}
    exits = [(found, placements.get(found.placement_id))
             for found in exits_of_seeker(user, person, today)]
    return render(request, "assistance/seeker.html", {
        "seeker": person, "spells": spells_of_seeker(user, person), "exits": exits,
        "form": form, "may_record": may_record,
        "window": person.office.site.exit_window_months,
        "trail": _trail(user, person.pk, person.full_name),
    })


@login_required
def end(request: HttpRequest, spell_id: int) -> HttpResponse:
    """The assistance stopped: its last day and why."""
    user = _user(request)
    spell = access_spell(user, spell_id)
    if not may_record_spells(user, spell.seeker):
        raise PermissionDenied(_("Only the staff of the person's office may record their "
                                 "social assistance."))
    form = EndSpellForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            end_spell(user, spell, ended_on=form.cleaned_data["ended_on"],
                      end_reason=form.cleaned_data["end_reason"])
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The end of the assistance is recorded."))
            return redirect("assistance:seeker", seeker_id=spell.seeker_id)
    back = reverse("assistance:seeker", args=[spell.seeker_id])
    return render(request, "applications/step.html", {
        "form": form,
        "heading": _("End this spell of %(programme)s") % {"programme": spell.programme_name},
        "intro": [_("Since %(day)s.") % {"day": spell.started_on.isoformat()}],
        "submit_label": _("Record the end"), "back_url": back,
        "trail": [*_trail(user, spell.seeker_id, spell.seeker.full_name),
                  (_("Social assistance"), back)],
    })


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months, today included."""
    return add_months(today, -12) + dt.timedelta(days=1), today


@login_required
def offices(request: HttpRequest) -> HttpResponse:
    """Exits from assistance per office over a period: counts only."""
    user = _user(request)
    if not offices_in_scope(user).exists():
        raise Http404("No offices")
    today = clock.today()
    since, until = default_period(today)
    form = PeriodForm(request.GET or None)
    if form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
        if since > until:
            form.add_error("until", _("The end of the period must be after its start."))
            since, until = default_period(today)
    rows = exits_by_office(user, since=since, until=until, today=today)
    return render(request, "assistance/offices.html", {
        "rows": rows, "since": since, "until": until, "form": form,
        "total": sum(row.exits for row in rows),
    })
