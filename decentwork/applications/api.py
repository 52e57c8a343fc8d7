"""JSON API of applications, their transitions and placements; the same access and
actions as the pages, so every reader sees and may do exactly what the pages allow.

An employer invites a candidate by the recommendation that proposed them (employers
never get a seeker's id): that endpoint lives with the recommendations, which may
read them (``POST /applications/invitations`` in ``recommendations/api.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.api_inputs import BoundedLimitOffset, RowId, StoredText
from decentwork.applications.access import (
    access_application,
    applications_for,
    placements_of_seeker,
    status_history_of_seeker,
    transition_log,
)
from decentwork.applications.actions import (
    accept_application,
    apply_to_vacancy,
    record_outside_placement,
    refer_to_vacancy,
    transition_application,
)
from decentwork.applications.models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Origin,
    Placement,
    RefusalReason,
)
from decentwork.applications.workflow import TRANSITIONS
from decentwork.controlled_lists import ContractType, Hours, WageBand
from decentwork.employers.access import access_vacancy
from decentwork.seekers.access import access_seeker
from decentwork.seekers.models import SeekerStatus, StatusChange, StatusChangeReason
from decentwork.taxonomy.access import access_concept_by_uri

router = Router(tags=["applications"])

# Long enough for a letter, short enough that nobody pastes a CV into it.
MESSAGE_LENGTH = 2000
ACCEPT = "accept"
STEP_NAMES = ", ".join(TRANSITIONS)


# Answers ----------------------------------------------------------------------------


class RecommendationCopyOut(Schema):
    run_id: int = Field(description="The matching run that recommended the vacancy.")
    rank: int = Field(description="Its place in the job seeker's list (1 = best).")
    score: float = Field(description="The match score, from 0 to 1.")
    explanation: dict[str, Any] = Field(
        description="The engine's explanation as it was then (see the recommendations "
                    "endpoints for its keys).")


class ApplicationOut(Schema):
    id: int
    seeker_id: int
    seeker_name: str = Field(description="The job seeker's full name.")
    vacancy_id: int
    vacancy_title: str
    employer_id: int
    employer_name: str
    origin: Origin = Field(description="Who started it: the seeker applied, a counsellor "
                                       "referred them, or the employer invited them.")
    state: ApplicationState
    created_at: dt.datetime
    updated_at: dt.datetime = Field(description="When the state last changed.")
    message: str = Field(description="The words that came with the application.")
    refusal_reason: RefusalReason | None = Field(description="Set when refused.")
    refusal_text: str
    recommendation: RecommendationCopyOut | None = Field(
        description="The recommendation it came from, as it was; never shown to employers "
                    "(the explanation tells where the person lives).")
    placement_id: int | None = Field(description="The job recorded when the seeker was hired.")

    @staticmethod
    def resolve_seeker_name(obj: Application) -> str:
        return obj.seeker.full_name

    @staticmethod
    def resolve_vacancy_title(obj: Application) -> str:
        return obj.vacancy.title

    @staticmethod
    def resolve_employer_id(obj: Application) -> int:
        return obj.vacancy.employer_id

    @staticmethod
    def resolve_employer_name(obj: Application) -> str:
        return obj.vacancy.employer.name

    @staticmethod
    def resolve_refusal_reason(obj: Application) -> str | None:
        return obj.refusal_reason or None

    @staticmethod
    def resolve_recommendation(obj: Application, context: dict[str, Any]) -> dict[str, Any] | None:
        if obj.recommendation_run_id is None or scope_of(context["request"].user).is_employer_user:
            return None
        return {"run_id": obj.recommendation_run_id, "rank": obj.recommendation_rank,
                "score": obj.recommendation_score,
                "explanation": obj.recommendation_explanation or {}}

    @staticmethod
    def resolve_placement_id(obj: Application) -> int | None:
        placement = getattr(obj, "placement", None)
        return placement.pk if placement is not None else None


class TransitionOut(Schema):
    name: str = Field(description='The step taken ("create" for the first row).')
    from_state: ApplicationState | None = Field(description="None for the first row.")
    to_state: ApplicationState
    at: dt.datetime
    actor_id: int | None = Field(description="None when the platform itself took the step.")
    actor_name: str | None
    reason: str = Field(description="A refusal reason, or why the platform closed it.")
    note: str

    @staticmethod
    def resolve_from_state(obj: ApplicationTransition) -> str | None:
        return obj.from_state or None

    @staticmethod
    def resolve_actor_name(obj: ApplicationTransition) -> str | None:
        return (obj.actor.get_full_name() or obj.actor.username) if obj.actor else None


class ApplicationDetailOut(ApplicationOut):
    transitions: list[TransitionOut] = Field(description="The history, oldest first.")

    @staticmethod
    def resolve_transitions(obj: Application) -> list[ApplicationTransition]:
        return transition_log(obj)


class ConflictOut(Schema):
    detail: str
    current_state: ApplicationState = Field(description="The application's state now.")


class PlacementOut(Schema):
    id: int
    seeker_id: int
    application_id: int | None
    vacancy_id: int | None
    employer_id: int | None = Field(description="None for an employer outside the platform.")
    employer_name: str
    occupation_uri: str | None
    job_title: str
    contract_type: ContractType
    hours: Hours
    hours_per_week: int | None
    formal: bool = Field(description="Registered with social security or with a written "
                                     "contract.")
    wage_band: WageBand
    start_date: dt.date
    end_date: dt.date | None
    through_platform: bool
    recorded_at: dt.datetime

    @staticmethod
    def resolve_employer_name(obj: Placement) -> str:
        return obj.employer.name if obj.employer is not None else obj.employer_name

    @staticmethod
    def resolve_occupation_uri(obj: Placement) -> str | None:
        return obj.occupation.uri if obj.occupation is not None else None


class StatusChangeOut(Schema):
    from_status: SeekerStatus
    to_status: SeekerStatus
    reason: StatusChangeReason
    at: dt.datetime = Field(description="When it was recorded.")
    effective_on: dt.date = Field(description="The day it took effect.")
    changed_by_id: int | None
    note: str


# Questions --------------------------------------------------------------------------


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    count: int = Field(description="How many applications match, on every page.")


class ApplicationFilters(Schema):
    state: ApplicationState | None = Field(None, description="Only applications in this state.")
    vacancy_id: RowId | None = Field(None, description="Only applications to this vacancy.")
    seeker_id: RowId | None = Field(None, description="Only this job seeker's applications.")


class ApplyIn(Schema):
    vacancy_id: int
    seeker_id: int | None = Field(
        None, description="Staff applying on behalf of a job seeker of their office; a job "
                          "seeker leaves it out (they apply for themselves).")
    message: StoredText = Field("", max_length=MESSAGE_LENGTH,
                                description="A message to the employer.")


class ReferralIn(Schema):
    vacancy_id: int
    seeker_id: int = Field(description="A job seeker of the counsellor's office.")
    note: StoredText = Field("", max_length=MESSAGE_LENGTH,
                             description="A note for the employer.")


class HireIn(Schema):
    start_date: dt.date = Field(description="The first working day (within a year of today).")
    contract_type: ContractType
    hours: Hours
    formal: bool = Field(description="Registered with social security or with a written "
                                     "contract.")
    wage_band: WageBand = WageBand.NOT_KNOWN
    hours_per_week: int | None = Field(None, ge=1, le=80)


class TransitionIn(Schema):
    name: StoredText = Field(max_length=30, description=f"The step to take: one of {STEP_NAMES}.")
    expected_state: ApplicationState | None = Field(
        None, description="The state the client last saw. If the application has moved "
                          "since, nothing changes and the answer is 409.")
    reason: StoredText = Field("", max_length=30, description=(
        "Required to refuse: one of " + ", ".join(RefusalReason.values) + "."))
    note: StoredText = Field("", max_length=MESSAGE_LENGTH, description=(
        'Words for the log; required when the reason is "other".'))
    hire: HireIn | None = Field(None, description='Required to "accept": the job that starts.')


class OutsidePlacementIn(Schema):
    employer_name: StoredText = Field(max_length=200)
    job_title: StoredText = Field("", max_length=300)
    occupation_uri: StoredText | None = Field(None, max_length=200,
                                              description="An ESCO or local occupation.")
    start_date: dt.date = Field(description="The first working day (within a year of today).")
    contract_type: ContractType
    hours: Hours
    formal: bool = Field(description="Registered with social security or with a written "
                                     "contract.")
    wage_band: WageBand = WageBand.NOT_KNOWN
    hours_per_week: int | None = Field(None, ge=1, le=80)


# Endpoints --------------------------------------------------------------------------


@router.get("/applications", response=ApplicationPage)
def application_list(request: HttpRequest, filters: Query[ApplicationFilters],
                     page: Query[BoundedLimitOffset.Input]) -> dict[str, Any]:
    """The applications the reader may see, most recently changed first, a page at a
    time like the other lists (``@paginate`` cannot take a filter schema here)."""
    applications = applications_for(_user(request)).select_related("placement")
    if filters.state is not None:
        applications = applications.filter(state=filters.state)
    if filters.vacancy_id is not None:
        applications = applications.filter(vacancy_id=filters.vacancy_id)
    if filters.seeker_id is not None:
        applications = applications.filter(seeker_id=filters.seeker_id)
    return {"items": applications.order_by("-updated_at", "-id")[
                page.offset:page.offset + page.limit],
            "count": applications.count()}


@router.post("/applications", response={200: ApplicationDetailOut, 201: ApplicationDetailOut})
def apply(request: HttpRequest, payload: ApplyIn) -> Status[Application]:
    """Apply for a vacancy: 201 with the new application, or 200 with the one already open."""
    user = _user(request)
    seeker_id = payload.seeker_id if payload.seeker_id is not None else scope_of(user).seeker_id
    if seeker_id is None:
        raise ValidationError({"seeker_id": _("Say for which job seeker you apply.")})
    seeker = access_seeker(user, seeker_id)
    vacancy = access_vacancy(user, payload.vacancy_id)
    application, created = apply_to_vacancy(user, seeker, vacancy, message=payload.message)
    return Status(201 if created else 200, _reread(user, application))


@router.post("/applications/referrals",
             response={200: ApplicationDetailOut, 201: ApplicationDetailOut})
def refer(request: HttpRequest, payload: ReferralIn) -> Status[Application]:
    """A counsellor refers a job seeker of their office: 201 with the new application,
    or 200 with the one already open."""
    user = _user(request)
    seeker = access_seeker(user, payload.seeker_id)
    vacancy = access_vacancy(user, payload.vacancy_id)
    application, created = refer_to_vacancy(user, seeker, vacancy, note=payload.note)
    return Status(201 if created else 200, _reread(user, application))


@router.get("/applications/{int:application_id}", response=ApplicationDetailOut)
def application_detail(request: HttpRequest, application_id: int) -> Application:
    return _reread(_user(request), access_application(_user(request), application_id))


@router.post("/applications/{int:application_id}/transitions",
             response={200: ApplicationDetailOut, 409: ConflictOut})
def take_transition(request: HttpRequest, application_id: int,
                    payload: TransitionIn) -> Application:
    """Take a step of the application's workflow. 409 when the state does not allow
    it or when the application moved since ``expected_state``."""
    user = _user(request)
    application = access_application(user, application_id)
    if payload.name == ACCEPT:
        if payload.hire is None:
            raise ValidationError({"hire": _("To hire, give the start date, the contract "
                                             "type, the hours and whether the job is formal.")})
        accept_application(user, application, **payload.hire.model_dump(),
                           expected_state=payload.expected_state, note=payload.note)
    else:
        transition_application(user, application, payload.name,
                               expected_state=payload.expected_state, reason=payload.reason,
                               note=payload.note)
    return _reread(user, application)


@router.get("/seekers/{seeker_id}/placements", response=list[PlacementOut])
def seeker_placements(request: HttpRequest, seeker_id: int) -> QuerySet[Placement]:
    """The seeker's jobs, latest start first."""
    user = _user(request)
    access_seeker(user, seeker_id)  # the same 404 as the seeker's own record
    return placements_of_seeker(user, seeker_id).order_by("-start_date", "-id")


