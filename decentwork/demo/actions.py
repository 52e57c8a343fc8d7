"""Load the demo: the project's own taxonomy subset, a synthetic city and a year of
its history.

Everything is drawn from ``random.Random(seed)``: the same seed gives the same
people, employers, vacancies and history (dates are offsets from the day of loading,
so vacancies are open whenever the demo is started). The history is made through the
applications' actions (``history.py``); the city itself is written directly, as an
import would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from decentwork import clock
from decentwork.accounts.models import Role, User
from decentwork.applications.models import Application, ApplicationState, Placement
from decentwork.audit.log import record
from decentwork.controlled_lists import Accommodation, ContractType, EducationLevel, Hours
from decentwork.demo.authenticators import install_demo_authenticators
from decentwork.demo.casework import casework_counts, publish_programmes
from decentwork.demo.city import SECTORS, SITES, OfficePlan, SitePlan
from decentwork.demo.history import replay_history
from decentwork.demo.models import DemoAccount
from decentwork.employers.models import Employer, EmployerMembership, Vacancy, VacancySkill
from decentwork.network.models import (
    Office,
    Region,
    Site,
    SiteMembership,
    StaffMembership,
)
from decentwork.programmes.actions import publish_training_programme
from decentwork.programmes.models import TrainingProgramme
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import Recommendation
from decentwork.seekers.actions import set_accommodation_needs
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    Gender,
    JobSeeker,
    SeekerSkill,
    SeekerStatus,
    SkillInference,
    SpokenLanguage,
    WorkExperience,
)
from decentwork.taxonomy.actions import import_esco_release
from decentwork.taxonomy.models import (
    Concept,
    ConceptKind,
    Label,
    LabelKind,
    OccupationSkill,
    Relevance,
)

DEMO_RELEASE = Path(__file__).resolve().parent.parent / "taxonomy" / "demo_release"
DEMO_PASSWORD = "decent-work-demo"  # printed for the demo; refused when DEBUG is off
DEFAULT_SEED = 20261124
SEEKERS, EMPLOYERS, VACANCIES = 500, 60, 200
# Vacancies of the past year, closed before the load day: what the history applies to.
PAST_VACANCIES = 180
# The printed seeker logins were registered long enough ago to have a year of history.
SHOWCASE_REGISTERED_DAYS_AGO = 400

DISABILITY_NEEDS = (
    Accommodation.STEP_FREE_ACCESS, Accommodation.SCREEN_READER_SUPPORT,
    Accommodation.SIGN_LANGUAGE_INTERPRETATION, Accommodation.QUIET_WORKSPACE,
    Accommodation.ADAPTED_EQUIPMENT, Accommodation.JOB_COACH, Accommodation.FLEXIBLE_HOURS,
)


class DemoAlreadyLoadedError(Exception):
    pass


@dataclass
class DemoReport:
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, username, where)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Occupation:
    concept: Concept
    label: str  # the English preferred label, by which city.py names it
    titles: dict[str, list[str]]  # language -> labels people would type
    essential: list[int]
    optional: list[int]


@dataclass
class LabourMarket:
    """Where a site's people have worked: for its employers (``local``), in work no
    employer here offers (``elsewhere``), or anything at all."""

    local: list[Occupation]
    # What the printed employer login hires: the printed job seeker logins have done
    # that work, so that their stories and that employer's pages meet.
    printed_employer_hires: list[Occupation]
    elsewhere: list[Occupation]
    everything: list[Occupation]
    transversal_skills: list[int]  # what a school leaver may say they can do


def load_demo(*, seed: int = DEFAULT_SEED, progress: bool = True,
              say: Callable[[str], None] = print) -> DemoReport:
    if Site.objects.filter(slug__in=[s.slug for s in SITES]).exists():
        raise DemoAlreadyLoadedError(
            "The demo is already loaded (sites istanbul and hangzhou exist).")
    say("Importing the demo taxonomy…")
    import_esco_release(DEMO_RELEASE, progress=progress)
    say("Building the synthetic city and replaying a year of its history…")
    rng = random.Random(seed)
    today = clock.today()
    with transaction.atomic():
        report = _build_city(rng, today)
        replay_history(rng, today, {Site.objects.get(slug=plan.slug).pk: plan
                                    for plan in SITES},
                       casework_rng=random.Random(f"casework {seed}"))
        report.counts.update(_history_counts(today))
        record(None, "demo.load_demo", None, seed=seed, **report.counts)
    say("Recommending vacancies to the job seekers (in-process matching)…")
    runs = [run_matching_in_process(None, region)
            for region in Region.objects.filter(site__slug__in=[s.slug for s in SITES])]
    report.counts["recommendations"] = sum(run.recommendations.count() for run in runs)
    with transaction.atomic():
        _add_employers_of_first_recommendations(report)
        # The printed logins, marked so that the login page can list them (DEBUG only).
        DemoAccount.objects.bulk_create([
            DemoAccount(user=user) for user in User.objects.filter(
                username__in=[username for _, username, _ in report.logins])])
        install_demo_authenticators(seed)
    return report


def _history_counts(today: dt.date) -> dict[str, int]:
    return {
        "open_vacancies": sum(vacancy.is_open(today) for vacancy in Vacancy.objects.all()),
        "applications": Application.objects.count(),
        "placements": Placement.objects.count(),
        "job_seekers_in_work": JobSeeker.objects.filter(status=SeekerStatus.PLACED).count(),
        **casework_counts(),
    }


def _add_employers_of_first_recommendations(report: DemoReport) -> None:
    """Print the login of the employer of each demo job seeker's planned interview and
    first recommended vacancy, so that the whole loop (apply, interview, hire, see the
    placement) can be walked with printed logins."""
    listed = {username for _, username, _ in report.logins}
    interviews = (Application.objects.filter(seeker__user__username__in=listed,
                                             state=ApplicationState.INTERVIEW)
                  .values_list("vacancy__employer_id", flat=True))
    firsts = (Recommendation.objects.filter(seeker__user__username__in=listed, rank=1)
              .values_list("vacancy__employer_id", flat=True))
    memberships = (EmployerMembership.objects.filter(employer_id__in=[*interviews, *firsts])
                   .select_related("user", "employer").order_by("user__username"))
    for membership in memberships:
        if membership.user.username not in listed:
            listed.add(membership.user.username)
            report.logins.append((str(Role.EMPLOYER.label), membership.user.username,
                                  membership.employer.name))


def _occupations() -> list[Occupation]:
    concepts = list(Concept.objects.filter(kind=ConceptKind.OCCUPATION).order_by("uri"))
    titles: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    english: dict[int, str] = {}
    for concept_id, language, kind, text in Label.objects.filter(
        concept__kind=ConceptKind.OCCUPATION, kind__in=[LabelKind.PREFERRED, LabelKind.ALTERNATIVE]
    ).values_list("concept_id", "language", "kind", "text").order_by("concept_id", "kind", "text"):
        titles[concept_id][language].append(text)
        if language == "en" and kind == LabelKind.PREFERRED:
            english[concept_id] = text
    skills: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for occupation_id, skill_id, relevance in OccupationSkill.objects.values_list(
        "occupation_id", "skill_id", "relevance"
    ).order_by("occupation_id", "skill_id"):
        skills[occupation_id][relevance].append(skill_id)
    return [Occupation(c, english.get(c.pk, c.uri), dict(titles[c.pk]), skills[c.pk]["essential"],
                       skills[c.pk]["optional"])
            for c in concepts if skills[c.pk]["essential"]]


def _named(occupations: list[Occupation], labels: tuple[str, ...]) -> list[Occupation]:
    by_label = {occupation.label: occupation for occupation in occupations}
    missing = [label for label in labels if label not in by_label]
    if missing:
        raise RuntimeError(f"The demo taxonomy lacks the occupations {missing} of city.py.")
    return [by_label[label] for label in labels]


def _build_city(rng: random.Random, today: dt.date) -> DemoReport:
    report = DemoReport()
    occupations = _occupations()
    if not occupations:
        raise RuntimeError("The demo taxonomy has no occupations with skills; was it imported?")
    transversal_skills = list(Concept.objects.skills().filter(reuse_level="transversal")
                              .order_by("uri").values_list("pk", flat=True))
    password = make_password(DEMO_PASSWORD)
    admin = User.objects.create(username="admin", role=Role.ADMINISTRATOR, password=password,
                                is_staff=True, is_superuser=True, first_name="Ada",
                                last_name="Admin")
    report.logins.append((str(Role.ADMINISTRATOR.label), admin.username, "all sites"))
    seekers_per_site = SEEKERS // len(SITES)
    employers_per_site = EMPLOYERS // len(SITES)
    vacancies_per_site = VACANCIES // len(SITES)
    for plan in SITES:
        site = Site.objects.create(name=plan.name, slug=plan.slug, country=plan.country,
                                   default_language=plan.language)
        region = Region.objects.create(site=site, name=plan.region_name, slug=plan.region_slug)
        analyst = User.objects.create(username=f"analyst.{plan.slug}", role=Role.ANALYST,
                                      password=password, first_name="Analyst",
                                      last_name=plan.name)
        SiteMembership.objects.create(user=analyst, site=site)
        report.logins.append((str(Role.ANALYST.label), analyst.username, plan.name))
        offices: list[tuple[Office, OfficePlan]] = []
        for office_plan in plan.offices:
            office = Office.objects.create(
                site=site, region=region, name=office_plan.name, slug=office_plan.slug,
                latitude=office_plan.latitude, longitude=office_plan.longitude)
            offices.append((office, office_plan))
            for role, username in ((Role.COUNSELLOR, f"counsellor.{office_plan.slug}"),
                                   (Role.OFFICE_MANAGER, f"manager.{office_plan.slug}")):
                user = User.objects.create(username=username, role=role, password=password,
                                           first_name=str(role.label), last_name=office_plan.name)
                StaffMembership.objects.create(user=user, office=office)
                report.logins.append((str(role.label), username, office_plan.name))
        employers = [(employer, _named(occupations, SECTORS[sector])) for employer, sector
                     in _employers(rng, plan, site, employers_per_site, password, report)]
        _vacancies(rng, plan, region, offices, employers, vacancies_per_site, today)
        _vacancies(rng, plan, region, offices, employers, PAST_VACANCIES // len(SITES), today,
                   past=True)
        market = LabourMarket(
            local=sorted({o.concept.pk: o for _, hired in employers for o in hired}.values(),
                         key=lambda o: o.concept.uri),
            printed_employer_hires=employers[0][1],
            elsewhere=_named(occupations, plan.work_done_elsewhere), everything=occupations,
            transversal_skills=transversal_skills)
        _seekers(rng, plan, offices, market, seekers_per_site, today, password, report)
        _training_programmes(plan, site)
        publish_programmes(plan, site)
    report.counts = {
        "sites": Site.objects.count(), "offices": Office.objects.count(),
        "job_seekers": JobSeeker.objects.count(), "employers": Employer.objects.count(),
        "vacancies": Vacancy.objects.count(), "occupations": len(occupations),
        "training_programmes": TrainingProgramme.objects.count(),
        "skills": Concept.objects.filter(kind=ConceptKind.SKILL).count(),
    }
    return report


def _employers(rng: random.Random, plan: SitePlan, site: Site, count: int, password: str,
               report: DemoReport) -> list[tuple[Employer, str]]:
    """The site's employers, each with its sector (a key of ``SECTORS``)."""
    sectors = {f"{stem}{plan.name_separator}{suffix}": sector for stem in plan.employer_stems
               for suffix, sector in plan.employer_suffixes}
    employers = Employer.objects.bulk_create([
        Employer(site=site, name=name,
                 registration_number=f"{plan.country}-{rng.randrange(10**8):08d}",
                 employee_count=rng.choice([8, 25, 40, 60, 120, 250, 600, 1500]))
        for name in rng.sample(sorted(sectors), count)
    ])
    for number, employer in enumerate(employers, start=1):
        user = User.objects.create(username=f"employer.{plan.slug}.{number}", role=Role.EMPLOYER,
                                   password=password, first_name=employer.name[:30],
                                   last_name="")
        EmployerMembership.objects.create(user=user, employer=employer)
        if number == 1:
            report.logins.append((str(Role.EMPLOYER.label), user.username, employer.name))
    return [(employer, sectors[employer.name]) for employer in employers]


