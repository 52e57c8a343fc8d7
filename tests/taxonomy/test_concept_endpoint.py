"""GET /api/taxonomy/concept answers for an existing concept (it answered 500)."""

from __future__ import annotations

from decentwork.taxonomy.models import Broader, Concept, OccupationSkill
from tests.conftest import World


def test_an_existing_concept_with_its_labels_groups_and_skills(demo_taxonomy: World) -> None:
    cook = Concept.objects.filter(kind="occupation", labels__text="cook",
                                  labels__kind="preferred", labels__language="en").get()
    group = Broader.objects.filter(narrower=cook).values_list("broader__uri", flat=True)
    skills = OccupationSkill.objects.filter(occupation=cook)
    assert group and skills

    response = demo_taxonomy.client_for(demo_taxonomy.sam_user).get(
        "/api/taxonomy/concept", {"uri": cook.uri})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["uri"] == cook.uri and body["kind"] == "occupation"
    assert {"text": "cook", "language": "en", "kind": "preferred"} in body["labels"]
    assert {"text": "aşçı", "language": "tr", "kind": "preferred"} in body["labels"]
    assert body["broader"] == sorted(group)
    assert sorted((s["uri"], s["relevance"]) for s in body["skills"]) == sorted(
        skills.values_list("skill__uri", "relevance"))


def test_an_unknown_or_other_sites_concept_is_not_found(world: World) -> None:
    local = Concept.objects.create(uri="urn:decentwork:local:b", kind="occupation",
                                   origin="local", site=world.office_b.site)
    client = world.client_for(world.sam_user)
    for uri in ("urn:nothing", local.uri):
        assert client.get("/api/taxonomy/concept", {"uri": uri}).status_code == 404
