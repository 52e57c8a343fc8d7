"""Applications in plain words: where one came from, what each step did and why."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from decentwork.applications.actions import ObsoleteReason
from decentwork.applications.models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Origin,
    RefusalReason,
)

register = template.Library()

# The employer reads about their own candidates: "invited by you", not "by the employer".
ORIGIN_FOR_EMPLOYER = {
    Origin.SEEKER: _("Applied"),
    Origin.COUNSELLOR: _("Referred by a counsellor"),
    Origin.EMPLOYER: _("Invited by you"),
}
REASONS = {**dict(RefusalReason.choices), **dict(ObsoleteReason.choices)}


@register.filter
def origin_in_words(application: Application, for_employer: bool) -> str:
    if for_employer:
        return str(ORIGIN_FOR_EMPLOYER[Origin(application.origin)])
    return str(Origin(application.origin).label)


@register.filter
def transition_in_words(step: ApplicationTransition) -> str:
    """What a log row did, as the state it led to ("Interview planned")."""
    return str(ApplicationState(step.to_state).label)


@register.filter
def reason_in_words(step: ApplicationTransition) -> str:
    return str(REASONS.get(step.reason, step.reason))
