"""Market-level re-ranking: spread attention over vacancies, fairly across groups.

The design and its trade-offs are in ``docs/decisions/0009-congestion-and-fairness.md``.
A batch run has two passes over a region: every chunk computes plain short lists,
:class:`CongestionAwareReranker` learns one :class:`MarketAdjustment` from all of
them, then every chunk is re-run with that adjustment. Each pass is a pure
function of its inputs, so chunks stay idempotent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Self

import numpy as np
from numpy.typing import NDArray

from decentwork.matching.recommendation_rows import RecommendationRows
from decentwork.matching.tables import SeekerTable, VacancyTable
from decentwork.matching.vocabulary import SeekerGroup


@dataclass(frozen=True, eq=False)
class MarketAdjustment:
    """What a region-wide fit learned, applied to each seeker's short list.

    Ranking score of a pair = ``score * (1 + sum of the seeker's group boosts)
    - price of the vacancy``. Prices are non-negative, so an uncongested
    vacancy keeps its score. A vacancy scoring below ``quality_floor`` times the
    seeker's own ``k``-th best score is never moved up into the list: attention
    is spread only among vacancies that fit the seeker almost as well.

    Attributes
    ----------
    vacancy_ids : ndarray of int64
        Vacancies with a price, sorted.
    prices : ndarray of float64
        Congestion price of each of those vacancies (score units).
    group_boosts : dict of SeekerGroup to float
        Relative boost of the scores of each group's members.
    shortlist_size : int
        Each seeker's exact top ``shortlist_size`` by score is re-ranked; the
        first ``k`` after re-ranking are shown.
    quality_floor : float
        Share of the seeker's ``k``-th best score a vacancy needs to be eligible
        for promotion (0 disables the floor).
    """

    vacancy_ids: NDArray[np.int64]
    prices: NDArray[np.float64]
    group_boosts: dict[SeekerGroup, float] = field(default_factory=dict)
    shortlist_size: int = 50
    quality_floor: float = 0.0

    def __post_init__(self) -> None:
        order = np.argsort(self.vacancy_ids, kind="stable")
        object.__setattr__(self, "vacancy_ids", np.asarray(self.vacancy_ids, np.int64)[order])
        object.__setattr__(self, "prices", np.asarray(self.prices, np.float64)[order])

    def price_of(self, vacancy_ids: NDArray[np.int64]) -> NDArray[np.float64]:
        """Congestion price of vacancies (0 for vacancies without one).

        Parameters
        ----------
        vacancy_ids : ndarray of int64
            Vacancies to look up.

        Returns
        -------
        ndarray of float64
            Their prices.
        """
        if len(self.vacancy_ids) == 0:
            return np.zeros(len(vacancy_ids))
        positions = np.minimum(np.searchsorted(self.vacancy_ids, vacancy_ids), len(self.prices) - 1)
        return np.where(self.vacancy_ids[positions] == vacancy_ids, self.prices[positions], 0.0)

    def score_multiplier(self, seeker_groups: NDArray[np.int64]) -> NDArray[np.float64]:
        """Factor applied to the scores of seekers with the given group masks.

        Parameters
        ----------
        seeker_groups : ndarray of int64
            :class:`SeekerGroup` masks.

        Returns
        -------
        ndarray of float64
            ``1 + sum of the boosts of the groups each seeker belongs to``.
        """
        multiplier = np.ones(len(seeker_groups))
        for group, boost in self.group_boosts.items():
            multiplier += np.where(seeker_groups & int(group) != 0, boost, 0.0)
        return multiplier

    def ranking_scores(
        self,
        seeker_groups: NDArray[np.int64],
        vacancy_ids: NDArray[np.int64],
        scores: NDArray[np.float64],
        kth_best_scores: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """Adjusted scores of aligned pairs.

        Parameters
        ----------
        seeker_groups : ndarray of int64
            Group mask of each pair's seeker.
        vacancy_ids : ndarray of int64
            Each pair's vacancy.
        scores : ndarray of float64
            Each pair's match score.
        kth_best_scores : ndarray of float64
            The ``k``-th best score of each pair's seeker (see
            :func:`kth_best_per_owner`), the reference of the quality floor.

        Returns
        -------
        ndarray of float64
            Scores to rank by; pairs under the floor rank after all others.
        """
        adjusted = scores * self.score_multiplier(seeker_groups) - self.price_of(vacancy_ids)
        below_floor = scores < self.quality_floor * kth_best_scores
        return np.where(below_floor, scores - _BELOW_FLOOR_PENALTY, adjusted)


_BELOW_FLOOR_PENALTY = 1e3
"""Far below any adjusted score: pairs under the floor only fill otherwise empty slots."""


def kth_best_per_owner(
    owners: NDArray[np.intp], scores: NDArray[np.float64], k: int
) -> NDArray[np.float64]:
    """For rows grouped by owner and sorted best first, each owner's ``k``-th score.

    Parameters
    ----------
    owners : ndarray of int
        Owner (seeker) of each row; rows of an owner are contiguous.
    scores : ndarray of float64
        Scores, descending within each owner.
    k : int
        Rank of the reference score (the last one when an owner has fewer).

    Returns
    -------
    ndarray of float64
        Per row, its owner's reference score.
    """
    if len(owners) == 0:
        return np.zeros(0)
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    lengths = np.diff(np.r_[starts, len(owners)])
    reference = scores[starts + np.minimum(lengths, k) - 1]
    return np.asarray(np.repeat(reference, lengths), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class _Edges:
    """Sparse seeker x vacancy candidate graph, edges grouped by seeker."""

    seeker: NDArray[np.intp]
    vacancy: NDArray[np.intp]
    score: NDArray[np.float64]
    seeker_starts: NDArray[np.intp]
    by_vacancy: NDArray[np.intp]
    vacancy_starts: NDArray[np.intp]


def _group_starts(sorted_groups: NDArray[np.intp]) -> NDArray[np.intp]:
    return np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])


def _group_logsumexp(values: NDArray[np.float64], starts: NDArray[np.intp]) -> NDArray[np.float64]:
    peak = np.maximum.reduceat(values, starts)
    lengths = np.diff(np.r_[starts, len(values)])
    total = np.add.reduceat(np.exp(values - np.repeat(peak, lengths)), starts)
    return np.asarray(peak + np.log(total), dtype=np.float64)


def _select(rows: RecommendationRows, keep: NDArray[np.bool_]) -> RecommendationRows:
    return RecommendationRows(
        rows.seeker_ids[keep],
        rows.vacancy_ids[keep],
        rows.ranks[keep],
        rows.scores[keep],
        rows.ranking_scores[keep],
    )


def position_weights(k: int) -> NDArray[np.float64]:
    """Attention given to list positions 1..k (logarithmic discount, as in DCG).

    Parameters
    ----------
    k : int
        List length.

    Returns
    -------
    ndarray of float64, shape (k,)
        ``1 / log2(rank + 1)``.
    """
    return np.asarray(1.0 / np.log2(np.arange(2, k + 2)), dtype=np.float64)


def seeker_exposure(
    seeker_ids: NDArray[np.int64],
    lists: RecommendationRows,
    k: int,
) -> NDArray[np.float64]:
    """Position-weighted quality of what each seeker is shown.

    ``sum over ranks r <= k of weight(r) * score(r) / sum of weight(1..k)``:
    a shorter list (fewer vacancies) and worse-fitting vacancies both lower
    it; 1 would be ``k`` perfect matches.

    Parameters
    ----------
    seeker_ids : ndarray of int64
        Seekers to report on (in this order); seekers without rows get 0.
    lists : RecommendationRows
        Their recommendations.
    k : int
        List length considered.

    Returns
    -------
    ndarray of float64
        Exposure per seeker.
    """
    weights = position_weights(k)
    shown = lists.ranks <= k
    order = np.argsort(seeker_ids, kind="stable")
    position = order[np.searchsorted(seeker_ids[order], lists.seeker_ids[shown])]
    exposure = np.zeros(len(seeker_ids))
    np.add.at(exposure, position, weights[lists.ranks[shown] - 1] * lists.scores[shown])
    return np.asarray(exposure / weights.sum(), dtype=np.float64)


def retained_exposure(
    exposure: NDArray[np.float64], plain_exposure: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Share of the exposure plain top-k would give each seeker that a re-ranking keeps.

    Parameters
    ----------
    exposure : ndarray of float64
        Exposure under the re-ranked lists.
    plain_exposure : ndarray of float64
        Exposure under plain top-k (the best each seeker's eligible options allow).

    Returns
    -------
    ndarray of float64
        ``exposure / plain_exposure``; 1 for seekers with nothing to show.
    """
    return np.divide(exposure, plain_exposure, out=np.ones(len(exposure)), where=plain_exposure > 0)


