"""The engine's side of a matching run: pure functions of the run's stored inputs.

No database here. :func:`fit_market_adjustment` is the region-wide step done
once per run; :func:`recommend_chunk` is what every chunk does, and depends only
on the vacancy snapshot, the chunk's seeker table and the run settings, so a
chunk computed twice, or cut differently, gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from decentwork.matching import (
    MarketAdjustment,
    MatchExplanation,
    MatchScorer,
    MatchWeights,
    RecommendationRows,
    RegionMatcher,
    RelevanceFloor,
    SeekerGroup,
    SeekerTable,
    recommend_batch,
)
from decentwork.matching.congestion import CongestionAwareReranker
from decentwork.recommendations.snapshots import VacancySnapshot

# With congestion pricing off, the same fit still measures every group's exposure
# ratio: a capacity this many times each vacancy's share never binds, so every
# price stays 0. Reservations act through prices, so they then change nothing.
UNBOUNDED_CAPACITY_SLACK = 1e9

# The relevance floor's minimum score (ADR 0008, "Relevance floor"): what the same
# ESCO occupation alone earns, or half of a vacancy's essential skills; the commute
# (at most 0.10) can never lift a pair over it on its own.
DEFAULT_RELEVANCE_FLOOR = 0.20
# Occupations suggested to a seeker with no close match.
NEAREST_OCCUPATIONS = 3


@dataclass(frozen=True)
class RunSettings:
    """What shapes a run's result; stored in ``MatchingRun.parameters``."""

    as_of: dt.date
    list_length: int = 20
    shortlist_size: int = 50
    congestion: bool = True
    fairness: bool = True
    weights: MatchWeights = field(default_factory=MatchWeights)
    temperature: float = 0.02
    quality_floor: float = 0.95
    # Minimum score of a shown pair, which must also show evidence (an essential skill
    # held, or the same ISCO minor group); None: no floor (runs made before it).
    relevance_floor: float | None = DEFAULT_RELEVANCE_FLOOR

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunSettings:
        return cls(
            as_of=dt.date.fromisoformat(data["as_of"]),
            list_length=int(data["list_length"]),
            shortlist_size=int(data["shortlist_size"]),
            congestion=bool(data["congestion"]),
            fairness=bool(data["fairness"]),
            weights=MatchWeights(**data["weights"]),
            temperature=float(data["temperature"]),
            quality_floor=float(data["quality_floor"]),
            # Runs stored before the floor existed are replayed without one.
            relevance_floor=(None if data.get("relevance_floor") is None
                             else float(data["relevance_floor"])),
        )


class RunMatchers:
    """The run's settings and the region's matcher, fitted on the vacancy snapshot."""

    def __init__(self, snapshot: VacancySnapshot, settings: RunSettings) -> None:
        self.snapshot = snapshot
        self.settings = settings
        self.scorer = MatchScorer(settings.weights)
        relevance = (None if settings.relevance_floor is None
                     else RelevanceFloor(min_score=settings.relevance_floor))
        self.matcher = RegionMatcher(self.scorer, n_recommendations=settings.list_length,
                                     relevance=relevance).fit(snapshot.vacancies,
                                                              snapshot.skill_uris)

    def recommend(self, seekers: SeekerTable, *, list_length: int,
                  adjustment: MarketAdjustment | None) -> RecommendationRows:
        """Each seeker's top ``list_length``, grouped by seeker in table order, then by rank."""
        return recommend_batch(self.matcher, seekers, self.settings.as_of, k=list_length,
                               adjustment=adjustment)


@dataclass(frozen=True)
class MarketFit:
    """The region-wide result of a run's preparation."""

    adjustment: MarketAdjustment | None
    facts: dict[str, Any]


