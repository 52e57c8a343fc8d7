"""Scoped reads of applications, placements and a seeker's status history.

A job seeker sees their own applications; the staff of an office see those of the
office's seekers; an employer's users see the applications to the employer's
vacancies; an administrator sees their site (or every site). Analysts see counts
elsewhere, never a person's application here. Lists come with the rows a list page
shows already joined, so a page makes the same few queries for 3 or 300 rows.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.models import (
    OPEN_STATES,
    Application,
    ApplicationTransition,
    Placement,
)
from decentwork.employers.models import Vacancy
from decentwork.seekers.access import seekers_for
from decentwork.seekers.models import JobSeeker, StatusChange


def applications_for(user: User) -> QuerySet[Application]:
    scope = scope_of(user)
    applications = Application.objects.select_related(
        "seeker", "seeker__office", "vacancy", "vacancy__employer")
    if scope.is_job_seeker and scope.seeker_id is not None:
        return applications.filter(seeker_id=scope.seeker_id)
    if scope.is_staff_of_office and scope.office_id is not None:
        return applications.filter(seeker__office_id=scope.office_id)
    if scope.is_employer_user and scope.employer_id is not None:
        return applications.filter(vacancy__employer_id=scope.employer_id)
    if scope.is_administrator:
        if scope.site_id is None:
            return applications
        return applications.filter(seeker__office__site_id=scope.site_id)
    return applications.none()


def access_application(user: User, application_id: int) -> Application:
    """The application for this user, or the same 404 whether it is missing or not theirs."""
    try:
        return applications_for(user).get(pk=application_id)
    except Application.DoesNotExist:
        raise Http404("No such application") from None


def applications_of_vacancy(user: User, vacancy_id: int) -> QuerySet[Application]:
    """The applications to one vacancy that this user may see (none for an outsider)."""
    return applications_for(user).filter(vacancy_id=vacancy_id)


def applications_of_seeker(user: User, seeker_id: int) -> QuerySet[Application]:
    """One seeker's applications that this user may see: all of them for the person
    and their office, only those to its own vacancies for an employer."""
    return applications_for(user).filter(seeker_id=seeker_id)


def placements_of_seeker(user: User, seeker_id: int) -> QuerySet[Placement]:
    """The seeker's jobs, for those who may see the seeker's record (none otherwise)."""
    return (Placement.objects.filter(seeker__in=seekers_for(user), seeker_id=seeker_id)
            .select_related("employer", "vacancy", "occupation", "recorded_by"))


def status_history_of_seeker(user: User, seeker_id: int) -> QuerySet[StatusChange]:
    """Every change of the seeker's status, oldest first, for those who see the record."""
    return (StatusChange.objects.filter(seeker__in=seekers_for(user), seeker_id=seeker_id)
            .select_related("changed_by").order_by("at", "id"))


def open_application(seeker: JobSeeker, vacancy: Vacancy) -> Application | None:
    """The seeker's application to the vacancy that is still open, if any (at most one)."""
    return (Application.objects.filter(seeker=seeker, vacancy=vacancy, state__in=OPEN_STATES)
            .select_related("seeker__office", "seeker__user", "vacancy__employer").first())


def transition_log(application: Application) -> list[ApplicationTransition]:
    """The application's history, oldest first. ``application`` must come from
    :func:`access_application` (the caller proved the scope)."""
    return list(ApplicationTransition.objects.filter(application=application)
                .select_related("actor").order_by("at", "id"))
