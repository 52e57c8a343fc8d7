"""Test scaffolding. These write rows directly; tests of the workflow itself go
through ``actions`` so that the logs, audit entries and notices are real."""

from __future__ import annotations

import datetime as dt

import factory

from decentwork.casework.models import (
    ActionPlan,
    Assessment,
    PlanStep,
    StepOwner,
    StepState,
    StepType,
)
from decentwork.network.factories import SiteFactory
from decentwork.programmes.models import ProgrammeKind, TrainingProgramme
from decentwork.seekers.factories import JobSeekerFactory


class TrainingProgrammeFactory(factory.django.DjangoModelFactory[TrainingProgramme]):
    class Meta:
        model = TrainingProgramme

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    kind = ProgrammeKind.TRAINING_COURSE
    is_open = True


class AssessmentFactory(factory.django.DjangoModelFactory[Assessment]):
    class Meta:
        model = Assessment

    seeker = factory.SubFactory(JobSeekerFactory)
    assessed_on = dt.date(2026, 1, 5)
    recorded_at = factory.LazyFunction(
        lambda: dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC))


class ActionPlanFactory(factory.django.DjangoModelFactory[ActionPlan]):
    class Meta:
        model = ActionPlan

    seeker = factory.SubFactory(JobSeekerFactory)
    starts_on = dt.date(2026, 1, 5)
    agreed_on = factory.SelfAttribute("starts_on")


class PlanStepFactory(factory.django.DjangoModelFactory[PlanStep]):
    class Meta:
        model = PlanStep

    plan = factory.SubFactory(ActionPlanFactory)
    step_type = StepType.JOB_SEARCH
    title = factory.Sequence(lambda n: f"Step {n}")
    owner = StepOwner.SEEKER
    due_on = dt.date(2026, 2, 5)
    state = StepState.PLANNED
