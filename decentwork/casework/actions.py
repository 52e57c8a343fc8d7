"""Every write of casework: assessments, action plans and their steps, places in
programmes.

Each action checks who may act (through the scope), owns its transaction, checks
its whole input before writing anything (a refusal names the field), writes a log
row for every change of state, leaves an audit entry and tells the person through
the inbox when a plan is agreed or a place offered.

Counsellor actions belong to the staff of the person's office and to administrators
of the site; the person may complete their own steps and accept or decline a place
offered to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import Scope, scope_of
from decentwork.audit.log import record
from decentwork.casework.models import (
    ActionPlan,
    AssessedBarrier,
    Assessment,
    Barrier,
    Participation,
    ParticipationState,
    ParticipationTransition,
    PlanStep,
    PlanStepTransition,
    Severity,
    StepOwner,
    StepState,
    StepType,
)
from decentwork.casework.proposals import StepInput, proposed_steps
from decentwork.casework.workflow import PARTICIPATION_LIFECYCLE, STEP_LIFECYCLE, Party
from decentwork.controlled_lists import TargetGroup
from decentwork.inbox.actions import notify
from decentwork.lifecycle import TransitionNotAllowed
from decentwork.programmes.models import TrainingProgramme
from decentwork.seekers.actions import declare_target_group
from decentwork.seekers.models import JobSeeker

__all__ = [
    "StepInput", "TransitionNotAllowed", "add_step", "agree_plan", "change_participation",
    "change_step", "is_staff_for", "may_take_participation_step", "may_take_step",
    "offer_place", "proposed_steps", "record_assessment",
]

# The name of the first log row of a step or a participation (not a table transition).
CREATE = "create"
OFFER = "offer"
TITLE_LENGTH = 300


# Who may act ------------------------------------------------------------------------


def _staff(scope: Scope, seeker: JobSeeker) -> bool:
    return scope.serves_office(seeker.office_id, seeker.office.site_id)


def is_staff_for(actor: User | None, seeker: JobSeeker) -> bool:
    """The staff of the person's office or an administrator of the site: who does the
    counsellor's part of casework. The pages ask it too."""
    return actor is not None and _staff(scope_of(actor), seeker)


def _require_staff(actor: User, seeker: JobSeeker) -> None:
    if not is_staff_for(actor, seeker):
        raise PermissionDenied(_("Only the staff of the job seeker's office may do this."))


def may_take_step(actor: User | None, step: PlanStep, name: str) -> bool:
    """Whether ``actor`` may take the named transition of ``step`` (any state)."""
    rule = STEP_LIFECYCLE.transitions.get(name)
    if rule is None or actor is None:
        return False
    seeker = step.plan.seeker
    scope = scope_of(actor)
    if _staff(scope, seeker):
        return True
    return (rule.party is Party.PERSON and step.owner == StepOwner.SEEKER
            and scope.is_seeker_self(seeker.pk))


def may_take_participation_step(actor: User | None, participation: Participation,
                                name: str) -> bool:
    rule = PARTICIPATION_LIFECYCLE.transitions.get(name)
    if rule is None or actor is None:
        return False
    scope = scope_of(actor)
    if _staff(scope, participation.seeker):
        return True
    return rule.party is Party.PERSON and scope.is_seeker_self(participation.seeker_id)


# Assessment -------------------------------------------------------------------------


