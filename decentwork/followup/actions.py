"""Every write to the follow-up checks: scheduling them, answering them, asking the
person when one falls due.

Decisions (documented here and in the pages):

* A check is answered **once**. A second answer is refused naming ``follow_up``;
  the answer is a record of what the person said at the time, not a form to edit.
* A check may be answered from 14 days before it is due (``schedule.ANSWERABLE_BEFORE``):
  a person who comes to the office a little early need not come back. Earlier
  answers are refused naming ``follow_up``.
* "No longer employed" (``still_employed=False``) ends the open placement on
  ``ended_on`` through ``applications.actions.end_placement``, with the answering
  user as its actor (the person and their office's staff may both end their job
  there), so the seeker's status history records the change.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.actions import end_placement
from decentwork.applications.models import Placement
from decentwork.audit.log import record
from decentwork.controlled_lists import WageBand
from decentwork.followup.models import AnsweredAs, FollowUp
from decentwork.followup.schedule import MONTHS, answerable_from, due_dates
from decentwork.inbox.actions import notify
from decentwork.seekers.access import seekers_for


@transaction.atomic
def schedule_follow_ups(placement: Placement) -> list[FollowUp]:
    """The placement's three checks, creating those missing (calling it again writes
    nothing). Called when a placement is recorded; no actor: the system schedules."""
    existing = {f.months: f for f in FollowUp.objects.filter(placement=placement)}
    for months, due_on in due_dates(placement.start_date).items():
        if months not in existing:
            existing[months] = FollowUp.objects.create(placement=placement, months=months,
                                                       due_on=due_on)
    return [existing[months] for months in MONTHS]


def may_answer(actor: User, follow_up: FollowUp) -> bool:
    """The person, their office's staff, an administrator of their site."""
    seeker = follow_up.placement.seeker
    return scope_of(actor).cares_for_seeker(seeker_id=seeker.pk, office_id=seeker.office_id,
                                            site_id=seeker.office.site_id)


@transaction.atomic
def follow_up_for(actor: User, placement_id: int, months: int) -> FollowUp:
    """The check ``months`` after the placement, scheduling the checks if the placement
    predates them. A placement that does not exist, or that ``actor`` may not see,
    is refused naming ``placement`` (the same answer, so nothing leaks)."""
    if months not in MONTHS:
        raise ValidationError({"months": _("Choose a check at 3, 6 or 12 months.")})
    placement = (Placement.objects.filter(pk=placement_id, seeker__in=seekers_for(actor))
                 .select_related("seeker__office").first())
    if placement is None:
        raise ValidationError({"placement": _("There is no such job.")})
    return next(f for f in schedule_follow_ups(placement) if f.months == months)


@transaction.atomic
def answer_follow_up(
    actor: User,
    follow_up: FollowUp,
    *,
    still_employed: bool,
    same_employer: bool | None = None,
    registered: bool | None = None,
    hours_per_week: int | None = None,
    wage_band: str = "",
    ended_on: dt.date | None = None,
) -> FollowUp:
    """Record the answers to one check (see the module's decisions)."""
    locked = (FollowUp.objects.select_for_update(of=("self",))
              .select_related("placement__seeker__office", "placement__employer")
              .get(pk=follow_up.pk))
    if not may_answer(actor, locked):
        raise PermissionDenied(_("Only the person or their office may answer this check."))
    placement = locked.placement
    today = clock.today()
    errors: dict[str, str] = {}
    if locked.answered_at is not None:
        raise ValidationError({"follow_up": _(
            "The %(months)s-month check of this job is already answered.") % {
                "months": locked.months}})
    if today < answerable_from(locked.due_on):
        raise ValidationError({"follow_up": _(
            "The %(months)s-month check of this job can be answered from %(day)s.") % {
                "months": locked.months, "day": answerable_from(locked.due_on).isoformat()}})
    if hours_per_week is not None and not 1 <= hours_per_week <= 80:
        errors["hours_per_week"] = _("Enter a number of hours from 1 to 80.")
    if wage_band and wage_band not in WageBand.values:
        errors["wage_band"] = _("Choose one of the listed wage bands.")
    if still_employed:
        if placement.end_date is not None:
            errors["still_employed"] = _(
                "This job was recorded as ended on %(day)s.") % {
                    "day": placement.end_date.isoformat()}
        if ended_on is not None:
            errors["ended_on"] = _("Give the last day only for a job that has ended.")
    elif placement.end_date is None:
        if ended_on is None:
            errors["ended_on"] = _("Enter the last day of work.")
        elif ended_on < placement.start_date:
            errors["ended_on"] = _("The last day cannot be before the job started.")
        elif ended_on > today:
            errors["ended_on"] = _("The last day cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    person = scope_of(actor).is_seeker_self(placement.seeker_id)
    locked.still_employed = still_employed
    locked.same_employer = same_employer
    locked.registered = registered
    locked.hours_per_week = hours_per_week
    locked.wage_band = wage_band
    locked.answered_at = clock.now()
    locked.answered_by = actor
    locked.answered_as = AnsweredAs.PERSON if person else AnsweredAs.COUNSELLOR
    locked.save()
    record(actor, "followup.answer", locked, placement=placement.pk, months=locked.months,
           still_employed=still_employed, answered_as=locked.answered_as)
    if not still_employed and placement.end_date is None:
        assert ended_on is not None
        end_placement(actor, placement, end_date=ended_on,
                      note=_("Ended as answered at the %(months)s-month check.") % {
                          "months": locked.months})
    return locked


@transaction.atomic
def notify_due_follow_ups(today: dt.date | None = None) -> int:
    """Ask each person whose check is due (and not yet asked) to answer it: an inbox
    message and an email with the link. Returns how many were asked.

    Idempotent: a check is asked once (``notified_at``); rows another run is asking
    at the same moment are skipped. A person without a login is not asked (their
    counsellor records the check); a job that ended before the check was due needs
    no answer.
    """
    today = today or clock.today()
    due = (FollowUp.objects.select_for_update(of=("self",), skip_locked=True)
           .filter(answered_at__isnull=True, notified_at__isnull=True, due_on__lte=today,
                   placement__seeker__user__isnull=False)
           .filter(Q(placement__end_date__isnull=True)
                   | Q(placement__end_date__gte=F("due_on")))
           .select_related("placement__seeker__user", "placement__employer")
           .order_by("due_on", "pk"))
    sent = 0
    now = clock.now()
    for follow_up in due:
        placement = follow_up.placement
        user = placement.seeker.user
        assert user is not None
        message = notify(
            user, kind="followup.due",
            subject=gettext_lazy("How is your job going? A few questions"),
            body=gettext_lazy("You started as %(job)s at %(employer)s on %(start)s. Please "
                              "tell us if you still work there: it takes a minute."),
            params={"job": placement.job_title or "—", "employer": _employer_name(placement),
                    "start": _lazy_date(placement.start_date)},
            link=f"/followup/{follow_up.pk}/answer/")
        if message is None:
            continue
        follow_up.notified_at = now
        follow_up.save(update_fields=["notified_at"])
        record(None, "followup.notify", follow_up, months=follow_up.months)
        sent += 1
    return sent


def _employer_name(placement: Placement) -> str:
    return placement.employer.name if placement.employer is not None else placement.employer_name


def _format_date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


# Formatted when the notice is rendered, in the recipient's language.
_lazy_date = lazy(_format_date, str)
