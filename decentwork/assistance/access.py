"""Scoped reads of spells of social assistance, and the exits that follow from them.

A person's spells and exits are seen by those who see the person's record
(``seekers.access.seekers_for``). Exits per office are counts only, no names:
a counsellor sees their own office; an office manager, an analyst or an
administrator of a site sees every office of the site (a platform administrator
every office).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.models import Placement
from decentwork.assistance.exits import Exit, PlacementFacts, SpellFacts, exits
from decentwork.assistance.models import AssistanceSpell
from decentwork.network.models import Office
from decentwork.seekers.access import seekers_for
from decentwork.seekers.models import JobSeeker


@dataclass(frozen=True)
class OfficeExits:
    office_id: int
    office_name: str
    site_name: str
    exits: int


def spells_for(user: User) -> QuerySet[AssistanceSpell]:
    return (AssistanceSpell.objects.filter(seeker__in=seekers_for(user))
            .select_related("seeker", "seeker__office", "recorded_by"))


def access_spell(user: User, spell_id: int) -> AssistanceSpell:
    """The spell for this user, or the same 404 whether it is missing or not theirs."""
    try:
        return spells_for(user).get(pk=spell_id)
    except AssistanceSpell.DoesNotExist:
        raise Http404("No such spell") from None


def spells_of_seeker(user: User, seeker: JobSeeker) -> QuerySet[AssistanceSpell]:
    """The person's spells, latest first."""
    return spells_for(user).filter(seeker=seeker).order_by("-started_on", "-id")


def _spell_facts(spells: list[AssistanceSpell]) -> list[SpellFacts]:
    return [SpellFacts(id=s.pk, started_on=s.started_on, ended_on=s.ended_on) for s in spells]


def _placement_facts(placements: list[Placement]) -> list[PlacementFacts]:
    return [PlacementFacts(id=p.pk, start_date=p.start_date, end_date=p.end_date,
                           formal=p.formal) for p in placements]


def exits_of_seeker(user: User, seeker: JobSeeker, today: dt.date) -> list[Exit]:
    """The person's exits from assistance into registered work (``exits.py``)."""
    if not seekers_for(user).filter(pk=seeker.pk).exists():
        raise Http404("No such job seeker")
    spells = list(AssistanceSpell.objects.filter(seeker=seeker))
    placements = list(Placement.objects.filter(seeker=seeker))
    return exits(_spell_facts(spells), _placement_facts(placements),
                 window_months=seeker.office.site.exit_window_months, today=today)


def offices_in_scope(user: User) -> QuerySet[Office]:
    """The offices whose exit counts the user sees (none for others)."""
    scope = scope_of(user)
    offices = Office.objects.select_related("site").order_by("site__name", "name", "id")
    if scope.is_office_manager and scope.site_id is not None:
        return offices.filter(site_id=scope.site_id)
    if scope.is_staff_of_office and scope.office_id is not None:
        return offices.filter(pk=scope.office_id)
    if scope.is_analyst and scope.site_id is not None:
        return offices.filter(site_id=scope.site_id)
    if scope.is_administrator:
        return offices if scope.site_id is None else offices.filter(site_id=scope.site_id)
    return offices.none()


def exits_by_office(user: User, *, since: dt.date, until: dt.date,
                    today: dt.date) -> list[OfficeExits]:
    """How many exits (spells ending from ``since`` to ``until``, both counted) per
    office in the user's scope; every office in scope is listed, with 0 if none."""
    offices = list(offices_in_scope(user))
    by_office: dict[int, int] = defaultdict(int)
    office_ids = [office.pk for office in offices]
    seeker_ids = set(AssistanceSpell.objects.filter(
        seeker__office_id__in=office_ids, ended_on__gte=since, ended_on__lte=until)
        .values_list("seeker_id", flat=True))
    spells: dict[int, list[AssistanceSpell]] = defaultdict(list)
    for spell in AssistanceSpell.objects.filter(seeker_id__in=seeker_ids):
        spells[spell.seeker_id].append(spell)
    placements: dict[int, list[Placement]] = defaultdict(list)
    for placement in Placement.objects.filter(seeker_id__in=seeker_ids):
        placements[placement.seeker_id].append(placement)
    seekers = JobSeeker.objects.filter(pk__in=seeker_ids).select_related("office__site")
    for seeker in seekers:
        for found in exits(_spell_facts(spells[seeker.pk]),
                           _placement_facts(placements[seeker.pk]),
                           window_months=seeker.office.site.exit_window_months, today=today):
            if since <= found.ended_on <= until:
                by_office[seeker.office_id] += 1
    return [OfficeExits(office_id=office.pk, office_name=office.name,
                        site_name=office.site.name, exits=by_office[office.pk])
            for office in offices]
