"""A year of casework beside the job-exchange history, made through the casework
actions on the same days (``history.py`` calls :meth:`CaseworkReplay.day` at the end
of every replayed day, and tells it when a job starts or ends).

What a counsellor of the demo did during the year:

* **Intake.** A person who registered during the year is assessed within a week
  (barriers drawn by target group: childcare for women returning to work, language
  for refugees and migrant workers, health and transport for people with a
  disability, debt and housing for people on social assistance, digital skills more
  often with age); people registered earlier are reviewed in the first months of the
  year (a fifth are not: the counsellor has not seen them for a long time). Some are
  assessed again months later, when things change; the new plan replaces the old.
* **Plans.** The assessment's proposed steps, with a place in a programme where one
  fits (the language and digital-skills courses, a short skills course for the work
  they want, coaching for the long-term unemployed, an internship for the young, and
  the entrepreneurship course below). Most steps are done on time, some late, some
  cancelled, some still open: those due in the last weeks are overdue on the load day.
* **Appointments** in person, by phone or video, one after another while the person
  looks for work; about one in seven is missed (``NO_SHOW``), a few are cancelled.
  Those booked for the load day and after stay booked: each counsellor's day has
  appointments, and more are booked on the load day for the next days.
* **Case notes** after the intake and some appointments, a few confidential.
* **Places in programmes**: offered with the plan, declined or taken, completed with
  a certificate or dropped out of.
* **Follow-up** of every job found: the checks at 3, 6 and 12 months are answered by
  the person (the printed logins, after the notice) or recorded by the counsellor;
  some are not answered yet, the latest of them due on the load day. A few answers
  say the job has ended, which ends the placement through the follow-up action.
* **Social assistance**: people in the social-assistance group have a spell on a
  programme of assistance; registered work usually ends it (an exit, once the job
  has lasted three months), some come back to assistance after losing the job or
  within weeks although the job goes on (a quick return, which is no exit), and some
  spells end for other reasons.

The planted effect: the entrepreneurship course
-------------------------------------------------

Each site runs one entrepreneurship course, the ILO's Start and Improve Your
Business (SIYB), ``kind=entrepreneurship_course``. Who is offered a place, by a
rule a later evaluation can reproduce from the data alone:

* **Eligible**: at their *first* assessment of the year, made between 365 and 183
  days before the load day (``ENTREPRENEURSHIP_INTAKE_DAYS``, so that six months
  after it are observed), the person was looking for work (their status, from the
  status history, was not "in work"), was aged 25 to 55 in that year
  (``ENTREPRENEURSHIP_AGES``, from the birth year), had some work experience
  recorded, and is not one of the printed demo logins.
* **Offered**: a random half of the eligible (``ENTREPRENEURSHIP_OFFER_SHARE``,
  drawn from the casework's seeded generator, independent of anything else about
  the person): the plan agreed at that assessment has an entrepreneurship step with
  the course, which offers the place. The other half are the comparable
  non-participants: same rule, no offer.
* About a fifth decline; of those who enrol, most complete five weeks later (with a
  certificate), the rest drop out. Declining and dropping out are random too.
* **The effect**: from the day a person completes the course, their daily chance of
  finding work outside the platform (``history.OUTSIDE_JOB``) is multiplied by
  ``ENTREPRENEURSHIP_BOOST`` (15) for the rest of the year; three in five of those
  jobs are a business of their own (self-employment). Nothing else differs: the
  platform's hires, the people's applications and every other draw treat
  participants and non-participants alike.

What the statistics work should find (outcome: a placement recorded within 183 days
after the first assessment; :func:`measure_entrepreneurship_effect` computes it):
completers find work about **+40 percentage points** more often than the eligible
who were not offered a place. The course ends about six weeks after the offer,
leaving about 135 days of a fifteen-fold daily chance: 1 - (1 - 0.0045)^135 is about
46 % against about 4 % at the ordinary chance, on top of the platform's hires and
the ordinary outside jobs, which both groups share (about one in seven of the
eligible find work within six months without the course). The offer itself
(intention to treat: everyone offered against everyone not offered) shows about +25
points, diluted by declines and drop-outs (about two in three of those offered
complete). With the multiplier set to 1 (no effect) the same comparison gave +0.4,
+4.9 and -4.7 points on three load days: the noise of samples of about 60 and 80
people, which the planted effect stands well clear of.

Measured on the demo loaded on 1 December 2026 (both sites together): default
seed, completers 36 of 62 found work within six months (58.1 %), the eligible not
offered 10 of 82 (12.2 %): **+45.9 percentage points**; offered 42 of 98 (42.9 %):
+30.7 points (intention to treat). Seed 7: completers 32 of 57 (56.1 %) against
10 of 90 (11.1 %): +45.0 points (intention to treat 34 of 86, +28.4). Earlier
loads of the same model on 1 to 4 December gave +29 to +46 points. The effect also
puts more people in work on the load day: about 91 of the 500, against 55 to 61
without it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.agenda.actions import (
    book_appointment,
    cancel_appointment,
    record_attendance,
    send_appointment_reminders,
)
from decentwork.agenda.models import Appointment, AppointmentState, Channel
from decentwork.applications.models import Placement
from decentwork.assistance.actions import end_spell, record_spell
from decentwork.assistance.models import AssistanceSpell, EndReason
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import Confidentiality
from decentwork.casework.actions import (
    agree_plan,
    change_participation,
    change_step,
    record_assessment,
)
from decentwork.casework.models import (
    ActionPlan,
    Assessment,
    Barrier,
    Participation,
    ParticipationState,
    PlanStep,
    Severity,
    StepOwner,
    StepState,
    StepType,
)
from decentwork.casework.proposals import StepInput, proposed_steps
from decentwork.demo.city import CaseworkWords, ProgrammePlan, SitePlan
from decentwork.followup.actions import answer_follow_up, notify_due_follow_ups
from decentwork.followup.models import FollowUp
from decentwork.network.models import Site
from decentwork.programmes.actions import publish_training_programme
from decentwork.programmes.models import ProgrammeKind, TrainingProgramme
from decentwork.seekers.models import JobSeeker, SeekerStatus, StatusChange, WorkExperience
from decentwork.taxonomy.models import Concept, OccupationSkill, Relevance

if TYPE_CHECKING:
    from decentwork.demo.history import HistoryReplay, Person

# The planted effect (see the module's docstring).
ENTREPRENEURSHIP_BOOST = 15.0
ENTREPRENEURSHIP_OFFER_SHARE = 0.5
ENTREPRENEURSHIP_AGES = (25, 55)
ENTREPRENEURSHIP_INTAKE_DAYS = (365, 183)  # first assessments between these days ago
OUTCOME_DAYS = 183  # the evaluation's window: a placement within six months
OWN_BUSINESS = 0.6  # of the jobs found after the course, a business of one's own

# Intake and reviews.
INTAKE_WITHIN_DAYS = 6
REVIEWED = 0.7  # of those registered before the year, reviewed in its first months
REVIEW_WITHIN_DAYS = 100
REASSESSED = 0.12
# Plan steps: done on time, done late, cancelled; the rest stay open.
ON_TIME, LATE, CANCELLED = 0.55, 0.2, 0.07
STALE_AFTER_DAYS = 60  # an open step this long overdue is cancelled at a review
# Appointments.
NO_SHOW, CANCEL = 0.15, 0.05
NEXT_AFTER_ATTENDED, NEXT_AFTER_MISSED = 0.45, 0.7
CHANNELS = {Channel.IN_PERSON: 55, Channel.PHONE: 30, Channel.VIDEO: 15}
# Every Monday, counsellors book the people they have not seen for this long, except
# a share who slip through (the counsellor's day lists them as out of touch).
CONTACT_EVERY_DAYS, SLIPPING = 35, 0.12
TODAYS_APPOINTMENTS = 5  # at least, per counsellor on the load day
NEXT_DAYS_APPOINTMENTS = 3  # booked on the load day, per counsellor
# Case notes.
NOTE_AT_INTAKE, NOTE_AFTER_VISIT, CONFIDENTIAL = 0.6, 0.3, 0.06
# Programmes: declined, then completed (or dropped out of); their length in days.
DECLINE, COMPLETE = 0.15, 0.82
ENTREPRENEURSHIP_DECLINE = 0.2
LENGTHS = {"entrepreneurship": 35, "language": 70, "digital": 28, "coaching": 56,
           "internship": 84, "course": 42}
SKILLS_COURSE, COACHING, INTERNSHIP = 0.15, 0.3, 0.25
LONG_TERM_DAYS = 180  # registered this long: coaching is offered to some
# Follow-up: the counsellor records most checks within weeks; a few jobs have ended.
FOLLOW_UP_RECORDED = 0.8
ENDED_AT_FOLLOW_UP = 0.15
# Social assistance.
EARLIER_SPELL = 0.25
LEFT_FOR_REGISTERED_WORK, LEFT_FOR_INFORMAL_WORK = 0.9, 0.25
BACK_AFTER_LOSING_JOB = 0.6
QUICK_RETURN = 0.25  # back within three months although the job goes on (it pays too little)
ENDED_OTHERWISE = 0.1

_OTHER_ENDINGS = (EndReason.PROGRAMME_ENDED, EndReason.INCOME_ABOVE_THRESHOLD,
                  EndReason.NO_LONGER_ELIGIBLE, EndReason.MOVED_AWAY, EndReason.STOPPED_BY_PERSON)


# The site's programmes ------------------------------------------------------------------


def _programme_roles(words: CaseworkWords) -> dict[str, tuple[ProgrammePlan, str]]:
    return {
        "entrepreneurship": (words.entrepreneurship, ProgrammeKind.ENTREPRENEURSHIP_COURSE),
        "language": (words.language_course, ProgrammeKind.TRAINING_COURSE),
        "digital": (words.digital_course, ProgrammeKind.TRAINING_COURSE),
        "coaching": (words.coaching, ProgrammeKind.COACHING),
        "internship": (words.internship, ProgrammeKind.INTERNSHIP),
    }


def publish_programmes(plan: SitePlan, site: Site) -> None:
    """The site's entrepreneurship course (SIYB), language and digital-skills courses,
    coaching and internship programme, through the programmes' action."""
    if plan.casework is None:
        return
    for programme, kind in _programme_roles(plan.casework).values():
        skills = list(Concept.objects.filter(uri__in=programme.skills))
        if len(skills) != len(programme.skills):
            raise RuntimeError(f"The demo taxonomy lacks skills of {programme.title!r}.")
        publish_training_programme(None, site, title=programme.title, skills=skills,
                                   provider=programme.provider,
                                   description=programme.description,
                                   language=plan.language, kind=kind)


