"""Index rebuilds and reloads stay off the request path: feedback reloads nothing, and
while a changed taxonomy is rebuilt, link calls answer from the index they have."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from decentwork import linking
from decentwork.taxonomy import link_index
from decentwork.taxonomy.actions import add_local_concept, record_link_feedback
from decentwork.taxonomy.link_service import link_texts
from decentwork.taxonomy.models import Concept, Verdict
from decentwork.taxonomy.tasks import refresh_linking_index
from tests.conftest import World


def _uris(world: World, text: str) -> list[str]:
    results = link_texts(world.alice, [text], kind="occupation", language="tr", k=5,
                         display_language="en")
    return [match.concept.uri for match in results[0].matches]


def _in_thread(job: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Start ``job`` on its own database connection; its result (or error) lands in the list."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(job())
        except Exception as error:  # the test inspects it
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_feedback_changes_suggestions_without_reloading_the_index(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    slang = "dikişçi abla"
    before = _uris(world, slang)
    loaded = link_index.loaded_index()
    target = Concept.objects.filter(labels__text="sewing machine operator").first()
    assert target is not None and target.uri not in before[:1]

    record_link_feedback(world.alice, text=slang, language="tr", concept=target,
                         verdict=Verdict.CONFIRMED)

    assert _uris(world, slang)[0] == target.uri
    assert link_index.loaded_index() is loaded  # the same fitted linker, not reloaded


@pytest.mark.django_db(transaction=True)
def test_a_link_call_during_a_rebuild_answers_from_the_old_index_at_once(
        demo_taxonomy: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world = demo_taxonomy
    before = _uris(world, "kokoreççi")  # no kokoreç cook in the taxonomy yet
    old = link_index.loaded_index()
    trader = add_local_concept(world.bob, kind="occupation", label="kokoreççi", language="tr",
                               isco_code="5211")

    building, release = threading.Event(), threading.Event()
    fit = linking.ConceptLinker.fit

    def held_fit(self: linking.ConceptLinker, *args: Any, **kwargs: Any) -> Any:
        building.set()
        assert release.wait(60), "the test never released the rebuild"
        return fit(self, *args, **kwargs)

    monkeypatch.setattr(linking.ConceptLinker, "fit", held_fit)
    # The first call to see the change queues the rebuild, here in-process (eager jobs):
    # it is held in the middle of fitting.
    rebuilding, rebuilt = _in_thread(lambda: _uris(world, "kokoreççi"))
    assert building.wait(60), rebuilt

    # Meanwhile another call answers at once, from the old index.
    caller, answered = _in_thread(lambda: _uris(world, "kokoreççi"))
    caller.join(timeout=30)
    assert not caller.is_alive(), "a link call waited for the rebuild"
    assert answered == [before]
    assert link_index.loaded_index() is old and rebuilding.is_alive()

    release.set()
    rebuilding.join(timeout=60)
    # The call that built it in-process (eager jobs, as in development) waited anyway:
    # it answers from the new index, which every call uses from now on.
    assert rebuilt[0][0] == trader.uri
    assert link_index.loaded_index() is not old
    assert _uris(world, "kokoreççi")[0] == trader.uri


def test_an_index_a_worker_built_is_swapped_in_from_the_background(
        demo_taxonomy: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """With Celery workers, the web process finds the new index on disk: it keeps
    answering from the loaded one while a background thread reads the new one."""
    world = demo_taxonomy
    before = _uris(world, "kokoreççi")
    old = link_index.loaded_index()
    trader = add_local_concept(world.bob, kind="occupation", label="kokoreççi", language="tr")
    refresh_linking_index()  # what the worker does with the task the import queues

    reading, release = threading.Event(), threading.Event()
    load = linking.ConceptLinker.load

    def held_load(*args: Any, **kwargs: Any) -> Any:
        reading.set()
        assert release.wait(60), "the test never released the load"
        return load(*args, **kwargs)

    monkeypatch.setattr(linking.ConceptLinker, "load", held_load)
    assert _uris(world, "kokoreççi") == before  # answered while the load is held
    assert reading.wait(60) and link_index.loaded_index() is old

    release.set()
    link_index.wait_for_background_load(timeout=60)
    assert link_index.loaded_index() is not old
    assert _uris(world, "kokoreççi")[0] == trader.uri
