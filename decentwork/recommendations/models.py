"""Batch matching runs and the recommendations they store (ADR 0010).

A run matches every active job seeker of one labour-market region against the
region's open vacancies. Its region-wide inputs (the vacancy snapshot and the
congestion prices) are computed once and stored with the run; its seekers are
cut into chunks, each a self-contained unit of work that a worker may redo at
any time with the same result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.employers.models import Vacancy
from decentwork.encryption import SealedBinaryField
from decentwork.network.models import Region
from decentwork.seekers.models import JobSeeker


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Queued or running: a region has at most one such run at a time.
ACTIVE_RUN_STATUSES = (RunStatus.PENDING, RunStatus.RUNNING)


class MatchingRun(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("labour-market region"),
                               on_delete=models.PROTECT, related_name="matching_runs")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # The day vacancies must be open on: fixed at the start so that every chunk,
    # whenever it runs or reruns, answers the same question.
    as_of = models.DateField(_("matching day"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.PENDING, db_index=True)
    # Everything that shaped the result: list length, weights, congestion and
    # fairness settings, and what the region-wide fit learned (reservations...).
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    chunk_size = models.PositiveIntegerField(_("seekers per chunk"))
    prepared_at = models.DateTimeField(_("prepared at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-id"]
        indexes = [models.Index(fields=["region", "status"])]
        constraints = [
            # Two starts at the same moment cannot both pass the start action's check:
            # the database refuses the second run (``actions.start_matching_run``).
            models.UniqueConstraint(fields=["region"],
                                    condition=models.Q(status__in=ACTIVE_RUN_STATUSES),
                                    name="one_active_run_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.as_of} ({self.status})"


class MatchingRunInputs(models.Model):
    """What a run computes once for the whole region, so chunks stay independent:
    the vacancy table as of the run day and the congestion prices (an ``.npz``)."""

    run = models.OneToOneField(MatchingRun, verbose_name=_("matching run"),
                               on_delete=models.CASCADE, primary_key=True,
                               related_name="inputs")
    vacancies = models.BinaryField(_("vacancy snapshot"))

    class Meta:
        verbose_name = _("matching run inputs")
        verbose_name_plural = _("matching run inputs")

    def __str__(self) -> str:
        return f"inputs of run {self.run_id}"


class RunChunk(models.Model):
    """A slice of consecutive seeker ids of a run: the unit of work of one task."""

    run = models.ForeignKey(MatchingRun, verbose_name=_("matching run"),
                            on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField(_("number"))
    seeker_ids = models.JSONField(_("job seekers"), default=list)
    # The id range lets "which chunk holds seeker S?" be one indexed query on any database.
    first_seeker_id = models.BigIntegerField(_("first job seeker"))
    last_seeker_id = models.BigIntegerField(_("last job seeker"))
    # The chunk's seeker table as prepared (consented target groups included),
    # sealed with the field-encryption keys like other sensitive attributes.
    seekers_sealed = SealedBinaryField(_("sealed seeker snapshot"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("run chunk")
        verbose_name_plural = _("run chunks")
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"],
                                               name="run_chunk_unique_number")]
        indexes = [models.Index(fields=["run", "first_seeker_id", "last_seeker_id"])]

    def __str__(self) -> str:
        return f"run {self.run_id} chunk {self.number}"


class Recommendation(models.Model):
    """One vacancy in one seeker's ranked list, with the engine's explanation."""

    run = models.ForeignKey(MatchingRun, verbose_name=_("matching run"),
                            on_delete=models.CASCADE, related_name="recommendations")
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"),
                               on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE,
                                related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("match score"))
    # Equal to the score for plain top-k; adjusted for congestion and fairness otherwise.
    ranking_score = models.FloatField(_("ranking score"))
    # Component values and contributions, matched and missing skills (ESCO URIs).
    explanation = models.JSONField(_("explanation"), default=dict)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["run", "seeker", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "seeker", "vacancy"],
                                    name="recommendation_unique_pair"),
            models.UniqueConstraint(fields=["run", "seeker", "rank"],
                                    name="recommendation_unique_rank"),
        ]
        # A vacancy's candidates best first (access.candidates_for_vacancy): a page of
        # a popular vacancy reads 50 index entries, not its tens of thousands of rows.
        indexes = [models.Index(fields=["run", "vacancy", "-score", "seeker"],
                                name="recommendation_candidate_order")]

    def __str__(self) -> str:
        return f"run {self.run_id}: seeker {self.seeker_id} #{self.rank} vacancy {self.vacancy_id}"


class NoCloseMatch(models.Model):
    """A seeker of a run with no vacancy above the relevance floor (ADR 0008), and the
    nearest occupations that have open vacancies in the region, instead of a list of
    unrelated jobs.

    ``nearest_occupations`` holds, nearest first, per occupation: its concept id, how
    many vacancies are open, its nearest vacancy and that vacancy's explanation
    (skills held and missing as ESCO URIs, the reasons it is not shown as codes).
    Computed with the run's own inputs; written and replaced with the chunk's rows.
    """

    run = models.ForeignKey(MatchingRun, verbose_name=_("matching run"),
                            on_delete=models.CASCADE, related_name="without_close_match")
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"),
                               on_delete=models.CASCADE, related_name="+")
    nearest_occupations = models.JSONField(_("nearest occupations"), default=list)

    class Meta:
        verbose_name = _("job seeker without a close match")
        verbose_name_plural = _("job seekers without a close match")
        ordering = ["run", "seeker"]
        constraints = [models.UniqueConstraint(fields=["run", "seeker"],
                                               name="no_close_match_unique_seeker")]

    def __str__(self) -> str:
        return f"run {self.run_id}: seeker {self.seeker_id} has no close match"
