"""An administrator of site A (Istanbul), besides judy who administers the platform;
the browser fixtures, with the Chromium the recommendations tests share with
tests/browser (one Playwright instance per thread)."""

from __future__ import annotations

import pytest

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.network.factories import SiteMembershipFactory
from tests.browser.conftest import log_in, page  # noqa: F401
from tests.conftest import World
from tests.recommendations.conftest import browser  # noqa: F401


@pytest.fixture
def site_admin(world: World) -> User:
    """Sara administers site A, the site of offices A and A2."""
    sara = UserFactory(username="sara", first_name="Sara", last_name="Aydın",
                       email="sara@example.org", role=Role.ADMINISTRATOR)
    SiteMembershipFactory(user=sara, site=world.office_a.site)
    return sara
