from __future__ import annotations

import factory

from decentwork.casework.models import Office, StaffMembership
from decentwork.network.factories import RegionFactory


class OfficeFactory(factory.django.DjangoModelFactory[Office]):
    class Meta:
        model = Office

    region = factory.SubFactory(RegionFactory)
    site = factory.SelfAttribute("region.site")
    name = factory.Sequence(lambda n: f"Office {n}")
    slug = factory.Sequence(lambda n: f"office-{n}")
    latitude = 41.0
    longitude = 29.0


class StaffMembershipFactory(factory.django.DjangoModelFactory[StaffMembership]):
    class Meta:
        model = StaffMembership

    office = factory.SubFactory(OfficeFactory)
