"""Pages: the seeker's recommended vacancies in plain words (or, with no close match,
the nearest occupations and what to learn for them), the counsellor's detailed view
with "why is this vacancy not shown?", the employer's candidates, and the office
manager's matching runs of a region (start one, follow it) and their relevance report."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.access import open_application
from decentwork.applications.actions import (
    RecommendationCopy,
    apply_to_vacancy,
    invite_candidate,
    refer_to_vacancy,
)
from decentwork.applications.models import Application, Origin
from decentwork.employers.access import vacancies_for
from decentwork.employers.models import Vacancy
from decentwork.recommendations.access import (
    RECENT_RUNS,
    AbsenceAnswer,
    access_caseload_recommendation,
    access_own_recommendation,
    access_proposed_candidate,
    access_region,
    access_region_report,
    candidates_for_vacancy,
    explain_absence_for,
    list_freshness,
    open_applications_by_vacancy,
    recent_runs,
    recommendations_for_seeker,
    regions_for,
    regions_with_latest_run,
    relevance_report,
)
from decentwork.recommendations.actions import (
    MatchingRunInProgress,
    can_start_matching,
    start_matching_run,
)
from decentwork.recommendations.forms import (
    ActOnRecommendationForm,
    StartMatchingForm,
    WhyNotForm,
)
from decentwork.recommendations.models import MatchingRun, Recommendation, RunStatus
from decentwork.recommendations.wording import (
    ABSENCE_REASONS,
    COMPONENT_LABELS,
    accommodation_labels,
    explain,
    explain_nearest,
)
from decentwork.taxonomy.access import LabelInLanguage, preferred_labels_in


def _language() -> str:
    return get_language() or "en"


@login_required
def seeker_recommendations(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = recommendations_for_seeker(user, seeker_id)
    explained = explain([item.explanation for item in found.items], _language(),
                        training_site_id=found.seeker.office.site_id)
    applied = open_applications_by_vacancy(user, found.seeker, [r.vacancy for r in found.items])
    occupations = _occupations_beside_titles([r.vacancy for r in found.items])
    return render(request, "recommendations/seeker_recommendations.html", {
        "seeker": found.seeker, "run": found.run,
        "items": list(zip(found.items, explained,
                          [applied.get(r.vacancy_id) for r in found.items], occupations,
                          strict=True)),
        "nearest": explain_nearest(found.nearest_occupations, _language(),
                                   training_site_id=found.seeker.office.site_id),
        "is_self": scope_of(user).seeker_id == found.seeker.pk, "Origin": Origin,
        "freshness": list_freshness(found.seeker, found.run),
    })


def _occupations_beside_titles(vacancies: list[Vacancy]) -> list[LabelInLanguage | None]:
    """Each vacancy's occupation in the reader's language (English if the taxonomy
    has no label in it), beside the employer's own title: a seeker reading in
    Arabic learns what "Dikiş makinecisi" is. Left out where it would repeat the title."""
    labels = preferred_labels_in(
        [v.occupation_id for v in vacancies if v.occupation_id is not None], _language())
    shown: list[LabelInLanguage | None] = []
    for vacancy in vacancies:
        label = labels.get(vacancy.occupation_id) if vacancy.occupation_id else None
        repeats = label is not None and label.text.casefold() == vacancy.title.casefold()
        shown.append(None if repeats else label)
    return shown


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
    applied = open_applications_by_vacancy(user, found.seeker, [r.vacancy for r in found.items])
    return render(request, "recommendations/seeker_recommendation_details.html", {
        "seeker": found.seeker, "run": found.run,
        "items": list(zip(found.items, explained,
                          [applied.get(r.vacancy_id) for r in found.items], strict=True)),
        "form": form, "absence": absence, "absence_explained": absence_explained,
        "absence_reasons": _reason_texts(absence),
        "missing_accommodations": accommodation_labels(
            absence.report.missing_accommodations if absence and absence.report else ()),
        "component_labels": list(COMPONENT_LABELS.values()),
        "list_length": (found.run.parameters["settings"]["list_length"]
                        if found.run is not None else 0),
        "nearest": explain_nearest(found.nearest_occupations, _language(),
                                   training_site_id=found.seeker.office.site_id,
                                   examples=found.example_vacancies),
        "freshness": list_freshness(found.seeker, found.run),
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
    found = candidates_for_vacancy(user, vacancy_id, page=request.GET.get("page") or 1)
    explained = explain([c.explanation for c in found.candidates], _language())
    return render(request, "recommendations/vacancy_candidates.html", {
        "vacancy": found.vacancy, "run": found.run, "for_employer": found.for_employer,
        "items": list(zip(found.candidates, explained, strict=True)), "page": found.page,
        "page_query": "",
    })


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    """The regions whose runs the reader follows; with only one, its page at once."""
    user: User = request.user  # type: ignore[assignment]
    if not scope_of(user).is_staff_member:
        raise Http404("Runs are followed by the service's staff")
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
            try:
                run = start_matching_run(user, region,
                                         congestion=form.cleaned_data["congestion"],
                                         fairness=form.cleaned_data["fairness"])
            except MatchingRunInProgress as busy:
                messages.error(request, busy.messages[0])
            else:
                _tell_how_it_went(request, run)
            # POST/redirect/GET: reloading the page must not start another run.
            return redirect("recommendations:region_runs", region_id=region.pk)
    return render(request, "recommendations/region_runs.html", {
        "region": region, "form": form, "rows": recent_runs(region),
        "recent_runs": RECENT_RUNS, "several_regions": regions_for(user).count() > 1,
    })


@login_required
def region_report(request: HttpRequest, region_id: int) -> HttpResponse:
    """How close the latest run's lists are to each person: for office managers
    and administrators (the figures of ``manage.py matching_report``)."""
    user: User = request.user  # type: ignore[assignment]
    report = relevance_report(access_region_report(user, region_id))
    return render(request, "recommendations/region_report.html", {"report": report})


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


# Acting on a recommendation. Each page reads the recommendation through an
# access function for its reader (the seeker's own list, a counsellor's
# caseload, an employer's candidates), shows a small form with an optional
# message, and on POST calls the applications action with a copy of the
# recommendation. An open application for the same pair is shown instead of a
# second one.


def _copy(recommendation: Recommendation) -> RecommendationCopy:
    # A copy as values: the next matching run deletes this row.
    return RecommendationCopy(run_id=recommendation.run_id, rank=recommendation.rank,
                              score=recommendation.score,
                              explanation=recommendation.explanation)


@login_required
def apply_from_recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    recommendation = access_own_recommendation(user, recommendation_id)
    return _act_on(
        request, recommendation,
        act=lambda message: apply_to_vacancy(user, recommendation.seeker,
                                             recommendation.vacancy, message=message,
                                             recommendation=_copy(recommendation)),
        texts={"heading": _("Apply for this job"),
               "label": _("A message to the employer (you may leave it empty)"),
               "button": _("Send my application"),
               "done": _("Your application was sent to the employer."),
               "again": _("You have already applied for this job: here is your application.")},
        back=("recommendations:seeker_recommendations", recommendation.seeker_id))


@login_required
def refer_from_recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    recommendation = access_caseload_recommendation(user, recommendation_id)
    name = recommendation.seeker.full_name
    return _act_on(
        request, recommendation,
        act=lambda note: refer_to_vacancy(user, recommendation.seeker, recommendation.vacancy,
                                          note=note, recommendation=_copy(recommendation)),
        texts={"heading": _("Refer %(name)s to this job") % {"name": name},
               "label": _("A note for the employer (you may leave it empty)"),
               "button": _("Send the referral"),
               "done": _("%(name)s was referred to the employer.") % {"name": name},
               "again": _("%(name)s already has an open application for this job: "
                          "here it is.") % {"name": name}},
        back=("recommendations:seeker_recommendation_details", recommendation.seeker_id))


@login_required
def invite_from_recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    recommendation = access_proposed_candidate(user, recommendation_id)
    name = recommendation.seeker.first_name  # employers see first names only
    return _act_on(
        request, recommendation,
        act=lambda message: invite_candidate(user, recommendation.seeker,
                                             recommendation.vacancy, message=message),
        texts={"heading": _("Invite %(name)s to apply") % {"name": name},
               "label": _("A message to %(name)s (you may leave it empty)") % {"name": name},
               "button": _("Send the invitation"),
               "done": _("%(name)s was invited to apply.") % {"name": name},
               "again": _("%(name)s already has an open application for this job: "
                          "here it is.") % {"name": name}},
        back=("recommendations:vacancy_candidates", recommendation.vacancy_id),
        candidate_name=name)


def _act_on(request: HttpRequest, recommendation: Recommendation, *,
            act: Callable[[str], tuple[Application, bool]], texts: dict[str, str],
            back: tuple[str, int], candidate_name: str = "") -> HttpResponse:
    existing = open_application(recommendation.seeker, recommendation.vacancy)
    if existing is not None:
        messages.info(request, texts["again"])
        return redirect("applications:detail", existing.pk)
    # Bound on every POST: an empty message is a valid answer, and an empty POST too.
    form = ActOnRecommendationForm(request.POST if request.method == "POST" else None,
                                   label=texts["label"])
    if request.method == "POST" and form.is_valid():
        try:
            application, created = act(form.cleaned_data["message"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, texts["done"] if created else texts["again"])
            # POST/redirect/GET: reloading the next page must not send it again.
            return redirect("applications:detail", application.pk)
    return render(request, "recommendations/act_on_recommendation.html", {
        "recommendation": recommendation, "vacancy": recommendation.vacancy, "form": form,
        "texts": texts, "back_view": back[0], "back_id": back[1],
        "candidate_name": candidate_name,
    })


def _add_errors(form: ActOnRecommendationForm, error: ValidationError) -> None:
    """The action's refusal, on the message field when it names the words
    ("message", "note"), above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, texts in error.message_dict.items():
        form.add_error("message" if field in {"message", "note"} else None, texts)
