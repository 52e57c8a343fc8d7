"""The person's own page gathers their job questions and next appointments, and the
hourly reminders send each notice once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from decentwork import clock
from decentwork.agenda.actions import book_appointment
from decentwork.agenda.models import Channel
from decentwork.inbox.models import Message
from tests.conftest import World
from tests.followup.steps import place

START = dt.date(2026, 3, 2)
CHECK_DUE = dt.datetime(2026, 6, 2, 9, tzinfo=dt.UTC)  # Sam's 3-month check falls due


@pytest.fixture(autouse=True)
def on_start_day() -> None:
    """Overrides the casework tests' start day: these tests set their own clock."""


@pytest.fixture
def sams_job_and_appointment(world: World) -> None:
    place(world.alice, world.sam, START)
    with clock.travel_to(CHECK_DUE):
        book_appointment(world.alice, world.sam, channel=Channel.VIDEO,
                         starts_at=CHECK_DUE + dt.timedelta(hours=20),
                         purpose="How the new job is going")


@pytest.mark.usefixtures("sams_job_and_appointment")
def test_the_persons_page_asks_the_due_question_and_shows_the_next_appointment(
        world: World) -> None:
    with clock.travel_to(CHECK_DUE):
        html = world.client_for(world.sam_user).get("/casework/me/").content.decode()
    assert "Questions about your job" in html
    assert "Answer the questions 3 months after you started" in html
    assert "How the new job is going" in html
    # A month earlier nothing is due yet.
    with clock.travel_to(CHECK_DUE - dt.timedelta(days=30)):
        html = world.client_for(world.sam_user).get("/casework/me/").content.decode()
    assert "Questions about your job" not in html


@pytest.mark.usefixtures("sams_job_and_appointment")
def test_the_reminders_command_sends_each_notice_once(world: World) -> None:
    out = StringIO()
    with clock.travel_to(CHECK_DUE):
        call_command("send_reminders", stdout=out)
        assert out.getvalue().strip() == "1 appointment reminders, 1 follow-up questions sent."
        before = Message.objects.filter(recipient=world.sam_user).count()
        again = StringIO()
        call_command("send_reminders", stdout=again)
    assert again.getvalue().strip() == "0 appointment reminders, 0 follow-up questions sent."
    assert Message.objects.filter(recipient=world.sam_user).count() == before
