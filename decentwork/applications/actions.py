"""Every write to applications, referrals and placements.

Each action checks who may act (through the scope), owns its transaction, writes a
log row for every change of state, leaves an audit entry and tells the people
concerned through the inbox. The placement actions here are the only writers of
``Vacancy.filled`` and ``JobSeeker.status``.

Locks are always taken in the same order (vacancy, then application, then seeker)
so that two actions never wait on each other in a circle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import formats
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import Scope, scope_of
from decentwork.applications.access import open_application
from decentwork.applications.models import (
    OPEN_STATES,
    Application,
    ApplicationState,
    ApplicationTransition,
    Origin,
    Placement,
    RefusalReason,
)
from decentwork.applications.signals import placement_recorded
from decentwork.applications.workflow import LIFECYCLE, TRANSITIONS, Party, Transition
from decentwork.applications.workflow import TransitionNotAllowed as TransitionNotAllowed
from decentwork.audit.log import record
from decentwork.controlled_lists import ContractType, Hours, WageBand
from decentwork.employers import actions as employer_actions
from decentwork.employers.models import Vacancy
from decentwork.inbox.actions import notify
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    JobSeeker,
    SeekerStatus,
    StatusChange,
    StatusChangeReason,
)
from decentwork.taxonomy.models import Concept, ConceptKind

# The name of the first log row of every application (not a transition of the table).
CREATE = "create"
# A start date further than this from today is almost certainly a typing mistake.
START_DATE_WINDOW = dt.timedelta(days=366)


class ObsoleteReason(models.TextChoices):
    """Why the platform closed an application: kept in the log row's reason."""

    VACANCY_CLOSED = "vacancy_closed", gettext_lazy("The vacancy was closed")
    VACANCY_FILLED = "vacancy_filled", gettext_lazy("The vacancy was filled")


@dataclass(frozen=True)
class RecommendationCopy:
    """Values copied from a ``recommendations.Recommendation`` row: a later matching
    run replaces the recommendations, the application keeps what the person saw."""

    run_id: int
    rank: int
    score: float
    explanation: dict[str, Any]


class ApplicationChangedMeanwhile(ValidationError):  # noqa: N818 - the name other apps catch
    """Someone moved the application after the actor last looked at it."""

    def __init__(self, current_state: str) -> None:
        self.current_state = current_state
        super().__init__(
            _("Someone changed this application meanwhile: it is now “%(current)s”. "
              "Nothing was changed; look again.") % {
                "current": ApplicationState(current_state).label},
            code="changed_meanwhile")


# Creating applications --------------------------------------------------------------


@transaction.atomic
def apply_to_vacancy(
    actor: User,
    seeker: JobSeeker,
    vacancy: Vacancy,
    *,
    message: str = "",
    recommendation: RecommendationCopy | None = None,
) -> tuple[Application, bool]:
    """The seeker applies (or their office's staff apply on their behalf).

    Returns the open application and whether it was created now: applying again
    while one is open returns that one and writes nothing.
    """
    if not _cares_for(scope_of(actor), seeker):
        raise PermissionDenied(_("You may only apply for yourself or for a job seeker of "
                                 "your office."))
    return _create(actor, seeker, vacancy, origin=Origin.SEEKER, message=message,
                   recommendation=recommendation)


@transaction.atomic
def refer_to_vacancy(
    actor: User,
    seeker: JobSeeker,
    vacancy: Vacancy,
    *,
    note: str = "",
    recommendation: RecommendationCopy | None = None,
) -> tuple[Application, bool]:
    """A counsellor proposes the seeker to the employer (a referral)."""
    scope = scope_of(actor)
    if not scope.serves_office(seeker.office_id, seeker.office.site_id):
        raise PermissionDenied(_("Only the staff of the job seeker's office may refer them."))
    return _create(actor, seeker, vacancy, origin=Origin.COUNSELLOR, message=note,
                   recommendation=recommendation)


@transaction.atomic
def invite_candidate(
    actor: User,
    seeker: JobSeeker,
    vacancy: Vacancy,
    *,
    message: str = "",
) -> tuple[Application, bool]:
    """The employer invites a candidate who agreed to be proposed to employers."""
    if not scope_of(actor).acts_for_employer(vacancy.employer_id):
        raise PermissionDenied(_("Only the employer's own users may invite candidates "
                               "to this vacancy."))
    return _create(actor, seeker, vacancy, origin=Origin.EMPLOYER, message=message)


