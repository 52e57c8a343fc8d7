"""Test scaffolding. These write rows directly; tests of the workflow itself go
through ``actions`` so that the log and the notices are real."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from decentwork.applications.models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Origin,
    Placement,
)
from decentwork.controlled_lists import ContractType, Hours
from decentwork.employers.factories import VacancyFactory
from decentwork.seekers.factories import JobSeekerFactory


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    """A new application with its first log row, to a vacancy of the seeker's region."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    seeker = factory.SubFactory(JobSeekerFactory)
    vacancy = factory.SubFactory(
        VacancyFactory,
        region=factory.SelfAttribute("..seeker.office.region"),
        employer__site=factory.SelfAttribute("...seeker.office.site"))
    origin = Origin.SEEKER
    state = ApplicationState.NEW
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.SelfAttribute("created_at")

    @factory.post_generation
    def log(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            ApplicationTransition.objects.create(
                application=self, name="create", from_state="", to_state=ApplicationState.NEW,
                actor=self.created_by, at=self.created_at)


class PlacementFactory(factory.django.DjangoModelFactory[Placement]):
    """A job found outside the platform (no application, an employer by name)."""

    class Meta:
        model = Placement

    seeker = factory.SubFactory(JobSeekerFactory)
    employer_name = factory.Sequence(lambda n: f"Outside employer {n}")
    job_title = "Care assistant"
    contract_type = ContractType.PERMANENT
    hours = Hours.FULL_TIME
    formal = True
    start_date = dt.date(2026, 3, 1)
    through_platform = False
    recorded_at = factory.LazyFunction(timezone.now)
