"""Two people act on the same application (or vacancy) at the same moment, each on
their own database connection: the row locks decide, and the loser is told so."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from decentwork.applications import actions
from decentwork.applications.access import transition_log
from decentwork.applications.models import Application, ApplicationState, RefusalReason
from tests.conftest import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite has no row locks: one writer locks the whole file"),
]


def _in_threads(*jobs: Callable[[], object]) -> list[Any]:
    """Run the jobs at once, each in a thread with its own connection; return what
    each returned or raised."""
    start = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            start.wait()
            results[index] = job()
        except Exception as error:  # the test inspects what was raised
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_two_employers_answer_at_once_and_exactly_one_wins(world: World) -> None:
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    results = _in_threads(
        lambda: actions.transition_application(
            world.erin, application, "refuse", expected_state="new",
            reason=RefusalReason.SKILLS_MISSING),
        lambda: actions.transition_application(
            world.erin, application, "plan_interview", expected_state="new"),
    )
    winners = [r for r in results if isinstance(r, Application)]
    losers = [r for r in results if isinstance(r, actions.ApplicationChangedMeanwhile)]
    assert len(winners) == 1 and len(losers) == 1, results
    final = Application.objects.get(pk=application.pk)
    assert final.state == winners[0].state
    assert str(ApplicationState(final.state).label) in losers[0].messages[0]
    log = transition_log(application)
    assert [row.name for row in log[:1]] == ["create"] and len(log) == 2
    assert log[1].to_state == final.state


def test_the_second_waits_for_the_first_and_sees_its_change(world: World) -> None:
    """Deterministic order: the refusal holds its lock until the interview request
    is seen waiting for it; without the lock both would read NEW and both write."""
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    refused, waiting = threading.Event(), threading.Event()

    def refuse_and_hold() -> object:
        with transaction.atomic():
            actions.transition_application(world.erin, application, "refuse",
                                           expected_state="new",
                                           reason=RefusalReason.SKILLS_MISSING)
            refused.set()
            assert waiting.wait(10)
            _wait_until_a_backend_waits_for_a_lock()
        return "refused"

    def plan_interview() -> object:
        assert refused.wait(10)
        waiting.set()
        return actions.transition_application(world.erin, application, "plan_interview",
                                              expected_state="new")

    first, second = _in_threads(refuse_and_hold, plan_interview)
    assert first == "refused", first
    assert isinstance(second, actions.ApplicationChangedMeanwhile)
    assert Application.objects.get(pk=application.pk).state == ApplicationState.REFUSED
    assert [row.name for row in transition_log(application)] == ["create", "refuse"]


def _wait_until_a_backend_waits_for_a_lock() -> None:
    with connection.cursor() as cursor:
        for _ in range(200):
            # Inside a transaction the activity view is a snapshot unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE wait_event_type = 'Lock' AND datname = current_database()")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.025)
    raise AssertionError("the second transaction never waited for the row lock")


def test_two_clicks_on_apply_make_one_application(world: World) -> None:
    results = _in_threads(
        lambda: actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a),
        lambda: actions.apply_to_vacancy(world.alice, world.sam, world.v_a),
    )
    assert sorted(created for _, created in results) == [False, True], results
    assert results[0][0].pk == results[1][0].pk
    assert Application.objects.filter(seeker=world.sam, vacancy=world.v_a).count() == 1


def test_two_hires_for_the_last_opening_fill_it_once(world: World) -> None:
    from decentwork.employers.models import Vacancy
    from tests.applications.steps import give_login, hire_details

    give_login(world.tess, "tess")
    sams, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    tess, _ = actions.apply_to_vacancy(world.alice, world.tess, world.v_a)
    results = _in_threads(
        lambda: actions.accept_application(world.erin, sams, **hire_details()),
        lambda: actions.accept_application(world.erin, tess, **hire_details()),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    # The loser's application was closed by the winner's hire: it cannot be accepted.
    assert isinstance(errors[0], actions.TransitionNotAllowed)
    assert Vacancy.objects.get(pk=world.v_a.pk).filled == 1
    states = sorted(Application.objects.filter(vacancy=world.v_a).values_list("state", flat=True))
    assert states == ["accepted", "obsolete"]
