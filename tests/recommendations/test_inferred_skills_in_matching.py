"""Through the product: work experience linked to an occupation changes the next
matching run, its inferred skills count for less than confirmed ones, and the
recommendations page says when a profile change will show."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role
from decentwork.employers.models import Vacancy
from decentwork.recommendations.access import candidates_for_vacancy
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import MatchingRun, Recommendation, RunStatus
from decentwork.seekers import actions
from decentwork.seekers.models import JobSeeker, SeekerSkill
from decentwork.taxonomy.factories import ConceptFactory, LabelFactory
from decentwork.taxonomy.models import Concept, OccupationSkill, Relevance
from tests.conftest import World
from tests.recommendations.conftest import seeker, skill, vacancy

pytestmark = pytest.mark.django_db

CARE_SKILLS = ["personal hygiene", "take vital signs", "move patients", "observe condition"]


@pytest.fixture
def nurse_assistant(world: World) -> Concept:
    """An ESCO-like occupation whose essential skills are the care job's."""
    occupation = ConceptFactory(uri="http://data.europa.eu/esco/occupation/nurse-assistant",
                                isco_code="5321")
    LabelFactory(concept=occupation, text="nurse assistant")
    OccupationSkill.objects.bulk_create(
        [OccupationSkill(occupation=occupation, skill=skill(name), relevance=Relevance.ESSENTIAL)
         for name in CARE_SKILLS]
        + [OccupationSkill(occupation=occupation, skill=skill("first aid"),
                           relevance=Relevance.OPTIONAL)])
    return occupation


@pytest.fixture
def care_job(world: World, nurse_assistant: Concept) -> Vacancy:
    return vacancy(world.v_a.employer, world.v_a.region, title="Hasta bakıcı",
                   essential=CARE_SKILLS, occupation=nurse_assistant)


def _add_care_experience(world: World, person: JobSeeker, occupation: Concept) -> None:
    actions.add_work_experience(world.alice, person, title="hasta bakıcı", language="tr",
                                occupation=occupation, years=Decimal(2))


def _recommendation(person: JobSeeker, job: Vacancy, run: MatchingRun) -> Recommendation | None:
    return Recommendation.objects.filter(run=run, seeker=person, vacancy=job).first()


def test_a_linked_experience_brings_the_job_at_the_next_run(
        world: World, nurse_assistant: Concept, care_job: Vacancy) -> None:
    ayse = seeker(world.office_a, first_name="Ayşe", skills=["drive a forklift"])
    region = world.v_a.region
    before = run_matching_in_process(None, region)
    assert _recommendation(ayse, care_job, before) is None

    _add_care_experience(world, ayse, nurse_assistant)
    after = run_matching_in_process(None, region)
    found = _recommendation(ayse, care_job, after)
    assert found is not None
    # The job comes with the skills the experience implies, counted at 0.6 each.
    assert set(found.explanation["matched_essential"]) == {skill(n).uri for n in CARE_SKILLS}
    assert found.explanation["missing_essential"] == []
    assert found.explanation["components"]["essential_skills"] == pytest.approx(0.6)


def test_a_confirmed_skill_ranks_above_the_same_skill_inferred(
        world: World, nurse_assistant: Concept, care_job: Vacancy) -> None:
    # Ayşe has the smaller id: she would come first on a tie.
    ayse = seeker(world.office_a, first_name="Ayşe", skills=[])
    berk = seeker(world.office_a, first_name="Berk", skills=[])
    for person in (ayse, berk):
        _add_care_experience(world, person, nurse_assistant)
    for name in CARE_SKILLS:
        actions.confirm_skill(world.alice, berk, skill(name))
    run = run_matching_in_process(None, world.v_a.region)
    inferred, confirmed = (_recommendation(p, care_job, run) for p in (ayse, berk))
    assert inferred is not None and confirmed is not None
    assert confirmed.explanation["components"]["essential_skills"] == 1.0
    # Everything else is equal: the gap is the essential weight times (1 - 0.6).
    assert confirmed.score - inferred.score == pytest.approx(0.40 * (1 - 0.6))
    candidates = candidates_for_vacancy(world.erin, care_job.pk).candidates
    assert [c.first_name for c in candidates][:2] == ["Berk", "Ayşe"]


def test_the_recommendations_page_says_when_a_change_will_show(
        world: World, nurse_assistant: Concept, care_job: Vacancy) -> None:
    ayse = seeker(world.office_a, first_name="Ayşe", skills=[])
    ayse.user = UserFactory(username="ayse", role=Role.JOB_SEEKER)
    ayse.save(update_fields=["user"])
    _add_care_experience(world, ayse, nurse_assistant)
    region = world.v_a.region
    run_matching_in_process(None, region)
    own_page = reverse("recommendations:seeker_recommendations", args=[ayse.pk])
    details = reverse("recommendations:seeker_recommendation_details", args=[ayse.pk])
    person, counsellor = world.client_for(ayse.user), world.client_for(world.alice)
    assert "will change" not in person.get(own_page).content.decode()

    actions.confirm_skill(ayse.user, ayse, skill("move patients"))
    html = person.get(own_page).content.decode()
    assert "You changed your profile on" in html
    assert "Your recommendations will change at the next matching run." in html
    assert ("The recommendations will change at the next matching run."
            in counsellor.get(details).content.decode())

    # A run already started reads the change: the page says so.
    MatchingRun.objects.create(region=region, as_of=timezone.localdate(), chunk_size=100,
                               status=RunStatus.PENDING)
    assert ("is under way: your recommendations will change when it is done."
            in person.get(own_page).content.decode())
    MatchingRun.objects.filter(status=RunStatus.PENDING).delete()

    run_matching_in_process(None, region)
    assert "will change" not in person.get(own_page).content.decode()
    held = SeekerSkill.objects.get(seeker=ayse, skill=skill("move patients"))
    assert held.source == SeekerSkill.Source.SELF
