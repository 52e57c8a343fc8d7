"""Shared scaffolding of the casework tests."""

from __future__ import annotations

import datetime as dt

from decentwork.casework.factories import TrainingProgrammeFactory
from decentwork.casework.models import StepOwner, StepType
from decentwork.casework.proposals import StepInput
from decentwork.programmes.models import TrainingProgramme
from tests.conftest import World

START = dt.date(2026, 3, 2)






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
