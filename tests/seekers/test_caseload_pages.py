"""The caseload of a large office: pages in the waiting order, each read in the same
few queries however long the list, without opening anyone's sealed attributes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from decentwork.seekers.factories import JobSeekerFactory
from decentwork.seekers.models import JobSeeker
from decentwork.seekers.views import CASELOAD_PAGE_SIZE
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_page_costs_the_same_queries_however_long_the_caseload(
        world: World, django_assert_max_num_queries: Any) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("seekers:caseload"))
    with django_assert_max_num_queries(20) as short:
        client.get(reverse("seekers:caseload"))
    JobSeekerFactory.create_batch(2 * CASELOAD_PAGE_SIZE + 10, office=world.office_a,
                                  sensitive={"target_groups": ["refugee"]})

    for page in ("1", "3"):
        with django_assert_max_num_queries(len(short.captured_queries)) as long:
            shown = client.get(reverse("seekers:caseload"), {"page": page})
        assert shown.status_code == 200
        assert not any('"sensitive"' in query["sql"] for query in long.captured_queries)
    assert shown.context["page"].paginator.count == 2 * CASELOAD_PAGE_SIZE + 12


def test_the_last_page_holds_those_registered_last_in_order(world: World) -> None:
    for day in range(2 * CASELOAD_PAGE_SIZE + 3):
        JobSeekerFactory(office=world.office_a, first_name=f"Day{day:03}",
                         registered_on=dt.date(2020, 1, 1) + dt.timedelta(days=day))
    expected = list(JobSeeker.objects.filter(office=world.office_a)
                    .order_by("registered_on", "id").values_list("pk", flat=True))

    shown = world.client_for(world.alice).get(reverse("seekers:caseload"), {"page": "3"})

    assert [seeker.pk for seeker in shown.context["page"]] == expected[2 * CASELOAD_PAGE_SIZE:]
    assert "Page 3 of 3" in shown.content.decode()
