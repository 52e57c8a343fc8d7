from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.controlled_lists import ContractType, Hours
from decentwork.network.models import Region, Site
from decentwork.taxonomy.models import Concept, Relevance


class Employer(models.Model):
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="employers")
    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    # Used for legal disability-employment quotas (employers issue).
    employee_count = models.PositiveIntegerField(_("number of employees"), default=0)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmployerMembership(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE, related_name="employer_membership")
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.CASCADE,
                                 related_name="memberships")

    class Meta:
        verbose_name = _("employer membership")
        verbose_name_plural = _("employer memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.employer}"


class VacancyQuerySet(models.QuerySet["Vacancy"]):
    def open_on(self, day: dt.date) -> VacancyQuerySet:
        return self.filter(opens_on__lte=day).filter(
            models.Q(closes_on__isnull=True) | models.Q(closes_on__gte=day)
        ).filter(openings__gt=models.F("filled"))


class Vacancy(models.Model):
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.CASCADE,
                                 related_name="vacancies")
    # Visible across all offices of this labour-market region.
    region = models.ForeignKey(Region, verbose_name=_("labour-market region"),
                               on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    occupation = models.ForeignKey(Concept, verbose_name=_("occupation"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    place = models.CharField(_("place of work"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    remote = models.BooleanField(_("can be done remotely"), default=False)
    hours = models.CharField(_("hours"), max_length=10, choices=Hours.choices,
                             default=Hours.FULL_TIME)
    contract_type = models.CharField(_("contract type"), max_length=16,
                                     choices=ContractType.choices,
                                     default=ContractType.PERMANENT)
    openings = models.PositiveSmallIntegerField(_("number of openings"), default=1)
    filled = models.PositiveSmallIntegerField(_("openings filled"), default=0)
    # Values of Accommodation the employer offers.
    accommodations = models.JSONField(_("accommodations offered"), default=list, blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-opens_on", "id"]
        indexes = [models.Index(fields=["region", "opens_on", "closes_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(filled__lte=models.F("openings")),
                                   name="vacancy_filled_le_openings"),
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="vacancy_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day: dt.date) -> bool:
        return (self.opens_on <= day and (self.closes_on is None or self.closes_on >= day)
                and self.filled < self.openings)


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE,
                                related_name="skills")
    skill = models.ForeignKey(Concept, verbose_name=_("skill"), on_delete=models.PROTECT,
                              related_name="+")
    relevance = models.CharField(_("relevance"), max_length=10, choices=Relevance.choices)

    class Meta:
        verbose_name = _("vacancy skill")
        verbose_name_plural = _("vacancy skills")
        constraints = [models.UniqueConstraint(fields=["vacancy", "skill"],
                                               name="vacancy_skill_unique")]

    def __str__(self) -> str:
        return f"{self.vacancy_id} {self.relevance} {self.skill_id}"