# The replay ----------------------------------------------------------------------------


@dataclass
class Case:
    person: Person
    groups: frozenset[str]
    assessed: int = 0
    plan: ActionPlan | None = None
    steps: dict[int, PlanStep] = field(default_factory=dict)  # of the open plan
    in_programmes: set[int] = field(default_factory=set)  # offered or enrolled
    completed: set[int] = field(default_factory=set)  # programmes not to offer again
    upcoming: Appointment | None = None  # the next booked appointment
    completed_entrepreneurship_on: dt.date | None = None
    spell: AssistanceSpell | None = None  # the open spell of assistance
    spell_left_for_work_on: dt.date | None = None


class CaseworkReplay:
    """The casework side of :class:`~decentwork.demo.history.HistoryReplay`: events
    are scheduled by day and done through the actions when the replay reaches them."""

    def __init__(self, history: HistoryReplay, rng: random.Random, start: dt.date) -> None:
        self.history = history
        self.rng = rng
        self.today = history.today
        self.start = start
        self.events: dict[dt.date, list[Callable[[], None]]] = defaultdict(list)
        self._moment = dt.datetime.min.replace(tzinfo=dt.UTC)
        self.cases = {pk: Case(person, frozenset((person.seeker.sensitive or {}).get(
            "target_groups", []))) for pk, person in history.people.items()}
        self.programmes: dict[int, dict[str, TrainingProgramme]] = defaultdict(dict)
        self.courses: dict[int, list[tuple[TrainingProgramme, frozenset[int]]]] = defaultdict(list)
        self._load_programmes()
        self.worked: dict[int, list[str]] = defaultdict(list)
        for seeker_id, title in WorkExperience.objects.order_by("pk").values_list(
                "seeker_id", "title"):
            self.worked[seeker_id].append(title)
        self.essential: dict[int, set[int]] = defaultdict(set)
        for occupation_id, skill_id in OccupationSkill.objects.filter(
                relevance=Relevance.ESSENTIAL).values_list("occupation_id", "skill_id"):
            self.essential[occupation_id].add(skill_id)
        self.entrepreneurship_cohort: dict[int, bool] = {}  # eligible person -> offered
        self.reminder_days: set[dt.date] = set()
        self.last_seen: dict[int, dt.date] = {}  # person -> last attended appointment
        self.slipping = {pk for pk in self.cases if self.rng.random() < SLIPPING}
        self.notice_days: set[dt.date] = set()
        self.certificates = 0
        self._schedule_assessments()

    def _load_programmes(self) -> None:
        plans = {plan.slug: plan for plan in {p.plan for p in self.history.people.values()}}
        for programme in (TrainingProgramme.objects.select_related("site")
                          .prefetch_related("skills").order_by("pk")):
            plan = plans.get(programme.site.slug)
            if plan is None or plan.casework is None:
                continue
            roles = {p.title: role for role, (p, _) in _programme_roles(plan.casework).items()}
            role = roles.get(programme.title)
            if role is not None:
                self.programmes[programme.site_id][role] = programme
            else:
                self.courses[programme.site_id].append(
                    (programme, frozenset(s.pk for s in programme.skills.all())))

    # Called by the history -------------------------------------------------------------

    def outside_job_factor(self, person: Person, day: dt.date) -> float:
        """The planted effect: how much likelier than others ``person`` is to find work
        outside the platform on ``day``."""
        completed = self.cases[person.seeker.pk].completed_entrepreneurship_on
        return ENTREPRENEURSHIP_BOOST if completed is not None and completed < day else 1.0

    def own_business(self, person: Person) -> tuple[str, bool] | None:
        """After the entrepreneurship course, most jobs found are a business of one's
        own (the name and whether it is registered)."""
        words = person.plan.casework
        if (words is None or self.cases[person.seeker.pk].completed_entrepreneurship_on is None
                or self.rng.random() >= OWN_BUSINESS):
            return None
        name = self.rng.choice(words.own_businesses).format(place=person.seeker.place)
        return name, self.rng.random() < 0.5

    def job_started(self, day: dt.date, person: Person, placement: Placement) -> None:
        case = self.cases[person.seeker.pk]
        for follow_up in FollowUp.objects.filter(placement=placement).order_by("months"):
            self._schedule_follow_up(case, placement, follow_up)
        self._at(day, lambda: self._found_work(case))
        spell = case.spell
        if spell is not None:
            leaves = self.rng.random() < (LEFT_FOR_REGISTERED_WORK if placement.formal
                                          else LEFT_FOR_INFORMAL_WORK)
            if leaves:
                reason = EndReason.FOUND_WORK if placement.formal else \
                    EndReason.INCOME_ABOVE_THRESHOLD
                ended_on = max(spell.started_on,
                               placement.start_date + dt.timedelta(days=self.rng.randint(0, 30)))
                self._at(ended_on + dt.timedelta(days=self.rng.randint(3, 30)),
                         lambda: self._end_spell(case, spell, ended_on, reason))

    def job_ended(self, day: dt.date, person: Person) -> None:
        case = self.cases[person.seeker.pk]
        left = case.spell_left_for_work_on
        if (case.spell is None and left is not None and (day - left).days < 120
                and self.rng.random() < BACK_AFTER_LOSING_JOB):
            started_on = day + dt.timedelta(days=self.rng.randint(7, 40))
            self._at(started_on + dt.timedelta(days=self.rng.randint(0, 7)),
                     lambda: self._new_spell(case, started_on))

    # Each day ----------------------------------------------------------------------------

    def day(self, day: dt.date, days_ago: int) -> None:
        """Run the day's events, after the history's own (so that its moments come
        later in the day than everything the job exchange did)."""
        self._moment = max(self._moment, self.history.moment,
                           dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC))
        with clock.travel_to(self._moment):
            # The hourly jobs: appointment reminders and follow-up notices. They only
            # write for people with a login, so they run on the days those have
            # something (the same notices, without a year of empty runs).
            if day in self.reminder_days:
                send_appointment_reminders()
            if day in self.notice_days:
                notify_due_follow_ups(day)
        done = 0
        while done < len(self.events.get(day, [])):
            self.events[day][done]()
            done += 1
        self.events.pop(day, None)
        if day.weekday() == 0:
            self._contact_round(day)
        if days_ago == 1:
            self._fill_the_agenda_of(self.today)

    def finish(self) -> None:
        """First thing on the load day (at a fixed moment, so that the same seed gives
        the same rows): appointments for the next days, and the day's reminders."""
        self._moment = dt.datetime.combine(self.today, dt.time(0, 0), tzinfo=dt.UTC)
        first = self.today + dt.timedelta(days=1)
        days = [first + dt.timedelta(days=n) for n in range(7)]
        days = [day for day in days if day.weekday() < 5][:3]
        for office_id in sorted(self.history.counsellors):
            free = self._without_appointment(office_id)
            # The printed job seeker logins first: their page shows the appointment,
            # and their inbox the notice of it.
            chosen = [case for case in free if case.person.showcase]
            others = [case for case in free if not case.person.showcase]
            while len(chosen) < NEXT_DAYS_APPOINTMENTS and others:
                chosen.append(others.pop(self.rng.randrange(len(others))))
            for case in chosen:
                with self._on(self.today):
                    self._book_now(case, self._slot(self.rng.choice(days)))
        with self._on(self.today):
            send_appointment_reminders()

    def _at(self, day: dt.date, event: Callable[[], None]) -> None:
        if day < self.today:
            self.events[day].append(event)

    @contextmanager
    def _on(self, day: dt.date, at: dt.datetime | None = None) -> Iterator[None]:
        """A few minutes after the last thing done (or at ``at``, if later)."""
        moment = self._moment + dt.timedelta(seconds=self.rng.randint(60, 600))
        if at is not None:
            moment = max(moment, at)
        self._moment = min(moment, dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC))
        with clock.travel_to(self._moment):
            yield

    def _counsellor(self, case: Case) -> User:
        return self.history.counsellors[case.person.seeker.office_id]

    def _person(self, case: Case) -> User:
        """The person, if they have a login; otherwise their counsellor for them."""
        return case.person.seeker.user or self._counsellor(case)

    def _looking(self, case: Case) -> bool:
        return case.person.seeker.status == SeekerStatus.ACTIVE

    # Assessments and plans -----------------------------------------------------------------

    def _schedule_assessments(self) -> None:
        for case in self.cases.values():
            person = case.person
            registered = person.seeker.registered_on
            if person.showcase:
                shift = next(s.shift for s in self.history.showcases if s.person is person)
                first: dt.date | None = self.start + dt.timedelta(days=10 + shift)
                again: dt.date | None = self.today - dt.timedelta(days=20 + shift)
            else:
                if registered >= self.start:
                    first = registered + dt.timedelta(
                        days=self.rng.randint(0, INTAKE_WITHIN_DAYS))
                elif self.rng.random() < REVIEWED:
                    first = self.start + dt.timedelta(
                        days=self.rng.randint(1, REVIEW_WITHIN_DAYS))
                else:
                    first = None
                again = (first + dt.timedelta(days=self.rng.randint(120, 220))
                         if first is not None and self.rng.random() < REASSESSED else None)
            for day in (first, again):
                if day is not None:
                    day = _weekday(day)
                    self._at(day, partial(self._assess, case, day))

    def _assess(self, case: Case, day: dt.date) -> None:
        person, counsellor = case.person, self._counsellor(case)
        words = person.plan.casework
        assert words is not None
        case.assessed += 1
        first = case.assessed == 1
        if first and "social_assistance" in case.groups:
            self._assistance_at_intake(case, day)
        age = day.year - (person.seeker.birth_year or day.year - 30)
        jobs = self.worked.get(person.seeker.pk, [])
        goals = words.goals
        eligible = first and self._eligible(case, day, age)
        offered = eligible and self.rng.random() < ENTREPRENEURSHIP_OFFER_SHARE
        if eligible:
            self.entrepreneurship_cohort[person.seeker.pk] = offered
        if offered or (not eligible and self.rng.random() < 0.08):
            goals = words.own_business_goals
        with self._on(day):
            assessment = record_assessment(
                counsellor, person.seeker, assessed_on=day, barriers=self._barriers(case, age),
                employment_history=(words.worked_before.format(jobs=", ".join(jobs)) if jobs
                                    else words.never_worked),
                goals=self.rng.choice(goals))
        steps = self._steps(case, assessment, day, offered=offered)
        with self._on(day):
            case.plan = agree_plan(counsellor, person.seeker, starts_on=day, steps=steps,
                                   agreed_on=day)
        self._follow_plan(case, case.plan, day)
        self._maybe_note(case, day, NOTE_AT_INTAKE)
        if case.upcoming is None and self._looking(case):
            self._book(case, day, self.rng.randint(14, 35))

    def _eligible(self, case: Case, day: dt.date, age: int) -> bool:
        """The entrepreneurship course's eligibility rule (see the module's docstring)."""
        days_ago = (self.today - day).days
        return (ENTREPRENEURSHIP_INTAKE_DAYS[1] <= days_ago <= ENTREPRENEURSHIP_INTAKE_DAYS[0]
                and ENTREPRENEURSHIP_AGES[0] <= age <= ENTREPRENEURSHIP_AGES[1]
                and bool(self.worked.get(case.person.seeker.pk))
                and self._looking(case) and not case.person.showcase)

    def _barriers(self, case: Case, age: int) -> dict[str, str]:
        """Barriers drawn by target group (a person may have none)."""
        groups, rng = case.groups, self.rng
        chances = {Barrier.DIGITAL_SKILLS: 0.1 + (0.3 if age >= 45 else 0.0),
                   Barrier.TRANSPORT: 0.1, Barrier.HEALTH: 0.05, Barrier.DEBT: 0.04,
                   Barrier.HOUSING: 0.03}
        raised = {
            "woman_returner": {Barrier.CHILDCARE: 0.65, Barrier.DIGITAL_SKILLS: 0.3},
            "refugee": {Barrier.LANGUAGE: 0.8, Barrier.LEGAL_STATUS: 0.3, Barrier.HOUSING: 0.25},
            "migrant_worker": {Barrier.LANGUAGE: 0.3, Barrier.HOUSING: 0.35,
                               Barrier.LEGAL_STATUS: 0.2},
            "disability": {Barrier.HEALTH: 0.7, Barrier.TRANSPORT: 0.4},
            "social_assistance": {Barrier.DEBT: 0.35, Barrier.HOUSING: 0.2},
            "youth": {Barrier.TRANSPORT: 0.2},
        }
        for group in sorted(groups):
            for barrier, chance in raised.get(group, {}).items():
                chances[barrier] = max(chances.get(barrier, 0.0), chance)
        return {barrier: rng.choices(Severity.values, weights=[3, 4, 2])[0]
                for barrier, chance in chances.items() if rng.random() < chance}

    def _steps(self, case: Case, assessment: Assessment, day: dt.date, *,
               offered: bool) -> list[StepInput]:
        person = case.person
        words = person.plan.casework
        assert words is not None
        programmes = self.programmes[person.seeker.office.site_id]
        # Held or completed, or offered by an earlier step of this plan.
        taken = case.in_programmes | case.completed

        def free(role: str) -> int | None:
            programme = programmes.get(role)
            return programme.pk if programme is not None and programme.pk not in taken else None

        def use(step: StepInput) -> StepInput:
            if step.programme_id is not None:
                taken.add(step.programme_id)
            return step

        steps = []
        for step in proposed_steps(assessment):
            role = {Barrier.LANGUAGE: "language", Barrier.DIGITAL_SKILLS: "digital"}.get(
                Barrier(step.barrier)) if step.barrier else None
            if role is not None and free(role) is not None:
                step = dataclasses.replace(step, programme_id=free(role))
            steps.append(use(step))
        weeks = dt.timedelta(weeks=1)
        if offered and free("entrepreneurship") is not None:
            steps.append(use(StepInput(StepType.ENTREPRENEURSHIP_COURSE,
                                       words.entrepreneurship_step, StepOwner.SEEKER,
                                       day + 7 * weeks, programme_id=free("entrepreneurship"))))
        registered_long_ago = (day - person.seeker.registered_on).days > LONG_TERM_DAYS
        if registered_long_ago and self.rng.random() < COACHING and free("coaching"):
            steps.append(use(StepInput(StepType.COACHING, words.coaching_step,
                                       StepOwner.SEEKER, day + 9 * weeks,
                                       programme_id=free("coaching"))))
        if ("youth" in case.groups and self.rng.random() < INTERNSHIP
                and free("internship") is not None):
            steps.append(use(StepInput(StepType.INTERNSHIP, words.internship_step,
                                       StepOwner.SEEKER, day + 14 * weeks,
                                       programme_id=free("internship"))))
        course = self._course_for(case)
        if course is not None and course.pk in taken:
            course = None
        if course is None and person.showcase:
            # Every printed login has a place offered that they can take or decline.
            course = next((programmes[role] for role in ("digital", "coaching", "language",
                                                         "internship")
                           if free(role) is not None), None)
        if course is not None and (person.showcase or self.rng.random() < SKILLS_COURSE):
            steps.append(StepInput(StepType.TRAINING_COURSE,
                                   words.course_step.format(course=course.title),
                                   StepOwner.SEEKER, day + 8 * weeks, programme_id=course.pk))
        return steps

    def _course_for(self, case: Case) -> TrainingProgramme | None:
        """A short course teaching a skill the work they want asks for and they lack."""
        person = case.person
        wanted = person.seeker.target_occupation_id
        if wanted is None:
            return None
        lacking = self.essential[wanted] - person.skills
        fitting = [programme for programme, skills in
                   self.courses[person.seeker.office.site_id]
                   if skills & lacking and programme.pk not in case.in_programmes | case.completed]
        return self.rng.choice(fitting) if fitting else None

    def _follow_plan(self, case: Case, plan: ActionPlan, day: dt.date) -> None:
        """Decide now what becomes of each step, and schedule it."""
        case.steps = {step.pk: step for step in plan.steps.order_by("pk")}
        for step in case.steps.values():
            if step.programme_id is not None:
                participation = Participation.objects.get(plan_step=step)
                case.in_programmes.add(step.programme_id)
                if case.person.showcase and (self.today - day).days < 60:
                    continue  # an offer the printed login can answer on their own page
                self._follow_participation(case, participation, step, day)
                continue
            draw = self.rng.random()
            span = max(1, (step.due_on - day).days)
            if draw < ON_TIME:
                self._at(day + dt.timedelta(days=self.rng.randint(1, span)),
                         partial(self._step, case, step, "complete"))
            elif draw < ON_TIME + LATE:
                self._at(step.due_on + dt.timedelta(days=self.rng.randint(1, 30)),
                         partial(self._step, case, step, "complete"))
            elif draw < ON_TIME + LATE + CANCELLED:
                self._at(day + dt.timedelta(days=self.rng.randint(7, span + 14)),
                         partial(self._step, case, step, "cancel"))
            else:
                self._at(step.due_on + dt.timedelta(days=STALE_AFTER_DAYS),
                         partial(self._step, case, step, "cancel"))

    def _step(self, case: Case, step: PlanStep, name: str, note: str = "") -> None:
        if case.plan is None or step.plan_id != case.plan.pk or step.state != StepState.PLANNED:
            return  # replaced by a newer plan, or already done
        actor = (self._person(case) if name == "complete" and step.owner == StepOwner.SEEKER
                 else self._counsellor(case))
        with self._on(self._moment.date()):
            step.state = change_step(actor, step, name, note=note).state

    def _found_work(self, case: Case) -> None:
        """The job search steps of the open plan are done."""
        if case.plan is None:
            return
        for step in list(case.steps.values()):
            if step.step_type == StepType.JOB_SEARCH:
                self._step(case, step, "complete")

    # Programmes ------------------------------------------------------------------------------

    def _role(self, case: Case, programme_id: int) -> str:
        for role, programme in self.programmes[case.person.seeker.office.site_id].items():
            if programme.pk == programme_id:
                return role
        return "course"

    def _follow_participation(self, case: Case, participation: Participation, step: PlanStep,
                              day: dt.date) -> None:
        role = self._role(case, participation.programme_id)
        decline = ENTREPRENEURSHIP_DECLINE if role == "entrepreneurship" else DECLINE
        if self.rng.random() < decline:
            self._at(day + dt.timedelta(days=self.rng.randint(1, 7)),
                     lambda: self._participation(case, participation, step, "decline"))
            return
        enrolled = day + dt.timedelta(days=self.rng.randint(2, 9))
        self._at(enrolled, lambda: self._participation(case, participation, step, "enrol"))
        length = LENGTHS[role]
        if self.rng.random() < COMPLETE:
            self._at(enrolled + dt.timedelta(days=length),
                     lambda: self._participation(case, participation, step, "complete"))
        else:
            self._at(enrolled + dt.timedelta(days=self.rng.randint(7, length - 3)),
                     lambda: self._participation(case, participation, step, "drop_out"))

    def _participation(self, case: Case, participation: Participation, step: PlanStep,
                       name: str) -> None:
        words = case.person.plan.casework
        assert words is not None
        on = self._moment.date()
        person_decides = name in {"enrol", "decline"}
        actor = self._person(case) if person_decides else self._counsellor(case)
        certificate = reason = ""
        if name == "complete":
            self.certificates += 1
            certificate = words.certificate.format(number=f"{on.year}-{self.certificates:04d}")
        elif name == "drop_out":
            reason = self.rng.choice(words.drop_out_reasons)
        with self._on(on):
            participation = change_participation(actor, participation, name, on=on,
                                                 certificate=certificate, reason=reason)
        if name == "complete":
            case.completed.add(participation.programme_id)
        if name in {"complete", "decline", "drop_out"}:
            case.in_programmes.discard(participation.programme_id)
            self._step(case, step, "complete" if name == "complete" else "cancel")
        if name == "complete" and self._role(case, participation.programme_id) == \
                "entrepreneurship":
            case.completed_entrepreneurship_on = on

    # Appointments and notes -------------------------------------------------------------------

    def _slot(self, day: dt.date) -> dt.datetime:
        minutes = 30 * self.rng.randint(0, 14)
        return dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)

    def _book(self, case: Case, day: dt.date, after_days: int) -> None:
        """Book the next appointment ``after_days`` later (on a weekday)."""
        starts_at = self._slot(_weekday(day + dt.timedelta(days=after_days)))
        if case.person.showcase and starts_at.date() >= self.today:
            return  # the printed logins' next appointment is booked on the load day
        with self._on(day):
            self._book_now(case, starts_at)
        appointment = case.upcoming
        assert appointment is not None
        if self.rng.random() < CANCEL:
            cancel_on = max(day, starts_at.date() - dt.timedelta(days=self.rng.randint(1, 3)))
            self._at(cancel_on, lambda: self._cancel(case, appointment))
        else:
            self._at(starts_at.date(), lambda: self._attend(case, appointment))

    def _book_now(self, case: Case, starts_at: dt.datetime) -> None:
        words = case.person.plan.casework
        assert words is not None
        channel = self.rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0]
        if case.person.seeker.user is not None:
            self.reminder_days |= {starts_at.date(), starts_at.date() - dt.timedelta(days=1)}
        case.upcoming = book_appointment(
            self._counsellor(case), case.person.seeker, starts_at=starts_at, channel=channel,
            duration_minutes=45 if channel == Channel.IN_PERSON else 30,
            purpose=self.rng.choice(words.appointment_purposes))

    def _attend(self, case: Case, appointment: Appointment) -> None:
        if appointment.state != AppointmentState.BOOKED:
            return
        day = appointment.starts_at.date()
        came = self.rng.random() >= NO_SHOW
        ended = appointment.starts_at + dt.timedelta(
            minutes=appointment.duration_minutes + self.rng.randint(1, 20))
        with self._on(day, at=ended):
            record_attendance(self._counsellor(case), appointment, attended=came)
        appointment.state = AppointmentState.ATTENDED if came else AppointmentState.NO_SHOW
        if case.upcoming is appointment:
            case.upcoming = None
        words = case.person.plan.casework
        assert words is not None
        if came:
            self.last_seen[case.person.seeker.pk] = day
            self._maybe_note(case, day, NOTE_AFTER_VISIT)
            if self._looking(case) and self.rng.random() < NEXT_AFTER_ATTENDED:
                self._book(case, day, self.rng.randint(21, 56))
        else:
            if self.rng.random() < 0.5:
                with self._on(day):
                    write_note(self._counsellor(case), case.person.seeker,
                               text=self.rng.choice(words.no_show_notes),
                               confidentiality=Confidentiality.ORDINARY)
            if self._looking(case) and self.rng.random() < NEXT_AFTER_MISSED:
                self._book(case, day, self.rng.randint(3, 14))

    def _cancel(self, case: Case, appointment: Appointment) -> None:
        if appointment.state != AppointmentState.BOOKED:
            return
        day = self._moment.date()
        with self._on(day):
            cancel_appointment(self._person(case), appointment)
        appointment.state = AppointmentState.CANCELLED
        if case.upcoming is appointment:
            case.upcoming = None
        if self._looking(case) and self.rng.random() < NEXT_AFTER_MISSED:
            self._book(case, day, self.rng.randint(7, 21))

    def _maybe_note(self, case: Case, day: dt.date, chance: float) -> None:
        words = case.person.plan.casework
        assert words is not None
        if self.rng.random() < chance:
            confidential = self.rng.random() < CONFIDENTIAL
            text = self.rng.choice(words.confidential_notes if confidential else words.notes)
            with self._on(day):
                write_note(self._counsellor(case), case.person.seeker, text=text,
                           confidentiality=(Confidentiality.CONFIDENTIAL if confidential
                                            else Confidentiality.ORDINARY))

    def _without_appointment(self, office_id: int) -> list[Case]:
        return [case for case in self.cases.values()
                if case.person.seeker.office_id == office_id and case.assessed
                and self._looking(case) and case.upcoming is None]

    def _contact_round(self, day: dt.date) -> None:
        """Monday: book everyone assessed, looking for work and not seen for
        ``CONTACT_EVERY_DAYS`` within the next two weeks (not those slipping through)."""
        for pk, case in self.cases.items():
            if (pk in self.slipping or not case.assessed or case.upcoming is not None
                    or not self._looking(case)):
                continue
            seen = self.last_seen.get(pk, case.person.seeker.registered_on)
            if (day - seen).days >= CONTACT_EVERY_DAYS:
                # Four days on at the soonest: a cancellation (one to three days
                # before) then still falls on a day the replay has not yet run.
                self._book(case, day, self.rng.randint(4, 14))

    def _fill_the_agenda_of(self, day: dt.date) -> None:
        """Booked the day before: each counsellor has appointments on the load day."""
        booked: dict[int, int] = defaultdict(int)
        for case in self.cases.values():
            if case.upcoming is not None and case.upcoming.starts_at.date() == day:
                booked[case.person.seeker.office_id] += 1
        for office_id in sorted(self.history.counsellors):
            free = self._without_appointment(office_id)
            for _ in range(TODAYS_APPOINTMENTS - booked[office_id]):
                if not free:
                    break
                case = free.pop(self.rng.randrange(len(free)))
                with self._on(self._moment.date()):
                    self._book_now(case, self._slot(day))

    # Follow-up after placement ---------------------------------------------------------------

    def _schedule_follow_up(self, case: Case, placement: Placement, follow_up: FollowUp) -> None:
        if case.person.seeker.user is not None:
            self.notice_days.add(follow_up.due_on)
            # Asked by the morning's notice on the day it is due; answers within days.
            self._at(follow_up.due_on + dt.timedelta(days=self.rng.randint(0, 8)),
                     lambda: self._answer(case, placement, follow_up))
        elif self.rng.random() < FOLLOW_UP_RECORDED:
            self._at(follow_up.due_on + dt.timedelta(days=self.rng.randint(-10, 25)),
                     lambda: self._answer(case, placement, follow_up))

    def _answer(self, case: Case, placement: Placement, follow_up: FollowUp) -> None:
        day = self._moment.date()
        working = any(job.pk == placement.pk for job in self.history.jobs)
        if not working and (case.person.seeker.user is not None or self.rng.random() < 0.5):
            return  # the job ended before the check: nobody asks the person
        actor = self._person(case)
        if working and not case.person.showcase and self.rng.random() < ENDED_AT_FOLLOW_UP:
            ended_on = max(placement.start_date,
                           min(day, follow_up.due_on) - dt.timedelta(days=self.rng.randint(1, 20)))
            with self._on(day):
                answer_follow_up(actor, follow_up, still_employed=False, ended_on=ended_on)
            self.history.forget_job(day, case.person, placement)
            return
        with self._on(day):
            if working:
                answer_follow_up(actor, follow_up, still_employed=True,
                                 same_employer=True, registered=placement.formal,
                                 hours_per_week=placement.hours_per_week,
                                 wage_band=placement.wage_band)
            else:
                answer_follow_up(actor, follow_up, still_employed=False)

    # Social assistance ------------------------------------------------------------------------

    def _assistance_at_intake(self, case: Case, day: dt.date) -> None:
        """The spell the person is on (and, for some, an earlier one), recorded at intake."""
        words = case.person.plan.casework
        assert words is not None
        names = list(words.assistance_programmes[:2])
        if "disability" in case.groups:
            names.append(words.assistance_programmes[2])
        name = self.rng.choice(names)
        started_on = (min(day, case.person.seeker.registered_on)
                      - dt.timedelta(days=self.rng.randint(30, 600)))
        counsellor = self._counsellor(case)
        if self.rng.random() < EARLIER_SPELL:
            ended = started_on - dt.timedelta(days=self.rng.randint(20, 150))
            with self._on(day):
                record_spell(counsellor, case.person.seeker, programme_name=name,
                             started_on=ended - dt.timedelta(days=self.rng.randint(90, 400)),
                             ended_on=ended, end_reason=self.rng.choice(_OTHER_ENDINGS))
        with self._on(day):
            case.spell = record_spell(counsellor, case.person.seeker, programme_name=name,
                                      started_on=started_on)
        if self.rng.random() < ENDED_OTHERWISE:
            spell = case.spell
            ended_on = day + dt.timedelta(days=self.rng.randint(30, 250))
            self._at(ended_on + dt.timedelta(days=self.rng.randint(1, 20)),
                     lambda: self._end_spell(case, spell, ended_on,
                                             self.rng.choice(_OTHER_ENDINGS)))

    def _end_spell(self, case: Case, spell: AssistanceSpell, ended_on: dt.date,
                   reason: str) -> None:
        if case.spell is not spell:
            return  # ended already
        with self._on(self._moment.date()):
            end_spell(self._counsellor(case), spell, ended_on=ended_on, end_reason=reason)
        case.spell = None
        if reason == EndReason.FOUND_WORK:
            case.spell_left_for_work_on = ended_on
            if self.rng.random() < QUICK_RETURN:
                started_on = ended_on + dt.timedelta(days=self.rng.randint(20, 80))
                self._at(started_on + dt.timedelta(days=self.rng.randint(0, 7)),
                         lambda: self._new_spell(case, started_on))

    def _new_spell(self, case: Case, started_on: dt.date) -> None:
        if case.spell is not None:
            return
        words = case.person.plan.casework
        assert words is not None
        with self._on(self._moment.date()):
            case.spell = record_spell(self._counsellor(case), case.person.seeker,
                                      programme_name=self.rng.choice(
                                          words.assistance_programmes[:2]),
                                      started_on=started_on)
        case.spell_left_for_work_on = None


