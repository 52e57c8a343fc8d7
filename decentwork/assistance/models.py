"""Spells of social assistance per person, and exits from it into registered work.

A spell is one period on one programme of assistance (its name as the site calls it),
from its first day to its last (open while ``ended_on`` is empty). Exits are not
stored: they follow from the spells and the placements by the rule in ``exits.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.seekers.models import JobSeeker


class EndReason(models.TextChoices):
    FOUND_WORK = "found_work", _("Found work")
    INCOME_ABOVE_THRESHOLD = "income_above_threshold", _("Household income above the limit")
    PROGRAMME_ENDED = "programme_ended", _("The programme or its time limit ended")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("No longer eligible for another reason")
    MOVED_AWAY = "moved_away", _("Moved away")
    STOPPED_BY_PERSON = "stopped_by_person", _("The person stopped it")
    OTHER = "other", _("Other reason")


class AssistanceSpell(models.Model):
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="assistance_spells")
    programme_name = models.CharField(_("programme of assistance"), max_length=200)
    started_on = models.DateField(_("first day"))
    ended_on = models.DateField(_("last day"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=30, choices=EndReason.choices,
                                  blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("spell of social assistance")
        verbose_name_plural = _("spells of social assistance")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["seeker", "started_on"]),
                   models.Index(fields=["ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="assistance_spell_ends_after_start"),
            models.CheckConstraint(
                condition=(models.Q(ended_on__isnull=True) & models.Q(end_reason=""))
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="assistance_spell_end_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.programme_name} from {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
