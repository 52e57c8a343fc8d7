"""No browser, proxy or back button keeps a page or an API answer; static files are
kept (their names change with their content)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World


def assert_not_stored(response) -> None:  # type: ignore[no-untyped-def]
    assert "no-store" in response["Cache-Control"], response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


@pytest.mark.parametrize(("persona", "url"), [
    ("alice", "/seekers/"),
    ("alice", "/seekers/{sam}/"),
    ("sam_user", "/seekers/me/"),
    ("erin", "/employers/vacancies/"),
    ("ivan", "/insights/overview/"),
    ("alice", "/api/seekers"),
    ("alice", "/api/seekers/{sam}"),
    ("erin", "/api/vacancies"),
    (None, "/api/seekers"),          # refused (401): still not kept
    (None, "/accounts/login/"),      # carries a CSRF token
    (None, "/health/"),
    ("alice", "/no-such-page/"),     # 404
])
def test_pages_and_api_answers_are_not_stored(world: World, persona: str | None,
                                               url: str) -> None:
    client = world.client_for(world.persona(persona) if persona else None)
    response = client.get(url.format(sam=world.sam.pk))
    assert_not_stored(response)


def test_a_redirect_after_a_form_is_not_stored(world: World) -> None:
    response = world.client_for(world.alice).post("/i18n/setlang/", {"language": "tr"})
    assert response.status_code == 302
    assert_not_stored(response)


def test_static_files_stay_cacheable(client: Client) -> None:
    response = client.get("/static/decentwork/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
