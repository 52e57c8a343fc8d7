"""Acting on recommendations: the seeker applies from their list, a counsellor refers
from a seeker's list, an employer invites a proposed candidate. Each page works for
its reader only, and the application keeps a copy of the recommendation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role
from decentwork.applications.models import Application, ApplicationState, Origin
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import Recommendation
from decentwork.seekers.models import ConsentScope
from tests.conftest import World
from tests.recommendations.conftest import consent, give_skills, seeker, vacancy

pytestmark = pytest.mark.django_db

CARE_SKILLS = ["bathe patients", "take vital signs", "keep care records"]


@pytest.fixture
def matched(world: World) -> World:
    """Sam (consenting to be proposed) and Tess (with a login, not consenting) both
    have the care job and the kitchen job in their lists; Deniz of the region's
    other office too."""
    employer, region = world.v_a.employer, world.v_a.region
    world.care = vacancy(employer, region, title="Care assistant",  # type: ignore[attr-defined]
                         essential=CARE_SKILLS)
    world.kitchen = vacancy(employer, region, title="Kitchen helper",  # type: ignore[attr-defined]
                            essential=["bathe patients"])
    give_skills(world.sam, CARE_SKILLS[:2])
    consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    give_skills(world.tess, CARE_SKILLS)
    world.tess.user = UserFactory(username="tess", role=Role.JOB_SEEKER)
    world.tess.save(update_fields=["user"])
    world.tess_user = world.tess.user  # type: ignore[attr-defined]
    world.deniz = seeker(world.office_a2, first_name="Deniz",  # type: ignore[attr-defined]
                         last_name="Kaya", skills=["bathe patients"])
    run_matching_in_process(None, region)
    return world


def _rec(world: World, person: object, job: object) -> Recommendation:
    return Recommendation.objects.get(seeker=person, vacancy=job)


def _client(world: World, persona: str) -> Client:
    return world.client_for(getattr(world, persona))


def _url(name: str, recommendation: Recommendation) -> str:
    return reverse(f"recommendations:{name}", args=[recommendation.pk])


def _assert_copy(application: Application, recommendation: Recommendation) -> None:
    assert application.recommendation_run_id == recommendation.run_id
    assert application.recommendation_rank == recommendation.rank
    assert application.recommendation_score == pytest.approx(recommendation.score)
    assert application.recommendation_explanation == recommendation.explanation


# The seeker applies ---------------------------------------------------------------


def test_the_seeker_applies_from_their_list(matched: World) -> None:
    client = _client(matched, "sam_user")
    recommendation = _rec(matched, matched.sam, matched.care)
    apply_url = _url("apply_from_recommendation", recommendation)
    page = client.get(reverse("recommendations:seeker_recommendations", args=[matched.sam.pk]))
    assert apply_url in page.content.decode()

    form = client.get(apply_url)
    assert form.status_code == 200
    assert 'name="message"' in form.content.decode()
    response = client.post(apply_url, {"message": "I worked in a care home for three years."})

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert (application.seeker, application.vacancy) == (matched.sam, matched.care)
    assert application.origin == Origin.SEEKER
    assert application.state == ApplicationState.NEW
    assert application.message == "I worked in a care home for three years."
    assert application.created_by == matched.sam_user
    _assert_copy(application, recommendation)


def test_the_list_then_shows_the_application_instead_of_apply(matched: World) -> None:
    client = _client(matched, "sam_user")
    care = _rec(matched, matched.sam, matched.care)
    kitchen = _rec(matched, matched.sam, matched.kitchen)
    client.post(_url("apply_from_recommendation", care), {"message": ""})
    application = Application.objects.get()

    page = client.get(reverse("recommendations:seeker_recommendations",
                              args=[matched.sam.pk])).content.decode()
    assert _url("apply_from_recommendation", care) not in page
    assert _url("apply_from_recommendation", kitchen) in page
    assert reverse("applications:detail", args=[application.pk]) in page
    assert "You applied on" in page


def test_the_list_reads_applications_in_one_query(matched: World, django_assert_num_queries,
                                                  django_assert_max_num_queries) -> None:
    client = _client(matched, "sam_user")
    url = reverse("recommendations:seeker_recommendations", args=[matched.sam.pk])
    client.get(url)  # warm the session and the caches
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    # Read now: the next request resets the connection's query log.
    queries = len(before.captured_queries)
    for job in (matched.care, matched.kitchen):
        client.post(_url("apply_from_recommendation", _rec(matched, matched.sam, job)))
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_applying_twice_shows_the_existing_application(matched: World) -> None:
    client = _client(matched, "sam_user")
    apply_url = _url("apply_from_recommendation", _rec(matched, matched.sam, matched.care))
    client.post(apply_url, {"message": "first"})
    application = Application.objects.get()
    detail = reverse("applications:detail", args=[application.pk])

    assert client.get(apply_url)["Location"] == detail
    again = client.post(apply_url, {"message": "second"})
    assert again["Location"] == detail
    assert Application.objects.get().message == "first"


def test_a_refusal_of_the_action_is_shown_on_the_form(matched: World) -> None:
    matched.care.closes_on = timezone.localdate() - dt.timedelta(days=1)
    matched.care.save(update_fields=["closes_on"])
    response = _client(matched, "sam_user").post(
        _url("apply_from_recommendation", _rec(matched, matched.sam, matched.care)),
        {"message": "hello"})
    assert response.status_code == 200
    assert "This vacancy is closed or already filled." in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("persona", [
    "tess_user",  # another seeker using Sam's recommendation id
    "alice",      # Sam's counsellor refers instead of applying in his name
    "erin",       # the employer
    "charlie",
    "ivan",
])
def test_only_the_seeker_applies_from_their_own_list(matched: World, persona: str) -> None:
    apply_url = _url("apply_from_recommendation", _rec(matched, matched.sam, matched.care))
    client = _client(matched, persona)
    assert client.get(apply_url).status_code == 404
    assert client.post(apply_url, {"message": "x"}).status_code == 404
    assert not Application.objects.exists()


def test_other_seekers_pages_show_no_apply_button(matched: World) -> None:
    page = _client(matched, "alice").get(
        reverse("recommendations:seeker_recommendations", args=[matched.sam.pk]))
    assert "/apply/" not in page.content.decode()


# The counsellor refers --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "bob", "judy"])
def test_the_counsellor_refers_from_the_seekers_list(matched: World, persona: str) -> None:
    client = _client(matched, persona)
    recommendation = _rec(matched, matched.sam, matched.care)
    refer_url = _url("refer_from_recommendation", recommendation)
    details = client.get(reverse("recommendations:seeker_recommendation_details",
                                 args=[matched.sam.pk]))
    assert refer_url in details.content.decode()
    assert client.get(refer_url).status_code == 200

    response = client.post(refer_url, {"message": "Reliable; needs flexible hours."})
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert application.origin == Origin.COUNSELLOR
    assert application.message == "Reliable; needs flexible hours."
    assert application.created_by == getattr(matched, persona)
    _assert_copy(application, recommendation)

    details = client.get(reverse("recommendations:seeker_recommendation_details",
                                 args=[matched.sam.pk])).content.decode()
    assert refer_url not in details
    assert reverse("applications:detail", args=[application.pk]) in details


def test_referring_twice_shows_the_existing_application(matched: World) -> None:
    client = _client(matched, "alice")
    refer_url = _url("refer_from_recommendation", _rec(matched, matched.sam, matched.care))
    client.post(refer_url, {"message": "first"})
    application = Application.objects.get()
    assert client.post(refer_url, {"message": "again"})["Location"] == reverse(
        "applications:detail", args=[application.pk])
    assert Application.objects.count() == 1


@pytest.mark.parametrize("persona", [
    "dana",      # counsellor of another office of the same region
    "charlie",   # another site
    "sam_user",  # the person applies; referring is the counsellor's
    "erin", "ivan",
])
def test_only_the_seekers_office_refers(matched: World, persona: str) -> None:
    refer_url = _url("refer_from_recommendation", _rec(matched, matched.sam, matched.care))
    client = _client(matched, persona)
    assert client.get(refer_url).status_code == 404
    assert client.post(refer_url, {"message": "x"}).status_code == 404
    assert not Application.objects.exists()


def test_dana_refers_her_own_seeker(matched: World) -> None:
    deniz = _rec(matched, matched.deniz, matched.kitchen)
    response = _client(matched, "dana").post(_url("refer_from_recommendation", deniz))
    assert response.status_code == 302, response.content.decode()
    assert Application.objects.get().seeker == matched.deniz


# The employer invites ---------------------------------------------------------------


def test_the_employer_invites_a_proposed_candidate(matched: World) -> None:
    client = _client(matched, "erin")
    recommendation = _rec(matched, matched.sam, matched.care)
    invite_url = _url("invite_from_recommendation", recommendation)
    candidates = client.get(reverse("recommendations:vacancy_candidates",
                                    args=[matched.care.pk])).content.decode()
    assert invite_url in candidates
    # Tess did not agree to be proposed: she is neither listed nor invitable.
    assert _url("invite_from_recommendation", _rec(matched, matched.tess, matched.care)) \
        not in candidates

    form = client.get(invite_url).content.decode()
    assert "Sam" in form and matched.sam.last_name not in form
    response = client.post(invite_url, {"message": "Come and meet us on Monday."})
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert (application.seeker, application.vacancy) == (matched.sam, matched.care)
    assert application.origin == Origin.EMPLOYER
    assert application.message == "Come and meet us on Monday."

    candidates = client.get(reverse("recommendations:vacancy_candidates",
                                    args=[matched.care.pk])).content.decode()
    assert invite_url not in candidates
    assert reverse("applications:detail", args=[application.pk]) in candidates


def test_the_invitation_names_the_candidate_by_recommendation_not_seeker(
        matched: World) -> None:
    recommendation = _rec(matched, matched.sam, matched.care)
    candidates = _client(matched, "erin").get(
        reverse("recommendations:vacancy_candidates", args=[matched.care.pk])).content.decode()
    assert f"/recommendations/{recommendation.pk}/invite/" in candidates
    assert f"/seekers/{matched.sam.pk}/" not in candidates


@pytest.mark.parametrize(("persona", "person"), [
    ("frank", "sam"),      # employer of another vacancy
    ("alice", "sam"),      # staff refer; inviting is the employer's
    ("sam_user", "sam"),
    ("charlie", "sam"),
    ("erin", "tess"),      # a seeker who did not agree to be proposed
])
def test_only_the_vacancys_employer_invites_proposed_candidates(
        matched: World, persona: str, person: str) -> None:
    invite_url = _url("invite_from_recommendation",
                      _rec(matched, getattr(matched, person), matched.care))
    client = _client(matched, persona)
    assert client.get(invite_url).status_code == 404
    assert client.post(invite_url, {"message": "x"}).status_code == 404
    assert not Application.objects.exists()


def test_a_recommendation_replaced_by_a_later_run_is_gone(matched: World) -> None:
    old = _rec(matched, matched.sam, matched.care)
    run_matching_in_process(None, matched.v_a.region)
    assert _client(matched, "sam_user").get(
        _url("apply_from_recommendation", old)).status_code == 404
