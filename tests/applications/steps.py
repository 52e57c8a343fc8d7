"""Shared steps for the applications tests: who takes which transition, and how to
bring an application into any state through the actions themselves."""

from __future__ import annotations

import datetime as dt
from collections import deque
from typing import Any

from django.utils import timezone

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.applications import actions
from decentwork.applications.models import Application, ApplicationState, RefusalReason
from decentwork.applications.workflow import TRANSITIONS, Party
from decentwork.controlled_lists import ContractType, Hours
from decentwork.seekers.models import JobSeeker
from tests.conftest import World


def hire_details(**overrides: Any) -> dict[str, Any]:
    details: dict[str, Any] = {
        "start_date": timezone.localdate() + dt.timedelta(days=14),
        "contract_type": ContractType.FIXED_TERM, "hours": Hours.PART_TIME, "formal": True,
        "hours_per_week": 20}
    details.update(overrides)
    return details


def give_login(seeker: JobSeeker, username: str, **fields: Any) -> User:
    """A login for a seeker the personas created without one (e.g. tess)."""
    user = UserFactory(username=username, role=Role.JOB_SEEKER, **fields)
    seeker.user = user
    seeker.save(update_fields=["user"])
    return user


def actor_for(world: World, name: str) -> User | None:
    """The natural party of a transition: the employer, the seeker, or the platform."""
    party = TRANSITIONS[name].party
    if party is Party.EMPLOYER:
        return world.erin
    if party is Party.SEEKER:
        return world.sam_user
    return None


def take(world: World, application: Application, name: str, *,
         actor: User | None = None, expected_state: str | None = None,
         note: str = "") -> Application:
    """Take any transition of the table with valid arguments (a hire goes through
    ``accept_application``, a refusal gets a reason)."""
    who = actor if actor is not None else actor_for(world, name)
    if name == "accept":
        assert who is not None
        placement = actions.accept_application(who, application, expected_state=expected_state,
                                               note=note, **hire_details())
        assert placement.application is not None
        return placement.application
    reason = RefusalReason.SKILLS_MISSING if TRANSITIONS[name].needs_reason else ""
    return actions.transition_application(who, application, name, expected_state=expected_state,
                                          reason=reason, note=note)


def path_to(state: str) -> list[str]:
    """The shortest list of transition names from NEW to ``state``, read off the table,
    so that a new state or transition is reached without editing the tests."""
    paths: dict[str, list[str]] = {ApplicationState.NEW: []}
    queue = deque([ApplicationState.NEW.value])
    while queue:
        here = queue.popleft()
        for transition in TRANSITIONS.values():
            if here in transition.sources and transition.target not in paths:
                paths[transition.target] = [*paths[here], transition.name]
                queue.append(transition.target)
    assert state in paths, f"state {state!r} cannot be reached from NEW"
    return paths[state]


def application_in(world: World, state: str) -> Application:
    """Sam's application to v_a, brought into ``state`` through the actions."""
    application, created = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    assert created
    for name in path_to(state):
        application = take(world, application, name)
    assert application.state == state
    return Application.objects.get(pk=application.pk)
