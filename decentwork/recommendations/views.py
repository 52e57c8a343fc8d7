"""Pages: the seeker's recommended vacancies in plain words, the counsellor's
detailed view with "why is this vacancy not shown?", the employer's candidates,
and the office manager's matching runs of a region (start one, follow it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.controlled_lists import TargetGroup
from decentwork.employers.access import vacancies_for
from decentwork.network.models import Region
from decentwork.recommendations.access import (
    AbsenceAnswer,
    access_region,
    candidates_for_vacancy,
    explain_absence_for,
    latest_done_run,
    recommendations_for_seeker,
    regions_for,
    runs_for,
)
from decentwork.recommendations.actions import can_start_matching, start_matching_run
from decentwork.recommendations.adapter import SEEKER_GROUP_OF
from decentwork.recommendations.forms import StartMatchingForm, WhyNotForm
from decentwork.recommendations.models import MatchingRun, Recommendation, RunChunk, RunStatus
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


# A region's page shows its latest runs; older ones stay in the database as history.
RECENT_RUNS = 20
# The engine names groups by its own codes; readers know them by the programme's words.
GROUP_LABELS = {group.code: TargetGroup(target).label
                for target, group in SEEKER_GROUP_OF.items()}
GROUP_ORDER = [group.code for group in SEEKER_GROUP_OF.values()]


@dataclass(frozen=True)
class GroupMeasure:
    """What a run's fit measured for one group (``exposure_ratio`` is ``None`` when
    no member had comparable job seekers outside the group)."""

    label: str
    exposure_ratio: float | None
    reservation: float | None


@dataclass(frozen=True)
class RunRow:
    run: MatchingRun
    chunks_total: int
    chunks_done: int
    recommendations: int
    # Its lists are the ones seekers, counsellors and employers see now.
    in_use: bool
    # A later run finished, which removed this run's lists.
    superseded: bool
    congestion: bool
    fairness: bool
    measured: bool
    priced_vacancies: int | None
    groups: list[GroupMeasure]

    @property
    def in_progress(self) -> bool:
        return self.run.status in {RunStatus.PENDING, RunStatus.RUNNING}


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    """The regions whose runs the reader follows; with only one, its page at once."""
    user: User = request.user  # type: ignore[assignment]
    regions = list(regions_for(user).select_related("site"))
    if len(regions) == 1:
        return redirect("recommendations:region_runs", region_id=regions[0].pk)
    newest = MatchingRun.objects.filter(region=OuterRef("pk")).order_by("-id").values("pk")[:1]
    latest = {run.region_id: run for run in runs_for(user).filter(
        pk__in=regions_for(user).annotate(latest=Subquery(newest)).values("latest"))}
    return render(request, "recommendations/runs.html", {
        "rows": [(region, latest.get(region.pk)) for region in regions],
    })


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
        "region": region, "form": form, "rows": _recent_runs(region),
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


def _recent_runs(region: Region) -> list[RunRow]:
    """The region's latest runs with their progress, in four queries however many."""
    runs = list(MatchingRun.objects.filter(region=region).select_related("created_by")
                .order_by("-id")[:RECENT_RUNS])
    in_use = latest_done_run(region.pk)
    chunks = {run_id: (total, done) for run_id, total, done in
              RunChunk.objects.filter(run__in=runs).order_by().values("run")
              .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False)))
              .values_list("run", "total", "done")}
    written = dict(Recommendation.objects.filter(run__in=runs).order_by().values("run")
                   .annotate(rows=Count("pk")).values_list("run", "rows"))
    rows = []
    for run in runs:
        total, done = chunks.get(run.pk, (0, 0))
        settings = run.parameters.get("settings", {})
        market: dict[str, Any] = run.parameters.get("market") or {}
        rows.append(RunRow(
            run=run, chunks_total=total, chunks_done=done,
            recommendations=written.get(run.pk, 0),
            in_use=in_use is not None and run.pk == in_use.pk,
            superseded=(in_use is not None and run.pk < in_use.pk
                        and run.status in {RunStatus.DONE, RunStatus.FAILED}),
            congestion=bool(settings.get("congestion")), fairness=bool(settings.get("fairness")),
            measured=bool(market), priced_vacancies=market.get("priced_vacancies"),
            groups=_group_measures(market)))
    return rows


def _group_measures(market: dict[str, Any]) -> list[GroupMeasure]:
    ratios: dict[str, float | None] = market.get("exposure_ratios") or {}
    reservations: dict[str, float] = market.get("reservations") or {}
    codes = sorted(ratios.keys() | reservations.keys(),
                   key=lambda code: (GROUP_ORDER.index(code) if code in GROUP_ORDER
                                     else len(GROUP_ORDER), code))
    return [GroupMeasure(label=str(GROUP_LABELS.get(code, code)),
                         exposure_ratio=ratios.get(code), reservation=reservations.get(code))
            for code in codes]
