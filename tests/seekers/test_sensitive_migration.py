"""Migration 0006 moves accommodation needs from the plain column into the
encrypted value, and back when unapplied (ADR 0004)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from decentwork.network.factories import OfficeFactory
from decentwork.seekers.models import Consent, JobSeeker

BEFORE = ("seekers", "0005_inferred_skills")
AFTER = ("seekers", "0006_accommodation_needs_encrypted")


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    """Migrations run for real (schema changes cannot run inside a test's
    transaction); the database ends at the latest state whatever the test did."""
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(executor: MigrationExecutor, target: tuple[str, str]) -> type:
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps.get_model("seekers", "JobSeeker")


def _raw_sensitive(seeker_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive FROM seekers_jobseeker WHERE id = %s", [seeker_id])
        return str(cursor.fetchone()[0])


def test_needs_move_into_the_encrypted_value_and_back(executor: MigrationExecutor) -> None:
    office = OfficeFactory()
    old = _migrate(executor, BEFORE)
    common = {"office_id": office.pk, "last_name": "Y", "registered_on": "2026-01-05"}
    both = old.objects.create(first_name="Both", accommodation_needs=["job_coach",
                                                                       "step_free_access"],
                              sensitive={"target_groups": ["disability"]}, **common)
    needs_only = old.objects.create(first_name="Needs", accommodation_needs=["quiet_workspace"],
                                    **common)
    neither = old.objects.create(first_name="Neither", **common)

    _migrate(executor, AFTER)
    moved = JobSeeker.objects.in_bulk([both.pk, needs_only.pk, neither.pk])
    assert moved[both.pk].sensitive == {"target_groups": ["disability"],
                                        "accommodation_needs": ["job_coach",
                                                                "step_free_access"]}
    assert moved[needs_only.pk].sensitive == {"accommodation_needs": ["quiet_workspace"]}
    assert moved[neither.pk].sensitive is None
    assert "quiet_workspace" not in _raw_sensitive(needs_only.pk)
    # No consent is made up: matching waits for the person's (ADR 0004).
    assert not Consent.objects.exists()

    back = _migrate(executor, BEFORE)
    restored = back.objects.in_bulk([both.pk, needs_only.pk, neither.pk])
    assert restored[both.pk].accommodation_needs == ["job_coach", "step_free_access"]
    assert restored[both.pk].sensitive == {"target_groups": ["disability"]}
    assert restored[needs_only.pk].accommodation_needs == ["quiet_workspace"]
    assert restored[neither.pk].accommodation_needs == []
