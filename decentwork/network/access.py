"""Scoped reads of the network: which offices a user works with."""

from __future__ import annotations

from django.db.models import QuerySet

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.network.models import Office, Site


def offices_worked_with(user: User) -> QuerySet[Office]:
    """The offices whose people the user works with: their own office for its staff,
    the site's offices (or every office) for an administrator, none for anyone else.
    Pages that gather a day's or a week's work offer these as their office filter."""
    scope = scope_of(user)
    offices = Office.objects.select_related("site").order_by("site__name", "name", "id")
    if scope.is_staff_of_office and scope.office_id is not None:
        return offices.filter(pk=scope.office_id)
    if scope.is_administrator:
        return offices if scope.site_id is None else offices.filter(site_id=scope.site_id)
    return offices.none()


def sites_administered(user: User) -> QuerySet[Site]:
    """The sites whose rules the user may set: their own site, or every site for a
    platform administrator."""
    scope = scope_of(user)
    if not scope.is_administrator:
        return Site.objects.none()
    sites = Site.objects.order_by("name", "id")
    return sites if scope.site_id is None else sites.filter(pk=scope.site_id)
