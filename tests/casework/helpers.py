"""Shared scaffolding of the casework tests."""

from __future__ import annotations

import datetime as dt

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.casework.factories import TrainingProgrammeFactory
from decentwork.casework.models import StepOwner, StepType
from decentwork.casework.proposals import StepInput
from decentwork.programmes.models import TrainingProgramme
from tests.conftest import World

START = dt.date(2026, 3, 2)


def tess_login(world: World) -> User:
    """Tess has no login in the shared personas; the pages need one."""
    if world.tess.user is None:
        world.tess.user = UserFactory(username="tess", role=Role.JOB_SEEKER)
        world.tess.save(update_fields=["user"])
    return world.tess.user


def persona(world: World, name: str) -> User:
    return tess_login(world) if name == "tess_user" else getattr(world, name)


def programme_of(world: World, **kwargs: object) -> TrainingProgramme:
    return TrainingProgrammeFactory(site=world.office_a.site, **kwargs)


def seeker_step(title: str = "Apply for three jobs", due_on: dt.date | None = None,
                **kwargs: object) -> StepInput:
    return StepInput(step_type=kwargs.pop("step_type", StepType.JOB_SEARCH),  # type: ignore[arg-type]
                     title=title, owner=kwargs.pop("owner", StepOwner.SEEKER),  # type: ignore[arg-type]
                     due_on=due_on or START + dt.timedelta(days=14), **kwargs)  # type: ignore[arg-type]


def counsellor_step(title: str = "Call the childcare service",
                    due_on: dt.date | None = None) -> StepInput:
    return StepInput(step_type=StepType.SERVICE_REFERRAL, title=title,
                     owner=StepOwner.COUNSELLOR, due_on=due_on or START + dt.timedelta(days=7))
