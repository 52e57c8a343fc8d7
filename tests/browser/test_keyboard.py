"""Keyboard-only use (WCAG 2.1.1, 2.4.1, 2.4.7): no mouse anywhere in these tests."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from tests.browser.axe_checks import assert_accessible
from tests.browser.conftest import pass_second_factor
from tests.conftest import World

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 40


def tab_to(page: Page, target: Locator) -> int:
    """Press Tab until ``target`` has focus; return how many presses it took."""
    for presses in range(1, MAX_TAB_STOPS + 1):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return presses
    pytest.fail(f"{target} not reached in {MAX_TAB_STOPS} presses of Tab")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    page: Page, world: World
) -> None:
    page.goto("/accounts/login/")

    skip_link = page.get_by_role("link", name="Skip to main content")
    assert tab_to(page, skip_link) == 1
    # Hidden until focused, then on screen for sighted keyboard users.
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    # The next Tab goes into the content, past the header.
    page.keyboard.press("Tab")
    expect(page.get_by_label("User name")).to_be_focused()


def test_counsellor_signs_in_and_opens_a_seeker_with_the_keyboard_only(
    page: Page, world: World
) -> None:
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("User name"))
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pass_second_factor(page, "alice")
    expect(page).to_have_url(re.compile(r"/seekers/$"))

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    sam_link = page.get_by_role("link", name=world.sam.full_name)
    tab_to(page, sam_link)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(world.sam.full_name)
    assert_accessible(page)


def test_focus_is_visible_on_links_and_buttons(page: Page, world: World) -> None:
    page.goto("/accounts/login/")

    for target in (
        page.get_by_role("link", name="Skip to main content"),
        page.get_by_role("link", name="Decent Work Exchange"),
        page.get_by_role("button", name="Change language"),
        page.get_by_role("button", name="Sign in"),
    ):
        tab_to(page, target)
        outline = target.evaluate(
            "element => { const style = getComputedStyle(element);"
            " return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"
        )
        assert outline[0] != "none", f"no focus outline on {target}"
        # WCAG 2.4.13's minimum is 2 CSS pixels; we draw 3.
        assert outline[1] >= 2, f"focus outline too thin on {target}: {outline[1]}px"
