"""The demo city's labour market: vacancies and people made from the same taxonomy
relations, so that most people find work that fits and some honestly do not.

Only the city is built here (no history, no matching: ``test_load_demo`` covers
those), once for the module, rolled back at its end.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from decentwork.demo.actions import DEFAULT_SEED, DEMO_RELEASE, _build_city
from decentwork.demo.city import SECTORS, SITES
from decentwork.employers.models import Vacancy, VacancySkill
from decentwork.seekers.actions import _refresh_inferred_skills
from decentwork.seekers.models import JobSeeker, SeekerSkill, WorkExperience
from decentwork.taxonomy.actions import import_esco_release
from decentwork.taxonomy.models import Label, LabelKind, OccupationSkill, Relevance

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def city(django_db_setup: None, django_db_blocker: Any,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    index = tmp_path_factory.mktemp("index")
    with (django_db_blocker.unblock(), override_settings(LINKING_INDEX_DIR=index),
          transaction.atomic()):
        import_esco_release(DEMO_RELEASE, languages=["en", "tr", "zh"], progress=False)
        _build_city(random.Random(DEFAULT_SEED), TODAY)
        yield
        transaction.set_rollback(True)


def _skills_of_occupations(relevance: str) -> dict[int, set[int]]:
    skills: dict[int, set[int]] = defaultdict(set)
    for occupation_id, skill_id in OccupationSkill.objects.filter(
            relevance=relevance).values_list("occupation_id", "skill_id"):
        skills[occupation_id].add(skill_id)
    return skills


def _skills_of_vacancies(relevance: str) -> dict[int, set[int]]:
    skills: dict[int, set[int]] = defaultdict(set)
    for vacancy_id, skill_id in VacancySkill.objects.filter(
            relevance=relevance).values_list("vacancy_id", "skill_id"):
        skills[vacancy_id].add(skill_id)
    return skills


def _profiles(*, confirmed_only: bool = False) -> dict[int, set[int]]:
    rows = SeekerSkill.objects.all()
    if confirmed_only:
        rows = rows.exclude(source=SeekerSkill.Source.INFERRED)
    skills: dict[int, set[int]] = defaultdict(set)
    for seeker_id, skill_id in rows.values_list("seeker_id", "skill_id"):
        skills[seeker_id].add(skill_id)
    return skills


@pytest.mark.usefixtures("city")
def test_vacancies_ask_for_their_occupations_skills() -> None:
    essential = _skills_of_occupations(Relevance.ESSENTIAL)
    optional = _skills_of_occupations(Relevance.OPTIONAL)
    asked_essential = _skills_of_vacancies(Relevance.ESSENTIAL)
    asked_optional = _skills_of_vacancies(Relevance.OPTIONAL)
    vacancies = list(Vacancy.objects.values_list("pk", "occupation_id"))
    assert len(vacancies) > 300
    for vacancy_id, occupation_id in vacancies:
        assert asked_essential[vacancy_id] == essential[occupation_id]
        assert asked_optional[vacancy_id] <= optional[occupation_id]
        assert 1 <= len(asked_optional[vacancy_id]) <= 3


@pytest.mark.usefixtures("city")
def test_employers_post_vacancies_of_their_sector() -> None:
    sector_of = {suffix: sector for plan in SITES for suffix, sector in plan.employer_suffixes}
    english = dict(Label.objects.filter(language="en", kind=LabelKind.PREFERRED,
                                        concept__kind="occupation")
                   .values_list("concept_id", "text"))
    posted = set()
    for employer_name, occupation_id in Vacancy.objects.values_list("employer__name",
                                                                    "occupation_id"):
        sector = next(sector for suffix, sector in sector_of.items()
                      if employer_name.endswith(suffix))
        assert english[occupation_id] in SECTORS[sector], (employer_name, english[occupation_id])
        posted.add(english[occupation_id])
    # Farm work is done by people who came to the city, never asked for in it.
    assert "crop production worker" not in posted


@pytest.mark.usefixtures("city")
def test_years_of_experience_bring_most_essential_skills() -> None:
    essential = _skills_of_occupations(Relevance.ESSENTIAL)
    profiles, confirmed = _profiles(), _profiles(confirmed_only=True)
    reviewed = set(SeekerSkill.objects.filter(source=SeekerSkill.Source.COUNSELLOR)
                   .values_list("seeker_id", flat=True))
    long = list(WorkExperience.objects.filter(years__gte=8, occupation__isnull=False)
                .values_list("seeker_id", "occupation_id"))
    short = list(WorkExperience.objects.filter(years__lte=1, occupation__isnull=False)
                 .values_list("seeker_id", "occupation_id"))
    assert len(long) > 50 and len(short) > 20

    def held(rows: list[tuple[int, int]], skills: dict[int, set[int]]) -> list[float]:
        return [len(essential[occupation] & skills[seeker]) / len(essential[occupation])
                for seeker, occupation in rows if seeker in reviewed]

    # Every profile holds the skills of its long experience (inferred or confirmed);
    # where a counsellor reviewed it, most of them are confirmed.
    assert all(essential[occupation] <= profiles[seeker] for seeker, occupation in long)
    assert min(held(long, confirmed)) >= 0.75
    # A year or less: about half.
    assert sum(held(short, confirmed)) / len(held(short, confirmed)) < 0.7


@pytest.mark.usefixtures("city")
def test_profiles_are_what_the_seekers_actions_would_leave() -> None:
    # Recomputing each profile's inferred skills from its experiences changes nothing.
    for seeker in JobSeeker.objects.all():
        assert _refresh_inferred_skills(seeker) == (0, 0), seeker.pk


@pytest.mark.usefixtures("city")
def test_most_people_have_fitting_vacancies_and_some_honestly_do_not() -> None:
    essential = _skills_of_vacancies(Relevance.ESSENTIAL)
    open_by_region: dict[int, list[int]] = defaultdict(list)
    for vacancy in Vacancy.objects.all():
        if vacancy.is_open(TODAY):
            open_by_region[vacancy.region_id].append(vacancy.pk)
    profiles = _profiles()
    for region_id, vacancies in open_by_region.items():
        seekers = list(JobSeeker.objects.filter(office__region_id=region_id)
                       .values_list("pk", flat=True))
        sharing = [any(essential[v] & profiles[s] for v in vacancies) for s in seekers]
        most = [any(len(essential[v] & profiles[s]) * 2 >= len(essential[v])
                    for v in vacancies) for s in seekers]
        assert 0.80 <= sum(sharing) / len(seekers) <= 0.97, sum(sharing)
        assert 0.60 <= sum(most) / len(seekers) <= 0.90, sum(most)
