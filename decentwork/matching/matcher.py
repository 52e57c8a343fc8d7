"""Recommend vacancies to seekers and candidates to vacancies within one region.

Finding a seeker's top ``k`` never scores the whole region in the common case.
Candidates come in widening tiers, and a tier is accepted only when it provably
holds the exact answer:

1. vacancies sharing a skill with the seeker, plus every vacancy in the ISCO
   *minor* group of the seeker's target occupation, experience or preferences;
2. the same with ISCO *sub-major* groups;
3. the whole region (scored in blocks).

A vacancy outside tier 1 shares no skill and no minor group, so its score is at
most :meth:`MatchScorer.bound_beyond_minor_groups`; if the seeker's ``k``-th
eligible score in tier 1 is strictly above that bound, no vacancy outside can
enter the list (ties included) and the tier-1 answer is exact. Same for tier 2.
Within a tier, only the few hundred candidates with the highest cheap upper bound
(skills held counted at full weight, exact occupation component, best case for
the rest) are scored first;
the remaining candidates are scored only if the ``k``-th exact score does not beat
all their bounds.

With a :class:`RelevanceFloor`, only relevant pairs are listed. A relevant pair
shares an essential skill or lies in one of the seeker's ISCO minor groups, so
it is always a tier-1 candidate: tier 1 is then exact for every seeker, however
short their list, and candidates whose bound is under the floor's minimum score
are never scored.

A skill the seeker holds with a weight below 1 (inferred from experience, not
confirmed: ADR 0008) counts its weight in the exact score. The candidate search
counts every held skill as 1, an upper bound, and each scored pair's count is
then lowered by its shortfall (:meth:`RegionMatcher._weighted_skill_counts`), the
same way on every path, so lists, explanations and "why not" agree to the bit.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Self

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.matching.congestion import MarketAdjustment, kth_best_per_owner
from decentwork.matching.eligibility import (
    ExclusionReport,
    exclusion_masks,
    haversine_km,
    missing_accommodation_codes,
    open_vacancy_rows,
)
from decentwork.matching.explanation import MatchExplanation, SkillFact, TrainingCatalogue
from decentwork.matching.nearest_occupations import OccupationSuggestions, suggest_occupations
from decentwork.matching.recommendation_rows import RecommendationRows
from decentwork.matching.region_index import OPTIONAL_POSTING_WEIGHT, RegionIndex
from decentwork.matching.scoring import (
    MatchScorer,
    OccupationLevel,
    RelevanceFloor,
    ScoreComponent,
)
from decentwork.matching.tables import N_ISCO_CODES, Day, SeekerTable, VacancyTable
from decentwork.matching.vocabulary import ExclusionReason, RelevanceReason

# Added to the packed shared-skill counts of vacancies inside the seeker's ISCO
# groups, so one sparse sum merges skill candidates and group candidates.
_NEAR_FLAG = OPTIONAL_POSTING_WEIGHT * OPTIONAL_POSTING_WEIGHT
# Candidates per seeker scored exactly before the bound check; a few hundred
# suffices when a quarter or more of them are eligible.
_FIRST_ROUND_PAIRS = 600
_ROUND_GROWTH = 8
_BOUND_BINS = 128
# Seeker x vacancy pairs scored at once when a tier falls back to the whole region.
_WHOLE_REGION_PAIRS_PER_BLOCK = 2_000_000
_GATHER_MAX_SEEKERS = 16
"""Up to this many seekers per call, shared skills are counted by gathering postings."""


class _Tier(enum.IntEnum):
    # The value is the number of ISCO code digits the tier's groups share.
    MINOR_GROUPS = 3
    SUB_MAJOR_GROUPS = 2


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
    relevance : RelevanceFloor, optional
        When given, only relevant pairs are recommended (to seekers and to
        employers) and explanations say why a pair is not relevant; without
        it every eligible vacancy can fill a list.

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
        relevance: RelevanceFloor | None = None,
    ) -> None:
        self.scorer = scorer
        self.n_recommendations = n_recommendations
        self.training_catalogue = training_catalogue
        self.relevance = relevance

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
            Congestion prices and group reservations; when given, each seeker's exact
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
            kth_best_per_owner(shortlist.seeker_rows, shortlist.scores, list_length),
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
        shared = seekers.held_skills[[seeker_row], :] @ self.index_.skill_postings
        packed_counts = np.zeros(self.index_.n_vacancies)
        packed_counts[shared.indices] = shared.data
        matched_essential, matched_optional = self._weighted_skill_counts(
            seekers,
            seeker_rows,
            vacancy_rows,
            np.mod(packed_counts[vacancy_rows], OPTIONAL_POSTING_WEIGHT),
            np.floor_divide(packed_counts[vacancy_rows], OPTIONAL_POSTING_WEIGHT),
        )
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
        return self.explain_pairs(
            seekers, np.array([seeker_id], np.int64), np.array([vacancy_id], np.int64), as_of
        )[0]

    def explain_pairs(
        self,
        seekers: SeekerTable,
        seeker_ids: NDArray[np.int64],
        vacancy_ids: NDArray[np.int64],
        as_of: Day,
    ) -> list[MatchExplanation]:
        """:meth:`explain` for many aligned pairs at once (e.g. a batch chunk's rows).

        Skill sets, scores and constraints are computed for all pairs together
        with sparse products, so explaining every stored recommendation costs
        about as much as scoring it.

        Parameters
        ----------
        seekers : SeekerTable
            Table holding the seekers.
        seeker_ids, vacancy_ids : ndarray of int64, shape (n_pairs,)
            The pairs.
        as_of : date, numpy.datetime64 or str
            Reference day (for the open-window constraint).

        Returns
        -------
        list of MatchExplanation
            One per pair, in order.
        """
        if len(seeker_ids) == 0:
            return []
        order = np.argsort(seekers.seeker_ids, kind="stable")
        seeker_rows = order[np.searchsorted(seekers.seeker_ids[order], seeker_ids)]
        if not np.array_equal(seekers.seeker_ids[seeker_rows], seeker_ids):
            raise KeyError("some seekers are not in this table")
        vacancy_rows = self.index_.rows_of(np.asarray(vacancy_ids, np.int64))
        vacancies = self.index_.vacancies
        held = seekers.held_skills[seeker_rows, :]
        essential = vacancies.essential_skills[vacancy_rows, :]
        matched_essential = _pattern(held.multiply(essential))
        matched_optional = _pattern(held.multiply(vacancies.optional_skills[vacancy_rows, :]))
        missing_essential = _pattern(essential - essential.multiply(held))
        essential_sums, optional_sums = self._weighted_skill_counts(
            seekers,
            seeker_rows,
            vacancy_rows,
            np.diff(matched_essential.indptr).astype(np.float64),
            np.diff(matched_optional.indptr).astype(np.float64),
        )
        distance = self._distances(seekers, seeker_rows, vacancy_rows)
        exclusion = exclusion_masks(seekers, seeker_rows, vacancies, vacancy_rows, as_of, distance)
        pairs = self._scorer.score_pairs(
            seekers,
            seeker_rows,
            vacancies,
            vacancy_rows,
            matched_essential=essential_sums,
            matched_optional=optional_sums,
            distance_km=distance,
        )
        components = list(ScoreComponent)
        relevance = (
            self.relevance.reason_masks(pairs, essential_sums)
            if self.relevance is not None
            else np.zeros(len(seeker_ids), dtype=np.int64)
        )

        def facts(
            matrix: sp.csr_array, row: int, *, with_training: bool = False
        ) -> tuple[SkillFact, ...]:
            columns = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
            return tuple(self._fact(int(c), with_training=with_training) for c in columns)

        return [
            MatchExplanation(
                seeker_id=int(seeker_ids[row]),
                vacancy_id=int(vacancy_ids[row]),
                score=float(pairs.total[row]),
                components=dict(zip(components, pairs.components[row].tolist(), strict=True)),
                contributions=dict(zip(components, pairs.contributions[row].tolist(), strict=True)),
                matched_essential_skills=facts(matched_essential, row),
                matched_optional_skills=facts(matched_optional, row),
                missing_essential_skills=facts(missing_essential, row, with_training=True),
                occupation_level=OccupationLevel(int(pairs.occupation_level[row])),
                relevant_experience_years=float(pairs.relevant_experience_years[row]),
                distance_km=float(distance[row]),
                is_remote=bool(vacancies.is_remote[vacancy_rows[row]]),
                exclusion_reasons=tuple(ExclusionReason.decode(int(exclusion[row]))),
                relevance_reasons=tuple(RelevanceReason.decode(int(relevance[row]))),
            )
            for row in range(len(seeker_ids))
        ]

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
            accommodations, distance, the pair's score, its rank among the
            seeker's eligible vacancies and, with a relevance floor, why it is
            not relevant.
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
            relevance_reasons=list(explanation.relevance_reasons),
        )

    def nearest_occupations(
        self, seekers: SeekerTable, as_of: Day, *, n: int = 3
    ) -> OccupationSuggestions:
        """The occupations of the region's open vacancies nearest to each seeker.

        Meant for seekers with no relevant vacancy: instead of unrelated jobs,
        they see the nearest occupations the region is hiring for and, through
        :meth:`explain_pairs` on each suggestion's vacancy, the essential skills
        they lack and why it is not shown. Candidates are the open vacancies
        sharing a skill with the seeker or lying in the ISCO sub-major group of
        their target, past or preferred occupations; farther ones have nothing
        in common with the person. Nearness leaves the commute out: the person
        may train for work a little farther away, and the counsellor sees the
        distance among the reasons.

        Parameters
        ----------
        seekers : SeekerTable
            The seekers (e.g. those of a chunk whose list came out empty).
        as_of : date, numpy.datetime64 or str
            Day the vacancies must be open on.
        n : int
            Occupations per seeker.

        Returns
        -------
        OccupationSuggestions
            Up to ``n`` occupations per seeker, nearest first.
        """
        index = self.index_
        vacancies = index.vacancies
        rows = np.arange(len(seekers), dtype=np.intp)
        packed = sp.csr_array(
            self._shared_skill_counts(seekers, rows)
            + self._isco_range_pattern(seekers, rows, _Tier.SUB_MAJOR_GROUPS) * _NEAR_FLAG
        )
        pair_seekers = np.repeat(rows, np.diff(packed.indptr))
        pair_vacancies = packed.indices.astype(np.intp)
        skill_counts = packed.data - (packed.data >= _NEAR_FLAG) * _NEAR_FLAG
        open_rows = open_vacancy_rows(vacancies, as_of)
        is_open = np.zeros(index.n_vacancies, dtype=np.bool_)
        is_open[open_rows] = True
        keep = is_open[pair_vacancies]
        pair_seekers, pair_vacancies, skill_counts = (
            pair_seekers[keep], pair_vacancies[keep], skill_counts[keep]
        )
        distance = self._distances(seekers, pair_seekers, pair_vacancies)
        exclusion = exclusion_masks(
            seekers, pair_seekers, vacancies, pair_vacancies, as_of, distance
        )
        matched_essential, matched_optional = self._weighted_skill_counts(
            seekers,
            pair_seekers,
            pair_vacancies,
            np.mod(skill_counts, OPTIONAL_POSTING_WEIGHT),
            np.floor_divide(skill_counts, OPTIONAL_POSTING_WEIGHT),
        )
        pairs = self._scorer.score_pairs(
            seekers,
            pair_seekers,
            vacancies,
            pair_vacancies,
            matched_essential=matched_essential,
            matched_optional=matched_optional,
            distance_km=distance,
        )
        distance_column = list(ScoreComponent).index(ScoreComponent.DISTANCE)
        nearness = pairs.total - pairs.contributions[:, distance_column]
        open_occupations, open_counts = np.unique(
            vacancies.occupation[open_rows], return_counts=True
        )
        pair_occupations = vacancies.occupation[pair_vacancies]
        positions = np.minimum(
            np.searchsorted(open_occupations, pair_occupations), max(len(open_occupations) - 1, 0)
        )
        return suggest_occupations(
            seekers.seeker_ids[pair_seekers],
            pair_occupations,
            vacancies.vacancy_ids[pair_vacancies],
            nearness,
            exclusion == 0,
            open_counts[positions] if len(open_counts) else np.zeros(len(positions), np.int64),
            n,
        )

    # -------------------------------------------------------------- employer side

    def why_not_proposed(
        self, seekers: SeekerTable, seeker_id: int, vacancy_id: int, as_of: Day
    ) -> list[ExclusionReason]:
        """Every reason a seeker cannot be proposed to a vacancy's employer.

        Parameters
        ----------
        seekers : SeekerTable
            Table holding the seeker.
        seeker_id, vacancy_id : int
            The pair asked about.
        as_of : date, numpy.datetime64 or str
            Reference day.

        Returns
        -------
        list of ExclusionReason
            The hard-constraint failures, plus ``SEEKER_NOT_CONSENTING`` when
            the seeker has not agreed to be proposed.
        """
        reasons = list(self.explain(seekers, seeker_id, vacancy_id, as_of).exclusion_reasons)
        if not seekers.consents_to_be_proposed[seekers.row_of(seeker_id)]:
            reasons.append(ExclusionReason.SEEKER_NOT_CONSENTING)
        return reasons

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
        chosen = seekers.held_skills[seeker_rows, :]
        matched_essential, matched_optional = self._weighted_skill_counts(
            seekers,
            seeker_rows,
            vacancy_rows,
            chosen @ vacancies.essential_skills[[vacancy_row], :].toarray()[0],
            chosen @ vacancies.optional_skills[[vacancy_row], :].toarray()[0],
        )
        pairs = self._scorer.score_pairs(
            seekers,
            seeker_rows,
            vacancies,
            vacancy_rows,
            matched_essential=matched_essential,
            matched_optional=matched_optional,
            distance_km=distance,
        )
        scores = pairs.total
        if self.relevance is not None:
            relevant = self.relevance.relevant(pairs, matched_essential)
            seeker_rows, scores = seeker_rows[relevant], scores[relevant]
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
        for tier in (_Tier.MINOR_GROUPS, _Tier.SUB_MAJOR_GROUPS):
            if len(pending) == 0:
                break
            top, settled = self._top_in_tier(
                seekers, pending, as_of, tier, list_length, max_years[pending]
            )
            keep = settled[np.searchsorted(pending, top.seeker_rows)]
            settled_parts.append(
                _ScoredPairs(top.seeker_rows[keep], top.vacancy_rows[keep], top.scores[keep])
            )
            pending = pending[~settled]
        if len(pending):
            settled_parts.append(self._top_in_whole_region(seekers, pending, as_of, list_length))
        merged = _concatenate(settled_parts)
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
        max_years: NDArray[np.float64],
    ) -> tuple[_ScoredPairs, NDArray[np.bool_]]:
        """Top ``k`` among a tier's candidates, and which seekers it is provably exact for.

        Candidates are scored exactly in order of a cheap upper bound: first
        about :data:`_FIRST_ROUND_PAIRS` per seeker; a seeker whose ``k``-th
        exact score beats the bound of every candidate left is done, the others
        go on with eight times as many, then with all their candidates.
        """
        index = self.index_
        n_chunk = len(seeker_rows)
        packed = sp.csr_array(
            self._shared_skill_counts(seekers, seeker_rows)
            + self._isco_range_pattern(seekers, seeker_rows, tier) * _NEAR_FLAG
        )
        local_rows = np.repeat(np.arange(n_chunk), np.diff(packed.indptr))
        pair_vacancies = packed.indices.astype(np.intp)
        near = packed.data >= _NEAR_FLAG
        skill_counts = packed.data - near * _NEAR_FLAG
        matched_essential = np.mod(skill_counts, OPTIONAL_POSTING_WEIGHT)
        matched_optional = np.floor_divide(skill_counts, OPTIONAL_POSTING_WEIGHT)
        scorer = self._scorer
        if tier is _Tier.MINOR_GROUPS:
            bound_when_far = scorer.bound_beyond_minor_groups(max_years)
            experience_credit_when_far = scorer.experience_credits[2]
        else:
            bound_when_far = np.full(n_chunk, scorer.bound_beyond_sub_major_groups())
            experience_credit_when_far = 0.0
        bounds = scorer.upper_bounds(
            seekers,
            seeker_rows[local_rows],
            index.vacancies,
            pair_vacancies,
            matched_essential=matched_essential,
            matched_optional=matched_optional,
            near=near,
            max_experience_years=max_years[local_rows],
            experience_credit_when_far=experience_credit_when_far,
        )
        if self.relevance is not None:
            # A pair whose best possible score is under the floor is never listed.
            reachable = bounds >= self.relevance.min_score
            local_rows, pair_vacancies, bounds = (
                local_rows[reachable], pair_vacancies[reachable], bounds[reachable]
            )
            matched_essential = matched_essential[reachable]
            matched_optional = matched_optional[reachable]

        def evaluate(selected: NDArray[np.bool_]) -> tuple[_ScoredPairs, NDArray[np.float64]]:
            top = self._score_and_keep_top(
                seekers,
                seeker_rows[local_rows[selected]],
                pair_vacancies[selected],
                matched_essential[selected],
                matched_optional[selected],
                as_of,
                list_length,
            )
            return top, _kth_score(
                np.searchsorted(seeker_rows, top.seeker_rows), top, n_chunk, list_length
            )

        # Rounds of about 600, then 4,800 pairs per seeker by bound, then all the rest: a
        # seeker is done once its k-th exact score beats every bound left unscored.
        done = np.zeros(n_chunk, dtype=np.bool_)
        kth = np.full(n_chunk, -np.inf)
        parts = []
        for pairs in (_FIRST_ROUND_PAIRS, _FIRST_ROUND_PAIRS * _ROUND_GROWTH, None):
            selected = ~done[local_rows]
            if pairs is not None:
                threshold = _round_threshold(local_rows, bounds, n_chunk, pairs)
                selected &= bounds >= threshold[local_rows]
            top, round_kth = evaluate(selected)
            left_bound = _group_max(local_rows, np.where(selected, -np.inf, bounds), n_chunk)
            # A seeker with no candidate left unscored is done too, however short its list.
            finished = ~done & ((round_kth > left_bound) | (left_bound == -np.inf))
            keep = finished[np.searchsorted(seeker_rows, top.seeker_rows)]
            parts.append(
                _ScoredPairs(top.seeker_rows[keep], top.vacancy_rows[keep], top.scores[keep])
            )
            kth = np.where(finished, round_kth, kth)
            done |= finished
            if done.all():
                break
        top = _concatenate(parts)
        if self.relevance is not None and tier is _Tier.MINOR_GROUPS:
            # Outside tier 1 a vacancy shares no skill and none of the seeker's minor
            # groups: it is never relevant, so tier 1 holds every relevant pair.
            return top, np.ones(n_chunk, dtype=np.bool_)
        # Vacancies with no pair here share no skill and lie outside the tier's groups.
        return top, kth > bound_when_far

    def _top_in_whole_region(
        self,
        seekers: SeekerTable,
        seeker_rows: NDArray[np.intp],
        as_of: Day,
        list_length: int,
    ) -> _ScoredPairs:
        """Score the seekers against every open vacancy, a bounded block at a time."""
        open_rows = open_vacancy_rows(self.index_.vacancies, as_of)
        block = max(1, _WHOLE_REGION_PAIRS_PER_BLOCK // max(len(open_rows), 1))
        parts = []
        for start in range(0, len(seeker_rows), block):
            rows = seeker_rows[start : start + block]
            shared = (seekers.held_skills[rows, :] @ self.index_.skill_postings).toarray()
            packed = shared[:, open_rows].ravel()
            parts.append(
                self._score_and_keep_top(
                    seekers,
                    np.repeat(rows, len(open_rows)),
                    np.tile(open_rows, len(rows)),
                    np.mod(packed, OPTIONAL_POSTING_WEIGHT),
                    np.floor_divide(packed, OPTIONAL_POSTING_WEIGHT),
                    as_of,
                    list_length,
                )
            )
        return _concatenate(parts)

    def _score_and_keep_top(
        self,
        seekers: SeekerTable,
        pair_seekers: NDArray[np.intp],
        pair_vacancies: NDArray[np.intp],
        matched_essential: NDArray[np.float64],
        matched_optional: NDArray[np.float64],
        as_of: Day,
        list_length: int,
    ) -> _ScoredPairs:
        vacancies = self.index_.vacancies
        distance = self._distances(seekers, pair_seekers, pair_vacancies)
        eligible = (
            exclusion_masks(seekers, pair_seekers, vacancies, pair_vacancies, as_of, distance) == 0
        )
        pair_seekers, pair_vacancies = pair_seekers[eligible], pair_vacancies[eligible]
        matched_essential, matched_optional = self._weighted_skill_counts(
            seekers,
            pair_seekers,
            pair_vacancies,
            matched_essential[eligible],
            matched_optional[eligible],
        )
        pairs = self._scorer.score_pairs(
            seekers,
            pair_seekers,
            vacancies,
            pair_vacancies,
            matched_essential=matched_essential,
            matched_optional=matched_optional,
            distance_km=distance[eligible],
        )
        scores = pairs.total
        if self.relevance is not None:
            relevant = self.relevance.relevant(pairs, matched_essential)
            pair_seekers, pair_vacancies = pair_seekers[relevant], pair_vacancies[relevant]
            scores = scores[relevant]
        return _top_per_seeker(
            pair_seekers, pair_vacancies, scores, vacancies.vacancy_ids, list_length
        )

    def _shared_skill_counts(
        self, seekers: SeekerTable, seeker_rows: NDArray[np.intp]
    ) -> sp.csr_array:
        """Per seeker and vacancy, the packed count of shared skills, each held skill as 1.

        scipy's sparse product, and its sum with a matrix whose indices are not
        sorted, each fill work arrays with one entry per vacancy on every call:
        for one seeker among a million vacancies that is most of the query. Small
        chunks therefore gather the postings of their skills and sum them after a
        sort, which costs only what they share and yields sorted indices; large
        chunks spread the work arrays over many rows and keep the product.
        """
        held = seekers.held_skills[seeker_rows, :]
        postings = self.index_.skill_postings
        if len(seeker_rows) > _GATHER_MAX_SEEKERS:
            return sp.csr_array(held @ postings)
        skills = held.indices
        starts, stops = postings.indptr[skills], postings.indptr[skills + 1]
        lengths = stops - starts
        gathered = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(
            lengths.sum()
        )
        owners = np.repeat(np.repeat(np.arange(len(seeker_rows)), np.diff(held.indptr)), lengths)
        if len(gathered) == 0:
            return sp.csr_array((len(seeker_rows), postings.shape[1]))
        keys = owners * np.int64(postings.shape[1]) + postings.indices[gathered]
        # Each posting list is sorted: a stable sort (timsort) merges the runs cheaply.
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        firsts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        counts = np.add.reduceat(postings.data[gathered][order], firsts)
        rows, columns = np.divmod(keys[firsts], postings.shape[1])
        indptr = np.searchsorted(rows, np.arange(len(seeker_rows) + 1))
        return sp.csr_array((counts, columns, indptr), shape=(len(seeker_rows), postings.shape[1]))

    def _weighted_skill_counts(
        self,
        seekers: SeekerTable,
        seeker_rows: NDArray[np.intp],
        vacancy_rows: NDArray[np.intp],
        matched_essential: NDArray[np.float64],
        matched_optional: NDArray[np.float64],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The pairs' shared-skill sums, from their counts of skills held.

        A skill held with a weight below 1 counts its weight: each pair's count
        loses the seeker's :attr:`SeekerTable.skill_shortfall` on the skills it
        shares with the vacancy. Only pairs of seekers with such skills, sharing
        at least one skill, are looked at; with confirmed skills only, the
        counts come back unchanged.
        """
        shortfall = seekers.skill_shortfall
        if shortfall.nnz == 0 or len(seeker_rows) == 0:
            return matched_essential, matched_optional
        shares = (np.asarray(matched_essential) > 0) | (np.asarray(matched_optional) > 0)
        affected = np.flatnonzero((np.diff(shortfall.indptr)[seeker_rows] > 0) & shares)
        if len(affected) == 0:
            return matched_essential, matched_optional
        short = shortfall[seeker_rows[affected], :]
        vacancies = self.index_.vacancies
        rows = vacancy_rows[affected]
        essential = np.array(matched_essential, dtype=np.float64)
        optional = np.array(matched_optional, dtype=np.float64)
        essential[affected] -= short.multiply(vacancies.essential_skills[rows, :]).sum(axis=1)
        optional[affected] -= short.multiply(vacancies.optional_skills[rows, :]).sum(axis=1)
        return essential, optional

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
        keys = np.unique(np.concatenate(owners) * N_ISCO_CODES + np.concatenate(codes) // divisor)
        owner_of_group, group_codes = np.divmod(keys, N_ISCO_CODES)
        slices = self.index_.isco_slices(group_codes, int(tier))
        lengths = slices[:, 1] - slices[:, 0]
        columns = np.repeat(slices[:, 0] - np.cumsum(lengths) + lengths, lengths) + np.arange(
            lengths.sum()
        )
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.add.at(indptr, owner_of_group + 1, lengths)
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


def _concatenate(parts: list[_ScoredPairs]) -> _ScoredPairs:
    return _ScoredPairs(
        np.concatenate([part.seeker_rows for part in parts] or [np.zeros(0, np.intp)]),
        np.concatenate([part.vacancy_rows for part in parts] or [np.zeros(0, np.intp)]),
        np.concatenate([part.scores for part in parts] or [np.zeros(0)]),
    )


def _kth_score(
    positions: NDArray[np.intp], top: _ScoredPairs, n_groups: int, list_length: int
) -> NDArray[np.float64]:
    """``k``-th best score per group (``-inf`` for groups with fewer than ``k``)."""
    counts = np.bincount(positions, minlength=n_groups)
    kth = np.full(n_groups, -np.inf)
    full = counts >= list_length
    last_of_group = np.cumsum(counts) - 1
    kth[full] = top.scores[last_of_group[full]]
    return kth


def _group_max(
    groups: NDArray[np.intp], values: NDArray[np.float64], n_groups: int
) -> NDArray[np.float64]:
    """Maximum per group of values sorted by group (``-inf`` for empty groups)."""
    result = np.full(n_groups, -np.inf)
    if len(values):
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        result[groups[starts]] = np.maximum.reduceat(values, starts)
    return result


def _round_threshold(
    groups: NDArray[np.intp], bounds: NDArray[np.float64], n_groups: int, pairs: int
) -> NDArray[np.float64]:
    """Per group, a bound value above which about ``pairs`` pairs lie.

    A histogram instead of a sort keeps this linear in the number of pairs.
    """
    if len(bounds) == 0:
        return np.zeros(n_groups)
    top = float(bounds.max()) or 1.0
    bins = np.minimum((bounds / top * _BOUND_BINS).astype(np.intp), _BOUND_BINS - 1)
    histogram = np.bincount(groups * _BOUND_BINS + bins, minlength=n_groups * _BOUND_BINS)
    at_or_above = np.cumsum(histogram.reshape(n_groups, _BOUND_BINS)[:, ::-1], axis=1)
    reached = at_or_above >= pairs
    lowest_bin = (
        _BOUND_BINS - 1 - np.where(reached.any(axis=1), reached.argmax(axis=1), _BOUND_BINS - 1)
    )
    return lowest_bin * top / _BOUND_BINS


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


def _pattern(matrix: sp.csr_array | sp.coo_array) -> sp.csr_array:
    """Non-zeros of a sparse product as a CSR pattern with sorted columns per row."""
    csr = sp.csr_array(matrix)
    csr.eliminate_zeros()
    csr.sort_indices()
    return csr