def fit_market_adjustment(matchers: RunMatchers, seekers: SeekerTable) -> MarketFit:
    """Congestion prices and fairness reservations from every seeker's plain short list.

    This is the only step that looks at the whole region at once; its result is
    stored with the run and applied unchanged by every chunk.
    """
    settings = matchers.settings
    if not (settings.congestion or settings.fairness) or len(seekers) == 0:
        return MarketFit(None, {})
    shortlists = matchers.recommend(seekers, list_length=settings.shortlist_size,
                                    adjustment=None)
    if len(shortlists) == 0:
        return MarketFit(None, {})
    groups = present_groups(seekers) if settings.fairness else []
    reranker = CongestionAwareReranker(
        k=settings.list_length, temperature=settings.temperature, fairness_groups=groups,
        quality_floor=settings.quality_floor,
        capacity_slack=1.0 if settings.congestion else UNBOUNDED_CAPACITY_SLACK,
    ).fit(shortlists, seekers, matchers.snapshot.vacancies)
    # A group none of whose members has comparable non-members (same ISCO sub-major
    # group) has no exposure ratio and cannot be balanced in this region; say so.
    uncomparable = [g for g in groups
                    if not math.isfinite(reranker.exposure_ratios_.get(g, 1.0))]
    adjustment = reranker.adjustment()
    if not np.all(np.isfinite(adjustment.prices)):
        raise ValueError("the congestion fit returned prices that are not finite numbers")
    return MarketFit(adjustment, {
        "fairness_groups": [g.code for g in groups if g not in uncomparable],
        "groups_without_comparison": [g.code for g in uncomparable],
        "reservations": {g.code: r for g, r in adjustment.reservations.items()},
        # JSON has no NaN: a group without a ratio is stored as null.
        "exposure_ratios": {g.code: (r if math.isfinite(r) else None)
                            for g, r in reranker.exposure_ratios_.items()},
        # Per group: ratios before and after, the reservation kept against its bound,
        # and where the fit stopped (within the band, at the bound...): ADR 0009.
        "exposure_band": list(reranker.exposure_bounds),
        "group_fairness": {g.code: fairness.to_json()
                           for g, fairness in reranker.group_fairness_.items()},
        "priced_vacancies": int(np.count_nonzero(adjustment.prices > 0)),
        "sinkhorn_iterations": int(reranker.n_iter_),
    })


def present_groups(seekers: SeekerTable) -> list[SeekerGroup]:
    """Groups with at least one (consenting) member in the table."""
    return [g for g in SeekerGroup if np.any(seekers.groups & int(g))]


@dataclass(frozen=True, eq=False)
class ChunkResult:
    rows: RecommendationRows
    explanations: list[dict[str, Any]]
    # Seeker id -> the nearest occupations with open vacancies, for every seeker of
    # the chunk whose list came out empty (:func:`nearest_occupations_json`).
    without_close_match: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def recommend_chunk(matchers: RunMatchers, seekers: SeekerTable,
                    adjustment: MarketAdjustment | None) -> ChunkResult:
    """The rows and explanations of one chunk, and what the seekers with an empty
    list are told instead: a pure function of its inputs."""
    rows = matchers.recommend(seekers, list_length=matchers.settings.list_length,
                              adjustment=adjustment)
    empty = np.flatnonzero(~np.isin(seekers.seeker_ids, rows.seeker_ids))
    return ChunkResult(rows, explain_rows(matchers, seekers, rows),
                       nearest_occupations_json(matchers, seekers.take(empty)))


def nearest_occupations_json(matchers: RunMatchers,
                             seekers: SeekerTable) -> dict[int, list[dict[str, Any]]]:
    """For each seeker, the nearest occupations the region has open vacancies in
    (:meth:`RegionMatcher.nearest_occupations`), each with its nearest vacancy's
    explanation: the essential skills the person lacks, and every reason that
    vacancy is not shown (hard constraints and relevance). Seekers with no
    suggestion get an empty list: nothing in the region is near them.

    Stored with the run rather than computed when the page is read: the answer then
    comes from the same inputs as the lists, and reading a page never opens the
    sealed seeker snapshots.
    """
    answers: dict[int, list[dict[str, Any]]] = {
        int(seeker_id): [] for seeker_id in seekers.seeker_ids}
    if len(seekers) == 0:
        return answers
    matcher = matchers.matcher
    as_of = matchers.settings.as_of
    found = matcher.nearest_occupations(seekers, as_of, n=NEAREST_OCCUPATIONS)
    explanations = matcher.explain_pairs(seekers, found.seeker_ids, found.vacancy_ids, as_of)
    essential_counts = matcher.index_.vacancies.essential_counts[
        matcher.index_.rows_of(found.vacancy_ids)] if len(found) else np.zeros(0, np.int64)
    for position, explanation in enumerate(explanations):
        answers[int(found.seeker_ids[position])].append({
            "occupation": int(found.occupations[position]),
            "vacancy": int(found.vacancy_ids[position]),
            "open_vacancies": int(found.open_vacancies[position]),
            "nearness": float(found.nearness[position]),
            "reasons": [reason.value for reason in (*explanation.exclusion_reasons,
                                                    *explanation.relevance_reasons)],
            **explanation_json(explanation,
                               essential_total=int(essential_counts[position])),
        })
    return answers


