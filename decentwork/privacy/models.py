"""A person's request to be erased, and its life.

The request waits out a grace period (``PRIVACY_ERASURE_GRACE_DAYS``) during which
the person may cancel it; then ``actions.erase_due`` carries it out. The row stays
afterwards as the record that the erasure happened (it names only the anonymised
seeker record and dates).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.lifecycle import TransitionLog
from decentwork.seekers.models import JobSeeker


class ErasureState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CANCELLED = "cancelled", _("Cancelled")
    CARRIED_OUT = "carried_out", _("Carried out")


class ErasureRequest(models.Model):
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="erasure_requests")
    state = models.CharField(_("state"), max_length=12, choices=ErasureState.choices,
                             default=ErasureState.REQUESTED, db_index=True)
    requested_at = models.DateTimeField(_("requested at"))
    # The end of the grace period: the erasure is carried out at the first run after it.
    due_at = models.DateTimeField(_("due at"), db_index=True)
    # When it was cancelled or carried out.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seeker"],
                                    condition=models.Q(state="requested"),
                                    name="privacy_one_open_erasure_per_seeker"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.state} (due {self.due_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.state == ErasureState.REQUESTED


class ErasureTransition(TransitionLog):
    """One change of a request's state: who, when, from, to.

    ``name`` is the transition's in ``workflow.LIFECYCLE``, "request" for the first row.
    """

    request = models.ForeignKey(ErasureRequest, verbose_name=_("erasure request"),
                                on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=12, choices=ErasureState.choices,
                                  blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=ErasureState.choices)

    class Meta:
        verbose_name = _("erasure request transition")
        verbose_name_plural = _("erasure request transitions")
        ordering = ["request", "at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state} → {self.to_state}"

