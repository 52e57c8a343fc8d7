"""Sign-up attempts are limited per address: each one hashes a password and may
create an account, so a script must not make thousands."""

from __future__ import annotations

from typing import Any

from django.test import Client

from decentwork.accounts.models import User
from tests.conftest import World
from tests.seekers.test_sign_up import URL, _form


def test_attempts_over_the_rate_from_one_address_get_429(world: World, settings: Any) -> None:
    settings.RATE_LIMIT_SIGN_UP = "2/hour"
    assert Client(REMOTE_ADDR="203.0.113.7").post(
        URL, _form(world, email="one@example.org")).status_code == 302
    assert Client(REMOTE_ADDR="203.0.113.7").post(  # a refused attempt counts too
        URL, _form(world, email="two@example.org", password2="not the same")).status_code == 200
    refused = Client(REMOTE_ADDR="203.0.113.7").post(URL, _form(world, email="three@example.org"))
    assert refused.status_code == 429
    assert 60 < int(refused["Retry-After"]) <= 3600
    html = refused.content.decode()
    assert "Many people signed up from this network in a short time." in html
    assert not User.objects.filter(email__iexact="three@example.org").exists()
    # Reading the form is free, and another address has its own count.
    assert Client(REMOTE_ADDR="203.0.113.7").get(URL).status_code == 200
    elsewhere = Client(REMOTE_ADDR="198.51.100.4").post(URL, _form(world, email="four@example.org"))
    assert elsewhere.status_code == 302