def _create(
    actor: User,
    seeker: JobSeeker,
    vacancy: Vacancy,
    *,
    origin: Origin,
    message: str,
    recommendation: RecommendationCopy | None = None,
) -> tuple[Application, bool]:
    # The vacancy's row lock serialises applications to it against closing, filling
    # and each other, so a closed vacancy never gains an application and two clicks
    # never make two.
    vacancy = _lock_vacancy(vacancy.pk)
    existing = open_application(seeker, vacancy)
    if existing is not None:
        return existing, False
    today = clock.today()
    if not vacancy.is_open(today):
        raise ValidationError({"vacancy": _("This vacancy is closed or already filled.")})
    if vacancy.region_id != seeker.office.region_id:
        raise ValidationError({"vacancy": _(
            "This vacancy is in another labour-market region than the job seeker's office.")})
    if origin == Origin.EMPLOYER:
        if seeker.status != SeekerStatus.ACTIVE:
            raise ValidationError({"seeker": _("This person is not looking for work now.")})
        if not Consent.objects.filter(seeker=seeker, scope=ConsentScope.PROPOSAL_TO_EMPLOYERS,
                                      withdrawn_at__isnull=True).exists():
            raise ValidationError({"seeker": _(
                "This person has not agreed to be proposed to employers.")})
    now = clock.now()
    application = Application.objects.create(
        seeker=seeker, vacancy=vacancy, origin=origin, state=ApplicationState.NEW,
        created_by=actor, created_at=now, updated_at=now, message=message.strip(),
        recommendation_run_id=recommendation.run_id if recommendation else None,
        recommendation_rank=recommendation.rank if recommendation else None,
        recommendation_score=recommendation.score if recommendation else None,
        recommendation_explanation=recommendation.explanation if recommendation else None,
    )
    ApplicationTransition.objects.create(
        application=application, name=CREATE, from_state="", to_state=ApplicationState.NEW,
        actor=actor, at=now)
    record(actor, f"applications.create.{origin}", application, vacancy=vacancy.pk,
           seeker=seeker.pk, from_recommendation=recommendation is not None)
    _notify_created(actor, application)
    return application, True


# Transitions -------------------------------------------------------------------------


@transaction.atomic
def transition_application(
    actor: User | None,
    application: Application,
    name: str,
    *,
    expected_state: str | None = None,
    reason: str = "",
    note: str = "",
) -> Application:
    """Take the named transition of ``workflow.LIFECYCLE``.

    ``expected_state`` is the state the actor saw: if someone moved the application
    since, nothing is written and :class:`ApplicationChangedMeanwhile` says so.
    ``actor`` is ``None`` only for the platform itself (a job).
    """
    transition = LIFECYCLE.get(name)
    if transition.name == "accept":
        # A hire without its placement would leave the vacancy and the seeker's
        # status out of step with the application.
        raise ValidationError({"name": _("Record a hire with its start date and contract.")})
    _require_party(actor, application, transition)
    reason, note = _clean_reason(transition, reason, note)
    locked = _lock_application(application.pk)
    _check_state(locked, transition, expected_state)
    _write_transition(actor, locked, transition, reason=reason, note=note)
    return locked


def may_act_as(actor: User | None, application: Application, party: Party) -> bool:
    """Whether ``actor`` may take the application's steps that belong to ``party``;
    the pages ask it too, so they offer exactly the steps the actions allow."""
    if party is Party.SYSTEM:
        return actor is None
    if actor is None:
        return False
    if party is Party.EMPLOYER:
        return _acts_for_vacancy(scope_of(actor), application.vacancy)
    return _cares_for(scope_of(actor), application.seeker)


def _require_party(actor: User | None, application: Application,
                   transition: Transition) -> None:
    if not may_act_as(actor, application, transition.party):
        raise PermissionDenied(_("You may not take this step on this application."))


def _acts_for_vacancy(scope: Scope, vacancy: Vacancy) -> bool:
    return (scope.acts_for_employer(vacancy.employer_id)
            or scope.administers_site(vacancy.employer.site_id))


