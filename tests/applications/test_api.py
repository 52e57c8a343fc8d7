"""The applications API, persona by persona: the same readers and writers as the
pages, 404 for what is not the reader's, 403 for a step that is not theirs, 409 when
the state does not allow a step or moved meanwhile, 422 naming the field."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from decentwork.applications.actions import RecommendationCopy, apply_to_vacancy
from decentwork.applications.models import (
    Application,
    ApplicationState,
    Origin,
    Placement,
    RefusalReason,
)
from decentwork.controlled_lists import ContractType, Hours
from decentwork.employers.factories import VacancyFactory
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import Recommendation
from decentwork.seekers.models import ConsentScope, SeekerStatus
from decentwork.taxonomy.factories import ConceptFactory
from tests.conftest import World
from tests.recommendations.conftest import consent, give_skills, vacancy

pytestmark = pytest.mark.django_db

# Who sees Sam's application to erin's vacancy, and who gets the same 404.
READERS = ["sam_user", "alice", "bob", "erin", "judy"]
OUTSIDERS = ["dana", "charlie", "frank", "ivan"]
# Who sees Sam's record (placements, status history): not the employer.
RECORD_READERS = ["sam_user", "alice", "bob", "judy"]
RECORD_OUTSIDERS = ["dana", "charlie", "erin", "frank", "ivan"]


def _client(world: World, persona: str) -> Client:
    return world.client_for(getattr(world, persona))


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _hire(**overrides: Any) -> dict[str, Any]:
    return {"start_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "contract_type": ContractType.PERMANENT, "hours": Hours.FULL_TIME,
            "formal": True, "hours_per_week": 38, **overrides}


@pytest.fixture
def applied(world: World) -> Application:
    """Sam applied for erin's vacancy from a recommendation."""
    copy = RecommendationCopy(run_id=7, rank=2, score=0.81,
                              explanation={"distance_km": 3.5, "essential_total": 2})
    application, _ = apply_to_vacancy(world.sam_user, world.sam, world.v_a, message="Hello",
                                      recommendation=copy)
    return application


# Reading ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS + OUTSIDERS)
def test_the_list_is_scoped(world: World, applied: Application, persona: str) -> None:
    body = _client(world, persona).get("/api/applications").json()
    expected = [applied.pk] if persona in READERS else []
    assert [item["id"] for item in body["items"]] == expected
    assert body["count"] == len(expected)


def test_the_list_filters_by_state_and_vacancy(world: World, applied: Application) -> None:
    other = VacancyFactory(employer=world.v_a.employer, region=world.v_a.region)
    apply_to_vacancy(world.alice, world.tess, other)
    client = _client(world, "alice")

    def ids(query: str) -> list[int]:
        return [item["vacancy_id"] for item in client.get(f"/api/applications?{query}")
                .json()["items"]]

    assert sorted(ids("")) == sorted([world.v_a.pk, other.pk])
    assert ids(f"vacancy_id={world.v_a.pk}") == [world.v_a.pk]
    assert sorted(ids("state=new")) == sorted([world.v_a.pk, other.pk])
    assert ids("state=refused") == []
    assert ids(f"seeker_id={world.tess.pk}") == [other.pk]
    assert ids("limit=1")[0] == other.pk  # most recently changed first
    assert client.get("/api/applications?state=nonsense").status_code == 422


def test_the_list_makes_the_same_queries_however_long(world: World, applied: Application,
                                                      django_assert_max_num_queries) -> None:
    client = _client(world, "erin")
    client.get("/api/applications")  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get("/api/applications")
    queries = len(few.captured_queries)  # the next request resets the log
    for _ in range(5):
        job = VacancyFactory(employer=world.v_a.employer, region=world.v_a.region)
        apply_to_vacancy(world.alice, world.tess, job)
    with django_assert_max_num_queries(queries):
        assert client.get("/api/applications").json()["count"] == 6


@pytest.mark.parametrize("persona", READERS + OUTSIDERS)
def test_one_application_with_its_log(world: World, applied: Application, persona: str) -> None:
    response = _client(world, persona).get(f"/api/applications/{applied.pk}")
    if persona in OUTSIDERS:
        assert response.status_code == 404
        return
    body = response.json()
    assert body["state"] == ApplicationState.NEW and body["origin"] == Origin.SEEKER
    assert body["message"] == "Hello" and body["seeker_name"] == world.sam.full_name
    assert [(t["name"], t["from_state"], t["to_state"]) for t in body["transitions"]] == [
        ("create", None, ApplicationState.NEW)]


