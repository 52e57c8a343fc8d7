"""Under the Content-Security-Policy, Chromium refuses nothing on our pages: every
stylesheet and script is a file of ours, and Swagger UI runs from its local copy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from decentwork.accounts.factories import TEST_PASSWORD
from tests.conftest import World

pytestmark = pytest.mark.browser

LogIn = Callable[[str, str], None]


def csp_refusals(page: Page) -> list[str]:
    """Chromium says each refusal on the console ("... violates the following
    Content Security Policy directive ...")."""
    refusals: list[str] = []
    page.on("console", lambda message: refusals.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refusals


def test_the_watch_sees_a_refusal(page: Page, world: World) -> None:
    """What an injection would meet: an inline style and a foreign image, refused
    (the image is refused before any request leaves the machine)."""
    refusals = csp_refusals(page)
    page.goto("/accounts/login/")
    page.evaluate("""document.body.insertAdjacentHTML('beforeend',
        '<p style="color: red">x</p><img src="https://example.invalid/pixel.png" alt="">')""")
    page.wait_for_timeout(300)
    assert any("style-src" in refusal for refusal in refusals), refusals
    assert any("img-src" in refusal for refusal in refusals), refusals


@pytest.mark.parametrize(("username", "paths"), [
    ("alice", ["/", "/seekers/", "/seekers/{sam}/", "/employers/vacancies/", "/agenda/",
               "/casework/today/"]),
    ("sam", ["/seekers/me/", "/employers/vacancies/", "/applications/"]),
    ("erin", ["/employers/vacancies/", "/employers/vacancies/new/"]),
])
def test_pages_break_no_rule(page: Page, log_in: LogIn, world: World, username: str,
                             paths: list[str]) -> None:
    refusals = csp_refusals(page)
    log_in(username, TEST_PASSWORD)
    for path in paths:
        response = page.goto(path.format(sam=world.sam.pk))
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert refusals == []


def test_api_docs_run_from_local_files(page: Page, log_in: LogIn, world: World,
                                      live_server: LiveServer) -> None:
    refusals = csp_refusals(page)
    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(live_server.url)
            else foreign.append(request.url))
    log_in("judy", TEST_PASSWORD)
    page.goto("/api/docs")
    # Swagger UI ran: it fetched the schema and lists the operations.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Decent Work Exchange API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert refusals == []
    assert foreign == []