def _cares_for(scope: Scope, seeker: JobSeeker) -> bool:
    return scope.cares_for_seeker(seeker_id=seeker.pk, office_id=seeker.office_id,
                                  site_id=seeker.office.site_id)


def _clean_reason(transition: Transition, reason: str, note: str) -> tuple[str, str]:
    note = note.strip()
    if transition.needs_reason:
        if reason not in RefusalReason.values:
            raise ValidationError({"reason": _("Choose the reason from the list.")})
        if reason == RefusalReason.OTHER and not note:
            raise ValidationError({"note": _("Say in a few words what the other reason is.")})
    elif transition.party is Party.SYSTEM:
        if reason and reason not in ObsoleteReason.values:
            raise ValidationError({"reason": _("Choose the reason from the list.")})
    elif reason:
        raise ValidationError({"reason": _("This step takes no reason.")})
    return reason, note


def _lock_application(pk: int) -> Application:
    # ``of=("self",)``: lock the application row only, not the rows joined for reading.
    return (Application.objects.select_for_update(of=("self",))
            .select_related("vacancy__employer", "seeker__office", "seeker__user")
            .get(pk=pk))


def _lock_vacancy(pk: int) -> Vacancy:
    # No key is updated, so inserts that merely reference the vacancy are not blocked.
    return (Vacancy.objects.select_for_update(of=("self",), no_key=True)
            .select_related("employer").get(pk=pk))


def _check_state(application: Application, transition: Transition,
                 expected_state: str | None) -> None:
    if expected_state is not None and application.state != expected_state:
        raise ApplicationChangedMeanwhile(application.state)
    LIFECYCLE.check(transition.name, application.state)


def _write_transition(actor: User | None, application: Application, transition: Transition,
                      *, reason: str = "", note: str = "",
                      notice_params: Mapping[str, object] | None = None) -> None:
    """Write the new state, its log row, the audit entry and the notices."""
    from_state = application.state
    now = clock.now()
    application.state = transition.target
    application.updated_at = now
    fields = ["state", "updated_at"]
    if transition.needs_reason:
        application.refusal_reason = reason
        application.refusal_text = note
        fields += ["refusal_reason", "refusal_text"]
    application.save(update_fields=fields)
    ApplicationTransition.objects.create(
        application=application, name=transition.name, from_state=from_state,
        to_state=transition.target, actor=actor, at=now, reason=reason, note=note)
    record(actor, f"applications.{transition.name}", application, from_state=from_state,
           to_state=transition.target, reason=reason)
    _notify_transition(application, transition, reason=reason, extra=notice_params or {})


# Placements --------------------------------------------------------------------------


@transaction.atomic
def accept_application(
    actor: User,
    application: Application,
    *,
    start_date: dt.date,
    contract_type: str,
    hours: str,
    formal: bool,
    wage_band: str = WageBand.NOT_KNOWN,
    hours_per_week: int | None = None,
    expected_state: str | None = None,
    note: str = "",
) -> Placement:
    """The employer hires the candidate: the application is accepted, a placement
    recorded, the vacancy's filled openings counted and the seeker is in work.

    When this fills the vacancy, its other open applications are closed.
    """
    transition = TRANSITIONS["accept"]
    _require_party(actor, application, transition)
    _validate_job(start_date=start_date, contract_type=contract_type, hours=hours,
                  wage_band=wage_band, hours_per_week=hours_per_week)
    vacancy = _lock_vacancy(application.vacancy_id)
    locked = _lock_application(application.pk)
    _check_state(locked, transition, expected_state)
    if vacancy.filled >= vacancy.openings:
        raise ValidationError({"vacancy": _("Every opening of this vacancy is already filled.")})
    _write_transition(actor, locked, transition, note=note.strip(),
                      notice_params={"start_date": _lazy_date(start_date)})
    placement = Placement.objects.create(
        seeker=locked.seeker, application=locked, vacancy=vacancy, employer=vacancy.employer,
        occupation=vacancy.occupation, job_title=vacancy.title, contract_type=contract_type,
        hours=hours, hours_per_week=hours_per_week, formal=formal, wage_band=wage_band,
        start_date=start_date, through_platform=True, recorded_by=actor,
        recorded_at=clock.now())
    vacancy.filled += 1
    vacancy.save(update_fields=["filled"])
    record(actor, "applications.record_placement", placement, application=locked.pk,
           vacancy=vacancy.pk, through_platform=True)
    _change_status(actor, locked.seeker, SeekerStatus.PLACED, StatusChangeReason.PLACED,
                   start_date, note="")
    if vacancy.filled >= vacancy.openings:
        _make_open_applications_obsolete(actor, vacancy, ObsoleteReason.VACANCY_FILLED)
    placement_recorded.send(sender=Placement, placement=placement)
    return placement