def test_the_recommendation_copy_is_not_shown_to_the_employer(world: World,
                                                              applied: Application) -> None:
    # The explanation holds the distance, which would tell where the person lives.
    for_seeker = _client(world, "sam_user").get(f"/api/applications/{applied.pk}").json()
    assert for_seeker["recommendation"] == {
        "run_id": 7, "rank": 2, "score": 0.81,
        "explanation": {"distance_km": 3.5, "essential_total": 2}}
    for_employer = _client(world, "erin").get(f"/api/applications/{applied.pk}").json()
    assert for_employer["recommendation"] is None


def test_missing_and_not_yours_look_the_same(world: World, applied: Application) -> None:
    client = _client(world, "frank")
    missing = client.get("/api/applications/999999")
    hidden = client.get(f"/api/applications/{applied.pk}")
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()


# Applying, referring, inviting ------------------------------------------------------


@pytest.mark.parametrize(("persona", "seeker", "status"), [
    ("sam_user", None, 201),    # for themself
    ("alice", "sam", 201),      # staff of Sam's office, on his behalf
    ("judy", "sam", 201),
    ("sam_user", "tess", 404),  # not for another seeker
    ("dana", "sam", 404),       # another office of the region
    ("charlie", "sam", 404),
    ("erin", "sam", 404),       # employers invite instead
    ("ivan", "sam", 404),
])
def test_applying(world: World, persona: str, seeker: str | None, status: int) -> None:
    body: dict[str, Any] = {"vacancy_id": world.v_a.pk, "message": "I can start soon."}
    if seeker is not None:
        body["seeker_id"] = getattr(world, seeker).pk
    response = _post(_client(world, persona), "/api/applications", body)
    assert response.status_code == status
    if status == 201:
        application = Application.objects.get()
        assert response.json()["id"] == application.pk
        assert (application.seeker, application.origin) == (world.sam, Origin.SEEKER)
        assert application.message == "I can start soon."
    else:
        assert not Application.objects.exists()


def test_applying_again_answers_the_open_application(world: World,
                                                     applied: Application) -> None:
    response = _post(_client(world, "sam_user"), "/api/applications",
                     {"vacancy_id": world.v_a.pk, "message": "again"})
    assert response.status_code == 200
    assert response.json()["id"] == applied.pk
    assert Application.objects.count() == 1