def _title(rng: random.Random, occupation: Occupation, language: str) -> tuple[str, str]:
    for wanted in (language, "en"):
        if occupation.titles.get(wanted):
            return rng.choice(occupation.titles[wanted]), wanted
    return occupation.concept.uri, "en"


def _near(rng: random.Random, latitude: float, longitude: float, km: float) -> tuple[float, float]:
    # One degree of latitude is ~111 km; good enough for a city-sized scatter.
    return (round(latitude + rng.uniform(-km, km) / 111.0, 5),
            round(longitude + rng.uniform(-km, km) / 85.0, 5))


def _vacancies(rng: random.Random, plan: SitePlan, region: Region,
               offices: list[tuple[Office, OfficePlan]],
               employers: list[tuple[Employer, list[Occupation]]], count: int, today: dt.date,
               *, past: bool = False) -> None:
    """Vacancies open on the load day, or (``past``) ones of the past year that
    closed before it, each for an occupation its employer's sector hires and asking
    for that occupation's essential skills and a few of its optional ones."""
    vacancies, skill_rows = [], []
    for number in range(count):
        # Every employer has at least one open vacancy, so every employer login has
        # something to show.
        employer, hired = (employers[number] if not past and number < len(employers)
                           else rng.choice(employers))
        occupation = rng.choice(hired)
        office, office_plan = rng.choice(offices)
        latitude, longitude = _near(rng, office.latitude or 0.0, office.longitude or 0.0, 12)
        title, language = _title(rng, occupation, plan.taxonomy_language)
        if past:
            opens_on = today - dt.timedelta(days=rng.randrange(70, 380))
            closes_on: dt.date | None = opens_on + dt.timedelta(days=rng.randrange(20, 60))
        else:
            opens_on = today - dt.timedelta(days=rng.randrange(0, 60))
            closes_on = (None if rng.random() < 0.2
                         else today + dt.timedelta(days=rng.randrange(7, 90)))
        vacancies.append(Vacancy(
            employer=employer, region=region, title=title, language=language,
            description="", occupation=occupation.concept,
            place=rng.choice(office_plan.places),
            latitude=latitude, longitude=longitude, remote=rng.random() < 0.12,
            hours=rng.choices(Hours.values, weights=[6, 3, 1])[0],
            contract_type=rng.choices(ContractType.values, weights=[5, 3, 2, 1, 1])[0],
            openings=rng.choice([1, 1, 1, 2, 2, 3, 5]),
            accommodations=sorted(a for a in Accommodation.values if rng.random() < 0.35),
            opens_on=opens_on, closes_on=closes_on,
        ))
        skill_rows.append(occupation)
    created = Vacancy.objects.bulk_create(vacancies)
    VacancySkill.objects.bulk_create([
        VacancySkill(vacancy=vacancy, skill_id=skill_id, relevance=relevance)
        for vacancy, occupation in zip(created, skill_rows, strict=True)
        for relevance, skill_ids in (
            (Relevance.ESSENTIAL, occupation.essential),
            (Relevance.OPTIONAL, rng.sample(occupation.optional,
                                            rng.randint(min(1, len(occupation.optional)),
                                                        min(3, len(occupation.optional))))))
        for skill_id in skill_ids
    ])


