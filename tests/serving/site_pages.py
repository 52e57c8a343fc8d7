"""The site's pages, read off the URL configuration, so a new page is walked too."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import World

# Parameters the personas' world can fill; routes needing others are left out.
FILLED_BY = {
    "<int:seeker_id>": lambda w: w.sam.pk,
    "<int:vacancy_id>": lambda w: w.v_a.pk,
    "<int:region_id>": lambda w: w.office_a.region_id,
}
# Django's admin is Django's own; the API answers JSON (its docs page is walked).
NOT_OURS = ("admin/", "api/", "i18n/")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def site_pages(world: World) -> list[str]:
    """Every page path the world's personas might open, parameters filled in."""
    pages = ["/api/docs"]
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(NOT_OURS):
            continue
        for parameter, value in FILLED_BY.items():
            route = route.replace(parameter, str(value(world)))
        if "<" not in route:
            pages.append("/" + route)
    return sorted(set(pages))
