"""Pages of the follow-up checks: a person's jobs with their checks (for their
counsellor and for themselves), answering one check, and the person's open questions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
from decentwork.applications.models import Placement
from decentwork.followup.access import (
    access_follow_up,
    follow_ups_of_seeker,
    open_follow_ups_of_self,
    retention_from,
)
from decentwork.followup.actions import answer_follow_up, may_answer
from decentwork.followup.forms import AnswerForm
from decentwork.followup.models import FollowUp
from decentwork.followup.schedule import answerable_from
from decentwork.seekers.access import access_seeker_as_staff

Trail = list[tuple[str, str]]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@dataclass(frozen=True)
class Check:
    follow_up: FollowUp
    retained: bool | None
    answerable: bool
    overdue: bool


@dataclass(frozen=True)
class JobChecks:
    placement: Placement
    employer: str
    checks: list[Check]


def _employer(placement: Placement) -> str:
    return placement.employer.name if placement.employer is not None else placement.employer_name


def _seeker_trail(user: User, seeker_id: int, name: str) -> Trail:
    trail: Trail = []
    if scope_of(user).is_staff_of_office:
        trail.append((_("Caseload"), reverse("seekers:caseload")))
    if not scope_of(user).is_job_seeker:
        trail.append((name, reverse("seekers:seeker_detail", args=[seeker_id])))
    return trail


@login_required
def seeker(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Each job of the person with its checks: due, answered, answers, retention."""
    user = _user(request)
    person = access_seeker_as_staff(user, seeker_id)
    today = clock.today()
    by_placement: dict[int, list[FollowUp]] = {}
    for follow_up in follow_ups_of_seeker(user, person):
        by_placement.setdefault(follow_up.placement_id, []).append(follow_up)
    jobs = []
    for placement in placements_of_seeker(user, seeker_id):
        rows = by_placement.get(placement.pk, [])
        retained = retention_from(placement, rows)
        jobs.append(JobChecks(placement=placement, employer=_employer(placement), checks=[
            Check(follow_up=f, retained=retained.get(f.months),
                  answerable=(f.answered_at is None and today >= answerable_from(f.due_on)
                              and (placement.end_date is None
                                   or placement.end_date >= f.due_on)),
                  overdue=f.answered_at is None and f.due_on < today
                  and (placement.end_date is None or placement.end_date >= f.due_on))
            for f in rows]))
    return render(request, "followup/seeker.html", {
        "seeker": person, "jobs": jobs, "today": today,
        "trail": _seeker_trail(user, person.pk, person.full_name),
    })


@login_required
def answer(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    """The person (or their counsellor) answers one check, in plain language."""
    user = _user(request)
    follow_up = access_follow_up(user, follow_up_id)
    if not may_answer(user, follow_up):
        raise PermissionDenied(_("Only the person or their office may answer this check."))
    placement = follow_up.placement
    is_person = scope_of(user).is_seeker_self(placement.seeker_id)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and follow_up.answered_at is None and form.is_valid():
        data = form.cleaned_data
        try:
            answer_follow_up(user, follow_up, still_employed=bool(data["still_employed"]),
                             same_employer=data["same_employer"],
                             registered=data["registered"],
                             hours_per_week=data["hours_per_week"],
                             wage_band=data["wage_band"], ended_on=data["ended_on"])
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("Thank you: the answers are recorded."))
            if is_person:
                return redirect("followup:mine")
            return redirect("followup:seeker", seeker_id=placement.seeker_id)
    back = (reverse("followup:mine") if is_person
            else reverse("followup:seeker", args=[placement.seeker_id]))
    trail = ([(_("Questions about my job"), back)] if is_person
             else [*_seeker_trail(user, placement.seeker_id, placement.seeker.full_name),
                   (_("Follow-up after placement"), back)])
    return render(request, "followup/answer.html", {
        "form": form, "follow_up": follow_up, "placement": placement,
        "employer": _employer(placement), "is_person": is_person, "back_url": back,
        "opens_on": answerable_from(follow_up.due_on),
        "not_yet": clock.today() < answerable_from(follow_up.due_on),
        "trail": trail,
    })


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The person's open questions about their jobs."""
    user = _user(request)
    if not scope_of(user).is_job_seeker:
        raise Http404("Not a job seeker")
    today: dt.date = clock.today()
    return render(request, "followup/mine.html", {
        "follow_ups": open_follow_ups_of_self(user, today),
    })
