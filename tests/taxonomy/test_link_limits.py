"""Linking is bounded whoever calls: texts are capped in length (422 naming the field),
calls and feedback per person are rate-limited (429 with Retry-After)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from decentwork.taxonomy.factories import LabelFactory
from decentwork.taxonomy.link_service import MAX_TEXT_CHARS, MAX_TEXTS_PER_CALL, MAX_TITLE_CHARS
from decentwork.taxonomy.models import Concept, LinkFeedback
from tests.conftest import World


@pytest.fixture(autouse=True)
def cook(world: World) -> Concept:
    """A taxonomy of one occupation and one skill: enough to link against."""
    LabelFactory(text="cook meals", concept__kind="skill", concept__uri="urn:test:cook-meals")
    return LabelFactory(text="cook", concept__uri="urn:test:cook").concept


def _post(world: World, user: Any, path: str, body: dict[str, Any]) -> Any:
    return world.client_for(user).post(path, body, content_type="application/json")


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/link", {"texts": ["x" * (MAX_TITLE_CHARS + 1)]}, ["texts", 0]),
    ("/api/link", {"texts": ["cook"] * (MAX_TEXTS_PER_CALL + 1)}, ["texts"]),
    ("/api/link/skills", {"text": "x" * (MAX_TEXT_CHARS + 1)}, ["text"]),
    ("/api/link/feedback", {"text": "x" * (MAX_TITLE_CHARS + 1), "uri": "urn:x",
                            "verdict": "confirmed"}, ["text"]),
])
def test_too_long_is_refused_naming_the_field(world: World, path: str, body: dict[str, Any],
                                              field: list[Any]) -> None:
    response = _post(world, world.sam_user, path, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-len(field):] == field


def test_the_longest_allowed_texts_are_linked(world: World) -> None:
    assert _post(world, world.sam_user, "/api/link",
                 {"texts": ["x" * MAX_TITLE_CHARS] * MAX_TEXTS_PER_CALL}).status_code == 200
    assert _post(world, world.sam_user, "/api/link/skills",
                 {"text": "cook " * (MAX_TEXT_CHARS // 5)}).status_code == 200


def test_link_calls_over_the_rate_get_429_with_retry_after(world: World, settings: Any) -> None:
    settings.RATE_LIMIT_LINK = "3/minute"
    for path, body in [("/api/link", {"texts": ["cook"]}), ("/api/link/skills", {"text": "cook"}),
                       ("/api/link", {"texts": ["cook"], "kind": "skill"})]:
        assert _post(world, world.sam_user, path, body).status_code == 200
    refused = _post(world, world.sam_user, "/api/link", {"texts": ["cook"]})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "try again in" in refused.json()["detail"]
    # The budget is each person's own.
    assert _post(world, world.tess_user(), "/api/link", {"texts": ["cook"]}).status_code == 200


def test_feedback_over_the_rate_gets_429(world: World, settings: Any, cook: Concept) -> None:
    settings.RATE_LIMIT_LINK_FEEDBACK = "2/hour"
    concept = cook
    for text in ("aşçı", "ahçı"):
        response = _post(world, world.sam_user, "/api/link/feedback",
                         {"text": text, "uri": concept.uri, "verdict": "confirmed"})
        assert response.status_code == 201
    refused = _post(world, world.sam_user, "/api/link/feedback",
                    {"text": "aşcı", "uri": concept.uri, "verdict": "confirmed"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 60
    assert LinkFeedback.objects.count() == 2


def test_a_page_that_links_text_answers_429_over_the_rate(world: World, settings: Any) -> None:
    settings.RATE_LIMIT_LINK = "1/minute"
    client = world.client_for(world.sam_user)
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    describe = {"title": "aşçı yardımcısı", "language": "tr", "years": "2"}
    assert client.post(url, describe).status_code == 200
    refused = client.post(url, describe)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    html = refused.content.decode()
    assert "Too many requests" in html and "Please try again in" in html


def test_a_vacancy_description_too_long_to_link_is_refused_on_its_field(world: World) -> None:
    response = world.client_for(world.erin).post(reverse("employers:post_vacancy"), {
        "title": "Cook", "language": "en", "description": "x" * (MAX_TEXT_CHARS + 1),
        "region": world.v_a.region_id, "hours": "full_time", "contract_type": "permanent",
        "openings": "1", "opens_on": "2026-12-01"})
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
