"""Follow-up checks: scheduled with the placement, answered once, "no longer employed"
ends the job, the person is asked when a check falls due, retention, what is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from decentwork.applications import actions as application_actions
from decentwork.applications.models import Placement
from decentwork.audit.models import AuditEntry
from decentwork.followup import access
from decentwork.followup.actions import (
    answer_follow_up,
    follow_up_for,
    notify_due_follow_ups,
    schedule_follow_ups,
)
from decentwork.followup.models import AnsweredAs, FollowUp
from decentwork.inbox.models import Message
from decentwork.seekers.models import JobSeeker, SeekerStatus, StatusChange, StatusChangeReason
from tests.applications.steps import give_login, hire_details
from tests.conftest import World
from tests.followup.steps import on, place

D = dt.date
START = D(2026, 8, 31)


def _check(placement: Placement, months: int) -> FollowUp:
    return FollowUp.objects.get(placement=placement, months=months)


def test_recording_a_job_outside_the_platform_schedules_three_checks(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    assert list(FollowUp.objects.filter(placement=placement).values_list("months", "due_on")
                .order_by("months")) == [(3, D(2026, 11, 30)), (6, D(2027, 2, 28)),
                                         (12, D(2027, 8, 31))]
    # Scheduling again writes nothing.
    assert len(schedule_follow_ups(placement)) == 3
    assert FollowUp.objects.filter(placement=placement).count() == 3


def test_a_hire_schedules_three_checks_in_its_own_transaction(world: World) -> None:
    application, _ = application_actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    placement = application_actions.accept_application(world.erin, application,
                                                       **hire_details())
    assert FollowUp.objects.filter(placement=placement).count() == 3


def test_a_refused_hire_writes_no_checks(world: World) -> None:
    application, _ = application_actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    with pytest.raises(ValidationError):
        application_actions.accept_application(world.erin, application,
                                               **hire_details(hours_per_week=99))
    assert not FollowUp.objects.exists()


def test_the_person_answers_still_employed(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2026, 12, 2)):
        answered = answer_follow_up(world.sam_user, _check(placement, 3), still_employed=True,
                                    same_employer=True, registered=True, hours_per_week=40,
                                    wage_band="minimum")
    assert (answered.answered_as, answered.answered_by, answered.still_employed,
            answered.hours_per_week, answered.wage_band) == (
        AnsweredAs.PERSON, world.sam_user, True, 40, "minimum")
    assert access.retention(placement) == {3: True, 6: None, 12: None}
    assert AuditEntry.objects.filter(action="followup.answer").count() == 1


def test_a_check_is_answered_once(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2026, 12, 2)):
        answer_follow_up(world.alice, _check(placement, 3), still_employed=True)
        with pytest.raises(ValidationError) as refused:
            answer_follow_up(world.sam_user, _check(placement, 3), still_employed=True)
    assert "follow_up" in refused.value.message_dict
    assert _check(placement, 3).answered_as == AnsweredAs.COUNSELLOR


def test_a_check_opens_two_weeks_before_it_is_due(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2026, 11, 15)), pytest.raises(ValidationError) as refused:
        answer_follow_up(world.alice, _check(placement, 3), still_employed=True)
    assert "follow_up" in refused.value.message_dict
    with on(D(2026, 11, 16)):
        answer_follow_up(world.alice, _check(placement, 3), still_employed=True)


@pytest.mark.parametrize(("fields", "named"), [
    ({"still_employed": True, "hours_per_week": 0}, "hours_per_week"),
    ({"still_employed": True, "hours_per_week": 81}, "hours_per_week"),
    ({"still_employed": True, "wage_band": "millions"}, "wage_band"),
    ({"still_employed": False}, "ended_on"),
    ({"still_employed": False, "ended_on": D(2026, 8, 30)}, "ended_on"),
    ({"still_employed": False, "ended_on": D(2026, 12, 3)}, "ended_on"),
    ({"still_employed": True, "ended_on": D(2026, 11, 1)}, "ended_on"),
])
def test_bad_answers_are_refused_naming_the_field_and_nothing_is_written(
        world: World, fields: dict[str, object], named: str) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2026, 12, 2)), pytest.raises(ValidationError) as refused:
        answer_follow_up(world.alice, _check(placement, 3), **fields)  # type: ignore[arg-type]
    assert named in refused.value.message_dict
    assert _check(placement, 3).answered_at is None
    assert Placement.objects.get(pk=placement.pk).end_date is None


def test_no_longer_employed_ends_the_job_and_changes_the_status(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2026, 12, 2)):
        answer_follow_up(world.sam_user, _check(placement, 3), still_employed=False,
                         ended_on=D(2026, 11, 20))
    assert Placement.objects.get(pk=placement.pk).end_date == D(2026, 11, 20)
    assert JobSeeker.objects.get(pk=world.sam.pk).status == SeekerStatus.ACTIVE
    last = StatusChange.objects.filter(seeker=world.sam).order_by("at", "id").last()
    assert last is not None
    assert (last.to_status, last.reason, last.effective_on, last.changed_by) == (
        SeekerStatus.ACTIVE, StatusChangeReason.PLACEMENT_ENDED, D(2026, 11, 20),
        world.sam_user)
    # Ended before the 3-month check was due: not retained at any check.
    placement.refresh_from_db()
    assert access.retention(placement) == {3: False, 6: False, 12: False}
    # Nothing left to ask about this job.
    with on(D(2027, 9, 1)):
        assert not access.follow_ups_due(world.alice, D(2027, 9, 1)).exists()


def test_retention_from_the_end_date_without_answers(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2027, 4, 1)):
        application_actions.end_placement(world.alice, placement, end_date=D(2027, 2, 28))
    placement.refresh_from_db()
    assert access.retention(placement) == {3: True, 6: True, 12: False}


def test_others_may_not_answer(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    tess_user = give_login(world.tess, "tess")
    with on(D(2026, 12, 2)):
        for outsider in (world.dana, world.charlie, world.erin, world.ivan, tess_user):
            with pytest.raises(PermissionDenied):
                answer_follow_up(outsider, _check(placement, 3), still_employed=True)
    assert _check(placement, 3).answered_at is None


def test_follow_up_for_a_job_that_does_not_exist_names_the_placement(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    for actor, placement_id in ((world.alice, placement.pk + 1000),
                                (world.charlie, placement.pk)):
        with pytest.raises(ValidationError) as refused:
            follow_up_for(actor, placement_id, 3)
        assert "placement" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        follow_up_for(world.alice, placement.pk, 4)
    assert "months" in refused.value.message_dict
    assert follow_up_for(world.alice, placement.pk, 6).due_on == D(2027, 2, 28)


def test_due_and_overdue_across_the_end_of_february(world: World) -> None:
    placement = place(world.alice, world.sam, D(2027, 11, 30))  # 3-month check 29 Feb 2028
    place(world.alice, world.tess, D(2027, 12, 1))              # 3-month check 1 Mar 2028
    due = access.follow_ups_due(world.alice, D(2028, 2, 28))
    assert not due.exists()
    due = access.follow_ups_due(world.alice, D(2028, 2, 29))
    assert [(f.placement_id, f.months) for f in due] == [(placement.pk, 3)]
    assert len(access.follow_ups_due(world.alice, D(2028, 3, 1))) == 2
    assert len(access.follow_ups_due(world.alice, D(2028, 3, 1),
                                     office_id=world.office_a2.pk)) == 0
    assert not access.follow_ups_due(world.dana, D(2028, 3, 1)).exists()
    assert not access.follow_ups_due(world.ivan, D(2028, 3, 1)).exists()


def test_the_person_is_asked_once_with_a_link_to_answer(world: World) -> None:
    world.sam_user.preferred_language = "tr"
    world.sam_user.email = "sam@example.org"
    world.sam_user.save()
    placement = place(world.alice, world.sam, START)
    place(world.alice, world.tess, START)  # no login: the counsellor records it
    assert notify_due_follow_ups(D(2026, 11, 29)) == 0
    with on(D(2026, 11, 30)):
        assert notify_due_follow_ups() == 1
        assert notify_due_follow_ups() == 0
    message = Message.objects.get(recipient=world.sam_user, kind="followup.due")
    assert message.link == f"/followup/{_check(placement, 3).pk}/answer/"
    with translation.override("tr"):
        expected = translation.gettext("How is your job going? A few questions")
    assert message.subject == expected
    assert _check(placement, 3).notified_at is not None
    assert _check(placement, 6).notified_at is None


def test_last_answered_by_counsellor(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2026, 12, 2)):
        answer_follow_up(world.alice, _check(placement, 3), still_employed=True)
    with on(D(2027, 3, 1)):
        answer_follow_up(world.sam_user, _check(placement, 6), still_employed=True)
    last = access.last_answered_by_counsellor([world.sam.pk, world.tess.pk])
    assert list(last) == [world.sam.pk]
    assert last[world.sam.pk].date() == D(2026, 12, 2)
