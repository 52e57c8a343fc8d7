"""Links into the application pages from other apps' templates (vacancies, seekers),
shown only to those the target page answers, so those apps need no new context."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page
from django.utils import timezone

from decentwork.accounts.scope import scope_of
from decentwork.applications import pages
from decentwork.employers.models import Vacancy
from decentwork.seekers.actions import can_edit_seeker
from decentwork.seekers.models import JobSeeker

register = template.Library()


@register.inclusion_tag("applications/apply_link.html", takes_context=True)
def apply_link(context: template.Context, vacancy: Vacancy) -> dict[str, Any]:
    """For a job seeker: "Apply" while the vacancy is open, or their open application."""
    user = context["request"].user
    if not scope_of(user).is_job_seeker:
        return {}
    application = pages.open_application_of(user, vacancy)
    return {"vacancy": vacancy, "application": application,
            "can_apply": application is None and vacancy.is_open(timezone.localdate())}


@register.simple_tag(takes_context=True)
def application_counts(context: template.Context, vacancies: Page[Vacancy]) -> dict[int, int]:
    """Applications per vacancy of a list page, in one query (for applications_link)."""
    user = context["request"].user
    if scope_of(user).is_job_seeker:
        return {}
    return pages.application_counts(user, [vacancy.pk for vacancy in vacancies])


@register.inclusion_tag("applications/applications_link.html", takes_context=True)
def applications_link(context: template.Context, vacancy: Vacancy,
                      counts: dict[int, int] | None = None,
                      as_paragraph: bool = False) -> dict[str, Any]:
    """"Applications (n)" for those who see the vacancy's applications; ``counts``
    from :func:`application_counts` on list pages, counted here on a detail page;
    ``as_paragraph`` on a page of its own, else on a line of its own in a list cell."""
    user = context["request"].user
    if not pages.may_see_applications_of(user, vacancy):
        return {}
    if counts is None:
        counts = pages.application_counts(user, [vacancy.pk])
    return {"vacancy": vacancy, "count": counts.get(vacancy.pk, 0), "show": True,
            "as_paragraph": as_paragraph}


@register.inclusion_tag("applications/seeker_link.html", takes_context=True)
def seeker_applications_link(context: template.Context, seeker: JobSeeker) -> dict[str, Any]:
    """"Applications and jobs" on a seeker's page, for those who care for the seeker."""
    user = context["request"].user
    return {"seeker": seeker, "show": can_edit_seeker(user, seeker)}
