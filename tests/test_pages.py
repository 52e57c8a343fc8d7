"""List pages and list endpoints use a fixed number of queries, however long the list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from decentwork.employers.factories import VacancyFactory
from decentwork.employers.models import VacancySkill
from decentwork.seekers.factories import JobSeekerFactory, WorkExperienceFactory
from decentwork.taxonomy.factories import ConceptFactory, LabelFactory
from tests.conftest import World

SNAPSHOT = Path(__file__).parent / "openapi.json"


def _grow(world: World, n: int) -> None:
    for i in range(n):
        seeker = JobSeekerFactory(office=world.office_a)
        occupation = ConceptFactory()
        LabelFactory(concept=occupation, text=f"occupation {i}")
        WorkExperienceFactory(seeker=seeker, occupation=occupation)
        vacancy = VacancyFactory(employer=world.v_a.employer, region=world.v_a.region,
                                 occupation=occupation)
        VacancySkill.objects.create(vacancy=vacancy, skill=ConceptFactory(kind="skill"),
                                    relevance="essential")


@pytest.mark.parametrize("url", [
    "/seekers/", "/employers/vacancies/", "/api/seekers", "/api/vacancies",
])
def test_list_query_count_does_not_grow(world: World, url: str,
                                        django_assert_max_num_queries) -> None:
    client = world.client_for(world.alice if "seekers" in url else world.erin)
    client.get(url)  # warm the session
    _grow(world, 3)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _grow(world, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_seeker_profile_shows_linked_occupation(world: World) -> None:
    occupation = ConceptFactory()
    LabelFactory(concept=occupation, text="nursing assistant", language="en")
    LabelFactory(concept=occupation, text="hemşire yardımcısı", language="tr")
    WorkExperienceFactory(seeker=world.sam, title="hasta bakıcı", occupation=occupation)
    page = world.client_for(world.alice).get(reverse("seekers:seeker_detail", args=[world.sam.pk]),
                                             HTTP_ACCEPT_LANGUAGE="tr")
    assert "hasta bakıcı" in page.content.decode()
    assert "hemşire yardımcısı" in page.content.decode()


def test_openapi_schema_changes_only_on_purpose(client) -> None:
    """Regenerate on purpose with: UPDATE_OPENAPI_SNAPSHOT=1 pytest tests/test_pages.py"""
    import os

    schema = client.get("/api/openapi.json").json()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    assert schema == json.loads(SNAPSHOT.read_text())
