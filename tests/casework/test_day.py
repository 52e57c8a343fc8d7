"""The counsellor's day: what falls due today, narrowed by office and target group,
for the people who may see it and nobody else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.agenda.actions import book_appointment, record_attendance
from decentwork.agenda.models import Channel
from decentwork.audit.models import AuditEntry
from decentwork.casework.access import CounsellorDay, DayFilter, counsellor_day
from decentwork.casework.actions import agree_plan
from decentwork.casework.models import StepOwner, StepType
from decentwork.casework.proposals import StepInput
from decentwork.network.models import Site
from decentwork.seekers.actions import declare_target_group
from decentwork.seekers.factories import JobSeekerFactory
from decentwork.seekers.models import JobSeeker
from tests.conftest import World
from tests.followup.steps import on, place

TODAY = dt.date(2026, 6, 15)  # a Monday


@pytest.fixture(autouse=True)
def on_start_day() -> None:
    """Overrides the casework tests' start day: these tests set their own clock."""


@dataclass
class Day:
    world: World
    uma: JobSeeker


@pytest.fixture
def day(world: World) -> Day:
    """At office A on 15 June 2026:

    * Sam, looking since January, has an appointment at three this afternoon but
      nobody has met him yet;
    * Tess agreed a plan on 1 May whose step was due on 1 June (overdue), and has not
      been in touch since (45 days, more than the site's 30);
    * Uma started a registered job on 10 March, so her 3-month check is due;
    * Vic was met last week: in touch, not listed as quiet.
    """
    JobSeeker.objects.filter(pk=world.sam.pk).update(registered_on=dt.date(2026, 1, 5))
    JobSeeker.objects.filter(pk=world.tess.pk).update(registered_on=dt.date(2026, 4, 20))
    world.sam.refresh_from_db()
    world.tess.refresh_from_db()
    with on(dt.date(2026, 5, 1)):
        agree_plan(world.alice, world.tess, starts_on=dt.date(2026, 5, 1), steps=[StepInput(
            step_type=StepType.JOB_SEARCH, title="Apply for three kitchen jobs",
            owner=StepOwner.SEEKER, due_on=dt.date(2026, 6, 1))])
    uma = JobSeekerFactory(office=world.office_a, first_name="Uma", last_name="Kaya",
                           registered_on=dt.date(2026, 2, 1))
    place(world.alice, uma, dt.date(2026, 3, 10))
    vic = JobSeekerFactory(office=world.office_a, first_name="Vic", last_name="Oz",
                           registered_on=dt.date(2026, 2, 1))
    with on(dt.date(2026, 6, 8)):
        met = book_appointment(world.alice, vic, channel=Channel.PHONE,
                               starts_at=clock.now() + dt.timedelta(hours=1))
    with clock.travel_to(dt.datetime(2026, 6, 8, 16, tzinfo=dt.UTC)):
        record_attendance(world.alice, met, attended=True)
    with clock.travel_to(dt.datetime(2026, 6, 15, 8, tzinfo=dt.UTC)):
        book_appointment(world.alice, world.sam, channel=Channel.IN_PERSON,
                         starts_at=dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC),
                         purpose="First interview")
    return Day(world, uma)


def _day(user: User, wanted: DayFilter | None = None, today: dt.date = TODAY) -> CounsellorDay:
    """The day as the page reads it at nine in the morning."""
    with clock.travel_to(dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)):
        return counsellor_day(user, today, wanted or DayFilter())


def _names(people: list[JobSeeker]) -> list[str]:
    return [person.first_name for person in people]


def test_the_day_gathers_appointments_overdue_steps_follow_ups_and_quiet_people(
        day: Day) -> None:
    world = day.world
    seen = _day(world.alice)
    assert _names([a.seeker for a in seen.appointments.items]) == ["Sam"]
    assert [s.title for s in seen.overdue_steps.items] == ["Apply for three kitchen jobs"]
    assert [(f.placement.seeker.first_name, f.months) for f in seen.follow_ups_due.items] == [
        ("Uma", 3)]
    # Tess's last contact was her plan. Sam never met anyone, but his appointment
    # is booked: nothing left to do about him.
    assert [(p.seeker.first_name, p.last_contact, p.days) for p in seen.no_contact.items] == [
        ("Tess", dt.date(2026, 5, 1), 45)]
    # Uma is in work; the others wait, Sam longest.
    assert [(p.seeker.first_name, p.days) for p in seen.waiting_longest.items][:2] == [
        ("Sam", 161), ("Vic", 134)]
    assert seen.contact_gap_days == 30


