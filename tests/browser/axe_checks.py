"""axe-core checks for WCAG 2.2 level A and AA, as ARCHITECTURE.md requires."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe finds any WCAG 2.2 A/AA violation on the page."""
    results = Axe().run(page, options={
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    })
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}"
                    for node in violation["nodes"])
        for violation in results.response["violations"]
    ]
    assert not problems, f"axe found violations on {page.url}:\n" + "\n".join(problems)
