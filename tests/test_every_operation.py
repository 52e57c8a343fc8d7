"""Every operation the API documents answers one valid request with a 2xx.

``OPERATIONS`` holds one valid request per (method, path) of the OpenAPI schema, made
by a persona allowed to make it, on objects the ``Scene`` creates through the same
actions as the pages. A documented operation without a row fails
``test_every_documented_operation_has_a_valid_request`` with the line to add; a row
whose operation has gone fails it too. The schema is the one the app serves now, not
the snapshot, so an operation is covered from the moment it exists.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from decentwork.api import api
from tests.conftest import World
from tests.operations import HTTP_METHODS, OPERATIONS, Scene


def documented_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, item in schema["paths"].items()
            for method in item if method in HTTP_METHODS}


def test_every_documented_operation_has_a_valid_request() -> None:
    documented = documented_operations()
    missing = sorted(documented - OPERATIONS.keys())
    stale = sorted(OPERATIONS.keys() - documented)
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} documented operations have no valid request in OPERATIONS "
            "(tests/test_every_operation.py); add a row for each (persona, then lambdas "
            "giving the path parameters, query and body from the Scene):")
        problems += [f'    ("{method}", "{path}"): Call("<persona>", path=..., body=...),'
                     for method, path in missing]
    if stale:
        problems.append("Rows in OPERATIONS for operations the API no longer documents; "
                        "remove them:")
        problems += [f'    ("{method}", "{path}")' for method, path in stale]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_operation_answers_a_valid_request(operation: tuple[str, str],
                                           request: pytest.FixtureRequest) -> None:
    call = OPERATIONS[operation]
    world: World = request.getfixturevalue("demo_taxonomy" if call.taxonomy else "world")
    scene = Scene(world)
    if call.given is not None:
        call.given(scene)
    method, template = operation
    url = template.format(**(call.path(scene) if call.path else {}))
    client = world.client_for(world.persona(call.persona))
    query = call.query(scene) if call.query else {}
    if method == "GET":
        response = client.get(url, query)
    else:
        body = json.dumps(call.body(scene)) if call.body else ""
        if query:
            url = f"{url}?{urlencode(query)}"
        response = client.generic(method, url, body, content_type="application/json")

    assert 200 <= response.status_code < 300, (
        f"{method} {template} answered {response.status_code} to a valid request by "
        f"{call.persona}: {response.content[:2000]!r}")