def _training_programmes(plan: SitePlan, site: Site, count: int = 12) -> None:
    """Short courses for the skills the site's vacancies ask for most."""
    wanted = (VacancySkill.objects.filter(vacancy__employer__site=site,
                                          relevance=Relevance.ESSENTIAL)
              .values("skill_id").annotate(asked=Count("id")).order_by("-asked", "skill_id"))
    skill_ids = [row["skill_id"] for row in wanted[:count]]
    names: dict[int, str] = {}
    for concept_id, language, text in Label.objects.filter(
            concept_id__in=skill_ids, language__in=[plan.taxonomy_language, "en"],
            kind=LabelKind.PREFERRED).values_list("concept_id", "language", "text"):
        if language == plan.taxonomy_language or concept_id not in names:
            names[concept_id] = text
    skills = Concept.objects.in_bulk(skill_ids)
    for number, skill_id in enumerate(skill_ids):
        publish_training_programme(
            None, site, title=plan.course_title.format(skill=names.get(skill_id, "")),
            skills=[skills[skill_id]], language=plan.language,
            provider=plan.training_providers[number % len(plan.training_providers)])


def _target_groups(rng: random.Random, plan: SitePlan, gender: str, age: int) -> list[str]:
    groups = []
    if rng.random() < 0.2:
        groups.append("disability")
    if age < 25:
        groups.append("youth")
    if gender == Gender.WOMAN and age >= 28 and rng.random() < 0.3:
        groups.append("woman_returner")
    if plan.country == "TR" and rng.random() < 0.15:
        groups.append("refugee")
    if plan.country == "CN" and rng.random() < 0.3:
        groups.append("migrant_worker")
    if rng.random() < 0.2:
        groups.append("social_assistance")
    return groups