@transaction.atomic
def record_assessment(
    actor: User,
    seeker: JobSeeker,
    *,
    assessed_on: dt.date,
    barriers: Mapping[str, str],
    employment_history: str = "",
    goals: str = "",
    target_groups: Iterable[str] | None = None,
) -> Assessment:
    """Record a needs assessment; the earlier ones stay as its history.

    ``barriers`` maps each barrier of :class:`Barrier` to its :class:`Severity`.
    Target groups are declared through ``seekers.actions.declare_target_group``,
    which records the person's consent with each group.
    """
    _require_staff(actor, seeker)
    groups = sorted(set(target_groups or ()))
    errors: dict[str, str] = {}
    if assessed_on > clock.today():
        errors["assessed_on"] = _("The day of the assessment cannot be in the future.")
    unknown = [b for b in barriers if b not in Barrier.values]
    if unknown:
        errors["barriers"] = _("Choose the barriers from the list.")
    elif any(s not in Severity.values for s in barriers.values()):
        errors["barriers"] = _("Choose how severe each barrier is.")
    if any(g not in TargetGroup.values for g in groups):
        errors["target_groups"] = _("Choose the target groups from the list.")
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(
        seeker=seeker, assessed_on=assessed_on, assessed_by=actor,
        employment_history=employment_history.strip(), goals=goals.strip(),
        recorded_at=clock.now())
    AssessedBarrier.objects.bulk_create(
        AssessedBarrier(assessment=assessment, barrier=b, severity=s)
        for b, s in sorted(barriers.items()))
    for group in groups:
        declare_target_group(actor, seeker, group)
    record(actor, "casework.record_assessment", assessment, seeker=seeker.pk,
           barriers=sorted(barriers), target_groups=len(groups))
    return assessment


# Plans ------------------------------------------------------------------------------


