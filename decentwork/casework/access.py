"""Scoped reads of casework. Every page, endpoint and job reads casework here.

A seeker's casework is seen by whoever sees the seeker (``seekers.access``): the
staff of their office, administrators of the site, and the person themself (their
own plan and places). Employers and analysts see none of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.casework.actions import is_staff_for
from decentwork.casework.models import (
    ActionPlan,
    Assessment,
    Participation,
    PlanStep,
    PlanStepTransition,
    StepState,
)
from decentwork.programmes.models import TrainingProgramme
from decentwork.seekers.access import access_seeker, seekers_for
from decentwork.seekers.models import JobSeeker


def _sees(user: User, seeker: JobSeeker) -> bool:
    return seekers_for(user).filter(pk=seeker.pk).exists()


def access_casework_seeker(user: User, seeker_id: int) -> JobSeeker:
    """The seeker for the counsellor's casework pages: staff of the person's office
    and administrators; the same 404 for everybody else (the person included:
    their own page is ``my_plan``)."""
    seeker = access_seeker(user, seeker_id)
    if not is_staff_for(user, seeker):
        raise Http404("No such job seeker")
    return seeker


def assessments_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[Assessment]:
    """The seeker's assessments, latest first, with their barriers."""
    if not _sees(user, seeker):
        return Assessment.objects.none()
    return (Assessment.objects.filter(seeker=seeker)
            .select_related("assessed_by").prefetch_related("barriers"))


def _steps() -> Prefetch[str]:
    return Prefetch("steps", queryset=PlanStep.objects.select_related("programme")
                    .prefetch_related(Prefetch(
                        "transitions",
                        queryset=PlanStepTransition.objects.select_related("actor")))
                    .order_by("due_on", "id"))


def current_plan(user: User, seeker: JobSeeker) -> ActionPlan | None:
    """The seeker's open plan with its steps, or ``None``."""
    if not _sees(user, seeker):
        return None
    return (ActionPlan.objects.filter(seeker=seeker, closed_at__isnull=True)
            .select_related("agreed_by", "seeker").prefetch_related(_steps()).first())


def plans_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[ActionPlan]:
    """All the seeker's plans, the open one first, then the replaced ones."""
    if not _sees(user, seeker):
        return ActionPlan.objects.none()
    return (ActionPlan.objects.filter(seeker=seeker).select_related("agreed_by")
            .prefetch_related(_steps()))


def access_step(user: User, step_id: int) -> PlanStep:
    """A step of a plan of a seeker the user sees, or 404."""
    try:
        return (PlanStep.objects.select_related("plan__seeker__office", "programme")
                .get(pk=step_id, plan__seeker__in=seekers_for(user)))
    except PlanStep.DoesNotExist:
        raise Http404("No such step") from None


def overdue_steps(user: User, today: dt.date, *,
                  office_id: int | None = None) -> QuerySet[PlanStep]:
    """Planned steps of open plans due before ``today``, of the seekers in scope,
    longest overdue first."""
    steps = (PlanStep.objects.filter(plan__seeker__in=seekers_for(user),
                                     plan__closed_at__isnull=True,
                                     state=StepState.PLANNED, due_on__lt=today)
             .select_related("plan__seeker__office", "programme").order_by("due_on", "id"))
    if office_id is not None:
        steps = steps.filter(plan__seeker__office_id=office_id)
    return steps


def participations_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[Participation]:
    if not _sees(user, seeker):
        return Participation.objects.none()
    return (Participation.objects.filter(seeker=seeker)
            .select_related("programme", "plan_step").prefetch_related("transitions"))


def access_participation(user: User, participation_id: int) -> Participation:
    try:
        return (Participation.objects.select_related("seeker__office", "programme")
                .get(pk=participation_id, seeker__in=seekers_for(user)))
    except Participation.DoesNotExist:
        raise Http404("No such participation") from None


def open_programmes_for(seeker: JobSeeker) -> QuerySet[TrainingProgramme]:
    """The programmes of the seeker's site open for enrolment (public information)."""
    return TrainingProgramme.objects.filter(site_id=seeker.office.site_id, is_open=True)


def last_casework_contact(seeker_ids: Iterable[int]) -> dict[int, dt.date]:
    """The latest day each seeker was assessed or agreed a plan (absent: never).

    The ids come from a scoped list; only dates are returned."""
    ids = list(seeker_ids)
    latest: dict[int, dt.date] = {}
    for seeker_id, day in (Assessment.objects.filter(seeker_id__in=ids).values("seeker_id")
                           .annotate(day=Max("assessed_on")).values_list("seeker_id", "day")):
        latest[seeker_id] = day
    for seeker_id, day in (ActionPlan.objects.filter(seeker_id__in=ids).values("seeker_id")
                           .annotate(day=Max("agreed_on")).values_list("seeker_id", "day")):
        if seeker_id not in latest or day > latest[seeker_id]:
            latest[seeker_id] = day
    return latest
