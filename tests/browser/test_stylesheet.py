"""The pages' one stylesheet must be found by the project's own settings."""

from __future__ import annotations

from django.contrib.staticfiles import finders

from tests.browser.conftest import STYLESHEET


def test_settings_find_the_stylesheet_every_page_links_to() -> None:
    assert finders.find(STYLESHEET) is not None
