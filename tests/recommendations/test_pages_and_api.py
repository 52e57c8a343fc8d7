"""Every page and endpoint of recommendations, for every persona (outsiders get the
same 404), and what each reader is shown."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from decentwork.audit.models import AuditEntry
from decentwork.controlled_lists import Accommodation
from decentwork.programmes.actions import close_training_programme, publish_training_programme
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import MatchingRun, RunStatus
from decentwork.seekers.actions import withdraw_consent
from decentwork.seekers.models import ConsentScope
from tests.conftest import World
from tests.recommendations.conftest import (
    consent,
    give_skills,
    seeker,
    skill,
    state_needs,
    vacancy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(world: World) -> World:
    """Sam (consenting to be proposed) and Tess (not consenting) both fit the care job;
    a person at the other office of the region fits it too."""
    employer, region = world.v_a.employer, world.v_a.region
    world.care = vacancy(employer, region, title="Care assistant",  # type: ignore[attr-defined]
                         essential=["bathe patients", "take vital signs", "keep care records"],
                         accommodations=[Accommodation.FLEXIBLE_HOURS])
    world.upstairs = vacancy(employer, region,  # type: ignore[attr-defined]
                             title="Night nurse upstairs", essential=["bathe patients"])
    state_needs(world.sam, [Accommodation.FLEXIBLE_HOURS])
    give_skills(world.sam, ["bathe patients", "take vital signs"])
    consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    give_skills(world.tess, ["bathe patients", "take vital signs", "keep care records"])
    world.deniz = seeker(world.office_a2, first_name="Deniz",  # type: ignore[attr-defined]
                         last_name="Kaya", skills=["bathe patients"])
    run_matching_in_process(None, region)
    return world


SEEKER_PAGES = [
    lambda w: reverse("recommendations:seeker_recommendations", args=[w.sam.pk]),
    lambda w: reverse("recommendations:seeker_recommendation_details", args=[w.sam.pk]),
    lambda w: f"/api/seekers/{w.sam.pk}/recommendations",
]
CANDIDATE_PAGES = [
    lambda w: reverse("recommendations:vacancy_candidates", args=[w.care.pk]),
    lambda w: f"/api/vacancies/{w.care.pk}/candidates",
]


@pytest.mark.parametrize("url", SEEKER_PAGES)
@pytest.mark.parametrize(("persona", "status"), [
    ("alice", 200),     # owner: counsellor of sam's office
    ("bob", 200),       # colleague
    ("sam_user", 200),  # the person themself
    ("judy", 200),      # platform administrator
    ("dana", 404),      # another office of the same region
    ("charlie", 404),   # another site
    ("erin", 404),      # employer
    ("ivan", 404),      # analyst
])
def test_a_seekers_recommendations_are_scoped(matched: World, url, persona: str,
                                              status: int) -> None:
    response = matched.client_for(getattr(matched, persona)).get(url(matched))
    assert response.status_code == status


@pytest.mark.parametrize("url", CANDIDATE_PAGES)
@pytest.mark.parametrize(("persona", "status"), [
    ("erin", 200),      # owner: the employer's user
    ("alice", 200),     # counsellor in the vacancy's region
    ("bob", 200),
    ("dana", 200),      # another office of the region: sees her own candidates only
    ("judy", 200),
    ("frank", 404),     # another employer
    ("charlie", 404),   # another site
    ("sam_user", 404),  # job seekers do not see each other
    ("ivan", 404),
])
def test_a_vacancys_candidates_are_scoped(matched: World, url, persona: str,
                                          status: int) -> None:
    response = matched.client_for(getattr(matched, persona)).get(url(matched))
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), [
    ("bob", 202), ("judy", 202),        # office manager of the region, administrator
    ("alice", 403), ("dana", 403),      # staff of the region who may not start runs
    ("charlie", 404), ("erin", 404), ("sam_user", 404), ("ivan", 404),
])
def test_starting_a_run_through_the_api(matched: World, persona: str, status: int) -> None:
    response = matched.client_for(getattr(matched, persona)).post(
        "/api/matching/runs", json.dumps({"region_id": matched.v_a.region_id, "chunk_size": 1}),
        content_type="application/json")
    assert response.status_code == status
    if status == 202:
        body = response.json()
        assert body["status"] == RunStatus.PENDING  # queued after the request's commit
        assert body["chunks_total"] == 3 and body["chunks_done"] == 0  # sam, tess, deniz


@pytest.mark.parametrize(("persona", "status"), [
    ("alice", 200), ("bob", 200), ("dana", 200), ("judy", 200),
    ("charlie", 404), ("erin", 404), ("sam_user", 404), ("ivan", 404),
])
def test_run_progress_is_scoped(matched: World, persona: str, status: int) -> None:
    run = MatchingRun.objects.get()
    response = matched.client_for(getattr(matched, persona)).get(f"/api/matching/runs/{run.pk}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["chunks_done"] == response.json()["chunks_total"] == 1
        assert response.json()["status"] == "done"


def test_missing_and_forbidden_look_the_same(matched: World) -> None:
    client = matched.client_for(matched.charlie)
    for forbidden, missing in [
        (f"/api/seekers/{matched.sam.pk}/recommendations", "/api/seekers/999999/recommendations"),
        (f"/api/vacancies/{matched.care.pk}/candidates", "/api/vacancies/999999/candidates"),
        (f"/api/matching/runs/{MatchingRun.objects.get().pk}", "/api/matching/runs/999999"),
    ]:
        assert client.get(forbidden).status_code == client.get(missing).status_code == 404
        assert client.get(forbidden).json() == client.get(missing).json()
    body = {"region_id": matched.v_a.region_id}
    forbidden_start = client.post("/api/matching/runs", body, content_type="application/json")
    missing_start = client.post("/api/matching/runs", {"region_id": 999999},
                                content_type="application/json")
    assert forbidden_start.status_code == missing_start.status_code == 404


@pytest.mark.parametrize("url", [
    lambda w: reverse("recommendations:seeker_recommendations", args=[w.sam.pk]),
    lambda w: reverse("recommendations:vacancy_candidates", args=[w.care.pk]),
    lambda w: f"/api/seekers/{w.sam.pk}/recommendations",
    lambda w: "/api/matching/runs/1",
])
def test_anonymous_is_refused(matched: World, url) -> None:
    response = matched.client_for(None).get(url(matched))
    assert response.status_code in {302, 401}


def test_candidates_are_only_seekers_who_consented(matched: World) -> None:
    employer_view = matched.client_for(matched.erin).get(
        f"/api/vacancies/{matched.care.pk}/candidates").json()
    assert [c["first_name"] for c in employer_view["items"]] == ["Sam", "Deniz"]  # best first
    assert all(c["seeker_id"] is None for c in employer_view["items"])
    # Tess fits best but never agreed to be proposed.
    assert "Tess" not in json.dumps(employer_view)
    # A counsellor sees her own office's consenting candidates, with their records.
    dana_view = matched.client_for(matched.dana).get(
        f"/api/vacancies/{matched.care.pk}/candidates").json()
    assert [c["seeker_id"] for c in dana_view["items"]] == [matched.deniz.pk]
    alice_view = matched.client_for(matched.alice).get(
        f"/api/vacancies/{matched.care.pk}/candidates").json()
    assert [c["seeker_id"] for c in alice_view["items"]] == [matched.sam.pk]


def test_withdrawing_consent_removes_a_candidate_at_once(matched: World) -> None:
    withdraw_consent(matched.alice, matched.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    items = matched.client_for(matched.erin).get(
        f"/api/vacancies/{matched.care.pk}/candidates").json()["items"]
    assert [c["first_name"] for c in items] == ["Deniz"]


def test_the_employer_sees_first_names_and_skills_not_sensitive_data(matched: World) -> None:
    matched.sam.sensitive = {"target_groups": ["disability"]}
    matched.sam.save(update_fields=["sensitive"])
    page = matched.client_for(matched.erin).get(
        reverse("recommendations:vacancy_candidates", args=[matched.care.pk]))
    html = page.content.decode()
    assert "Sam" in html and "Deniz" in html
    assert matched.sam.last_name not in html and "Kaya" not in html
    assert "bathe patients" in html and "keep care records" in html  # held / to learn
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for private in ("disability", "Flexible hours", " km", f"/seekers/{matched.sam.pk}/"):
        assert private not in main
    api = matched.client_for(matched.erin).get(
        f"/api/vacancies/{matched.care.pk}/candidates").json()
    explanation = api["items"][0]["explanation"]
    assert "distance" not in explanation["components"] and "distance_km" not in explanation


def test_the_seeker_reads_plain_words(matched: World) -> None:
    page = matched.client_for(matched.sam_user).get(
        reverse("recommendations:seeker_recommendations", args=[matched.sam.pk]))
    html = page.content.decode()
    assert "Jobs that could suit you" in html
    assert "You have 2 of the 3 skills the employer needs." in html
    assert "You could learn: keep care records" in html
    assert "Care assistant" in html


def test_both_readers_are_shown_courses_for_a_missing_skill(matched: World) -> None:
    records = skill("keep care records")
    site = matched.office_a.site
    course = publish_training_programme(matched.bob, site, title="Care records in practice",
                                        skills=[records], provider="Kadıköy centre",
                                        url="https://example.org/records")
    publish_training_programme(None, matched.office_b.site, title="Elsewhere", skills=[records])
    closed = publish_training_programme(None, site, title="Old course", skills=[records])
    close_training_programme(None, closed)
    for user, page_name in ((matched.sam_user, "seeker_recommendations"),
                            (matched.alice, "seeker_recommendation_details")):
        html = matched.client_for(user).get(
            reverse(f"recommendations:{page_name}", args=[matched.sam.pk])).content.decode()
        assert '<a href="https://example.org/records">Care records in practice</a>' in html
        assert "(Kadıköy centre) · teaches keep care records" in html
        # Only the site's programmes that are still open.
        assert "Elsewhere" not in html and "Old course" not in html
    # A programme is found the moment it opens: nothing was re-run.
    assert course.pk and MatchingRun.objects.filter(status=RunStatus.DONE).count() == 1


def test_the_counsellor_sees_scores_and_asks_why_not(matched: World) -> None:
    # Sam needs flexible hours; the night-nurse job does not offer them.
    client = matched.client_for(matched.alice)
    url = reverse("recommendations:seeker_recommendation_details", args=[matched.sam.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Essential skills held" in page.content.decode()
    answer = client.get(url, {"vacancy": matched.upstairs.pk}).content.decode()
    assert "does not offer a workplace accommodation" in answer
    assert "Flexible hours" in answer
    assert AuditEntry.objects.filter(action="recommendations.explain_absence",
                                     target_id=str(matched.sam.pk)).count() == 1
    # A vacancy from another site is not a choice: the form refuses it.
    refused = client.get(url, {"vacancy": matched.v_b.pk})
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.content.decode()


def test_links_from_the_profile_and_the_vacancy(matched: World) -> None:
    profile = matched.client_for(matched.alice).get(
        reverse("seekers:seeker_detail", args=[matched.sam.pk])).content.decode()
    assert reverse("recommendations:seeker_recommendations", args=[matched.sam.pk]) in profile
    detail = matched.client_for(matched.erin).get(
        reverse("employers:vacancy_detail", args=[matched.care.pk])).content.decode()
    assert reverse("recommendations:vacancy_candidates", args=[matched.care.pk]) in detail
    own = matched.client_for(matched.sam_user).get(
        reverse("employers:vacancy_detail", args=[matched.care.pk])).content.decode()
    assert reverse("recommendations:vacancy_candidates", args=[matched.care.pk]) not in own


def test_pages_query_count_does_not_grow(matched: World, django_assert_max_num_queries) -> None:
    client = matched.client_for(matched.alice)
    url = reverse("recommendations:seeker_recommendation_details", args=[matched.sam.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for number in range(15):
        vacancy(matched.v_a.employer, matched.v_a.region, title=f"More care {number}",
                essential=["bathe patients", "cook meals"], optional=["speak Turkish"])
    run_matching_in_process(None, matched.v_a.region)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
