"""Sam and Tess with a history in every app, each of their words carrying a marker
(``SAMMARK``, ``TESSMARK``) that appears nowhere else, so a test can look for what
is left of one of them in every text column of every table."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.agenda.actions import book_appointment, cancel_appointment
from decentwork.agenda.models import Appointment, AppointmentTransition, Channel
from decentwork.applications.actions import apply_to_vacancy, record_outside_placement
from decentwork.applications.models import Application, ApplicationTransition, Placement
from decentwork.assistance.access import exits_by_office
from decentwork.assistance.models import AssistanceSpell
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import CaseNote, Confidentiality
from decentwork.casework.models import (
    ActionPlan,
    AssessedBarrier,
    Assessment,
    Barrier,
    Participation,
    ParticipationState,
    ParticipationTransition,
    PlanStep,
    PlanStepTransition,
    Severity,
    StepOwner,
    StepState,
    StepType,
)
from decentwork.controlled_lists import ContractType, Hours
from decentwork.employers.models import Vacancy
from decentwork.followup.models import FollowUp
from decentwork.inbox.actions import notify
from decentwork.insights.access import access_analyst_site, office_figures
from decentwork.programmes.models import TrainingProgramme
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import MatchingRun, NoCloseMatch
from decentwork.seekers.actions import (
    add_experience_in_own_words,
    declare_target_group,
    grant_consent,
    set_spoken_language,
)
from decentwork.seekers.models import (
    ConsentScope,
    Invitation,
    JobSeeker,
    SeekerStatus,
    StatusChange,
    StatusChangeReason,
)
from decentwork.taxonomy.models import Concept, OccupationSkill, Relevance
from tests.conftest import World
from tests.recommendations.conftest import give_skills, skill, vacancy

CARE_SKILLS = ["bathe patients", "take vital signs"]


@dataclass
class People:
    world: World
    tess_user: User
    care: Vacancy  # the job both fit
    run: MatchingRun


def give_history(world: World, person: JobSeeker, login: User, mark: str) -> None:
    """Rows about ``person`` in every app, each free text carrying ``mark``."""
    person.first_name, person.last_name = f"{mark}first", f"{mark}last"
    person.place = f"{mark} street"
    person.save(update_fields=["first_name", "last_name", "place"])
    login.first_name, login.last_name = person.first_name, person.last_name
    login.email = f"{mark.lower()}@example.org"
    login.save(update_fields=["first_name", "last_name", "email"])
    alice = world.alice
    set_spoken_language(login, person, language="tr", level="native")
    give_skills(person, CARE_SKILLS)
    occupation = Concept.objects.create(uri=f"http://example.org/occupation/helper-{mark[0]}",
                                        kind="occupation")
    # The occupation implies a skill, so the experience brings an inferred one.
    OccupationSkill.objects.create(occupation=occupation, skill=skill("cook rice"),
                                   relevance=Relevance.ESSENTIAL)
    add_experience_in_own_words(login, person, title=f"{mark} helper at the market",
                                language="en", occupation=occupation, suggested=occupation)
    declare_target_group(alice, person, "refugee")
    grant_consent(alice, person, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    Invitation.objects.create(
        office=person.office, seeker=person, email=f"{mark.lower()}.invited@example.org",
        token_hash=hashlib.sha256(mark.encode()).hexdigest(), invited_by=alice,
        created_at=clock.now(), expires_at=clock.now() + dt.timedelta(days=14))
    application, _created = apply_to_vacancy(login, person, world.v_a,
                                             message=f"{mark} would love this job")
    Application.objects.filter(pk=application.pk).update(refusal_text=f"{mark} refusal")
    ApplicationTransition.objects.filter(application=application).update(note=f"{mark} sent")
    placement = record_outside_placement(
        alice, person, employer_name=f"{mark} bakery", job_title=f"{mark} baker",
        start_date=clock.today() - dt.timedelta(days=100), contract_type=ContractType.PERMANENT,
        hours=Hours.FULL_TIME, formal=True)
    StatusChange.objects.create(
        seeker=person, from_status=SeekerStatus.PLACED, to_status=SeekerStatus.ACTIVE,
        reason=StatusChangeReason.PLACEMENT_ENDED, at=clock.now(),
        effective_on=clock.today(), changed_by=alice, note=f"{mark} left the bakery")
    Placement.objects.filter(pk=placement.pk).update(end_date=clock.today())
    JobSeeker.objects.filter(pk=person.pk).update(status=SeekerStatus.ACTIVE)
    appointment = book_appointment(alice, person, starts_at=clock.now() + dt.timedelta(days=3),
                                   channel=Channel.PHONE, purpose=f"{mark} CV review")
    cancel_appointment(login, Appointment.objects.get(pk=appointment.pk),
                       note=f"{mark} is ill")
    write_note(alice, person, text=f"{mark} has debts", confidentiality=Confidentiality.CONFIDENTIAL)
    _casework(person, alice, mark)
    AssistanceSpell.objects.create(seeker=person, programme_name="Basic income",
                                   started_on=clock.today() - dt.timedelta(days=400),
                                   recorded_by=alice, recorded_at=clock.now())
    # A notice to the person, and one to an employer naming them.
    notify(login, kind="test.notice", subject=f"Hello {mark}", body=f"{mark}, welcome")
    notify(world.erin, kind="test.candidate", subject="A candidate",
           body=f"{person.full_name} may suit your vacancy.")
    LogEntry.objects.create(user=login, content_type=ContentType.objects.get_for_model(User),
                            object_id=str(login.pk), object_repr=f"{mark} account",
                            action_flag=CHANGE, change_message=f"{mark} changed")


def _casework(person: JobSeeker, counsellor: User, mark: str) -> None:
    today = clock.today()
    assessment = Assessment.objects.create(
        seeker=person, assessed_on=today, assessed_by=counsellor, recorded_at=clock.now(),
        employment_history=f"{mark} worked at the market", goals=f"{mark} wants to cook")
    AssessedBarrier.objects.create(assessment=assessment, barrier=Barrier.CHILDCARE,
                                   severity=Severity.MODERATE, note=f"{mark} has two children")
    plan = ActionPlan.objects.create(seeker=person, starts_on=today, agreed_on=today,
                                     agreed_by=counsellor)
    programme = TrainingProgramme.objects.create(site=person.office.site, title="Cooking")
    step = PlanStep.objects.create(plan=plan, step_type=StepType.TRAINING_COURSE,
                                   title=f"{mark} takes the cooking course",
                                   owner=StepOwner.SEEKER, due_on=today, programme=programme)
    PlanStepTransition.objects.create(step=step, name="create", to_state=StepState.PLANNED,
                                      actor=counsellor, at=clock.now(), note=f"{mark} agreed")
    participation = Participation.objects.create(
        seeker=person, programme=programme, plan_step=step,
        state=ParticipationState.DROPPED_OUT, offered_on=today,
        certificate=f"{mark} certificate", drop_out_reason=f"{mark} moved house")
    ParticipationTransition.objects.create(
        participation=participation, name="offer", to_state=ParticipationState.OFFERED,
        actor=counsellor, at=clock.now(), note=f"{mark} was offered a place")


@pytest.fixture
def people(world: World) -> People:
    """Sam and Tess, each with a history everywhere, and a finished matching run
    that holds both in its sealed snapshot."""
    tess_user = world.tess_user()
    care = vacancy(world.v_a.employer, world.v_a.region, essential=CARE_SKILLS)
    give_history(world, world.sam, world.sam_user, "SAMMARK")
    give_history(world, world.tess, tess_user, "TESSMARK")
    run = run_matching_in_process(None, world.v_a.region, chunk_size=10)
    # Both fit the care job; a run lists someone without a close match only when
    # nothing fits, so that row is written here.
    for person in (world.sam, world.tess):
        NoCloseMatch.objects.create(run=run, seeker=person, nearest_occupations=[])
    return People(world=world, tess_user=tess_user, care=care, run=run)


def figures(analyst: User, administrator: User) -> dict[str, object]:
    """What the site's figures count: the analyst's overview, exits from assistance,
    and the rows every outcome figure is computed from, by state where there is one."""
    site = access_analyst_site(analyst)
    today = clock.today()
    counted: dict[str, object] = {
        "overview": office_figures(site),
        "exits": exits_by_office(administrator, since=today - dt.timedelta(days=3650),
                                 until=today, today=today),
    }
    for model, by in COUNTED:
        rows = model._default_manager.all()
        counted[model._meta.label] = (sorted(rows.order_by().values_list(by).annotate(n=Count("pk")))
                                      if by else rows.count())
    return counted


COUNTED: list[tuple[type[Model], str | None]] = [
    (JobSeeker, "status"), (StatusChange, "reason"), (Application, "state"),
    (ApplicationTransition, "to_state"), (Placement, "contract_type"), (FollowUp, None),
    (Appointment, "state"), (AppointmentTransition, "to_state"), (CaseNote, None),
    (Assessment, None), (AssessedBarrier, "barrier"), (ActionPlan, None), (PlanStep, "state"),
    (Participation, "state"), (AssistanceSpell, "end_reason"),
]
