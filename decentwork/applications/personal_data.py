"""The personal data of applications and placements (see ``decentwork.personal_data``).

Applications, their history and placements stay: they are what the outcome figures
count (applications, hires, placements by contract and wage band). Free text goes.
"""

from __future__ import annotations

from decentwork.personal_data import AnonymisedRows, Declaration, Erasure, Subject

_TRANSITION = {"name": Erasure.KEEP, "from_state": Erasure.KEEP, "to_state": Erasure.KEEP,
               "actor": Erasure.KEEP, "at": Erasure.KEEP, "reason": Erasure.KEEP,
               "note": Erasure.BLANK}

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "applications.Application", Subject.SEEKER, "seeker",
        fields={
            "vacancy": Erasure.KEEP, "origin": Erasure.KEEP, "state": Erasure.KEEP,
            "created_by": Erasure.KEEP, "created_at": Erasure.KEEP,
            "updated_at": Erasure.KEEP, "refusal_reason": Erasure.KEEP,
            "recommendation_run_id": Erasure.KEEP, "recommendation_rank": Erasure.KEEP,
            "recommendation_score": Erasure.KEEP,
            "message": Erasure.BLANK,
            "refusal_text": Erasure.BLANK,
            # The skills matched and missing: the person's profile, copied.
            "recommendation_explanation": Erasure.BLANK,
        },
    ),
    AnonymisedRows("applications.ApplicationTransition", Subject.SEEKER,
                   "application__seeker", fields=_TRANSITION),
    AnonymisedRows(
        "applications.Placement", Subject.SEEKER, "seeker",
        fields={
            "application": Erasure.KEEP, "vacancy": Erasure.KEEP, "employer": Erasure.KEEP,
            # Where someone works tells who they are; a placement must still name an
            # employer (a constraint), so an outside one is redacted, not emptied.
            "employer_name": Erasure.REDACTED,
            "occupation": Erasure.KEEP, "job_title": Erasure.BLANK,
            "contract_type": Erasure.KEEP, "hours": Erasure.KEEP,
            "hours_per_week": Erasure.KEEP, "formal": Erasure.KEEP,
            "wage_band": Erasure.KEEP, "start_date": Erasure.KEEP, "end_date": Erasure.KEEP,
            "through_platform": Erasure.KEEP, "recorded_by": Erasure.KEEP,
            "recorded_at": Erasure.KEEP,
        },
    ),
]