def _needs(rng: random.Random, groups: list[str]) -> list[str]:
    needs: set[str] = set()
    if "disability" in groups:
        needs.update(rng.sample(DISABILITY_NEEDS, rng.choice([1, 1, 2])))
    if "woman_returner" in groups and rng.random() < 0.5:
        needs.add(Accommodation.CHILDCARE_SUPPORT)
    if rng.random() < 0.08:
        needs.add(Accommodation.FLEXIBLE_HOURS)
    return sorted(needs)


def _preferences(rng: random.Random, groups: list[str], needs: list[str],
                 age: int) -> dict[str, Any]:
    """What a person asks of a job, as people in a city do, in step with the
    vacancies of ``_vacancies`` (hours 6:3:1 full time, part time, flexible;
    contracts mostly permanent and fixed term): nearly everyone takes a permanent
    or fixed-term contract, many a temporary one, the young an apprenticeship or an
    internship; most want full-time work, carers, students and people who need
    flexible hours part-time or flexible work; most travel 10 to 30 km. Drawing
    these at random, unrelated to the jobs on offer, left half the people looking
    with nothing to see for reasons no real city has. Accommodation needs are not
    bent to fit: some people honestly find no vacancy that offers what they need."""
    contracts = [ContractType.PERMANENT, ContractType.FIXED_TERM]
    if rng.random() < 0.65:
        contracts.append(ContractType.TEMPORARY)
    if age < 26:
        contracts += [ContractType.APPRENTICESHIP, ContractType.INTERNSHIP]
    hours: str
    if Accommodation.FLEXIBLE_HOURS in needs:
        hours = Hours.FLEXIBLE
    elif Accommodation.CHILDCARE_SUPPORT in needs or (age < 23 and rng.random() < 0.4):
        hours = Hours.PART_TIME  # carers; students working beside their studies
    else:
        hours = rng.choices(Hours.values, weights=[85, 10, 5])[0]
    return {
        "preferred_hours": hours,
        "accepted_contracts": sorted(contract.value for contract in contracts),
        "commute_radius_km": rng.choices([5, 10, 15, 20, 30], weights=[5, 20, 25, 25, 25])[0],
        "accepts_remote": rng.random() < 0.85 or "disability" in groups,
    }


