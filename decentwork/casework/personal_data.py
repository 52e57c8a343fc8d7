"""The personal data of casework (see ``decentwork.personal_data``).

Assessments, plans, steps and programme places stay, with their dates and states:
programme evaluation and the barrier counts use them. What was written about the
person, or in their words, goes.
"""

from __future__ import annotations

from decentwork.personal_data import AnonymisedRows, Declaration, Erasure, Subject

_TRANSITION = {"name": Erasure.KEEP, "from_state": Erasure.KEEP, "to_state": Erasure.KEEP,
               "actor": Erasure.KEEP, "at": Erasure.KEEP, "reason": Erasure.KEEP,
               "note": Erasure.BLANK}

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "casework.Assessment", Subject.SEEKER, "seeker",
        fields={"assessed_on": Erasure.KEEP, "assessed_by": Erasure.KEEP,
                "recorded_at": Erasure.KEEP, "employment_history": Erasure.BLANK,
                "goals": Erasure.BLANK},
    ),
    AnonymisedRows(
        "casework.AssessedBarrier", Subject.SEEKER, "assessment__seeker",
        fields={"barrier": Erasure.KEEP, "severity": Erasure.KEEP, "note": Erasure.BLANK},
    ),
    AnonymisedRows(
        "casework.ActionPlan", Subject.SEEKER, "seeker",
        fields={"starts_on": Erasure.KEEP, "agreed_on": Erasure.KEEP,
                "agreed_by": Erasure.KEEP, "closed_at": Erasure.KEEP},
    ),
    AnonymisedRows(
        "casework.PlanStep", Subject.SEEKER, "plan__seeker",
        fields={"step_type": Erasure.KEEP, "owner": Erasure.KEEP, "due_on": Erasure.KEEP,
                "state": Erasure.KEEP, "barrier": Erasure.KEEP, "programme": Erasure.KEEP,
                "title": Erasure.BLANK},
    ),
    AnonymisedRows("casework.PlanStepTransition", Subject.SEEKER, "step__plan__seeker",
                   fields=_TRANSITION),
    AnonymisedRows(
        "casework.Participation", Subject.SEEKER, "seeker",
        fields={"programme": Erasure.KEEP, "plan_step": Erasure.KEEP, "state": Erasure.KEEP,
                "offered_on": Erasure.KEEP, "enrolled_on": Erasure.KEEP,
                "ended_on": Erasure.KEEP, "certificate": Erasure.BLANK,
                "drop_out_reason": Erasure.BLANK},
    ),
    AnonymisedRows("casework.ParticipationTransition", Subject.SEEKER,
                   "participation__seeker", fields=_TRANSITION),
]
