"""Hires, jobs found outside the platform, the end of a job, closing a vacancy, and
what each tells the people concerned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from decentwork.applications import actions
from decentwork.applications.access import transition_log
from decentwork.applications.models import (
    Application,
    ApplicationState,
    Placement,
    RefusalReason,
)
from decentwork.employers.models import Vacancy
from decentwork.inbox.models import Message
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    JobSeeker,
    SeekerStatus,
    StatusChange,
    StatusChangeReason,
)
from decentwork.taxonomy.factories import ConceptFactory
from decentwork.taxonomy.models import ConceptKind
from tests.applications.steps import give_login, hire_details
from tests.conftest import World


def _status(seeker: JobSeeker) -> str:
    return JobSeeker.objects.get(pk=seeker.pk).status


def _inbox(user: Any, kind: str) -> list[Message]:
    return list(Message.objects.filter(recipient=user, kind=kind))


def test_a_hire_records_the_placement_fills_an_opening_and_puts_the_person_in_work(
        world: World) -> None:
    occupation = ConceptFactory(kind=ConceptKind.OCCUPATION)
    Vacancy.objects.filter(pk=world.v_a.pk).update(openings=2, occupation=occupation)
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    start = timezone.localdate() + dt.timedelta(days=7)
    placement = actions.accept_application(
        world.erin, application, **hire_details(start_date=start, wage_band="minimum"))
    assert (placement.seeker, placement.application_id, placement.vacancy, placement.employer,
            placement.occupation, placement.job_title, placement.through_platform,
            placement.recorded_by, placement.wage_band, placement.hours_per_week) == (
        world.sam, application.pk, world.v_a, world.v_a.employer, occupation, world.v_a.title,
        True, world.erin, "minimum", 20)
    assert Vacancy.objects.get(pk=world.v_a.pk).filled == 1
    assert Application.objects.get(pk=application.pk).state == ApplicationState.ACCEPTED
    assert _status(world.sam) == SeekerStatus.PLACED
    change = StatusChange.objects.get(seeker=world.sam)
    assert (change.from_status, change.to_status, change.reason, change.effective_on,
            change.changed_by) == ("active", "placed", StatusChangeReason.PLACED, start,
                                   world.erin)
    [notice] = _inbox(world.sam_user, "applications.accepted")
    assert world.v_a.title in notice.body and notice.link == f"/applications/{application.pk}/"


def test_filling_the_last_opening_closes_the_other_applications(world: World) -> None:
    Vacancy.objects.filter(pk=world.v_a.pk).update(openings=2)
    tess_user = give_login(world.tess, "tess")
    third = JobSeeker.objects.create(office=world.office_a2, first_name="Uma", last_name="K",
                                     registered_on=dt.date(2026, 1, 5))
    sams, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    tess, _ = actions.apply_to_vacancy(world.alice, world.tess, world.v_a)
    umas, _ = actions.refer_to_vacancy(world.dana, third, world.v_a)
    actions.transition_application(world.erin, umas, "plan_interview")
    actions.accept_application(world.erin, sams, **hire_details())
    assert Application.objects.get(pk=tess.pk).state == ApplicationState.NEW  # one opening left
    actions.accept_application(world.erin, umas, **hire_details())
    assert Vacancy.objects.get(pk=world.v_a.pk).filled == 2
    closed = Application.objects.get(pk=tess.pk)
    assert closed.state == ApplicationState.OBSOLETE
    last = transition_log(closed)[-1]
    assert (last.name, last.from_state, last.actor, last.reason) == (
        "make_obsolete", "new", world.erin, actions.ObsoleteReason.VACANCY_FILLED)
    [notice] = _inbox(tess_user, "applications.obsolete")
    assert "filled" in notice.subject
    assert _status(world.tess) == SeekerStatus.ACTIVE


def test_a_full_vacancy_takes_no_more_hires(world: World) -> None:
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    # Another hire was made for this vacancy while this application was open.
    Vacancy.objects.filter(pk=world.v_a.pk).update(filled=1)
    with pytest.raises(ValidationError) as full:
        actions.accept_application(world.erin, application, **hire_details())
    assert "vacancy" in full.value.message_dict
    assert Application.objects.get(pk=application.pk).state == ApplicationState.NEW
    assert not Placement.objects.exists() and not StatusChange.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"contract_type": "zero_hours"}, "contract_type"),
    ({"hours": "nights"}, "hours"),
    ({"wage_band": "a lot"}, "wage_band"),
    ({"hours_per_week": 0}, "hours_per_week"),
    ({"hours_per_week": 100}, "hours_per_week"),
    ({"start_date": dt.date(2020, 1, 1)}, "start_date"),
    ({"start_date": timezone.localdate() + dt.timedelta(days=400)}, "start_date"),
])
def test_hire_details_are_checked_field_by_field(world: World, overrides: dict[str, Any],
                                                 field: str) -> None:
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    with pytest.raises(ValidationError) as bad:
        actions.accept_application(world.erin, application, **hire_details(**overrides))
    assert field in bad.value.message_dict
    with pytest.raises(ValidationError) as bad_outside:
        actions.record_outside_placement(world.alice, world.sam, employer_name="Bakery",
                                         **hire_details(**overrides))
    assert field in bad_outside.value.message_dict
    assert not Placement.objects.exists() and _status(world.sam) == SeekerStatus.ACTIVE
    assert Vacancy.objects.get(pk=world.v_a.pk).filled == 0


def test_a_job_found_outside_the_platform(world: World) -> None:
    occupation = ConceptFactory(kind=ConceptKind.OCCUPATION)
    start = timezone.localdate() - dt.timedelta(days=3)
    placement = actions.record_outside_placement(
        world.alice, world.sam, employer_name="  Kadıköy Bakery ", job_title="Baker's assistant",
        occupation=occupation, **hire_details(start_date=start, formal=False))
    assert (placement.employer, placement.employer_name, placement.through_platform,
            placement.formal, placement.occupation, placement.recorded_by) == (
        None, "Kadıköy Bakery", False, False, occupation, world.alice)
    assert _status(world.sam) == SeekerStatus.PLACED
    change = StatusChange.objects.get(seeker=world.sam)
    assert (change.reason, change.effective_on) == (StatusChangeReason.PLACED, start)
    with pytest.raises(ValidationError) as nameless:
        actions.record_outside_placement(world.alice, world.tess, employer_name=" ",
                                         **hire_details())
    assert "employer_name" in nameless.value.message_dict
    with pytest.raises(ValidationError) as skill:
        actions.record_outside_placement(world.alice, world.tess, employer_name="Bakery",
                                         occupation=ConceptFactory(kind=ConceptKind.SKILL),
                                         **hire_details())
    assert "occupation" in skill.value.message_dict


def test_when_the_job_ends_the_person_looks_for_work_again(world: World) -> None:
    start = timezone.localdate() - dt.timedelta(days=60)
    placement = actions.record_outside_placement(world.alice, world.sam, employer_name="Bakery",
                                                 **hire_details(start_date=start))
    end = timezone.localdate() - dt.timedelta(days=1)
    ended = actions.end_placement(world.sam_user, placement, end_date=end,
                                  note="The shop closed")
    assert ended.end_date == end
    assert _status(world.sam) == SeekerStatus.ACTIVE
    changes = list(StatusChange.objects.filter(seeker=world.sam).order_by("at", "id"))
    assert [(c.from_status, c.to_status, c.reason) for c in changes] == [
        ("active", "placed", "placed"), ("placed", "active", "placement_ended")]
    assert (changes[1].effective_on, changes[1].note, changes[1].changed_by) == (
        end, "The shop closed", world.sam_user)
    with pytest.raises(ValidationError) as again:
        actions.end_placement(world.alice, placement, end_date=end)
    assert "end_date" in again.value.message_dict


def test_a_second_job_keeps_the_person_in_work(world: World) -> None:
    start = timezone.localdate() - dt.timedelta(days=30)
    morning = actions.record_outside_placement(world.alice, world.sam, employer_name="Bakery",
                                               **hire_details(start_date=start))
    actions.record_outside_placement(world.alice, world.sam, employer_name="Cleaning co.",
                                     **hire_details(start_date=start))
    assert StatusChange.objects.filter(seeker=world.sam).count() == 1  # one spell in work
    actions.end_placement(world.alice, morning, end_date=timezone.localdate())
    assert _status(world.sam) == SeekerStatus.PLACED
    assert StatusChange.objects.filter(seeker=world.sam).count() == 1


@pytest.mark.parametrize(("days_after_start", "days_from_today"), [(-1, None), (None, 1)])
def test_the_end_of_a_job_lies_between_its_start_and_today(
        world: World, days_after_start: int | None, days_from_today: int | None) -> None:
    start = timezone.localdate() - dt.timedelta(days=10)
    placement = actions.record_outside_placement(world.alice, world.sam, employer_name="Bakery",
                                                 **hire_details(start_date=start))
    end = (start + dt.timedelta(days=days_after_start) if days_after_start is not None
           else timezone.localdate() + dt.timedelta(days=days_from_today or 0))
    with pytest.raises(ValidationError) as bad:
        actions.end_placement(world.alice, placement, end_date=end)
    assert "end_date" in bad.value.message_dict
    assert Placement.objects.get(pk=placement.pk).end_date is None
    assert _status(world.sam) == SeekerStatus.PLACED


def test_closing_a_vacancy_closes_its_open_applications(world: World) -> None:
    tess_user = give_login(world.tess, "tess")
    sams, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    tess, _ = actions.apply_to_vacancy(world.alice, world.tess, world.v_a)
    actions.transition_application(world.erin, tess, "refuse",
                                   reason=RefusalReason.SKILLS_MISSING)
    closed = actions.close_vacancy(world.erin, world.v_a)
    assert closed == 1
    # Closed now: the last day applications were taken was yesterday.
    assert Vacancy.objects.get(pk=world.v_a.pk).closes_on == (
        timezone.localdate() - dt.timedelta(days=1))
    last = transition_log(sams)[-1]
    assert (last.to_state, last.actor, last.reason) == (
        "obsolete", world.erin, actions.ObsoleteReason.VACANCY_CLOSED)
    assert Application.objects.get(pk=tess.pk).state == ApplicationState.REFUSED
    assert len(_inbox(world.sam_user, "applications.obsolete")) == 1
    assert not _inbox(tess_user, "applications.obsolete")
    with pytest.raises(ValidationError) as late:
        actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    assert "vacancy" in late.value.message_dict


@pytest.mark.parametrize("days_from_today", [0, 10])
def test_a_last_day_still_to_come_leaves_sent_applications_open(
        world: World, days_from_today: int) -> None:
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    last_day = timezone.localdate() + dt.timedelta(days=days_from_today)
    assert actions.close_vacancy(world.erin, world.v_a, on=last_day) == 0
    assert Vacancy.objects.get(pk=world.v_a.pk).closes_on == last_day
    assert Application.objects.get(pk=application.pk).state == ApplicationState.NEW


def test_a_last_day_in_the_past_closes_sent_applications(world: World) -> None:
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    assert actions.close_vacancy(world.erin, world.v_a,
                                 on=timezone.localdate() - dt.timedelta(days=2)) == 1
    assert Application.objects.get(pk=application.pk).state == ApplicationState.OBSOLETE


def test_each_step_tells_the_people_it_concerns(world: World) -> None:
    referred, _ = actions.refer_to_vacancy(world.alice, world.sam, world.v_a,
                                           note="Good with people")
    assert len(_inbox(world.erin, "applications.referred")) == 1
    assert len(_inbox(world.sam_user, "applications.referred")) == 1
    actions.transition_application(world.erin, referred, "plan_interview")
    assert len(_inbox(world.sam_user, "applications.interview")) == 1
    actions.transition_application(world.sam_user, referred, "withdraw")
    assert len(_inbox(world.erin, "applications.withdrawn")) == 1

    Consent.objects.create(seeker=world.sam, scope=ConsentScope.PROPOSAL_TO_EMPLOYERS,
                           granted_at=timezone.now())
    invited, _ = actions.invite_candidate(world.erin, world.sam, world.v_a, message="Join us")
    assert invited.origin == "employer" and invited.message == "Join us"
    assert len(_inbox(world.sam_user, "applications.invited")) == 1
    actions.transition_application(world.erin, invited, "refuse",
                                   reason=RefusalReason.ACCOMMODATION_NOT_POSSIBLE)
    [refusal] = _inbox(world.sam_user, "applications.refused")
    assert str(RefusalReason.ACCOMMODATION_NOT_POSSIBLE.label) in refusal.body

    applied, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    assert len(_inbox(world.erin, "applications.received")) == 1
    # Nobody else hears of it: not the other employer, not the counsellors.
    assert not Message.objects.filter(recipient__in=[world.frank, world.alice, world.dana])
    assert all(m.link.startswith("/applications/") for m in Message.objects.all())
    assert applied.pk != invited.pk


def test_a_notice_is_in_the_seekers_language_and_emailed(
        world: World, mailoutbox: list[Any],
        django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    world.sam_user.preferred_language = "fr"
    world.sam_user.email = "sam@example.org"
    world.sam_user.save(update_fields=["preferred_language", "email"])
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        actions.transition_application(world.erin, application, "refuse",
                                       reason=RefusalReason.SKILLS_MISSING)
    [notice] = _inbox(world.sam_user, "applications.refused")
    params = {"vacancy": world.v_a.title, "employer": world.v_a.employer.name,
              "seeker": world.sam.full_name}
    with translation.override("fr"):
        # Whatever the French catalogue holds today, the notice is what it renders in
        # French, not what the employer (reading English) would have read.
        reason = str(RefusalReason.SKILLS_MISSING.label)
        expected_subject = translation.gettext(
            "Answer to your application for %(vacancy)s") % params
    assert notice.subject == expected_subject
    assert reason in notice.body
    [email] = mailoutbox
    assert email.to == ["sam@example.org"] and email.subject == notice.subject
    assert f"/applications/{application.pk}/" in email.body
    assert Message.objects.get(pk=notice.pk).emailed_at is not None


def test_closing_again_keeps_the_day_it_first_closed(world: World) -> None:
    first_day = timezone.localdate() - dt.timedelta(days=5)
    Vacancy.objects.filter(pk=world.v_a.pk).update(opens_on=first_day - dt.timedelta(days=30))
    vacancy = Vacancy.objects.get(pk=world.v_a.pk)
    actions.close_vacancy(world.erin, vacancy, on=first_day)
    assert actions.close_vacancy(world.erin, vacancy) == 0
    assert Vacancy.objects.get(pk=world.v_a.pk).closes_on == first_day