def explain_rows(matchers: RunMatchers, seekers: SeekerTable,
                 rows: RecommendationRows) -> list[dict[str, Any]]:
    """The stored explanation of every row (:meth:`RegionMatcher.explain_pairs`)."""
    matcher = matchers.matcher
    essential_counts = matcher.index_.vacancies.essential_counts[
        matcher.index_.rows_of(rows.vacancy_ids)] if len(rows) else np.zeros(0, np.int64)
    return [explanation_json(explanation, essential_total=int(total))
            for explanation, total in zip(
                matcher.explain_pairs(seekers, rows.seeker_ids, rows.vacancy_ids,
                                      matchers.settings.as_of),
                essential_counts, strict=True)]


def explanation_json(explanation: MatchExplanation, *, essential_total: int) -> dict[str, Any]:
    """What is stored with a recommendation: numbers and ESCO URIs, no words, so
    that pages can say it in the reader's language."""
    return {
        "components": {c.value: v for c, v in explanation.components.items()},
        "contributions": {c.value: v for c, v in explanation.contributions.items()},
        "essential_total": essential_total,
        "matched_essential": [s.uri for s in explanation.matched_essential_skills],
        "matched_optional": [s.uri for s in explanation.matched_optional_skills],
        "missing_essential": [s.uri for s in explanation.missing_essential_skills],
        "occupation_level": explanation.occupation_level.name.lower(),
        "experience_years": explanation.relevant_experience_years,
        "distance_km": explanation.distance_km,
        "remote": explanation.is_remote,
    }


@dataclass(frozen=True)
class AbsenceReport:
    """Why a vacancy is not in a seeker's list (the engine's ``why_not``, plus the
    constraints the adapter adds)."""

    vacancy_id: int
    reasons: list[str]
    missing_accommodations: list[str]
    distance_km: float
    score: float
    rank: int | None
    shown: bool
    explanation: dict[str, Any]


def explain_absence(matchers: RunMatchers, seekers: SeekerTable, seeker_id: int,
                    vacancy_id: int, adjustment: MarketAdjustment | None) -> AbsenceReport:
    """Every reason ``vacancy_id`` is not shown to ``seeker_id`` in this run.

    The vacancy must be in the run's vacancy snapshot (open on the run day).
    """
    one_seeker = seekers.take(np.array([seekers.row_of(seeker_id)]))
    matcher = matchers.matcher
    settings = matchers.settings
    report = matcher.why_not(one_seeker, seeker_id, vacancy_id, settings.as_of,
                             k=settings.list_length, adjustment=adjustment)
    vacancy_row = matcher.index_.rows_of(np.array([vacancy_id]))[0]
    explanation = explanation_json(
        matcher.explain(one_seeker, seeker_id, vacancy_id, settings.as_of),
        essential_total=int(matcher.index_.vacancies.essential_counts[vacancy_row]))
    return AbsenceReport(vacancy_id, [reason.value for reason in (*report.reasons,
                                                                  *report.relevance_reasons)],
                         report.missing_accommodations, report.distance_km, report.score,
                         report.rank, report.shown, explanation)


def chunk_seeker_ids(seeker_ids: NDArray[np.int64] | list[int], chunk_size: int) -> list[list[int]]:
    """Consecutive slices of sorted seeker ids: the same ids always give the same chunks."""
    ordered = sorted(int(i) for i in seeker_ids)
    return [ordered[start:start + chunk_size] for start in range(0, len(ordered), chunk_size)]
