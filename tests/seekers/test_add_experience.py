"""The profile form links the person's own words to ESCO and learns from the choice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from decentwork.seekers.models import WorkExperience
from decentwork.taxonomy.models import LinkFeedback
from tests.conftest import World


def test_suggest_then_save(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.alice)
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    form = {"title": "hemşire yardımcısı", "language": "tr", "years": "3"}
    page = client.post(url, {**form, "suggest": ""})
    assert page.status_code == 200
    choices = page.context["form"].fields["occupation"].choices
    assert str(choices[0][1]).lower() == "nurse assistant"
    response = client.post(url, {**form, "occupation": choices[0][0], "save": ""})
    assert response.status_code == 302
    experience = WorkExperience.objects.get(seeker=world.sam, title="hemşire yardımcısı",
                                            occupation__isnull=False)
    assert experience.occupation.uri == choices[0][0]
    assert LinkFeedback.objects.get().verdict == "confirmed"


def test_save_without_choice_names_the_field(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    page = world.client_for(world.alice).post(
        url, {"title": "barista", "language": "en", "years": "1", "save": ""})
    assert page.status_code == 200
    assert "occupation" in page.context["form"].errors
    assert 'id="id_occupation-error"' in page.content.decode()
    assert not WorkExperience.objects.filter(title="barista").exists()


def test_bad_years_is_tied_to_its_input(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    page = world.client_for(world.alice).post(
        url, {"title": "barista", "language": "en", "years": "200", "suggest": ""}).content.decode()
    assert 'aria-describedby="id_years-error"' in page and 'id="id_years-error"' in page


@pytest.mark.parametrize("persona", ["charlie", "dana", "erin", "ivan"])
def test_outsiders_cannot_open_the_form(demo_taxonomy: World, persona: str) -> None:
    world = demo_taxonomy
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    assert world.client_for(getattr(world, persona)).get(url).status_code == 404
