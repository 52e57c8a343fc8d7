"""Sign-in throttling (django-axes with a limit per user name and address, per user
name and per address): guessing stops being answered, on every sign-in form."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.throttling import client_address
from decentwork.audit.models import AuditEntry
from tests.conftest import World

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _try(client: Client, username: str, password: str, url: str = LOGIN) -> Any:
    return client.post(url, {"username": username, "password": password})


def test_thirty_wrong_passwords_then_the_right_one_is_refused(world: World) -> None:
    client = Client()
    answers = [_try(client, "sam", f"guess {n}").status_code for n in range(30)]
    assert answers[:4] == [200] * 4  # the form again, saying the password is wrong
    assert set(answers[4:]) == {429}  # the fifth failure pauses signing in
    right = _try(client, "sam", TEST_PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    html = right.content.decode()
    assert "<h1>Signing in is paused</h1>" in html
    assert "try again in 15 minutes" in html
    assert right["Retry-After"] == "900"
    assert 'class="skip-link"' in html  # a page of the site, not a bare string
    assert 'name="password"' not in html


def test_the_locked_out_page_speaks_the_reader_language(world: World) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="tr")
    for n in range(5):
        page = _try(client, "sam", f"guess {n}")
    assert page.status_code == 429
    assert '<html lang="tr"' in page.content.decode()


def test_the_admin_sign_in_is_throttled_too(world: World) -> None:
    world.judy.is_staff = True
    world.judy.save(update_fields=["is_staff"])
    client = Client()
    answers = [_try(client, "judy", f"guess {n}", ADMIN_LOGIN).status_code for n in range(8)]
    assert answers[:4] == [200] * 4 and set(answers[4:]) == {429}
    assert _try(client, "judy", TEST_PASSWORD, ADMIN_LOGIN).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_keeps_others_at_the_same_address_out_only_past_its_own_limit(
        world: World) -> None:
    office = Client()
    for n in range(5):
        _try(office, "alice", f"guess {n}")
    # Alice's name is paused from this address; her colleague at the next desk is not.
    assert _try(office, "bob", TEST_PASSWORD).status_code == 302
    # From home, Alice herself still gets in: five guesses lock a name at one address only.
    assert _try(Client(REMOTE_ADDR="192.0.2.7"), "alice", TEST_PASSWORD).status_code == 302


def test_guesses_spread_over_many_addresses_lock_the_account(world: World,
                                                             settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 6
    for n in range(6):
        _try(Client(REMOTE_ADDR=f"198.51.100.{n}"), "sam", "guess")
    assert _try(Client(REMOTE_ADDR="198.51.100.99"), "sam", TEST_PASSWORD).status_code == 429


def test_one_address_trying_many_accounts_is_paused(world: World, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    sprayer = Client(REMOTE_ADDR="203.0.113.5")
    answers = [_try(sprayer, name, "Summer2026!").status_code
               for name in ["alice", "bob", "dana", "charlie", "erin", "frank"]]
    assert answers[:5] == [200] * 5 and answers[5] == 429
    assert _try(sprayer, "sam", TEST_PASSWORD).status_code == 429
    assert _try(Client(), "sam", TEST_PASSWORD).status_code == 302


def test_a_success_forgets_the_account_failures_from_that_address(world: World) -> None:
    client = Client()
    for n in range(4):
        _try(client, "sam", f"guess {n}")
    assert _try(client, "sam", TEST_PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for n in range(4):
        assert _try(client, "sam", f"again {n}").status_code == 200


def test_failures_and_lockouts_are_audited_without_the_password(world: World) -> None:
    client = Client(REMOTE_ADDR="192.0.2.44")
    for n in range(5):
        _try(client, "sam", f"secret guess {n}")
    failures = AuditEntry.objects.filter(action="accounts.sign_in_failed")
    assert failures.count() == 5
    assert all(entry.actor is None and entry.details["username"] == "sam"
               and entry.details["address"] == "192.0.2.44" for entry in failures)
    assert AuditEntry.objects.filter(action="accounts.locked_out",
                                     details__username="sam").exists()
    logged = " ".join(str(entry.details) for entry in AuditEntry.objects.all())
    assert "secret guess" not in logged


def test_a_sign_in_and_out_are_audited(world: World) -> None:
    client = Client(REMOTE_ADDR="192.0.2.45")
    assert _try(client, "sam", TEST_PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    signed_in = AuditEntry.objects.get(action="accounts.sign_in")
    assert signed_in.actor == world.sam_user and signed_in.details["address"] == "192.0.2.45"
    assert AuditEntry.objects.filter(action="accounts.sign_out", actor=world.sam_user).exists()


def test_a_forged_forwarded_header_changes_nothing_without_a_trusted_proxy(
        world: World) -> None:
    for n in range(5):
        Client(HTTP_X_FORWARDED_FOR=f"10.1.1.{n}").post(LOGIN, {"username": "sam",
                                                              "password": "guess"})
    assert _try(Client(HTTP_X_FORWARDED_FOR="10.9.9.9"), "sam", TEST_PASSWORD
                ).status_code == 429


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "203.0.113.1", "127.0.0.1"),
    (1, "203.0.113.1", "203.0.113.1"),
    (1, "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # the client's own entry is ignored
    (2, "6.6.6.6, 203.0.113.1, 10.0.0.2", "203.0.113.1"),
    (2, "10.0.0.2", "127.0.0.1"),  # fewer entries than proxies: not through them
])
def test_the_client_address_trusts_only_our_proxies(settings: Any, proxies: int,
                                                    forwarded: str, expected: str) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db(transaction=True)
def test_guessing_from_many_threads_at_once_stays_near_the_limit(world: World) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database locks tables across threads")
    answered: list[int] = []
    lock = threading.Lock()

    def guess(thread: int) -> None:
        client = Client()
        try:
            for n in range(10):
                status = _try(client, "sam", f"guess {thread}.{n}").status_code
                with lock:
                    answered.append(status)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answered) == 80
    # Requests already past the check when the fifth failure lands still get an answer;
    # never more than one per thread beyond the limit.
    assert answered.count(200) <= 5 + len(threads)
    assert _try(Client(), "sam", TEST_PASSWORD).status_code == 429