@transaction.atomic
def record_outside_placement(
    actor: User,
    seeker: JobSeeker,
    *,
    employer_name: str,
    start_date: dt.date,
    contract_type: str,
    hours: str,
    formal: bool,
    wage_band: str = WageBand.NOT_KNOWN,
    occupation: Concept | None = None,
    job_title: str = "",
    hours_per_week: int | None = None,
) -> Placement:
    """A job the person found outside the platform, recorded by them or their office."""
    if not _cares_for(scope_of(actor), seeker):
        raise PermissionDenied(_("You may only record a job for yourself or for a job "
                                 "seeker of your office."))
    employer_name = employer_name.strip()
    if not employer_name:
        raise ValidationError({"employer_name": _("Enter the employer's name.")})
    if occupation is not None and occupation.kind != ConceptKind.OCCUPATION:
        raise ValidationError({"occupation": _("Choose an occupation, not a skill or group.")})
    _validate_job(start_date=start_date, contract_type=contract_type, hours=hours,
                  wage_band=wage_band, hours_per_week=hours_per_week)
    placement = Placement.objects.create(
        seeker=seeker, employer_name=employer_name, occupation=occupation,
        job_title=job_title.strip(), contract_type=contract_type, hours=hours,
        hours_per_week=hours_per_week, formal=formal, wage_band=wage_band,
        start_date=start_date, through_platform=False, recorded_by=actor,
        recorded_at=clock.now())
    record(actor, "applications.record_placement", placement, through_platform=False)
    _change_status(actor, seeker, SeekerStatus.PLACED, StatusChangeReason.PLACED, start_date,
                   note="")
    placement_recorded.send(sender=Placement, placement=placement)
    return placement


@transaction.atomic
def end_placement(actor: User, placement: Placement, *, end_date: dt.date,
                  note: str = "") -> Placement:
    """The job ended: the seeker looks for work again, unless another job is current."""
    placement = (Placement.objects.select_for_update(of=("self",))
                 .select_related("seeker__office").get(pk=placement.pk))
    scope = scope_of(actor)
    if not (_cares_for(scope, placement.seeker)
            or (placement.employer_id is not None
                and scope.acts_for_employer(placement.employer_id))):
        raise PermissionDenied(_("You may not change this job's record."))
    if placement.end_date is not None:
        raise ValidationError({"end_date": _("This job has already ended.")})
    if end_date < placement.start_date:
        raise ValidationError({"end_date": _("The end date must be on or after the start date.")})
    if end_date > clock.today():
        raise ValidationError({"end_date": _("Record the end of a job once it has ended.")})
    placement.end_date = end_date
    placement.save(update_fields=["end_date"])
    record(actor, "applications.end_placement", placement, note=bool(note.strip()))
    still_working = (Placement.objects.filter(seeker_id=placement.seeker_id, end_date__isnull=True)
                     .exclude(pk=placement.pk).exists())
    if not still_working and placement.seeker.status == SeekerStatus.PLACED:
        _change_status(actor, placement.seeker, SeekerStatus.ACTIVE,
                       StatusChangeReason.PLACEMENT_ENDED, end_date, note=note)
    return placement


def _validate_job(*, start_date: dt.date, contract_type: str, hours: str, wage_band: str,
                  hours_per_week: int | None) -> None:
    errors: dict[str, str] = {}
    if contract_type not in ContractType.values:
        errors["contract_type"] = _("Choose one of the listed contract types.")
    if hours not in Hours.values:
        errors["hours"] = _("Choose one of the listed hours.")
    if wage_band not in WageBand.values:
        errors["wage_band"] = _("Choose one of the listed wage bands.")
    if hours_per_week is not None and not 1 <= hours_per_week <= 80:
        errors["hours_per_week"] = _("Enter a number of hours from 1 to 80.")
    if abs(start_date - clock.today()) > START_DATE_WINDOW:
        errors["start_date"] = _("Enter a start date within a year from today.")
    if errors:
        raise ValidationError(errors)


