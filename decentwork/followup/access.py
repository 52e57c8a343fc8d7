"""Scoped reads of the follow-up checks, and retention.

The checks of a person are seen by those who see the person's record
(``seekers.access.seekers_for``): the person, their office's staff, the
administrators. Employers and analysts see none here.

Retention at a check (``retention``): the answer when the check is answered (still
employed or not); without an answer, from the placement's end date when it has one
(ended before the check was due: not retained; ended on or after: retained);
otherwise not known yet (``None``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Max, Q, QuerySet
from django.http import Http404

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.models import Placement
from decentwork.followup.models import AnsweredAs, FollowUp
from decentwork.followup.schedule import ANSWERABLE_BEFORE, MONTHS, due_dates
from decentwork.seekers.access import seekers_for
from decentwork.seekers.models import JobSeeker

# A check still to ask: the job did not end before it was due.
STILL_TO_ASK = Q(placement__end_date__isnull=True) | Q(placement__end_date__gte=F("due_on"))


def follow_ups_for(user: User) -> QuerySet[FollowUp]:
    return (FollowUp.objects.filter(placement__seeker__in=seekers_for(user))
            .select_related("placement", "placement__seeker", "placement__seeker__office",
                            "placement__employer", "answered_by"))


def access_follow_up(user: User, follow_up_id: int) -> FollowUp:
    """The check for this user, or the same 404 whether it is missing or not theirs."""
    try:
        return follow_ups_for(user).get(pk=follow_up_id)
    except FollowUp.DoesNotExist:
        raise Http404("No such follow-up") from None


def follow_ups_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[FollowUp]:
    """Every check of the seeker's jobs, by job (latest start first) then due date."""
    return (follow_ups_for(user).filter(placement__seeker=seeker)
            .order_by("-placement__start_date", "placement_id", "due_on"))


def follow_ups_due(user: User, today: dt.date, *,
                   office_id: int | None = None) -> QuerySet[FollowUp]:
    """Unanswered checks due on or before ``today`` of the seekers in scope, oldest
    first (a job that ended before a check was due needs no answer to it)."""
    due = (follow_ups_for(user).filter(answered_at__isnull=True, due_on__lte=today)
           .filter(STILL_TO_ASK))
    if office_id is not None:
        due = due.filter(placement__seeker__office_id=office_id)
    return due.order_by("due_on", "id")


def open_follow_ups_of_self(user: User, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """The person's own checks that they may answer now (from 14 days before due)."""
    seeker_id = scope_of(user).seeker_id
    if seeker_id is None:
        return FollowUp.objects.none()
    today = today or clock.today()
    return (follow_ups_for(user)
            .filter(placement__seeker_id=seeker_id, answered_at__isnull=True,
                    due_on__lte=today + ANSWERABLE_BEFORE)
            .filter(STILL_TO_ASK).order_by("due_on", "id"))


def retention_from(placement: Placement, follow_ups: list[FollowUp]) -> dict[int, bool | None]:
    """:func:`retention` from rows already read (the list pages read them in one go)."""
    answers = {f.months: f.still_employed for f in follow_ups if f.answered_at is not None}
    result: dict[int, bool | None] = {}
    for months, due_on in due_dates(placement.start_date).items():
        if months in answers:
            result[months] = answers[months]
        elif placement.end_date is not None:
            result[months] = placement.end_date >= due_on
        else:
            result[months] = None
    return result


def retention(placement: Placement) -> dict[int, bool | None]:
    """{3: ..., 6: ..., 12: ...}: still in this job at each check? ``None`` = not known
    yet. ``placement`` comes from a scoped read (the caller proved the scope)."""
    return retention_from(placement, list(FollowUp.objects.filter(placement=placement)))


def last_answered_by_counsellor(seeker_ids: list[int]) -> dict[int, dt.datetime]:
    """When a counsellor last recorded a check of each seeker (a contact with them)."""
    rows = (FollowUp.objects.filter(placement__seeker_id__in=seeker_ids,
                                    answered_as=AnsweredAs.COUNSELLOR)
            .order_by().values_list("placement__seeker_id")
            .annotate(last=Max("answered_at")))
    return {seeker_id: last for seeker_id, last in rows if last is not None}


__all__ = ["MONTHS", "access_follow_up", "follow_ups_due", "follow_ups_for",
           "follow_ups_of_seeker", "last_answered_by_counsellor", "open_follow_ups_of_self",
           "retention", "retention_from"]
