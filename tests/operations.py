"""One valid request for every operation the API documents, on objects a ``Scene``
makes through the same actions as the pages.

Two tests read it: ``tests/test_every_operation.py`` (each answers 2xx to the persona
named here) and the authorization matrix (``tests/authorization``), which sends the
same request as every persona and checks who is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from decentwork import clock
from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.agenda.actions import book_appointment
from decentwork.agenda.models import Appointment, Channel
from decentwork.applications.actions import apply_to_vacancy, record_outside_placement
from decentwork.applications.models import Application
from decentwork.assistance.actions import record_spell
from decentwork.assistance.models import AssistanceSpell, EndReason
from decentwork.casework.actions import agree_plan, offer_place
from decentwork.casework.models import Participation, PlanStep, StepOwner, StepType
from decentwork.casework.proposals import StepInput
from decentwork.controlled_lists import ContractType, Hours
from decentwork.employers.models import Vacancy
from decentwork.followup.models import FollowUp
from decentwork.inbox.actions import notify
from decentwork.inbox.models import Message
from decentwork.network.factories import SiteMembershipFactory
from decentwork.privacy.actions import request_erasure
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import MatchingRun, Recommendation
from decentwork.seekers.actions import declare_target_group, invite_seeker
from decentwork.seekers.models import ConsentScope
from decentwork.staff.actions import invite_staff, set_staff_member_active
from decentwork.taxonomy.models import Concept, ConceptKind
from tests.casework.helpers import programme_of
from tests.conftest import World
from tests.recommendations.conftest import consent, give_skills, vacancy

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


class Scene:
    """The objects the requests name, each made on first use through the actions."""

    def __init__(self, world: World) -> None:
        self.world = world

    @property
    def today(self) -> dt.date:
        return clock.today()

    @cached_property
    def occupation(self) -> Concept:
        return Concept.objects.filter(kind=ConceptKind.OCCUPATION).order_by("uri")[0]

    @cached_property
    def declared_refugee(self) -> None:
        declare_target_group(self.world.alice, self.world.sam, ConsentScope.REFUGEE)

    @cached_property
    def care_job(self) -> Vacancy:
        """Erin's vacancy that Sam fits, with a finished matching run listing him."""
        world = self.world
        job = vacancy(world.v_a.employer, world.v_a.region, title="Care assistant",
                      essential=["bathe patients", "take vital signs"])
        give_skills(world.sam, ["bathe patients", "take vital signs"])
        consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
        run_matching_in_process(None, world.v_a.region)
        return job

    @cached_property
    def run(self) -> MatchingRun:
        self.care_job  # noqa: B018
        return MatchingRun.objects.get()

    @cached_property
    def recommendation(self) -> Recommendation:
        return Recommendation.objects.get(vacancy=self.care_job, seeker=self.world.sam)

    @cached_property
    def application(self) -> Application:
        world = self.world
        application, _created = apply_to_vacancy(world.sam_user, world.sam, world.v_a,
                                                 message="I baked for ten years.")
        return application

    @cached_property
    def plan_step(self) -> PlanStep:
        world = self.world
        plan = agree_plan(world.alice, world.sam, starts_on=self.today, steps=[StepInput(
            step_type=StepType.SERVICE_REFERRAL, title="Call the childcare service",
            owner=StepOwner.COUNSELLOR, due_on=self.today + dt.timedelta(days=7))])
        return plan.steps.get()

    @cached_property
    def offered_place(self) -> Participation:
        world = self.world
        return offer_place(world.alice, world.sam, programme_of(world))

    def appointment(self, *, started: bool) -> Appointment:
        """Booked by Alice an hour ahead; ``started``: booked yesterday, so it began."""
        booked_at = clock.now() - dt.timedelta(days=1 if started else 0)
        with clock.travel_to(booked_at):
            return book_appointment(self.world.alice, self.world.sam,
                                    starts_at=booked_at + dt.timedelta(hours=1),
                                    channel=Channel.IN_PERSON)

    @cached_property
    def follow_up_due(self) -> FollowUp:
        """The three-month check of a job Sam started four months ago."""
        start = self.today - dt.timedelta(days=122)
        with clock.travel_to(dt.datetime.combine(start, dt.time(12), tzinfo=dt.UTC)):
            placement = record_outside_placement(
                self.world.alice, self.world.sam, employer_name="Bosphorus Bakery",
                job_title="Baker's assistant", start_date=start,
                contract_type=ContractType.PERMANENT, hours=Hours.FULL_TIME, formal=True)
        return FollowUp.objects.get(placement=placement, months=3)

    @cached_property
    def spell(self) -> AssistanceSpell:
        return record_spell(self.world.alice, self.world.sam, programme_name="Cash assistance",
                            started_on=self.today - dt.timedelta(days=90))

    @cached_property
    def erasure_asked(self) -> None:
        request_erasure(self.world.sam_user, self.world.sam)

    # What the pages of the authorization matrix name besides the above.
    @cached_property
    def site_admin(self) -> User:
        """Sofia, the administrator of Sam's site (Judy administers the whole platform)."""
        sofia = UserFactory(username="sofia", role=Role.ADMINISTRATOR)
        SiteMembershipFactory(user=sofia, site=self.world.office_a.site)
        return sofia

    @cached_property
    def seeker_step(self) -> PlanStep:
        """A step of Sam's own: he may mark it done himself."""
        world = self.world
        plan = agree_plan(world.alice, world.sam, starts_on=self.today, steps=[StepInput(
            step_type=StepType.JOB_SEARCH, title="Apply for three jobs",
            owner=StepOwner.SEEKER, due_on=self.today + dt.timedelta(days=14))])
        return plan.steps.get()

    @cached_property
    def message(self) -> Message:
        message = notify(self.world.sam_user, kind="test", subject="Hello",
                         body="A message for Sam.")
        assert message is not None
        return message

    @cached_property
    def invitation_token(self) -> str:
        """A link Alice sent to someone who has not signed up yet."""
        return invite_seeker(self.world.alice, office=self.world.office_a,
                             email="newcomer@example.org")[1]

    @cached_property
    def staff_invitation_token(self) -> str:
        """A link Judy sent to a counsellor-to-be of Sam's office."""
        return invite_staff(self.world.judy, email="mehmet@example.org", first_name="Mehmet",
                            role="counsellor", office=self.world.office_a)[1]

    @cached_property
    def dana_deactivated(self) -> None:
        set_staff_member_active(self.world.judy, self.world.dana, active=False)


