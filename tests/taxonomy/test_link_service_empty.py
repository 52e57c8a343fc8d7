"""A new installation before its taxonomy is imported: linking suggests nothing
instead of failing, on the API and on the pages that link text."""

from __future__ import annotations

from django.urls import reverse

from decentwork.taxonomy.models import Concept
from tests.conftest import World


def test_linking_with_no_taxonomy_suggests_nothing(world: World) -> None:
    assert not Concept.objects.exists()
    client = world.client_for(world.alice)
    response = client.post("/api/link", {"texts": ["aşçı yardımcısı"]},
                           content_type="application/json")
    assert response.status_code == 200
    assert [row["matches"] for row in response.json()["results"]] == [[]]
    skills = client.post("/api/link/skills", {"text": "I cooked for a hotel."},
                         content_type="application/json")
    assert (skills.status_code, skills.json()) == (200, [])


def test_the_work_experience_page_opens_with_no_taxonomy(world: World) -> None:
    experience = world.sam.experiences.get()
    page = world.client_for(world.sam_user).get(
        reverse("seekers:edit_experience", args=[world.sam.pk, experience.pk]))
    assert page.status_code == 200
