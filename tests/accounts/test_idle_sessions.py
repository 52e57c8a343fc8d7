"""Staff sessions end after STAFF_IDLE_MINUTES without a request; others last longer.

Idleness is wall-clock time between requests (not ``decentwork.clock``, which tests of
dated work travel): the tests move the session's last activity back instead of waiting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from decentwork import clock
from decentwork import settings as project_settings
from decentwork.accounts.middleware import LAST_ACTIVITY_SESSION_KEY
from decentwork.audit.models import AuditEntry
from tests.conftest import World


def _idle_for(client: Client, minutes: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] -= minutes * 60
    session.save()


def test_a_counsellor_idle_too_long_is_signed_out_with_a_message(world: World) -> None:
    client = world.client_for(world.alice)
    assert client.get("/seekers/").status_code == 200
    _idle_for(client, 31)
    page = client.get("/seekers/", follow=True)
    assert page.request["PATH_INFO"] == reverse("accounts:login")
    assert page.request["QUERY_STRING"] == "next=%2Fseekers%2F"
    assert "You were signed out after 30 minutes without activity." in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.session_idle_expired",
                                     actor=world.alice, details__idle_minutes=30).exists()
    assert AuditEntry.objects.filter(action="accounts.sign_out", actor=world.alice).exists()


def test_activity_keeps_a_staff_session_alive(world: World) -> None:
    client = world.client_for(world.alice)
    for _ in range(3):  # an hour in all, never 30 minutes without a request
        _idle_for(client, 20)
        assert client.get("/seekers/").status_code == 200


def test_the_domain_clock_travelling_signs_no_one_out(world: World) -> None:
    client = world.client_for(world.alice)
    with clock.travel_to(clock.now() + dt.timedelta(days=3)):
        assert client.get("/seekers/").status_code == 200


def test_the_idle_limit_comes_from_the_settings(world: World, settings: Any) -> None:
    settings.STAFF_IDLE_MINUTES = 5
    client = world.client_for(world.ivan)
    client.get(reverse("insights:site_overview"))
    _idle_for(client, 6)
    page = client.get(reverse("insights:site_overview"), follow=True)
    assert "after 5 minutes without activity" in page.content.decode()


def test_an_idle_api_call_is_answered_as_signed_out(world: World) -> None:
    client = world.client_for(world.alice)
    client.get("/api/seekers")
    _idle_for(client, 31)
    assert client.get("/api/seekers").status_code == 401


def test_a_seeker_session_is_not_cut_short(world: World) -> None:
    client = world.client_for(world.sam_user)
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] = 0.0  # as if idle since 1970
    session.save()
    assert client.get(reverse("seekers:my_profile")).status_code == 200


def test_sessions_last_twelve_hours_unless_configured() -> None:
    assert project_settings.SESSION_COOKIE_AGE == 12 * 3600
    assert project_settings.STAFF_IDLE_MINUTES == 30
