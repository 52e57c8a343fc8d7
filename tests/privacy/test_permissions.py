"""Only the person reaches their data-rights pages and endpoints: anyone else gets the
same 404 as a page that does not exist (the anonymous visitor is sent to sign in, or
answered 401 by the API), and the actions refuse whoever is not the person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from decentwork.privacy.actions import cancel_erasure, request_erasure
from decentwork.privacy.models import ErasureRequest, ErasureState
from decentwork.seekers.actions import declare_target_group
from decentwork.seekers.models import Consent
from tests.conftest import World

PAGES = [reverse("privacy:export"), reverse("privacy:export_json"),
         reverse("privacy:consents"), reverse("privacy:erasure"),
         reverse("privacy:withdraw_consent", args=["refugee"])]
API_READS = ["/api/privacy/me/export", "/api/privacy/me/consents", "/api/privacy/me/erasure"]
OUTSIDERS = ["alice", "bob", "charlie", "erin", "ivan", "judy"]


@pytest.mark.parametrize("name", OUTSIDERS)
def test_staff_employers_and_analysts_find_no_such_page(world: World, name: str) -> None:
    declare_target_group(world.alice, world.sam, "refugee")
    client = world.client_for(world.persona(name))
    for url in PAGES:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("privacy:erasure"), {"confirm": "on"}).status_code == 404
    assert client.post(reverse("privacy:withdraw_consent", args=["refugee"])).status_code == 404
    assert client.post(reverse("privacy:cancel_erasure")).status_code == 404
    for url in API_READS:
        assert client.get(url).status_code == 404, url
    assert client.post("/api/privacy/me/erasure").status_code == 404
    assert client.post("/api/privacy/me/consents/refugee/withdraw").status_code == 404
    assert client.delete("/api/privacy/me/erasure").status_code == 404
    assert not ErasureRequest.objects.exists()
    assert Consent.objects.get(seeker=world.sam, scope="refugee").withdrawn_at is None


def test_the_anonymous_visitor_is_asked_to_sign_in(world: World) -> None:
    client = world.client_for(None)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    for url in API_READS:
        assert client.get(url).status_code == 401, url


def test_another_seeker_reaches_only_their_own(world: World) -> None:
    declare_target_group(world.alice, world.sam, "refugee")
    request = request_erasure(world.sam_user, world.sam)
    client = world.client_for(world.tess_user())
    # Tess has no consent of her own to withdraw, and no erasure to cancel.
    assert client.get(reverse("privacy:withdraw_consent", args=["refugee"])).status_code == 404
    assert client.post(reverse("privacy:withdraw_consent", args=["refugee"])).status_code == 404
    assert client.post(reverse("privacy:cancel_erasure")).status_code == 404
    assert client.delete("/api/privacy/me/erasure").status_code == 404
    assert world.sam.first_name not in client.get("/api/privacy/me/export").content.decode()
    request.refresh_from_db()
    assert request.state == ErasureState.REQUESTED
    assert Consent.objects.get(seeker=world.sam, scope="refugee").withdrawn_at is None


def test_the_actions_refuse_anyone_but_the_person(world: World) -> None:
    for name in ["alice", "judy", "tess_user"]:
        with pytest.raises(PermissionDenied):
            request_erasure(world.persona(name), world.sam)
    request = request_erasure(world.sam_user, world.sam)
    for name in ["alice", "judy", "tess_user"]:
        with pytest.raises(PermissionDenied):
            cancel_erasure(world.persona(name), request)