def _step_errors(seeker: JobSeeker, step: StepInput, starts_on: dt.date, prefix: str,
                 programmes: Mapping[int, TrainingProgramme]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if step.step_type not in StepType.values:
        errors[f"{prefix}step_type"] = _("Choose the type of step from the list.")
    if not step.title.strip():
        errors[f"{prefix}title"] = _("Say in plain words what will be done.")
    elif len(step.title.strip()) > TITLE_LENGTH:
        errors[f"{prefix}title"] = _("Keep it shorter than %(n)d characters.") % {
            "n": TITLE_LENGTH}
    if step.owner not in StepOwner.values:
        errors[f"{prefix}owner"] = _("Choose who does it.")
    if step.due_on < starts_on:
        errors[f"{prefix}due_on"] = _(
            "The due date cannot be before the plan starts (%(start)s).") % {
            "start": formats.date_format(starts_on, "DATE_FORMAT")}
    if step.barrier and step.barrier not in Barrier.values:
        errors[f"{prefix}barrier"] = _("Choose the barrier from the list.")
    if step.programme_id is not None:
        problem = _place_problem(seeker, programmes.get(step.programme_id))
        if problem:
            errors[f"{prefix}programme"] = problem
    return errors


def _place_problem(seeker: JobSeeker, programme: TrainingProgramme | None) -> str:
    """Why the person cannot be offered a place in ``programme`` (empty if they can)."""
    if programme is None or programme.site_id != seeker.office.site_id or not programme.is_open:
        return _("Choose one of the site's open programmes.")
    states = set(Participation.objects.filter(seeker=seeker, programme=programme)
                 .values_list("state", flat=True))
    if states & {ParticipationState.OFFERED, ParticipationState.ENROLLED}:
        return _("This person already has a place in this programme.")
    if ParticipationState.COMPLETED in states:
        return _("This person has already completed this programme.")
    return ""


def _programmes(steps: Iterable[StepInput]) -> dict[int, TrainingProgramme]:
    ids = {s.programme_id for s in steps if s.programme_id is not None}
    return TrainingProgramme.objects.in_bulk(ids) if ids else {}


def _create_step(actor: User, plan: ActionPlan, step: StepInput,
                 programmes: Mapping[int, TrainingProgramme], now: dt.datetime) -> PlanStep:
    created = PlanStep.objects.create(
        plan=plan, step_type=step.step_type, title=step.title.strip(), owner=step.owner,
        due_on=step.due_on, state=StepState.PLANNED, barrier=step.barrier,
        programme=programmes.get(step.programme_id) if step.programme_id else None)
    PlanStepTransition.objects.create(step=created, name=CREATE, from_state="",
                                      to_state=StepState.PLANNED, actor=actor, at=now)
    if created.programme is not None:
        _offer(actor, plan.seeker, created.programme, plan_step=created)
    return created


@transaction.atomic
def agree_plan(
    actor: User,
    seeker: JobSeeker,
    *,
    starts_on: dt.date,
    steps: Sequence[StepInput],
    agreed_on: dt.date | None = None,
) -> ActionPlan:
    """Agree a new plan with the person; it replaces (closes) the open one.

    A step with a programme offers the person a place in it. A due date before
    ``starts_on`` is refused naming ``steps-<i>-due_on``; nothing is written.
    """
    _require_staff(actor, seeker)
    agreed_on = agreed_on or clock.today()
    errors: dict[str, str] = {}
    if agreed_on > clock.today():
        errors["agreed_on"] = _("The day the plan was agreed cannot be in the future.")
    if not steps:
        errors["steps"] = _("Add at least one step to the plan.")
    programmes = _programmes(steps)
    for i, step in enumerate(steps):
        errors.update(_step_errors(seeker, step, starts_on, f"steps-{i}-", programmes))
        if step.programme_id is not None and step.programme_id in {
                earlier.programme_id for earlier in steps[:i]}:
            errors[f"steps-{i}-programme"] = _("Another step already offers this programme.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    seeker = (JobSeeker.objects.select_for_update(of=("self",))
              .select_related("office", "user").get(pk=seeker.pk))
    replaced = list(ActionPlan.objects.filter(seeker=seeker, closed_at__isnull=True)
                    .values_list("pk", flat=True))
    ActionPlan.objects.filter(pk__in=replaced).update(closed_at=now)
    plan = ActionPlan.objects.create(seeker=seeker, starts_on=starts_on, agreed_on=agreed_on,
                                     agreed_by=actor)
    for step in steps:
        _create_step(actor, plan, step, programmes, now)
    record(actor, "casework.agree_plan", plan, seeker=seeker.pk, steps=len(steps),
           replaced=replaced)
    _tell_person(seeker, "casework.plan_agreed",
                 gettext_lazy("Your plan with your counsellor"),
                 gettext_lazy("You and your counsellor agreed a plan with %(steps)s steps, "
                              "starting %(start)s. See what you will do and by when on "
                              "your plan page."),
                 {"steps": len(steps), "start": _lazy_date(starts_on)})
    return plan


@transaction.atomic
def add_step(actor: User, plan: ActionPlan, step: StepInput) -> PlanStep:
    """Add one step to an open plan (a due date before its start names ``due_on``)."""
    seeker = plan.seeker
    _require_staff(actor, seeker)
    if plan.closed_at is not None:
        raise ValidationError({"plan": _("This plan was replaced by a newer one.")})
    programmes = _programmes([step])
    errors = _step_errors(seeker, step, plan.starts_on, "", programmes)
    if errors:
        raise ValidationError(errors)
    created = _create_step(actor, plan, step, programmes, clock.now())
    record(actor, "casework.add_step", created, plan=plan.pk, seeker=seeker.pk)
    return created


@transaction.atomic
def change_step(actor: User, step: PlanStep, name: str, *, note: str = "") -> PlanStep:
    """Take a transition of ``workflow.STEP_LIFECYCLE``: "complete", "cancel" or
    "reopen". The person may complete the steps they own."""
    STEP_LIFECYCLE.get(name)  # an unknown name is refused on "name" first
    if not may_take_step(actor, step, name):
        raise PermissionDenied(_("You may not change this step."))
    locked = (PlanStep.objects.select_for_update(of=("self",))
              .select_related("plan__seeker__office").get(pk=step.pk))
    if locked.plan.closed_at is not None:
        raise ValidationError({"plan": _("This plan was replaced by a newer one.")})
    rule = STEP_LIFECYCLE.check(name, locked.state)
    from_state = locked.state
    now = clock.now()
    locked.state = rule.target
    locked.save(update_fields=["state"])
    PlanStepTransition.objects.create(step=locked, name=rule.name, from_state=from_state,
                                      to_state=rule.target, actor=actor, at=now,
                                      note=note.strip())
    record(actor, f"casework.step.{rule.name}", locked, from_state=from_state,
           to_state=rule.target)
    return locked


# Programme participation -------------------------------------------------------------


def _offer(actor: User, seeker: JobSeeker, programme: TrainingProgramme, *,
           plan_step: PlanStep | None) -> Participation:
    participation = Participation.objects.create(
        seeker=seeker, programme=programme, plan_step=plan_step,
        state=ParticipationState.OFFERED, offered_on=clock.today())
    ParticipationTransition.objects.create(
        participation=participation, name=OFFER, from_state="",
        to_state=ParticipationState.OFFERED, actor=actor, at=clock.now())
    record(actor, "casework.offer_place", participation, seeker=seeker.pk,
           programme=programme.pk)
    _tell_person(seeker, "casework.place_offered",
                 gettext_lazy("A place for you: %(programme)s"),
                 gettext_lazy("Your counsellor offers you a place in %(programme)s. "
                              "Open your plan page to accept or decline it."),
                 {"programme": programme.title})
    return participation


@transaction.atomic
def offer_place(actor: User, seeker: JobSeeker, programme: TrainingProgramme, *,
                plan_step: PlanStep | None = None) -> Participation:
    """Offer the person a place in one of the site's open programmes."""
    _require_staff(actor, seeker)
    errors: dict[str, str] = {}
    problem = _place_problem(seeker, programme)
    if problem:
        errors["programme"] = problem
    if plan_step is not None and plan_step.plan.seeker_id != seeker.pk:
        errors["plan_step"] = _("This step belongs to another person's plan.")
    if errors:
        raise ValidationError(errors)
    return _offer(actor, seeker, programme, plan_step=plan_step)


@transaction.atomic
def change_participation(
    actor: User,
    participation: Participation,
    name: str,
    *,
    on: dt.date,
    certificate: str = "",
    reason: str = "",
) -> Participation:
    """Take a transition of ``workflow.PARTICIPATION_LIFECYCLE``: "enrol", "decline",
    "complete" (with the certificate, if any) or "drop_out" (with the reason). The
    person may accept ("enrol") or decline a place offered to them."""
    PARTICIPATION_LIFECYCLE.get(name)  # an unknown name is refused on "name" first
    if not may_take_participation_step(actor, participation, name):
        raise PermissionDenied(_("You may not change this place."))
    locked = (Participation.objects.select_for_update(of=("self",))
              .select_related("seeker__office", "programme").get(pk=participation.pk))
    rule = PARTICIPATION_LIFECYCLE.check(name, locked.state)
    certificate, reason = certificate.strip(), reason.strip()
    errors: dict[str, str] = {}
    since = locked.enrolled_on if rule.name in {"complete", "drop_out"} else locked.offered_on
    if since is not None and on < since:
        errors["on"] = _("The date cannot be before %(since)s.") % {
            "since": formats.date_format(since, "DATE_FORMAT")}
    elif rule.name in {"complete", "drop_out", "decline"} and on > clock.today():
        errors["on"] = _("The date cannot be in the future.")
    if rule.name == "drop_out" and not reason:
        errors["reason"] = _("Say in a few words why the person left.")
    if certificate and rule.name != "complete":
        errors["certificate"] = _("A certificate comes only with completing the programme.")
    if errors:
        raise ValidationError(errors)
    from_state = locked.state
    fields = ["state"]
    locked.state = rule.target
    if rule.name == "enrol":
        locked.enrolled_on = on
        fields.append("enrolled_on")
    else:
        locked.ended_on = on
        fields.append("ended_on")
    if rule.name == "complete":
        locked.certificate = certificate
        fields.append("certificate")
    if rule.name == "drop_out":
        locked.drop_out_reason = reason
        fields.append("drop_out_reason")
    locked.save(update_fields=fields)
    ParticipationTransition.objects.create(
        participation=locked, name=rule.name, from_state=from_state, to_state=rule.target,
        actor=actor, at=clock.now(), note=reason or certificate)
    record(actor, f"casework.participation.{rule.name}", locked, from_state=from_state,
           to_state=rule.target, on=on.isoformat())
    return locked


# Notices -----------------------------------------------------------------------------


def _format_date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


# Formatted when the notice is rendered, in the recipient's language.
_lazy_date = lazy(_format_date, str)


def _tell_person(seeker: JobSeeker, kind: str, subject: str | Promise, body: str | Promise,
                 params: Mapping[str, object]) -> None:
    if seeker.user is None:
        return
    notify(seeker.user, kind=kind, subject=subject, body=body, params=params,
           link=reverse("casework:my_plan"))
