"""Every write to the spells of social assistance.

Only the staff of the person's office and the site's administrators record spells
(the person sees theirs but does not edit them: the record comes from the
assistance administration's papers). Each action validates everything before
writing, names the field it refuses, and leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.assistance.models import AssistanceSpell, EndReason
from decentwork.audit.log import record
from decentwork.seekers.models import JobSeeker

PROGRAMME_NAME_LENGTH = 200


def may_record_spells(actor: User, seeker: JobSeeker) -> bool:
    scope = scope_of(actor)
    return scope.serves_office(seeker.office_id, seeker.office.site_id)


def _require(actor: User, seeker: JobSeeker) -> None:
    if not may_record_spells(actor, seeker):
        raise PermissionDenied(_("Only the staff of the person's office may record their "
                                 "social assistance."))


def _overlapping(seeker: JobSeeker, programme_name: str, started_on: dt.date,
                 ended_on: dt.date | None, *, exclude: int | None = None) -> bool:
    """Another spell of the same programme that shares a day with this period."""
    others = AssistanceSpell.objects.filter(seeker=seeker,
                                            programme_name__iexact=programme_name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
    if ended_on is not None:
        others = others.filter(started_on__lte=ended_on)
    return others.exists()


def _check_end(errors: dict[str, str], *, started_on: dt.date, ended_on: dt.date | None,
               end_reason: str, today: dt.date) -> None:
    if ended_on is None:
        if end_reason:
            errors["end_reason"] = _("Give a reason only for a spell that has ended.")
        return
    if ended_on < started_on:
        errors["ended_on"] = _("The last day cannot be before the first day.")
    elif ended_on > today:
        errors["ended_on"] = _("Record the end of a spell once it has ended.")
    if not end_reason:
        errors["end_reason"] = _("Say why the assistance ended.")
    elif end_reason not in EndReason.values:
        errors["end_reason"] = _("Choose the reason from the list.")


@transaction.atomic
def record_spell(
    actor: User,
    seeker: JobSeeker,
    *,
    programme_name: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    end_reason: str = "",
) -> AssistanceSpell:
    """A period on a programme of social assistance, open or already ended."""
    _require(actor, seeker)
    # The person's row lock serialises spells of one person (no two overlapping
    # spells from two clicks).
    JobSeeker.objects.select_for_update().filter(pk=seeker.pk).first()
    today = clock.today()
    programme_name = programme_name.strip()
    errors: dict[str, str] = {}
    if not programme_name:
        errors["programme_name"] = _("Enter the name of the programme of assistance.")
    elif len(programme_name) > PROGRAMME_NAME_LENGTH:
        errors["programme_name"] = _("Shorten the name to 200 characters.")
    if started_on > today:
        errors["started_on"] = _("The first day cannot be in the future.")
    _check_end(errors, started_on=started_on, ended_on=ended_on, end_reason=end_reason,
               today=today)
    if not errors and _overlapping(seeker, programme_name, started_on, ended_on):
        errors["started_on"] = _("This person already has a spell of this programme in "
                                 "that period.")
    if errors:
        raise ValidationError(errors)
    spell = AssistanceSpell.objects.create(
        seeker=seeker, programme_name=programme_name, started_on=started_on,
        ended_on=ended_on, end_reason=end_reason, recorded_by=actor, recorded_at=clock.now())
    record(actor, "assistance.record_spell", spell, seeker=seeker.pk,
           ended=ended_on is not None)
    return spell


@transaction.atomic
def end_spell(actor: User, spell: AssistanceSpell, *, ended_on: dt.date,
              end_reason: str) -> AssistanceSpell:
    """The assistance stopped: its last day and why."""
    locked = (AssistanceSpell.objects.select_for_update(of=("self",))
              .select_related("seeker__office").get(pk=spell.pk))
    _require(actor, locked.seeker)
    if locked.ended_on is not None:
        raise ValidationError({"ended_on": _("This spell has already ended.")})
    errors: dict[str, str] = {}
    _check_end(errors, started_on=locked.started_on, ended_on=ended_on, end_reason=end_reason,
               today=clock.today())
    if errors:
        raise ValidationError(errors)
    locked.ended_on = ended_on
    locked.end_reason = end_reason
    locked.save(update_fields=["ended_on", "end_reason"])
    record(actor, "assistance.end_spell", locked, seeker=locked.seeker_id,
           end_reason=end_reason)
    return locked
