from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from decentwork.api_inputs import BoundedLimitOffset
from decentwork.seekers.access import access_seeker, read_sensitive, seekers_for
from decentwork.seekers.models import JobSeeker

router = Router(tags=["seekers"])


class ExperienceOut(Schema):
    title: str
    language: str
    occupation_uri: str | None
    years: Decimal
    informal: bool


class SeekerOut(Schema):
    id: int
    first_name: str
    last_name: str
    office_id: int
    registered_on: dt.date
    status: str
    preferred_language: str
    preferred_hours: str
    accepted_contracts: list[str]
    commute_radius_km: int
    accepts_remote: bool


class SeekerDetailOut(SeekerOut):
    experiences: list[ExperienceOut]
    skills: list[str]

    @staticmethod
    def resolve_experiences(obj: JobSeeker) -> list[dict[str, object]]:
        return [{"title": e.title, "language": e.language,
                 "occupation_uri": e.occupation.uri if e.occupation else None,
                 "years": e.years, "informal": e.informal}
                for e in obj.experiences.select_related("occupation")]

    @staticmethod
    def resolve_skills(obj: JobSeeker) -> list[str]:
        return list(obj.skills.values_list("skill__uri", flat=True))


@router.get("", response=list[SeekerOut])
@paginate(BoundedLimitOffset)
def seeker_list(request: HttpRequest) -> QuerySet[JobSeeker]:
    return seekers_for(request.user).order_by("registered_on", "id")  # type: ignore[arg-type]


@router.get("/{seeker_id}", response=SeekerDetailOut)
def seeker_detail(request: HttpRequest, seeker_id: int) -> JobSeeker:
    return access_seeker(request.user, seeker_id)  # type: ignore[arg-type]


class SensitiveOut(Schema):
    """Consented target groups and accommodations needed at work (codes)."""

    target_groups: list[str]
    accommodation_needs: list[str]


@router.get("/{seeker_id}/sensitive", response=SensitiveOut)
def seeker_sensitive(request: HttpRequest, seeker_id: int) -> dict[str, list[str]]:
    """Sensitive (ADR 0004): apart from the record, so that reading them is a
    request of its own, and each one is audited."""
    user = request.user
    sensitive = read_sensitive(user, access_seeker(user, seeker_id),  # type: ignore[arg-type]
                               purpose="api")
    return {"target_groups": list(sensitive.target_groups),
            "accommodation_needs": list(sensitive.accommodation_needs)}
