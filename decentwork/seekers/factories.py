from __future__ import annotations

import datetime as dt

import factory

from decentwork.network.factories import OfficeFactory
from decentwork.seekers.models import JobSeeker, WorkExperience


class JobSeekerFactory(factory.django.DjangoModelFactory[JobSeeker]):
    class Meta:
        model = JobSeeker

    office = factory.SubFactory(OfficeFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    registered_on = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n % 300))
    latitude = 41.0
    longitude = 29.0


class WorkExperienceFactory(factory.django.DjangoModelFactory[WorkExperience]):
    class Meta:
        model = WorkExperience

    seeker = factory.SubFactory(JobSeekerFactory)
    title = "hemşire yardımcısı"
    language = "tr"