def test_staff_must_say_for_whom_they_apply(world: World) -> None:
    response = _post(_client(world, "alice"), "/api/applications", {"vacancy_id": world.v_a.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "seeker_id"]


def test_a_closed_vacancy_is_refused_naming_the_field(world: World) -> None:
    world.v_a.closes_on = timezone.localdate() - dt.timedelta(days=1)
    world.v_a.save(update_fields=["closes_on"])
    response = _post(_client(world, "sam_user"), "/api/applications",
                     {"vacancy_id": world.v_a.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "vacancy"]


@pytest.mark.parametrize(("persona", "status"), [
    ("alice", 201), ("bob", 201), ("judy", 201),
    ("sam_user", 403),  # the person applies; referring is the office's
    ("dana", 404), ("charlie", 404), ("erin", 404), ("frank", 404), ("ivan", 404),
])
def test_referring(world: World, persona: str, status: int) -> None:
    response = _post(_client(world, persona), "/api/applications/referrals",
                     {"vacancy_id": world.v_a.pk, "seeker_id": world.sam.pk,
                      "note": "Reliable."})
    assert response.status_code == status
    if status == 201:
        assert response.json()["origin"] == Origin.COUNSELLOR
        assert Application.objects.get().message == "Reliable."
    else:
        assert not Application.objects.exists()


@pytest.fixture
def proposed(world: World) -> Recommendation:
    """Sam, consenting to be proposed, is a candidate for erin's care job."""
    care = vacancy(world.v_a.employer, world.v_a.region, essential=["bathe patients"])
    give_skills(world.sam, ["bathe patients"])
    consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    run_matching_in_process(None, world.v_a.region)
    return Recommendation.objects.get(seeker=world.sam, vacancy=care)


@pytest.mark.parametrize(("persona", "status"), [
    ("erin", 201),
    ("frank", 404),     # employer of another vacancy
    ("alice", 404),     # staff refer instead
    ("sam_user", 404), ("charlie", 404), ("ivan", 404),
])
def test_inviting_a_proposed_candidate(world: World, proposed: Recommendation, persona: str,
                                       status: int) -> None:
    response = _post(_client(world, persona), "/api/applications/invitations",
                     {"recommendation_id": proposed.pk, "message": "Come on Monday."})
    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["origin"], body["vacancy_id"]) == (Origin.EMPLOYER, proposed.vacancy_id)
        assert body["recommendation"] is None
    else:
        assert not Application.objects.exists()


def test_the_employer_finds_whom_to_invite_among_the_candidates(
        world: World, proposed: Recommendation) -> None:
    items = _client(world, "erin").get(
        f"/api/vacancies/{proposed.vacancy_id}/candidates").json()["items"]
    assert [(c["recommendation_id"], c["seeker_id"]) for c in items] == [(proposed.pk, None)]


def test_a_candidate_who_withdrew_consent_cannot_be_invited(
        world: World, proposed: Recommendation) -> None:
    world.sam.consents.update(withdrawn_at=timezone.now())
    response = _post(_client(world, "erin"), "/api/applications/invitations",
                     {"recommendation_id": proposed.pk})
    assert response.status_code == 404


# Transitions ------------------------------------------------------------------------


def _step(world: World, persona: str, application: Application, **body: Any) -> Any:
    return _post(_client(world, persona), f"/api/applications/{application.pk}/transitions",
                 body)


@pytest.mark.parametrize(("persona", "status"), [
    ("erin", 200), ("judy", 200),
    ("sam_user", 403), ("alice", 403),  # they see it, but seeing it is the employer's step
    ("frank", 404), ("dana", 404), ("charlie", 404), ("ivan", 404),
])
def test_marking_seen(world: World, applied: Application, persona: str, status: int) -> None:
    response = _step(world, persona, applied, name="mark_seen",
                     expected_state=ApplicationState.NEW)
    assert response.status_code == status
    applied.refresh_from_db()
    if status == 200:
        assert response.json()["state"] == applied.state == ApplicationState.SEEN
        assert [t["name"] for t in response.json()["transitions"]] == ["create", "mark_seen"]
    else:
        assert applied.state == ApplicationState.NEW


def test_withdrawing_is_the_seekers_step(world: World, applied: Application) -> None:
    assert _step(world, "erin", applied, name="withdraw").status_code == 403
    response = _step(world, "sam_user", applied, name="withdraw", note="Found other work.")
    assert response.status_code == 200
    assert response.json()["state"] == ApplicationState.WITHDRAWN


def test_a_stale_expected_state_is_a_conflict(world: World, applied: Application) -> None:
    assert _step(world, "erin", applied, name="mark_seen").status_code == 200
    response = _step(world, "erin", applied, name="plan_interview",
                     expected_state=ApplicationState.NEW)
    assert response.status_code == 409
    assert response.json()["current_state"] == ApplicationState.SEEN
    assert "changed this application meanwhile" in response.json()["detail"]
    applied.refresh_from_db()
    assert applied.state == ApplicationState.SEEN


def test_a_step_the_state_does_not_allow_is_a_conflict(world: World,
                                                       applied: Application) -> None:
    assert _step(world, "sam_user", applied, name="withdraw").status_code == 200
    response = _step(world, "erin", applied, name="plan_interview")
    assert response.status_code == 409
    assert response.json()["current_state"] == ApplicationState.WITHDRAWN
    assert "cannot become" in response.json()["detail"]


def test_a_refusal_without_reason_names_the_field(world: World, applied: Application) -> None:
    response = _step(world, "erin", applied, name="refuse")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]
    other = _step(world, "erin", applied, name="refuse", reason=RefusalReason.OTHER)
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["body", "note"]
    applied.refresh_from_db()
    assert applied.state == ApplicationState.NEW

    done = _step(world, "erin", applied, name="refuse", reason=RefusalReason.SKILLS_MISSING)
    assert done.status_code == 200
    assert done.json()["refusal_reason"] == RefusalReason.SKILLS_MISSING