def _work_done(rng: random.Random, market: LabourMarket,
               only: list[Occupation] | None = None) -> Occupation:
    roll = rng.random()
    if only:
        return rng.choice(only)
    if roll < 0.7:
        return rng.choice(market.local)
    return rng.choice(market.elsewhere if roll < 0.9 else market.everything)


def _skills_after(rng: random.Random, occupation: Occupation, years: Decimal) -> set[int]:
    """What a person can do after ``years`` in ``occupation``: half of its essential
    skills after a year, nearly all after eight; fewer of its optional ones."""
    share = min(0.95, 0.4 + 0.07 * float(years))
    return {*rng.sample(occupation.essential, max(1, round(share * len(occupation.essential)))),
            *rng.sample(occupation.optional, round(share / 2 * len(occupation.optional)))}


def _profile_skills(seeker: JobSeeker, worked: list[tuple[WorkExperience, Occupation]],
                    held: set[int], reviewed: bool
                    ) -> tuple[list[SkillInference], list[SeekerSkill]]:
    """Skills as the seekers' actions would leave them: each linked experience infers
    its occupation's skills; where a counsellor went through the profile
    (``reviewed``), the skills the person has are confirmed and the others removed
    (declined), otherwise they stay inferred. Skills from unlinked experiences are the
    person's own statement."""
    inferences: list[SkillInference] = []
    implied: dict[int, str] = {}
    for experience, occupation in worked:
        if experience.occupation_id is None:
            continue
        for relevance, skill_ids in ((Relevance.ESSENTIAL, occupation.essential),
                                     (Relevance.OPTIONAL, occupation.optional)):
            for skill_id in skill_ids:
                declined = reviewed and skill_id not in held
                inferences.append(SkillInference(experience=experience, skill_id=skill_id,
                                                 relevance=relevance, declined=declined))
                if not declined and implied.get(skill_id) != Relevance.ESSENTIAL:
                    implied[skill_id] = relevance
    confirmed = held if reviewed else held - implied.keys()
    source = SeekerSkill.Source.COUNSELLOR if reviewed else SeekerSkill.Source.SELF
    return inferences, (
        [SeekerSkill(seeker=seeker, skill_id=skill_id, source=source)
         for skill_id in sorted(confirmed)]
        + [SeekerSkill(seeker=seeker, skill_id=skill_id, source=SeekerSkill.Source.INFERRED,
                       inferred_relevance=relevance)
           for skill_id, relevance in sorted(implied.items()) if skill_id not in confirmed])


