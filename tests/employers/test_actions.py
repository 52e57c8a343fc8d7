from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decentwork.employers import actions
from decentwork.employers.models import Vacancy
from decentwork.taxonomy.factories import ConceptFactory
from tests.conftest import World


def test_employer_posts_a_vacancy_with_skills(world: World) -> None:
    employer = world.v_a.employer
    welding = ConceptFactory(kind="skill", uri="urn:test:skill:weld")
    safety = ConceptFactory(kind="skill", uri="urn:test:skill:safety")
    vacancy = actions.post_vacancy(
        world.erin, employer=employer, region=world.v_a.region, title="Kaynakçı",
        opens_on=dt.date(2026, 11, 1), essential_skills=[welding], optional_skills=[safety, welding],
        accommodations=["step_free_access"], openings=2)
    relevance = dict(vacancy.skills.values_list("skill__uri", "relevance"))
    assert relevance == {"urn:test:skill:weld": "essential", "urn:test:skill:safety": "optional"}


def test_vacancy_errors_name_every_bad_field(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.post_vacancy(world.erin, employer=world.v_a.employer, region=world.v_b.region,
                             title="", opens_on=dt.date(2026, 11, 1),
                             closes_on=dt.date(2026, 10, 1), openings=0, hours="sometimes")
    assert set(error.value.message_dict) == {"title", "region", "closes_on", "openings", "hours"}
    assert Vacancy.objects.count() == 2  # nothing half-written


def test_other_employers_cannot_post_or_close(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.post_vacancy(world.frank, employer=world.v_a.employer, region=world.v_a.region,
                             title="x", opens_on=dt.date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        actions.close_vacancy(world.alice, world.v_a)
    closed = actions.close_vacancy(world.erin, world.v_a, on=dt.date(2026, 12, 1))
    assert not closed.is_open(dt.date(2026, 12, 2))