def _change_status(actor: User | None, seeker: JobSeeker, to: SeekerStatus,
                   reason: StatusChangeReason, effective_on: dt.date,
                   note: str) -> StatusChange | None:
    """The one writer of ``JobSeeker.status``, with its history row.

    Nothing is written when the status already is ``to`` (a second job keeps the
    person in work; it does not start a new spell).
    """
    locked = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
    seeker.status = to
    if locked.status == to:
        return None
    change = StatusChange.objects.create(
        seeker=locked, from_status=locked.status, to_status=to, reason=reason,
        at=clock.now(), effective_on=effective_on, changed_by=actor, note=note.strip()[:300])
    locked.status = to
    locked.save(update_fields=["status"])
    record(actor, "seekers.change_status", locked, from_status=change.from_status,
           to_status=to, reason=reason)
    return change


# Erasure -----------------------------------------------------------------------------


@transaction.atomic
def close_for_erasure(seeker: JobSeeker) -> int:
    """The platform closes what an erased person had open here; returns how many
    applications it withdrew.

    Called by the erasure after the anonymisation, so the employers' notices of the
    withdrawal name the stand-in. The person stops looking for work unless in work:
    a placement keeps counting, and its status with it.
    """
    applications = (Application.objects.filter(seeker=seeker, state__in=OPEN_STATES)
                    .order_by("pk"))
    withdrawn = 0
    for application in applications:
        transition_application(None, application, "withdraw_erased")
        withdrawn += 1
    if seeker.status == SeekerStatus.ACTIVE:
        _change_status(None, seeker, SeekerStatus.INACTIVE, StatusChangeReason.STOPPED_LOOKING,
                       clock.today(), note="")
    return withdrawn


# Closing a vacancy -------------------------------------------------------------------


@transaction.atomic
def close_vacancy(actor: User, vacancy: Vacancy, *, on: dt.date | None = None) -> int:
    """Close the vacancy; once it no longer takes applications, close its open ones
    too (each with its log row and a notice). Returns how many were closed.

    ``on`` is the last day applications are taken (the vacancy's "open until").
    Without it the vacancy closes now: its last day was yesterday. A last day today
    or later only stops new applications from then on; the employer may still
    answer the ones already sent.
    """
    if not employer_actions.can_manage_vacancies_of(actor, vacancy.employer):
        raise PermissionDenied(_("You may only close your own organisation's vacancies."))
    today = clock.today()
    locked = _lock_vacancy(vacancy.pk)
    if on is None:
        # Closing again keeps the day it first closed. A vacancy cannot close before
        # it opened: one posted today stays listed until tonight, but "close now"
        # still closes what was sent to it.
        already = locked.closes_on if locked.closes_on and locked.closes_on < today else None
        employer_actions.close_vacancy(actor, locked,
                                       on=already or today - dt.timedelta(days=1))
    else:
        employer_actions.close_vacancy(actor, locked, on=on)
    vacancy.closes_on = locked.closes_on
    if on is not None and locked.closes_on is not None and locked.closes_on >= today:
        return 0
    return _make_open_applications_obsolete(actor, locked, ObsoleteReason.VACANCY_CLOSED)


def _make_open_applications_obsolete(actor: User | None, vacancy: Vacancy,
                                     reason: ObsoleteReason) -> int:
    """The platform closes the vacancy's open applications. The caller holds the
    vacancy's lock, so none can be added meanwhile."""
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy__employer", "seeker__office", "seeker__user")
        .filter(vacancy=vacancy, state__in=OPEN_STATES).order_by("pk"))
    transition = TRANSITIONS["make_obsolete"]
    for application in applications:
        _write_transition(actor, application, transition, reason=reason)
    return len(applications)


# Notices -----------------------------------------------------------------------------


def _link(application: Application) -> str:
    return f"/applications/{application.pk}/"


def _params(application: Application) -> dict[str, object]:
    return {"vacancy": application.vacancy.title, "employer": application.vacancy.employer.name,
            "seeker": application.seeker.full_name}


def _employer_users(application: Application) -> models.QuerySet[User]:
    return User.objects.filter(employer_membership__employer_id=application.vacancy.employer_id,
                               is_active=True).order_by("pk")