@router.post("/seekers/{seeker_id}/placements", response={201: PlacementOut})
def record_placement(request: HttpRequest, seeker_id: int,
                     payload: OutsidePlacementIn) -> Status[Placement]:
    """Record a job the seeker found outside the platform; the seeker is then in work."""
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    occupation = None
    if payload.occupation_uri:
        try:
            occupation = access_concept_by_uri(user, payload.occupation_uri)
        except Http404:
            raise ValidationError({"occupation_uri": _("There is no occupation with this "
                                                       "address.")}) from None
    fields = payload.model_dump(exclude={"occupation_uri"})
    placement = record_outside_placement(user, seeker, occupation=occupation, **fields)
    return Status(201, placements_of_seeker(user, seeker_id).get(pk=placement.pk))


@router.get("/seekers/{seeker_id}/status-history", response=list[StatusChangeOut])
def seeker_status_history(request: HttpRequest, seeker_id: int) -> QuerySet[StatusChange]:
    """Every change of the seeker's status (looking, in work...), oldest first."""
    user = _user(request)
    access_seeker(user, seeker_id)
    return status_history_of_seeker(user, seeker_id)


def _reread(user: User, application: Application) -> Application:
    # After an action, read the row again through the reader's scope, with what the
    # answer shows joined, so that the answer is what a later GET would give.
    return applications_for(user).select_related("placement").get(pk=application.pk)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # django_auth let only signed-in users through
    return user
