"""The pages' one stylesheet must be found by the project's own settings."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

from tests.browser.conftest import STYLESHEET


@pytest.mark.xfail(
    strict=True,
    reason="settings.py does not list decentwork/static (STATICFILES_DIRS), so every page "
    "is served unstyled; once it does, remove this marker and the stylesheet_found fixture",
)
def test_settings_find_the_stylesheet_every_page_links_to() -> None:
    assert finders.find(STYLESHEET) is not None
