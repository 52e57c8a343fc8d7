"""Every write to a job seeker's record. Each action checks permission, owns its
transaction and leaves an audit entry; views, the API, jobs and tests call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.controlled_lists import (
    Accommodation,
    ContractType,
    Hours,
    TargetGroup,
    validate_choice_list,
)
from decentwork.network.models import Office
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    JobSeeker,
    SeekerSkill,
    WorkExperience,
)
from decentwork.taxonomy.models import Concept, ConceptKind


def can_edit_seeker(actor: User, seeker: JobSeeker) -> bool:
    return scope_of(actor).cares_for_seeker(seeker_id=seeker.pk, office_id=seeker.office_id,
                                            site_id=seeker.office.site_id)


def _require_edit(actor: User, seeker: JobSeeker) -> None:
    if not can_edit_seeker(actor, seeker):
        raise PermissionDenied(_("You may not change this job seeker's record."))


@transaction.atomic
def register_seeker(
    actor: User,
    *,
    office: Office,
    first_name: str,
    last_name: str,
    registered_on: dt.date | None = None,
    preferred_language: str = "en",
    birth_year: int | None = None,
    place: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> JobSeeker:
    scope = scope_of(actor)
    if not (scope.works_at_office(office.pk) or scope.administers_site(office.site_id)):
        raise PermissionDenied(_("You may only register job seekers at your own office."))
    if not first_name.strip():
        raise ValidationError({"first_name": _("Enter a first name.")})
    seeker = JobSeeker.objects.create(
        office=office, first_name=first_name.strip(), last_name=last_name.strip(),
        registered_on=registered_on or timezone.localdate(),
        preferred_language=preferred_language, birth_year=birth_year, place=place,
        latitude=latitude, longitude=longitude,
    )
    record(actor, "seekers.register_seeker", seeker)
    return seeker


@transaction.atomic
def update_preferences(
    actor: User,
    seeker: JobSeeker,
    *,
    preferred_hours: str,
    accepted_contracts: Iterable[str],
    commute_radius_km: int,
    accepts_remote: bool,
    accommodation_needs: Iterable[str],
) -> JobSeeker:
    _require_edit(actor, seeker)
    if preferred_hours not in Hours.values:
        raise ValidationError({"preferred_hours": _("Choose one of the listed hours.")})
    if not 0 <= commute_radius_km <= 500:
        raise ValidationError({"commute_radius_km": _("Enter a distance from 0 to 500 km.")})
    seeker.preferred_hours = preferred_hours
    seeker.accepted_contracts = validate_choice_list(
        list(accepted_contracts), ContractType, "accepted_contracts")
    seeker.commute_radius_km = commute_radius_km
    seeker.accepts_remote = accepts_remote
    seeker.accommodation_needs = validate_choice_list(
        list(accommodation_needs), Accommodation, "accommodation_needs")
    seeker.save(update_fields=["preferred_hours", "accepted_contracts", "commute_radius_km",
                               "accepts_remote", "accommodation_needs"])
    record(actor, "seekers.update_preferences", seeker)
    return seeker


@transaction.atomic
def set_target_occupation(actor: User, seeker: JobSeeker, occupation: Concept | None) -> None:
    """Record the occupation the person is looking for (``None`` clears it).

    Matching ranks vacancies in or near it first and counts it as a stated
    preference; without one, the occupation worked in longest stands in.
    """
    _require_edit(actor, seeker)
    if occupation is not None and occupation.kind != ConceptKind.OCCUPATION:
        raise ValidationError({"target_occupation": _(
            "Choose an occupation, not a skill or group.")})
    seeker.target_occupation = occupation
    seeker.save(update_fields=["target_occupation"])
    record(actor, "seekers.set_target_occupation", seeker)


@transaction.atomic
def add_work_experience(
    actor: User,
    seeker: JobSeeker,
    *,
    title: str,
    language: str = "",
    occupation: Concept | None = None,
    years: Decimal = Decimal(0),
    informal: bool = False,
) -> WorkExperience:
    _require_edit(actor, seeker)
    if not title.strip():
        raise ValidationError({"title": _("Describe the job in a few words.")})
    if occupation is not None and occupation.kind != ConceptKind.OCCUPATION:
        raise ValidationError({"occupation": _("Choose an occupation, not a skill or group.")})
    if not Decimal(0) <= years <= Decimal(80):
        raise ValidationError({"years": _("Enter a number of years from 0 to 80.")})
    experience = WorkExperience.objects.create(
        seeker=seeker, title=title.strip(), language=language, occupation=occupation,
        years=years, informal=informal,
    )
    record(actor, "seekers.add_work_experience", seeker, experience=experience.pk)
    return experience


@transaction.atomic
def add_skills(
    actor: User, seeker: JobSeeker, skills: Iterable[Concept],
    source: str = SeekerSkill.Source.SELF,
) -> int:
    """Add skills the seeker does not have yet; returns how many were added."""
    _require_edit(actor, seeker)
    wanted = list(skills)
    not_skills = [c.uri for c in wanted if c.kind != ConceptKind.SKILL]
    if not_skills:
        message = _("Not skills: %(uris)s") % {"uris": ", ".join(not_skills)}
        raise ValidationError({"skills": message})
    have = set(seeker.skills.values_list("skill_id", flat=True))
    new = [SeekerSkill(seeker=seeker, skill=c, source=source)
           for c in {c.pk: c for c in wanted}.values() if c.pk not in have]
    SeekerSkill.objects.bulk_create(new)
    record(actor, "seekers.add_skills", seeker, added=len(new))
    return len(new)


@transaction.atomic
def declare_target_group(actor: User, seeker: JobSeeker, group: str) -> None:
    """Record the person's consent for ``group`` and then the group itself.

    The consent row and the encrypted attribute are written together: a target
    group can never be stored without the consent that allows its use.
    """
    _require_edit(actor, seeker)
    if group not in TargetGroup.values:
        raise ValidationError({"group": _("Unknown target group.")})
    _grant(actor, seeker, group)
    seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
    groups = set((seeker.sensitive or {}).get("target_groups", []))
    groups.add(group)
    seeker.sensitive = {**(seeker.sensitive or {}), "target_groups": sorted(groups)}
    seeker.save(update_fields=["sensitive"])
    record(actor, "seekers.declare_target_group", seeker)


@transaction.atomic
def grant_consent(actor: User, seeker: JobSeeker, scope: str) -> Consent:
    """Consent that is not about a target group, e.g. being proposed to employers."""
    _require_edit(actor, seeker)
    if scope not in ConsentScope.values or scope in TargetGroup.values:
        raise ValidationError({"scope": _("Use declare_target_group for target groups.")})
    return _grant(actor, seeker, scope)


def _grant(actor: User, seeker: JobSeeker, scope: str) -> Consent:
    existing = Consent.objects.filter(seeker=seeker, scope=scope, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent.objects.create(seeker=seeker, scope=scope, granted_at=timezone.now(),
                                     recorded_by=actor)
    record(actor, "seekers.grant_consent", seeker, scope=scope)
    return consent


@transaction.atomic
def withdraw_consent(actor: User, seeker: JobSeeker, scope: str) -> None:
    """Withdraw a consent and erase what it covered."""
    _require_edit(actor, seeker)
    updated = Consent.objects.filter(seeker=seeker, scope=scope, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now())
    if not updated:
        raise ValidationError({"scope": _("There is no active consent for this.")})
    if scope in TargetGroup.values:
        seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        groups = set((seeker.sensitive or {}).get("target_groups", [])) - {scope}
        seeker.sensitive = {**(seeker.sensitive or {}), "target_groups": sorted(groups)}
        seeker.save(update_fields=["sensitive"])
    record(actor, "seekers.withdraw_consent", seeker, scope=scope)
