"""Scoped reads of job seekers. Every view, API endpoint and job reads seekers here.

Counsellors and office managers see the seekers registered at their office; a job
seeker sees their own record; administrators see their site (or all sites);
employers and analysts see no individual seeker here (analysts get aggregates,
employers get consenting candidates through matching).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.seekers.models import Consent, JobSeeker, SeekerStatus


def seekers_for(user: User) -> QuerySet[JobSeeker]:
    scope = scope_of(user)
    seekers = JobSeeker.objects.select_related("office")
    if scope.is_staff_of_office and scope.office_id is not None:
        return seekers.filter(office_id=scope.office_id)
    if scope.is_job_seeker and scope.seeker_id is not None:
        return seekers.filter(pk=scope.seeker_id)
    if scope.is_administrator:
        return seekers if scope.site_id is None else seekers.filter(office__site_id=scope.site_id)
    return seekers.none()


def access_seeker(user: User, seeker_id: int) -> JobSeeker:
    """The seeker for this user, or the same 404 whether it is missing or not theirs."""
    try:
        return seekers_for(user).get(pk=seeker_id)
    except JobSeeker.DoesNotExist:
        raise Http404("No such job seeker") from None


def caseload_for(user: User) -> QuerySet[JobSeeker]:
    """Active seekers of the user's office, longest waiting first."""
    return (seekers_for(user).filter(status=SeekerStatus.ACTIVE)
            .order_by("registered_on", "id"))


def read_target_groups(user: User, seeker: JobSeeker) -> list[str]:
    """The seeker's consented target groups. Sensitive: every read is audited.

    ``seeker`` must come from :func:`access_seeker` (the caller proved the scope).
    """
    groups: list[str] = list((seeker.sensitive or {}).get("target_groups", []))
    record(user, "seekers.read_target_groups", seeker, groups=len(groups))
    return groups


def active_consents(seeker: JobSeeker) -> set[str]:
    return set(Consent.objects.filter(seeker=seeker, withdrawn_at__isnull=True)
               .values_list("scope", flat=True))
