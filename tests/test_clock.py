"""The actions' clock: travelling stands it at a moment, nests, restores, stays in
its own thread, and what an action writes inside carries the travelled time."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from decentwork import clock
from decentwork.applications.actions import accept_application, apply_to_vacancy, end_placement
from decentwork.applications.models import ApplicationTransition
from decentwork.controlled_lists import ContractType, Hours
from decentwork.inbox.models import Message
from decentwork.seekers.models import SeekerStatus, StatusChange
from tests.conftest import World

MARCH = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)
JUNE = dt.datetime(2026, 6, 2, 14, 0, tzinfo=dt.UTC)


def test_without_travel_the_clock_is_the_real_time() -> None:
    before = timezone.now()
    moment = clock.now()
    assert before <= moment <= timezone.now()
    assert clock.today() == timezone.localdate()


def test_travel_stands_still_nests_and_comes_back() -> None:
    with clock.travel_to(MARCH) as moment:
        assert moment == MARCH
        assert clock.now() == MARCH and clock.now() == MARCH
        assert clock.today() == dt.date(2026, 3, 10)
        with clock.travel_to(JUNE):
            assert clock.now() == JUNE
        assert clock.now() == MARCH
    assert abs(clock.now() - timezone.now()) < dt.timedelta(seconds=5)


def test_the_day_is_the_day_in_the_active_time_zone() -> None:
    late_evening_utc = dt.datetime(2026, 3, 10, 22, 0, tzinfo=dt.UTC)
    with timezone.override("Europe/Istanbul"), clock.travel_to(late_evening_utc):
        assert clock.today() == dt.date(2026, 3, 11)


def test_an_error_inside_still_brings_the_clock_back() -> None:
    with pytest.raises(RuntimeError), clock.travel_to(MARCH):
        raise RuntimeError("boom")
    assert clock.today() == timezone.localdate()


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"), clock.travel_to(dt.datetime(2026, 3, 10)):  # noqa: DTZ001
        pass


def test_travel_does_not_move_another_threads_clock() -> None:
    seen: list[dt.datetime] = []
    inside = threading.Event()
    may_finish = threading.Event()

    def traveller() -> None:
        with clock.travel_to(MARCH):
            inside.set()
            may_finish.wait(5)
            seen.append(clock.now())

    thread = threading.Thread(target=traveller)
    thread.start()
    assert inside.wait(5)
    assert clock.now().year == timezone.now().year and clock.now() != MARCH
    may_finish.set()
    thread.join(5)
    assert seen == [MARCH]


@pytest.mark.django_db
def test_an_action_inside_stamps_the_travelled_time(world: World) -> None:
    with clock.travel_to(MARCH):
        application, created = apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    assert created
    assert application.created_at == application.updated_at == MARCH
    assert list(ApplicationTransition.objects.filter(application=application)
                .values_list("at", flat=True)) == [MARCH]
    assert set(Message.objects.filter(recipient=world.erin).values_list("created_at", flat=True)
               ) == {MARCH}

    with clock.travel_to(JUNE):
        placement = accept_application(world.erin, application, start_date=dt.date(2026, 6, 15),
                                       contract_type=ContractType.PERMANENT,
                                       hours=Hours.FULL_TIME, formal=True)
    assert placement.recorded_at == JUNE
    change = StatusChange.objects.get(seeker=world.sam)
    assert (change.to_status, change.at, change.effective_on) == (
        SeekerStatus.PLACED, JUNE, dt.date(2026, 6, 15))


@pytest.mark.django_db
def test_an_action_checks_dates_against_the_travelled_day(world: World) -> None:
    """Validations read the same clock: in June an end of job in July is in the future."""
    with clock.travel_to(MARCH):
        application, _ = apply_to_vacancy(world.sam_user, world.sam, world.v_a)
        placement = accept_application(world.erin, application, start_date=dt.date(2026, 3, 16),
                                       contract_type=ContractType.TEMPORARY,
                                       hours=Hours.PART_TIME, formal=False)
    with clock.travel_to(JUNE):
        with pytest.raises(ValidationError) as refused:
            end_placement(world.alice, placement, end_date=dt.date(2026, 7, 1))
        assert "end_date" in refused.value.message_dict
        end_placement(world.alice, placement, end_date=dt.date(2026, 5, 31))
    world.sam.refresh_from_db()
    assert world.sam.status == SeekerStatus.ACTIVE
    assert list(StatusChange.objects.filter(seeker=world.sam).order_by("at")
                .values_list("to_status", "at")) == [(SeekerStatus.PLACED, MARCH),
                                                     (SeekerStatus.ACTIVE, JUNE)]
