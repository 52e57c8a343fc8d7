"""Scoped reads of casework. Every page, endpoint and job reads casework here.

A seeker's casework is seen by whoever sees the seeker (``seekers.access``): the
staff of their office, administrators of the site, and the person themself (their
own plan and places). Employers and analysts see none of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.agenda.access import appointments_on, last_attended, with_appointment_booked
from decentwork.agenda.models import Appointment
from decentwork.audit.log import record
from decentwork.casenotes.access import last_note_written
from decentwork.casework.actions import is_staff_for
from decentwork.casework.models import (
    ActionPlan,
    Assessment,
    Participation,
    PlanStep,
    PlanStepTransition,
    StepState,
)
from decentwork.controlled_lists import TargetGroup
from decentwork.followup.access import follow_ups_due, last_answered_by_counsellor
from decentwork.followup.models import FollowUp
from decentwork.network.models import Site
from decentwork.programmes.models import TrainingProgramme
from decentwork.seekers.access import access_seeker, seekers_for
from decentwork.seekers.models import JobSeeker, SeekerStatus, StatusChange


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


T = TypeVar("T")
M = TypeVar("M", Appointment, PlanStep, FollowUp)

# The counsellor's day: what needs doing today, read from each app's scoped reads.
# Longer lists are cut here, with the total shown: a day's page, not a report.
LIST_LENGTH = 25


@dataclass(frozen=True)
class DayFilter:
    """What the counsellor narrowed the page to; empty means everything in scope."""

    office_id: int | None = None
    target_group: str = ""


@dataclass(frozen=True)
class QuietPerson:
    """Someone nobody has been in touch with since ``last_contact`` (or ever)."""

    seeker: JobSeeker
    last_contact: dt.date | None
    days: int


@dataclass(frozen=True)
class WaitingPerson:
    """Someone looking for work since ``since`` (registration or the end of a job)."""

    seeker: JobSeeker
    since: dt.date
    days: int


@dataclass(frozen=True)
class Listed(Generic[T]):
    """The first ``LIST_LENGTH`` items of a list and how many there are in all."""

    items: list[T]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class CounsellorDay:
    day: dt.date
    appointments: Listed[Appointment]
    overdue_steps: Listed[PlanStep]
    follow_ups_due: Listed[FollowUp]
    no_contact: Listed[QuietPerson]
    waiting_longest: Listed[WaitingPerson]
    contact_gap_days: int


def counsellor_day(user: User, today: dt.date, wanted: DayFilter) -> CounsellorDay:
    """Everything the page shows; the caller checked that ``wanted.office_id`` is one
    of ``network.access.offices_worked_with`` (or left it empty)."""
    people = seekers_for(user)
    if wanted.office_id is not None:
        people = people.filter(office_id=wanted.office_id)
    if wanted.target_group:
        people = people.filter(pk__in=_in_group(user, people, wanted.target_group))
    ids = people.values("pk")
    office_id = wanted.office_id

    appointments = (appointments_on(user, today, office_id=office_id)
                    .filter(seeker_id__in=ids).select_related("seeker")
                    .order_by("starts_at", "id"))
    steps = (overdue_steps(user, today, office_id=office_id)
             .filter(plan__seeker_id__in=ids).select_related("plan__seeker")
             .order_by("due_on", "id"))
    checks = (follow_ups_due(user, today, office_id=office_id)
              .filter(placement__seeker_id__in=ids).select_related("placement__seeker")
              .order_by("due_on", "id"))
    active = list(people.filter(status=SeekerStatus.ACTIVE).select_related("office__site"))
    return CounsellorDay(
        day=today,
        appointments=_listed(appointments),
        overdue_steps=_listed(steps),
        follow_ups_due=_listed(checks),
        no_contact=_first(_quiet(active, today)),
        waiting_longest=_first(_waiting(active, today)),
        contact_gap_days=_contact_gap(user, active),
    )


def _listed(rows: QuerySet[M]) -> Listed[M]:
    return Listed(items=list(rows[:LIST_LENGTH]), total=rows.count())


def _first(items: list[T]) -> Listed[T]:
    return Listed(items=items[:LIST_LENGTH], total=len(items))


def _in_group(user: User, people: QuerySet[JobSeeker], group: str) -> list[int]:
    """The people of ``group``. Target groups are sensitive: reading them for a filter
    is audited once, with how many records were read."""
    if group not in TargetGroup.values:
        return []
    rows = list(people.values_list("pk", "sensitive"))
    record(user, "casework.filter_by_target_group", None, group=group, read=len(rows))
    return [pk for pk, sensitive in rows
            if group in (sensitive or {}).get("target_groups", [])]


def _local_date(moment: dt.datetime | dt.date) -> dt.date:
    if isinstance(moment, dt.datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


def last_contacts(seeker_ids: Iterable[int]) -> dict[int, dt.date]:
    """The last day someone of the office was in touch with each person: an attended
    appointment, a case note, an assessment or plan, a follow-up they recorded."""
    ids = list(seeker_ids)
    latest: dict[int, dt.date] = {}
    sources: list[dict[int, dt.datetime] | dict[int, dt.date]] = [
        last_attended(ids), last_note_written(ids), last_casework_contact(ids),
        last_answered_by_counsellor(ids)]
    for source in sources:
        for seeker_id, moment in source.items():
            day = _local_date(moment)
            if seeker_id not in latest or day > latest[seeker_id]:
                latest[seeker_id] = day
    return latest


def _quiet(active: list[JobSeeker], today: dt.date) -> list[QuietPerson]:
    """Active people out of touch for longer than their site's contact gap, the
    longest first; someone never contacted counts from their registration. People
    with an appointment already booked are left out: what to do is done."""
    contacts = last_contacts(s.pk for s in active)
    booked = with_appointment_booked({s.pk for s in active}, clock.now())
    quiet = []
    for seeker in active:
        if seeker.pk in booked:
            continue
        last = contacts.get(seeker.pk)
        since = last or seeker.registered_on
        days = (today - since).days
        if days > seeker.office.site.contact_gap_days:
            quiet.append(QuietPerson(seeker=seeker, last_contact=last, days=days))
    quiet.sort(key=lambda person: (-person.days, person.seeker.pk))
    return quiet


def _waiting(active: list[JobSeeker], today: dt.date) -> list[WaitingPerson]:
    """Active people by how long they have been looking: since registration, or
    since they last became active again (a job ended, they resumed looking)."""
    resumed = dict(StatusChange.objects
                   .filter(seeker_id__in=[s.pk for s in active], to_status=SeekerStatus.ACTIVE)
                   .values("seeker_id").annotate(last=Max("effective_on"))
                   .values_list("seeker_id", "last"))
    waiting = []
    for seeker in active:
        since = max(seeker.registered_on, resumed.get(seeker.pk) or seeker.registered_on)
        waiting.append(WaitingPerson(seeker=seeker, since=since, days=(today - since).days))
    waiting.sort(key=lambda person: (-person.days, person.seeker.pk))
    return waiting


def _contact_gap(user: User, active: list[JobSeeker]) -> int:
    """The site's contact gap, for the page's wording."""
    if active:
        return active[0].office.site.contact_gap_days
    site_id = scope_of(user).site_id
    site = Site.objects.filter(pk=site_id).first() if site_id is not None else None
    return site.contact_gap_days if site is not None else Site._meta.get_field(
        "contact_gap_days").get_default()