def test_a_longer_contact_gap_set_by_the_site_lists_fewer_people(day: Day) -> None:
    Site.objects.filter(pk=day.world.office_a.site_id).update(contact_gap_days=50)
    seen = _day(day.world.alice)
    assert seen.no_contact.items == []  # Tess's 45 days are within 50
    assert seen.contact_gap_days == 50


def test_someone_never_contacted_counts_from_registration_once_the_appointment_is_past(
        day: Day) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    seen = _day(day.world.alice, today=tomorrow)
    assert [(p.seeker.first_name, p.last_contact, p.days) for p in seen.no_contact.items] == [
        ("Sam", None, 162), ("Tess", dt.date(2026, 5, 1), 46)]


def test_a_step_due_today_is_not_overdue_and_an_answered_check_is_not_due(day: Day) -> None:
    seen = _day(day.world.alice, today=dt.date(2026, 6, 1))
    assert seen.overdue_steps.items == []
    assert seen.follow_ups_due.items == []  # Uma's check falls due on 10 June


def test_the_target_group_filter_reads_only_consented_groups_and_is_audited(day: Day) -> None:
    world = day.world
    declare_target_group(world.alice, world.tess, "woman_returner")
    seen = _day(world.alice, DayFilter(target_group="woman_returner"))
    assert _names([p.seeker for p in seen.no_contact.items]) == ["Tess"]
    assert [s.title for s in seen.overdue_steps.items] == ["Apply for three kitchen jobs"]
    assert seen.appointments.items == [] and seen.follow_ups_due.items == []
    entry = AuditEntry.objects.filter(action="casework.filter_by_target_group").get()
    assert (entry.actor, entry.details["group"]) == (world.alice, "woman_returner")
    # Nobody is in a group that does not exist.
    nobody = _day(world.alice, DayFilter(target_group="astronaut"))
    assert nobody.waiting_longest.items == []


def _page(client: Client, query: str = "") -> tuple[int, str]:
    with clock.travel_to(dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)):
        response = client.get(f"/casework/today/{query}")
    return response.status_code, response.content.decode()


def test_the_page_shows_the_day_to_the_office(day: Day) -> None:
    status, html = _page(day.world.client_for(day.world.bob))
    assert status == 200
    for expected in ("Appointments today", "First interview", "Apply for three kitchen jobs",
                     "3-month check, due", "last contact 05/01/2026, 45 days ago",
                     "Waiting longest"):
        assert expected in html
    assert 'name="office"' not in html  # one office: nothing to choose


@pytest.mark.parametrize("persona", ["dana", "charlie"])
def test_counsellors_of_other_offices_see_their_own_day_without_office_a(
        day: Day, persona: str) -> None:
    status, html = _page(day.world.client_for(getattr(day.world, persona)))
    assert status == 200
    assert "Sam" not in html and "Tess" not in html and "Uma" not in html


@pytest.mark.parametrize("persona", ["erin", "frank", "ivan", "sam_user", None])
def test_the_page_is_not_there_for_anyone_else(day: Day, persona: str | None) -> None:
    client = day.world.client_for(getattr(day.world, persona) if persona else None)
    status, _ = _page(client)
    assert status in {404, 302}
    if persona is not None:
        assert status == 404


def test_an_administrator_narrows_the_day_to_one_office(day: Day) -> None:
    client = day.world.client_for(day.world.judy)
    status, html = _page(client, f"?office={day.world.office_b.pk}")
    assert status == 200 and "Sam" not in html
    status, html = _page(client, f"?office={day.world.office_a.pk}")
    assert status == 200 and "First interview" in html
    status, html = _page(client, "?office=999999")
    assert status == 200
    assert 'id="error-summary-title"' in html and "Office:" in html
