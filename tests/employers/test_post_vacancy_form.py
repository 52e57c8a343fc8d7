"""The vacancy form links the title to an occupation and finds skills in the text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from decentwork.employers.models import Vacancy
from tests.conftest import World

FORM = {
    "title": "Kaynakçı", "language": "tr", "hours": "full_time", "contract_type": "permanent",
    "openings": "2", "opens_on": "2026-11-24", "accommodations": ["step_free_access"],
    "description": "Metal parçaları kaynak yapmak. Weld metal parts and read technical drawings.",
}


def test_suggest_then_publish(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.erin)
    url = reverse("employers:post_vacancy")
    form = {**FORM, "region": str(world.v_a.region_id)}
    page = client.post(url, {**form, "suggest": ""})
    assert page.status_code == 200, page.content
    occupations = page.context["form"].fields["occupation"].choices
    assert "welder" in str(occupations[0][1]).lower()
    skills = [uri for uri, _ in page.context["form"].fields["essential_skills"].choices]
    response = client.post(url, {**form, "occupation": occupations[0][0],
                                 "essential_skills": skills[:2], "save": ""})
    assert response.status_code == 302
    vacancy = Vacancy.objects.get(title="Kaynakçı")
    assert vacancy.employer == world.v_a.employer and vacancy.openings == 2
    assert vacancy.occupation.uri == occupations[0][0]
    assert set(vacancy.skills.values_list("skill__uri", flat=True)) == set(skills[:2])


def test_other_sites_region_is_refused(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    page = world.client_for(world.erin).post(
        reverse("employers:post_vacancy"), {**FORM, "region": str(world.v_b.region_id),
                                            "suggest": ""})
    assert page.status_code == 200
    assert "region" in page.context["form"].errors
    assert 'id="id_region-error"' in page.content.decode()


@pytest.mark.parametrize("persona", ["alice", "sam_user", "ivan"])
def test_only_employer_users_post(demo_taxonomy: World, persona: str) -> None:
    world = demo_taxonomy
    response = world.client_for(getattr(world, persona)).get(reverse("employers:post_vacancy"))
    assert response.status_code == 404
