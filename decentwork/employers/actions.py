"""Every write to employers and vacancies (permission, transaction, audit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.controlled_lists import Accommodation, ContractType, Hours, validate_choice_list
from decentwork.employers.models import Employer, Vacancy, VacancySkill
from decentwork.network.models import Region
from decentwork.taxonomy.models import Concept, ConceptKind, Relevance


def can_manage_vacancies_of(actor: User, employer: Employer) -> bool:
    scope = scope_of(actor)
    return scope.acts_for_employer(employer.pk) or scope.administers_site(employer.site_id)


@transaction.atomic
def post_vacancy(
    actor: User,
    *,
    employer: Employer,
    region: Region,
    title: str,
    opens_on: dt.date,
    description: str = "",
    language: str = "en",
    occupation: Concept | None = None,
    essential_skills: Iterable[Concept] = (),
    optional_skills: Iterable[Concept] = (),
    place: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    remote: bool = False,
    hours: str = Hours.FULL_TIME,
    contract_type: str = ContractType.PERMANENT,
    openings: int = 1,
    accommodations: Iterable[str] = (),
    closes_on: dt.date | None = None,
) -> Vacancy:
    if not can_manage_vacancies_of(actor, employer):
        raise PermissionDenied(_("You may only post vacancies for your own organisation."))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter a job title.")
    if region.site_id != employer.site_id:
        errors["region"] = _("Choose a region of your own site.")
    if hours not in Hours.values:
        errors["hours"] = _("Choose one of the listed hours.")
    if contract_type not in ContractType.values:
        errors["contract_type"] = _("Choose one of the listed contract types.")
    if not 1 <= openings <= 1000:
        errors["openings"] = _("Enter a number of openings from 1 to 1000.")
    if closes_on is not None and closes_on < opens_on:
        errors["closes_on"] = _("The closing date must be on or after the opening date.")
    if occupation is not None and occupation.kind != ConceptKind.OCCUPATION:
        errors["occupation"] = _("Choose an occupation, not a skill or group.")
    essential, optional = list(essential_skills), list(optional_skills)
    if any(c.kind != ConceptKind.SKILL for c in essential + optional):
        errors["essential_skills"] = _("Only skills can be required.")
    if errors:
        raise ValidationError(errors)
    vacancy = Vacancy.objects.create(
        employer=employer, region=region, title=title.strip(), description=description,
        language=language, occupation=occupation, place=place, latitude=latitude,
        longitude=longitude, remote=remote, hours=hours, contract_type=contract_type,
        openings=openings,
        accommodations=validate_choice_list(list(accommodations), Accommodation, "accommodations"),
        opens_on=opens_on, closes_on=closes_on,
    )
    essential_ids = {c.pk for c in essential}
    VacancySkill.objects.bulk_create(
        [VacancySkill(vacancy=vacancy, skill=c, relevance=Relevance.ESSENTIAL) for c in essential]
        + [VacancySkill(vacancy=vacancy, skill=c, relevance=Relevance.OPTIONAL)
           for c in optional if c.pk not in essential_ids],
        ignore_conflicts=True,
    )
    record(actor, "employers.post_vacancy", vacancy)
    return vacancy


@transaction.atomic
def close_vacancy(actor: User, vacancy: Vacancy, on: dt.date | None = None) -> Vacancy:
    if not can_manage_vacancies_of(actor, vacancy.employer):
        raise PermissionDenied(_("You may only close your own organisation's vacancies."))
    day = on or timezone.localdate()
    vacancy.closes_on = max(day, vacancy.opens_on)
    vacancy.save(update_fields=["closes_on"])
    record(actor, "employers.close_vacancy", vacancy)
    return vacancy
