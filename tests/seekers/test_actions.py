from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from decentwork.audit.models import AuditEntry
from decentwork.seekers import actions
from decentwork.seekers.access import read_sensitive
from decentwork.seekers.models import Consent, JobSeeker
from decentwork.taxonomy.factories import ConceptFactory
from tests.conftest import World


def _raw_sensitive(seeker: JobSeeker) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive FROM seekers_jobseeker WHERE id = %s", [seeker.pk])
        return str(cursor.fetchone()[0])


def test_target_group_needs_and_records_consent(world: World) -> None:
    actions.declare_target_group(world.alice, world.sam, "refugee")
    consent = Consent.objects.get(seeker=world.sam, scope="refugee")
    assert consent.recorded_by == world.alice and consent.withdrawn_at is None
    seeker = JobSeeker.objects.get(pk=world.sam.pk)
    assert read_sensitive(world.alice, seeker, purpose="test").target_groups == ("refugee",)
    assert "refugee" not in _raw_sensitive(world.sam)  # encrypted at rest


def test_reading_target_groups_is_audited(world: World) -> None:
    actions.declare_target_group(world.alice, world.sam, "disability")
    before = AuditEntry.objects.filter(action="seekers.read_sensitive").count()
    read_sensitive(world.bob, JobSeeker.objects.get(pk=world.sam.pk), purpose="seeker_page")
    entry = AuditEntry.objects.filter(action="seekers.read_sensitive").latest("at")
    assert AuditEntry.objects.filter(action="seekers.read_sensitive").count() == before + 1
    assert entry.actor == world.bob and entry.target_id == str(world.sam.pk)
    assert entry.details["purpose"] == "seeker_page" and entry.details["target_groups"] == 1
    assert "disability" not in str(entry.details)


def test_withdrawing_consent_erases_the_attribute(world: World) -> None:
    actions.declare_target_group(world.alice, world.sam, "disability")
    actions.declare_target_group(world.alice, world.sam, "youth")
    actions.withdraw_consent(world.sam_user, world.sam, "disability")
    seeker = JobSeeker.objects.get(pk=world.sam.pk)
    assert seeker.sensitive["target_groups"] == ["youth"]
    assert Consent.objects.get(seeker=seeker, scope="disability").withdrawn_at is not None
    with pytest.raises(ValidationError):
        actions.withdraw_consent(world.alice, seeker, "disability")


def test_outsiders_cannot_write(world: World) -> None:
    for outsider in (world.charlie, world.dana, world.erin, world.ivan):
        with pytest.raises(PermissionDenied):
            actions.declare_target_group(outsider, world.sam, "refugee")
        with pytest.raises(PermissionDenied):
            actions.add_work_experience(outsider, world.sam, title="welder")
    assert not Consent.objects.filter(seeker=world.sam).exists()


def test_bad_input_names_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.set_accommodation_needs(world.alice, world.sam, ["step_free_access", "jetpack"])
    assert "accommodation_needs" in error.value.message_dict
    assert "jetpack" in error.value.message_dict["accommodation_needs"][0]
    assert not Consent.objects.filter(seeker=world.sam).exists()  # refused before any write
    with pytest.raises(ValidationError) as error:
        actions.add_work_experience(world.alice, world.sam, title="  ")
    assert "title" in error.value.message_dict
    skill = ConceptFactory(kind="skill")
    with pytest.raises(ValidationError) as error:
        actions.add_work_experience(world.alice, world.sam, title="welder", occupation=skill)
    assert "occupation" in error.value.message_dict


def test_writes_are_audited(world: World) -> None:
    occupation = ConceptFactory()
    experience = actions.add_work_experience(world.sam_user, world.sam, title="verpleeghulp",
                                             language="nl", occupation=occupation,
                                             years=Decimal("2.5"))
    entry = AuditEntry.objects.get(action="seekers.add_work_experience")
    # The occupation lists no skills here, so none follow from the experience.
    assert entry.actor == world.sam_user and entry.details == {"experience": experience.pk,
                                                               "inferred_skills": 0}


def test_register_only_at_own_office(world: World) -> None:
    seeker = actions.register_seeker(world.alice, office=world.office_a, first_name="Nur",
                                     last_name="Kaya")
    assert seeker.office == world.office_a
    with pytest.raises(PermissionDenied):
        actions.register_seeker(world.alice, office=world.office_b, first_name="Li", last_name="Wei")
