"""Programmes a site offers: training courses, entrepreneurship courses (such as
Start and Improve Your Business), internships and coaching."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.network.models import Site


class ProgrammeKind(models.TextChoices):
    """What sort of programme it is: casework plans and programme evaluation group by it."""

    TRAINING_COURSE = "training_course", _("Training course")
    ENTREPRENEURSHIP_COURSE = "entrepreneurship_course", _("Entrepreneurship course")
    INTERNSHIP = "internship", _("Internship")
    COACHING = "coaching", _("Coaching")


class TrainingProgramme(models.Model):
    """A course or programme a site offers or refers people to, and the skills it teaches.

    Recommendations point to the site's open programmes for every essential skill
    a person lacks for a vacancy.
    """

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="training_programmes")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ProgrammeKind.choices,
                            default=ProgrammeKind.TRAINING_COURSE, db_index=True)
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
