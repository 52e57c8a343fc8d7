"""Scoped reads of employers and vacancies.

Vacancies are visible across the offices of the labour-market region they are
posted in: staff and job seekers of that region's offices see them. Employer users
see their own organisation's vacancies.
"""

from __future__ import annotations

from django.http import Http404

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.employers.models import Employer, Vacancy, VacancyQuerySet


def vacancies_for(user: User) -> VacancyQuerySet:
    scope = scope_of(user)
    vacancies = Vacancy.objects.select_related("employer", "region")
    if scope.is_employer_user and scope.employer_id is not None:
        return vacancies.filter(employer_id=scope.employer_id)
    if (scope.is_staff_of_office or scope.is_job_seeker) and scope.region_id:
        return vacancies.filter(region_id=scope.region_id)
    if scope.is_administrator:
        if scope.site_id is None:
            return vacancies
        return vacancies.filter(region__site_id=scope.site_id)
    return vacancies.none()


def access_vacancy(user: User, vacancy_id: int) -> Vacancy:
    """The vacancy for this user, or the same 404 whether it is missing or not theirs."""
    try:
        return vacancies_for(user).get(pk=vacancy_id)
    except Vacancy.DoesNotExist:
        raise Http404("No such vacancy") from None


def employer_of(user: User) -> Employer:
    """The employer organisation an employer user acts for (404 for anyone else)."""
    scope = scope_of(user)
    if not scope.is_employer_user or scope.employer_id is None:
        raise Http404("Not an employer user")
    return Employer.objects.get(pk=scope.employer_id)
