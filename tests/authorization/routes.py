"""Every route of the project: the pages from the URL configuration, the API
operations from the OpenAPI schema."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from decentwork.api import api
from tests.operations import HTTP_METHODS

# The API is walked from its schema; the Django admin has its own staff check,
# tested once in test_matrix.py.
NOT_WALKED = {"admin", "api"}


@dataclass(frozen=True)
class Route:
    """A page (``key`` is its URL name) or an API operation (``"GET /api/..."``)."""

    key: str
    pattern: str


def pages() -> list[Route]:
    routes: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if inner not in NOT_WALKED:
                    walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                routes.append(Route(key=name, pattern=prefix + str(entry.pattern)))

    walk(get_resolver(), "/", None)
    return routes


def operations() -> list[Route]:
    schema = api.get_openapi_schema()
    return [Route(key=f"{method.upper()} {path}", pattern=path)
            for path, item in schema["paths"].items() for method in item
            if method in HTTP_METHODS]
