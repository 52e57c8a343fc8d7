"""Recommend vacancies to seekers and candidates to vacancies within one region.

Finding a seeker's top ``k`` never scores the whole region in the common case.
Candidates come in widening tiers, and a tier is accepted only when it provably
holds the exact answer:

1. vacancies sharing a skill with the seeker, plus every vacancy in the ISCO
   *minor* group of the seeker's target occupation, experience or preferences;
2. the same with ISCO *sub-major* groups;
3. the whole region.

A vacancy outside tier 1 shares no skill and no minor group, so its score is at
most :meth:`MatchScorer.bound_beyond_minor_groups`; if the seeker's ``k``-th
eligible score in tier 1 is strictly above that bound, no vacancy outside can
enter the list (ties included) and the tier-1 answer is exact. Same for tier 2.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Self

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.matching.congestion import MarketAdjustment
from decentwork.matching.eligibility import (
    ExclusionReport,
    exclusion_masks,
    haversine_km,
    missing_accommodation_codes,
    open_vacancy_rows,
)
from decentwork.matching.explanation import MatchExplanation, SkillFact, TrainingCatalogue
from decentwork.matching.recommendation_rows import RecommendationRows
from decentwork.matching.region_index import RegionIndex
from decentwork.matching.scoring import MatchScorer, OccupationLevel, ScoreComponent
from decentwork.matching.tables import Day, SeekerTable, VacancyTable
from decentwork.matching.vocabulary import ExclusionReason

# Packing shared-skill counts into one sparse value lets a single sparse sum
# merge the essential, optional and ISCO-range candidate patterns.
_OPTIONAL_UNIT = 1024.0
_RANGE_UNIT = 1024.0 * 1024.0


class _Tier(enum.IntEnum):
    MINOR_GROUPS = 3
    SUB_MAJOR_GROUPS = 2
    WHOLE_REGION = 0


@dataclass(frozen=True, eq=False)
class _ScoredPairs:
    seeker_rows: NDArray[np.intp]
    vacancy_rows: NDArray[np.intp]
    scores: NDArray[np.float64]


class RegionMatcher:
    """Ranked, explained recommendations between one region's seekers and vacancies.

    Parameters
    ----------
    scorer : MatchScorer, optional
        Scoring weights and credits (defaults: ADR 0008).
    n_recommendations : int
        Length ``k`` of each list.
    training_catalogue : mapping of int to sequence of int, optional
        Skill column -> training entry ids, used to suggest how to close a
        missing-skill gap in explanations.

    Attributes
    ----------
    index_ : RegionIndex
        The fitted vacancy index.
    """

    def __init__(
        self,
        scorer: MatchScorer | None = None,
        *,
        n_recommendations: int = 20,
        training_catalogue: TrainingCatalogue | None = None,
    ) -> None:
        self.scorer = scorer
        self.n_recommendations = n_recommendations
        self.training_catalogue = training_catalogue

    @property
    def _scorer(self) -> MatchScorer:
        return self.scorer if self.scorer is not None else MatchScorer()

    def fit(self, vacancies: VacancyTable, skill_uris: NDArray[np.str_] | None = None) -> Self:
        """Index the region's vacancies.

        Parameters
        ----------
        vacancies : VacancyTable
            All vacancies of the region (closed ones are filtered per request).
        skill_uris : ndarray of str, optional
            ESCO URI of each skill column, echoed in explanations.

        Returns
        -------
        RegionMatcher
            ``self``.
        """
        self.index_ = RegionIndex.build(vacancies, skill_uris)
        return self

    def use_index(self, index: RegionIndex) -> Self:
        """Adopt an index built earlier, e.g. one read with :meth:`RegionIndex.load`.

        Parameters
        ----------
        index : RegionIndex
            A region's index.

        Returns
        -------
        RegionMatcher
            ``self``, fitted.
        """
        self.index_ = index
        return self

    # ----------------------------------------------------------------- seeker side

    def recommend_vacancies(
        self,
        seekers: SeekerTable,
        as_of: Day,
        *,
        k: int | None = None,
        adjustment: MarketAdjustment | None = None,
    ) -> RecommendationRows:
        """Top ``k`` eligible vacancies for every seeker of the table.

        The result depends only on the arguments (no clock, no randomness, ties
        broken by vacancy id), and each seeker's rows do not depend on which
        other seekers share the table, so any chunking of a region's seekers
        yields the same rows.

        Parameters
        ----------
        seekers : SeekerTable
            Seekers to serve (one seeker, a batch chunk, or a whole region).
        as_of : date, numpy.datetime64 or str
            Day the vacancies must be open on.
        k : int, optional
            List length; defaults to ``n_recommendations``.
        adjustment : MarketAdjustment, optional
            Congestion prices and group boosts; when given, each seeker's exact
            top ``adjustment.shortlist_size`` is re-ranked by adjusted score.

        Returns
        -------
        RecommendationRows
            Rows grouped by seeker in table order, then by rank.
        """
        list_length = k if k is not None else self.n_recommendations
        if adjustment is None:
            shortlist = self._exact_top(seekers, as_of, list_length)
            return self._rows(seekers, shortlist, shortlist.scores, list_length)
        shortlist = self._exact_top(seekers, as_of, max(list_length, adjustment.shortlist_size))
        ranking = adjustment.ranking_scores(
            seekers.groups[shortlist.seeker_rows],
            self.index_.vacancies.vacancy_ids[shortlist.vacancy_rows],
            shortlist.scores,
        )
        return self._rows(seekers, shortlist, ranking, list_length)

    def score_region(
        self, seekers: SeekerTable, seeker_row: int, as_of: Day
    ) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.int64]]:
        """Score one seeker against every open vacancy of the region, no index used.

        This is the exhaustive baseline the benchmarks compare with, and the
        source of exact ranks in :meth:`why_not`.

        Parameters
        ----------
        seekers : SeekerTable
            Seekers.
        seeker_row : int
            Row of the seeker.
        as_of : date, numpy.datetime64 or str
            Reference day.

        Returns
        -------
        vacancy_rows : ndarray of intp
            Open vacancies.
        scores : ndarray of float64
            Their scores.
        exclusion : ndarray of int64
            Their exclusion masks (0 = eligible).
        """
        vacancies = self.index_.vacancies
        vacancy_rows = open_vacancy_rows(vacancies, as_of)
        seeker_rows = np.full(len(vacancy_rows), seeker_row, dtype=np.intp)
        skills = seekers.skills[[seeker_row], :].toarray().ravel()
        matched_essential = vacancies.essential_skills[vacancy_rows, :] @ skills
        matched_optional = vacancies.optional_skills[vacancy_rows, :] @ skills
        distance = self._distances(seekers, seeker_rows, vacancy_rows)
        exclusion = exclusion_masks(seekers, seeker_rows, vacancies, vacancy_rows, as_of, distance)
        scores = self._scorer.score_pairs(
            seekers,
            seeker_rows,
            vacancies,
            vacancy_rows,
            matched_essential=matched_essential,
            matched_optional=matched_optional,
            distance_km=distance,
        ).total
        return vacancy_rows, scores, exclusion

    def explain(
        self, seekers: SeekerTable, seeker_id: int, vacancy_id: int, as_of: Day
    ) -> MatchExplanation:
        """Decompose the score of one pair and list skills matched and missing.

        Parameters
        ----------
        seekers : SeekerTable
            Table holding the seeker.
        seeker_id, vacancy_id : int
            The pair.
        as_of : date, numpy.datetime64 or str
            Reference day (for the open-window constraint).

        Returns
        -------
        MatchExplanation
            Components, contributions that add up to the score, skills and any
            exclusion reasons.
        """
        seeker_row = np.array([seekers.row_of(seeker_id)], dtype=np.intp)
        vacancy_row = self.index_.rows_of(np.array([vacancy_id]))
        vacancies = self.index_.vacancies
        held = set(seekers.skills[seeker_row, :].indices.tolist())
        essential = vacancies.essential_skills[vacancy_row, :].indices.tolist()
        optional = vacancies.optional_skills[vacancy_row, :].indices.tolist()
        matched_essential = [skill for skill in essential if skill in held]
        matched_optional = [skill for skill in optional if skill in held]
        distance = self._distances(seekers, seeker_row, vacancy_row)
        exclusion = exclusion_masks(seekers, seeker_row, vacancies, vacancy_row, as_of, distance)
        pair = self._scorer.score_pairs(
            seekers,
            seeker_row,
            vacancies,
            vacancy_row,
            matched_essential=np.array([float(len(matched_essential))]),
            matched_optional=np.array([float(len(matched_optional))]),
            distance_km=distance,
        )
        components = list(ScoreComponent)
        return MatchExplanation(
            seeker_id=int(seeker_id),
            vacancy_id=int(vacancy_id),
            score=float(pair.total[0]),
            components={c: float(v) for c, v in zip(components, pair.components[0], strict=True)},
            contributions={
                c: float(v) for c, v in zip(components, pair.contributions[0], strict=True)
            },
            matched_essential_skills=tuple(self._fact(s) for s in matched_essential),
            matched_optional_skills=tuple(self._fact(s) for s in matched_optional),
            missing_essential_skills=tuple(
                self._fact(s, with_training=True) for s in essential if s not in held
            ),
            occupation_level=OccupationLevel(int(pair.occupation_level[0])),
            relevant_experience_years=float(pair.relevant_experience_years[0]),
            distance_km=float(distance[0]),
            is_remote=bool(vacancies.is_remote[vacancy_row[0]]),
            exclusion_reasons=tuple(ExclusionReason.decode(int(exclusion[0]))),
        )

    def why_not(
        self,
        seekers: SeekerTable,
        seeker_id: int,
        vacancy_id: int,
        as_of: Day,
        *,
        k: int | None = None,
        adjustment: MarketAdjustment | None = None,
    ) -> ExclusionReport:
        """Every reason a vacancy is not in a seeker's list.

        Parameters
        ----------
        seekers : SeekerTable
            Table holding the seeker.
        seeker_id, vacancy_id : int
            The pair asked about.
        as_of : date, numpy.datetime64 or str
            Reference day.
        k : int, optional
            List length; defaults to ``n_recommendations``.
        adjustment : MarketAdjustment, optional
            The market adjustment used for the shown list, if any.

        Returns
        -------
        ExclusionReport
            All failing hard constraints (empty when eligible), missing
            accommodations, distance, the pair's score and its rank among the
            seeker's eligible vacancies.
        """
        explanation = self.explain(seekers, seeker_id, vacancy_id, as_of)
        seeker_row = seekers.row_of(seeker_id)
        vacancy_row = int(self.index_.rows_of(np.array([vacancy_id]))[0])
        rank: int | None = None
        if explanation.is_eligible:
            rows, scores, exclusion = self.score_region(seekers, seeker_row, as_of)
            eligible = exclusion == 0
            ids = self.index_.vacancies.vacancy_ids[rows[eligible]]
            ahead = (scores[eligible] > explanation.score) | (
                (scores[eligible] == explanation.score) & (ids < vacancy_id)
            )
            rank = int(ahead.sum()) + 1
        shown_list = self.recommend_vacancies(
            seekers.take(np.array([seeker_row])), as_of, k=k, adjustment=adjustment
        )
        return ExclusionReport(
            seeker_id=int(seeker_id),
            vacancy_id=int(vacancy_id),
            reasons=list(explanation.exclusion_reasons),
            missing_accommodations=missing_accommodation_codes(
                int(seekers.accommodations_required[seeker_row]),
                int(self.index_.vacancies.accommodations_offered[vacancy_row]),
            ),
            distance_km=explanation.distance_km,
            score=explanation.score,
            rank=rank,
            shown=bool(np.any(shown_list.vacancy_ids == vacancy_id)),
        )

    # -------------------------------------------------------------- employer side

    def recommend_candidates(
        self, seekers: SeekerTable, vacancy_id: int, as_of: Day, *, k: int | None = None
    ) -> RecommendationRows:
        """Top ``k`` seekers to propose for a vacancy, among consenting seekers.

        Parameters
        ----------
        seekers : SeekerTable
            The region's seekers.
        vacancy_id : int
            The vacancy.
        as_of : date, numpy.datetime64 or str
            Reference day.
        k : int, optional
            List length; defaults to ``n_recommendations``.

        Returns
        -------
        RecommendationRows
            One row per proposed seeker, best first (ties by seeker id).
        """
        list_length = k if k is not None else self.n_recommendations
        vacancies = self.index_.vacancies
        vacancy_row = int(self.index_.rows_of(np.array([vacancy_id]))[0])
        seeker_rows = np.flatnonzero(seekers.consents_to_be_proposed)
        vacancy_rows = np.full(len(seeker_rows), vacancy_row, dtype=np.intp)
        distance = self._distances(seekers, seeker_rows, vacancy_rows)
        eligible = (
            exclusion_masks(seekers, seeker_rows, vacancies, vacancy_rows, as_of, distance) == 0
        )
        seeker_rows, vacancy_rows, distance = (
            seeker_rows[eligible],
            vacancy_rows[eligible],
            distance[eligible],
        )
        chosen = seekers.skills[seeker_rows, :]
        scores = self._scorer.score_pairs(
            seekers,
            seeker_rows,
            vacancies,
            vacancy_rows,
            matched_essential=chosen @ vacancies.essential_skills[[vacancy_row], :].toarray()[0],
            matched_optional=chosen @ vacancies.optional_skills[[vacancy_row], :].toarray()[0],
            distance_km=distance,
        ).total
        ids = seekers.seeker_ids[seeker_rows]
        best = np.lexsort((ids, -scores))[:list_length]
        return RecommendationRows(
            seeker_ids=ids[best],
            vacancy_ids=np.full(len(best), vacancy_id, dtype=np.int64),
            ranks=np.arange(1, len(best) + 1, dtype=np.int32),
            scores=scores[best],
            ranking_scores=scores[best],
        )

    # ------------------------------------------------------------------ internals

    def _fact(self, skill: int, *, with_training: bool = False) -> SkillFact:
        uris = self.index_.skill_uris
        training: tuple[int, ...] = ()
        if with_training and self.training_catalogue is not None:
            training = tuple(int(t) for t in self.training_catalogue.get(skill, ()))
        return SkillFact(skill, None if uris is None else str(uris[skill]), training)

    def _distances(
        self, seekers: SeekerTable, seeker_rows: NDArray[np.intp], vacancy_rows: NDArray[np.intp]
    ) -> NDArray[np.float64]:
        vacancies = self.index_.vacancies
        return haversine_km(
            seekers.latitude[seeker_rows],
            seekers.longitude[seeker_rows],
            vacancies.latitude[vacancy_rows],
            vacancies.longitude[vacancy_rows],
        )

    def _rows(
        self,
        seekers: SeekerTable,
        shortlist: _ScoredPairs,
        ranking: NDArray[np.float64],
        list_length: int,
    ) -> RecommendationRows:
        vacancy_ids = self.index_.vacancies.vacancy_ids[shortlist.vacancy_rows]
        order, ranks = _rank_within_seeker(shortlist.seeker_rows, ranking, vacancy_ids)
        keep = order[ranks < list_length]
        return RecommendationRows(
            seeker_ids=seekers.seeker_ids[shortlist.seeker_rows[keep]],
            vacancy_ids=vacancy_ids[keep],
            ranks=(ranks[ranks < list_length] + 1).astype(np.int32),
            scores=shortlist.scores[keep],
            ranking_scores=ranking[keep],
        )

    def _exact_top(self, seekers: SeekerTable, as_of: Day, list_length: int) -> _ScoredPairs:
        pending = np.arange(len(seekers), dtype=np.intp)
        settled_parts: list[_ScoredPairs] = []
        max_years = np.asarray(seekers.experience_years.max(axis=1).toarray()).ravel()
        scorer = self._scorer
        for tier in _Tier:
            if len(pending) == 0:
                break
            if tier is _Tier.WHOLE_REGION:
                for seeker_row in pending:
                    rows, scores, exclusion = self.score_region(seekers, int(seeker_row), as_of)
                    eligible = exclusion == 0
                    settled_parts.append(
                        _top_per_seeker(
                            np.full(int(eligible.sum()), seeker_row, dtype=np.intp),
                            rows[eligible],
                            scores[eligible],
                            self.index_.vacancies.vacancy_ids,
                            list_length,
                        )
                    )
                break
            top = self._top_in_tier(seekers, pending, as_of, tier, list_length)
            if tier is _Tier.MINOR_GROUPS:
                bounds = np.array(
                    [scorer.bound_beyond_minor_groups(years) for years in max_years[pending]]
                )
            else:
                bounds = np.full(len(pending), scorer.bound_beyond_sub_major_groups())
            position = np.searchsorted(pending, top.seeker_rows)
            listed = np.bincount(position, minlength=len(pending))
            kth_score = np.full(len(pending), -np.inf)
            last_rank = np.r_[position[1:] != position[:-1], True] if len(position) else position
            kth_score[position[last_rank.astype(bool)]] = top.scores[last_rank.astype(bool)]
            settled = (listed >= list_length) & (kth_score > bounds)
            keep = settled[position]
            settled_parts.append(
                _ScoredPairs(top.seeker_rows[keep], top.vacancy_rows[keep], top.scores[keep])
            )
            pending = pending[~settled]
        merged = _ScoredPairs(
            np.concatenate([part.seeker_rows for part in settled_parts] or [np.zeros(0, np.intp)]),
            np.concatenate([part.vacancy_rows for part in settled_parts] or [np.zeros(0, np.intp)]),
            np.concatenate([part.scores for part in settled_parts] or [np.zeros(0)]),
        )
        order = np.argsort(merged.seeker_rows, kind="stable")
        return _ScoredPairs(
            merged.seeker_rows[order], merged.vacancy_rows[order], merged.scores[order]
        )

    def _top_in_tier(
        self,
        seekers: SeekerTable,
        seeker_rows: NDArray[np.intp],
        as_of: Day,
        tier: _Tier,
        list_length: int,
    ) -> _ScoredPairs:
        index = self.index_
        chosen_skills = seekers.skills[seeker_rows, :]
        packed = (
            chosen_skills @ index.essential_by_skill
            + (chosen_skills @ index.optional_by_skill) * _OPTIONAL_UNIT
            + self._isco_range_pattern(seekers, seeker_rows, tier) * _RANGE_UNIT
        )
        packed = sp.csr_array(packed)
        local_rows = np.repeat(np.arange(len(seeker_rows)), np.diff(packed.indptr))
        pair_seekers = seeker_rows[local_rows]
        pair_vacancies = packed.indices.astype(np.intp)
        distance = self._distances(seekers, pair_seekers, pair_vacancies)
        eligible = (
            exclusion_masks(seekers, pair_seekers, index.vacancies, pair_vacancies, as_of, distance)
            == 0
        )
        pair_seekers, pair_vacancies = pair_seekers[eligible], pair_vacancies[eligible]
        skill_counts = np.mod(packed.data[eligible], _RANGE_UNIT)
        scores = self._scorer.score_pairs(
            seekers,
            pair_seekers,
            index.vacancies,
            pair_vacancies,
            matched_essential=np.mod(skill_counts, _OPTIONAL_UNIT),
            matched_optional=np.floor_divide(skill_counts, _OPTIONAL_UNIT),
            distance_km=distance[eligible],
        ).total
        return _top_per_seeker(
            pair_seekers, pair_vacancies, scores, index.vacancies.vacancy_ids, list_length
        )

    def _isco_range_pattern(
        self, seekers: SeekerTable, seeker_rows: NDArray[np.intp], tier: _Tier
    ) -> sp.csr_array:
        """Sparse 0/1 pattern of the vacancies in the seekers' ISCO groups at a tier."""
        n_rows = len(seeker_rows)
        owners, codes = [], []
        targets = seekers.isco_unit_group[seeker_rows]
        known = targets >= 0
        owners.append(np.flatnonzero(known))
        codes.append(targets[known].astype(np.int64))
        for matrix in (seekers.experience_years, seekers.preferred_unit_groups):
            chosen = matrix[seeker_rows, :]
            owners.append(np.repeat(np.arange(n_rows), np.diff(chosen.indptr)))
            codes.append(chosen.indices.astype(np.int64))
        divisor = 10 ** (4 - int(tier))
        groups = np.unique(
            np.column_stack((np.concatenate(owners), np.concatenate(codes) // divisor)), axis=0
        )
        slices = self.index_.isco_slices(groups[:, 1], int(tier))
        lengths = slices[:, 1] - slices[:, 0]
        columns = np.repeat(slices[:, 0] - np.cumsum(lengths) + lengths, lengths) + np.arange(
            lengths.sum()
        )
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.add.at(indptr, groups[:, 0] + 1, lengths)
        return sp.csr_array(
            (np.ones(len(columns)), columns, np.cumsum(indptr)),
            shape=(n_rows, self.index_.n_vacancies),
        )


def _rank_within_seeker(
    seeker_rows: NDArray[np.intp], ranking: NDArray[np.float64], vacancy_ids: NDArray[np.int64]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Order pairs by seeker, then best first (ties: smaller vacancy id)."""
    order = np.lexsort((vacancy_ids, -ranking, seeker_rows))
    sorted_rows = seeker_rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    return order, np.arange(len(order)) - starts


def _top_per_seeker(
    seeker_rows: NDArray[np.intp],
    vacancy_rows: NDArray[np.intp],
    scores: NDArray[np.float64],
    all_vacancy_ids: NDArray[np.int64],
    list_length: int,
) -> _ScoredPairs:
    order, ranks = _rank_within_seeker(seeker_rows, scores, all_vacancy_ids[vacancy_rows])
    keep = order[ranks < list_length]
    return _ScoredPairs(seeker_rows[keep], vacancy_rows[keep], scores[keep])


def recommend_batch(
    matcher: RegionMatcher,
    seeker_chunk: SeekerTable,
    as_of: Day,
    *,
    k: int | None = None,
    adjustment: MarketAdjustment | None = None,
) -> RecommendationRows:
    """Recommendations for one chunk of a region's seekers: a pure function.

    The same ``(index, chunk, as_of, k, adjustment)`` always yields the same
    rows, and a seeker's rows do not depend on the rest of the chunk, so a
    distributed job may retry a chunk or re-split the region freely and
    replace the chunk's stored rows idempotently.

    Parameters
    ----------
    matcher : RegionMatcher
        Fitted matcher of the region.
    seeker_chunk : SeekerTable
        The chunk (see :func:`seeker_chunks`).
    as_of : date, numpy.datetime64 or str
        Reference day, fixed for the whole batch run.
    k : int, optional
        List length.
    adjustment : MarketAdjustment, optional
        Region-wide congestion/fairness adjustment computed beforehand.

    Returns
    -------
    RecommendationRows
        ``(seeker_id, vacancy_id, rank, score)`` rows of the chunk.
    """
    return matcher.recommend_vacancies(seeker_chunk, as_of, k=k, adjustment=adjustment)


def seeker_chunks(seekers: SeekerTable, chunk_size: int) -> Iterator[SeekerTable]:
    """Cut a region's seekers into chunks of consecutive seeker ids.

    Parameters
    ----------
    seekers : SeekerTable
        The region's seekers, in any order.
    chunk_size : int
        Seekers per chunk.

    Yields
    ------
    SeekerTable
        Chunks in increasing seeker-id order.
    """
    order = np.argsort(seekers.seeker_ids, kind="stable")
    for start in range(0, len(order), chunk_size):
        yield seekers.take(order[start : start + chunk_size])
