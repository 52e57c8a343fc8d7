from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.network.models import Region, Site


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


class TrainingProgramme(models.Model):
    """A course or programme a site offers or refers people to, and the skills it teaches.

    Recommendations point to the site's open programmes for every essential skill
    a person lacks for a vacancy.
    """

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="training_programmes")
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language of instruction"), max_length=10, blank=True)
    url = models.URLField(_("web address"), blank=True)
    skills = models.ManyToManyField("taxonomy.Concept", verbose_name=_("skills taught"),
                                    related_name="+")
    is_open = models.BooleanField(_("open for enrolment"), default=True, db_index=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title