def group_exposure_ratios(
    exposure: NDArray[np.float64],
    seeker_groups: NDArray[np.int64],
    strata: NDArray[np.int64],
    groups: Sequence[SeekerGroup],
) -> dict[SeekerGroup, float]:
    """Exposure of each group relative to comparable seekers outside it.

    For each member, the reference is the mean exposure of non-members in the
    same stratum (e.g. the same ISCO sub-major group of target occupation); the
    ratio is ``mean member exposure / mean reference``, over members whose
    stratum has non-members.

    Parameters
    ----------
    exposure : ndarray of float64
        Exposure per seeker (see :func:`seeker_exposure`).
    seeker_groups : ndarray of int64
        :class:`SeekerGroup` mask per seeker.
    strata : ndarray of int64
        Comparability stratum per seeker.
    groups : sequence of SeekerGroup
        Groups to report.

    Returns
    -------
    dict of SeekerGroup to float
        Ratio per group (``nan`` when it cannot be computed).
    """
    stratum_codes, stratum_of = np.unique(strata, return_inverse=True)
    ratios: dict[SeekerGroup, float] = {}
    for group in groups:
        member = seeker_groups & int(group) != 0
        outside_total = np.bincount(
            stratum_of[~member], exposure[~member], minlength=len(stratum_codes)
        )
        outside_count = np.bincount(stratum_of[~member], minlength=len(stratum_codes))
        comparable = member & (outside_count[stratum_of] > 0)
        if not comparable.any():
            ratios[group] = float("nan")
            continue
        reference = outside_total[stratum_of[comparable]] / outside_count[stratum_of[comparable]]
        ratios[group] = float(exposure[comparable].mean() / max(reference.mean(), 1e-12))
    return ratios


