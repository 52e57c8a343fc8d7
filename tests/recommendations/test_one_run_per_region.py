"""A region has at most one queued or running matching run: the start action refuses
a second one naming the region (409 in the API), and the database refuses it when two
starts pass the action's check at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from decentwork.recommendations import actions
from decentwork.recommendations.actions import (
    MatchingRunInProgress,
    fail_matching_run,
    run_matching_in_process,
    start_matching_run,
)
from decentwork.recommendations.models import MatchingRun, RunStatus
from tests.conftest import World


def test_a_second_start_is_refused_naming_the_region(world: World) -> None:
    region = world.v_a.region
    first = start_matching_run(world.bob, region, dispatch=False)
    with pytest.raises(MatchingRunInProgress) as busy:
        start_matching_run(world.judy, region, dispatch=False)
    message = busy.value.message_dict["region"][0]
    assert region.name in message and f"run {first.pk}" in message
    assert busy.value.run_id == first.pk
    assert MatchingRun.objects.filter(region=region).count() == 1
    # Another region is not held up.
    assert start_matching_run(None, world.office_b.region, dispatch=False).pk


@pytest.mark.parametrize("end", ["done", "failed"])
def test_a_finished_run_frees_the_region(world: World, end: str) -> None:
    region = world.v_a.region
    if end == "done":
        run_matching_in_process(None, region)
    else:
        fail_matching_run(start_matching_run(None, region, dispatch=False).pk, "chunk 0: boom")
    assert start_matching_run(None, region, dispatch=False).status == RunStatus.PENDING


def test_an_abandoned_run_is_failed_by_the_next_start(world: World) -> None:
    region = world.v_a.region
    lost = start_matching_run(None, region, dispatch=False)
    MatchingRun.objects.filter(pk=lost.pk).update(
        created_at=lost.created_at - actions.ABANDONED_AFTER - dt.timedelta(minutes=1))
    again = start_matching_run(world.bob, region, dispatch=False)
    lost.refresh_from_db()
    assert lost.status == RunStatus.FAILED and lost.error.startswith("abandoned")
    assert again.status == RunStatus.PENDING


def test_an_error_in_process_fails_the_run_and_frees_the_region(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: Any) -> int:
        raise OSError("No space left on device")

    monkeypatch.setattr(actions, "complete_chunk", full_disk)
    with pytest.raises(OSError, match="No space"):
        run_matching_in_process(None, world.v_a.region)
    run = MatchingRun.objects.get()
    assert run.status == RunStatus.FAILED and "No space left" in run.error
    monkeypatch.undo()
    assert run_matching_in_process(None, world.v_a.region).status == RunStatus.DONE


def test_the_api_answers_409_with_the_run_under_way(world: World) -> None:
    region = world.v_a.region
    client = world.client_for(world.bob)
    first = client.post("/api/matching/runs", {"region_id": region.pk},
                        content_type="application/json")
    assert first.status_code == 202, first.content
    run_id = first.json()["id"]
    MatchingRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING)
    second = client.post("/api/matching/runs", {"region_id": region.pk},
                         content_type="application/json")
    assert second.status_code == 409
    assert second.json()["run_id"] == run_id and region.name in second.json()["detail"]


def test_the_page_says_a_run_is_under_way(world: World) -> None:
    region = world.v_a.region
    start_matching_run(None, region, dispatch=False)
    page = world.client_for(world.bob).post(
        reverse("recommendations:region_runs", args=[region.pk]),
        {"congestion": "on", "fairness": "on"}, follow=True)
    assert page.status_code == 200
    assert f"Matching is already queued or running for {region.name}" in page.content.decode()
    assert MatchingRun.objects.filter(region=region).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite has one writer at a time: the two starts cannot overlap")
def test_two_starts_at_the_same_moment_make_one_run(world: World) -> None:
    """Deterministic: the first start holds its transaction open until the second has
    passed the action's check (it cannot see the uncommitted run) and waits on the
    unique index; only the constraint can stop it then."""
    region = world.v_a.region
    created, waiting = threading.Event(), threading.Event()
    results: list[Any] = [None, None]

    def first() -> None:
        try:
            with transaction.atomic():
                results[0] = start_matching_run(world.bob, region, dispatch=False)
                created.set()
                assert waiting.wait(30)
                _wait_until_a_backend_waits_for_a_lock()
        except Exception as error:  # the test inspects it
            results[0] = error
        finally:
            connections.close_all()

    def second() -> None:
        try:
            assert created.wait(30)
            waiting.set()
            results[1] = start_matching_run(world.judy, region, dispatch=False)
        except Exception as error:  # the test inspects it
            results[1] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert isinstance(results[0], MatchingRun), results
    assert isinstance(results[1], MatchingRunInProgress), results
    assert results[1].run_id == results[0].pk
    assert list(MatchingRun.objects.filter(region=region).values_list("pk", flat=True)) == [
        results[0].pk]


def _wait_until_a_backend_waits_for_a_lock() -> None:
    with connection.cursor() as cursor:
        for _ in range(400):
            # Inside a transaction the activity view is a snapshot unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE wait_event_type = 'Lock' AND datname = current_database()")
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.025)
    raise AssertionError("the second start never waited on the unique index")
