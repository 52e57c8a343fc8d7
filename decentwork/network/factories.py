from __future__ import annotations

import factory

from decentwork.network.models import Region, Site, SiteMembership


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
