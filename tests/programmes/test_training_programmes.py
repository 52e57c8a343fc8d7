"""Training programmes: who may publish and close them, what is checked, what is found."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decentwork.audit.models import AuditEntry
from decentwork.programmes.access import open_programmes_teaching
from decentwork.programmes.actions import close_training_programme, publish_training_programme
from decentwork.programmes.models import TrainingProgramme
from decentwork.taxonomy.factories import ConceptFactory
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_office_managers_and_administrators_publish_for_their_site(world: World) -> None:
    site = world.office_a.site
    hygiene = ConceptFactory(kind="skill", uri="http://example.org/skill/hygiene")
    course = publish_training_programme(world.bob, site, title="  Hygiene in care  ",
                                        skills=[hygiene], provider="Kadıköy centre",
                                        url="https://example.org/hygiene", language="tr")
    assert course.title == "Hygiene in care" and course.is_open
    assert list(course.skills.all()) == [hygiene]
    publish_training_programme(world.judy, site, title="Hygiene refresher", skills=[hygiene])
    assert AuditEntry.objects.filter(action="programmes.publish_training_programme").count() == 2
    # Counsellors, employers, seekers, analysts and another site's staff may not.
    for outsider in (world.alice, world.erin, world.sam_user, world.ivan, world.charlie):
        with pytest.raises(PermissionDenied):
            publish_training_programme(outsider, site, title="Nope", skills=[hygiene])
    assert TrainingProgramme.objects.count() == 2


def test_bad_input_names_the_field_and_writes_nothing(world: World) -> None:
    site = world.office_a.site
    hygiene = ConceptFactory(kind="skill")
    cases = [
        ({"title": " ", "skills": [hygiene]}, "title"),
        ({"title": "Care", "skills": []}, "skills"),
        ({"title": "Care", "skills": [ConceptFactory(kind="occupation")]}, "skills"),
        ({"title": "Care", "skills": [hygiene], "url": "not a web address"}, "url"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationError) as error:
            publish_training_programme(world.bob, site, **arguments)  # type: ignore[arg-type]
        assert field in error.value.message_dict
    assert not TrainingProgramme.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programmes.").exists()


def test_only_open_programmes_of_the_site_are_found_for_a_skill(world: World) -> None:
    hygiene = ConceptFactory(kind="skill", uri="http://example.org/skill/hygiene")
    lifting = ConceptFactory(kind="skill", uri="http://example.org/skill/lifting")
    site_a, site_b = world.office_a.site, world.office_b.site
    basics = publish_training_programme(None, site_a, title="Care basics",
                                        skills=[hygiene, lifting])
    advanced = publish_training_programme(None, site_a, title="Advanced hygiene",
                                          skills=[hygiene])
    publish_training_programme(None, site_b, title="Elsewhere", skills=[hygiene])
    closed = publish_training_programme(None, site_a, title="Closed course", skills=[lifting])
    close_training_programme(world.bob, closed)
    with pytest.raises(PermissionDenied):
        close_training_programme(world.charlie, basics)

    found = open_programmes_teaching(site_a.pk, [hygiene.uri, lifting.uri, "http://nowhere"])
    assert found[hygiene.uri] == [advanced, basics]  # title order
    assert found[lifting.uri] == [basics]
    assert "http://nowhere" not in found
    assert open_programmes_teaching(site_a.pk, []) == {}
