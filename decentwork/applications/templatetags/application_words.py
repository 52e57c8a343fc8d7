"""Applications in plain words: where one came from, what each step did and why."""

from __future__ import annotations

import enum

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

# The employer and the person read about themselves: "invited by you", "you applied".
ORIGIN_FOR_EMPLOYER = {
    Origin.SEEKER: _("Applied"),
    Origin.COUNSELLOR: _("Referred by a counsellor"),
    Origin.EMPLOYER: _("Invited by you"),
}
ORIGIN_FOR_SEEKER = {
    Origin.SEEKER: _("You applied"),
    Origin.COUNSELLOR: _("Your counsellor proposed you"),
    Origin.EMPLOYER: _("The employer invited you"),
}
REASONS = {**dict(RefusalReason.choices), **dict(ObsoleteReason.choices)}


class Reader(enum.Enum):
    EMPLOYER = "employer"
    SEEKER = "seeker"
    OTHER = "other"


def origin_words(application: Application, reader: Reader) -> str:
    origin = Origin(application.origin)
    if reader is Reader.EMPLOYER:
        return str(ORIGIN_FOR_EMPLOYER[origin])
    if reader is Reader.SEEKER:
        return str(ORIGIN_FOR_SEEKER[origin])
    return str(origin.label)


@register.filter
def origin_in_words(application: Application, for_employer: bool) -> str:
    return origin_words(application, Reader.EMPLOYER if for_employer else Reader.OTHER)


@register.filter
def transition_in_words(step: ApplicationTransition) -> str:
    """What a log row did, as the state it led to ("Interview planned")."""
    return str(ApplicationState(step.to_state).label)


@register.filter
def reason_in_words(step: ApplicationTransition) -> str:
    return str(REASONS.get(step.reason, step.reason))
