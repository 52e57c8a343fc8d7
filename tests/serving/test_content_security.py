"""CSP without 'unsafe-inline': no page may carry an inline script or style, since
the browser would refuse it (and a page that needs one breaks in production)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import World
from tests.serving.site_pages import site_pages

TEMPLATES = Path(settings.BASE_DIR) / "decentwork"
# A <script> the browser does not run: data for a script loaded from a file.
DATA_SCRIPT_TYPES = {"application/json"}
PERSONAS = [None, "alice", "bob", "sam_user", "erin", "ivan", "judy"]


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' refuses: <script> with a body,
    <style>, style= attributes, on...= handlers and javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in named and named.get("type") not in DATA_SCRIPT_TYPES
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}…")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_inspector_finds_inline_code() -> None:
    page = ('<p style="color:red" onclick="x()"><script>alert(1)</script>'
            '<script src="/static/a.js"></script><script type="application/json">{}</script>'
            '<a href="javascript:void(0)">x</a><style>p{}</style>')
    assert inline_code(page) == ["<p style=…>", "<p onclick=…>", "<script>alert(1)…",
                                 "<a href=javascript:…>", "<style>"]


# The same in template source, where tags ({% if %} inside a tag) defeat an HTML parser.
INLINE_IN_TEMPLATE = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|<style\b"
    r"|\sstyle\s*=\s*[\"']|\son[a-z]+\s*=\s*[\"']|javascript:", re.IGNORECASE)


def test_no_template_has_inline_code() -> None:
    """Templates as written, including those no test renders."""
    assert INLINE_IN_TEMPLATE.findall('<p style="x"><script>a()</script><b onclick=\'y\'>'
                                      '{% if only_open %} checked{% endif %}') == [
        ' style="', "<script>", " onclick='"]
    offenders = {}
    for template in TEMPLATES.rglob("templates/**/*.html"):
        found = INLINE_IN_TEMPLATE.findall(template.read_text())
        if found:
            offenders[str(template.relative_to(TEMPLATES))] = found
    assert offenders == {}


def test_pages_as_rendered_have_no_inline_code(world: World) -> None:
    """Every page of the URL configuration, as each persona who may open it sees it."""
    rendered, offenders = 0, {}
    for persona in PERSONAS:
        client = world.client_for(world.persona(persona) if persona else None)
        for url in site_pages(world):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            rendered += 1
            found = inline_code(response.content.decode())
            if found:
                offenders[f"{url} as {persona}"] = found
    assert offenders == {}
    # The walk reached the pages: the personas' home pages, lists and records.
    assert rendered >= 40


@pytest.mark.parametrize("url", ["/accounts/login/", "/seekers/", "/api/seekers", "/health/"])
def test_every_response_carries_the_policy(world: World, url: str) -> None:
    response = world.client_for(world.alice).get(url)
    policy = dict(directive.strip().split(" ", 1)
                  for directive in response["Content-Security-Policy"].split(";"))
    assert policy == {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
        "img-src": "'self' data:", "object-src": "'none'", "base-uri": "'self'",
        "frame-ancestors": "'none'", "form-action": "'self'",
    }
    assert "unsafe" not in response["Content-Security-Policy"]
