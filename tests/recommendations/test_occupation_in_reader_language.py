"""A seeker's recommendations name each vacancy's occupation in the reader's own
language beside the employer's title (which stays in the employer's language)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decentwork.recommendations.actions import run_matching_in_process
from decentwork.taxonomy.factories import ConceptFactory, LabelFactory
from decentwork.taxonomy.models import Concept
from tests.conftest import World
from tests.recommendations.conftest import give_skills, vacancy

pytestmark = pytest.mark.django_db


def occupation(slug: str, **labels: str) -> Concept:
    concept = ConceptFactory(uri=f"http://data.europa.eu/esco/occupation/{slug}")
    for language, text in labels.items():
        LabelFactory(concept=concept, language=language, text=text)
    return concept


@pytest.fixture
def recommended(world: World) -> World:
    """Sam is recommended a Turkish sewing job (labels in en, zh, ar) and a job
    whose occupation has an English label only."""
    sewing = occupation("sewing", en="sewing machine operator", zh="缝纫机操作工",
                        ar="مشغل آلة خياطة")
    porter = occupation("porter", en="hospital porter")
    employer, region = world.v_a.employer, world.v_a.region
    vacancy(employer, region, title="Dikiş makinecisi", language="tr", occupation=sewing,
            essential=["operate a sewing machine"])
    vacancy(employer, region, title="Hasta taşıma görevlisi", language="tr", occupation=porter,
            essential=["operate a sewing machine"])
    give_skills(world.sam, ["operate a sewing machine"])
    run_matching_in_process(None, region)
    return world


def page(world: World, language: str) -> str:
    client: Client = world.client_for(world.sam_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("recommendations:seeker_recommendations",
                                  args=[world.sam.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_chinese_reader_sees_the_occupation_in_chinese(recommended: World) -> None:
    html = page(recommended, "zh-hans")
    assert 'lang="tr">Dikiş makinecisi</a>' in html
    assert '<span lang="zh">缝纫机操作工</span>' in html
    # No Chinese label: the English one, marked as English.
    assert '<span lang="en">hospital porter</span>' in html


def test_an_arabic_reader_sees_the_occupation_in_arabic(recommended: World) -> None:
    html = page(recommended, "ar")
    assert '<span lang="ar">مشغل آلة خياطة</span>' in html
    assert "缝纫机操作工" not in html


def test_the_occupation_is_not_repeated_when_it_is_the_title(recommended: World) -> None:
    porter = Concept.objects.get(uri="http://data.europa.eu/esco/occupation/porter")
    vacancy(recommended.v_a.employer, recommended.v_a.region, title="Hospital porter",
            occupation=porter, essential=["operate a sewing machine"])
    run_matching_in_process(None, recommended.v_a.region)
    html = page(recommended, "en")
    assert ">Hospital porter</a>" in html
    # Shown once, beside the Turkish title only.
    assert html.count('<span lang="en">hospital porter</span>') == 1


def test_one_query_for_the_labels_of_the_whole_list(recommended: World) -> None:
    client = recommended.client_for(recommended.sam_user)
    url = reverse("recommendations:seeker_recommendations", args=[recommended.sam.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two_jobs:
        client.get(url)
    employer, region = recommended.v_a.employer, recommended.v_a.region
    for number in range(6):
        vacancy(employer, region, title=f"İş {number}", language="tr",
                occupation=occupation(f"other-{number}", en=f"other work {number}"),
                essential=["operate a sewing machine"])
    run_matching_in_process(None, region)
    with CaptureQueriesContext(connection) as eight_jobs:
        html = client.get(url).content.decode()
    assert html.count("Kind of work:") == 8
    assert len(eight_jobs.captured_queries) == len(two_jobs.captured_queries)
