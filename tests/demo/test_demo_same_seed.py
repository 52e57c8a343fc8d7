"""Loading the demo with the same seed gives the same city and the same history; and
it is refused in production. Each test here starts from an empty database."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from decentwork.applications.models import Application, Placement
from decentwork.demo.actions import load_demo
from decentwork.employers.models import Vacancy
from decentwork.inbox.models import Message
from decentwork.seekers.models import JobSeeker, StatusChange

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _fingerprint() -> dict[str, list[Any]]:
    return {
        "seekers": list(JobSeeker.objects.order_by("id").values_list(
            "first_name", "last_name", "place", "status")),
        "vacancies": list(Vacancy.objects.order_by("id").values_list("title", "filled")),
        "applications": list(Application.objects.order_by("id").values_list(
            "seeker__first_name", "seeker__last_name", "vacancy__title", "origin", "state",
            "refusal_reason", "refusal_text", "created_at", "updated_at")),
        "placements": list(Placement.objects.order_by("id").values_list(
            "seeker__last_name", "employer_name", "formal", "contract_type", "start_date",
            "end_date")),
        "status_changes": list(StatusChange.objects.order_by("id").values_list(
            "to_status", "at", "effective_on")),
        "messages": list(Message.objects.order_by("id").values_list(
            "recipient__username", "subject", "created_at", "read_at")),
    }


def test_same_seed_gives_the_same_city_and_history() -> None:
    with pytest.raises(_Undo), transaction.atomic():
        load_demo(seed=7, progress=False, say=lambda _: None)
        first = _fingerprint()
        raise _Undo
    assert not JobSeeker.objects.exists()
    load_demo(seed=7, progress=False, say=lambda _: None)
    second = _fingerprint()
    assert first["applications"] and first["placements"] and first["messages"]
    for part in first:
        assert second[part] == first[part], part


def test_demo_users_are_refused_in_production(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("load_demo")
    assert not JobSeeker.objects.exists()
