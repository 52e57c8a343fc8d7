"""Market-level re-ranking: spread attention over vacancies, fairly across groups.

The design and its trade-offs are in ``docs/decisions/0009-congestion-and-fairness.md``.
A batch run has two passes over a region: every chunk computes plain short lists,
:class:`CongestionAwareReranker` learns one :class:`MarketAdjustment` from all of
them, then every chunk is re-run with that adjustment. Each pass is a pure
function of its inputs, so chunks stay idempotent.
"""

from __future__ import annotations

import enum
import math
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

    Ranking score of a pair = ``score - price of the vacancy``. Prices are
    non-negative, so an uncongested vacancy keeps its score. Members of a group
    with a reservation pay ``priority_prices`` (the prices of the ordinary
    market); everyone else pays ``prices``, which also charge for the share of
    each vacancy reserved for those members. A vacancy scoring below
    ``quality_floor`` times the seeker's own ``k``-th best score is never moved
    up into the list: attention is spread only among vacancies that fit the
    seeker almost as well.

    Attributes
    ----------
    vacancy_ids : ndarray of int64
        Vacancies with a price, sorted.
    prices : ndarray of float64
        Congestion price of each of those vacancies (score units) for seekers
        outside every reserved group.
    priority_prices : ndarray of float64, optional
        Their prices for members of a reserved group; the same as ``prices``
        when omitted.
    reservations : dict of SeekerGroup to float
        Reservation factor (> 1) of each group given priority: its members'
        planned demand on a vacancy counts that many times against the
        capacity left to others.
    shortlist_size : int
        Each seeker's exact top ``shortlist_size`` by score is re-ranked; the
        first ``k`` after re-ranking are shown.
    quality_floor : float
        Share of the seeker's ``k``-th best score a vacancy needs to be eligible
        for promotion (0 disables the floor).
    """

    vacancy_ids: NDArray[np.int64]
    prices: NDArray[np.float64]
    priority_prices: NDArray[np.float64] | None = None
    reservations: dict[SeekerGroup, float] = field(default_factory=dict)
    shortlist_size: int = 50
    quality_floor: float = 0.0

    def __post_init__(self) -> None:
        order = np.argsort(self.vacancy_ids, kind="stable")
        prices = np.asarray(self.prices, np.float64)
        priority = prices if self.priority_prices is None else self.priority_prices
        object.__setattr__(self, "vacancy_ids", np.asarray(self.vacancy_ids, np.int64)[order])
        object.__setattr__(self, "prices", prices[order])
        object.__setattr__(self, "priority_prices", np.asarray(priority, np.float64)[order])

    def has_priority(self, seeker_groups: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Whether seekers with the given group masks belong to a reserved group.

        Parameters
        ----------
        seeker_groups : ndarray of int64
            :class:`SeekerGroup` masks.

        Returns
        -------
        ndarray of bool
        """
        reserved = sum(int(group) for group in self.reservations)
        return np.asarray(seeker_groups & reserved != 0, dtype=np.bool_)

    def price_of(
        self, vacancy_ids: NDArray[np.int64], priority: NDArray[np.bool_] | None = None
    ) -> NDArray[np.float64]:
        """Congestion price of vacancies (0 for vacancies without one).

        Parameters
        ----------
        vacancy_ids : ndarray of int64
            Vacancies to look up.
        priority : ndarray of bool, optional
            Per vacancy, whether the seeker looking at it has priority
            (:meth:`has_priority`); nobody has by default.

        Returns
        -------
        ndarray of float64
            Their prices.
        """
        if len(self.vacancy_ids) == 0:
            return np.zeros(len(vacancy_ids))
        positions = np.minimum(np.searchsorted(self.vacancy_ids, vacancy_ids), len(self.prices) - 1)
        assert self.priority_prices is not None  # set by __post_init__
        price = self.prices[positions]
        if priority is not None:
            price = np.where(priority, self.priority_prices[positions], price)
        return np.where(self.vacancy_ids[positions] == vacancy_ids, price, 0.0)

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
        adjusted = scores - self.price_of(vacancy_ids, self.has_priority(seeker_groups))
        below_floor = scores < self.quality_floor * kth_best_scores
        return np.where(below_floor, scores - _BELOW_FLOOR_PENALTY, adjusted)


