"""Hand-built matching runs and their rows, for tests whose right answers are known."""

from __future__ import annotations

import datetime as dt

import factory

from decentwork.employers.factories import VacancyFactory
from decentwork.network.factories import RegionFactory
from decentwork.recommendations.models import MatchingRun, Recommendation, RunStatus
from decentwork.seekers.factories import JobSeekerFactory


class MatchingRunFactory(factory.django.DjangoModelFactory[MatchingRun]):
    """A finished run; ``parameters`` say what a prepared run would have stored."""

    class Meta:
        model = MatchingRun

    region = factory.SubFactory(RegionFactory)
    as_of = dt.date(2026, 3, 2)
    status = RunStatus.DONE
    chunk_size = 500
    parameters = factory.LazyAttribute(lambda run: {
        "settings": {"as_of": run.as_of.isoformat(), "list_length": 20,
                     "relevance_floor": 0.2},
        "seekers": 0, "market": {}})


class RecommendationFactory(factory.django.DjangoModelFactory[Recommendation]):
    class Meta:
        model = Recommendation

    run = factory.SubFactory(MatchingRunFactory)
    seeker = factory.SubFactory(JobSeekerFactory)
    vacancy = factory.SubFactory(VacancyFactory)
    rank = 1
    score = 0.5
    ranking_score = factory.SelfAttribute("score")
    explanation = factory.LazyFunction(lambda: {
        "matched_essential": [], "occupation_level": "unrelated"})
