"""Applications and referrals to vacancies, their transition log, and placements.

An application's life is the transition table in ``workflow.py``; the only writer of
``Application.state`` is ``actions.py``, which writes an ``ApplicationTransition``
row for every change. A ``Placement`` is the record of a hire (through the platform
or found outside it): the unit of outcome statistics by group, site and programme.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.controlled_lists import ContractType, Hours, WageBand
from decentwork.employers.models import Employer, Vacancy
from decentwork.lifecycle import TransitionLog
from decentwork.seekers.models import JobSeeker
from decentwork.taxonomy.models import Concept


class ApplicationState(models.TextChoices):
    NEW = "new", _("Sent")
    SEEN = "seen", _("Seen by the employer")
    INTERVIEW = "interview", _("Interview planned")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the job seeker")
    OBSOLETE = "obsolete", _("Vacancy closed or filled")


# States from which the application can still move: at most one of these per
# seeker and vacancy (a database constraint below).
OPEN_STATES = (ApplicationState.NEW, ApplicationState.SEEN, ApplicationState.INTERVIEW)


class Origin(models.TextChoices):
    SEEKER = "seeker", _("The job seeker applied")
    COUNSELLOR = "counsellor", _("A counsellor referred the job seeker")
    EMPLOYER = "employer", _("The employer invited a proposed candidate")


class RefusalReason(models.TextChoices):
    """Why an employer said no: a fixed list, so refusals can be counted by group."""

    SKILLS_MISSING = "skills_missing", _("Skills missing")
    ACCOMMODATION_NOT_POSSIBLE = "accommodation_not_possible", _(
        "The accommodation needed is not possible")
    POSITION_FILLED = "position_filled", _("Position already filled")
    DID_NOT_COME = "did_not_come", _("The candidate did not come")
    CANDIDATE_DECLINED = "candidate_declined", _("The candidate declined")
    OTHER = "other", _("Other reason")


class Application(models.Model):
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="applications")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE,
                                related_name="applications")
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    state = models.CharField(_("state"), max_length=12, choices=ApplicationState.choices,
                             default=ApplicationState.NEW, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("last changed at"))
    # The seeker's, counsellor's or employer's message that came with it.
    message = models.TextField(_("message"), blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=30,
                                      choices=RefusalReason.choices, blank=True)
    refusal_text = models.TextField(_("reason for refusal, in words"), blank=True)
    # When it came from a recommendation: a copy of it as values, because every
    # later matching run replaces the recommendations.
    recommendation_run_id = models.BigIntegerField(_("matching run"), null=True, blank=True)
    recommendation_rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    recommendation_score = models.FloatField(_("match score"), null=True, blank=True)
    recommendation_explanation = models.JSONField(_("explanation"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "vacancy"],
                condition=models.Q(state__in=[s.value for s in OPEN_STATES]),
                name="application_one_open_per_seeker_and_vacancy"),
            models.CheckConstraint(
                condition=~models.Q(state=ApplicationState.REFUSED) | ~models.Q(refusal_reason=""),
                name="application_refusal_has_reason"),
        ]
        indexes = [models.Index(fields=["vacancy", "state"]),
                   models.Index(fields=["seeker", "state"])]

    def __str__(self) -> str:
        return f"{self.seeker_id} → {self.vacancy_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ApplicationTransition(TransitionLog):
    """One change of an application's state: who, when, from, to, why.

    ``name`` is the transition's in ``workflow.LIFECYCLE``, "create" for the first row.
    """

    application = models.ForeignKey(Application, verbose_name=_("application"),
                                    on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=12, choices=ApplicationState.choices,
                                  blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=ApplicationState.choices)

    class Meta:
        verbose_name = _("application transition")
        verbose_name_plural = _("application transitions")
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class Placement(models.Model):
    """A person in work: hired through an application, or found outside the platform
    and recorded by a counsellor."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="placements")
    application = models.OneToOneField(Application, verbose_name=_("application"), null=True,
                                       blank=True, on_delete=models.SET_NULL,
                                       related_name="placement")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="placements")
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="placements")
    # An outside employer that is not on the platform.
    employer_name = models.CharField(_("employer's name"), max_length=200, blank=True)
    occupation = models.ForeignKey(Concept, verbose_name=_("occupation"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    job_title = models.CharField(_("job title"), max_length=300, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=16,
                                     choices=ContractType.choices)
    hours = models.CharField(_("hours"), max_length=10, choices=Hours.choices)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    # Registered with social security / a written contract: decent, formal work.
    formal = models.BooleanField(_("registered, formal job"))
    wage_band = models.CharField(_("wage band"), max_length=16, choices=WageBand.choices,
                                 default=WageBand.NOT_KNOWN)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    through_platform = models.BooleanField(_("found through the platform"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["seeker", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employer__isnull=False) | ~models.Q(employer_name=""),
                name="placement_names_employer"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id} @ {self.employer_id or self.employer_name}"
