"""Case notes about a job seeker, with a confidentiality level; every read of a
confidential note is audited.

The text is sealed at rest (``decentwork.encryption``): the database and its backups
never hold it in plain words. Only the staff of the person's office and the site's
administrators read notes; employers, analysts and the person do not see them here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.encryption import EncryptedJSONField
from decentwork.seekers.models import JobSeeker


class Confidentiality(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    # Health, violence, debts, legal trouble: every read leaves an audit entry.
    CONFIDENTIAL = "confidential", _("Confidential")


class CaseNote(models.Model):
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(_("written at"))
    # A JSON string, sealed: read it as ``note.text`` (a str).
    text = EncryptedJSONField(_("text"))
    confidentiality = models.CharField(_("confidentiality"), max_length=12,
                                       choices=Confidentiality.choices,
                                       default=Confidentiality.ORDINARY)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["seeker", "written_at"])]

    def __str__(self) -> str:
        return f"{self.seeker_id} @ {self.written_at:%Y-%m-%d} ({self.confidentiality})"

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL
