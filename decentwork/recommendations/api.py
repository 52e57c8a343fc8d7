"""JSON API of recommendations and matching runs; same access and actions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from decentwork.accounts.models import User
from decentwork.api_inputs import StoredText
from decentwork.applications.access import applications_for
from decentwork.applications.actions import invite_candidate
from decentwork.applications.api import MESSAGE_LENGTH, ApplicationDetailOut
from decentwork.applications.models import Application
from decentwork.recommendations.access import (
    access_proposed_candidate,
    access_region,
    access_run,
    candidates_for_vacancy,
    recommendations_for_seeker,
)
from decentwork.recommendations.actions import (
    DEFAULT_CHUNK_SIZE,
    MAX_CHUNK_SIZE,
    MatchingRunInProgress,
    start_matching_run,
)
from decentwork.recommendations.models import MatchingRun

router = Router(tags=["recommendations"])


class ExplanationOut(Schema):
    components: dict[str, float] = Field(
        description="Value in [0, 1] of each score component (ADR 0008).")
    contributions: dict[str, float] = Field(
        description="Points each component added; they sum to the score.")
    essential_total: int
    matched_essential: list[str] = Field(description="ESCO URIs of essential skills held.")
    matched_optional: list[str]
    missing_essential: list[str] = Field(description="ESCO URIs of essential skills to learn.")
    occupation_level: str
    experience_years: float
    distance_km: float
    remote: bool


class RecommendationOut(Schema):
    rank: int
    vacancy_id: int
    title: str
    employer: str
    score: float
    ranking_score: float
    explanation: ExplanationOut


class SeekerRecommendationsOut(Schema):
    seeker_id: int
    run_id: int | None
    as_of: dt.date | None
    items: list[RecommendationOut]


class CandidateExplanationOut(Schema):
    components: dict[str, float]
    essential_total: int
    matched_essential: list[str]
    matched_optional: list[str]
    missing_essential: list[str]
    occupation_level: str
    experience_years: float


class CandidateOut(Schema):
    recommendation_id: int = Field(
        description="Who to invite with POST /applications/invitations.")
    seeker_id: int | None = Field(description="Only for staff; employers get first names.")
    first_name: str
    score: float
    explanation: CandidateExplanationOut


class VacancyCandidatesOut(Schema):
    vacancy_id: int
    run_id: int | None
    as_of: dt.date | None
    items: list[CandidateOut]


class RunIn(Schema):
    region_id: int
    chunk_size: int = Field(DEFAULT_CHUNK_SIZE, ge=1, le=MAX_CHUNK_SIZE)
    congestion: bool = True
    fairness: bool = True


class RunOut(Schema):
    id: int
    region_id: int
    status: str
    as_of: dt.date
    created_at: dt.datetime
    prepared_at: dt.datetime | None
    finished_at: dt.datetime | None
    chunk_size: int
    chunks_total: int
    chunks_done: int
    parameters: dict[str, Any]
    error: str


class RunConflictOut(Schema):
    detail: str
    run_id: int = Field(description="The region's run that is queued or running.")


@router.get("/seekers/{seeker_id}/recommendations", response=SeekerRecommendationsOut)
def seeker_recommendations(request: HttpRequest, seeker_id: int) -> dict[str, Any]:
    found = recommendations_for_seeker(_user(request), seeker_id)
    return {
        "seeker_id": found.seeker.pk,
        "run_id": found.run.pk if found.run else None,
        "as_of": found.run.as_of if found.run else None,
        "items": [{"rank": r.rank, "vacancy_id": r.vacancy_id, "title": r.vacancy.title,
                   "employer": r.vacancy.employer.name, "score": r.score,
                   "ranking_score": r.ranking_score, "explanation": r.explanation}
                  for r in found.items],
    }


@router.get("/vacancies/{vacancy_id}/candidates", response=VacancyCandidatesOut)
def vacancy_candidates(request: HttpRequest, vacancy_id: int) -> dict[str, Any]:
    found = candidates_for_vacancy(_user(request), vacancy_id)
    return {
        "vacancy_id": found.vacancy.pk,
        "run_id": found.run.pk if found.run else None,
        "as_of": found.run.as_of if found.run else None,
        "items": [{"recommendation_id": c.recommendation_id, "seeker_id": c.seeker_id,
                   "first_name": c.first_name, "score": c.score,
                   "explanation": c.explanation} for c in found.candidates],
    }


@router.post("/matching/runs", response={202: RunOut, 409: RunConflictOut})
def start_run(request: HttpRequest, payload: RunIn) -> Status[dict[str, Any]]:
    """Queue a matching run of a region; follow it with GET /matching/runs/{id}.
    409 while a run of the region is queued or running (one at a time)."""
    user = _user(request)
    try:
        run = start_matching_run(user, access_region(user, payload.region_id),
                                 chunk_size=payload.chunk_size, congestion=payload.congestion,
                                 fairness=payload.fairness)
    except MatchingRunInProgress as busy:
        return Status(409, {"detail": busy.messages[0], "run_id": busy.run_id})
    return Status(202, _progress(run))


@router.get("/matching/runs/{run_id}", response=RunOut)
def run_progress(request: HttpRequest, run_id: int) -> dict[str, Any]:
    return _progress(access_run(_user(request), run_id))


class InvitationIn(Schema):
    recommendation_id: int = Field(
        description="The candidate, as listed by GET /vacancies/{vacancy_id}/candidates.")
    message: StoredText = Field("", max_length=MESSAGE_LENGTH,
                                description="A message to the candidate.")


# Here rather than in applications/api.py: the candidate is named by the
# recommendation that proposed them (employers never get a seeker's id), and only
# this app may read recommendations.
@router.post("/applications/invitations", tags=["applications"],
             response={200: ApplicationDetailOut, 201: ApplicationDetailOut})
def invite(request: HttpRequest, payload: InvitationIn) -> Status[Application]:
    """The employer invites a proposed candidate to apply: 201 with the new
    application, or 200 with the one already open."""
    user = _user(request)
    candidate = access_proposed_candidate(user, payload.recommendation_id)
    application, created = invite_candidate(user, candidate.seeker, candidate.vacancy,
                                            message=payload.message)
    return Status(201 if created else 200,
                  applications_for(user).select_related("placement").get(pk=application.pk))


def _progress(run: MatchingRun) -> dict[str, Any]:
    counts = run.chunks.aggregate(total=Count("id"), done=Count("id", filter=Q(
        done_at__isnull=False)))
    return {"id": run.pk, "region_id": run.region_id, "status": run.status,
            "as_of": run.as_of, "created_at": run.created_at, "prepared_at": run.prepared_at,
            "finished_at": run.finished_at, "chunk_size": run.chunk_size,
            "chunks_total": counts["total"], "chunks_done": counts["done"],
            "parameters": run.parameters, "error": run.error}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # django_auth let only signed-in users through
    return user
