"""The casework endpoints: the same actions and scoped reads as the pages.

Whoever sees the job seeker (their office's staff, administrators, the person) reads
their assessments, plan and places; the staff write them; the person completes their
own steps and accepts or declines a place offered to them. Anybody else gets 404.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from decentwork.accounts.models import User
from decentwork.api_inputs import RowId, StoredText
from decentwork.casework.access import (
    access_participation,
    access_step,
    assessments_of_seeker,
    current_plan,
    open_programmes_for,
    participations_of_seeker,
)
from decentwork.casework.actions import (
    StepInput,
    TransitionNotAllowed,
    agree_plan,
    change_participation,
    change_step,
    offer_place,
    record_assessment,
)
from decentwork.casework.models import (
    ActionPlan,
    AssessedBarrier,
    Assessment,
    Barrier,
    Participation,
    ParticipationState,
    PlanStep,
    Severity,
    StepOwner,
    StepState,
    StepType,
)
from decentwork.casework.workflow import PARTICIPATION_TRANSITIONS, STEP_TRANSITIONS
from decentwork.controlled_lists import TargetGroup
from decentwork.programmes.models import ProgrammeKind
from decentwork.seekers.access import access_seeker

router = Router(tags=["casework"])

TEXT_LENGTH = 4000
STEP_CHANGES = ", ".join(STEP_TRANSITIONS)
PARTICIPATION_CHANGES = ", ".join(PARTICIPATION_TRANSITIONS)


# Answers ----------------------------------------------------------------------------


class AssessedBarrierOut(Schema):
    barrier: Barrier
    severity: Severity


class AssessmentOut(Schema):
    id: int
    seeker_id: int
    assessed_on: dt.date
    assessed_by_id: int | None
    employment_history: str
    goals: str = Field(description="The person's goals, in their own words.")
    recorded_at: dt.datetime
    barriers: list[AssessedBarrierOut]

    @staticmethod
    def resolve_barriers(obj: Assessment) -> list[AssessedBarrier]:
        return list(obj.barriers.all())


class PlanStepOut(Schema):
    id: int
    step_type: StepType
    title: str = Field(description="What will be done, in plain words.")
    owner: StepOwner
    due_on: dt.date
    state: StepState
    barrier: Barrier | None = Field(description="The barrier the step answers, if any.")
    programme_id: int | None

    @staticmethod
    def resolve_barrier(obj: PlanStep) -> str | None:
        return obj.barrier or None


class ActionPlanOut(Schema):
    id: int
    seeker_id: int
    starts_on: dt.date
    agreed_on: dt.date
    agreed_by_id: int | None
    steps: list[PlanStepOut]

    @staticmethod
    def resolve_steps(obj: ActionPlan) -> list[PlanStep]:
        return list(obj.steps.all())


class ParticipationOut(Schema):
    id: int
    seeker_id: int
    programme_id: int
    programme_title: str
    programme_kind: ProgrammeKind
    plan_step_id: int | None
    state: ParticipationState
    offered_on: dt.date
    enrolled_on: dt.date | None
    ended_on: dt.date | None
    certificate: str
    drop_out_reason: str

    @staticmethod
    def resolve_programme_title(obj: Participation) -> str:
        return obj.programme.title

    @staticmethod
    def resolve_programme_kind(obj: Participation) -> str:
        return obj.programme.kind


class CaseworkConflictOut(Schema):
    detail: str
    current_state: str = Field(description="The state it is in now.")


# Questions --------------------------------------------------------------------------


class AssessmentIn(Schema):
    assessed_on: dt.date = Field(description="Not in the future.")
    barriers: dict[Barrier, Severity] = Field(
        default_factory=dict, description="Each barrier recorded, with its severity.")
    employment_history: StoredText = Field("", max_length=TEXT_LENGTH)
    goals: StoredText = Field("", max_length=TEXT_LENGTH)
    target_groups: list[TargetGroup] = Field(
        default_factory=list, description="Declared with the person's consent, which is "
                                          "recorded with each group.")


class PlanStepIn(Schema):
    step_type: StepType
    title: StoredText = Field(max_length=300)
    owner: StepOwner
    due_on: dt.date = Field(description="Not before the plan starts.")
    barrier: Barrier | None = None
    programme_id: RowId | None = Field(
        None, description="One of the site's open programmes: the person is offered a place.")

    def step_input(self) -> StepInput:
        return StepInput(step_type=self.step_type, title=self.title, owner=self.owner,
                         due_on=self.due_on, barrier=self.barrier or "",
                         programme_id=self.programme_id)


class ActionPlanIn(Schema):
    starts_on: dt.date
    steps: list[PlanStepIn] = Field(max_length=30, description=(
        "The steps agreed; a due date before starts_on is refused naming steps-<i>-due_on."))


class PlanStepChangeIn(Schema):
    note: StoredText = Field("", max_length=2000)


class PlaceOfferIn(Schema):
    programme_id: RowId
    plan_step_id: RowId | None = None


class ParticipationChangeIn(Schema):
    on: dt.date = Field(description="The day it happened.")
    certificate: StoredText = Field("", max_length=300, description='With "complete" only.')
    reason: StoredText = Field("", max_length=2000, description='Required to "drop_out".')


# Endpoints --------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/seekers/{int:seeker_id}/assessments", response=list[AssessmentOut])
def assessment_list(request: HttpRequest, seeker_id: int) -> list[Assessment]:
    """The person's needs assessments, latest first (the history)."""
    user = _user(request)
    return list(assessments_of_seeker(user, access_seeker(user, seeker_id)))


