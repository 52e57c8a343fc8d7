"""Walk the authorization matrix: every route × every persona, allowed or refused as
``matrix.py`` says, and no route without a row.

Each route is one test. The request is made once, on objects of the ``Scene``
(``tests/operations.py``), and sent by each persona in turn inside a savepoint that
is rolled back, so a write one persona may make never changes what the next sees.
Pages are opened (GET) or, where a route takes only POST, posted empty; API
operations get the valid request of ``tests/operations.py``. "Allowed" means the
view got past its permission checks: a 2xx, a redirect elsewhere than the login
page, or a refusal of the input (400, 409, 422).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from decentwork.accounts.models import User
from decentwork.seekers.models import ConsentScope
from tests.authorization import matrix
from tests.authorization.routes import Route, operations, pages
from tests.conftest import World
from tests.operations import OPERATIONS, Scene

ALLOWED = {200, 201, 202, 204, 400, 409, 422}
REFUSED = {401, 403, 404}

LOGIN_PAGES = ("/accounts/login/", "/admin/login/")

# Routes that take only POST (a GET is answered 405 to everyone).
POST_ONLY_PAGES = {"accounts:logout", "accounts:regenerate_recovery_codes",
                   "casework:offer_place", "casework:change_step",
                   "casework:change_participation", "privacy:cancel_erasure", "staff:unlock"}

# What each path parameter of a page names.
PAGE_PARAMETERS: dict[str, Callable[[Scene], object]] = {
    "seeker_id": lambda s: s.world.sam.pk,
    "experience_id": lambda s: s.world.sam.experiences.get().pk,
    "vacancy_id": lambda s: s.world.v_a.pk,
    "application_id": lambda s: s.application.pk,
    "placement_id": lambda s: s.follow_up_due.placement_id,
    "follow_up_id": lambda s: s.follow_up_due.pk,
    "recommendation_id": lambda s: s.recommendation.pk,
    "region_id": lambda s: s.world.office_a.region_id,
    "step_id": lambda s: s.seeker_step.pk,
    "participation_id": lambda s: s.offered_place.pk,
    "appointment_id": lambda s: s.appointment(started=False).pk,
    "spell_id": lambda s: s.spell.pk,
    "message_id": lambda s: s.message.pk,
    "token": lambda s: s.invitation_token,
    "user_id": lambda s: s.world.dana.pk,
}
# Parameters that mean something else on one route.
ROUTE_PARAMETERS: dict[str, dict[str, Callable[[Scene], object]]] = {
    "casework:change_step": {"name": lambda s: "complete"},
    "casework:change_participation": {"name": lambda s: "enrol"},
    "staff:accept": {"token": lambda s: s.staff_invitation_token},
    # A link that is not valid: the page says so, to anyone.
    "accounts:password_reset_confirm": {"uidb64": lambda s: "MQ", "token": lambda s: "x-y"},
    "privacy:withdraw_consent": {"scope": lambda s: ConsentScope.REFUGEE},
}
# What must be there for a page to have something to show.
ROUTE_GIVEN: dict[str, Callable[[Scene], object]] = {
    "privacy:withdraw_consent": lambda s: s.declared_refugee,
    "privacy:cancel_erasure": lambda s: s.erasure_asked,
}

_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def outcome(response: HttpResponse, *, login_is_the_way_on: bool = False) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        to_login = any(login in response["Location"] for login in LOGIN_PAGES)
        return "refused" if to_login and not login_is_the_way_on else "allowed"
    if status in ALLOWED:
        return "allowed"
    if status in REFUSED:
        return "refused"
    return f"unexpected {status}"


def user_of(scene: Scene, persona: str) -> User | None:
    if persona == "anonymous":
        return None
    if persona == "sofia":
        return scene.site_admin
    return scene.world.persona(persona)


def walk(scene: Scene, route: Route, allowed: frozenset[str],
         send: Callable[[Client], HttpResponse]) -> None:
    clients = {persona: scene.world.client_for(user_of(scene, persona))
               for persona in matrix.PERSONAS}
    wrong = []
    for persona, client in clients.items():
        client.raise_request_exception = False  # a 500 is an answer to report
        with transaction.atomic():
            savepoint = transaction.savepoint()
            got = outcome(send(client), login_is_the_way_on=route.key == "accounts:logout")
            transaction.savepoint_rollback(savepoint)
        expected = "allowed" if persona in allowed else "refused"
        if got != expected:
            wrong.append(f"{persona}: expected {expected}, got {got}")
    assert not wrong, f"{route.key} ({route.pattern}):\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("route", pages(), ids=lambda route: route.key)
def test_page(world: World, route: Route) -> None:
    assert route.key in matrix.PAGES, (
        f"The page {route.key} ({route.pattern}) has no row in tests/authorization/matrix.py: "
        "say who may open it")
    scene = Scene(world)
    if route.key in ROUTE_GIVEN:
        ROUTE_GIVEN[route.key](scene)

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str({**PAGE_PARAMETERS, **ROUTE_PARAMETERS.get(route.key, {})}[name](scene))

    url = _PARAMETER.sub(value, route.pattern)
    if route.key in POST_ONLY_PAGES:
        walk(scene, route, matrix.PAGES[route.key], lambda client: client.post(url, {}))
    else:
        walk(scene, route, matrix.PAGES[route.key], lambda client: client.get(url))


@pytest.mark.parametrize("route", operations(), ids=lambda route: route.key)
def test_operation(route: Route, request: pytest.FixtureRequest) -> None:
    assert route.key in matrix.OPERATIONS, (
        f"The operation {route.key} has no row in tests/authorization/matrix.py: "
        "say who may call it")
    method, template = route.key.split(" ", 1)
    call = OPERATIONS[(method, template)]
    world: World = request.getfixturevalue("demo_taxonomy" if call.taxonomy else "world")
    scene = Scene(world)
    if call.given is not None:
        call.given(scene)
    url = template.format(**(call.path(scene) if call.path else {}))
    query = call.query(scene) if call.query else {}
    body = json.dumps(call.body(scene)) if call.body else ""
    if method == "GET":
        walk(scene, route, matrix.OPERATIONS[route.key], lambda client: client.get(url, query))
    else:
        target = f"{url}?{urlencode(query)}" if query else url
        walk(scene, route, matrix.OPERATIONS[route.key], lambda client: client.generic(
            method, target, body, content_type="application/json"))


def test_no_row_names_a_route_that_is_gone() -> None:
    assert set(matrix.PAGES) - {route.key for route in pages()} == set()
    assert set(matrix.OPERATIONS) - {route.key for route in operations()} == set()


def test_the_django_admin_is_for_superusers_only(world: World) -> None:
    """No persona enters the Django admin, not even the platform administrator (who
    works on the staff pages); a superuser made by ``createsuperuser`` does."""
    scene = Scene(world)
    for persona in matrix.PERSONAS:
        response = world.client_for(user_of(scene, persona)).get("/admin/")
        assert outcome(response) == "refused", persona
    superuser = User.objects.create_superuser("root", "root@example.org", "a-long-passphrase")
    assert outcome(world.client_for(superuser).get("/admin/")) == "allowed"
