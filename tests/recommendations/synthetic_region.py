"""A synthetic labour-market region in the database, built with bulk inserts: enough
seekers and vacancies that a batch run has many chunks in flight."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from decentwork.controlled_lists import Accommodation, ContractType, Hours
from decentwork.employers.models import Employer, Vacancy, VacancySkill
from decentwork.network.models import Office, Region, Site
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    JobSeeker,
    SeekerSkill,
    SeekerStatus,
    WorkExperience,
)
from decentwork.taxonomy.models import Concept, ConceptKind, Relevance

UNIT_GROUPS = ("2221", "2512", "3311", "4110", "5120", "5321", "7411", "8322", "9112", "9412")
CENTRES = ((41.00, 29.00), (41.04, 29.06))


def build_region(*, n_seekers: int, n_vacancies: int, seed: int = 7) -> Region:
    rng = random.Random(seed)
    today = timezone.localdate()
    site = Site.objects.create(name="Synthetic", slug=f"synthetic-{seed}", country="TR")
    region = Region.objects.create(site=site, name="Synthetic region", slug="synthetic")
    offices = [Office.objects.create(site=site, region=region, name=f"Office {n}",
                                     slug=f"office-{n}", latitude=lat, longitude=lon)
               for n, (lat, lon) in enumerate(CENTRES)]
    employer = Employer.objects.create(site=site, name="Synthetic employer")

    skills = Concept.objects.bulk_create([
        Concept(uri=f"http://example.org/synthetic/{seed}/skill/{group}/{n}",
                kind=ConceptKind.SKILL)
        for group in UNIT_GROUPS for n in range(30)])
    pool = {group: skills[i * 30:(i + 1) * 30] for i, group in enumerate(UNIT_GROUPS)}
    occupations = Concept.objects.bulk_create([
        Concept(uri=f"http://example.org/synthetic/{seed}/occupation/{group}/{n}",
                kind=ConceptKind.OCCUPATION, isco_code=group)
        for group in UNIT_GROUPS for n in range(4)])
    profile = {o.pk: rng.sample(pool[o.isco_code], 8) for o in occupations}

    vacancies, vacancy_skills = [], []
    for _ in range(n_vacancies):
        occupation = rng.choice(occupations)
        lat, lon = rng.choice(CENTRES)
        vacancies.append(Vacancy(
            employer=employer, region=region, title=f"Job {occupation.isco_code}",
            occupation=occupation, latitude=lat + rng.uniform(-0.1, 0.1),
            longitude=lon + rng.uniform(-0.1, 0.1), remote=rng.random() < 0.08,
            hours=rng.choice(Hours.values), contract_type=rng.choice(ContractType.values),
            openings=rng.choice([1, 1, 2, 3]),
            accommodations=sorted(a for a in Accommodation.values if rng.random() < 0.4),
            opens_on=today - dt.timedelta(days=rng.randrange(30)),
            closes_on=None if rng.random() < 0.3 else today + dt.timedelta(days=30)))
        essential = rng.sample(profile[occupation.pk], 5)
        optional = rng.sample([s for s in pool[occupation.isco_code] if s not in essential], 2)
        vacancy_skills.append((essential, optional))
    VacancySkill.objects.bulk_create([
        VacancySkill(vacancy=created, skill=skill, relevance=relevance)
        for created, (essential, optional) in zip(Vacancy.objects.bulk_create(vacancies),
                                                  vacancy_skills, strict=True)
        for relevance, chosen in ((Relevance.ESSENTIAL, essential),
                                  (Relevance.OPTIONAL, optional))
        for skill in chosen
    ], batch_size=5000)

    people, plans = [], []
    for number in range(n_seekers):
        office = offices[number % len(offices)]
        occupation = rng.choice(occupations)
        groups = sorted(g for g, share in (("disability", 0.15), ("youth", 0.2),
                                           ("refugee", 0.1)) if rng.random() < share)
        people.append(JobSeeker(
            office=office, first_name=f"Person{number}", last_name="Synthetic",
            latitude=(office.latitude or 0) + rng.uniform(-0.08, 0.08),
            longitude=(office.longitude or 0) + rng.uniform(-0.08, 0.08),
            preferred_hours=rng.choice(Hours.values),
            accepted_contracts=sorted(rng.sample(ContractType.values, rng.randint(2, 5))),
            commute_radius_km=rng.choice([10, 15, 20, 30]), accepts_remote=rng.random() < 0.8,
            sensitive={"target_groups": groups, "accommodation_needs": (
                [Accommodation.STEP_FREE_ACCESS]
                if "disability" in groups and rng.random() < 0.5 else [])},
            status=SeekerStatus.ACTIVE,
            registered_on=today - dt.timedelta(days=rng.randrange(400))))
        plans.append((occupation, groups))
    created = JobSeeker.objects.bulk_create(people)
    now = timezone.now()
    seeker_skills, experiences, consents = [], [], []
    for person, (occupation, groups) in zip(created, plans, strict=True):
        held = rng.sample(profile[occupation.pk], rng.randint(3, 7))
        held += rng.sample(pool[rng.choice(UNIT_GROUPS)], 2)
        seeker_skills += [SeekerSkill(seeker=person, skill=s) for s in set(held)]
        experiences.append(WorkExperience(seeker=person, title="work", occupation=occupation,
                                          years=Decimal(rng.randint(0, 20)) / 2))
        scopes = [*groups] + ([ConsentScope.PROPOSAL_TO_EMPLOYERS] if rng.random() < 0.7
                              else [])
        if person.sensitive["accommodation_needs"]:
            scopes.append(ConsentScope.ACCOMMODATION_MATCHING)
        consents += [Consent(seeker=person, scope=scope, granted_at=now) for scope in scopes]
    SeekerSkill.objects.bulk_create(seeker_skills, batch_size=5000)
    WorkExperience.objects.bulk_create(experiences, batch_size=5000)
    Consent.objects.bulk_create(consents, batch_size=5000)
    return region
