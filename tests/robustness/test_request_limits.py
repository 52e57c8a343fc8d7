"""Bodies the server will not read: 413 when too large, 400 when malformed; a JSON
answer for the API and a page for forms, never a 500, with DEBUG on or off.

The clients enforce CSRF like a browser (a cookie and its token), because the CSRF
check is the first to read a form body."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client

from decentwork.seekers.models import SeekerSkill
from tests.conftest import World

pytestmark = pytest.mark.django_db

THREE_MB = 3 * 1024 * 1024
NO_BOUNDARY = "multipart/form-data"
MULTIPART_BODY = b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


def browser(world: World) -> tuple[Client, dict[str, str]]:
    """Alice signed in, with a CSRF cookie and the header that goes with it."""
    client = world.client_for(world.alice)
    client.handler.enforce_csrf_checks = True
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    return client, {"X-CSRFToken": _mask_cipher_secret(secret)}


def api_url(world: World) -> str:
    return f"/api/seekers/{world.sam.pk}/case-notes"


def form_url(world: World) -> str:
    return f"/seekers/{world.sam.pk}/skills/"


def test_an_oversized_json_body_is_413(world: World, debug: bool) -> None:
    client, headers = browser(world)
    body = json.dumps({"text": "x" * THREE_MB, "confidentiality": "ordinary"})

    response = client.post(api_url(world), body, content_type="application/json",
                           headers=headers)

    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request is too large")
    assert not world.sam.case_notes.exists()


def test_a_multipart_body_without_boundary_is_400_on_the_api(world: World, debug: bool) -> None:
    client, headers = browser(world)

    response = client.post(api_url(world), MULTIPART_BODY, content_type=NO_BOUNDARY,
                           headers=headers)

    assert response.status_code == 400
    assert "multipart" in response.json()["detail"]


def test_a_well_formed_multipart_body_on_a_json_operation_is_a_client_error(
        world: World, debug: bool) -> None:
    """Read first, the body is still there for the API, which refuses the type."""
    client, headers = browser(world)

    response = client.post(api_url(world), MULTIPART_BODY,
                           content_type="multipart/form-data; boundary=x", headers=headers)

    assert 400 <= response.status_code < 500


def test_an_oversized_form_is_413_on_a_page(world: World, debug: bool) -> None:
    client, headers = browser(world)

    response = client.post(form_url(world), "skills=" + "x" * THREE_MB,
                           content_type="application/x-www-form-urlencoded", headers=headers)

    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>Your request could not be read</h1>" in page
    assert "at most 2.5\xa0MB" in page
    assert not SeekerSkill.objects.filter(seeker=world.sam).exists()


def test_a_multipart_form_without_boundary_is_400_on_a_page(world: World, debug: bool) -> None:
    client, headers = browser(world)

    response = client.post(form_url(world), MULTIPART_BODY, content_type=NO_BOUNDARY,
                           headers=headers)

    assert response.status_code == 400
    assert "not well-formed multipart data" in response.content.decode()


def test_too_many_fields_is_400(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client, headers = browser(world)

    response = client.post(form_url(world), "&".join(f"f{i}=1" for i in range(11)),
                           content_type="application/x-www-form-urlencoded", headers=headers)

    assert response.status_code == 400
    assert "at most 10" in response.content.decode()


def test_the_limit_is_the_setting(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client, headers = browser(world)
    url = api_url(world)

    def note(length: int) -> int:
        body = json.dumps({"text": "x" * length, "confidentiality": "ordinary"})
        response = client.post(url, body, content_type="application/json", headers=headers)
        return response.status_code

    assert note(2000) == 413
    assert note(100) == 201
