"""Pages of casework: a seeker's casework for the counsellor (assessments, the plan,
programme places), recording an assessment, agreeing a plan, and the person's own
plan in plain language.

Changes of a step or a place are small forms that post here and come back
(post, redirect, get) with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.agenda.access import upcoming_appointments_of_seeker
from decentwork.casework.access import (
    access_casework_seeker,
    access_participation,
    access_step,
    assessments_of_seeker,
    counsellor_day,
    current_plan,
    open_programmes_for,
    participations_of_seeker,
    plans_of_seeker,
)
from decentwork.casework.actions import (
    add_step,
    agree_plan,
    change_participation,
    change_step,
    is_staff_for,
    may_take_participation_step,
    may_take_step,
    offer_place,
    record_assessment,
)
from decentwork.casework.forms import (
    EXTRA_ROWS,
    AssessmentForm,
    DayFilterForm,
    OfferForm,
    ParticipationChangeForm,
    PlanForm,
    SiteRulesForm,
    StepForm,
    StepFormSet,
    StepNoteForm,
    step_initial,
)
from decentwork.casework.models import (
    ActionPlan,
    Participation,
    ParticipationState,
    PlanStep,
    StepOwner,
    StepState,
)
from decentwork.casework.proposals import proposed_steps
from decentwork.casework.workflow import (
    PARTICIPATION_TRANSITIONS,
    STEP_TRANSITIONS,
    participation_transitions_from,
    step_transitions_from,
)
from decentwork.followup.access import open_follow_ups_of_self
from decentwork.network.access import offices_worked_with, sites_administered
from decentwork.network.actions import set_casework_rules
from decentwork.seekers.access import access_seeker
from decentwork.seekers.models import JobSeeker

Trail = list[tuple[str, str]]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _trail(user: User, seeker: JobSeeker) -> Trail:
    trail: Trail = []
    if scope_of(user).is_staff_of_office:
        trail.append((_("Caseload"), reverse("seekers:caseload")))
    trail.append((seeker.full_name, reverse("seekers:seeker_detail", args=[seeker.pk])))
    return trail


def _casework_trail(user: User, seeker: JobSeeker) -> Trail:
    return [*_trail(user, seeker), (_("Casework"), reverse("casework:seeker", args=[seeker.pk]))]


def _annotate_steps(user: User, plan: ActionPlan | None) -> None:
    """Mark each step overdue or not, with the changes the reader may make."""
    if plan is None:
        return
    today = clock.today()
    for step in plan.steps.all():
        step.is_overdue = step.state == StepState.PLANNED and step.due_on < today  # type: ignore[attr-defined]
        step.moves = [t for t in step_transitions_from(step.state)  # type: ignore[attr-defined]
                      if plan.closed_at is None and may_take_step(user, step, t.name)]


def _annotate_participations(user: User, participations: list[Participation]) -> None:
    for participation in participations:
        participation.moves = [  # type: ignore[attr-defined]
            t for t in participation_transitions_from(participation.state)
            if may_take_participation_step(user, participation, t.name)]


# The counsellor's pages ---------------------------------------------------------------


@login_required
def seeker(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """A person's casework for the staff of their office."""
    user = _user(request)
    person = access_casework_seeker(user, seeker_id)
    assessments = list(assessments_of_seeker(user, person))
    plan = current_plan(user, person)
    _annotate_steps(user, plan)
    participations = list(participations_of_seeker(user, person))
    _annotate_participations(user, participations)
    earlier_plans = [p for p in plans_of_seeker(user, person) if p.closed_at is not None]
    return render(request, "casework/seeker.html", {
        "seeker": person, "latest": assessments[0] if assessments else None,
        "earlier_assessments": assessments[1:], "plan": plan, "earlier_plans": earlier_plans,
        "participations": participations, "today": clock.today(),
        "offer_form": OfferForm(programmes=open_programmes_for(person)),
        "trail": _trail(user, person),
    })


@login_required
def new_assessment(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user = _user(request)
    person = access_casework_seeker(user, seeker_id)
    form = AssessmentForm(request.POST if request.method == "POST" else None,
                          initial={"assessed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_assessment(user, person, assessed_on=data["assessed_on"],
                              barriers=form.barriers(),
                              employment_history=data["employment_history"],
                              goals=data["goals"], target_groups=data["target_groups"])
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The assessment is recorded. Agree the plan it "
                                        "proposes with the person."))
            return redirect("casework:plan", seeker_id=person.pk)
    return render(request, "casework/new_assessment.html", {
        "seeker": person, "form": form, "trail": _casework_trail(user, person)})


