"""Pages: the seeker's recommended vacancies in plain words, the counsellor's
detailed view with "why is this vacancy not shown?", the employer's candidates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.employers.access import vacancies_for
from decentwork.recommendations.access import (
    AbsenceAnswer,
    candidates_for_vacancy,
    explain_absence_for,
    recommendations_for_seeker,
)
from decentwork.recommendations.forms import WhyNotForm
from decentwork.recommendations.wording import (
    ABSENCE_REASONS,
    COMPONENT_LABELS,
    accommodation_labels,
    explain,
)


def _language() -> str:
    return get_language() or "en"


@login_required
def seeker_recommendations(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = recommendations_for_seeker(user, seeker_id)
    explained = explain([item.explanation for item in found.items], _language())
    return render(request, "recommendations/seeker_recommendations.html", {
        "seeker": found.seeker, "run": found.run,
        "items": list(zip(found.items, explained, strict=True)),
        "is_self": scope_of(user).seeker_id == found.seeker.pk,
    })


@login_required
def seeker_recommendation_details(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = recommendations_for_seeker(user, seeker_id)
    explained = explain([item.explanation for item in found.items], _language())
    region_id = found.seeker.office.region_id
    vacancies = (vacancies_for(user).filter(region_id=region_id).select_related("employer")
                 .order_by("title", "id"))
    if found.run is not None:
        vacancies = vacancies.open_on(found.run.as_of)
    form = WhyNotForm(request.GET if "vacancy" in request.GET else None, vacancies=vacancies)
    absence = None
    absence_explained = None
    if form.is_bound and form.is_valid():
        absence = explain_absence_for(user, seeker_id, form.cleaned_data["vacancy"].pk)
        if absence.report is not None:
            absence_explained = explain([absence.report.explanation], _language())[0]
    return render(request, "recommendations/seeker_recommendation_details.html", {
        "seeker": found.seeker, "run": found.run,
        "items": list(zip(found.items, explained, strict=True)),
        "form": form, "absence": absence, "absence_explained": absence_explained,
        "absence_reasons": _reason_texts(absence),
        "missing_accommodations": accommodation_labels(
            absence.report.missing_accommodations if absence and absence.report else ()),
        "component_labels": list(COMPONENT_LABELS.values()),
        "list_length": (found.run.parameters["settings"]["list_length"]
                        if found.run is not None else 0),
    })


def _reason_texts(absence: AbsenceAnswer | None) -> list[str]:
    if absence is None:
        return []
    codes = [absence.reason] if absence.reason else (
        absence.report.reasons if absence.report is not None else [])
    return [str(ABSENCE_REASONS.get(code, code)) for code in codes if code]


@login_required
def vacancy_candidates(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = candidates_for_vacancy(user, vacancy_id)
    explained = explain([c.explanation for c in found.candidates], _language())
    return render(request, "recommendations/vacancy_candidates.html", {
        "vacancy": found.vacancy, "run": found.run, "for_employer": found.for_employer,
        "items": list(zip(found.candidates, explained, strict=True)),
    })
