"""Scoped reads for programme analysts: aggregates of their site, never individuals.

Counts below ``SMALL_CELL`` are suppressed so that a person cannot be singled out
from a table (a common rule in official statistics).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.network.models import Office, Site
from decentwork.seekers.models import SeekerStatus

SMALL_CELL = 5


@dataclass(frozen=True)
class OfficeFigures:
    office: str
    active_seekers: int | None  # None: suppressed
    placed_seekers: int | None


def access_analyst_site(user: User) -> Site:
    scope = scope_of(user)
    if scope.site_id is None or not scope.analyses_site(scope.site_id):
        raise Http404("No site to show")
    return Site.objects.get(pk=scope.site_id)


def suppress(count: int) -> int | None:
    return count if count >= SMALL_CELL else None


def office_figures(site: Site) -> list[OfficeFigures]:
    offices = (Office.objects.filter(site=site).order_by("name")
               .annotate(active=Count("seekers", filter=Q(seekers__status=SeekerStatus.ACTIVE)),
                         placed=Count("seekers", filter=Q(seekers__status=SeekerStatus.PLACED))))
    return [OfficeFigures(o.name, suppress(o.active), suppress(o.placed)) for o in offices]