@router.post("/seekers/{int:seeker_id}/assessments", response={201: AssessmentOut})
def assessment_create(request: HttpRequest, seeker_id: int,
                      payload: AssessmentIn) -> Status[Assessment]:
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    assessment = record_assessment(
        user, seeker, assessed_on=payload.assessed_on,
        barriers={str(b): str(s) for b, s in payload.barriers.items()},
        employment_history=payload.employment_history, goals=payload.goals,
        target_groups=[str(g) for g in payload.target_groups])
    return Status(201, assessment)


@router.get("/seekers/{int:seeker_id}/plan", response=ActionPlanOut)
def plan_detail(request: HttpRequest, seeker_id: int) -> ActionPlan:
    """The person's current plan; 404 when none is agreed."""
    user = _user(request)
    plan = current_plan(user, access_seeker(user, seeker_id))
    if plan is None:
        raise Http404(_("No plan agreed yet."))
    return plan


@router.post("/seekers/{int:seeker_id}/plan", response={201: ActionPlanOut})
def plan_create(request: HttpRequest, seeker_id: int, payload: ActionPlanIn) -> Status[ActionPlan]:
    """Agree a new plan (it replaces the current one)."""
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    plan = agree_plan(user, seeker, starts_on=payload.starts_on,
                      steps=[s.step_input() for s in payload.steps])
    reread = current_plan(user, seeker)
    return Status(201, reread if reread is not None else plan)


@router.post("/plan-steps/{int:step_id}/{name}",
             response={200: PlanStepOut, 409: CaseworkConflictOut})
def step_change(request: HttpRequest, step_id: int, name: str,
                payload: PlanStepChangeIn) -> Status[object]:
    """Change a step: one of complete, cancel, reopen. 409 when its state does not allow it."""
    user = _user(request)
    step = access_step(user, step_id)
    if name not in STEP_TRANSITIONS:
        raise ValidationError({"name": _("There is no such change: %(name)s.") % {"name": name}})
    try:
        return Status(200, change_step(user, step, name, note=payload.note))
    except TransitionNotAllowed as refused:
        return Status(409, {"detail": refused.messages[0],
                            "current_state": refused.current_state})


@router.get("/seekers/{int:seeker_id}/participations", response=list[ParticipationOut])
def participation_list(request: HttpRequest, seeker_id: int) -> list[Participation]:
    """Places offered to the person and what became of them."""
    user = _user(request)
    return list(participations_of_seeker(user, access_seeker(user, seeker_id)))


@router.post("/seekers/{int:seeker_id}/participations", response={201: ParticipationOut})
def participation_create(request: HttpRequest, seeker_id: int,
                         payload: PlaceOfferIn) -> Status[Participation]:
    """Offer the person a place in one of the site's open programmes."""
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    programme = open_programmes_for(seeker).filter(pk=payload.programme_id).first()
    if programme is None:
        raise ValidationError({"programme_id": _("Choose one of the site's open programmes.")})
    plan_step = None
    if payload.plan_step_id is not None:
        plan_step = access_step(user, payload.plan_step_id)
    return Status(201, offer_place(user, seeker, programme, plan_step=plan_step))


@router.post("/participations/{int:participation_id}/{name}",
             response={200: ParticipationOut, 409: CaseworkConflictOut})
def participation_change(request: HttpRequest, participation_id: int, name: str,
                         payload: ParticipationChangeIn) -> Status[object]:
    """Change a place: one of enrol, decline, complete, drop_out."""
    user = _user(request)
    participation = access_participation(user, participation_id)
    if name not in PARTICIPATION_TRANSITIONS:
        raise ValidationError({"name": _("There is no such change: %(name)s.") % {"name": name}})
    try:
        changed = change_participation(user, participation, name, on=payload.on,
                                       certificate=payload.certificate, reason=payload.reason)
    except TransitionNotAllowed as refused:
        return Status(409, {"detail": refused.messages[0],
                            "current_state": refused.current_state})
    return Status(200, access_participation(user, changed.pk))
