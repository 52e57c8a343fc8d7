"""A year of the job-exchange loop before the day the demo is loaded, made through
the same actions the pages call.

Every day from a year ago to yesterday is replayed in order with the clock standing
on that day (:func:`decentwork.clock.travel_to`): vacancies close, employers read,
interview, hire and refuse, people apply and withdraw, counsellors refer and record
jobs found elsewhere, some jobs end. Nothing is written around the actions, so the
transition logs, placements, status history, inbox and audit trail are the ones the
product itself would have written. Every decision is drawn from the demo's seeded
generator: the same seed gives the same history.

The rates below are a simple model, tuned so that the loaded demo looks like a year
of a busy service (about 15 to 20 % of the people in work on the load day, the more
for the entrepreneurship course's planted effect in ``casework.py``, a few per cent
of applications ending in a hire, most refusals for missing skills); they are not
statistics of a real labour market.

The demo's accounts have no email addresses, so every notice stays in the inbox and
the console mail backend is not flooded with a year of mail.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from decentwork import clock
from decentwork.accounts.models import Role, User
from decentwork.applications.actions import (
    accept_application,
    apply_to_vacancy,
    close_vacancy,
    end_placement,
    invite_candidate,
    record_outside_placement,
    refer_to_vacancy,
    transition_application,
)
from decentwork.applications.models import (
    Application,
    ApplicationState,
    Placement,
    RefusalReason,
)
from decentwork.applications.workflow import TRANSITIONS
from decentwork.controlled_lists import ContractType, Hours, WageBand
from decentwork.demo.casework import CaseworkReplay
from decentwork.demo.city import SitePlan
from decentwork.employers.models import EmployerMembership, Vacancy, VacancySkill
from decentwork.inbox.actions import mark_read
from decentwork.inbox.models import Message
from decentwork.network.models import StaffMembership
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    JobSeeker,
    SeekerSkill,
    SeekerStatus,
    WorkExperience,
)
from decentwork.taxonomy.models import Relevance

HISTORY_DAYS = 365

# Chances per day. A person looking for work applies about every two months and is
# referred by their counsellor about every eight; an open vacancy invites someone
# about every five months.
APPLY, REFER, INVITE = 0.013, 0.004, 0.007
# An employer reads a new application within a week or so, and answers few of them.
SEEN, INTERVIEW_AT_ONCE, REFUSE_UNSEEN = 0.15, 0.01, 0.012
INTERVIEW_AFTER_SEEN, REFUSE_AFTER_SEEN = 0.04, 0.025
HIRE_AFTER_INTERVIEW, REFUSE_AFTER_INTERVIEW = 0.045, 0.06
WITHDRAW = 0.004
# Jobs found without the platform, and jobs that end (short contracts more often).
OUTSIDE_JOB = 0.0003
JOB_ENDS = {ContractType.TEMPORARY: 1 / 400, ContractType.INTERNSHIP: 1 / 400,
            ContractType.FIXED_TERM: 1 / 700, ContractType.APPRENTICESHIP: 1 / 1500,
            ContractType.PERMANENT: 1 / 3000}
# Most jobs found through the service are registered; some employers (small cafés,
# workshops) hire without registering, as many do in both demo cities.
FORMAL_HIRE = 0.88
# How well a vacancy fits: the share of its essential skills the person has, plus
# this when it is an occupation they look for or have done.
KNOWN_OCCUPATION = 0.6
FITS = 0.3
# Days (before the load day) on which counsellors look for employers nobody has
# applied to yet and propose someone, so that every employer has candidates.
REFERRAL_DRIVES = (20, 3)
# At the end of the day before the load day, where an employer's applications are
# all in one state, the employer reads a waiting one or a counsellor proposes someone
# new: so that every employer's pages show applications in more than one state.
FOLLOW_UP_DAY = 1

_EARLY_REFUSALS = {RefusalReason.SKILLS_MISSING: 8.0, RefusalReason.POSITION_FILLED: 1.5,
                   RefusalReason.OTHER: 0.8, RefusalReason.ACCOMMODATION_NOT_POSSIBLE: 0.2}
_LATE_REFUSALS = {RefusalReason.DID_NOT_COME: 3.0, RefusalReason.CANDIDATE_DECLINED: 2.5,
                  RefusalReason.SKILLS_MISSING: 2.0, RefusalReason.OTHER: 1.0,
                  RefusalReason.POSITION_FILLED: 1.0,
                  RefusalReason.ACCOMMODATION_NOT_POSSIBLE: 0.2}
# When the person needs an accommodation the vacancy does not offer.
_ACCOMMODATION_WEIGHT = 2.5


@dataclass
class Person:
    # With office and user; its status is kept in step with what the placement
    # actions write (they update their own copy of the row).
    seeker: JobSeeker
    plan: SitePlan
    skills: frozenset[int]
    occupations: frozenset[int]  # the one sought and the ones done
    looks_from: dt.date
    proposable: bool  # agreed to be proposed to employers
    showcase: bool  # a printed login: their story is written below, never random


@dataclass
class Post:
    vacancy: Vacancy  # with employer
    essential: frozenset[int]
    # Still open on the load day: the matching's vacancies. Never filled to the last
    # opening, so that every one of them can still be recommended.
    current: bool

    def open_on(self, day: dt.date) -> bool:
        closes_on = self.vacancy.closes_on
        return self.vacancy.opens_on <= day and (closes_on is None or closes_on >= day)


@dataclass(frozen=True)
class Chapter:
    """One application in the story of a printed seeker login: sent between
    ``starts`` and ``ends`` days before the load day (again the next day if the vacancy
    fills or closes under it), then moved by ``steps``: (days after sending, step)."""

    name: str
    starts: int
    ends: int
    steps: tuple[tuple[int, str], ...]
    by_counsellor: bool = False  # a referral rather than the person's own application
    current: bool | None = None  # to a vacancy still open on the load day (or a past one)
    # Wait for a vacancy in their line of work until the last day of the window.
    fitting_first: bool = False


# A job through the platform that ended, a refusal, a referral they withdrew from,
# an interview planned and an application not read yet: every page the printed
# seekers see has something on it.
CHAPTERS = (
    Chapter("job", 330, 250, ((4, "mark_seen"), (9, "plan_interview"), (14, "hire")),
            current=False, fitting_first=True),
    Chapter("refused", 95, 60, ((3, "mark_seen"), (6, "refuse")), current=False),
    Chapter("withdrawn", 70, 40, ((15, "withdraw"),), by_counsellor=True),
    Chapter("interview", 6, 3, ((1, "mark_seen"), (2, "plan_interview")), current=True),
    Chapter("sent", 2, 1, (), current=True),
)
JOB_ENDS_DAYS_AGO = 120


@dataclass
class Showcase:
    person: Person
    # Days by which this person's story is earlier than the first one's, so that the
    # printed logins do not all act on the same days (the last month is everyone's,
    # so that their latest notices are still unread).
    shift: int
    applications: dict[str, Application] = field(default_factory=dict)
    sent_on: dict[str, dt.date] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    placement: Placement | None = None


class HistoryReplay:
    """Replays the year day by day; see the module's docstring."""

    def __init__(self, rng: random.Random, today: dt.date, plans: dict[int, SitePlan],
                 casework_rng: random.Random | None = None) -> None:
        self.rng = rng
        self.today = today
        self.people = self._people(plans)
        self.posts = self._posts()
        self.closing: dict[dt.date, list[Post]] = defaultdict(list)
        for post in self.posts.values():
            if post.vacancy.closes_on is not None:
                self.closing[post.vacancy.closes_on].append(post)
        self.counsellors = {m.office_id: m.user for m in StaffMembership.objects.filter(
            user__role=Role.COUNSELLOR).select_related("user").order_by("pk")}
        self.employer_users = {m.employer_id: m.user for m in EmployerMembership.objects.filter(
            employer__in={post.vacancy.employer_id for post in self.posts.values()}
        ).select_related("user").order_by("pk")}
        # The printed employer login of each site, preferred in the showcase stories.
        self.first_employers = {m.employer_id for m in EmployerMembership.objects.filter(
            user__username__in=[f"employer.{plan.slug}.1" for plan in plans.values()])}
        # What the actions wrote, kept here so that the replay reads no more than it must:
        # the filled openings, who applied where, and the applications still open (with
        # the closings the actions do by themselves: a vacancy filled or closed).
        self.filled = {pk: post.vacancy.filled for pk, post in self.posts.items()}
        self.applied: set[tuple[int, int]] = set()
        self.employers_applied_to: set[int] = set()
        self.open_applications: dict[int, Application] = {}
        self.open_posts: dict[int, list[Post]] = {}  # by region, for the day replayed
        self.jobs: list[Placement] = []  # current jobs, oldest first
        self.withdraw_next_day: dict[dt.date, list[int]] = defaultdict(list)
        self.scripted: set[int] = set()  # applications only the showcase stories move
        self.showcases = [Showcase(person, shift=3 * number) for number, person in
                          enumerate(p for p in self.people.values() if p.showcase)]
        self._moment = dt.datetime.min.replace(tzinfo=dt.UTC)
        # The casework of the same year, drawn from its own generator so that the job
        # exchange's draws stay as they were (``casework.py``).
        self.casework = CaseworkReplay(
            self, casework_rng or random.Random(rng.random()),
            today - dt.timedelta(days=HISTORY_DAYS))

    @property
    def moment(self) -> dt.datetime:
        """The moment of the last thing the job exchange did."""
        return self._moment

    # The cast ------------------------------------------------------------------------

    def _people(self, plans: dict[int, SitePlan]) -> dict[int, Person]:
        skills: dict[int, set[int]] = defaultdict(set)
        for seeker_id, skill_id in SeekerSkill.objects.values_list("seeker_id", "skill_id"):
            skills[seeker_id].add(skill_id)
        known: dict[int, set[int]] = defaultdict(set)
        for seeker_id, occupation_id in WorkExperience.objects.filter(
                occupation__isnull=False).values_list("seeker_id", "occupation_id"):
            known[seeker_id].add(occupation_id)
        proposable = set(Consent.objects.filter(
            scope=ConsentScope.PROPOSAL_TO_EMPLOYERS, withdrawn_at__isnull=True
        ).values_list("seeker_id", flat=True))
        start = self.today - dt.timedelta(days=HISTORY_DAYS)
        people = {}
        for seeker in (JobSeeker.objects.select_related("office", "user", "target_occupation")
                       .order_by("pk")):
            if seeker.target_occupation_id is not None:
                known[seeker.pk].add(seeker.target_occupation_id)
            people[seeker.pk] = Person(
                seeker=seeker, plan=plans[seeker.office.site_id],
                skills=frozenset(skills[seeker.pk]), occupations=frozenset(known[seeker.pk]),
                looks_from=max(seeker.registered_on, start), proposable=seeker.pk in proposable,
                showcase=seeker.user_id is not None)
        return people

    def _posts(self) -> dict[int, Post]:
        essential: dict[int, set[int]] = defaultdict(set)
        for vacancy_id, skill_id in VacancySkill.objects.filter(
                relevance=Relevance.ESSENTIAL).values_list("vacancy_id", "skill_id"):
            essential[vacancy_id].add(skill_id)
        return {vacancy.pk: Post(vacancy, frozenset(essential[vacancy.pk]),
                                 current=vacancy.closes_on is None
                                 or vacancy.closes_on >= self.today)
                for vacancy in Vacancy.objects.select_related("employer").order_by("pk")}

    # The replay ----------------------------------------------------------------------

    def run(self) -> None:
        for days_ago in range(HISTORY_DAYS, 0, -1):
            day = self.today - dt.timedelta(days=days_ago)
            self._moment = dt.datetime.combine(day, dt.time(6, 0), tzinfo=dt.UTC)
            self.open_posts = defaultdict(list)
            for post in self.posts.values():
                if post.open_on(day):
                    self.open_posts[post.vacancy.region_id].append(post)
            self._close_vacancies(day)
            for showcase in self.showcases:
                self._showcase_step(showcase, day, days_ago)
            if days_ago in REFERRAL_DRIVES:
                self._referral_drive(day)
            self._withdraw_after_a_job(day)
            self._answer_applications(day)
            self._new_applications(day)
            self._outside_jobs(day)
            self._jobs_ending(day)
            if day.weekday() == 0:
                self._read_inboxes(day)
            if days_ago == FOLLOW_UP_DAY:
                self._follow_up_quiet_employers(day)
            self.casework.day(day, days_ago)
        self.casework.finish()

    @contextmanager
    def _on(self, day: dt.date) -> Iterator[None]:
        """The next moment of the day: a few minutes after the last thing done (on a
        very busy day, the last second of the day)."""
        end_of_day = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)
        self._moment = min(self._moment + dt.timedelta(seconds=self.rng.randint(30, 300)),
                           end_of_day)
        with clock.travel_to(self._moment):
            yield

    def _close_vacancies(self, day: dt.date) -> None:
        """Vacancies whose last day was yesterday are closed by their employer, which
        closes the applications still open."""
        for post in self.closing.get(day - dt.timedelta(days=1), []):
            with self._on(day):
                close_vacancy(self._employer(post), post.vacancy)
            self._forget_open_applications_to(post)

    def _answer_applications(self, day: dt.date) -> None:
        for pk in sorted(self.open_applications):
            application = self.open_applications.get(pk)
            if application is None or pk in self.scripted:
                continue  # closed earlier today, or moved by a showcase story only
            person, post = self.people[application.seeker_id], self.posts[application.vacancy_id]
            waited = (day - application.updated_at.date()).days
            draw = self.rng.random()
            if draw < WITHDRAW:
                # The first note is "found another job", kept for the withdrawals after one.
                self._step(day, self._seeker_actor(person), application, "withdraw",
                           note=self.rng.choice(person.plan.withdrawal_notes[1:]))
            elif application.state == ApplicationState.NEW and waited >= 1:
                self._answer_new(day, application, person, post, draw - WITHDRAW)
            elif application.state == ApplicationState.SEEN:
                if draw < WITHDRAW + INTERVIEW_AFTER_SEEN:
                    self._step(day, self._employer(post), application, "plan_interview")
                elif draw < WITHDRAW + INTERVIEW_AFTER_SEEN + REFUSE_AFTER_SEEN:
                    self._refuse(day, application, person, post, _EARLY_REFUSALS)
            elif application.state == ApplicationState.INTERVIEW and waited >= 3:
                if draw < WITHDRAW + HIRE_AFTER_INTERVIEW:
                    if self._may_hire(person, post):
                        self._hire(day, application, person, post)
                elif draw < WITHDRAW + HIRE_AFTER_INTERVIEW + REFUSE_AFTER_INTERVIEW:
                    self._refuse(day, application, person, post, _LATE_REFUSALS)

    def _answer_new(self, day: dt.date, application: Application, person: Person, post: Post,
                    draw: float) -> None:
        if draw < SEEN:
            self._step(day, self._employer(post), application, "mark_seen")
        elif draw < SEEN + INTERVIEW_AT_ONCE:
            self._step(day, self._employer(post), application, "plan_interview")
        elif draw < SEEN + INTERVIEW_AT_ONCE + REFUSE_UNSEEN:
            self._refuse(day, application, person, post, _EARLY_REFUSALS)

    def _new_applications(self, day: dt.date) -> None:
        for person in self.people.values():
            if person.seeker.status != SeekerStatus.ACTIVE or day < person.looks_from:
                continue
            draw = self.rng.random()
            if draw < APPLY + REFER:
                chosen = self._choose_post(person)
                if chosen is not None and draw < APPLY:
                    self._create(day, apply_to_vacancy, self._seeker_actor(person), person,
                                 chosen)
                elif chosen is not None:
                    self._create(day, refer_to_vacancy, self._counsellor(person), person,
                                 chosen)
        for post in [post for posts in self.open_posts.values() for post in posts]:
            if self._has_room(post) and self.rng.random() < INVITE:
                candidate = self._choose_candidate(post, day)
                if candidate is not None:
                    self._create(day, invite_candidate, self._employer(post), candidate, post)

    def _outside_jobs(self, day: dt.date) -> None:
        for person in self.people.values():
            if (person.seeker.status == SeekerStatus.ACTIVE and not person.showcase
                    and day >= person.looks_from
                    and self.rng.random() < OUTSIDE_JOB * self.casework.outside_job_factor(
                        person, day)):
                self._record_outside_job(day, person)

    def _jobs_ending(self, day: dt.date) -> None:
        for placement in list(self.jobs):
            person = self.people[placement.seeker_id]
            if placement.start_date > day - dt.timedelta(days=30) or person.showcase:
                continue
            if self.rng.random() < JOB_ENDS[ContractType(placement.contract_type)]:
                self._end_job(day, person, placement,
                              note=self.rng.choice(person.plan.job_ended_notes))

    def _read_inboxes(self, day: dt.date) -> None:
        """People read most of what is more than two days old; some never open a notice."""
        unread = (Message.objects.filter(read_at__isnull=True,
                                         created_at__lt=self._moment - dt.timedelta(days=2))
                  .select_related("recipient").order_by("pk"))
        for message in unread:
            if self.rng.random() < 0.9:
                with self._on(day):
                    mark_read(message.recipient, message)

    def _withdraw_after_a_job(self, day: dt.date) -> None:
        """The day after starting a job, the person withdraws their other applications."""
        for seeker_id in self.withdraw_next_day.pop(day, []):
            person = self.people[seeker_id]
            for application in [application for _, application
                                in sorted(self.open_applications.items())
                                if application.seeker_id == seeker_id]:
                self._step(day, self._seeker_actor(person), application, "withdraw",
                           note=person.plan.withdrawal_notes[0])

    # The showcase logins and the referral drives -------------------------------------

    def _showcase_step(self, showcase: Showcase, day: dt.date, days_ago: int) -> None:
        for chapter in CHAPTERS:
            self._chapter(showcase, chapter, day,
                          days_ago - (showcase.shift if chapter.starts > 30 else 0))
        if (showcase.placement is not None and showcase.placement.end_date is None
                and days_ago - showcase.shift == JOB_ENDS_DAYS_AGO):
            self._end_job(day, showcase.person, showcase.placement,
                          note=showcase.person.plan.job_ended_notes[0])

    def _chapter(self, showcase: Showcase, chapter: Chapter, day: dt.date,
                 days_ago: int) -> None:
        if chapter.name in showcase.done:
            return
        person = showcase.person
        application = showcase.applications.get(chapter.name)
        if application is not None and application.pk not in self.open_applications:
            application = None  # the vacancy filled or closed under it: start again
        if application is None:
            if chapter.ends <= days_ago <= chapter.starts:
                actor = (self._counsellor(person) if chapter.by_counsellor
                         else self._seeker_actor(person))
                sent = self._script_application(
                    showcase, chapter.name, day,
                    refer_to_vacancy if chapter.by_counsellor else apply_to_vacancy, actor,
                    current=chapter.current,
                    lasting=chapter.steps[-1][0] + 1 if chapter.steps else 0,
                    fitting_only=chapter.fitting_first and days_ago > chapter.ends)
                if sent:
                    showcase.sent_on[chapter.name] = day
                    if not chapter.steps:
                        showcase.done.add(chapter.name)
            return
        after = (day - showcase.sent_on[chapter.name]).days
        for offset, step in chapter.steps:
            if offset != after:
                continue
            post = self.posts[application.vacancy_id]
            if step == "hire":
                showcase.placement = self._hire(day, application, person, post,
                                                contract_type=ContractType.FIXED_TERM)
            elif step == "withdraw":
                self._step(day, self._seeker_actor(person), application, step,
                           note=person.plan.withdrawal_notes[2])
            elif step == "refuse":
                self._step(day, self._employer(post), application, step,
                           reason=RefusalReason.SKILLS_MISSING)
            else:
                self._step(day, self._employer(post), application, step)
            succeeded = (showcase.placement is not None if step == "hire"
                         else application.state == TRANSITIONS[step].target)
            if (offset, step) == chapter.steps[-1] and succeeded:
                showcase.done.add(chapter.name)

    def _script_application(self, showcase: Showcase, role: str, day: dt.date,
                            create: Callable[..., tuple[Application, bool]], actor: User, *,
                            current: bool | None, lasting: int,
                            fitting_only: bool = False) -> bool:
        """Create one application of a showcase story, to the best open vacancy (at the
        first employer of the site if one fits) that stays open ``lasting`` more days."""
        person = showcase.person
        posts = [post for post in self._open_posts(person)
                 if (current is None or post.current == current)
                 and (post.vacancy.closes_on is None
                      or post.vacancy.closes_on >= day + dt.timedelta(days=lasting))
                 and (not fitting_only or self._fit(person, post) >= FITS)]
        if not posts:
            return False
        best = max(posts, key=lambda post: (
            self._fit(person, post) >= FITS and post.vacancy.employer_id in self.first_employers,
            self._fit(person, post)))
        application = self._create(day, create, actor, person, best)
        if application is None:
            return False
        showcase.applications[role] = application
        self.scripted.add(application.pk)
        return True

    def _referral_drive(self, day: dt.date) -> None:
        """Counsellors propose a well-fitting person to every employer nobody has
        applied to yet."""
        for employer_id in sorted(set(self.employer_users) - self.employers_applied_to):
            posts = [post for post in self.posts.values()
                     if post.vacancy.employer_id == employer_id and post.open_on(day)
                     and self._has_room(post)]
            for post in posts:
                person = self._choose_candidate(post, day, needs_consent=False)
                if person is not None:
                    self._create(day, refer_to_vacancy, self._counsellor(person), person, post)
                    break

    def _follow_up_quiet_employers(self, day: dt.date) -> None:
        states: dict[int, Counter[str]] = defaultdict(Counter)
        for employer_id, state in Application.objects.values_list("vacancy__employer_id",
                                                                  "state"):
            states[employer_id][state] += 1
        for employer_id in sorted(self.employer_users):
            counts = states[employer_id]
            for _ in range(3):
                if len(+counts) >= 2:
                    break
                waiting = [application for pk, application in sorted(self.open_applications.items())
                           if application.state == ApplicationState.NEW and pk not in self.scripted
                           and self.posts[application.vacancy_id].vacancy.employer_id
                           == employer_id]
                if set(+counts) == {ApplicationState.NEW} and waiting:
                    post = self.posts[waiting[0].vacancy_id]
                    self._step(day, self._employer(post), waiting[0], "mark_seen")
                    counts[ApplicationState.NEW] -= 1
                    counts[waiting[0].state] += 1
                elif self._propose_someone_to(employer_id, day):
                    counts[ApplicationState.NEW] += 1
                else:
                    break

    def _propose_someone_to(self, employer_id: int, day: dt.date) -> bool:
        """A counsellor proposes the best candidate they find to one of the employer's
        open vacancies, even one who fits poorly."""
        for post in self.posts.values():
            if (post.vacancy.employer_id == employer_id and post.open_on(day)
                    and self._has_room(post)):
                person = self._choose_candidate(post, day, needs_consent=False, least_fit=0.0)
                if person is not None:
                    return self._create(day, refer_to_vacancy, self._counsellor(person), person,
                                        post) is not None
        return False

    # Choosing ------------------------------------------------------------------------

    def _fit(self, person: Person, post: Post) -> float:
        shared = len(person.skills & post.essential) / len(post.essential) if post.essential else 0
        known = KNOWN_OCCUPATION if post.vacancy.occupation_id in person.occupations else 0.0
        return shared + known

    def _open_posts(self, person: Person) -> list[Post]:
        """The vacancies of the person's region open on the day replayed, with an
        opening left, that they have not applied to yet."""
        return [post for post in self.open_posts[person.seeker.office.region_id]
                if self._has_room(post)
                and (person.seeker.pk, post.vacancy.pk) not in self.applied]

    def _choose_post(self, person: Person) -> Post | None:
        """A vacancy that fits, the better fitting ones more often."""
        posts = [(post, fit) for post in self._open_posts(person)
                 if (fit := self._fit(person, post)) >= FITS]
        if not posts:
            return None
        return self.rng.choices([post for post, _ in posts],
                                weights=[fit * fit for _, fit in posts])[0]

    def _choose_candidate(self, post: Post, day: dt.date, *, needs_consent: bool = True,
                          least_fit: float = FITS) -> Person | None:
        """Someone of the region looking for work whom the vacancy fits (who agreed to
        be proposed to employers, unless their counsellor proposes them)."""
        region_id = post.vacancy.region_id
        people = [(person, fit) for person in self.people.values()
                  if person.seeker.office.region_id == region_id and not person.showcase
                  and (person.proposable or not needs_consent)
                  and person.seeker.status == SeekerStatus.ACTIVE
                  and day >= person.looks_from
                  and (person.seeker.pk, post.vacancy.pk) not in self.applied
                  and (fit := self._fit(person, post)) >= least_fit]
        if not people:
            return None
        return self.rng.choices([person for person, _ in people],
                                weights=[fit * fit + 0.001 for _, fit in people])[0]

    def _has_room(self, post: Post) -> bool:
        """Not filled: it takes applications."""
        return self.filled[post.vacancy.pk] < post.vacancy.openings

    def _may_hire(self, person: Person, post: Post) -> bool:
        # A current vacancy keeps one opening for the matching to recommend.
        kept = 1 if post.current else 0
        return (person.seeker.status == SeekerStatus.ACTIVE and not person.showcase
                and self.filled[post.vacancy.pk] < post.vacancy.openings - kept)

    # Doing (always through the actions) ----------------------------------------------

    def _create(self, day: dt.date, create: Callable[..., tuple[Application, bool]],
                actor: User, person: Person, post: Post) -> Application | None:
        self.applied.add((person.seeker.pk, post.vacancy.pk))
        self.employers_applied_to.add(post.vacancy.employer_id)
        with self._on(day):
            application, created = create(actor, person.seeker, post.vacancy)
        if not created:
            return None
        self.open_applications[application.pk] = application
        return application

    def _step(self, day: dt.date, actor: User, application: Application, name: str, *,
              reason: str = "", note: str = "") -> None:
        try:
            with self._on(day):
                moved = transition_application(actor, application, name,
                                               expected_state=application.state,
                                               reason=reason, note=note)
        except ValidationError:
            # Not expected (the replay follows what the actions close by themselves),
            # but if it happens the step no longer applies: read what the state is.
            application.refresh_from_db(fields=["state", "updated_at"])
            moved = application
        application.state, application.updated_at = moved.state, moved.updated_at
        if not application.is_open:
            self.open_applications.pop(application.pk, None)

    def _refuse(self, day: dt.date, application: Application, person: Person, post: Post,
                weights: dict[RefusalReason, float]) -> None:
        reasons = dict(weights)
        # The replay plays the whole city: it knows what each person needs, as the
        # employer learns it at the interview, without reading it for anyone.
        needs = (person.seeker.sensitive or {}).get("accommodation_needs", [])
        if set(needs) - set(post.vacancy.accommodations):
            reasons[RefusalReason.ACCOMMODATION_NOT_POSSIBLE] = _ACCOMMODATION_WEIGHT
        reason = self.rng.choices(list(reasons), weights=list(reasons.values()))[0]
        note = (self.rng.choice(person.plan.other_refusal_notes)
                if reason == RefusalReason.OTHER else "")
        self._step(day, self._employer(post), application, "refuse", reason=reason, note=note)

    def _hire(self, day: dt.date, application: Application, person: Person, post: Post, *,
              contract_type: str | None = None) -> Placement | None:
        formal = self.rng.random() < FORMAL_HIRE
        hours = post.vacancy.hours
        try:
            with self._on(day):
                placement = accept_application(
                    self._employer(post), application,
                    start_date=day + dt.timedelta(days=self.rng.randint(3, 14)),
                    contract_type=contract_type or post.vacancy.contract_type, hours=hours,
                    formal=formal, wage_band=self._wage_band(formal),
                    hours_per_week=self._hours_per_week(hours),
                    expected_state=application.state)
        except ValidationError:
            application.refresh_from_db(fields=["state", "updated_at"])
            if not application.is_open:
                self.open_applications.pop(application.pk, None)
            return None
        self.open_applications.pop(application.pk, None)
        self.filled[post.vacancy.pk] += 1
        if self.filled[post.vacancy.pk] >= post.vacancy.openings:
            self._forget_open_applications_to(post)
        self._started_job(day, person, placement)
        return placement

    def _forget_open_applications_to(self, post: Post) -> None:
        """The vacancy was closed or filled: the action closed its open applications."""
        for pk in [pk for pk, application in self.open_applications.items()
                   if application.vacancy_id == post.vacancy.pk]:
            del self.open_applications[pk]

    def _record_outside_job(self, day: dt.date, person: Person) -> None:
        employer_name, formal = (self.casework.own_business(person)
                                 or self.rng.choice(person.plan.outside_employers))
        occupation = (person.seeker.target_occupation
                      if person.seeker.target_occupation_id is not None else None)
        hours = self.rng.choices(Hours.values, weights=[5, 4, 2])[0]
        contract_type = (self.rng.choice([ContractType.PERMANENT, ContractType.FIXED_TERM])
                         if formal else ContractType.TEMPORARY)
        with self._on(day):
            placement = record_outside_placement(
                self._counsellor(person), person.seeker, employer_name=employer_name,
                start_date=max(day - dt.timedelta(days=self.rng.randint(0, 10)),
                               person.looks_from),
                contract_type=contract_type, hours=hours, formal=formal,
                wage_band=self._wage_band(formal), occupation=occupation,
                hours_per_week=self._hours_per_week(hours))
        self._started_job(day, person, placement)

    def _started_job(self, day: dt.date, person: Person, placement: Placement) -> None:
        person.seeker.status = SeekerStatus.PLACED
        self.jobs.append(placement)
        self.withdraw_next_day[day + dt.timedelta(days=1)].append(person.seeker.pk)
        self.casework.job_started(day, person, placement)

    def _end_job(self, day: dt.date, person: Person, placement: Placement, *, note: str) -> None:
        with self._on(day):
            end_placement(self._counsellor(person), placement, end_date=day, note=note)
        self.forget_job(day, person, placement)

    def forget_job(self, day: dt.date, person: Person, placement: Placement) -> None:
        """The placement was ended (here, or by an answer at a follow-up check)."""
        self.jobs.remove(placement)
        if not any(job.seeker_id == person.seeker.pk for job in self.jobs):
            person.seeker.status = SeekerStatus.ACTIVE
        self.casework.job_ended(day, person)

    def _wage_band(self, formal: bool) -> str:
        if formal:
            return self.rng.choices([WageBand.MINIMUM, WageBand.UP_TO_1_5, WageBand.UP_TO_2,
                                     WageBand.ABOVE_2], weights=[4, 4, 2, 1])[0]
        return self.rng.choices([WageBand.BELOW_MINIMUM, WageBand.MINIMUM, WageBand.NOT_KNOWN],
                                weights=[4, 2, 2])[0]

    def _hours_per_week(self, hours: str) -> int | None:
        if hours == Hours.FULL_TIME:
            return self.rng.choice([40, 45, 45, 48])
        if hours == Hours.PART_TIME:
            return self.rng.choice([15, 20, 24, 30])
        return self.rng.choice([None, 10, 20, 30])

    # Who acts --------------------------------------------------------------------------

    def _employer(self, post: Post) -> User:
        return self.employer_users[post.vacancy.employer_id]

    def _counsellor(self, person: Person) -> User:
        return self.counsellors[person.seeker.office_id]

    def _seeker_actor(self, person: Person) -> User:
        """The person, if they have a login; otherwise their counsellor on their behalf."""
        return person.seeker.user or self._counsellor(person)


def replay_history(rng: random.Random, today: dt.date, plans: dict[int, SitePlan],
                   casework_rng: random.Random | None = None) -> None:
    """Replay the year before ``today`` (``plans``: the plan of each site, by its id),
    with its casework drawn from ``casework_rng``."""
    HistoryReplay(rng, today, plans, casework_rng).run()
