"""Controlled lists shared by seekers, vacancies and the matching engine.

The values (not the translated labels) are stored and sent to the engine, so they
must never be renamed without a data migration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Accommodation(models.TextChoices):
    STEP_FREE_ACCESS = "step_free_access", _("Step-free access")
    SCREEN_READER_SUPPORT = "screen_reader_support", _("Screen reader support")
    SIGN_LANGUAGE_INTERPRETATION = "sign_language_interpretation", _("Sign language interpretation")
    FLEXIBLE_HOURS = "flexible_hours", _("Flexible hours")
    REMOTE_WORK = "remote_work", _("Remote work")
    QUIET_WORKSPACE = "quiet_workspace", _("Quiet workspace")
    ADAPTED_EQUIPMENT = "adapted_equipment", _("Adapted equipment")
    JOB_COACH = "job_coach", _("Job coach")
    CHILDCARE_SUPPORT = "childcare_support", _("Childcare support")


class Hours(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    FLEXIBLE = "flexible", _("Flexible")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    TEMPORARY = "temporary", _("Temporary")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    INTERNSHIP = "internship", _("Internship")


class TargetGroup(models.TextChoices):
    """Groups a programme serves with particular care. Sensitive: stored encrypted,
    usable only with the person's recorded consent (ADR 0004)."""

    DISABILITY = "disability", _("Person with a disability")
    YOUTH = "youth", _("Young person")
    WOMAN_RETURNER = "woman_returner", _("Woman returning to work")
    REFUGEE = "refugee", _("Refugee")
    MIGRANT_WORKER = "migrant_worker", _("Migrant worker")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social-assistance recipient")


class EducationLevel(models.TextChoices):
    """ISCED 2011 levels."""

    NONE = "isced0", _("Early childhood or no formal education")
    PRIMARY = "isced1", _("Primary education")
    LOWER_SECONDARY = "isced2", _("Lower secondary education")
    UPPER_SECONDARY = "isced3", _("Upper secondary education")
    POST_SECONDARY = "isced4", _("Post-secondary non-tertiary education")
    SHORT_TERTIARY = "isced5", _("Short-cycle tertiary education")
    BACHELOR = "isced6", _("Bachelor's or equivalent")
    MASTER = "isced7", _("Master's or equivalent")
    DOCTORATE = "isced8", _("Doctoral or equivalent")


def validate_choice_list(
    values: object, choices: type[models.TextChoices], field: str
) -> list[str]:
    """Return ``values`` as a sorted, de-duplicated list, or raise naming the field."""
    from django.core.exceptions import ValidationError

    if not isinstance(values, list | tuple | set | frozenset):
        raise ValidationError({field: _("Expected a list.")})
    allowed = set(choices.values)
    unknown = sorted(str(v) for v in values if v not in allowed)
    if unknown:
        raise ValidationError(
            {field: _("Unknown value(s): %(values)s.") % {"values": ", ".join(unknown)}}
        )
    return sorted({str(v) for v in values})


class WageBand(models.TextChoices):
    """Pay relative to the country's legal minimum wage, so that bands compare across
    sites with different currencies and minimums."""

    BELOW_MINIMUM = "below_minimum", _("Below the minimum wage")
    MINIMUM = "minimum", _("About the minimum wage")
    UP_TO_1_5 = "up_to_1_5", _("Up to 1.5 times the minimum wage")
    UP_TO_2 = "up_to_2", _("1.5 to 2 times the minimum wage")
    ABOVE_2 = "above_2", _("More than 2 times the minimum wage")
    NOT_KNOWN = "not_known", _("Not known")
