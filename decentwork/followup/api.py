"""The followup endpoints: the same actions and scoped reads as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.api_inputs import RowId
from decentwork.controlled_lists import WageBand
from decentwork.followup.access import (
    access_follow_up,
    follow_ups_due,
    follow_ups_of_seeker,
    retention_from,
)
from decentwork.followup.actions import answer_follow_up, may_answer
from decentwork.followup.models import AnsweredAs, FollowUp, Months
from decentwork.seekers.access import access_seeker

router = Router(tags=["followup"])


class FollowUpOut(Schema):
    id: int
    placement_id: int
    seeker_id: int
    months: Months = Field(description="The check: 3, 6 or 12 months after the job started.")
    due_on: dt.date
    employer_name: str
    job_title: str
    placement_start: dt.date
    placement_end: dt.date | None
    notified_at: dt.datetime | None = Field(description="When the person was asked to answer.")
    answered_at: dt.datetime | None
    answered_as: AnsweredAs | None
    still_employed: bool | None
    same_employer: bool | None
    registered: bool | None
    hours_per_week: int | None
    wage_band: WageBand | None
    retained: bool | None = Field(description="Still in work at this check: from the answer, "
                                              "else from the job's end date; None = not known.")

    @staticmethod
    def resolve_seeker_id(obj: FollowUp) -> int:
        return obj.placement.seeker_id

    @staticmethod
    def resolve_employer_name(obj: FollowUp) -> str:
        placement = obj.placement
        return placement.employer.name if placement.employer else placement.employer_name

    @staticmethod
    def resolve_job_title(obj: FollowUp) -> str:
        return obj.placement.job_title

    @staticmethod
    def resolve_placement_start(obj: FollowUp) -> dt.date:
        return obj.placement.start_date

    @staticmethod
    def resolve_placement_end(obj: FollowUp) -> dt.date | None:
        return obj.placement.end_date

    @staticmethod
    def resolve_answered_as(obj: FollowUp) -> str | None:
        return obj.answered_as or None

    @staticmethod
    def resolve_wage_band(obj: FollowUp) -> str | None:
        return obj.wage_band or None

    @staticmethod
    def resolve_retained(obj: FollowUp) -> bool | None:
        return retention_from(obj.placement, [obj]).get(obj.months)


class AnswerIn(Schema):
    still_employed: bool = Field(description="Does the person still work in this job? "
                                             "False ends the job on ended_on.")
    ended_on: dt.date | None = Field(None, description="The last day of work, when "
                                                       "still_employed is false.")
    same_employer: bool | None = None
    registered: bool | None = Field(None, description="Registered with social security or "
                                                      "with a written contract.")
    hours_per_week: int | None = Field(None, ge=1, le=80)
    wage_band: WageBand | None = None


class DueFilters(Schema):
    office_id: RowId | None = Field(None, description="Only the seekers of this office.")


@router.get("/seekers/{seeker_id}/follow-ups", response=list[FollowUpOut])
def seeker_follow_ups(request: HttpRequest, seeker_id: int) -> QuerySet[FollowUp]:
    """Every check of the seeker's jobs, latest job first, then by due date."""
    user = _user(request)
    return follow_ups_of_seeker(user, access_seeker(user, seeker_id))


@router.get("/follow-ups/due", response=list[FollowUpOut])
def due(request: HttpRequest, filters: Query[DueFilters]) -> QuerySet[FollowUp]:
    """Unanswered checks due today or earlier of the seekers the reader counsels, oldest
    first: the counsellors' work list, and the person's own checks; 404 for others."""
    scope = scope_of(_user(request))
    if not (scope.counsels_people or scope.is_job_seeker):
        raise Http404("Not a list of yours")
    return follow_ups_due(_user(request), clock.today(), office_id=filters.office_id)


@router.post("/follow-ups/{int:follow_up_id}/answer", response=FollowUpOut)
def answer(request: HttpRequest, follow_up_id: int, payload: AnswerIn) -> FollowUp:
    """Answer a check, once (from 14 days before it is due). 422 names the field refused."""
    user = _user(request)
    follow_up = access_follow_up(user, follow_up_id)
    if not may_answer(user, follow_up):
        raise PermissionDenied(_("Only the person or their office may answer this check."))
    answer_follow_up(user, follow_up, still_employed=payload.still_employed,
                     ended_on=payload.ended_on, same_employer=payload.same_employer,
                     registered=payload.registered, hours_per_week=payload.hours_per_week,
                     wage_band=payload.wage_band or "")
    return access_follow_up(user, follow_up_id)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # django_auth let only signed-in users through
    return user
