"""What recommendations does when something it keeps a copy of changes in another app."""

from __future__ import annotations

from typing import Any

from decentwork.recommendations.actions import forget_withdrawn_consent
from decentwork.seekers.models import JobSeeker


def forget_consent_in_runs(sender: type[JobSeeker], *, seeker: JobSeeker, scope: str,
                           **kwargs: Any) -> None:
    """``seekers.signals.consent_withdrawn``: stored runs forget it at once."""
    forget_withdrawn_consent(seeker.pk, scope)
