"""The login page lists the demo's accounts while the demo is loaded and DEBUG is on,
read from the database; otherwise it says nothing of the kind."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decentwork.demo.actions import DEMO_PASSWORD, load_demo
from decentwork.demo.models import DemoAccount
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _login_page(client: Client | None = None) -> str:
    response = (client or Client()).get("/accounts/login/")
    assert response.status_code == 200
    return response.content.decode()


def _listed(page: str) -> dict[str, str]:
    """User name -> what the page says it is, from the demo-accounts block."""
    block = re.search(r'<details class="demo-logins">(.*?)</details>', page, re.S)
    assert block is not None, "no demo-accounts block"
    return dict(re.findall(r"<dd><code>([^<]+)</code> — ([^<]*)</dd>", block.group(1)))


def test_the_login_page_lists_the_loaded_demo_accounts(settings: Any) -> None:
    settings.DEBUG = True
    report = load_demo(progress=False, say=lambda _: None)
    page = _login_page()
    listed = _listed(page)
    assert set(listed) == {username for _, username, _ in report.logins}
    assert listed["counsellor.kadikoy"] == "Kadıköy office"
    assert listed["seeker.kadikoy"] == "registered at the Kadıköy office"
    assert listed["admin"] == "all sites"
    assert f"<code>{DEMO_PASSWORD}</code>" in page
    for role in ("Job seeker", "Counsellor", "Office manager", "Employer",
                 "Programme analyst", "Administrator"):
        assert f"<dt>{role}</dt>" in page
    # The people the service is for come first.
    assert page.index("<dt>Job seeker</dt>") < page.index("<dt>Administrator</dt>")


def test_the_list_is_what_the_database_holds(world: World, settings: Any) -> None:
    settings.DEBUG = True
    for user in (world.alice, world.erin, world.sam_user, world.judy):
        DemoAccount.objects.create(user=user)
    world.judy.is_active = False
    world.judy.save(update_fields=["is_active"])
    listed = _listed(_login_page())
    assert listed == {"alice": "Kadıköy office", "erin": world.v_a.employer.name,
                      "sam": "registered at the Kadıköy office"}


def test_no_demo_no_list(world: World, settings: Any) -> None:
    settings.DEBUG = True
    page = _login_page()
    assert "demo-logins" not in page and DEMO_PASSWORD not in page


def test_never_listed_when_debug_is_off(world: World, settings: Any) -> None:
    settings.DEBUG = False
    DemoAccount.objects.create(user=world.alice)
    page = _login_page()
    assert "demo-logins" not in page and DEMO_PASSWORD not in page and "alice" not in page


def test_signed_in_pages_do_not_read_the_demo_accounts(world: World, settings: Any) -> None:
    settings.DEBUG = True
    DemoAccount.objects.create(user=world.alice)
    client = world.client_for(world.sam_user)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/inbox/").status_code == 200
    assert context.captured_queries
    assert not any("demo_demoaccount" in q["sql"] for q in context.captured_queries)
