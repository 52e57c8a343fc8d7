"""Scoped reads of a person's own data. Only the person reaches these: everyone else,
staff included, gets the same 404 as "there is no such page"."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import get_language

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.privacy.export import PersonalExport, collect
from decentwork.privacy.models import ErasureRequest, ErasureState
from decentwork.seekers.access import access_seeker, read_sensitive
from decentwork.seekers.models import Consent, JobSeeker


def own_seeker(user: User) -> JobSeeker:
    """The user's own seeker record; 404 for anyone who is not a job seeker."""
    scope = scope_of(user)
    if not scope.is_job_seeker or scope.seeker_id is None:
        raise Http404("Not a job seeker")
    return access_seeker(user, scope.seeker_id)


def export_own_data(user: User) -> PersonalExport:
    """Everything every app declares about the user as a job seeker. Audited: one
    entry for the export (how many rows, never what), one for the sensitive read."""
    seeker = own_seeker(user)
    sensitive = read_sensitive(user, seeker, purpose="export")
    export = collect(seeker, sensitive, language=get_language() or "en", at=clock.now())
    record(user, "privacy.export", seeker, sections=len(export.sections),
           rows=export.row_count)
    return export


def consent_history(seeker: JobSeeker) -> QuerySet[Consent]:
    """Every consent the person gave, newest first, withdrawn ones included (they
    are the evidence of what was allowed when)."""
    return (Consent.objects.filter(seeker=seeker).select_related("recorded_by")
            .order_by("-granted_at", "-id"))


def access_active_consent(seeker: JobSeeker, scope: str) -> Consent:
    """The person's consent ``scope`` if it is given now; 404 otherwise."""
    consent = Consent.objects.filter(seeker=seeker, scope=scope,
                                     withdrawn_at__isnull=True).first()
    if consent is None:
        raise Http404("No such consent")
    return consent


def open_erasure_request(seeker: JobSeeker) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(seeker=seeker, state=ErasureState.REQUESTED).first()


def access_open_erasure_request(user: User) -> ErasureRequest:
    """The user's own pending request; 404 when there is none (or they are no seeker)."""
    request = open_erasure_request(own_seeker(user))
    if request is None:
        raise Http404("No erasure requested")
    return request
