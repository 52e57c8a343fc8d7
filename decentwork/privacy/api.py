"""Data-rights endpoints: the same reads and actions as the pages, for the signed-in
job seeker about themselves. Anyone else (staff included) gets 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.privacy.access import (
    access_open_erasure_request,
    consent_history,
    export_own_data,
    own_seeker,
)
from decentwork.privacy.actions import cancel_erasure, request_erasure
from decentwork.privacy.export import EXPORT_FORMAT
from decentwork.privacy.models import ErasureRequest, ErasureState
from decentwork.seekers.actions import withdraw_consent
from decentwork.seekers.models import Consent, ConsentScope

router = Router(tags=["privacy"])


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


class ExportSectionOut(Schema):
    model: str = Field(description='The kind of record, as "app_label.ModelName".')
    title: str
    rows: list[dict[str, Any]] = Field(
        description="One object per record: its id and each field's value (codes, ISO "
                    "dates; another record is named, not numbered).")


class ExportOut(Schema):
    format: int = Field(description=f"The document's layout version ({EXPORT_FORMAT}).")
    exported_at: dt.datetime
    seeker_id: int
    sections: list[ExportSectionOut] = Field(
        description='Every kind of record held about the person; the last, '
                    '"seekers.Sensitive", holds the target groups and accommodation needs.')


class ConsentOut(Schema):
    scope: ConsentScope
    label: str
    granted_at: dt.datetime
    withdrawn_at: dt.datetime | None = Field(description="None while the consent is in use.")

    @staticmethod
    def resolve_label(obj: Consent) -> str:
        return str(ConsentScope(obj.scope).label)


class ErasureOut(Schema):
    id: int
    state: ErasureState
    requested_at: dt.datetime
    due_at: dt.datetime = Field(description="When the data is erased, unless cancelled before.")
    closed_at: dt.datetime | None


@router.get("/privacy/me/export", response=ExportOut)
def export(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    """Everything held about the signed-in job seeker, as a file to keep (audited)."""
    document = export_own_data(_user(request)).as_json()
    response["Content-Disposition"] = (
        f'attachment; filename="my-data-{clock.today().isoformat()}.json"')
    return document


@router.get("/privacy/me/consents", response=list[ConsentOut])
def consents(request: HttpRequest) -> list[Consent]:
    """Every consent the person gave, newest first, withdrawn ones included."""
    return list(consent_history(own_seeker(_user(request))))


@router.post("/privacy/me/consents/{scope}/withdraw", response=ConsentOut)
def withdraw(request: HttpRequest, scope: ConsentScope) -> Consent:
    """Withdraw a consent now in use: effective at once, stored matching runs included.
    422 on "scope" when it is not in use."""
    user = _user(request)
    seeker = own_seeker(user)
    withdraw_consent(user, seeker, scope)
    # The newest row of the scope: the one just withdrawn.
    return consent_history(seeker).filter(scope=scope)[0]


@router.get("/privacy/me/erasure", response=ErasureOut)
def erasure(request: HttpRequest) -> ErasureRequest:
    """The person's erasure request waiting out its grace period; 404 when none."""
    return access_open_erasure_request(_user(request))


@router.post("/privacy/me/erasure", response={201: ErasureOut})
def ask_erasure(request: HttpRequest) -> Status[ErasureRequest]:
    """Ask for erasure after the grace period (PRIVACY_ERASURE_GRACE_DAYS).
    422 on "state" when one is already asked."""
    user = _user(request)
    return Status(201, request_erasure(user, own_seeker(user)))


@router.delete("/privacy/me/erasure", response=ErasureOut)
def cancel(request: HttpRequest) -> ErasureRequest:
    """Keep the data after all, during the grace period; 422 on "state" after it."""
    user = _user(request)
    return cancel_erasure(user, access_open_erasure_request(user))
