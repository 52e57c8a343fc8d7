"""The assistance endpoints: the same actions and scoped reads as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.api_inputs import StoredText
from decentwork.assistance.access import (
    access_spell,
    exits_by_office,
    exits_of_seeker,
    offices_in_scope,
    spells_of_seeker,
)
from decentwork.assistance.actions import end_spell, record_spell
from decentwork.assistance.exits import Exit
from decentwork.assistance.models import AssistanceSpell, EndReason
from decentwork.clock import add_months
from decentwork.seekers.access import access_seeker

router = Router(tags=["assistance"])


class SpellOut(Schema):
    id: int
    seeker_id: int
    programme_name: str
    started_on: dt.date
    ended_on: dt.date | None = Field(description="None while the assistance goes on.")
    end_reason: EndReason | None
    recorded_at: dt.datetime

    @staticmethod
    def resolve_end_reason(obj: AssistanceSpell) -> str | None:
        return obj.end_reason or None


class SpellIn(Schema):
    programme_name: StoredText = Field(max_length=200)
    started_on: dt.date
    ended_on: dt.date | None = None
    end_reason: EndReason | None = Field(None, description="Required when ended_on is given.")


class EndSpellIn(Schema):
    ended_on: dt.date
    end_reason: EndReason


class ExitOut(Schema):
    spell_id: int
    placement_id: int = Field(description="The registered job the exit follows.")
    ended_on: dt.date = Field(description="The last day of assistance.")
    placement_start: dt.date


class OfficeExitsOut(Schema):
    office_id: int
    office_name: str
    site_name: str
    exits: int = Field(description="Spells ending in the period that count as exits.")


class PeriodFilters(Schema):
    since: dt.date | None = Field(None, description="First day (default: 12 months ago).")
    until: dt.date | None = Field(None, description="Last day (default: today).")


@router.get("/seekers/{seeker_id}/assistance-spells", response=list[SpellOut])
def seeker_spells(request: HttpRequest, seeker_id: int) -> QuerySet[AssistanceSpell]:
    """The person's spells of social assistance, latest first."""
    user = _user(request)
    return spells_of_seeker(user, access_seeker(user, seeker_id))


@router.post("/seekers/{seeker_id}/assistance-spells", response={201: SpellOut})
def new_spell(request: HttpRequest, seeker_id: int,
              payload: SpellIn) -> Status[AssistanceSpell]:
    """Record a spell (the staff of the person's office, administrators)."""
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    spell = record_spell(user, seeker, programme_name=payload.programme_name,
                         started_on=payload.started_on, ended_on=payload.ended_on,
                         end_reason=payload.end_reason or "")
    return Status(201, access_spell(user, spell.pk))


@router.post("/assistance-spells/{int:spell_id}/end", response=SpellOut)
def end(request: HttpRequest, spell_id: int, payload: EndSpellIn) -> AssistanceSpell:
    """The assistance stopped: its last day and why."""
    user = _user(request)
    end_spell(user, access_spell(user, spell_id), ended_on=payload.ended_on,
              end_reason=payload.end_reason)
    return access_spell(user, spell_id)


@router.get("/seekers/{seeker_id}/exits", response=list[ExitOut])
def seeker_exits(request: HttpRequest, seeker_id: int) -> list[Exit]:
    """The person's exits from assistance into registered work, judged today."""
    user = _user(request)
    return exits_of_seeker(user, access_seeker(user, seeker_id), clock.today())


@router.get("/assistance/exits-by-office", response=list[OfficeExitsOut])
def office_exits(request: HttpRequest, filters: Query[PeriodFilters]) -> list[Any]:
    """Exits per office in the reader's scope over a period: counts only."""
    user = _user(request)
    if not offices_in_scope(user).exists():
        raise Http404("No offices")
    today = clock.today()
    until = filters.until or today
    since = filters.since or add_months(today, -12) + dt.timedelta(days=1)
    if since > until:
        raise ValidationError({"until": _("The end of the period must be after its start.")})
    return list(exits_by_office(user, since=since, until=until, today=today))


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # django_auth let only signed-in users through
    return user