Values = Callable[[Scene], dict[str, Any]]


@dataclass(frozen=True)
class Call:
    """One valid request: who makes it, the path's parameters, the query, the body."""

    persona: str
    path: Values | None = None
    query: Values | None = None
    body: Values | None = None
    # The project's demo taxonomy is imported first (a few seconds).
    taxonomy: bool = False
    # Run before the request, for state that the request reads (a plan, a consent).
    given: Callable[[Scene], object] | None = None


def sam(s: Scene) -> dict[str, Any]:
    return {"seeker_id": s.world.sam.pk}


def dana(s: Scene) -> dict[str, Any]:
    return {"user_id": s.world.dana.pk}


def on(day: dt.date) -> str:
    return day.isoformat()


OPERATIONS: dict[tuple[str, str], Call] = {
    # Seekers and vacancies.
    ("GET", "/api/seekers"): Call("alice"),
    ("GET", "/api/seekers/{seeker_id}"): Call("alice", sam),
    ("GET", "/api/seekers/{seeker_id}/sensitive"): Call(
        "alice", sam, given=lambda s: s.declared_refugee),
    ("GET", "/api/vacancies"): Call("alice"),
    ("GET", "/api/vacancies/{vacancy_id}"): Call(
        "alice", lambda s: {"vacancy_id": s.world.v_a.pk}),
    # Taxonomy and linking.
    ("GET", "/api/taxonomy/concepts"): Call(
        "alice", query=lambda s: {"q": s.occupation.labels.values_list("text", flat=True)[0]},
        taxonomy=True),
    ("GET", "/api/taxonomy/concept"): Call(
        "alice", query=lambda s: {"uri": s.occupation.uri}, taxonomy=True),
    ("POST", "/api/link"): Call("alice", body=lambda s: {"texts": ["cook"]}, taxonomy=True),
    ("POST", "/api/link/skills"): Call(
        "sam_user", body=lambda s: {"text": "I cooked meals for a hotel kitchen."},
        taxonomy=True),
    ("POST", "/api/link/feedback"): Call(
        "alice", body=lambda s: {"text": "aşçı yardımcısı", "language": "tr",
                                 "uri": s.occupation.uri, "verdict": "confirmed"},
        taxonomy=True),
    # Matching.
    ("POST", "/api/matching/runs"): Call(
        "bob", body=lambda s: {"region_id": s.world.v_a.region_id}),
    ("GET", "/api/matching/runs/{run_id}"): Call("bob", lambda s: {"run_id": s.run.pk}),
    ("GET", "/api/seekers/{seeker_id}/recommendations"): Call(
        "alice", sam, given=lambda s: s.care_job),
    ("GET", "/api/vacancies/{vacancy_id}/candidates"): Call(
        "erin", lambda s: {"vacancy_id": s.care_job.pk}),
    ("POST", "/api/applications/invitations"): Call(
        "erin", body=lambda s: {"recommendation_id": s.recommendation.pk,
                                "message": "Would you come for a talk?"}),
    # Applications and placements.
    ("GET", "/api/applications"): Call("alice", given=lambda s: s.application),
    ("POST", "/api/applications"): Call(
        "sam_user", body=lambda s: {"vacancy_id": s.world.v_a.pk, "seeker_id": s.world.sam.pk,
                                    "message": "Hello"}),
    ("POST", "/api/applications/referrals"): Call(
        "alice", body=lambda s: {"vacancy_id": s.world.v_a.pk, "seeker_id": s.world.tess.pk}),
    ("GET", "/api/applications/{application_id}"): Call(
        "alice", lambda s: {"application_id": s.application.pk}),
    ("POST", "/api/applications/{application_id}/transitions"): Call(
        "erin", lambda s: {"application_id": s.application.pk},
        body=lambda s: {"name": "mark_seen"}),
    ("GET", "/api/seekers/{seeker_id}/placements"): Call("alice", sam),
    ("POST", "/api/seekers/{seeker_id}/placements"): Call(
        "alice", sam, body=lambda s: {
            "employer_name": "Bosphorus Bakery", "job_title": "Baker's assistant",
            "start_date": on(s.today), "contract_type": ContractType.PERMANENT,
            "hours": Hours.FULL_TIME, "formal": True}),
    ("GET", "/api/seekers/{seeker_id}/status-history"): Call("alice", sam),
    # Casework.
    ("GET", "/api/seekers/{seeker_id}/assessments"): Call("alice", sam),
    ("POST", "/api/seekers/{seeker_id}/assessments"): Call(
        "alice", sam, body=lambda s: {"assessed_on": on(s.today),
                                      "barriers": {"childcare": "severe"}, "goals": "Cook"}),
    ("GET", "/api/seekers/{seeker_id}/plan"): Call("alice", sam, given=lambda s: s.plan_step),
    ("POST", "/api/seekers/{seeker_id}/plan"): Call(
        "alice", sam, body=lambda s: {"starts_on": on(s.today), "steps": [
            {"step_type": StepType.JOB_SEARCH, "title": "Apply for three jobs",
             "owner": StepOwner.SEEKER, "due_on": on(s.today + dt.timedelta(days=14))}]}),
    ("POST", "/api/plan-steps/{step_id}/{name}"): Call(
        "alice", lambda s: {"step_id": s.plan_step.pk, "name": "complete"},
        body=lambda s: {"note": "Done on the phone"}),
    ("GET", "/api/seekers/{seeker_id}/participations"): Call("alice", sam),
    ("POST", "/api/seekers/{seeker_id}/participations"): Call(
        "alice", sam, body=lambda s: {
            "programme_id": programme_of(s.world).pk}),
    ("POST", "/api/participations/{participation_id}/{name}"): Call(
        "alice", lambda s: {"participation_id": s.offered_place.pk, "name": "enrol"},
        body=lambda s: {"on": on(s.today)}),
    # Agenda.
    ("GET", "/api/appointments"): Call("alice", query=lambda s: {"day": on(s.today)}),
    ("GET", "/api/appointments/{appointment_id}"): Call(
        "alice", lambda s: {"appointment_id": s.appointment(started=False).pk}),
    ("GET", "/api/seekers/{seeker_id}/appointments"): Call("alice", sam),
    ("POST", "/api/seekers/{seeker_id}/appointments"): Call(
        "alice", sam, body=lambda s: {
            "starts_at": (clock.now() + dt.timedelta(days=1)).isoformat(),
            "channel": Channel.PHONE, "purpose": "Talk about the bakery job"}),
    ("POST", "/api/appointments/{appointment_id}/attend"): Call(
        "alice", lambda s: {"appointment_id": s.appointment(started=True).pk},
        body=lambda s: {"note": "On time"}),
    ("POST", "/api/appointments/{appointment_id}/no-show"): Call(
        "alice", lambda s: {"appointment_id": s.appointment(started=True).pk},
        body=lambda s: {}),
    ("POST", "/api/appointments/{appointment_id}/cancel"): Call(
        "alice", lambda s: {"appointment_id": s.appointment(started=False).pk},
        body=lambda s: {"note": "Sam is ill"}),
    # Case notes.
    ("GET", "/api/seekers/{seeker_id}/case-notes"): Call("alice", sam),
    ("POST", "/api/seekers/{seeker_id}/case-notes"): Call(
        "alice", sam, body=lambda s: {"text": "Called about the bakery job."}),
    # Follow-up.
    ("GET", "/api/seekers/{seeker_id}/follow-ups"): Call(
        "alice", sam, given=lambda s: s.follow_up_due),
    ("GET", "/api/follow-ups/due"): Call("alice", given=lambda s: s.follow_up_due),
    ("POST", "/api/follow-ups/{follow_up_id}/answer"): Call(
        "alice", lambda s: {"follow_up_id": s.follow_up_due.pk},
        body=lambda s: {"still_employed": True, "hours_per_week": 40}),
    # Assistance.
    ("GET", "/api/seekers/{seeker_id}/assistance-spells"): Call(
        "alice", sam, given=lambda s: s.spell),
    ("POST", "/api/seekers/{seeker_id}/assistance-spells"): Call(
        "alice", sam, body=lambda s: {"programme_name": "Cash assistance",
                                      "started_on": on(s.today - dt.timedelta(days=30))}),
    ("POST", "/api/assistance-spells/{spell_id}/end"): Call(
        "alice", lambda s: {"spell_id": s.spell.pk},
        body=lambda s: {"ended_on": on(s.today), "end_reason": EndReason.MOVED_AWAY}),
    ("GET", "/api/seekers/{seeker_id}/exits"): Call("alice", sam),
    ("GET", "/api/assistance/exits-by-office"): Call("ivan"),
    # The person's own data rights.
    ("GET", "/api/privacy/me/export"): Call("sam_user"),
    ("GET", "/api/privacy/me/consents"): Call("sam_user", given=lambda s: s.declared_refugee),
    ("POST", "/api/privacy/me/consents/{scope}/withdraw"): Call(
        "sam_user", lambda s: {"scope": ConsentScope.REFUGEE},
        given=lambda s: s.declared_refugee),
    ("GET", "/api/privacy/me/erasure"): Call("sam_user", given=lambda s: s.erasure_asked),
    ("POST", "/api/privacy/me/erasure"): Call("sam_user"),
    ("DELETE", "/api/privacy/me/erasure"): Call("sam_user", given=lambda s: s.erasure_asked),
    # Staff accounts, by the platform administrator.
    ("GET", "/api/staff"): Call("judy"),
    ("GET", "/api/staff/{user_id}"): Call("judy", dana),
    ("POST", "/api/staff/invitations"): Call(
        "judy", body=lambda s: {"email": "mehmet@example.org", "first_name": "Mehmet",
                                "role": "counsellor", "office_id": s.world.office_a.pk}),
    ("POST", "/api/staff/{user_id}/change"): Call(
        "judy", dana, body=lambda s: {"role": "office_manager",
                                      "office_id": s.world.office_a2.pk}),
    ("POST", "/api/staff/{user_id}/deactivate"): Call("judy", dana),
    ("POST", "/api/staff/{user_id}/reactivate"): Call(
        "judy", dana, given=lambda s: s.dana_deactivated),
}


