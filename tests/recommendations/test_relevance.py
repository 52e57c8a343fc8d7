"""Occupational sense and the honest empty list, on the project's demo taxonomy.

The occupations and their ISCO groups are the demo release's: healthcare assistant
and nurse assistant (5321), home care aide (5322, same minor group 532), child care
worker (5311, same sub-major group 53), forklift operator (8344); sign language
interpreter (2643), social worker (2635, same sub-major group 26), software
developer (2512), nanny (5311). Vacancies list no skills of their own: the adapter
gives them their occupation's essential skills, as for any incomplete vacancy.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from decentwork.employers.models import Vacancy
from decentwork.matching import RegionMatcher
from decentwork.programmes.actions import publish_training_programme
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.adapter import load_region_market
from decentwork.recommendations.models import NoCloseMatch, Recommendation
from decentwork.seekers.models import JobSeeker, SeekerSkill, WorkExperience
from decentwork.taxonomy.models import Concept, ConceptKind, LabelKind, OccupationSkill, Relevance
from tests.conftest import World
from tests.recommendations.conftest import vacancy

pytestmark = pytest.mark.django_db


def occupation(label: str) -> Concept:
    return Concept.objects.get(kind=ConceptKind.OCCUPATION, labels__language="en",
                               labels__kind=LabelKind.PREFERRED, labels__text=label)


def essential_skills(of: Concept) -> list[Concept]:
    return [link.skill for link in OccupationSkill.objects.filter(
        occupation=of, relevance=Relevance.ESSENTIAL).select_related("skill").order_by("skill")]


def job(world: World, label: str, **fields: object) -> Vacancy:
    return vacancy(world.v_a.employer, world.v_a.region, essential=[], title=label,
                   occupation=occupation(label), **fields)


def person(world: World, *, worked_as: str, years: int, skills: list[Concept]) -> JobSeeker:
    created = JobSeeker.objects.create(office=world.office_a, first_name="Deniz",
                                       last_name="Aydın", latitude=41.0, longitude=29.0,
                                       registered_on=timezone.localdate())
    WorkExperience.objects.create(seeker=created, title=worked_as, language="en",
                                  occupation=occupation(worked_as), years=Decimal(years))
    SeekerSkill.objects.bulk_create([SeekerSkill(seeker=created, skill=s) for s in skills])
    return created


def test_with_equal_skills_the_closer_occupation_ranks_first(demo_taxonomy: World) -> None:
    """18 years as a healthcare assistant, no skills recorded: every vacancy is equally
    (un)supported by skills, so occupational proximity alone orders them."""
    world = demo_taxonomy
    carer = person(world, worked_as="healthcare assistant", years=18, skills=[])
    jobs = [job(world, label) for label in ("forklift operator", "child care worker",
                                            "home care aide", "nurse assistant",
                                            "healthcare assistant")]
    market = load_region_market(world.v_a.region, timezone.localdate())
    rows = RegionMatcher().fit(market.vacancies, market.skill_uris).recommend_vacancies(
        market.seekers.take(market.seekers.seeker_ids == carer.pk), timezone.localdate())
    ranked = [vacancy_id for vacancy_id in rows.vacancy_ids.tolist()
              if vacancy_id in {j.pk for j in jobs}]
    assert ranked == [j.pk for j in reversed(jobs)]  # same occupation, unit, minor, sub-major

    # Plain lists (no congestion prices), so that the ranks are the scores' order.
    run = run_matching_in_process(None, world.v_a.region, congestion=False, fairness=False)
    shown = list(Recommendation.objects.filter(run=run, seeker=carer).order_by("rank")
                 .values_list("vacancy__title", "explanation__occupation_level"))
    # The floor keeps the close ones, in the same order; a sub-major group alone, with
    # no skill in common, is not close (ADR 0008).
    assert shown == [("healthcare assistant", "same_occupation"),
                     ("nurse assistant", "same_unit_group"),
                     ("home care aide", "same_minor_group")]


def test_the_interpreter_is_not_offered_unrelated_jobs_but_told_what_is_near(
        demo_taxonomy: World) -> None:
    """The issue's case: a sign language interpreter of 18 years was offered software,
    forklift and nanny vacancies, "0 of 6 skills" each. Now nothing is shown; the
    nearest occupation the region is hiring for comes instead, with what to learn."""
    world = demo_taxonomy
    interpreter_skills = essential_skills(occupation("sign language interpreter"))
    interpreter = person(world, worked_as="sign language interpreter", years=18,
                         skills=interpreter_skills)
    for label in ("software developer", "forklift operator", "nanny"):
        job(world, label)
    # Social work shares a skill and the sub-major group, but is 30 km away.
    social = job(world, "social worker", latitude=41.27, longitude=29.0)
    missing = sorted(set(essential_skills(occupation("social worker"))) - set(interpreter_skills),
                     key=lambda concept: concept.pk)
    publish_training_programme(None, world.office_a.site, title="Casework basics",
                               skills=[missing[0]], language="en")

    run = run_matching_in_process(None, world.v_a.region)

    assert not Recommendation.objects.filter(run=run, seeker=interpreter).exists()
    nearest = NoCloseMatch.objects.get(run=run, seeker=interpreter).nearest_occupations
    assert nearest[0]["occupation"] == social.occupation_id
    assert nearest[0]["vacancy"] == social.pk and nearest[0]["open_vacancies"] == 1
    assert nearest[0]["reasons"] == ["outside_commute_radius"]
    assert set(nearest[0]["missing_essential"]) == {skill.uri for skill in missing}
    unrelated = {occupation(label).pk for label in ("software developer", "forklift operator")}
    assert not unrelated & {entry["occupation"] for entry in nearest}

    interpreter.user = world.sam_user  # the person reads their own page
    JobSeeker.objects.filter(pk=world.sam.pk).update(user=None)
    interpreter.save(update_fields=["user"])
    page = world.client_for(world.sam_user).get(
        reverse("recommendations:seeker_recommendations", args=[interpreter.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "No close match today" in html
    assert "social worker" in html and "Casework basics" in html
    assert "Skills you could learn:" in html
    for label in ("software developer", "forklift operator", "nanny"):
        assert label not in html
    assert "Why it is not shown" not in html  # the reasons are the counsellor's

    details = world.client_for(world.alice).get(
        reverse("recommendations:seeker_recommendation_details", args=[interpreter.pk]))
    html = details.content.decode()
    assert "No close match today" in html and "Casework basics" in html
    assert "Why it is not shown:" in html
    assert "The workplace is farther away than this person can travel." in html
    assert reverse("employers:vacancy_detail", args=[social.pk]) in html

    # Asked about the software vacancy, the counsellor hears it is unrelated.
    software = Vacancy.objects.get(title="software developer")
    why = world.client_for(world.alice).get(
        reverse("recommendations:seeker_recommendation_details", args=[interpreter.pk]),
        {"vacancy": software.pk})
    assert "holds none of the skills the employer needs" in why.content.decode()


def test_a_seeker_with_nothing_near_is_told_so(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    interpreter = person(world, worked_as="sign language interpreter", years=18,
                         skills=essential_skills(occupation("sign language interpreter")))
    job(world, "forklift operator")
    run = run_matching_in_process(None, world.v_a.region)
    assert NoCloseMatch.objects.get(run=run, seeker=interpreter).nearest_occupations == []
    html = world.client_for(world.alice).get(
        reverse("recommendations:seeker_recommendations", args=[interpreter.pk])
    ).content.decode()
    assert "No close match today" in html
    assert "No open vacancy in your area is near the work you have done" in html
    assert "forklift operator" not in html


def test_the_next_run_replaces_the_answer_and_a_finished_run_drops_the_old_one(
        demo_taxonomy: World) -> None:
    world = demo_taxonomy
    carer = person(world, worked_as="healthcare assistant", years=3, skills=[])
    first = run_matching_in_process(None, world.v_a.region)
    assert NoCloseMatch.objects.filter(run=first, seeker=carer).exists()
    job(world, "healthcare assistant")
    second = run_matching_in_process(None, world.v_a.region)
    assert Recommendation.objects.filter(run=second, seeker=carer).exists()
    assert not NoCloseMatch.objects.filter(seeker=carer).exists()