def _seekers(rng: random.Random, plan: SitePlan, offices: list[tuple[Office, OfficePlan]],
             market: LabourMarket, count: int, today: dt.date, password: str,
             report: DemoReport) -> None:
    counsellors = {office.pk: User.objects.get(username=f"counsellor.{office.slug}")
                   for office, _ in offices}
    people, plans = [], []
    stated_needs: list[list[str]] = []
    for number in range(count):
        office, office_plan = offices[number % len(offices)]
        gender = rng.choices([Gender.WOMAN, Gender.MAN, Gender.NOT_STATED], weights=[48, 48, 4])[0]
        names = plan.given_names_men if gender == Gender.MAN else plan.given_names_women
        age = rng.randint(17, 62)
        groups = _target_groups(rng, plan, gender, age)
        needs = _needs(rng, groups)
        latitude, longitude = _near(rng, office.latitude or 0.0, office.longitude or 0.0, 8)
        registered_days_ago = rng.randrange(1, 540)
        if number < len(offices):  # the first of each office is its printed login
            registered_days_ago = max(registered_days_ago, SHOWCASE_REGISTERED_DAYS_AGO)
        people.append(JobSeeker(
            office=office, first_name=rng.choice(names), last_name=rng.choice(plan.family_names),
            birth_year=today.year - age, gender=gender, preferred_language=plan.language,
            place=rng.choice(office_plan.places),
            latitude=latitude, longitude=longitude,
            education_level=rng.choice(EducationLevel.values[1:8]),
            **_preferences(rng, groups, needs, age),
            sensitive={"target_groups": sorted(groups)},
            registered_on=today - dt.timedelta(days=registered_days_ago),
        ))
        plans.append(groups)
        stated_needs.append(needs)
    created = JobSeeker.objects.bulk_create(people)
    # Half the people name the occupation they look for: often the one they know,
    # sometimes a change of field. A separate stream keeps the rest of the city as it was.
    wishes = random.Random(f"occupations sought in {plan.language}")
    consents, experiences, skills, languages = [], [], [], []
    profiles: list[tuple[JobSeeker, list[tuple[WorkExperience, Occupation]], set[int], bool]] = []
    for number, (seeker, groups) in enumerate(zip(created, plans, strict=True)):
        counsellor = counsellors[seeker.office_id]
        scopes = [*groups] + ([ConsentScope.PROPOSAL_TO_EMPLOYERS] if rng.random() < 0.7 else [])
        # Given when the person registered, before any of the history.
        registered = dt.datetime.combine(seeker.registered_on, dt.time(9), tzinfo=dt.UTC)
        consents += [Consent(seeker=seeker, scope=scope, granted_at=registered,
                             recorded_by=counsellor) for scope in scopes]
        age = today.year - (seeker.birth_year or today.year - 30)
        showcase = number < len(offices)  # the first of each office is its printed login
        # Each in a different part of that work, so that their stories do not compete
        # for the same vacancies.
        printed_work = (market.printed_employer_hires[number::len(offices)] if showcase
                        else None)
        worked: list[tuple[WorkExperience, Occupation]] = []
        held: set[int] = set()
        # Half of those under 22 have not worked yet; they say what they can do.
        if age < 22 and not showcase and rng.random() < 0.5:
            held.update(rng.sample(market.transversal_skills, rng.randint(0, 2)))
        else:
            for _ in range(rng.choice([1, 1, 2, 3])):
                occupation = _work_done(rng, market, printed_work)
                title, language = _title(rng, occupation, plan.taxonomy_language)
                years = Decimal(rng.randint(1, max(1, min(40, 2 * (age - 16))))) / 2
                worked.append((WorkExperience(
                    seeker=seeker, title=title, language=language,
                    occupation=occupation.concept if rng.random() < 0.75 else None,
                    years=years, informal=rng.random() < 0.15), occupation))
                held |= _skills_after(rng, occupation, years)
        experiences += [experience for experience, _ in worked]
        profiles.append((seeker, worked, held, rng.random() < 0.6))
        if wishes.random() < 0.5:
            known = worked[-1][1] if worked else None
            seeker.target_occupation = (known if known is not None and wishes.random() < 0.7
                                        else wishes.choice(market.local)).concept
        languages.append(SpokenLanguage(seeker=seeker, language=plan.language.split("-")[0],
                                        level=SpokenLanguage.Level.NATIVE))
        if "refugee" in groups:
            languages[-1].language = "ar"
            languages.append(SpokenLanguage(seeker=seeker, language="tr",
                                            level=SpokenLanguage.Level.BASIC))
        elif rng.random() < 0.3:
            languages.append(SpokenLanguage(seeker=seeker, language="en",
                                            level=rng.choice(SpokenLanguage.Level.values[:3])))
    Consent.objects.bulk_create(consents)
    # Needs go through the action, as on the page: encrypted, with the consent to
    # match on them, stated when the person registered.
    for seeker, needs in zip(created, stated_needs, strict=True):
        if needs:
            with clock.travel_to(dt.datetime.combine(seeker.registered_on, dt.time(9),
                                                     tzinfo=dt.UTC)):
                set_accommodation_needs(counsellors[seeker.office_id], seeker, needs)
    WorkExperience.objects.bulk_create(experiences)
    inferences: list[SkillInference] = []
    for seeker, worked, held, reviewed in profiles:
        inferred, profile = _profile_skills(seeker, worked, held, reviewed)
        inferences += inferred
        skills += profile
    SkillInference.objects.bulk_create(inferences)
    SeekerSkill.objects.bulk_create(skills)
    SpokenLanguage.objects.bulk_create(languages)
    JobSeeker.objects.bulk_update(created, ["target_occupation"])
    # Everyone starts out looking for work: who is in work on the load day comes from
    # the placements of the history, the only writer of the status.
    for office, office_plan in offices:
        first = next(s for s in created if s.office_id == office.pk)
        user = User.objects.create(username=f"seeker.{office.slug}", role=Role.JOB_SEEKER,
                                   password=password, first_name=first.first_name,
                                   last_name=first.last_name)
        first.user = user
        first.save(update_fields=["user"])
        report.logins.append((str(Role.JOB_SEEKER.label), user.username, office_plan.name))