class CongestionAwareReranker:
    """Learn vacancy congestion prices (and group boosts) over a whole region.

    Plain top-k shows every seeker the vacancies that fit them best, so popular
    vacancies are shown to far more people than they can hire while similar
    ones go unseen. This estimator spreads the seekers' attention under vacancy
    capacities with entropy-regularised optimal transport: each seeker holds one
    unit of attention, vacancy ``j`` can absorb at most
    ``capacity_slack * openings_j * n_seekers / total_openings``, and the plan
    ``P_ij = exp((u_ij - a_i - b_j) / temperature)`` is found by Sinkhorn-style
    dual coordinate ascent on the sparse short-list graph. The dual variable
    ``b_j >= 0`` is the vacancy's congestion price; lists are re-ranked by
    ``u_ij - b_j``.

    With ``fairness_groups``, an outer loop measures how much of their plain
    top-k exposure each seeker keeps after re-ranking (:func:`retained_exposure`),
    compares each group with comparable seekers outside it
    (:func:`group_exposure_ratios`), and raises (or lowers) a multiplicative
    boost of that group's utilities until every ratio lies within
    ``exposure_bounds`` or ``fairness_rounds`` run out. Boosted seekers win
    contested vacancies more often, so the cost of spreading attention is not
    borne mostly by one group. Gaps that already exist in plain top-k (e.g. few
    employers offering an accommodation) cannot be closed by ranking without
    showing ineligible vacancies; they are reported, not hidden (ADR 0009).

    Parameters
    ----------
    k : int
        Length of the lists shown.
    temperature : float
        Entropic regularisation in score units; smaller follows scores more
        closely, larger spreads attention more evenly.
    capacity_slack : float
        Multiple of a vacancy's proportional share of attention it may absorb.
    n_iterations : int
        Maximum Sinkhorn iterations per fit.
    tolerance : float
        Stop when no price moves by more than ``tolerance * temperature``.
    fairness_groups : sequence of SeekerGroup
        Groups whose exposure ratio is constrained; empty disables fairness.
    exposure_bounds : tuple of float
        Allowed range of each group's exposure ratio.
    fairness_rounds : int
        Maximum outer rounds of boost updates.
    fairness_step : float
        Step of the boost update (on the log-ratio scale).
    quality_floor : float
        Only vacancies scoring at least this share of the seeker's ``k``-th best
        score take part in the re-ranking (protects match quality).

    Attributes
    ----------
    vacancy_ids_ : ndarray of int64
        Vacancies present in the short lists.
    prices_ : ndarray of float64
        Their congestion prices.
    group_boosts_ : dict of SeekerGroup to float
        Learned boosts (empty without fairness groups).
    exposure_ratios_ : dict of SeekerGroup to float
        Retained-exposure ratios measured on the final re-ranked short lists.
    n_iter_ : int
        Sinkhorn iterations run in total.
    """

    def __init__(
        self,
        *,
        k: int = 20,
        temperature: float = 0.02,
        capacity_slack: float = 1.0,
        n_iterations: int = 3000,
        tolerance: float = 1e-3,
        fairness_groups: Sequence[SeekerGroup] = (),
        exposure_bounds: tuple[float, float] = (0.8, 1.25),
        fairness_rounds: int = 30,
        fairness_step: float = 1.0,
        quality_floor: float = 0.95,
    ) -> None:
        self.k = k
        self.temperature = temperature
        self.capacity_slack = capacity_slack
        self.n_iterations = n_iterations
        self.tolerance = tolerance
        self.fairness_groups = fairness_groups
        self.exposure_bounds = exposure_bounds
        self.fairness_rounds = fairness_rounds
        self.fairness_step = fairness_step
        self.quality_floor = quality_floor

    def fit(
        self,
        shortlists: RecommendationRows,
        seekers: SeekerTable,
        vacancies: VacancyTable,
        strata: NDArray[np.int64] | None = None,
    ) -> Self:
        """Learn prices (and boosts) from every seeker's plain short list.

        Parameters
        ----------
        shortlists : RecommendationRows
            Plain top-``m`` lists of all the region's seekers (``m`` >= ``k``),
            e.g. from ``RegionMatcher.recommend_vacancies(seekers, as_of, k=m)``.
        seekers : SeekerTable
            The region's seekers (group masks and strata).
        vacancies : VacancyTable
            The region's vacancies (openings).
        strata : ndarray of int64, optional
            Comparability stratum per seeker row; defaults to the ISCO
            sub-major group of the target occupation.

        Returns
        -------
        CongestionAwareReranker
            ``self``.
        """
        if len(shortlists) == 0:
            # Nobody has an eligible vacancy: nothing to price, nothing to rebalance.
            self.vacancy_ids_ = np.zeros(0, np.int64)
            self.prices_ = np.zeros(0)
            self.group_boosts_ = {}
            self.exposure_ratios_ = dict.fromkeys(self.fairness_groups, float("nan"))
            self.shortlist_size_ = self.k
            self.n_iter_ = 0
            return self
        owners = np.unique(shortlists.seeker_ids, return_inverse=True)[1]
        reference = kth_best_per_owner(owners, shortlists.scores, self.k)
        above_floor = shortlists.scores >= self.quality_floor * reference
        edges, vacancy_ids, seeker_row_of_list = self._graph(
            _select(shortlists, above_floor), seekers
        )
        capacity = self._capacities(vacancy_ids, vacancies, len(seeker_row_of_list))
        if strata is None:
            strata = np.where(seekers.isco_unit_group >= 0, seekers.isco_unit_group // 100, -1)
        groups_of_list = seekers.groups[seeker_row_of_list]
        owner_ids = np.unique(shortlists.seeker_ids)
        plain_exposure = self._shown_exposure(edges, edges.score, owner_ids, seekers)
        boosts = dict.fromkeys(self.fairness_groups, 0.0)
        prices = np.zeros(len(vacancy_ids))
        self.n_iter_ = 0
        low, high = self.exposure_bounds
        for _ in range(max(self.fairness_rounds, 1)):
            adjustment = MarketAdjustment(vacancy_ids, prices, boosts, shortlist_size=0)
            utility = edges.score * adjustment.score_multiplier(groups_of_list[edges.seeker])
            prices = self._sinkhorn(edges, utility, capacity, prices)
            retained = retained_exposure(
                self._shown_exposure(edges, utility - prices[edges.vacancy], owner_ids, seekers),
                plain_exposure,
            )
            ratios = group_exposure_ratios(retained, seekers.groups, strata, self.fairness_groups)
            # A group with no comparable non-members has no ratio (nan): nothing to correct.
            outside = {g: r for g, r in ratios.items()
                       if np.isfinite(r) and not low <= r <= high}
            if not outside:
                break
            for group, ratio in outside.items():
                # Aim a little inside the band so the next round does not oscillate on its edge.
                target = min(max(ratio, low * 1.02), high / 1.02)
                boosts[group] += self.fairness_step * float(np.log(target / ratio))
        self.vacancy_ids_ = vacancy_ids
        self.prices_ = prices
        self.group_boosts_ = {g: b for g, b in boosts.items() if b != 0.0}
        self.exposure_ratios_ = ratios
        self.shortlist_size_ = int(shortlists.ranks.max()) if len(shortlists) else self.k
        return self

    def adjustment(self) -> MarketAdjustment:
        """The learned prices and boosts, to pass to ``recommend_vacancies``.

        Returns
        -------
        MarketAdjustment
            Applies to each seeker's top ``m`` with the ``m`` used in ``fit``.
        """
        return MarketAdjustment(
            self.vacancy_ids_,
            self.prices_,
            dict(self.group_boosts_),
            self.shortlist_size_,
            self.quality_floor,
        )

    # ------------------------------------------------------------------ internals

    def _graph(
        self, shortlists: RecommendationRows, seekers: SeekerTable
    ) -> tuple[_Edges, NDArray[np.int64], NDArray[np.intp]]:
        list_owner_ids, seeker_index = np.unique(shortlists.seeker_ids, return_inverse=True)
        vacancy_ids, vacancy_index = np.unique(shortlists.vacancy_ids, return_inverse=True)
        order = np.lexsort((vacancy_index, seeker_index))
        seeker_index, vacancy_index = seeker_index[order], vacancy_index[order]
        by_vacancy = np.argsort(vacancy_index, kind="stable")
        id_order = np.argsort(seekers.seeker_ids, kind="stable")
        seeker_rows = id_order[np.searchsorted(seekers.seeker_ids[id_order], list_owner_ids)]
        edges = _Edges(
            seeker=seeker_index,
            vacancy=vacancy_index,
            score=shortlists.scores[order],
            seeker_starts=_group_starts(seeker_index),
            by_vacancy=by_vacancy,
            vacancy_starts=_group_starts(vacancy_index[by_vacancy]),
        )
        return edges, vacancy_ids.astype(np.int64), seeker_rows

    def _capacities(
        self, vacancy_ids: NDArray[np.int64], vacancies: VacancyTable, n_seekers: int
    ) -> NDArray[np.float64]:
        order = np.argsort(vacancies.vacancy_ids, kind="stable")
        rows = order[np.searchsorted(vacancies.vacancy_ids[order], vacancy_ids)]
        openings = np.maximum(vacancies.openings_left[rows], 0).astype(np.float64)
        share = n_seekers / max(openings.sum(), 1.0)
        return np.asarray(np.maximum(self.capacity_slack * share * openings, 1e-9), np.float64)

    def _sinkhorn(
        self,
        edges: _Edges,
        utility: NDArray[np.float64],
        capacity: NDArray[np.float64],
        prices: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """Dual coordinate ascent: rows sum to 1, columns at most their capacity."""
        eps = self.temperature
        seeker_lengths = np.diff(np.r_[edges.seeker_starts, len(utility)])
        log_capacity = np.log(capacity)
        price_cap = float(utility.max()) if len(utility) else 0.0
        prices = prices.copy()
        for _ in range(self.n_iterations):
            self.n_iter_ += 1
            row_potential = eps * _group_logsumexp(
                (utility - prices[edges.vacancy]) / eps, edges.seeker_starts
            )
            slack = (utility - np.repeat(row_potential, seeker_lengths)) / eps
            column_mass = _group_logsumexp(slack[edges.by_vacancy], edges.vacancy_starts)
            # When the floor leaves some seekers no alternative, a column's
            # constraint cannot hold and its dual would grow without end; past the
            # largest utility a price changes no ranking, so stop it there.
            updated = np.clip(eps * (column_mass - log_capacity), 0.0, price_cap)
            moved = float(np.abs(updated - prices).max()) if len(prices) else 0.0
            prices = updated
            if moved <= self.tolerance * eps:
                break
        return prices

    def _shown_exposure(
        self,
        edges: _Edges,
        ranking: NDArray[np.float64],
        owner_ids: NDArray[np.int64],
        seekers: SeekerTable,
    ) -> NDArray[np.float64]:
        order = np.lexsort((-ranking, edges.seeker))
        rank = np.arange(len(order)) - np.repeat(
            edges.seeker_starts, np.diff(np.r_[edges.seeker_starts, len(order)])
        )
        shown = order[rank < self.k]
        lists = RecommendationRows(
            seeker_ids=owner_ids[edges.seeker[shown]],
            vacancy_ids=np.zeros(len(shown), np.int64),
            ranks=(rank[rank < self.k] + 1).astype(np.int32),
            scores=edges.score[shown],
            ranking_scores=ranking[shown],
        )
        return seeker_exposure(seekers.seeker_ids, lists, self.k)
