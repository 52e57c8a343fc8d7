from __future__ import annotations

import datetime as dt

import factory

from decentwork.employers.models import Employer, EmployerMembership, Vacancy
from decentwork.network.factories import RegionFactory, SiteFactory


class EmployerFactory(factory.django.DjangoModelFactory[Employer]):
    class Meta:
        model = Employer

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Employer {n}")
    employee_count = 120


class EmployerMembershipFactory(factory.django.DjangoModelFactory[EmployerMembership]):
    class Meta:
        model = EmployerMembership

    employer = factory.SubFactory(EmployerFactory)


class VacancyFactory(factory.django.DjangoModelFactory[Vacancy]):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    region = factory.SubFactory(RegionFactory, site=factory.SelfAttribute("..employer.site"))
    title = factory.Sequence(lambda n: f"Vacancy {n}")
    opens_on = dt.date(2026, 1, 1)
    latitude = 41.0
    longitude = 29.0
