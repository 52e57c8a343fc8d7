"""Outsiders are refused everywhere: every page and API endpoint that shows a
seeker or a vacancy answers the same 404 for "missing" and "not yours"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import World

SEEKER_VIEWS = [
    lambda w: reverse("seekers:seeker_detail", args=[w.sam.pk]),
    lambda w: f"/api/seekers/{w.sam.pk}",
]
VACANCY_VIEWS = [
    lambda w: reverse("employers:vacancy_detail", args=[w.v_a.pk]),
    lambda w: f"/api/vacancies/{w.v_a.pk}",
]


@pytest.mark.parametrize("url", SEEKER_VIEWS)
@pytest.mark.parametrize(("persona", "status"), [
    ("alice", 200),     # owner: counsellor of sam's office
    ("bob", 200),       # colleague: office manager of the same office
    ("judy", 200),      # platform administrator
    ("dana", 404),      # counsellor of another office in the same region
    ("charlie", 404),   # counsellor on another site
    ("erin", 404),      # employer user
    ("ivan", 404),      # analyst: aggregates only
])
def test_seeker_record_is_scoped(world: World, url, persona: str, status: int) -> None:
    response = world.client_for(getattr(world, persona)).get(url(world))
    assert response.status_code == status


def test_the_person_reads_their_record_through_the_api_not_the_staff_page(
        world: World) -> None:
    """The staff's page about a person is not the person's: they have their own
    (``seekers:my_profile``); the API gives them their record."""
    client = world.client_for(world.sam_user)
    assert client.get(SEEKER_VIEWS[0](world)).status_code == 404
    assert client.get(SEEKER_VIEWS[1](world)).status_code == 200


@pytest.mark.parametrize("url", VACANCY_VIEWS)
@pytest.mark.parametrize(("persona", "status"), [
    ("erin", 200),      # owner: the employer's user
    ("alice", 200),     # counsellor in the vacancy's region
    ("dana", 200),      # another office of the same region
    ("sam_user", 200),  # job seeker registered in the region
    ("frank", 404),     # another employer
    ("charlie", 404),   # counsellor on another site
    ("ivan", 404),      # analyst
])
def test_vacancy_is_scoped(world: World, url, persona: str, status: int) -> None:
    response = world.client_for(getattr(world, persona)).get(url(world))
    assert response.status_code == status


def test_missing_and_forbidden_look_the_same(world: World) -> None:
    client = world.client_for(world.charlie)
    forbidden = client.get(f"/api/seekers/{world.sam.pk}")
    missing = client.get("/api/seekers/999999")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


@pytest.mark.parametrize("url", [
    "/seekers/", "/employers/vacancies/", "/api/seekers", "/api/vacancies",
    "/api/taxonomy/concepts?q=nurse", "/insights/overview/",
])
def test_anonymous_is_refused(world: World, url: str) -> None:
    response = world.client_for(None).get(url)
    assert response.status_code in {302, 401}
    if response.status_code == 302:
        assert reverse("accounts:login") in response["Location"]


def test_caseload_lists_only_own_office(world: World) -> None:
    page = world.client_for(world.alice).get(reverse("seekers:caseload")).content.decode()
    assert world.sam.full_name in page and world.tess.full_name in page
    assert world.seeker_b.full_name not in page
    assert world.client_for(world.charlie).get(reverse("seekers:caseload")).context[
        "page"].paginator.count == 1


def test_caseload_by_status_keeps_people_in_work_reachable(world: World) -> None:
    from decentwork.seekers.models import JobSeeker, SeekerStatus

    JobSeeker.objects.filter(pk=world.sam.pk).update(status=SeekerStatus.PLACED)
    JobSeeker.objects.filter(pk=world.seeker_b.pk).update(status=SeekerStatus.PLACED)
    client = world.client_for(world.alice)
    looking = client.get(reverse("seekers:caseload")).content.decode()
    assert world.tess.full_name in looking and world.sam.full_name not in looking
    in_work = client.get(reverse("seekers:caseload"), {"status": "placed"})
    names = [seeker.full_name for seeker in in_work.context["page"]]
    assert names == [world.sam.full_name]  # not office B's person in work
    assert 'href="?status=placed" aria-current="page"' in in_work.content.decode()
    # An unknown status falls back to the people looking for work.
    assert client.get(reverse("seekers:caseload"), {"status": "x"}).context["status"] == "active"


def test_api_lists_are_scoped(world: World) -> None:
    ids = {s["id"] for s in world.client_for(world.alice).get("/api/seekers").json()["items"]}
    assert ids == {world.sam.pk, world.tess.pk}
    assert world.client_for(world.erin).get("/api/seekers").json()["count"] == 0
    own = world.client_for(world.sam_user).get("/api/seekers").json()["items"]
    assert [s["id"] for s in own] == [world.sam.pk]
    vacancy_ids = {v["id"] for v in world.client_for(world.frank).get("/api/vacancies").json()["items"]}
    assert vacancy_ids == set()
    vacancy_ids = {v["id"] for v in world.client_for(world.charlie).get("/api/vacancies").json()["items"]}
    assert vacancy_ids == {world.v_b.pk}


def test_employer_sees_only_own_vacancies(world: World) -> None:
    page = world.client_for(world.erin).get(reverse("employers:vacancy_list"))
    assert [v.pk for v in page.context["page"]] == [world.v_a.pk]
    page = world.client_for(world.frank).get(reverse("employers:vacancy_list"))
    assert list(page.context["page"]) == []


def test_site_overview_is_for_analysts_of_that_site(world: World) -> None:
    assert world.client_for(world.ivan).get(reverse("insights:site_overview")).status_code == 200
    for outsider in (world.alice, world.erin, world.sam_user):
        assert world.client_for(outsider).get(reverse("insights:site_overview")).status_code == 404


def test_site_overview_suppresses_small_cells(world: World) -> None:
    page = world.client_for(world.ivan).get(reverse("insights:site_overview"))
    rows = {row.office: row for row in page.context["figures"]}
    assert rows["Kadıköy"].active_seekers is None  # 2 active seekers: below the threshold
    assert b"fewer than 5" in page.content
