"""The personal data of job seekers (see ``decentwork.personal_data``).

The record itself stays, anonymised: its office, status and registration day are
what the site's figures count (people looking for work, in work, time to placement).
Everything that says who the person is, or what they can do and need, goes.
"""

from __future__ import annotations

from decentwork.personal_data import (
    AnonymisedRows,
    Declaration,
    DeletedRows,
    Erasure,
    Mentions,
    Subject,
)

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "seekers.JobSeeker", Subject.SEEKER, "pk",
        fields={
            "office": Erasure.KEEP,
            "user": Erasure.KEEP,
            "status": Erasure.KEEP,
            "registered_on": Erasure.KEEP,
            "first_name": Erasure.PLACEHOLDER,
            "last_name": Erasure.BLANK,
            "birth_year": Erasure.BLANK,
            "gender": Erasure.BLANK,
            "preferred_language": Erasure.BLANK,
            "place": Erasure.BLANK,
            "latitude": Erasure.BLANK,
            "longitude": Erasure.BLANK,
            "education_level": Erasure.BLANK,
            "target_occupation": Erasure.BLANK,
            "preferred_hours": Erasure.BLANK,
            "accepted_contracts": Erasure.BLANK,
            "commute_radius_km": Erasure.BLANK,
            "accepts_remote": Erasure.BLANK,
            "sensitive": Erasure.BLANK,
            "profile_changed_at": Erasure.BLANK,
        },
        sensitive=("sensitive",),
    ),
    DeletedRows("seekers.SpokenLanguage", Subject.SEEKER, "seeker",
                fields=("language", "level")),
    DeletedRows("seekers.WorkExperience", Subject.SEEKER, "seeker",
                fields=("title", "language", "occupation", "years", "informal")),
    DeletedRows("seekers.SeekerSkill", Subject.SEEKER, "seeker",
                fields=("skill", "source", "inferred_relevance")),
    DeletedRows("seekers.SkillInference", Subject.SEEKER, "experience__seeker",
                fields=("skill", "relevance", "declined")),
    DeletedRows(
        "seekers.Consent", Subject.SEEKER, "seeker",
        fields=("scope", "granted_at", "recorded_by", "withdrawn_at"),
        why="Once the data they covered is gone, a consent for a target group would "
            "itself tell the group.",
    ),
    AnonymisedRows(
        "seekers.StatusChange", Subject.SEEKER, "seeker",
        fields={"from_status": Erasure.KEEP, "to_status": Erasure.KEEP,
                "reason": Erasure.KEEP, "at": Erasure.KEEP, "effective_on": Erasure.KEEP,
                "changed_by": Erasure.KEEP, "note": Erasure.BLANK},
        why="Time to placement and retention are computed from these.",
    ),
    DeletedRows(
        "seekers.Invitation", Subject.SEEKER, "seeker",
        fields=("office", "email", "invited_by", "created_at", "expires_at", "accepted_at"),
        unexported=("token_hash",),
    ),
    Mentions("seekers.Invitation", ("email",),
             why="An invitation to sign up keeps the address it was sent to and no record."),
]
