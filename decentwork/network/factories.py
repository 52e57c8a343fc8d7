from __future__ import annotations

import factory

from decentwork.network.models import Office, Region, Site, SiteMembership, StaffMembership


class SiteFactory(factory.django.DjangoModelFactory[Site]):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    country = "TR"
    default_language = "tr"


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class SiteMembershipFactory(factory.django.DjangoModelFactory[SiteMembership]):
    class Meta:
        model = SiteMembership

    site = factory.SubFactory(SiteFactory)


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
