from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Site(models.Model):
    """A programme: a city's or a country's employment service (e.g. Istanbul, Hangzhou)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2)
    default_language = models.CharField(_("default language"), max_length=10, default="en")
    # Casework rules each site sets for itself.
    exit_window_months = models.PositiveSmallIntegerField(
        _("months after a placement within which leaving social assistance counts as an exit"),
        default=6)
    contact_gap_days = models.PositiveSmallIntegerField(
        _("days without contact after which counsellors are reminded of a person"),
        default=30)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A labour-market region: vacancies posted here are visible to all its offices,
    and batch matching is partitioned by it."""

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="regions")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"))

    class Meta:
        verbose_name = _("labour-market region")
        verbose_name_plural = _("labour-market regions")
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="region_unique_slug")]

    def __str__(self) -> str:
        return self.name


class SiteMembership(models.Model):
    """A programme analyst's (or site administrator's) site."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE, related_name="site_membership")
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE,
                             related_name="memberships")

    class Meta:
        verbose_name = _("site membership")
        verbose_name_plural = _("site memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.site}"


class Office(models.Model):
    """An employment service office; job seekers are registered at one."""

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="offices")
    region = models.ForeignKey(Region, verbose_name=_("labour-market region"),
                               on_delete=models.PROTECT, related_name="offices")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="office_unique_slug")]

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """Where a counsellor or office manager works."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE, related_name="staff_membership")
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.CASCADE,
                               related_name="staff")

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.office}"
