"""Reads that only the application pages need, built on ``access.py`` and the
actions' own permission questions, so that a page offers exactly the steps its
reader may take (the actions still decide when the step is sent)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.access import (
    applications_for,
    applications_of_vacancy,
    placements_of_seeker,
)
from decentwork.applications.actions import may_act_as
from decentwork.applications.models import OPEN_STATES, Application, Placement
from decentwork.applications.workflow import LIFECYCLE, Party, Transition
from decentwork.employers.access import access_vacancy
from decentwork.employers.models import Vacancy
from decentwork.seekers.access import access_seeker
from decentwork.seekers.models import JobSeeker, WorkExperience
from decentwork.taxonomy.access import concepts_for, preferred_labels
from decentwork.taxonomy.models import ConceptKind


def parties_of(user: User, application: Application) -> list[Party]:
    """The sides of the application the user may act for: the employer's (its users,
    the site's administrators) and the seeker's (the person, their office, the
    administrators) — the same questions the actions ask."""
    return [party for party in (Party.EMPLOYER, Party.SEEKER)
            if may_act_as(user, application, party)]


def steps_for(user: User, application: Application) -> list[Transition]:
    """The transitions the user may take from the application's current state."""
    return LIFECYCLE.open_from(application.state, parties_of(user, application))


def seeker_of(user: User) -> JobSeeker:
    """The job seeker the user is (404 for anyone else)."""
    seeker_id = scope_of(user).seeker_id
    if seeker_id is None:
        raise Http404("Not a job seeker")
    return access_seeker(user, seeker_id)


def vacancy_with_applications(user: User,
                              vacancy_id: int) -> tuple[Vacancy, QuerySet[Application]]:
    """A vacancy and the applications to it that the user may see.

    Job seekers see vacancies but not who else applied: the same 404 as for a
    vacancy they cannot see.
    """
    if scope_of(user).is_job_seeker:
        raise Http404("No such vacancy")
    vacancy = access_vacancy(user, vacancy_id)
    return vacancy, applications_of_vacancy(user, vacancy_id)


def may_see_applications_of(user: User, vacancy: Vacancy) -> bool:
    """Whether :func:`vacancy_with_applications` answers for this vacancy (which
    the caller already may see): everyone but job seekers."""
    return not scope_of(user).is_job_seeker


def application_counts(user: User, vacancy_ids: list[int]) -> dict[int, int]:
    """How many applications the user sees per vacancy, in one query."""
    rows = (applications_for(user).filter(vacancy_id__in=vacancy_ids).order_by()
            .values_list("vacancy_id").annotate(n=Count("id")))
    return dict(rows)


def open_application_of(user: User, vacancy: Vacancy) -> Application | None:
    """The user's own open application to the vacancy, if they are a job seeker."""
    seeker_id = scope_of(user).seeker_id
    if seeker_id is None:
        return None
    return (applications_for(user).filter(seeker_id=seeker_id, vacancy=vacancy,
                                          state__in=OPEN_STATES).first())


def placement_of_application(application: Application) -> Placement | None:
    """The job an accepted application led to; ``application`` comes from
    ``access_application`` (the caller proved the scope)."""
    return (Placement.objects.filter(application=application)
            .select_related("employer", "vacancy").first())


def placement_of_seeker(user: User, seeker_id: int, placement_id: int) -> Placement:
    try:
        return placements_of_seeker(user, seeker_id).get(pk=placement_id)
    except Placement.DoesNotExist:
        raise Http404("No such job") from None


def known_occupations(user: User, seeker: JobSeeker, language: str) -> list[tuple[str, str]]:
    """(uri, label) of the occupations the person is known for: the one they seek and
    those of their work experience, so that recording a job needs no taxonomy search."""
    experience = WorkExperience.objects.filter(seeker=seeker, occupation__isnull=False)
    concepts = (concepts_for(user).filter(kind=ConceptKind.OCCUPATION)
                .filter(Q(pk=seeker.target_occupation_id)
                        | Q(pk__in=experience.values("occupation_id")))
                .prefetch_related(preferred_labels()).order_by("pk"))
    return [(concept.uri, concept.label(language)) for concept in concepts]
