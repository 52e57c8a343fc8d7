"""Pages of the job-exchange loop: a seeker's applications, an application with its
history and the steps its reader may take, a vacancy's applications for the
employer, and a counsellor's view of a seeker's applications, jobs and status.

Every step form carries the state its reader saw (``expected_state``): when someone
else moved the application meanwhile the action refuses and the page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications import pages
from decentwork.applications.access import (
    access_application,
    applications_for,
    applications_of_seeker,
    open_application,
    placements_of_seeker,
    status_history_of_seeker,
    transition_log,
)
from decentwork.applications.actions import (
    accept_application,
    apply_to_vacancy,
    close_vacancy,
    end_placement,
    record_outside_placement,
    transition_application,
)
from decentwork.applications.forms import (
    NO_OCCUPATION,
    ApplicationStepForm,
    ApplyForm,
    EndPlacementForm,
    HireForm,
    MarkSeenForm,
    OutsidePlacementForm,
    PlanInterviewForm,
    RefuseForm,
    StepForm,
    WithdrawForm,
)
from decentwork.applications.models import (
    OPEN_STATES,
    Application,
    ApplicationState,
    ApplicationTransition,
)
from decentwork.applications.templatetags.application_words import Reader, origin_words
from decentwork.applications.workflow import TRANSITIONS, Party
from decentwork.employers.access import access_vacancy
from decentwork.employers.actions import can_manage_vacancies_of
from decentwork.employers.models import Vacancy
from decentwork.seekers.access import access_seeker, access_seeker_as_staff
from decentwork.seekers.models import JobSeeker
from decentwork.taxonomy.access import access_concept_by_uri

PAGE_SIZE = 50
Trail = list[tuple[str, str]]

# The page of each transition; "mark_seen" needs nothing more than a button.
STEP_PAGES = {"mark_seen": "applications:mark_seen",
              "plan_interview": "applications:plan_interview",
              "accept": "applications:hire", "refuse": "applications:refuse",
              "withdraw": "applications:withdraw"}
STEP_FORMS: dict[str, type[ApplicationStepForm]] = {
    "mark_seen": MarkSeenForm, "plan_interview": PlanInterviewForm, "refuse": RefuseForm,
    "withdraw": WithdrawForm}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> QueryDict | None:
    # Not "request.POST or None": a confirmation step sends no field at all.
    return request.POST if request.method == "POST" else None


def _day(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


# Trails ("breadcrumbs"): where the reader came from, by who they are.


def _vacancy_trail(user: User, vacancy: Vacancy) -> Trail:
    mine = scope_of(user).is_employer_user
    return [(_("Our vacancies") if mine else _("Vacancies"), reverse("employers:vacancy_list")),
            (vacancy.title, reverse("employers:vacancy_detail", args=[vacancy.pk]))]


def _seeker_trail(user: User, seeker: JobSeeker) -> Trail:
    trail: Trail = []
    if scope_of(user).is_staff_of_office:
        trail.append((_("Caseload"), reverse("seekers:caseload")))
    trail.append((seeker.full_name, reverse("seekers:seeker_detail", args=[seeker.pk])))
    return trail


def _application_trail(user: User, application: Application) -> Trail:
    scope = scope_of(user)
    if scope.is_seeker_self(application.seeker_id):
        return [(_("My applications"), reverse("applications:mine"))]
    if can_manage_vacancies_of(user, application.vacancy.employer):
        return [*_vacancy_trail(user, application.vacancy),
                (_("Applications"), reverse("applications:vacancy",
                                            args=[application.vacancy_id]))]
    if scope.is_staff_of_office or scope.is_administrator:
        return [*_seeker_trail(user, application.seeker),
                (_("Applications and jobs"), reverse("applications:seeker",
                                                     args=[application.seeker_id]))]
    return [(_("Applications"), reverse("applications:mine"))]


def _step_trail(user: User, application: Application) -> Trail:
    return [*_application_trail(user, application),
            (application.vacancy.title, reverse("applications:detail", args=[application.pk]))]


# A seeker's list and one application.


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """A job seeker's own applications; the applications an employer, an office or an
    administrator sees, for the others."""
    user = _user(request)
    applications = applications_for(user).order_by("-updated_at", "-id")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "applications/list.html", {
        "page": page, "is_seeker": scope_of(user).is_job_seeker,
    })


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access_application(user, application_id)
    scope = scope_of(user)
    reader = (Reader.SEEKER if scope.is_seeker_self(application.seeker_id)
              else Reader.EMPLOYER if scope.acts_for_employer(application.vacancy.employer_id)
              else Reader.OTHER)
    steps = [{"label": step.label, "url": reverse(STEP_PAGES[step.name], args=[application.pk]),
              "inline": step.name == "mark_seen"}
             for step in pages.steps_for(user, application)]
    return render(request, "applications/detail.html", {
        "application": application, "history": transition_log(application), "steps": steps,
        "placement": pages.placement_of_application(application),
        "show_candidate": not scope.is_seeker_self(application.seeker_id),
        "origin": origin_words(application, reader),
        "trail": _application_trail(user, application),
    })


def _refuse_unless_party(user: User, application: Application, party: Party) -> None:
    # The action refuses too; this spares the reader a form they could not send.
    if party not in pages.parties_of(user, application):
        raise PermissionDenied(_("You may not take this step on this application."))


@dataclass(frozen=True)
class StepTexts:
    heading: str | Promise
    what_happens: str | Promise
    button: str | Promise
    done: str | Promise


STEP_TEXTS = {
    "mark_seen": StepTexts(
        heading=gettext_lazy("Mark this application as seen?"),
        what_happens=gettext_lazy("The job seeker sees it on their application."),
        button=gettext_lazy("Mark as seen"),
        done=gettext_lazy("The application is marked as seen.")),
    "plan_interview": StepTexts(
        heading=gettext_lazy("Plan an interview"),
        what_happens=gettext_lazy("The job seeker is told, and reads your note on their "
                                  "application."),
        button=gettext_lazy("Plan the interview"),
        done=gettext_lazy("The interview is planned and the job seeker is told.")),
    "refuse": StepTexts(
        heading=gettext_lazy("Refuse this application"),
        what_happens=gettext_lazy("The job seeker is told, with the reason. Reasons are "
                                  "also counted, to find where people are left out."),
        button=gettext_lazy("Refuse the application"),
        done=gettext_lazy("The application is refused and the job seeker is told.")),
    "withdraw": StepTexts(
        heading=gettext_lazy("Withdraw your application?"),
        what_happens=gettext_lazy("The employer is told that you are no longer a candidate. "
                                  "You may apply again later while the vacancy is open."),
        button=gettext_lazy("Yes, withdraw my application"),
        done=gettext_lazy("Your application is withdrawn.")),
}
# A counsellor or an administrator withdrawing on the person's behalf.
WITHDRAW_ON_BEHALF = StepTexts(
    heading=gettext_lazy("Withdraw this application?"),
    what_happens=gettext_lazy("The employer is told that this person is no longer a "
                              "candidate. Do this only when the person asked for it."),
    button=gettext_lazy("Yes, withdraw the application"),
    done=gettext_lazy("The application is withdrawn."))


@login_required
def take_step(request: HttpRequest, application_id: int, name: str) -> HttpResponse:
    """Mark as seen, plan an interview, refuse, withdraw: a form, then the action."""
    user = _user(request)
    application = access_application(user, application_id)
    transition = TRANSITIONS[name]
    _refuse_unless_party(user, application, transition.party)
    texts = STEP_TEXTS[name]
    if name == "withdraw" and not scope_of(user).is_seeker_self(application.seeker_id):
        texts = WITHDRAW_ON_BEHALF
    form = STEP_FORMS[name](_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transition_application(
                user, application, name, expected_state=data["expected_state"],
                reason=data.get("reason", ""),
                note=data.get("note") or data.get("reason_text", ""))
        except ValidationError as error:
            form.show(error)
            # The page now shows the state as it is, so a second send is deliberate.
            application = access_application(user, application_id)
        else:
            messages.success(request, str(texts.done))
            return redirect("applications:detail", application_id=application.pk)
    return _step_page(request, form, heading=str(texts.heading),
                      intro=[str(texts.what_happens)], submit=str(texts.button),
                      application=application)


def _step_page(request: HttpRequest, form: StepForm, *, heading: str, intro: list[str],
               submit: str, application: Application) -> HttpResponse:
    user = _user(request)
    return render(request, "applications/step.html", {
        "form": form, "heading": heading, "submit_label": submit,
        "intro": [_("%(name)s, for “%(vacancy)s”. Now: %(state)s.") % {
            "name": application.seeker.full_name, "vacancy": application.vacancy.title,
            "state": application.get_state_display()}, *intro],
        "current_state": application.state, "trail": _step_trail(user, application),
        "back_url": reverse("applications:detail", args=[application.pk]),
    })


@login_required
def hire(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access_application(user, application_id)
    _refuse_unless_party(user, application, TRANSITIONS["accept"].party)
    vacancy = application.vacancy
    form = HireForm(_posted(request), contract_type=vacancy.contract_type,
                    hours=vacancy.hours)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accept_application(
                user, application, start_date=data["start_date"],
                contract_type=data["contract_type"], hours=data["hours"],
                formal=data["formal"], wage_band=data["wage_band"],
                hours_per_week=data["hours_per_week"], expected_state=data["expected_state"])
        except ValidationError as error:
            form.show(error)
            application = access_application(user, application_id)
        else:
            messages.success(request, _("%(name)s is hired and told. Welcome them on "
                                        "%(day)s.") % {"name": application.seeker.full_name,
                                                        "day": _day(data["start_date"])})
            return redirect("applications:detail", application_id=application.pk)
    return _step_page(
        request, form, heading=_("Hire %(name)s") % {"name": application.seeker.full_name},
        intro=[_("The job seeker is told. The terms of the job also show, in the "
                 "statistics, how decent the jobs found are.")],
        submit=_("Hire"), application=application)


# Applying.


@login_required
def apply(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    user = _user(request)
    seeker = pages.seeker_of(user)
    vacancy = access_vacancy(user, vacancy_id)
    existing = open_application(seeker, vacancy)
    if existing is not None:
        return _already_applied(request, existing)
    form = ApplyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            application, created = apply_to_vacancy(user, seeker, vacancy,
                                                    message=form.cleaned_data["message"])
        except ValidationError as error:
            form.show(error)
        else:
            if not created:
                return _already_applied(request, application)
            messages.success(request, _("Your application was sent to %(employer)s.") % {
                "employer": vacancy.employer.name})
            return redirect("applications:detail", application_id=application.pk)
    return render(request, "applications/apply.html", {
        "form": form, "vacancy": vacancy,
        "heading": _("Apply for “%(title)s”") % {"title": vacancy.title},
        "intro": [_("Your profile goes with your application. You may add a message: say "
                    "why you want this job, or what you need to work well.")],
        "submit_label": _("Send my application"),
        "trail": _vacancy_trail(user, vacancy),
        "back_url": reverse("employers:vacancy_detail", args=[vacancy.pk]),
    })


def _already_applied(request: HttpRequest, application: Application) -> HttpResponse:
    messages.info(request, _("You already applied on %(day)s. Here is your application.") % {
        "day": _day(application.created_at)})
    return redirect("applications:detail", application_id=application.pk)


# A vacancy's applications, for its employer.


@login_required
def vacancy_applications(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    user = _user(request)
    vacancy, applications = pages.vacancy_with_applications(user, vacancy_id)
    by_state: dict[str, list[Application]] = {}
    for application in applications.order_by("created_at", "id"):
        by_state.setdefault(application.state, []).append(application)
    groups = [(state.label, by_state[state]) for state in ApplicationState if state in by_state]
    open_count = sum(len(by_state.get(state, [])) for state in OPEN_STATES)
    return render(request, "applications/vacancy.html", {
        "vacancy": vacancy, "groups": groups,
        "for_employer": scope_of(user).acts_for_employer(vacancy.employer_id),
        "can_close": can_manage_vacancies_of(user, vacancy.employer)
        and (_still_open(vacancy) or open_count > 0),
        "trail": _vacancy_trail(user, vacancy),
    })


def _still_open(vacancy: Vacancy) -> bool:
    return vacancy.closes_on is None or vacancy.closes_on > timezone.localdate()


@login_required
def close_vacancy_page(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """A confirmation step: closing tells every open candidate at once."""
    user = _user(request)
    vacancy, applications = pages.vacancy_with_applications(user, vacancy_id)
    if not can_manage_vacancies_of(user, vacancy.employer):
        raise PermissionDenied(_("You may only close your own organisation's vacancies."))
    form = StepForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        closed = close_vacancy(user, vacancy)
        messages.success(request, _("The vacancy is closed. Open applications closed and "
                                    "their people told: %(count)s.") % {"count": closed})
        return redirect("applications:vacancy", vacancy_id=vacancy.pk)
    open_count = applications.filter(state__in=OPEN_STATES).count()
    return render(request, "applications/step.html", {
        "form": form, "heading": _("Close “%(title)s”?") % {"title": vacancy.title},
        "intro": [_("Nobody can apply any more from today."),
                  _("Open applications that will be closed: %(count)s. Each of these people "
                    "will be told that the vacancy is closed.") % {"count": open_count}],
        "submit_label": _("Yes, close this vacancy"),
        "trail": [*_vacancy_trail(user, vacancy),
                  (_("Applications"), reverse("applications:vacancy", args=[vacancy.pk]))],
        "back_url": reverse("applications:vacancy", args=[vacancy.pk]),
    })


# A seeker's applications, jobs and status, for their counsellor.


@login_required
def seeker_applications(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user = _user(request)
    seeker = access_seeker_as_staff(user, seeker_id)
    history = Prefetch("transitions",
                       queryset=ApplicationTransition.objects.order_by("at", "id"))
    return render(request, "applications/seeker.html", {
        "seeker": seeker,
        "applications": applications_of_seeker(user, seeker_id).prefetch_related(history),
        "placements": placements_of_seeker(user, seeker_id),
        "status_history": status_history_of_seeker(user, seeker_id),
        "trail": _seeker_trail(user, seeker),
    })


def _placement_trail(user: User, seeker: JobSeeker) -> Trail:
    return [*_seeker_trail(user, seeker),
            (_("Applications and jobs"), reverse("applications:seeker", args=[seeker.pk]))]


@login_required
def new_placement(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """A job the person found outside the service, recorded by their counsellor."""
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    form = OutsidePlacementForm(
        _posted(request),
        occupations=pages.known_occupations(user, seeker, get_language() or "en"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        occupation = (None if data["occupation"] == NO_OCCUPATION
                      else access_concept_by_uri(user, data["occupation"]))
        try:
            record_outside_placement(
                user, seeker, employer_name=data["employer_name"],
                start_date=data["start_date"], contract_type=data["contract_type"],
                hours=data["hours"], formal=data["formal"], wage_band=data["wage_band"],
                occupation=occupation, job_title=data["job_title"],
                hours_per_week=data["hours_per_week"])
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The job is recorded."))
            return redirect("applications:seeker", seeker_id=seeker.pk)
    return render(request, "applications/step.html", {
        "form": form,
        "heading": _("Record a job of %(name)s") % {"name": seeker.full_name},
        "intro": [_("For a job found outside this service. Jobs found here are recorded "
                    "when the employer hires.")],
        "submit_label": _("Record the job"), "trail": _placement_trail(user, seeker),
        "back_url": reverse("applications:seeker", args=[seeker.pk]),
    })


@login_required
def end_placement_page(request: HttpRequest, seeker_id: int, placement_id: int) -> HttpResponse:
    user = _user(request)
    seeker = access_seeker(user, seeker_id)
    placement = pages.placement_of_seeker(user, seeker_id, placement_id)
    form = EndPlacementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            end_placement(user, placement, end_date=form.cleaned_data["end_date"],
                          note=form.cleaned_data["note"])
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The end of the job is recorded."))
            return redirect("applications:seeker", seeker_id=seeker.pk)
    employer = placement.employer.name if placement.employer else placement.employer_name
    return render(request, "applications/step.html", {
        "form": form, "heading": _("End this job of %(name)s") % {"name": seeker.full_name},
        "intro": [_("%(title)s at %(employer)s, since %(day)s.") % {
            "title": placement.job_title, "employer": employer,
            "day": _day(placement.start_date)},
            _("Unless another job goes on, the person is looking for work again.")],
        "submit_label": _("Record the end of the job"), "trail": _placement_trail(user, seeker),
        "back_url": reverse("applications:seeker", args=[seeker.pk]),
    })
