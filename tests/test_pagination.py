"""decentwork.pagination: the same pages as Django's paginator, counted exactly up to
a bound and, beyond it, once a minute."""

from __future__ import annotations

import uuid

import pytest
from django.core.paginator import Paginator

from decentwork import pagination
from decentwork.network.factories import OfficeFactory
from decentwork.pagination import LongListPaginator
from decentwork.seekers.factories import JobSeekerFactory
from decentwork.seekers.models import JobSeeker

pytestmark = pytest.mark.django_db


def _list(office_id: int) -> object:
    return JobSeeker.objects.filter(office_id=office_id).order_by("registered_on", "id")


def test_every_page_holds_what_djangos_paginator_would() -> None:
    office = OfficeFactory()
    JobSeekerFactory.create_batch(12, office=office)
    long_list = LongListPaginator(_list(office.pk), 5, count_key=uuid.uuid4().hex)
    plain = Paginator(_list(office.pk), 5)

    assert long_list.num_pages == plain.num_pages == 3
    for number in (1, 2, 3, "last", 99):
        assert list(long_list.get_page(number)) == list(plain.get_page(number))


def test_a_short_list_is_counted_afresh_on_every_view() -> None:
    office = OfficeFactory()
    JobSeekerFactory.create_batch(2, office=office)
    key = uuid.uuid4().hex
    assert LongListPaginator(_list(office.pk), 5, count_key=key).count == 2

    JobSeekerFactory(office=office)

    assert LongListPaginator(_list(office.pk), 5, count_key=key).count == 3


def test_a_long_list_is_counted_once_and_the_count_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 3)
    office = OfficeFactory()
    JobSeekerFactory.create_batch(5, office=office)
    key = uuid.uuid4().hex
    assert LongListPaginator(_list(office.pk), 5, count_key=key).count == 5

    JobSeekerFactory(office=office)

    # Within COUNT_SECONDS the kept count stands; another list is counted for itself.
    assert LongListPaginator(_list(office.pk), 5, count_key=key).count == 5
    assert LongListPaginator(_list(office.pk), 5, count_key=uuid.uuid4().hex).count == 6
