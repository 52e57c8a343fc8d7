from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client

from decentwork.controlled_lists import TargetGroup
from decentwork.demo.actions import DEMO_PASSWORD, load_demo
from decentwork.employers.models import Vacancy
from decentwork.seekers.models import Consent, JobSeeker
from decentwork.taxonomy.models import Concept, Label

pytestmark = pytest.mark.django_db


def test_demo_has_the_promised_city_and_taxonomy() -> None:
    report = load_demo(progress=False, say=lambda _: None)
    assert report.counts["sites"] == 2 and report.counts["offices"] == 4
    assert report.counts["job_seekers"] == 500
    assert report.counts["employers"] == 60 and report.counts["vacancies"] == 200
    assert report.counts["occupations"] >= 90 and report.counts["skills"] >= 250
    languages = set(Label.objects.values_list("language", flat=True))
    assert {"en", "zh", "tr", "nl", "ar", "id"} <= languages
    assert Concept.objects.filter(kind="isco_group").exists()


def test_every_target_group_is_present_and_consented() -> None:
    load_demo(progress=False, say=lambda _: None)
    declared: Counter[str] = Counter()
    for seeker in JobSeeker.objects.all():
        groups = seeker.sensitive["target_groups"]
        declared.update(groups)
        consented = set(Consent.objects.filter(seeker=seeker, withdrawn_at__isnull=True)
                        .values_list("scope", flat=True))
        assert set(groups) <= consented
    assert set(declared) == set(TargetGroup.values)


def test_sensitive_attributes_are_encrypted_in_the_database() -> None:
    load_demo(progress=False, say=lambda _: None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive FROM seekers_jobseeker")
        raw = [row[0] for row in cursor.fetchall()]
    assert raw and all("target_groups" not in value and "refugee" not in value for value in raw)


class _Undo(Exception):
    pass


def _city_fingerprint() -> tuple[list[tuple[str, str, str]], list[str]]:
    seekers = list(JobSeeker.objects.order_by("id").values_list("first_name", "last_name", "place"))
    return seekers, list(Vacancy.objects.order_by("id").values_list("title", flat=True))


def test_same_seed_gives_the_same_city() -> None:
    with pytest.raises(_Undo), transaction.atomic():
        load_demo(seed=7, progress=False, say=lambda _: None)
        first = _city_fingerprint()
        raise _Undo
    assert not JobSeeker.objects.exists()
    load_demo(seed=7, progress=False, say=lambda _: None)
    assert _city_fingerprint() == first


def test_printed_logins_work_for_every_role() -> None:
    report = load_demo(progress=False, say=lambda _: None)
    roles = {role for role, _, _ in report.logins}
    assert len(roles) == 6
    for _, username, _ in report.logins:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get("/", follow=True).status_code == 200


def test_demo_users_are_refused_in_production(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("load_demo")
    assert not JobSeeker.objects.exists()


def test_loading_twice_is_refused_or_skipped(settings) -> None:
    settings.DEBUG = True
    load_demo(progress=False, say=lambda _: None)
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_demo")
    call_command("load_demo", "--if-empty")  # the demo command's re-run: succeeds, adds nothing
    assert JobSeeker.objects.count() == 500
