"""Market-level re-ranking: spread attention over vacancies, fairly across groups."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from decentwork.matching.vocabulary import SeekerGroup


@dataclass(frozen=True, eq=False)
class MarketAdjustment:
    """What a region-wide fit learned, applied to each seeker's short list.

    Ranking score of a pair = ``score * (1 + sum of the seeker's group boosts)
    - price of the vacancy``. Prices are non-negative, so an uncongested
    vacancy keeps its score.

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
    """

    vacancy_ids: NDArray[np.int64]
    prices: NDArray[np.float64]
    group_boosts: dict[SeekerGroup, float] = field(default_factory=dict)
    shortlist_size: int = 50

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

        Returns
        -------
        ndarray of float64
            Scores to rank by.
        """
        return scores * self.score_multiplier(seeker_groups) - self.price_of(vacancy_ids)