_BELOW_FLOOR_PENALTY = 1e3
"""Far below any adjusted score: pairs under the floor only fill otherwise empty slots."""

_RATIO_TOLERANCE = 1e-3
"""A change of reservation must bring a group's ratio this much closer to the band."""

_PLAIN_SHARE_TOLERANCE = 0.01
"""A group is reported below plain top-k's exposure when more than this below it."""


class FairnessStatus(enum.StrEnum):
    """Where a fairness group ended up after the fit, and why it stopped there.

    The string value is stored with a run and read by the product's pages.
    """

    WITHIN_BAND = "within_band"
    """The group's exposure ratio is within the band (with or without a reservation)."""
    BELOW_BAND_AT_BOUND = "below_band_at_bound"
    """Still below the band with the reservation at its bound
    (:attr:`CongestionAwareReranker.reservation_bound_`): ranking cannot do more."""
    BELOW_BAND_NO_GAIN = "below_band_no_gain"
    """Still below the band, the reservation under its bound: raising it further
    stopped bringing the ratio closer (or the rounds ran out)."""
    ABOVE_BAND = "above_band"
    """Above the band; the group keeps ordinary treatment, never less."""
    NO_COMPARISON = "no_comparison"
    """No member has comparable seekers outside the group: there is no ratio."""


@dataclass(frozen=True)
class GroupFairness:
    """What the fit measured and did for one fairness group.

    Ratios are ``nan`` when the group has no comparable seekers outside it.

    Attributes
    ----------
    group : SeekerGroup
        The group.
    status : FairnessStatus
        Where its exposure ratio ended up and why the fit stopped there.
    ratio_plain : float
        Opportunity-exposure ratio on plain top-``k`` lists (no prices).
    ratio_before : float
        The same on the congestion-priced lists, before any reservation.
    ratio_after : float
        The same on the final lists (with its reservation, if any).
    reservation : float
        Reservation factor kept (1 when none).
    reservation_bound : float
        The largest factor the fit would use (the same for every group).
    fit_ratio : float
        Score-only exposure ratio (:func:`seeker_exposure`) on plain top-``k``
        lists: how well the vacancies open to members fit them, whatever the
        competition.
    structural_gap : bool
        ``fit_ratio`` is below the band: the gap is in which vacancies are open
        to the group and how well they fit (e.g. accommodations few employers
        offer), which no ranking of those vacancies can change.
    below_plain : bool
        ``ratio_after`` is below ``ratio_plain`` (capped at parity): the fit
        could not give the group back the exposure plain top-k gave it.
    """

    group: SeekerGroup
    status: FairnessStatus
    ratio_plain: float
    ratio_before: float
    ratio_after: float
    reservation: float
    reservation_bound: float
    fit_ratio: float
    structural_gap: bool
    below_plain: bool = False

    def to_json(self) -> dict[str, object]:
        """Plain JSON (``None`` for a missing ratio), keyed by field name."""

        def number(value: float) -> float | None:
            return round(value, 4) if math.isfinite(value) else None

        return {
            "status": self.status.value,
            "ratio_plain": number(self.ratio_plain),
            "ratio_before": number(self.ratio_before),
            "ratio_after": number(self.ratio_after),
            "reservation": number(self.reservation),
            "reservation_bound": number(self.reservation_bound),
            "fit_ratio": number(self.fit_ratio),
            "structural_gap": self.structural_gap,
            "below_plain": self.below_plain,
        }


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

    @classmethod
    def of(
        cls, seeker: NDArray[np.intp], vacancy: NDArray[np.intp], score: NDArray[np.float64]
    ) -> _Edges:
        """Edges from dense indices, already sorted by seeker."""
        by_vacancy = np.argsort(vacancy, kind="stable")
        return cls(
            seeker=seeker,
            vacancy=vacancy,
            score=score,
            seeker_starts=_group_starts(seeker),
            by_vacancy=by_vacancy,
            vacancy_starts=_group_starts(vacancy[by_vacancy]),
        )


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


