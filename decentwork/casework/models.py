"""Casework: the needs assessment, the action plan agreed with the person and their
participation in the site's programmes (issue 17).

Offices and their staff live in ``network``; training programmes in ``programmes``.
Each life with states (a plan step, a participation) keeps a log row for every
change; ``workflow.py`` lists the transitions as data and ``actions.py`` applies them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decentwork.lifecycle import TransitionLog
from decentwork.programmes.models import TrainingProgramme
from decentwork.seekers.models import JobSeeker


class Barrier(models.TextChoices):
    """What stands between the person and work: a controlled list."""

    CHILDCARE = "childcare", _("Childcare")
    TRANSPORT = "transport", _("Transport")
    LANGUAGE = "language", _("Language")
    HEALTH = "health", _("Health")
    DIGITAL_SKILLS = "digital_skills", _("Digital skills")
    HOUSING = "housing", _("Housing")
    DEBT = "debt", _("Debt")
    LEGAL_STATUS = "legal_status", _("Legal status")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class Assessment(models.Model):
    """One needs assessment; a new one is recorded when things change, the old ones
    stay as the history."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessed by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    employment_history = models.TextField(_("employment history"), blank=True)
    # The person's own words.
    goals = models.TextField(_("goals"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.seeker_id} @ {self.assessed_on}"


class AssessedBarrier(models.Model):
    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"),
                                   on_delete=models.CASCADE, related_name="barriers")
    barrier = models.CharField(_("barrier"), max_length=20, choices=Barrier.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("assessed barrier")
        verbose_name_plural = _("assessed barriers")
        ordering = ["assessment", "barrier"]
        constraints = [models.UniqueConstraint(fields=["assessment", "barrier"],
                                               name="casework_one_barrier_per_assessment")]

    def __str__(self) -> str:
        return f"{self.barrier} ({self.severity})"


class ActionPlan(models.Model):
    """The plan agreed with the person; at most one open plan per seeker (agreeing a
    new plan closes the old one)."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="action_plans")
    starts_on = models.DateField(_("starts on"))
    agreed_on = models.DateField(_("agreed on"))
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agreed by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-agreed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["seeker"],
                                               condition=Q(closed_at__isnull=True),
                                               name="casework_one_open_plan_per_seeker")]

    def __str__(self) -> str:
        return f"{self.seeker_id} from {self.starts_on}"


class StepType(models.TextChoices):
    JOB_SEARCH = "job_search", _("Job search")
    TRAINING_COURSE = "training_course", _("Training course")
    ENTREPRENEURSHIP_COURSE = "entrepreneurship_course", _("Entrepreneurship course")
    INTERNSHIP = "internship", _("Internship")
    COACHING = "coaching", _("Coaching")
    JOB_COACH = "job_coach", _("Job coach")
    SERVICE_REFERRAL = "service_referral", _("Referral to a service")


class StepOwner(models.TextChoices):
    SEEKER = "seeker", _("The job seeker")
    COUNSELLOR = "counsellor", _("The counsellor")


class StepState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanStep(models.Model):
    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE,
                             related_name="steps")
    step_type = models.CharField(_("type"), max_length=30, choices=StepType.choices)
    # Plain language: the person reads it on their own page.
    title = models.CharField(_("what"), max_length=300)
    owner = models.CharField(_("who"), max_length=12, choices=StepOwner.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    state = models.CharField(_("state"), max_length=12, choices=StepState.choices,
                             default=StepState.PLANNED, db_index=True)
    barrier = models.CharField(_("barrier"), max_length=20, choices=Barrier.choices,
                               blank=True)
    programme = models.ForeignKey(TrainingProgramme, verbose_name=_("programme"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["plan", "due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.state == StepState.DONE


class PlanStepTransition(TransitionLog):
    """One change of a step's state: who, when, from, to, why.

    ``name`` is the transition's in ``workflow.STEP_LIFECYCLE``, "create" for the
    first row.
    """

    step = models.ForeignKey(PlanStep, verbose_name=_("plan step"), on_delete=models.CASCADE,
                             related_name="transitions")
    from_state = models.CharField(_("from"), max_length=12, choices=StepState.choices,
                                  blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=StepState.choices)

    class Meta:
        verbose_name = _("plan step transition")
        verbose_name_plural = _("plan step transitions")
        ordering = ["step", "at", "id"]

    def __str__(self) -> str:
        return f"{self.step_id}: {self.from_state} → {self.to_state}"


class ParticipationState(models.TextChoices):
    OFFERED = "offered", _("Offered a place")
    DECLINED = "declined", _("Declined")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class Participation(models.Model):
    """A place in a programme: who was offered one and who took it (the data that
    programme evaluation uses)."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="participations")
    programme = models.ForeignKey(TrainingProgramme, verbose_name=_("programme"),
                                  on_delete=models.PROTECT, related_name="participations")
    plan_step = models.ForeignKey(PlanStep, verbose_name=_("plan step"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="participations")
    state = models.CharField(_("state"), max_length=12, choices=ParticipationState.choices,
                             default=ParticipationState.OFFERED, db_index=True)
    offered_on = models.DateField(_("offered on"))
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    certificate = models.CharField(_("certificate"), max_length=300, blank=True)
    drop_out_reason = models.TextField(_("reason for dropping out"), blank=True)

    class Meta:
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        ordering = ["-offered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.seeker_id} in {self.programme_id}: {self.state}"


class ParticipationTransition(TransitionLog):
    """One change of a place's state: who, when, from, to, why.

    ``name`` is the transition's in ``workflow.PARTICIPATION_LIFECYCLE``, "offer" for
    the first row.
    """

    participation = models.ForeignKey(Participation, verbose_name=_("participation"),
                                      on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=12,
                                  choices=ParticipationState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=ParticipationState.choices)

    class Meta:
        verbose_name = _("participation transition")
        verbose_name_plural = _("participation transitions")
        ordering = ["participation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.from_state} → {self.to_state}"
