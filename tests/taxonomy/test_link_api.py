"""POST /api/link on the project's own demo taxonomy, in several languages and scripts."""

from __future__ import annotations

import pytest

from decentwork.taxonomy.models import Concept, LinkFeedback
from tests.conftest import World


def _top_label(world: World, text: str, language: str | None = None, user=None) -> str:
    client = world.client_for(user or world.alice)
    response = client.post("/api/link", {"texts": [text], "language": language, "k": 5},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    matches = response.json()["results"][0]["matches"]
    assert matches, f"nothing linked for {text!r}"
    return Concept.objects.get(uri=matches[0]["uri"]).label("en")


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("缝纫工", "zh", "sewing machine operator"),
    ("hemşire yardımcısı", "tr", "nurse assistant"),
    ("verpleeghulp", "nl", "nurse assistant"),
    ("tukang las", "id", "welder"),
    ("barista", None, "barista"),
])
def test_links_titles_in_many_languages(demo_taxonomy: World, text: str, language: str | None,
                                        expected: str) -> None:
    assert expected in _top_label(demo_taxonomy, text, language).lower()


def test_sentence_without_spaces_links(demo_taxonomy: World) -> None:
    assert "sewing" in _top_label(demo_taxonomy, "我在工厂做缝纫工", "zh").lower()


@pytest.mark.parametrize("texts", [[""], ["   "], ["🙂🙂🙂"], ["\x00\x07"], ["نجار carpenter 木匠"]])
def test_odd_input_gets_a_clear_answer(demo_taxonomy: World, texts: list[str]) -> None:
    response = demo_taxonomy.client_for(demo_taxonomy.alice).post(
        "/api/link", {"texts": texts}, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_huge_input_is_refused_naming_the_field(demo_taxonomy: World) -> None:
    response = demo_taxonomy.client_for(demo_taxonomy.alice).post(
        "/api/link", {"texts": ["x" * 1_000_000]}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-2:] == ["texts", 0]


def test_skills_are_found_in_a_paragraph(demo_taxonomy: World) -> None:
    text = "I worked five years in a garment factory where I operated sewing machines."
    response = demo_taxonomy.client_for(demo_taxonomy.alice).post(
        "/api/link/skills", {"text": text, "language": "en"}, content_type="application/json")
    assert response.status_code == 200
    found = response.json()
    assert found, "no skill found"
    for item in found:
        assert text[item["start"]:item["end"]] == item["text"]


def test_confirmed_feedback_teaches_the_site_only(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    slang = "dikişçi abla"
    target = Concept.objects.filter(kind="occupation", labels__text="sewing machine operator").first()
    assert target is not None
    before = _top_label(world, slang, "tr")
    response = world.client_for(world.alice).post(
        "/api/link/feedback", {"text": slang, "language": "tr", "uri": target.uri,
                               "verdict": "confirmed"}, content_type="application/json")
    assert response.status_code == 201
    assert LinkFeedback.objects.get().site_id == world.office_a.site_id
    assert _top_label(world, slang, "tr") == "sewing machine operator"
    # Another site's linker has not learned this word.
    assert _top_label(world, slang, "tr", user=world.charlie) == before


def test_rejection_demotes_the_concept(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.alice)
    first = client.post("/api/link", {"texts": ["barista"], "k": 3},
                        content_type="application/json").json()["results"][0]["matches"][0]
    client.post("/api/link/feedback", {"text": "barista", "uri": first["uri"],
                                       "verdict": "rejected"}, content_type="application/json")
    again = client.post("/api/link", {"texts": ["barista"], "k": 3},
                        content_type="application/json").json()["results"][0]["matches"]
    assert not again or again[0]["uri"] != first["uri"]


def test_linking_needs_a_login(demo_taxonomy: World) -> None:
    response = demo_taxonomy.client_for(None).post("/api/link", {"texts": ["barista"]},
                                                   content_type="application/json")
    assert response.status_code == 401
