"""Local concepts (informal work ESCO lacks) are added per site and stay at that site."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decentwork.taxonomy.actions import add_local_concept
from decentwork.taxonomy.models import Origin
from tests.conftest import World


def test_manager_adds_a_local_occupation_seen_only_at_the_site(world: World) -> None:
    concept = add_local_concept(world.bob, kind="occupation", label="pazarcı", language="tr",
                                isco_code="5211")
    assert concept.origin == Origin.LOCAL and concept.site_id == world.office_a.site_id
    found = world.client_for(world.alice).get("/api/taxonomy/concepts?q=pazarc").json()
    assert [c["uri"] for c in found] == [concept.uri]
    elsewhere = world.client_for(world.charlie).get("/api/taxonomy/concepts?q=pazarc").json()
    assert elsewhere == []


def test_counsellors_and_employers_cannot_add(world: World) -> None:
    for user in (world.alice, world.erin, world.sam_user):
        with pytest.raises(PermissionDenied):
            add_local_concept(user, kind="occupation", label="pazarcı", language="tr")


def test_bad_input_names_the_fields(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        add_local_concept(world.bob, kind="isco_group", label=" ", language="tr", isco_code="52x")
    assert set(error.value.message_dict) == {"kind", "label", "isco_code"}
    add_local_concept(world.bob, kind="skill", label="pazarlık", language="tr")
    with pytest.raises(ValidationError, match="already"):
        add_local_concept(world.bob, kind="skill", label="pazarlık", language="tr")