def _plan_page(request: HttpRequest, person: JobSeeker, *, plan_form: PlanForm,
               formset: Any, step_form: StepForm, status: int = 200) -> HttpResponse:
    user = _user(request)
    plan = current_plan(user, person)
    _annotate_steps(user, plan)
    return render(request, "casework/plan.html", {
        "seeker": person, "plan": plan, "plan_form": plan_form, "formset": formset,
        "step_form": step_form, "latest": assessments_of_seeker(user, person).first(),
        "today": clock.today(), "trail": _casework_trail(user, person)}, status=status)


@login_required
def plan(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Agree a new plan: the rows start from the latest assessment's proposal."""
    user = _user(request)
    person = access_casework_seeker(user, seeker_id)
    programmes = list(open_programmes_for(person))
    today = clock.today()
    if request.method == "POST":
        plan_form = PlanForm(request.POST)
        formset = StepFormSet(request.POST, prefix="steps", programmes=programmes)
        if plan_form.is_valid() & formset.is_valid():
            kept = [form for form in formset.forms if not form.is_blank]
            try:
                agree_plan(user, person, starts_on=plan_form.cleaned_data["starts_on"],
                           steps=[form.step_input() for form in kept])
            except ValidationError as error:
                # The action names a row's fields "steps-<i>-<field>": each row shows its own.
                by_field = error.message_dict
                for i, form in enumerate(kept):
                    row = f"steps-{i}-"
                    mine = {k[len(row):]: v for k, v in by_field.items() if k.startswith(row)}
                    if mine:
                        form.show(ValidationError(mine))
                plan_form.show(ValidationError({
                    k: v for k, v in by_field.items() if not k.startswith("steps-")}))
            else:
                messages.success(request, _("The plan is agreed. The person sees it on "
                                            "their own page."))
                return redirect("casework:seeker", seeker_id=person.pk)
    else:
        latest = assessments_of_seeker(user, person).first()
        proposal = proposed_steps(latest, start=today) if latest is not None else []
        initial = [step_initial(s) for s in proposal] + [{} for _row in range(EXTRA_ROWS)]
        plan_form = PlanForm(initial={"starts_on": today})
        formset = StepFormSet(prefix="steps", programmes=programmes, initial=initial)
    return _plan_page(request, person, plan_form=plan_form, formset=formset,
                      step_form=StepForm(prefix="add", programmes=programmes, single=True))


@login_required
def new_step(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Add one step to the current plan."""
    user = _user(request)
    person = access_casework_seeker(user, seeker_id)
    if request.method != "POST":
        return redirect("casework:plan", seeker_id=person.pk)
    programmes = list(open_programmes_for(person))
    open_plan = current_plan(user, person)
    step_form = StepForm(request.POST, prefix="add", programmes=programmes, single=True)
    if step_form.is_valid():
        if open_plan is None:
            step_form.add_error(None, _("Agree a plan first."))
        elif step_form.is_blank:
            step_form.add_error("title", _("Say in plain words what will be done."))
        else:
            try:
                add_step(user, open_plan, step_form.step_input())
            except ValidationError as error:
                step_form.show(error)
            else:
                messages.success(request, _("The step is added to the plan."))
                return redirect("casework:seeker", seeker_id=person.pk)
    today = clock.today()
    return _plan_page(request, person, plan_form=PlanForm(initial={"starts_on": today}),
                      formset=StepFormSet(prefix="steps", programmes=programmes,
                                          initial=[{} for _row in range(EXTRA_ROWS)]),
                      step_form=step_form)


@require_POST
@login_required
def offer(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user = _user(request)
    person = access_casework_seeker(user, seeker_id)
    form = OfferForm(request.POST, programmes=open_programmes_for(person))
    if form.is_valid():
        programme = open_programmes_for(person).get(pk=int(form.cleaned_data["programme"]))
        try:
            offer_place(user, person, programme)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The place is offered; the person can accept it "
                                        "on their own page."))
    else:
        messages.error(request, _("Choose one of the site's open programmes."))
    return redirect("casework:seeker", seeker_id=person.pk)


# Changes (post, redirect, get) --------------------------------------------------------


def _back(user: User, person: JobSeeker) -> HttpResponse:
    if is_staff_for(user, person):
        return redirect("casework:seeker", seeker_id=person.pk)
    return redirect("casework:my_plan")


@require_POST
@login_required
def step_change(request: HttpRequest, step_id: int, name: str) -> HttpResponse:
    user = _user(request)
    step = access_step(user, step_id)
    if name not in STEP_TRANSITIONS:
        raise Http404("No such change")
    form = StepNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        change_step(user, step, name, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(step)s”: %(state)s.") % {
            "step": step.title, "state": StepState(STEP_TRANSITIONS[name].target).label})
    return _back(user, step.plan.seeker)


@require_POST
@login_required
def participation_change(request: HttpRequest, participation_id: int,
                         name: str) -> HttpResponse:
    user = _user(request)
    participation = access_participation(user, participation_id)
    if name not in PARTICIPATION_TRANSITIONS:
        raise Http404("No such change")
    form = ParticipationChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date as year, month and day."))
        return _back(user, participation.seeker)
    try:
        change_participation(user, participation, name, on=form.day(),
                             certificate=form.cleaned_data["certificate"],
                             reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(programme)s”: %(state)s.") % {
            "programme": participation.programme.title,
            "state": ParticipationState(PARTICIPATION_TRANSITIONS[name].target).label})
    return _back(user, participation.seeker)


# The person's own page --------------------------------------------------------------


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """The person's plan in plain language: their steps, what the counsellor will do,
    and the places offered to them. Only for a job seeker with a record."""
    user = _user(request)
    scope = scope_of(user)
    if not scope.is_job_seeker or scope.seeker_id is None:
        raise Http404("Not a job seeker")
    person = access_seeker(user, scope.seeker_id)
    plan_now = current_plan(user, person)
    _annotate_steps(user, plan_now)
    steps: list[PlanStep] = list(plan_now.steps.all()) if plan_now else []
    participations = list(participations_of_seeker(user, person))
    _annotate_participations(user, participations)
    return render(request, "casework/my_plan.html", {
        "seeker": person, "plan": plan_now, "today": clock.today(),
        "own_steps": [s for s in steps if s.owner == StepOwner.SEEKER
                      and s.state != StepState.CANCELLED],
        "counsellor_steps": [s for s in steps if s.owner == StepOwner.COUNSELLOR
                             and s.state != StepState.CANCELLED],
        "offers": [p for p in participations if p.state == ParticipationState.OFFERED],
        "places": [p for p in participations if p.state != ParticipationState.OFFERED],
        "appointments": list(upcoming_appointments_of_seeker(user, person)[:3]),
        "questions": list(open_follow_ups_of_self(user, clock.today())),
    })


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The counsellor's day: today's appointments, overdue steps, follow-ups due,
    people out of touch and those waiting longest, by office and target group."""
    user = _user(request)
    offices = list(offices_worked_with(user))
    if not offices:
        raise Http404("Not a counsellor's page")
    form = DayFilterForm(request.GET or None, offices=offices)
    return render(request, "casework/today.html", {
        "form": form, "day": counsellor_day(user, clock.today(), form.wanted()),
        "single_office": offices[0] if len(offices) == 1 else None,
    })


@login_required
def site_rules(request: HttpRequest) -> HttpResponse:
    """A site's administrators set its exit window and contact gap."""
    user = _user(request)
    sites = list(sites_administered(user))
    if not sites:
        raise Http404("Not an administrator's page")
    asked = request.GET.get("site")
    chosen = sites[0] if asked is None else next(
        (site for site in sites if str(site.pk) == asked), None)
    if chosen is None:
        raise Http404("No such site")
    form = SiteRulesForm(request.POST if request.method == "POST" else None, initial={
        "exit_window_months": chosen.exit_window_months,
        "contact_gap_days": chosen.contact_gap_days})
    if request.method == "POST" and form.is_valid():
        try:
            set_casework_rules(user, chosen, **form.cleaned_data)
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The rules of %(site)s are saved.") % {
                "site": chosen.name})
            return redirect(f"{reverse('casework:site_rules')}?site={chosen.pk}")
    return render(request, "casework/site_rules.html", {
        "form": form, "site": chosen, "sites": sites})
