"""The plan steps an assessment proposes for the barriers it records.

A pure proposal: nothing is written. The plan page shows it pre-filled so that the
counsellor agrees the steps with the person (and changes what does not fit).
Titles are plain language in the person's own language: they read them on their
own page, and the counsellor agrees them with the person in that language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from decentwork.casework.models import Barrier, Severity, StepOwner, StepType

if TYPE_CHECKING:
    from decentwork.casework.models import Assessment

# How long after the assessment a proposed step falls due.
FIRST_WEEKS = dt.timedelta(weeks=2)
COURSE_WEEKS = dt.timedelta(weeks=8)
JOB_SEARCH_WEEKS = dt.timedelta(weeks=4)


@dataclass(frozen=True)
class StepInput:
    """One step to agree: what the forms and the API hand to ``actions.agree_plan``."""

    step_type: str
    title: str
    owner: str
    due_on: dt.date
    barrier: str = ""
    programme_id: int | None = None


def _step_for(barrier: str, severity: str, start: dt.date) -> StepInput:
    soon = start + FIRST_WEEKS
    if barrier == Barrier.CHILDCARE:
        return StepInput(StepType.SERVICE_REFERRAL,
                         _("Find childcare with the help of the childcare service"),
                         StepOwner.SEEKER, soon, barrier)
    if barrier == Barrier.LANGUAGE:
        return StepInput(StepType.TRAINING_COURSE, _("Take a language course"),
                         StepOwner.SEEKER, start + COURSE_WEEKS, barrier)
    if barrier == Barrier.DIGITAL_SKILLS:
        return StepInput(StepType.TRAINING_COURSE,
                         _("Take a course in using a computer and a phone for work"),
                         StepOwner.SEEKER, start + COURSE_WEEKS, barrier)
    if barrier == Barrier.TRANSPORT:
        return StepInput(StepType.SERVICE_REFERRAL,
                         _("Ask the transport service about help with travel costs"),
                         StepOwner.SEEKER, soon, barrier)
    if barrier == Barrier.HEALTH:
        if severity == Severity.SEVERE:
            return StepInput(StepType.JOB_COACH,
                             _("Find a job coach who supports work with a health condition"),
                             StepOwner.COUNSELLOR, soon, barrier)
        return StepInput(StepType.SERVICE_REFERRAL,
                         _("See the health service about what work suits you"),
                         StepOwner.SEEKER, soon, barrier)
    if barrier == Barrier.HOUSING:
        return StepInput(StepType.SERVICE_REFERRAL,
                         _("Contact the housing service about a place to live"),
                         StepOwner.COUNSELLOR, soon, barrier)
    if barrier == Barrier.DEBT:
        return StepInput(StepType.SERVICE_REFERRAL,
                         _("Get advice on debts from the debt advice service"),
                         StepOwner.COUNSELLOR, soon, barrier)
    return StepInput(StepType.SERVICE_REFERRAL,
                     _("Get advice on your papers and your right to work"),
                     StepOwner.COUNSELLOR, soon, barrier)


def propose_steps(barriers: list[tuple[str, str]], start: dt.date) -> list[StepInput]:
    """One step for each (barrier, severity), in the order of the controlled list,
    then always one job search step."""
    order = {value: i for i, value in enumerate(Barrier.values)}
    steps = [_step_for(barrier, severity, start)
             for barrier, severity in sorted(barriers, key=lambda b: order.get(b[0], 99))
             if barrier in order]
    steps.append(StepInput(StepType.JOB_SEARCH,
                           _("Apply for at least three jobs that suit you"),
                           StepOwner.SEEKER, start + JOB_SEARCH_WEEKS))
    return steps


def proposed_steps(assessment: Assessment, *, start: dt.date | None = None) -> list[StepInput]:
    """The steps the assessment's barriers propose, due counted from ``start``
    (the day of the assessment unless given)."""
    barriers = [(b.barrier, b.severity) for b in assessment.barriers.all()]
    with translation.override(assessment.seeker.preferred_language):
        return propose_steps(barriers, start or assessment.assessed_on)
