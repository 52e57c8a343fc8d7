"""Consents in plain words, given and withdrawn by the person (or recorded by their
counsellor). Withdrawal takes effect at once everywhere: the record, every stored
matching run's sealed snapshot, and the employers' candidate lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from decentwork.audit.models import AuditEntry
from decentwork.matching import SeekerGroup
from decentwork.recommendations import actions as run_actions
from decentwork.recommendations.access import candidates_for_vacancy
from decentwork.recommendations.actions import (
    prepare_matching_run,
    run_matching_in_process,
    start_matching_run,
)
from decentwork.recommendations.models import MatchingRun, RunChunk
from decentwork.recommendations.snapshots import unseal_seekers
from decentwork.seekers.access import Sensitive, read_sensitive
from decentwork.seekers.actions import declare_target_group, grant_consent, withdraw_consent
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker
from decentwork.seekers.signals import consent_withdrawn
from decentwork.seekers.wording import CONSENT_EXPLANATIONS
from tests.conftest import World
from tests.recommendations.conftest import give_skills, vacancy

MINE = reverse("seekers:my_consents")


def _active(seeker: JobSeeker) -> set[str]:
    return set(Consent.objects.filter(seeker=seeker, withdrawn_at__isnull=True)
               .values_list("scope", flat=True))


def test_every_scope_is_explained_with_a_button_and_withdrawal_promised(world: World) -> None:
    html = world.client_for(world.sam_user).get(MINE).content.decode()
    for scope in ConsentScope:
        assert f'name="give" value="{scope.value}"' in html
        assert str(CONSENT_EXPLANATIONS[scope]).replace("’", "&#x27;")[:40] in html
    assert "You can withdraw this at any time." in html
    assert "Not given." in html


def test_the_person_gives_and_withdraws_being_proposed(world: World) -> None:
    client = world.client_for(world.sam_user)
    assert client.post(MINE, {"give": ConsentScope.PROPOSAL_TO_EMPLOYERS}).status_code == 302
    assert _active(world.sam) == {ConsentScope.PROPOSAL_TO_EMPLOYERS}
    consent = Consent.objects.get(seeker=world.sam)
    assert consent.recorded_by == world.sam_user
    html = client.get(MINE).content.decode()
    assert f'name="withdraw" value="{ConsentScope.PROPOSAL_TO_EMPLOYERS}"' in html
    assert "Given on" in html
    client.post(MINE, {"withdraw": ConsentScope.PROPOSAL_TO_EMPLOYERS})
    assert _active(world.sam) == set()
    html = client.get(MINE).content.decode()
    assert "Withdrawn on" in html
    assert f'name="give" value="{ConsentScope.PROPOSAL_TO_EMPLOYERS}"' in html


def _groups(world: World) -> tuple[str, ...]:
    seeker = JobSeeker.objects.get(pk=world.sam.pk)
    return read_sensitive(world.alice, seeker, purpose="test").target_groups


def test_giving_a_target_group_consent_records_the_group_and_withdrawing_erases_it(
        world: World) -> None:
    client = world.client_for(world.sam_user)
    client.post(MINE, {"give": ConsentScope.REFUGEE})
    assert _groups(world) == ("refugee",)
    client.post(MINE, {"withdraw": ConsentScope.REFUGEE})
    assert _groups(world) == ()
    assert AuditEntry.objects.filter(action="seekers.withdraw_consent",
                                     actor=world.sam_user).exists()


def test_a_second_press_changes_nothing_and_does_not_fail(world: World) -> None:
    client = world.client_for(world.sam_user)
    client.post(MINE, {"withdraw": ConsentScope.DISABILITY})
    assert client.post(MINE, {"give": ConsentScope.YOUTH}).status_code == 302
    assert client.post(MINE, {"give": ConsentScope.YOUTH}).status_code == 302
    assert Consent.objects.filter(seeker=world.sam, scope=ConsentScope.YOUTH).count() == 1


def test_the_counsellor_records_consent_on_the_seekers_page(world: World) -> None:
    url = reverse("seekers:consents", args=[world.tess.pk])
    client = world.client_for(world.alice)
    assert "Consents of Tess" in client.get(url).content.decode()
    client.post(url, {"give": ConsentScope.PROPOSAL_TO_EMPLOYERS})
    assert Consent.objects.get(seeker=world.tess).recorded_by == world.alice


def test_an_unknown_scope_is_not_found(world: World) -> None:
    assert world.client_for(world.sam_user).post(MINE, {"give": "everything"}).status_code == 404
    assert not Consent.objects.exists()


@pytest.mark.parametrize("persona", ["charlie", "dana", "erin", "frank", "ivan"])
def test_outsiders_get_404(world: World, persona: str) -> None:
    client = world.client_for(getattr(world, persona))
    url = reverse("seekers:consents", args=[world.sam.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"give": ConsentScope.REFUGEE}).status_code == 404
    assert client.get(MINE).status_code == 404
    assert not Consent.objects.exists()


def test_withdrawing_sends_the_signal_after_the_erase(world: World) -> None:
    seen: list[tuple[int, str, list[str]]] = []

    def receiver(sender: type[JobSeeker], *, seeker: JobSeeker, scope: str,
                 **kwargs: Any) -> None:
        stored = JobSeeker.objects.get(pk=seeker.pk).sensitive or {}
        seen.append((seeker.pk, scope, stored.get("target_groups", [])))

    declare_target_group(world.alice, world.sam, "refugee")
    consent_withdrawn.connect(receiver)
    try:
        withdraw_consent(world.sam_user, world.sam, "refugee")
    finally:
        consent_withdrawn.disconnect(receiver)
    assert seen == [(world.sam.pk, "refugee", [])]


# With real matching runs.

@pytest.fixture
def matched(world: World) -> World:
    """Sam and Tess both fit the care job; both declared groups with consent and
    agreed to be proposed. One finished run, and a second one prepared only."""
    employer, region = world.v_a.employer, world.v_a.region
    world.care = vacancy(employer, region, title="Care assistant",  # type: ignore[attr-defined]
                         essential=["bathe patients", "take vital signs"])
    for person in (world.sam, world.tess):
        give_skills(person, ["bathe patients", "take vital signs"])
        grant_consent(world.alice, person, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    declare_target_group(world.alice, world.sam, "refugee")
    declare_target_group(world.alice, world.sam, "disability")
    declare_target_group(world.alice, world.tess, "refugee")
    world.done_run = run_matching_in_process(None, region, chunk_size=1)  # type: ignore[attr-defined]
    world.open_run = start_matching_run(None, region, chunk_size=1,  # type: ignore[attr-defined]
                                        dispatch=False)
    prepare_matching_run(world.open_run, dispatch=False)  # type: ignore[attr-defined]
    return world


def _groups_in(run: MatchingRun, seeker: JobSeeker) -> SeekerGroup:
    chunk = RunChunk.objects.get(run=run, first_seeker_id__lte=seeker.pk,
                                 last_seeker_id__gte=seeker.pk)
    assert chunk.seekers_sealed is not None
    table = unseal_seekers(chunk.seekers_sealed)
    return SeekerGroup(int(table.groups[table.row_of(seeker.pk)]))


def test_a_withdrawn_group_leaves_every_stored_run_at_once(matched: World) -> None:
    world = matched
    runs = [world.done_run, world.open_run]  # type: ignore[attr-defined]
    for run in runs:
        assert _groups_in(run, world.sam) == SeekerGroup.REFUGEE | SeekerGroup.DISABILITY
    world.client_for(world.sam_user).post(MINE, {"withdraw": ConsentScope.REFUGEE})
    for run in runs:
        assert _groups_in(run, world.sam) == SeekerGroup.DISABILITY
        assert _groups_in(run, world.tess) == SeekerGroup.REFUGEE  # hers is her own
    entry = AuditEntry.objects.get(action="recommendations.forget_withdrawn_consent")
    assert entry.details == {"scope": "refugee", "snapshots": 2}


def test_the_run_still_answers_after_the_rewrite(matched: World) -> None:
    """The rewritten snapshot is a whole, readable table: the chunk can be redone."""
    world = matched
    withdraw_consent(world.sam_user, world.sam, ConsentScope.DISABILITY)
    run = world.open_run  # type: ignore[attr-defined]
    for number in RunChunk.objects.filter(run=run).values_list("number", flat=True):
        run_actions.complete_chunk(run, number)
    run.refresh_from_db()
    assert run.status == "done"
    assert _groups_in(run, world.sam) == SeekerGroup.REFUGEE


def test_a_consent_withdrawn_while_a_run_is_prepared_is_not_sealed(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run read the groups, then the person withdrew before it sealed them:
    there was no snapshot to clean yet, so the preparation must drop the group."""
    region = world.v_a.region
    vacancy(world.v_a.employer, region, essential=["bathe patients"])
    give_skills(world.sam, ["bathe patients"])
    declare_target_group(world.alice, world.sam, "refugee")
    read = run_actions.read_run_sensitive

    def read_then_withdraw(*args: Any, **kwargs: Any) -> dict[int, Sensitive]:
        groups = read(*args, **kwargs)
        withdraw_consent(world.sam_user, world.sam, "refugee")
        return groups

    monkeypatch.setattr(run_actions, "read_run_sensitive", read_then_withdraw)
    run = start_matching_run(None, region, dispatch=False)
    prepare_matching_run(run, dispatch=False)
    assert _groups_in(run, world.sam) == SeekerGroup(0)


def test_a_withdrawn_proposal_consent_hides_the_candidate_at_once(matched: World) -> None:
    world = matched
    care = world.care  # type: ignore[attr-defined]
    names = {c.first_name for c in candidates_for_vacancy(world.erin, care.pk).candidates}
    assert names == {"Sam", "Tess"}
    world.client_for(world.sam_user).post(MINE, {"withdraw": ConsentScope.PROPOSAL_TO_EMPLOYERS})
    names = {c.first_name for c in candidates_for_vacancy(world.erin, care.pk).candidates}
    assert names == {"Tess"}
    page = world.client_for(world.erin).get(
        reverse("recommendations:vacancy_candidates", args=[care.pk]))
    assert page.status_code == 200
    assert "Tess" in page.content.decode() and "Sam" not in page.content.decode()