def test_an_unknown_step_names_the_field(world: World, applied: Application) -> None:
    response = _step(world, "erin", applied, name="promote")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]


def test_hiring_needs_the_job_and_records_it(world: World, applied: Application) -> None:
    missing = _step(world, "erin", applied, name="accept")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "hire"]

    response = _step(world, "erin", applied, name="accept", expected_state="new", hire=_hire())
    assert response.status_code == 200
    body = response.json()
    placement = Placement.objects.get()
    assert body["state"] == ApplicationState.ACCEPTED
    assert body["placement_id"] == placement.pk
    assert (placement.seeker, placement.vacancy, placement.hours_per_week) == (
        world.sam, world.v_a, 38)

    placements = _client(world, "alice").get(f"/api/seekers/{world.sam.pk}/placements").json()
    assert [(p["id"], p["through_platform"], p["employer_id"]) for p in placements] == [
        (placement.pk, True, world.v_a.employer_id)]
    history = _client(world, "sam_user").get(
        f"/api/seekers/{world.sam.pk}/status-history").json()
    assert [(h["from_status"], h["to_status"], h["reason"]) for h in history] == [
        (SeekerStatus.ACTIVE, SeekerStatus.PLACED, "placed")]


def test_hiring_with_a_bad_start_date_names_the_field(world: World,
                                                      applied: Application) -> None:
    response = _step(world, "erin", applied, name="accept", hire=_hire(
        start_date=(timezone.localdate() + dt.timedelta(days=800)).isoformat()))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "start_date"]
    assert not Placement.objects.exists()


# Placements and status history ------------------------------------------------------


OUTSIDE_JOB = {"employer_name": "Corner bakery", "job_title": "Baker's helper",
               "contract_type": ContractType.FIXED_TERM, "hours": Hours.PART_TIME,
               "formal": False}


@pytest.mark.parametrize("persona", RECORD_READERS + RECORD_OUTSIDERS)
def test_recording_an_outside_placement(world: World, persona: str) -> None:
    body = {**OUTSIDE_JOB, "start_date": timezone.localdate().isoformat()}
    response = _post(_client(world, persona), f"/api/seekers/{world.sam.pk}/placements", body)
    if persona in RECORD_OUTSIDERS:
        assert response.status_code == 404
        assert not Placement.objects.exists()
        return
    assert response.status_code == 201
    assert response.json()["employer_name"] == "Corner bakery"
    assert response.json()["through_platform"] is False
    world.sam.refresh_from_db()
    assert world.sam.status == SeekerStatus.PLACED


def test_an_outside_placement_names_its_bad_fields(world: World) -> None:
    client = _client(world, "alice")
    url = f"/api/seekers/{world.sam.pk}/placements"
    start = timezone.localdate().isoformat()
    blank = _post(client, url, {**OUTSIDE_JOB, "employer_name": "  ", "start_date": start})
    assert blank.status_code == 422
    assert blank.json()["detail"][0]["loc"] == ["body", "employer_name"]
    unknown = _post(client, url, {**OUTSIDE_JOB, "start_date": start,
                                  "occupation_uri": "http://example.org/no-such-job"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "occupation_uri"]
    assert not Placement.objects.exists()


def test_an_outside_placement_with_an_occupation(world: World) -> None:
    occupation = ConceptFactory(kind="occupation")
    response = _post(_client(world, "sam_user"), f"/api/seekers/{world.sam.pk}/placements",
                     {**OUTSIDE_JOB, "start_date": timezone.localdate().isoformat(),
                      "occupation_uri": occupation.uri, "wage_band": "minimum"})
    assert response.status_code == 201
    assert response.json()["occupation_uri"] == occupation.uri
    assert response.json()["wage_band"] == "minimum"


@pytest.mark.parametrize("persona", RECORD_READERS + RECORD_OUTSIDERS)
@pytest.mark.parametrize("what", ["placements", "status-history"])
def test_a_seekers_record_is_scoped(world: World, persona: str, what: str) -> None:
    response = _client(world, persona).get(f"/api/seekers/{world.sam.pk}/{what}")
    assert response.status_code == (404 if persona in RECORD_OUTSIDERS else 200)
    if response.status_code == 200:
        assert response.json() == []
