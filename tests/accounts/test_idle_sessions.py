"""Staff sessions end after STAFF_IDLE_MINUTES without a request; others last longer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from decentwork import clock
from decentwork import settings as project_settings
from decentwork.audit.models import AuditEntry
from tests.conftest import World


def _later(minutes: int) -> dt.datetime:
    return clock.now() + dt.timedelta(minutes=minutes)


def test_a_counsellor_idle_too_long_is_signed_out_with_a_message(world: World) -> None:
    client = world.client_for(world.alice)
    assert client.get("/seekers/").status_code == 200
    with clock.travel_to(_later(31)):
        page = client.get("/seekers/", follow=True)
    assert page.request["PATH_INFO"] == reverse("accounts:login")
    html = page.content.decode()
    assert "You were signed out after 30 minutes without activity." in html
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.session_idle_expired",
                                     actor=world.alice, details__idle_minutes=30).exists()
    assert AuditEntry.objects.filter(action="accounts.sign_out", actor=world.alice).exists()


def test_activity_keeps_a_staff_session_alive(world: World) -> None:
    client = world.client_for(world.alice)
    client.get("/seekers/")
    for minutes in (20, 40, 60):
        with clock.travel_to(_later(minutes)):
            assert client.get("/seekers/").status_code == 200


def test_the_idle_limit_comes_from_the_settings(world: World, settings: Any) -> None:
    settings.STAFF_IDLE_MINUTES = 5
    client = world.client_for(world.ivan)
    client.get(reverse("insights:site_overview"))
    with clock.travel_to(_later(6)):
        page = client.get(reverse("insights:site_overview"), follow=True)
    assert "after 5 minutes without activity" in page.content.decode()


def test_an_idle_api_call_is_answered_as_signed_out(world: World) -> None:
    client = world.client_for(world.alice)
    client.get("/api/seekers")
    with clock.travel_to(_later(31)):
        assert client.get("/api/seekers").status_code == 401


def test_a_seeker_session_is_not_cut_short(world: World) -> None:
    client = world.client_for(world.sam_user)
    client.get(reverse("seekers:my_profile"))
    with clock.travel_to(_later(3 * 60)):
        assert client.get(reverse("seekers:my_profile")).status_code == 200


def test_sessions_last_twelve_hours_unless_configured() -> None:
    assert project_settings.SESSION_COOKIE_AGE == 12 * 3600
    assert project_settings.STAFF_IDLE_MINUTES == 30
