"""The follow-up pages: who sees them, and answering as the person through the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from decentwork.applications.models import Placement
from decentwork.followup.models import AnsweredAs, FollowUp
from decentwork.seekers.models import JobSeeker, SeekerStatus
from tests.applications.steps import give_login
from tests.conftest import World
from tests.followup.steps import on, place

D = dt.date
START = D(2026, 8, 31)
AFTER_3 = D(2026, 12, 2)


def _check(placement: Placement, months: int) -> FollowUp:
    return FollowUp.objects.get(placement=placement, months=months)


@pytest.mark.parametrize(("persona", "expected"), [
    ("alice", 200), ("bob", 200), ("judy", 200), ("sam_user", 404),
    ("dana", 404), ("charlie", 404), ("erin", 404), ("frank", 404), ("ivan", 404),
    ("tess", 404),
])
def test_who_sees_the_seekers_follow_up_page(world: World, persona: str, expected: int) -> None:
    placement = place(world.alice, world.sam, START)
    user = give_login(world.tess, "tess") if persona == "tess" else getattr(world, persona)
    with on(AFTER_3):
        response = world.client_for(user).get(reverse("followup:seeker", args=[world.sam.pk]))
        answer = world.client_for(user).get(reverse("followup:answer",
                                                    args=[_check(placement, 3).pk]))
    assert response.status_code == expected
    # The person answers their own check, but the staff's page about them is not theirs.
    assert answer.status_code == (200 if persona == "sam_user" else expected)
    if expected == 200:
        assert "Bosphorus Bakery" in response.content.decode()


def test_the_counsellor_records_a_check_on_the_page(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(AFTER_3):
        page = world.client_for(world.alice).get(reverse("followup:seeker", args=[world.sam.pk]))
        assert reverse("followup:answer", args=[_check(placement, 3).pk]) in page.content.decode()
        response = world.client_for(world.alice).post(
            reverse("followup:answer", args=[_check(placement, 3).pk]),
            {"still_employed": "yes", "same_employer": "yes", "hours_per_week": "40",
             "wage_band": "minimum"})
    assert response.status_code == 302
    check = _check(placement, 3)
    assert (check.answered_as, check.hours_per_week) == (AnsweredAs.COUNSELLOR, 40)


def test_the_person_answers_from_their_own_page(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    client = world.client_for(world.sam_user)
    with on(AFTER_3):
        mine = client.get(reverse("followup:mine"))
        link = reverse("followup:answer", args=[_check(placement, 3).pk])
        assert link in mine.content.decode()
        form = client.get(link).content.decode()
        assert "Do you still work in this job?" in form and "Bosphorus Bakery" in form
        response = client.post(link, {"still_employed": "no", "ended_on": "2026-11-20"})
        assert response.status_code == 302 and response["Location"] == reverse("followup:mine")
        assert link not in client.get(reverse("followup:mine")).content.decode()
        again = client.get(link).content.decode()
    assert "This check is answered" in again
    assert _check(placement, 3).answered_as == AnsweredAs.PERSON
    assert Placement.objects.get(pk=placement.pk).end_date == D(2026, 11, 20)
    assert JobSeeker.objects.get(pk=world.sam.pk).status == SeekerStatus.ACTIVE


def test_a_bad_answer_is_shown_on_its_field(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(AFTER_3):
        response = world.client_for(world.sam_user).post(
            reverse("followup:answer", args=[_check(placement, 3).pk]),
            {"still_employed": "no"})
    assert response.status_code == 200
    assert 'id="id_ended_on-error"' in response.content.decode()
    assert _check(placement, 3).answered_at is None


def test_a_check_not_yet_open_says_when(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    with on(D(2026, 9, 10)):
        response = world.client_for(world.sam_user).get(
            reverse("followup:answer", args=[_check(placement, 3).pk]))
    assert "can be answered from" in response.content.decode()


@pytest.mark.parametrize("persona", ["alice", "erin", "ivan"])
def test_only_job_seekers_have_their_own_questions_page(world: World, persona: str) -> None:
    response = world.client_for(getattr(world, persona)).get(reverse("followup:mine"))
    assert response.status_code == 404


def test_tess_does_not_see_sams_questions(world: World) -> None:
    place(world.alice, world.sam, START)
    tess = give_login(world.tess, "tess")
    with on(AFTER_3):
        response = world.client_for(tess).get(reverse("followup:mine"))
    assert "Bosphorus Bakery" not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(world: World) -> None:
    response = world.client_for(None).get(reverse("followup:mine"))
    assert response.status_code == 302