def _tell_employer(application: Application, kind: str, subject: str | Promise,
                   body: str | Promise, params: Mapping[str, object]) -> None:
    for user in _employer_users(application):
        notify(user, kind=kind, subject=subject, body=body, params=params,
               link=_link(application))


def _tell_seeker(application: Application, kind: str, subject: str | Promise,
                 body: str | Promise, params: Mapping[str, object]) -> None:
    user = application.seeker.user
    if user is not None:
        notify(user, kind=kind, subject=subject, body=body, params=params,
               link=_link(application))


def _notify_created(actor: User, application: Application) -> None:
    params = _params(application)
    if application.origin == Origin.SEEKER:
        _tell_employer(
            application, "applications.received",
            gettext_lazy("New application for %(vacancy)s"),
            gettext_lazy("%(seeker)s applied for your vacancy %(vacancy)s. "
                         "Open the application to answer."),
            params)
    elif application.origin == Origin.COUNSELLOR:
        params["counsellor"] = actor.get_full_name() or actor.username
        _tell_employer(
            application, "applications.referred",
            gettext_lazy("A counsellor proposes a candidate for %(vacancy)s"),
            gettext_lazy("%(counsellor)s, a counsellor of the public employment service, "
                         "proposes %(seeker)s for your vacancy %(vacancy)s. "
                         "Open the referral to answer."),
            params)
        _tell_seeker(
            application, "applications.referred",
            gettext_lazy("Your counsellor proposed you for %(vacancy)s"),
            gettext_lazy("Your counsellor %(counsellor)s proposed you to %(employer)s for "
                         "the job %(vacancy)s. The employer will answer here."),
            params)
    else:
        _tell_seeker(
            application, "applications.invited",
            gettext_lazy("%(employer)s invites you to apply for %(vacancy)s"),
            gettext_lazy("%(employer)s saw your profile and invites you to apply for the job "
                         "%(vacancy)s. Open the invitation to say yes or no."),
            params)


def _format_date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


# Formatted when the notice is rendered, in the recipient's language.
_lazy_date = lazy(_format_date, str)


def _notify_transition(application: Application, transition: Transition, *,
                       reason: str, extra: Mapping[str, object]) -> None:
    params = {**_params(application), **extra}
    target = transition.target
    if target == ApplicationState.WITHDRAWN:
        _tell_employer(
            application, "applications.withdrawn",
            gettext_lazy("%(seeker)s withdrew their application for %(vacancy)s"),
            gettext_lazy("%(seeker)s is no longer a candidate for your vacancy %(vacancy)s. "
                         "You do not need to answer this application."),
            params)
    elif target == ApplicationState.INTERVIEW:
        _tell_seeker(
            application, "applications.interview",
            gettext_lazy("Interview planned for %(vacancy)s"),
            gettext_lazy("%(employer)s wants to meet you for the job %(vacancy)s. "
                         "They will tell you the day and the place."),
            params)
    elif target == ApplicationState.ACCEPTED:
        _tell_seeker(
            application, "applications.accepted",
            gettext_lazy("You are hired: %(vacancy)s"),
            gettext_lazy("%(employer)s hired you for the job %(vacancy)s. Your first day is "
                         "%(start_date)s. Congratulations!"),
            params)
    elif target == ApplicationState.REFUSED:
        params["reason"] = RefusalReason(reason).label
        _tell_seeker(
            application, "applications.refused",
            gettext_lazy("Answer to your application for %(vacancy)s"),
            gettext_lazy("%(employer)s did not choose you for the job %(vacancy)s. "
                         "Reason given: %(reason)s. Your counsellor can help you find "
                         "other jobs."),
            params)
    elif target == ApplicationState.OBSOLETE:
        if reason == ObsoleteReason.VACANCY_FILLED:
            subject = gettext_lazy("The vacancy %(vacancy)s has been filled")
        else:
            subject = gettext_lazy("The vacancy %(vacancy)s is closed")
        _tell_seeker(
            application, "applications.obsolete", subject,
            gettext_lazy("%(employer)s is no longer hiring for %(vacancy)s, so your "
                         "application is closed. This says nothing about you: look at other "
                         "vacancies or ask your counsellor."),
            params)
