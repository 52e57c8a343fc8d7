"""The person sees every consent they gave and withdraws any of them, after a
confirmation, with effect at once everywhere: their record, every stored matching
run's sealed snapshot, and the employers' candidate lists."""

from __future__ import annotations

from django.urls import reverse

from decentwork.matching import SeekerGroup
from decentwork.recommendations.access import candidates_for_vacancy
from decentwork.recommendations.models import MatchingRun, RunChunk
from decentwork.recommendations.snapshots import unseal_seekers
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker
from tests.privacy.conftest import People

CONSENTS = reverse("privacy:consents")


def _withdraw_url(scope: str) -> str:
    return reverse("privacy:withdraw_consent", args=[scope])


def _groups_in(run: MatchingRun, seeker: JobSeeker) -> SeekerGroup:
    chunk = RunChunk.objects.get(run=run, first_seeker_id__lte=seeker.pk,
                                 last_seeker_id__gte=seeker.pk)
    assert chunk.seekers_sealed is not None
    table = unseal_seekers(chunk.seekers_sealed)
    return SeekerGroup(int(table.groups[table.row_of(seeker.pk)]))


def test_the_page_lists_every_consent_given_and_withdrawn(people: People) -> None:
    world = people.world
    client = world.client_for(world.sam_user)
    client.post(_withdraw_url(ConsentScope.PROPOSAL_TO_EMPLOYERS))
    html = client.get(CONSENTS).content.decode()
    assert "Refugee" in html and "Be proposed to employers as a candidate" in html
    assert html.count("Given on") == 2 and html.count("Withdrawn on") == 1
    # Only the consent in use can be withdrawn again.
    assert _withdraw_url(ConsentScope.REFUGEE) in html
    assert _withdraw_url(ConsentScope.PROPOSAL_TO_EMPLOYERS) not in html


def test_withdrawing_asks_first_then_leaves_the_record_and_every_snapshot(
        people: People) -> None:
    world = people.world
    client = world.client_for(world.sam_user)
    assert _groups_in(people.run, world.sam) == SeekerGroup.REFUGEE
    page = client.get(_withdraw_url(ConsentScope.REFUGEE))
    assert page.status_code == 200
    assert "Withdraw your consent: Refugee" in page.content.decode()
    assert Consent.objects.get(seeker=world.sam, scope="refugee").withdrawn_at is None
    response = client.post(_withdraw_url(ConsentScope.REFUGEE))
    assert response.status_code == 302 and response["Location"] == CONSENTS
    assert Consent.objects.get(seeker=world.sam, scope="refugee").withdrawn_at is not None
    world.sam.refresh_from_db()
    assert "refugee" not in (world.sam.sensitive or {}).get("target_groups", [])
    assert _groups_in(people.run, world.sam) == SeekerGroup(0)
    assert _groups_in(people.run, world.tess) == SeekerGroup.REFUGEE  # hers is her own
    # Done once: a second press finds nothing to withdraw.
    assert client.post(_withdraw_url(ConsentScope.REFUGEE)).status_code == 404


def test_withdrawing_being_proposed_takes_the_person_off_employers_lists(
        people: People) -> None:
    world = people.world
    names = {c.first_name for c in candidates_for_vacancy(world.erin, people.care.pk).candidates}
    assert names == {"SAMMARKfirst", "TESSMARKfirst"}
    response = world.client_for(world.sam_user).post(
        f"/api/privacy/me/consents/{ConsentScope.PROPOSAL_TO_EMPLOYERS}/withdraw")
    assert response.status_code == 200
    assert response.json()["withdrawn_at"] is not None
    names = {c.first_name for c in candidates_for_vacancy(world.erin, people.care.pk).candidates}
    assert names == {"TESSMARKfirst"}
    api = world.client_for(world.erin).get(f"/api/vacancies/{people.care.pk}/candidates")
    assert "SAMMARK" not in api.content.decode()


def test_the_api_lists_and_withdraws(people: People) -> None:
    client = people.world.client_for(people.world.sam_user)
    listed = client.get("/api/privacy/me/consents").json()
    assert {c["scope"] for c in listed} == {"refugee", "proposal_to_employers"}
    assert all(c["withdrawn_at"] is None for c in listed)
    response = client.post("/api/privacy/me/consents/refugee/withdraw")
    assert response.status_code == 200 and response.json()["scope"] == "refugee"
    again = client.post("/api/privacy/me/consents/refugee/withdraw")
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "scope"]
    assert client.post("/api/privacy/me/consents/no-such-thing/withdraw").status_code == 422
