"""Property-based tests of the JSON API against its own OpenAPI schema (schemathesis):
whatever a client sends, the API answers within its schema and never with a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from decentwork.taxonomy.actions import import_esco_release
from decentwork.wsgi import application
from tests.conftest import World


@pytest.fixture
def api_schema(db: None) -> Iterator[schemathesis.BaseSchema]:
    """The schema as the app serves it; ``db`` first, so that loading it reaches the
    test database, not the developer's."""
    # Like Django's test client: keep the test's database connection (and its
    # transaction) open across in-process requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def signed_in(world: World) -> tuple[dict[str, str], dict[str, str]]:
    """Cookies and headers of alice's session (a counsellor at office A)."""
    import_esco_release("decentwork/taxonomy/demo_release", progress=False)
    client = world.client_for(world.alice)
    csrf = get_token(RequestFactory().get("/"))
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    return cookies, {"X-CSRFToken": csrf}


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_answers_within_its_schema(
    case: schemathesis.Case, signed_in: tuple[dict[str, str], dict[str, str]]
) -> None:
    cookies, headers = signed_in
    response = case.call(cookies=cookies, headers=headers)
    # A scoped 404 ("not yours") and a 422 for invalid input are answers, not faults;
    # what must never happen is a server error or a body outside the schema.
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
