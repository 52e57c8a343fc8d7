"""The API docs: for staff only, from the project's own copy of Swagger UI."""

from __future__ import annotations

import re

import pytest

from tests.conftest import World

DOCS = "/api/docs"


@pytest.mark.parametrize("persona", ["alice", "bob", "ivan", "judy"])
def test_staff_read_the_docs(world: World, persona: str) -> None:
    response = world.client_for(world.persona(persona)).get(DOCS)
    assert response.status_code == 200
    assert b'id="swagger-ui"' in response.content


@pytest.mark.parametrize("persona", ["sam_user", "tess_user", "erin", "frank"])
def test_seekers_and_employers_find_no_docs(world: World, persona: str) -> None:
    """Not theirs: the same 404 as a page that does not exist."""
    assert world.client_for(world.persona(persona)).get(DOCS).status_code == 404


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    response = world.client_for(None).get(DOCS)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_docs_load_only_local_files(world: World) -> None:
    html = world.client_for(world.alice).get(DOCS).content.decode()
    references = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert len(references) >= 4  # the stylesheet, two scripts, the icons
    assert all(ref.startswith("/static/") for ref in references), references
    assert "cdn" not in html.lower()
    # The validator badge would load an image from swagger.io.
    assert '"validatorUrl": null' in html


def test_the_schema_stays_public(client) -> None:  # type: ignore[no-untyped-def]
    """It names operations and fields, no data; clients generate code from it."""
    assert client.get("/api/openapi.json").status_code == 200
