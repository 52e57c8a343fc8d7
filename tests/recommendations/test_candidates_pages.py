"""A vacancy in many lists: its candidates come a page at a time, best fit first, each
page in the same few queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from decentwork.recommendations.access import CANDIDATES_PAGE_SIZE
from decentwork.recommendations.actions import run_matching_in_process
from tests.conftest import World
from tests.recommendations.conftest import seeker, vacancy

pytestmark = pytest.mark.django_db


def test_candidates_come_a_page_at_a_time_best_fit_first(
        world: World, django_assert_max_num_queries: Any) -> None:
    care = vacancy(world.v_a.employer, world.v_a.region,
                   essential=["bathe patients", "take vital signs"])
    for number in range(CANDIDATES_PAGE_SIZE + 5):
        held = ["bathe patients", "take vital signs"] if number % 2 else ["bathe patients"]
        seeker(world.office_a, first_name=f"Candidate{number:02}", skills=held)
    run_matching_in_process(None, world.v_a.region)
    client = world.client_for(world.erin)
    url = reverse("recommendations:vacancy_candidates", args=[care.pk])

    with django_assert_max_num_queries(25) as last_page:
        second = client.get(url, {"page": "2"})
    with django_assert_max_num_queries(len(last_page.captured_queries)):
        first = client.get(url)

    firsts = [candidate for candidate, _why in first.context["items"]]
    seconds = [candidate for candidate, _why in second.context["items"]]
    assert len(firsts) == CANDIDATES_PAGE_SIZE and len(seconds) == 5
    assert {c.recommendation_id for c in firsts}.isdisjoint(c.recommendation_id for c in seconds)
    scores = [c.score for c in firsts + seconds]
    assert scores == sorted(scores, reverse=True)
    assert "Page 1 of 2" in first.content.decode()
    assert 'rel="next"' in first.content.decode()
