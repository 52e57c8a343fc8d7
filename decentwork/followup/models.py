"""Checks at 3, 6 and 12 months after a placement: is the person still in work, and how.

One ``FollowUp`` row per placement and check, written when the placement is recorded
(the receiver of ``applications.signals.placement_recorded``). A check is answered
once, by the person or by a counsellor of their office; retention follows from the
answers and from the placement's own end date (``access.retention``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.applications.models import Placement
from decentwork.controlled_lists import WageBand


class Months(models.IntegerChoices):
    THREE = 3, _("3 months")
    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")


class AnsweredAs(models.TextChoices):
    COUNSELLOR = "counsellor", _("Recorded by a counsellor")
    PERSON = "person", _("Answered by the person")


class FollowUp(models.Model):
    placement = models.ForeignKey(Placement, verbose_name=_("job"), on_delete=models.CASCADE,
                                  related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the start"),
                                              choices=Months.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    notified_at = models.DateTimeField(_("person asked at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_as = models.CharField(_("answered as"), max_length=12, choices=AnsweredAs.choices,
                                   blank=True)
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    same_employer = models.BooleanField(_("same employer"), null=True, blank=True)
    registered = models.BooleanField(_("registered, formal job"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True,
                                                      blank=True)
    wage_band = models.CharField(_("wage band"), max_length=16, choices=WageBand.choices,
                                 blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"],
                                    name="followup_one_per_placement_and_months"),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(still_employed__isnull=False),
                name="followup_answer_says_if_employed"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} +{self.months}m"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