def _weekday(day: dt.date) -> dt.date:
    """The day, or the Monday after it if it falls on a weekend."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def casework_counts() -> dict[str, int]:
    """What the casework history wrote, for the load command's summary."""
    return {
        "assessments": Assessment.objects.count(),
        "appointments": Appointment.objects.count(),
        "programme_places": Participation.objects.count(),
        "follow_up_answers": FollowUp.objects.filter(answered_at__isnull=False).count(),
        "assistance_spells": AssistanceSpell.objects.count(),
    }


# The evaluation of the planted effect ---------------------------------------------------------


@dataclass(frozen=True)
class EntrepreneurshipEffect:
    """Placements within ``OUTCOME_DAYS`` after the first assessment, for the eligible
    of the entrepreneurship course: (found work, of how many)."""

    completed: tuple[int, int]
    offered: tuple[int, int]
    not_offered: tuple[int, int]

    @staticmethod
    def rate(counts: tuple[int, int]) -> float:
        return counts[0] / counts[1] if counts[1] else 0.0

    @property
    def difference(self) -> float:
        """Completers against the eligible not offered a place, in percentage points."""
        return 100 * (self.rate(self.completed) - self.rate(self.not_offered))


def measure_entrepreneurship_effect(today: dt.date) -> EntrepreneurshipEffect:
    """Apply the eligibility rule of the module's docstring to the data (not to the
    replay's memory) and count who found work within six months."""
    first: dict[int, Assessment] = {}
    for assessment in Assessment.objects.order_by("seeker_id", "assessed_on", "recorded_at",
                                                  "pk"):
        first.setdefault(assessment.seeker_id, assessment)
    earliest = today - dt.timedelta(days=ENTREPRENEURSHIP_INTAKE_DAYS[0])
    latest = today - dt.timedelta(days=ENTREPRENEURSHIP_INTAKE_DAYS[1])
    seekers = JobSeeker.objects.filter(
        user__isnull=True, pk__in=[pk for pk, a in first.items()
                                   if earliest <= a.assessed_on <= latest]).annotate(
        worked=Exists(WorkExperience.objects.filter(seeker=OuterRef("pk"))))
    places: dict[int, set[str]] = defaultdict(set)
    for seeker_id, state in Participation.objects.filter(
            programme__kind=ProgrammeKind.ENTREPRENEURSHIP_COURSE).values_list("seeker_id",
                                                                                "state"):
        places[seeker_id].add(state)
    statuses: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for seeker_id, at, to_status in StatusChange.objects.order_by("at", "pk").values_list(
            "seeker_id", "at", "to_status"):
        statuses[seeker_id].append((at, to_status))
    placed: dict[int, list[dt.date]] = defaultdict(list)
    for seeker_id, created_at in Placement.objects.values_list("seeker_id", "recorded_at"):
        placed[seeker_id].append(created_at.date())
    counts = {"completed": [0, 0], "offered": [0, 0], "not_offered": [0, 0]}
    for seeker in seekers:
        assessment = first[seeker.pk]
        age = assessment.assessed_on.year - (seeker.birth_year or 0)
        before = [to for at, to in statuses[seeker.pk] if at <= assessment.recorded_at]
        if (not seeker.worked or not ENTREPRENEURSHIP_AGES[0] <= age <= ENTREPRENEURSHIP_AGES[1]
                or (before and before[-1] == SeekerStatus.PLACED)):
            continue
        found = any(assessment.assessed_on < day
                    <= assessment.assessed_on + dt.timedelta(days=OUTCOME_DAYS)
                    for day in placed[seeker.pk])
        groups = (["offered"] if places[seeker.pk] else ["not_offered"]) + (
            ["completed"] if ParticipationState.COMPLETED in places[seeker.pk] else [])
        for group in groups:
            counts[group][0] += found
            counts[group][1] += 1
    return EntrepreneurshipEffect(completed=(counts["completed"][0], counts["completed"][1]),
                                  offered=(counts["offered"][0], counts["offered"][1]),
                                  not_offered=(counts["not_offered"][0],
                                               counts["not_offered"][1]))
