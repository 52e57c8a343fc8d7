"""Every write of data rights: asking for erasure, cancelling it, carrying it out.

Withdrawing a consent is ``seekers.actions.withdraw_consent`` (the privacy pages and
API call it): it erases what the consent covered and tells every app that keeps a
copy, in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.agenda.actions import cancel_for_erasure
from decentwork.applications.actions import close_for_erasure
from decentwork.audit.log import record
from decentwork.privacy.erasure import erase_person
from decentwork.privacy.models import ErasureRequest, ErasureState, ErasureTransition
from decentwork.privacy.workflow import LIFECYCLE, REQUEST
from decentwork.seekers.models import JobSeeker


def grace_period() -> dt.timedelta:
    """How long a request waits before it is carried out (``PRIVACY_ERASURE_GRACE_DAYS``)."""
    return dt.timedelta(days=settings.PRIVACY_ERASURE_GRACE_DAYS)


def _require_self(actor: User, seeker: JobSeeker) -> None:
    # Only the person: a counsellor cannot ask for someone's erasure, nor stop it.
    if not scope_of(actor).is_seeker_self(seeker.pk):
        raise PermissionDenied(_("Only the person can ask for their data to be erased."))


@transaction.atomic
def request_erasure(actor: User, seeker: JobSeeker) -> ErasureRequest:
    """Ask for the person's data to be erased once the grace period is over."""
    _require_self(actor, seeker)
    # Two presses at once: the second waits here and finds the first request.
    JobSeeker.objects.select_for_update().filter(pk=seeker.pk).exists()
    if ErasureRequest.objects.filter(seeker=seeker, state=ErasureState.REQUESTED).exists():
        raise ValidationError({"state": _("You have already asked for your data to be "
                                          "erased.")})
    now = clock.now()
    request = ErasureRequest.objects.create(seeker=seeker, requested_at=now,
                                            due_at=now + grace_period())
    ErasureTransition.objects.create(request=request, name=REQUEST, from_state="",
                                     to_state=ErasureState.REQUESTED, actor=actor, at=now)
    record(actor, "privacy.request_erasure", request, due_at=request.due_at.isoformat())
    return request


@transaction.atomic
def cancel_erasure(actor: User, request: ErasureRequest) -> ErasureRequest:
    """Keep the data after all: possible until the grace period ends."""
    _require_self(actor, request.seeker)
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    LIFECYCLE.check("cancel", locked.state)
    now = clock.now()
    if now >= locked.due_at:
        raise ValidationError({"state": _("The time to change your mind is over: your data "
                                          "is being erased.")})
    _move(actor, locked, "cancel", now)
    record(actor, "privacy.cancel_erasure", locked)
    return locked


def erase_due(now: dt.datetime | None = None) -> int:
    """Carry out every request whose grace period is over, one transaction per
    person (a failure leaves the others done); returns how many were carried out.
    Safe to run twice at once: each request is locked and checked again."""
    moment = now or clock.now()
    due = list(ErasureRequest.objects.filter(state=ErasureState.REQUESTED, due_at__lte=moment)
               .order_by("due_at", "pk").values_list("pk", flat=True))
    return sum(carry_out_erasure(pk, now=moment) for pk in due)


@transaction.atomic
def carry_out_erasure(request_id: int, *, now: dt.datetime) -> bool:
    """Erase the request's person everywhere, if it is still due; True when done.

    The audit entry names the request (whose seeker record is now anonymised) and
    counts rows; it holds nothing that says who the person was.
    """
    locked = ErasureRequest.objects.select_for_update().get(pk=request_id)
    if locked.state != ErasureState.REQUESTED or locked.due_at > now:
        return False  # cancelled meanwhile, or carried out by another run
    # Only the seeker's own row is locked (its login may be missing: no outer join).
    seeker = JobSeeker.objects.select_for_update().get(pk=locked.seeker_id)
    counts = erase_person(seeker)
    # Then close what the person had open, so they leave the caseload and the day
    # lists: after the anonymisation, so what others are told names the stand-in.
    # Action plan steps stay: casework has no step the platform may take.
    counts["applications_withdrawn"] = close_for_erasure(seeker)
    counts["appointments_cancelled"] = cancel_for_erasure(seeker)
    _move(None, locked, "carry_out", now)
    record(None, "privacy.erase", locked, **counts)
    return True


def _move(actor: User | None, request: ErasureRequest, name: str, now: dt.datetime) -> None:
    transition = LIFECYCLE.check(name, request.state)
    ErasureTransition.objects.create(request=request, name=name, from_state=request.state,
                                     to_state=transition.target, actor=actor, at=now)
    request.state = transition.target
    request.closed_at = now
    request.save(update_fields=["state", "closed_at"])
