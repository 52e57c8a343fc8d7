"""Market simulation: does congestion-aware, fairness-constrained ranking place more people?

Two synthetic regions (``decentwork.matching.synthetic.make_market``, fixed seed)
with few occupations, so that many seekers compete for the same kind of job:
``balanced`` has about 1.2 seekers per open position, ``crowded`` about 5. Each
seeker gets a list of ``K = 10`` vacancies from one of three methods:

* ``plain_top_k``: the engine's own top 10 by match score;
* ``congestion_aware``: the same short lists re-ranked with the Sinkhorn
  congestion prices of ``CongestionAwareReranker``;
* ``congestion_aware_fair``: the same, with the exposure-fairness constraint on
  seekers with disabilities, refugees and women.

The engine sees only the *observed* profiles. The simulation judges outcomes with
*latent* facts the engine never sees:

* true fit ``f_ij`` = share of the vacancy's skills the seeker truly has
  (essential skills weigh 1, optional ½), using the seeker's true skills
  (profiles omit some, refugees' more often);
* seeker utility ``v_ij = 0.5 f_ij + 0.3 occupational interest + 0.2 commute``,
  occupational interest 1 for the seeker's ISCO minor group, ½ for the sub-major
  group, commute ``exp(-km / 15)`` (1 for remote work), plus a fixed personal
  taste ``N(0, 0.1)`` per pair;
* a *latent good match* is a pair that passes every hard constraint, with
  ``f_ij >= 0.6`` and ``v_ij >= 0.5``.

Behaviour, replicated ``R`` times with fresh noise (seeded):

1. a seeker looks at position ``p`` of the list with probability
   ``1 / log2(p + 1)`` (people read the top of a list);
2. they apply to a vacancy they looked at when ``v_ij + N(0, 0.05) >= 0.45``;
3. an employer ranks its applicants by ``f_ij + N(0, 0.05)`` and makes offers
   only to applicants with ``f_ij >= 0.5``, one per open position, best first;
4. a seeker holding several offers keeps the one with the highest ``v_ij``
   (declining frees the position, and the employer offers it to its next
   applicant); offers go round until nothing changes (employer-proposing
   deferred acceptance), so a hire is a stable outcome of the applications.

Metrics: expected hires (mean over replications), recall@10 of latent good matches
(``|list ∩ good| / min(10, |good|)`` over seekers with a good match), the Gini
coefficient of exposure (position-weighted appearances) across open vacancies, and
three ratios per group against comparable seekers (same ISCO sub-major group)
outside the group:

* ``exposure_ratio`` — opportunity exposure, the quantity the fairness
  constraint bounds (ADR 0009): the position-weighted score of what is shown,
  each vacancy discounted by ``min(1, openings / attention it gets from all
  lists)``, so that a list of crowded vacancies counts for less;
* ``exposure_ratio_score_only`` — the same without the discount (what the
  lists look like to the seeker, whatever the competition);
* ``hire_rate_ratio`` — the simulated outcome: share of members hired over
  the replications, against comparable non-members.

A sweep over the re-ranker's ``quality_floor`` shows the hires / recall trade-off.

Usage::

    .venv/bin/python bench/market_sim.py [--quick]

Writes ``bench/results/market_sim.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.matching import (
    RecommendationRows,
    RegionMatcher,
    SeekerGroup,
    exclusion_masks,
    haversine_km,
)
from decentwork.matching.congestion import (
    CongestionAwareReranker,
    group_exposure_ratios,
    opportunity_exposure,
    position_weights,
    seeker_exposure,
)
from decentwork.matching.eligibility import open_vacancy_rows
from decentwork.matching.synthetic import SyntheticMarket, make_market

AS_OF = "2025-03-01"
K = 10
SHORTLIST = 50
FAIRNESS_GROUPS = (SeekerGroup.DISABILITY, SeekerGroup.REFUGEE, SeekerGroup.WOMAN)
GOOD_FIT, GOOD_UTILITY = 0.6, 0.5
APPLY_THRESHOLD, HIRING_BAR = 0.45, 0.5
RESULTS = Path(__file__).parent / "results" / "market_sim.json"


class LatentTruth:
    """True fit and seeker utility of every seeker x vacancy pair (dense)."""

    def __init__(self, market: SyntheticMarket, rng: np.random.Generator) -> None:
        seekers, vacancies = market.seekers, market.vacancies
        n_seekers, n_vacancies = len(seekers), len(vacancies)
        true = market.true_skills
        weighted = vacancies.essential_skills + 0.5 * vacancies.optional_skills
        self.fit = (true @ sp.csr_array(weighted.T)).toarray().astype(np.float32)
        self.fit /= np.maximum(np.asarray(weighted.sum(axis=1)).ravel(), 1e-9)[None, :]
        seeker_isco = seekers.isco_unit_group[:, None]
        vacancy_isco = vacancies.isco_unit_group[None, :]
        interest = np.where(
            seeker_isco // 10 == vacancy_isco // 10,
            1.0,
            np.where(seeker_isco // 100 == vacancy_isco // 100, 0.5, 0.0),
        )
        distance = haversine_km(
            seekers.latitude[:, None],
            seekers.longitude[:, None],
            vacancies.latitude[None, :],
            vacancies.longitude[None, :],
        )
        commute = np.where(vacancies.is_remote[None, :], 1.0, np.exp(-distance / 15.0))
        taste = rng.normal(0.0, 0.1, (n_seekers, n_vacancies))
        self.utility = (0.5 * self.fit + 0.3 * interest + 0.2 * commute + taste).astype(np.float32)
        seeker_rows = np.repeat(np.arange(n_seekers), n_vacancies)
        vacancy_rows = np.tile(np.arange(n_vacancies), n_seekers)
        eligible = (
            exclusion_masks(seekers, seeker_rows, vacancies, vacancy_rows, AS_OF).reshape(
                n_seekers, n_vacancies
            )
            == 0
        )
        self.good = eligible & (self.fit >= GOOD_FIT) & (self.utility >= GOOD_UTILITY)


def simulate_hires(
    lists: RecommendationRows,
    market: SyntheticMarket,
    truth: LatentTruth,
    rng: np.random.Generator,
) -> NDArray[np.intp]:
    """One replication of the application / offer / acceptance rules; returns who is hired."""
    seeker_row = lists.seeker_ids - 1  # synthetic seeker ids are 1..n
    vacancy_row = row_of_vacancy(market, lists.vacancy_ids)
    looked = rng.random(len(lists)) < 1.0 / np.log2(lists.ranks + 1.0)
    utility = truth.utility[seeker_row, vacancy_row]
    applies = looked & (utility + rng.normal(0, 0.05, len(lists)) >= APPLY_THRESHOLD)
    fit = truth.fit[seeker_row, vacancy_row]
    qualified = applies & (fit >= HIRING_BAR)
    applicant, vacancy = seeker_row[qualified], vacancy_row[qualified]
    employer_view = fit[qualified] + rng.normal(0, 0.05, int(qualified.sum()))
    seeker_view = utility[qualified]
    # Each vacancy's applicants, best first; a pointer walks down the queue.
    order = np.lexsort((-employer_view, vacancy))
    applicant, vacancy, seeker_view = applicant[order], vacancy[order], seeker_view[order]
    n_vacancies = len(market.vacancies)
    queue_start = np.searchsorted(vacancy, np.arange(n_vacancies))
    queue_end = np.searchsorted(vacancy, np.arange(n_vacancies), side="right")
    next_in_queue = queue_start.copy()
    openings = np.maximum(market.vacancies.openings_left, 0).copy()
    held = np.full(len(market.seekers), -1)  # application index each seeker holds
    while True:
        free = openings - np.bincount(vacancy[held[held >= 0]], minlength=n_vacancies)
        offers_to_make = np.minimum(np.maximum(free, 0), queue_end - next_in_queue)
        if offers_to_make.sum() == 0:
            break
        offered = np.concatenate(
            [
                np.arange(next_in_queue[v], next_in_queue[v] + offers_to_make[v])
                for v in np.flatnonzero(offers_to_make)
            ]
        )
        next_in_queue += offers_to_make
        candidates = np.concatenate(
            [offered, held[np.isin(np.arange(len(held)), applicant[offered]) & (held >= 0)]]
        )
        # Every seeker keeps the best offer among the new ones and the one held.
        best = candidates[np.lexsort((-seeker_view[candidates], applicant[candidates]))]
        first = np.r_[True, applicant[best][1:] != applicant[best][:-1]]
        held[applicant[best[first]]] = best[first]
    return np.flatnonzero(held >= 0)


def row_of_vacancy(market: SyntheticMarket, vacancy_ids: NDArray[np.int64]) -> NDArray[np.intp]:
    ids = market.vacancies.vacancy_ids
    order = np.argsort(ids)
    return order[np.searchsorted(ids[order], vacancy_ids)]


def gini(values: NDArray[np.float64]) -> float:
    ordered = np.sort(values)
    n = len(ordered)
    return float((2 * np.arange(1, n + 1) - n - 1) @ ordered / (n * max(ordered.sum(), 1e-12)))


def evaluate(
    name: str,
    lists: RecommendationRows,
    market: SyntheticMarket,
    truth: LatentTruth,
    replications: int,
    seed: int,
) -> dict[str, object]:
    seekers = market.seekers
    rng = np.random.default_rng(seed)  # same noise stream for every method
    hired_count = np.zeros(len(seekers.seeker_ids))
    hires = []
    for _ in range(replications):
        hired = simulate_hires(lists, market, truth, rng)
        hired_count[hired] += 1
        hires.append(len(hired))
    seeker_row = lists.seeker_ids - 1
    vacancy_row = row_of_vacancy(market, lists.vacancy_ids)
    hits = np.bincount(seeker_row, truth.good[seeker_row, vacancy_row], minlength=len(seekers))
    n_good = truth.good.sum(axis=1)
    has_good = n_good > 0
    recall = float((hits[has_good] / np.minimum(n_good[has_good], K)).mean())
    vacancy_exposure = np.zeros(len(market.vacancies))
    np.add.at(vacancy_exposure, vacancy_row, position_weights(K)[lists.ranks - 1])
    open_vacancies = np.zeros(len(market.vacancies), dtype=np.bool_)
    open_vacancies[open_vacancy_rows(market.vacancies, AS_OF)] = True
    strata = seekers.isco_unit_group // 100

    def ratios(per_seeker: NDArray[np.float64]) -> dict[str, float]:
        by_group = group_exposure_ratios(per_seeker, seekers.groups, strata, FAIRNESS_GROUPS)
        return {g.code: round(r, 3) for g, r in by_group.items()}

    openings = np.maximum(market.vacancies.openings_left, 0).astype(np.float64)
    opportunity = opportunity_exposure(
        seekers.seeker_ids, lists, market.vacancies.vacancy_ids, openings, K
    )
    return {
        "method": name,
        "expected_hires": round(float(np.mean(hires)), 1),
        "hires_sd": round(float(np.std(hires)), 1),
        "recall_at_10": round(recall, 4),
        "exposure_gini_across_vacancies": round(gini(vacancy_exposure[open_vacancies]), 4),
        "mean_score_shown": round(float(lists.scores.mean()), 4),
        "exposure_ratio": ratios(opportunity),
        "exposure_ratio_score_only": ratios(seeker_exposure(seekers.seeker_ids, lists, K)),
        "hire_rate_ratio": ratios(hired_count / replications),
    }


SCENARIOS = {
    # name: (seekers, vacancies, occupations) full size, quick size
    "balanced": ((6000, 4000, 60), (1500, 1000, 15)),
    "crowded": ((12_000, 2000, 30), (3000, 500, 8)),
}
FLOOR_SWEEP = (0.8, 0.9, 0.95, 0.98)


def run_scenario(sizes: tuple[int, int, int], replications: int, seed: int) -> dict[str, object]:
    n_seekers, n_vacancies, n_occupations = sizes
    market = make_market(n_seekers, n_vacancies, n_occupations=n_occupations, random_state=seed)
    truth = LatentTruth(market, np.random.default_rng(seed + 1))
    matcher = RegionMatcher(n_recommendations=K).fit(market.vacancies)
    shortlists = matcher.recommend_vacancies(market.seekers, AS_OF, k=SHORTLIST)
    plain = matcher.recommend_vacancies(market.seekers, AS_OF, k=K)

    def rerank(**params: object) -> tuple[RecommendationRows, dict[str, object]]:
        reranker = CongestionAwareReranker(k=K, **params).fit(  # type: ignore[arg-type]
            shortlists, market.seekers, market.vacancies
        )
        lists = matcher.recommend_vacancies(
            market.seekers, AS_OF, k=K, adjustment=reranker.adjustment()
        )
        return lists, {
            "sinkhorn_iterations": reranker.n_iter_,
            "reservations": {g.code: round(r, 3) for g, r in reranker.reservations_.items()},
            "priced_vacancies": int((reranker.prices_ > 0).sum()),
        }

    def judged(name: str, lists: RecommendationRows) -> dict[str, object]:
        return evaluate(name, lists, market, truth, replications, seed + 2)

    rows = [judged("plain_top_k", plain)]
    for name, params in (
        ("congestion_aware", {}),
        ("congestion_aware_fair", {"fairness_groups": FAIRNESS_GROUPS}),
    ):
        lists, fitted = rerank(**params)
        rows.append(judged(name, lists) | fitted)
    sweep = []
    for floor in FLOOR_SWEEP:
        lists, _ = rerank(quality_floor=floor)
        sweep.append(judged(f"congestion_aware_floor_{floor}", lists))
    for row in rows + sweep:
        row["hires_vs_plain"] = round(row["expected_hires"] / rows[0]["expected_hires"], 3)  # type: ignore[operator]
        row["recall_vs_plain"] = round(row["recall_at_10"] / rows[0]["recall_at_10"], 3)  # type: ignore[operator]
    open_rows = (market.vacancies.openings_left > 0) & (
        market.vacancies.closes_on >= np.datetime64(AS_OF)
    )
    return {
        "seekers": n_seekers,
        "vacancies": n_vacancies,
        "occupations": n_occupations,
        "open_positions": int(market.vacancies.openings_left[open_rows].sum()),
        "seekers_with_a_latent_good_match": int((truth.good.sum(axis=1) > 0).sum()),
        "methods": rows,
        "quality_floor_sweep": [
            {key: row[key] for key in ("method", "hires_vs_plain", "recall_vs_plain")}
            for row in sweep
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller markets, fewer replications")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    replications = 10 if args.quick else 30
    started = time.perf_counter()
    scenarios = {
        name: run_scenario(quick if args.quick else full, replications, args.seed)
        for name, (full, quick) in SCENARIOS.items()
    }
    result = {
        "benchmark": "market_sim",
        "quick": args.quick,
        "seed": args.seed,
        "replications": replications,
        "k": K,
        "shortlist": SHORTLIST,
        "scenarios": scenarios,
        "targets": {
            "hires_vs_plain_at_least": 1.15,
            "recall_vs_plain_at_least": 0.95,
            "exposure_ratio_range": [0.8, 1.25],
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
