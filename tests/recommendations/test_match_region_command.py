"""``match_region``: one region by slug or all of them, in-process on the embedded default."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from decentwork.network.factories import RegionFactory
from decentwork.recommendations.models import MatchingRun, Recommendation, RunStatus
from tests.conftest import World
from tests.recommendations.conftest import give_skills, vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_process(settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_matching_one_region_prints_what_it_did(world: World, in_process: None) -> None:
    vacancy(world.v_a.employer, world.v_a.region, essential=["bathe patients"])
    give_skills(world.sam, ["bathe patients"])
    out, err = io.StringIO(), io.StringIO()

    call_command("match_region", "--region", world.v_a.region.slug, stdout=out, stderr=err)

    run = MatchingRun.objects.get()
    assert run.status == RunStatus.DONE and run.region == world.v_a.region
    rows = Recommendation.objects.filter(run=run).count()
    assert rows == 1  # sam and the care vacancy: nothing else is close to anyone (ADR 0008)
    summary = out.getvalue()
    assert f"run {run.pk} done, 2 job seekers, 2 open vacancies, {rows} recommendations" in summary
    assert " s." in summary


def test_all_regions_one_after_another(world: World, in_process: None) -> None:
    out = io.StringIO()
    call_command("match_region", "--all", "--no-fairness", stdout=out, stderr=io.StringIO())
    assert MatchingRun.objects.filter(status=RunStatus.DONE).count() == 2
    assert not any(run.parameters["settings"]["fairness"] for run in MatchingRun.objects.all())


def test_an_unknown_or_ambiguous_region_is_refused(world: World, in_process: None) -> None:
    with pytest.raises(CommandError, match="No region"):
        call_command("match_region", "--region", "atlantis")
    RegionFactory(slug=world.v_a.region.slug)  # the same slug on another site
    with pytest.raises(CommandError, match="ambiguous"):
        call_command("match_region", "--region", world.v_a.region.slug)
    call_command("match_region", "--region",
                 f"{world.v_a.region.site.slug}/{world.v_a.region.slug}",
                 stdout=io.StringIO(), stderr=io.StringIO())
