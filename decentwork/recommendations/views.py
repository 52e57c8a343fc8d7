"""Pages: the seeker's recommended vacancies in plain words, the counsellor's
detailed view with "why is this vacancy not shown?", the employer's candidates,
and the office manager's matching runs of a region (start one, follow it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.employers.access import vacancies_for
from decentwork.recommendations.access import (
    RECENT_RUNS,
    AbsenceAnswer,
    access_region,
    candidates_for_vacancy,
    explain_absence_for,
    recent_runs,
    recommendations_for_seeker,
    regions_for,
    regions_with_latest_run,
)
from decentwork.recommendations.actions import can_start_matching, start_matching_run
from decentwork.recommendations.forms import StartMatchingForm, WhyNotForm
from decentwork.recommendations.models import MatchingRun, RunStatus
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
    explained = explain([item.explanation for item in found.items], _language(),
                        training_site_id=found.seeker.office.site_id)
    return render(request, "recommendations/seeker_recommendations.html", {
        "seeker": found.seeker, "run": found.run,
        "items": list(zip(found.items, explained, strict=True)),
        "is_self": scope_of(user).seeker_id == found.seeker.pk,
    })


@login_required
def seeker_recommendation_details(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = recommendations_for_seeker(user, seeker_id)
    explained = explain([item.explanation for item in found.items], _language(),
                        training_site_id=found.seeker.office.site_id)
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


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    """The regions whose runs the reader follows; with only one, its page at once."""
    user: User = request.user  # type: ignore[assignment]
    rows = regions_with_latest_run(user)
    if len(rows) == 1:
        return redirect("recommendations:region_runs", region_id=rows[0][0].pk)
    return render(request, "recommendations/runs.html", {"rows": rows})


@login_required
def region_runs(request: HttpRequest, region_id: int) -> HttpResponse:
    """A region's recent runs and, for those who may, the form that starts one.

    No script: a run in progress is followed with a "Refresh" link.
    """
    user: User = request.user  # type: ignore[assignment]
    region = access_region(user, region_id)
    may_start = can_start_matching(user, region)
    form = StartMatchingForm(request.POST or None) if may_start else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            run = start_matching_run(user, region, congestion=form.cleaned_data["congestion"],
                                     fairness=form.cleaned_data["fairness"])
            _tell_how_it_went(request, run)
            # POST/redirect/GET: reloading the page must not start another run.
            return redirect("recommendations:region_runs", region_id=region.pk)
    return render(request, "recommendations/region_runs.html", {
        "region": region, "form": form, "rows": recent_runs(region),
        "recent_runs": RECENT_RUNS, "several_regions": regions_for(user).count() > 1,
    })


def _tell_how_it_went(request: HttpRequest, run: MatchingRun) -> None:
    # On the embedded default the run is done before the action returns; with
    # workers it has only been queued.
    run.refresh_from_db(fields=["status"])
    if run.status == RunStatus.DONE:
        messages.success(request, _("Matching has finished: the new lists of recommended "
                                    "vacancies are in use."))
    elif run.status == RunStatus.FAILED:
        messages.error(request, _("Matching stopped with an error. The previous lists stay "
                                  "in use; the error is shown in the table below."))
    else:
        messages.success(request, _("Matching has started. Use the “Refresh” link to follow "
                                    "its progress."))