def opportunity_exposure(
    seeker_ids: NDArray[np.int64],
    lists: RecommendationRows,
    vacancy_ids: NDArray[np.int64],
    openings: NDArray[np.float64],
    k: int,
) -> NDArray[np.float64]:
    """Position-weighted quality of what each seeker is shown, discounted by competition.

    Being shown a vacancy that hundreds of others are also shown is worth less
    than being shown one with few rivals. Each vacancy's *attention* is the sum
    of the position weights of all its appearances in ``lists``; a shown
    vacancy contributes ``weight(r) * score * min(1, openings / attention)``,
    i.e. the seeker's position-weighted share of its openings, scaled by fit.
    The sum is divided by the sum of the weights, as in
    :func:`seeker_exposure`. Congestion-aware ranking raises it on average
    (it moves attention to vacancies with free openings); the fairness
    constraint keeps any one group from losing its share (ADR 0009).

    Parameters
    ----------
    seeker_ids : ndarray of int64
        Seekers to report on (in this order); seekers without rows get 0.
    lists : RecommendationRows
        Everyone's recommendations (attention is counted over all of them).
    vacancy_ids : ndarray of int64
        Vacancies that may appear in ``lists``.
    openings : ndarray of float64
        Openings left of each of ``vacancy_ids``.
    k : int
        List length considered.

    Returns
    -------
    ndarray of float64
        Opportunity exposure per seeker.
    """
    weights = position_weights(k)
    shown = lists.ranks <= k
    weight = weights[lists.ranks[shown] - 1]
    vacancy_order = np.argsort(vacancy_ids, kind="stable")
    vacancy_row = vacancy_order[
        np.searchsorted(vacancy_ids[vacancy_order], lists.vacancy_ids[shown])
    ]
    attention = np.bincount(vacancy_row, weight, minlength=len(vacancy_ids))
    share = np.minimum(
        1.0, np.divide(openings, attention, out=np.ones(len(vacancy_ids)), where=attention > 0)
    )
    seeker_order = np.argsort(seeker_ids, kind="stable")
    position = seeker_order[np.searchsorted(seeker_ids[seeker_order], lists.seeker_ids[shown])]
    exposure = np.zeros(len(seeker_ids))
    np.add.at(exposure, position, weight * lists.scores[shown] * share[vacancy_row])
    return np.asarray(exposure / weights.sum(), dtype=np.float64)


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
    """Learn vacancy congestion prices (and group reservations) over a whole region.

    Plain top-k shows every seeker the vacancies that fit them best, so popular
    vacancies are shown to far more people than they can hire while similar
    ones go unseen. This estimator spreads the seekers' attention under vacancy
    capacities with entropy-regularised optimal transport: each seeker holds one
    unit of attention, vacancy ``j`` can absorb at most
    ``capacity_slack * openings_j * (n_seekers + A) / total_openings - a_j``, where
    ``a_j`` is its number of open applications (``VacancyTable.open_applications``,
    demand it already has) and ``A`` their total, and the plan
    ``P_ij = exp((u_ij - a_i - b_j) / temperature)`` is found by Sinkhorn-style
    dual coordinate ascent on the sparse short-list graph. The dual variable
    ``b_j >= 0`` is the vacancy's congestion price; lists are re-ranked by
    ``u_ij - b_j``.

    Spreading attention can hurt a group that had few options to begin with:
    seekers moved off crowded vacancies land on the less contested ones that
    people with disabilities, say, relied on. With ``fairness_groups``, an outer
    loop measures every seeker's :func:`opportunity_exposure` on the re-ranked
    lists, compares each group with comparable seekers outside it
    (:func:`group_exposure_ratios`) and, for a group below ``exposure_bounds``,
    *reserves* capacity until the group is back at its *floor*: the band's low
    end or (``protect_plain_share``) the ratio plain top-``k`` gave it, up to
    parity, whichever is higher. The group's planned demand on each vacancy
    then counts ``reservation`` times against the capacity left to everyone
    else, who are priced again on that residual market. Members keep the
    prices of the ordinary market. The reservation of each group under its floor
    grows until its ratio is back at the floor, the reservation reaches its bound
    (``reservation_bound_``: one opening held back per unit of a member's
    planned attention, beyond which reserved openings could not be filled by
    members), a raise no longer brings the ratio closer (it then goes back to
    the best one), or ``fairness_rounds`` run out. A group above the band loses
    its reservation but never falls below ordinary treatment. What happened to
    each group is reported in ``group_fairness_`` (ADR 0009).

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
        Maximum outer rounds of reservation updates.
    fairness_step : float
        Exponent of the reservation update: ``reservation *= (target / ratio)
        ** fairness_step``, then clipped to ``[1, reservation_bound_]``.
    quality_floor : float
        Only vacancies scoring at least this share of the seeker's ``k``-th best
        score take part in the re-ranking (protects match quality).
    reservation_bound : float, optional
        Largest reservation factor; by default the capacity of one opening (see
        ``reservation_bound_``). Set it only to measure what a larger one does.
    protect_plain_share : bool
        Lift a group that spreading pushed below the band back to what plain
        top-``k`` gave it (up to parity, 1), not only to the band's low end.

    Attributes
    ----------
    vacancy_ids_ : ndarray of int64
        Vacancies present in the short lists.
    prices_ : ndarray of float64
        Their congestion prices for seekers without priority.
    priority_prices_ : ndarray of float64
        Their prices for members of a reserved group.
    reservations_ : dict of SeekerGroup to float
        Learned reservation factors (> 1), empty when no group needed one.
    exposure_ratios_ : dict of SeekerGroup to float
        Opportunity-exposure ratios measured on the final re-ranked short lists.
    reservation_bound_ : float
        Largest reservation factor the fit may use: the capacity one opening
        carries, ``capacity_slack * (listed seekers + open applications) /
        openings`` (at least 1).
    group_fairness_ : dict of SeekerGroup to GroupFairness
        Per fairness group: ratios on plain, priced and final lists, the
        reservation kept, and a :class:`FairnessStatus`.
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
        fairness_rounds: int = 12,
        fairness_step: float = 8.0,
        quality_floor: float = 0.95,
        reservation_bound: float | None = None,
        protect_plain_share: bool = True,
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
        self.reservation_bound = reservation_bound
        self.protect_plain_share = protect_plain_share

    def fit(
        self,
        shortlists: RecommendationRows,
        seekers: SeekerTable,
        vacancies: VacancyTable,
        strata: NDArray[np.int64] | None = None,
    ) -> Self:
        """Learn prices (and reservations) from every seeker's plain short list.

        Parameters
        ----------
        shortlists : RecommendationRows
            Plain top-``m`` lists of all the region's seekers (``m`` >= ``k``),
            e.g. from ``RegionMatcher.recommend_vacancies(seekers, as_of, k=m)``.
        seekers : SeekerTable
            The region's seekers (group masks and strata).
        vacancies : VacancyTable
            The region's vacancies (openings, open applications).
        strata : ndarray of int64, optional
            Comparability stratum per seeker row; defaults to the ISCO
            sub-major group of the target occupation.

        Returns
        -------
        CongestionAwareReranker
            ``self``.
        """
        self.n_iter_ = 0
        self.reservations_: dict[SeekerGroup, float] = {}
        self.exposure_ratios_ = dict.fromkeys(self.fairness_groups, float("nan"))
        self.reservation_bound_ = 1.0
        self.group_fairness_: dict[SeekerGroup, GroupFairness] = {}
        if len(shortlists) == 0:
            # Nobody has an eligible vacancy: nothing to price, nothing to rebalance.
            self.vacancy_ids_ = np.zeros(0, np.int64)
            self.prices_ = self.priority_prices_ = np.zeros(0)
            self.shortlist_size_ = self.k
            unmeasured = dict.fromkeys(self.fairness_groups, float("nan"))
            self.group_fairness_ = self._group_fairness(
                unmeasured, unmeasured, unmeasured, unmeasured
            )
            return self
        owners = np.unique(shortlists.seeker_ids, return_inverse=True)[1]
        reference = kth_best_per_owner(owners, shortlists.scores, self.k)
        above_floor = shortlists.scores >= self.quality_floor * reference
        edges, vacancy_ids, seeker_row_of_list = self._graph(
            _select(shortlists, above_floor), seekers
        )
        openings = self._openings(vacancy_ids, vacancies)
        # An open application is a seeker's attention already spent on a vacancy, one
        # unit like a seeker's whole list: it is shared out with the listed seekers'
        # attention and taken from the vacancy's own capacity, so a vacancy many
        # people have applied to is priced higher (ADR 0009).
        applied = self._open_applications(vacancy_ids, vacancies)
        share = (len(seeker_row_of_list) + applied.sum()) / max(openings.sum(), 1.0)
        capacity = np.maximum(self.capacity_slack * share * openings - applied, 1e-9)
        market_prices = self._sinkhorn(edges, edges.score, capacity, np.zeros(len(vacancy_ids)))
        self.vacancy_ids_ = vacancy_ids
        self.prices_ = self.priority_prices_ = market_prices
        self.shortlist_size_ = int(shortlists.ranks.max())
        if not self.fairness_groups:
            return self
        # A reservation of r counts each unit of a member's planned attention r times
        # against a vacancy's capacity, and one opening carries `capacity_slack * share`
        # units of capacity. At r = capacity_slack * share a member's unit of attention
        # already holds back one whole opening, all that one person's attention can
        # take; beyond it the reservation keeps openings free that no member is
        # planned to fill, costing everyone else without giving members a share they
        # could use. So the bound is the capacity of one opening (at least 1: in a
        # region with more openings than seekers, congestion is not what holds a
        # group back, and no reservation is made). ADR 0009.
        self.reservation_bound_ = max(
            1.0,
            float(self.capacity_slack * share)
            if self.reservation_bound is None
            else self.reservation_bound,
        )
        if strata is None:
            strata = np.where(seekers.isco_unit_group >= 0, seekers.isco_unit_group // 100, -1)
        groups_of_list = seekers.groups[seeker_row_of_list]
        owner_ids = np.unique(shortlists.seeker_ids)
        plan = self._plan(edges, edges.score, market_prices)

        def ratios_of(lists: RecommendationRows, *, discounted: bool = True
                      ) -> dict[SeekerGroup, float]:
            exposure = (
                opportunity_exposure(seekers.seeker_ids, lists, vacancy_ids, openings, self.k)
                if discounted
                else seeker_exposure(seekers.seeker_ids, lists, self.k)
            )
            return group_exposure_ratios(exposure, seekers.groups, strata, self.fairness_groups)

        plain_lists = self._shown(edges, edges.score, owner_ids, vacancy_ids)
        ratio_plain = ratios_of(plain_lists)
        fit_ratio = ratios_of(plain_lists, discounted=False)
        reservations = dict.fromkeys(self.fairness_groups, 1.0)
        prices = market_prices
        low, high = self.exposure_bounds
        ratio_before: dict[SeekerGroup, float] | None = None
        # Per group: the smallest distance to the band seen, and the reservation that
        # gave it. A group is settled once a change did not bring it closer (it goes
        # back to its best reservation) or its reservation cannot move (the bound).
        best: dict[SeekerGroup, tuple[float, float]] = {}
        settled: set[SeekerGroup] = set()
        for _ in range(max(self.fairness_rounds, 1)):
            reserved = {g: r for g, r in reservations.items() if r > 1.0}
            factor = np.ones(len(seeker_row_of_list))
            for group, reservation in reserved.items():
                member = groups_of_list & int(group) != 0
                factor = np.where(member, np.maximum(factor, reservation), factor)
            has_priority = (factor > 1.0)[edges.seeker]
            prices = (
                self._residual_prices(
                    edges, ~has_priority, capacity, plan * factor[edges.seeker], prices
                )
                if reserved
                else market_prices
            )
            ranking = edges.score - np.where(
                has_priority, market_prices[edges.vacancy], prices[edges.vacancy]
            )
            ratios = ratios_of(self._shown(edges, ranking, owner_ids, vacancy_ids))
            if ratio_before is None:
                ratio_before = ratios
                # The lowest ratio each group is let fall to: the band's low end; for a
                # group that spreading pushed below it (and protect_plain_share), what
                # plain top-k gave it, up to parity, so that the group with the fewest
                # options does not pay for the spreading. Groups still inside the band
                # are left there: a reservation for a large group would dilute the
                # priority of a small one (ADR 0009).
                floors = {
                    g: max(low, min(ratio_plain[g], 1.0))
                    if self.protect_plain_share
                    and math.isfinite(ratio_plain[g])
                    and ratio_before[g] < low
                    else low
                    for g in self.fairness_groups
                }
            self.prices_, self.reservations_, self.exposure_ratios_ = prices, reserved, ratios
            changes: dict[SeekerGroup, float] = {}
            for group, ratio in ratios.items():
                # A group with no comparable non-members has no ratio (nan): nothing to
                # correct. A group above the band loses its reservation, but is never
                # put behind others.
                if not math.isfinite(ratio) or group in settled:
                    continue
                gap = max(floors[group] - ratio,
                          ratio - high if reservations[group] > 1.0 else 0.0)
                if gap <= 0.0:
                    continue
                previous = best.get(group)
                if previous is not None and gap >= previous[0] - _RATIO_TOLERANCE:
                    settled.add(group)
                    if previous[1] != reservations[group]:
                        changes[group] = previous[1]
                    continue
                best[group] = (gap, reservations[group])
                # Aim a little above the floor (inside the band) so that the next round does
                # not oscillate on its edge.
                target = min(max(ratio, floors[group] * 1.02), high / 1.02)
                step = (target / ratio) ** self.fairness_step if ratio > 0 else math.inf
                proposed = min(self.reservation_bound_, max(1.0, reservations[group] * step))
                if proposed == reservations[group]:
                    settled.add(group)
                else:
                    changes[group] = proposed
            if not changes:
                break
            reservations.update(changes)
        assert ratio_before is not None  # the loop runs at least once
        self.group_fairness_ = self._group_fairness(
            ratio_plain, ratio_before, self.exposure_ratios_, fit_ratio
        )
        return self

    def _group_fairness(
        self,
        ratio_plain: dict[SeekerGroup, float],
        ratio_before: dict[SeekerGroup, float],
        ratio_after: dict[SeekerGroup, float],
        fit_ratio: dict[SeekerGroup, float],
    ) -> dict[SeekerGroup, GroupFairness]:
        low, high = self.exposure_bounds
        bound = self.reservation_bound_
        report = {}
        for group in self.fairness_groups:
            after = ratio_after[group]
            reservation = self.reservations_.get(group, 1.0)
            if not math.isfinite(after):
                status = FairnessStatus.NO_COMPARISON
            elif after < low:
                at_bound = reservation >= bound * (1 - 1e-9)
                status = (
                    FairnessStatus.BELOW_BAND_AT_BOUND if at_bound
                    else FairnessStatus.BELOW_BAND_NO_GAIN
                )
            elif after > high:
                status = FairnessStatus.ABOVE_BAND
            else:
                status = FairnessStatus.WITHIN_BAND
            fit = fit_ratio[group]
            plain = ratio_plain[group]
            report[group] = GroupFairness(
                group=group,
                status=status,
                ratio_plain=ratio_plain[group],
                ratio_before=ratio_before[group],
                ratio_after=after,
                reservation=reservation,
                reservation_bound=bound,
                fit_ratio=fit,
                structural_gap=math.isfinite(fit) and fit < low,
                below_plain=math.isfinite(after)
                and after < min(plain, 1.0) - _PLAIN_SHARE_TOLERANCE,
            )
        return report

    def adjustment(self) -> MarketAdjustment:
        """The learned prices and reservations, to pass to ``recommend_vacancies``.

        Returns
        -------
        MarketAdjustment
            Applies to each seeker's top ``m`` with the ``m`` used in ``fit``.
        """
        return MarketAdjustment(
            self.vacancy_ids_,
            self.prices_,
            self.priority_prices_,
            dict(self.reservations_),
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
        edges = _Edges.of(seeker_index[order], vacancy_index[order], shortlists.scores[order])
        id_order = np.argsort(seekers.seeker_ids, kind="stable")
        seeker_rows = id_order[np.searchsorted(seekers.seeker_ids[id_order], list_owner_ids)]
        return edges, vacancy_ids.astype(np.int64), seeker_rows

    @staticmethod
    def _openings(vacancy_ids: NDArray[np.int64], vacancies: VacancyTable) -> NDArray[np.float64]:
        order = np.argsort(vacancies.vacancy_ids, kind="stable")
        rows = order[np.searchsorted(vacancies.vacancy_ids[order], vacancy_ids)]
        return np.maximum(vacancies.openings_left[rows], 0).astype(np.float64)

    @staticmethod
    def _open_applications(
        vacancy_ids: NDArray[np.int64], vacancies: VacancyTable
    ) -> NDArray[np.float64]:
        order = np.argsort(vacancies.vacancy_ids, kind="stable")
        rows = order[np.searchsorted(vacancies.vacancy_ids[order], vacancy_ids)]
        return np.maximum(vacancies.open_applications[rows], 0).astype(np.float64)

    def _plan(
        self, edges: _Edges, utility: NDArray[np.float64], prices: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Transport plan of every edge: each seeker's unit of attention, spread."""
        eps = self.temperature
        seeker_lengths = np.diff(np.r_[edges.seeker_starts, len(utility)])
        slack = (utility - prices[edges.vacancy]) / eps
        row_potential = _group_logsumexp(slack, edges.seeker_starts)
        return np.asarray(np.exp(slack - np.repeat(row_potential, seeker_lengths)), np.float64)

    def _residual_prices(
        self,
        edges: _Edges,
        keep: NDArray[np.bool_],
        capacity: NDArray[np.float64],
        reserved_demand: NDArray[np.float64],
        prices: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """Prices for the ``keep`` edges on the capacity the others' reserved demand leaves."""
        left = np.maximum(
            capacity - np.bincount(edges.vacancy[~keep], reserved_demand[~keep], len(capacity)),
            1e-9,
        )
        seeker_index = np.unique(edges.seeker[keep], return_inverse=True)[1]
        present, vacancy_index = np.unique(edges.vacancy[keep], return_inverse=True)
        residual = _Edges.of(seeker_index, vacancy_index, edges.score[keep])
        updated = prices.copy()
        if len(present):
            updated[present] = self._sinkhorn(
                residual, residual.score, left[present], prices[present]
            )
        return updated

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

    def _shown(
        self,
        edges: _Edges,
        ranking: NDArray[np.float64],
        owner_ids: NDArray[np.int64],
        vacancy_ids: NDArray[np.int64],
    ) -> RecommendationRows:
        """Everyone's first ``k`` edges by ``ranking``, as recommendation rows."""
        order = np.lexsort((-ranking, edges.seeker))
        rank = np.arange(len(order)) - np.repeat(
            edges.seeker_starts, np.diff(np.r_[edges.seeker_starts, len(order)])
        )
        shown = order[rank < self.k]
        return RecommendationRows(
            seeker_ids=owner_ids[edges.seeker[shown]],
            vacancy_ids=vacancy_ids[edges.vacancy[shown]],
            ranks=(rank[rank < self.k] + 1).astype(np.int32),
            scores=edges.score[shown],
            ranking_scores=ranking[shown],
        )
