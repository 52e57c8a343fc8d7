"""Market simulation: does congestion-aware, fairness-constrained ranking place more people?

Two synthetic regions (``decentwork.matching.synthetic.make_market``), each built
on several seeds, with few occupations so that many seekers compete for the same
kind of job: ``balanced`` has about 1.2 seekers per open position, ``crowded``
about 5. Each seeker gets a list of ``K = 10`` vacancies from one of four methods:

* ``plain_top_k``: the engine's own top 10 by match score;
* ``popularity_penalty``: the baseline a user would write first, one pass and
  no optimisation: each vacancy's *demand* is the attention it gets in the
  plain top-10 lists (each seeker's one unit spread over their list by the
  position weights ``1 / log2(r + 1)``), its price is
  ``lambda * max(0, log(demand / openings))``, and the same top-50 short lists
  are re-ranked by ``score - price`` under the same quality floor. ``lambda``
  is picked from four values on the first seed (most expected hires with
  recall@10 at least 0.95 of plain top-k's), then fixed for the other seeds;
* ``congestion_aware``: the same short lists re-ranked with the Sinkhorn
  congestion prices of ``CongestionAwareReranker`` (ADR 0009);
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
  the replications, against comparable non-members (with its standard error
  over replications, ``hire_rate_ratio_se``).

Every seed reports every method; ``summary`` gives the mean and spread (standard
deviation, min, max) over the seeds of the ratios against plain top-k and against
the popularity penalty. ``fairness_outcomes`` lists, per seed and group, where the
fair variant leaves a group's hire-rate ratio below plain top-k, with the reason
measured on the latent market (how many vacancies the group is eligible for
against comparable seekers, and how many of its exclusions are accommodations the
employer does not offer) and the engine's own fairness report.

On the first seed only: the popularity penalty's ``lambda`` sweep, a sweep over the
re-ranker's ``quality_floor`` (the hires / recall trade-off) and a sweep of the
reservation of seekers with disabilities against its bound (the evidence for the
bound in ADR 0009).

Usage::

    .venv/bin/python bench/market_sim.py [--quick] [--seeds 0 1 2] [--replications 10]
    .venv/bin/python bench/market_sim.py --markdown bench/results/market_sim.json

Writes ``bench/results/market_sim.json`` (``--quick``: ``market_sim_quick.json``);
``--markdown`` prints the tables of ``docs/benchmarks.md`` from a result.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.matching import (
    ExclusionReason,
    MarketAdjustment,
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
QUALITY_FLOOR = 0.95  # the re-ranker's default, shared by the popularity penalty
FAIRNESS_GROUPS = (SeekerGroup.DISABILITY, SeekerGroup.REFUGEE, SeekerGroup.WOMAN)
GOOD_FIT, GOOD_UTILITY = 0.6, 0.5
APPLY_THRESHOLD, HIRING_BAR = 0.45, 0.5
POPULARITY_LAMBDAS = (0.03, 0.1, 0.3, 1.0)
RECALL_AT_LEAST = 0.95  # the recall target: lambda is the best for hires that keeps it
FLOOR_SWEEP = (0.8, 0.9, 0.95, 0.98)
# Multiples of the reservation bound tried for seekers with disabilities (first seed).
RESERVATION_SWEEP = (1.0, 2.0, 4.0, 16.0)
METHODS = ("plain_top_k", "popularity_penalty", "congestion_aware", "congestion_aware_fair")
RESULTS = Path(__file__).parent / "results"

SCENARIOS = {
    # name: (seekers, vacancies, occupations) full size, quick size
    "balanced": ((6000, 4000, 60), (1500, 1000, 15)),
    "crowded": ((12_000, 2000, 30), (3000, 500, 8)),
}


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
        masks = exclusion_masks(seekers, seeker_rows, vacancies, vacancy_rows, AS_OF).reshape(
            n_seekers, n_vacancies
        )
        eligible = masks == 0
        self.good = eligible & (self.fit >= GOOD_FIT) & (self.utility >= GOOD_UTILITY)
        # Per seeker: open vacancies they are eligible for, open vacancies the employer's
        # missing accommodations alone keep from them.
        open_columns = np.zeros(n_vacancies, dtype=np.bool_)
        open_columns[open_vacancy_rows(vacancies, AS_OF)] = True
        self.eligible_open = eligible[:, open_columns].sum(axis=1).astype(np.float64)
        accommodation = ExclusionReason.ACCOMMODATION_NOT_OFFERED.bit
        self.excluded_by_accommodation_only = (
            (masks[:, open_columns] == accommodation).sum(axis=1).astype(np.float64)
        )


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


def rounded(ratios: dict[SeekerGroup, float], digits: int = 3) -> dict[str, float | None]:
    return {g.code: (round(r, digits) if math.isfinite(r) else None) for g, r in ratios.items()}


class Region:
    """One generated market, its latent truth and the plain lists every method starts from."""

    def __init__(self, sizes: tuple[int, int, int], seed: int, replications: int) -> None:
        n_seekers, n_vacancies, n_occupations = sizes
        self.sizes, self.seed, self.replications = sizes, seed, replications
        self.market = make_market(
            n_seekers, n_vacancies, n_occupations=n_occupations, random_state=seed
        )
        self.truth = LatentTruth(self.market, np.random.default_rng(seed + 1))
        self.matcher = RegionMatcher(n_recommendations=K).fit(self.market.vacancies)
        self.shortlists = self.matcher.recommend_vacancies(self.market.seekers, AS_OF, k=SHORTLIST)
        self.plain = self.matcher.recommend_vacancies(self.market.seekers, AS_OF, k=K)
        self.strata = (self.market.seekers.isco_unit_group // 100).astype(np.int64)
        self.openings = np.maximum(self.market.vacancies.openings_left, 0).astype(np.float64)

    def adjusted(self, adjustment: MarketAdjustment) -> RecommendationRows:
        return self.matcher.recommend_vacancies(self.market.seekers, AS_OF, k=K,
                                                adjustment=adjustment)

    def rerank(self, **params: object) -> tuple[RecommendationRows, dict[str, object]]:
        """Lists from a fitted ``CongestionAwareReranker`` and what the fit reports."""
        reranker = CongestionAwareReranker(k=K, quality_floor=QUALITY_FLOOR, **params)  # type: ignore[arg-type]
        reranker.fit(self.shortlists, self.market.seekers, self.market.vacancies)
        facts: dict[str, object] = {
            "sinkhorn_iterations": reranker.n_iter_,
            "priced_vacancies": int((reranker.prices_ > 0).sum()),
        }
        if reranker.fairness_groups:
            facts["reservation_bound"] = round(reranker.reservation_bound_, 3)
            facts["reservations"] = {g.code: round(r, 3) for g, r in reranker.reservations_.items()}
            facts["fairness"] = {g.code: f.to_json() for g, f in reranker.group_fairness_.items()}
        return self.adjusted(reranker.adjustment()), facts

    def popularity_penalty(self, lam: float) -> RecommendationRows:
        """One pass: price = lambda * max(0, log(demand / openings)) from the plain lists."""
        vacancy_ids = self.market.vacancies.vacancy_ids
        weights = position_weights(K)
        attention = weights[self.plain.ranks - 1] / weights.sum()  # one unit per seeker
        demand = np.bincount(row_of_vacancy(self.market, self.plain.vacancy_ids), attention,
                             minlength=len(vacancy_ids))
        crowding = np.divide(demand, self.openings, out=np.zeros(len(vacancy_ids)),
                             where=(self.openings > 0) & (demand > 0))
        prices = lam * np.log(np.maximum(crowding, 1.0))
        return self.adjusted(MarketAdjustment(vacancy_ids, prices, shortlist_size=SHORTLIST,
                                              quality_floor=QUALITY_FLOOR))

    def evaluate(self, name: str, lists: RecommendationRows) -> dict[str, object]:
        market, truth, seekers = self.market, self.truth, self.market.seekers
        rng = np.random.default_rng(self.seed + 2)  # same noise stream for every method
        hired_count = np.zeros(len(seekers.seeker_ids))
        hires, hire_ratios = [], []
        for _ in range(self.replications):
            hired = simulate_hires(lists, market, truth, rng)
            hired_count[hired] += 1
            hires.append(len(hired))
            once = np.zeros(len(seekers.seeker_ids))
            once[hired] = 1.0
            hire_ratios.append(self.ratios(once))
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
        opportunity = opportunity_exposure(
            seekers.seeker_ids, lists, market.vacancies.vacancy_ids, self.openings, K
        )
        spread = {g: float(np.std([r[g] for r in hire_ratios]) / math.sqrt(len(hire_ratios)))
                  for g in FAIRNESS_GROUPS}
        return {
            "method": name,
            "expected_hires": round(float(np.mean(hires)), 1),
            "hires_sd": round(float(np.std(hires)), 1),
            "recall_at_10": round(recall, 4),
            "exposure_gini_across_vacancies": round(gini(vacancy_exposure[open_vacancies]), 4),
            "mean_score_shown": round(float(lists.scores.mean()), 4),
            "exposure_ratio": rounded(self.ratios(opportunity)),
            "exposure_ratio_score_only": rounded(
                self.ratios(seeker_exposure(seekers.seeker_ids, lists, K))),
            "hire_rate_ratio": rounded(self.ratios(hired_count / self.replications)),
            "hire_rate_ratio_se": rounded(spread, 4),
        }

    def ratios(self, per_seeker: NDArray[np.float64]) -> dict[SeekerGroup, float]:
        return group_exposure_ratios(
            per_seeker, self.market.seekers.groups, self.strata, FAIRNESS_GROUPS)

    def access_gap(self) -> dict[str, dict[str, float | None]]:
        """Per group, against comparable seekers: open vacancies eligible for, and the
        share of the open vacancies a member cannot take only for want of an accommodation."""
        truth, seekers = self.truth, self.market.seekers
        n_open = float(len(open_vacancy_rows(self.market.vacancies, AS_OF)))
        eligible = self.ratios(truth.eligible_open)
        accommodation = {}
        for group in FAIRNESS_GROUPS:
            member = seekers.groups & int(group) != 0
            accommodation[group] = float(truth.excluded_by_accommodation_only[member].mean()
                                         / max(n_open, 1.0)) if member.any() else math.nan
        return {"eligible_vacancies_ratio": rounded(eligible),
                "share_of_open_vacancies_lacking_an_accommodation": rounded(accommodation)}


def vs(row: dict[str, object], base: dict[str, object], suffix: str) -> None:
    row[f"hires_vs_{suffix}"] = round(row["expected_hires"] / base["expected_hires"], 3)  # type: ignore[operator]
    row[f"recall_vs_{suffix}"] = round(row["recall_at_10"] / base["recall_at_10"], 3)  # type: ignore[operator]


def run_seed(region: Region, lam: float | None, first: bool) -> dict[str, object]:
    """Every method on one seed; on the first seed also the sweeps (and lambda's choice)."""
    result: dict[str, object] = {"seed": region.seed}
    plain = region.evaluate("plain_top_k", region.plain)
    lambda_sweep = []
    if lam is None:
        for candidate in POPULARITY_LAMBDAS:
            row = region.evaluate(f"popularity_penalty_lambda_{candidate}",
                                  region.popularity_penalty(candidate))
            vs(row, plain, "plain")
            lambda_sweep.append({"lambda": candidate} | row)
        kept = [row for row in lambda_sweep
                if row["recall_vs_plain"] >= RECALL_AT_LEAST] or lambda_sweep  # type: ignore[operator]
        best = max(kept, key=lambda row: row["expected_hires"])  # type: ignore[arg-type, return-value]
        lam = float(best["lambda"])  # type: ignore[arg-type]
        popularity = dict(best, method="popularity_penalty")
        del popularity["lambda"]
    else:
        popularity = region.evaluate("popularity_penalty", region.popularity_penalty(lam))
    popularity["lambda"] = lam
    rows = [plain, popularity]
    for name, params in (
        ("congestion_aware", {}),
        ("congestion_aware_fair", {"fairness_groups": FAIRNESS_GROUPS}),
    ):
        lists, facts = region.rerank(**params)
        rows.append(region.evaluate(name, lists) | facts)
    for row in rows:
        vs(row, plain, "plain")
        vs(row, popularity, "popularity_penalty")
    result["methods"] = rows
    result["access_gap"] = region.access_gap()
    if first:
        result["popularity_lambda_sweep"] = [
            {key: row[key] for key in ("lambda", "expected_hires", "hires_vs_plain",
                                       "recall_vs_plain")}
            for row in lambda_sweep
        ]
        sweep = []
        for floor in FLOOR_SWEEP:
            reranker = CongestionAwareReranker(k=K, quality_floor=floor).fit(
                region.shortlists, region.market.seekers, region.market.vacancies)
            row = region.evaluate(f"congestion_aware_floor_{floor}",
                                  region.adjusted(reranker.adjustment()))
            vs(row, plain, "plain")
            sweep.append({key: row[key] for key in ("method", "hires_vs_plain",
                                                    "recall_vs_plain")})
        result["quality_floor_sweep"] = sweep
        bound = float(rows[-1]["reservation_bound"])  # type: ignore[arg-type]
        result["reservation_sweep"] = reservation_sweep(region, plain, bound)
    return result


def reservation_sweep(region: Region, plain: dict[str, object],
                      bound: float) -> list[dict[str, object]]:
    """Seekers with disabilities given a fixed reservation, multiples of the default bound.

    A band no ratio can reach (above 100) makes the fit go straight to the bound
    it is given and keep it when it helps.
    """
    rows = []
    for multiple in RESERVATION_SWEEP:
        lists, facts = region.rerank(
            fairness_groups=(SeekerGroup.DISABILITY,), exposure_bounds=(100.0, 200.0),
            reservation_bound=bound * multiple)
        row = region.evaluate(f"reservation_{multiple}x_bound", lists)
        vs(row, plain, "plain")
        rows.append({
            "bound_multiple": multiple,
            "reservation": facts["reservations"].get("disability", 1.0),  # type: ignore[attr-defined]
            "hires_vs_plain": row["hires_vs_plain"],
            "exposure_ratio_disability": row["exposure_ratio"]["disability"],  # type: ignore[index]
            "hire_rate_ratio_disability": row["hire_rate_ratio"]["disability"],  # type: ignore[index]
            "hire_rate_ratio": row["hire_rate_ratio"],
        })
    return rows


def spread(values: Sequence[float]) -> dict[str, float]:
    array = np.asarray(values, dtype=np.float64)
    return {"mean": round(float(array.mean()), 3), "sd": round(float(array.std(ddof=1)), 3)
            if len(array) > 1 else 0.0, "min": round(float(array.min()), 3),
            "max": round(float(array.max()), 3)}


def summarise(seeds: list[dict[str, object]]) -> dict[str, object]:
    """Mean and spread over seeds of each method's figures."""
    summary: dict[str, object] = {}
    for index, method in enumerate(METHODS):
        rows = [seed["methods"][index] for seed in seeds]  # type: ignore[index]
        assert all(row["method"] == method for row in rows)
        entry: dict[str, object] = {
            key: spread([row[key] for row in rows])
            for key in ("expected_hires", "hires_vs_plain", "recall_vs_plain",
                        "hires_vs_popularity_penalty", "exposure_gini_across_vacancies")
        }
        for measure in ("exposure_ratio", "exposure_ratio_score_only", "hire_rate_ratio"):
            entry[measure] = {g.code: spread([row[measure][g.code] for row in rows])
                              for g in FAIRNESS_GROUPS}
        summary[method] = entry
    return summary


def fairness_outcomes(seeds: list[dict[str, object]]) -> list[dict[str, object]]:
    """Where the fair variant leaves a group's hire-rate ratio below plain top-k, and why."""
    found = []
    for seed in seeds:
        rows = {row["method"]: row for row in seed["methods"]}  # type: ignore[attr-defined]
        plain, fair = rows["plain_top_k"], rows["congestion_aware_fair"]
        gap = seed["access_gap"]
        for group in FAIRNESS_GROUPS:
            before = plain["hire_rate_ratio"][group.code]
            after = fair["hire_rate_ratio"][group.code]
            if before is None or after is None or after >= before:
                continue
            report = fair["fairness"][group.code]
            noise = math.hypot(plain["hire_rate_ratio_se"][group.code],
                               fair["hire_rate_ratio_se"][group.code])
            eligible = gap["eligible_vacancies_ratio"][group.code]  # type: ignore[index]
            lacking = gap["share_of_open_vacancies_lacking_an_accommodation"][group.code]  # type: ignore[index]
            reasons = []
            if report["structural_gap"] and not report["below_plain"]:
                reasons.append(
                    f"its exposure is back at plain top-k's ({report['ratio_after']:.2f}, plain "
                    f"{report['ratio_plain']:.2f}), yet fewer of its applications succeed")
            if report["structural_gap"]:
                reasons.append(
                    f"the vacancies open to the group fit it {report['fit_ratio']:.2f} as well as "
                    "those open to comparable seekers (score-only ratio on plain lists, below "
                    "the band): no ranking of those vacancies changes it")
            if eligible is not None and eligible < 0.8:
                reasons.append(
                    f"members are eligible for {eligible:.2f} as many open vacancies as "
                    f"comparable seekers; {lacking:.0%} of open vacancies are closed to a "
                    "member only because the employer does not offer an accommodation they "
                    "need")
            at_bound = report["reservation"] >= report["reservation_bound"] * (1 - 1e-6)
            if report["below_plain"] and at_bound:
                reasons.append(
                    f"the reservation reached its bound (×{report['reservation_bound']:.2f}) "
                    f"before giving back plain top-k's exposure ({report['ratio_plain']:.2f} → "
                    f"{report['ratio_after']:.2f})")
            elif report["below_plain"] and report["reservation"] <= 1.0:
                reasons.append(
                    f"spreading moved others onto vacancies the group relied on (exposure "
                    f"{report['ratio_plain']:.2f} → {report['ratio_after']:.2f}) but left it "
                    "within the band, where the fit makes no reservation: priority for a "
                    "group inside the band would dilute that of the groups below it")
            significant = before - after > 2 * noise
            if not significant:
                reasons = [f"within the simulation's noise (difference {before - after:.3f}, "
                           f"standard error {noise:.3f})"]
            found.append({
                "seed": seed["seed"],
                "group": group.code,
                "beyond_noise": significant,
                "hire_rate_ratio_plain": before,
                "hire_rate_ratio_fair": after,
                "exposure_ratio_plain": plain["exposure_ratio"][group.code],
                "exposure_ratio_fair": fair["exposure_ratio"][group.code],
                "fairness_status": report["status"],
                "why": "; ".join(reasons) or (
                    f"its opportunity exposure ({report['ratio_after']:.2f}, plain top-k "
                    f"{report['ratio_plain']:.2f}) does not show the loss; the simulated "
                    "applications and offers do"),
            })
    return found


def run_scenario(sizes: tuple[int, int, int], seeds: Sequence[int], replications: int,
                 say: Callable[[str], None]) -> dict[str, object]:
    per_seed: list[dict[str, object]] = []
    lam: float | None = None
    for position, seed in enumerate(seeds):
        started = time.perf_counter()
        region = Region(sizes, seed, replications)
        outcome = run_seed(region, lam, first=position == 0)
        lam = float(outcome["methods"][1]["lambda"])  # type: ignore[index]
        open_rows = (region.market.vacancies.openings_left > 0) & (
            region.market.vacancies.closes_on >= np.datetime64(AS_OF))
        outcome["open_positions"] = int(region.market.vacancies.openings_left[open_rows].sum())
        outcome["seekers_with_a_latent_good_match"] = int(
            (region.truth.good.sum(axis=1) > 0).sum())
        outcome["seconds"] = round(time.perf_counter() - started, 1)
        per_seed.append(outcome)
        say(f"  seed {seed}: " + ", ".join(
            f"{row['method']} ×{row['hires_vs_plain']:.3f}"
            for row in outcome["methods"]) + f" ({outcome['seconds']} s)")  # type: ignore[attr-defined]
    n_seekers, n_vacancies, n_occupations = sizes
    return {
        "seekers": n_seekers,
        "vacancies": n_vacancies,
        "occupations": n_occupations,
        "popularity_lambda": lam,
        "summary": summarise(per_seed),
        "fairness_outcomes": fairness_outcomes(per_seed),
        "seeds": per_seed,
    }


GROUP_NAMES = {"disability": "disab.", "refugee": "refugee", "woman": "women"}
METHOD_NAMES = {"plain_top_k": "plain top-k", "popularity_penalty": "popularity penalty",
                "congestion_aware": "congestion-aware (Sinkhorn)",
                "congestion_aware_fair": "congestion-aware + fairness"}


def markdown(result: dict[str, Any]) -> str:
    """The tables of ``docs/benchmarks.md``, each figure once, from a result JSON."""
    scenarios: dict[str, Any] = result["scenarios"]
    seeds = ", ".join(str(seed) for seed in result["seeds"])

    def mean_sd(entry: dict[str, float], digits: int = 3) -> str:
        return f"{entry['mean']:.{digits}f} ± {entry['sd']:.{digits}f}"

    def size(name: str) -> str:
        scenario = scenarios[name]
        first = scenario["seeds"][0]
        return (f"{name}: {scenario['seekers']:,} seekers, "
                f"{first['open_positions']:,} positions")

    out = [f"Expected hires and recall@10, mean ± standard deviation over seeds {seeds} "
           f"({result['replications']} replications each):", "",
           "| market | method | expected hires | vs plain top-k | vs popularity penalty "
           "| recall@10 vs plain | exposure Gini |", "|---|---|---|---|---|---|---|"]
    for name, scenario in scenarios.items():
        summary = scenario["summary"]
        for index, method in enumerate(METHODS):
            entry = summary[method]
            out.append(
                f"| {size(name) if index == 0 else ''} | {METHOD_NAMES[method]} "
                f"| {entry['expected_hires']['mean']:,.0f} | {mean_sd(entry['hires_vs_plain'])} "
                f"| {mean_sd(entry['hires_vs_popularity_penalty'])} "
                f"| {mean_sd(entry['recall_vs_plain'])} "
                f"| {entry['exposure_gini_across_vacancies']['mean']:.2f} |")
    out += ["", "Simulated hire-rate ratio against comparable seekers, per seed "
            "(± its standard error over replications; ↓ below plain top-k by more than "
            "twice the combined standard error):", "",
            "| market | group | seed | plain top-k | popularity penalty | congestion-aware "
            "| congestion-aware + fairness |", "|---|---|---|---|---|---|---|"]
    for name, scenario in scenarios.items():
        for group in FAIRNESS_GROUPS:
            for number, seed in enumerate(scenario["seeds"]):
                rows = {row["method"]: row for row in seed["methods"]}
                plain = rows["plain_top_k"]
                cells = []
                for method in METHODS:
                    row = rows[method]
                    value = row["hire_rate_ratio"][group.code]
                    error = row["hire_rate_ratio_se"][group.code]
                    noise = math.hypot(error, plain["hire_rate_ratio_se"][group.code])
                    worse = method != "plain_top_k" and plain["hire_rate_ratio"][group.code] \
                        - value > 2 * noise
                    cells.append(f"{value:.2f} ± {error:.2f}{' ↓' if worse else ''}")
                first = number == 0
                out.append(f"| {name if first and group is FAIRNESS_GROUPS[0] else ''} "
                           f"| {GROUP_NAMES[group.code] if first else ''} | {seed['seed']} | "
                           + " | ".join(cells) + " |")
    out += ["", "Opportunity-exposure ratio (the constrained quantity), mean over seeds "
            "(min–max); the fair variant's status per seed from the engine's report:", "",
            "| market | method | disab. | refugee | women |", "|---|---|---|---|---|"]
    for name, scenario in scenarios.items():
        summary = scenario["summary"]
        for index, method in enumerate(METHODS):
            cells = []
            for group in FAIRNESS_GROUPS:
                entry = summary[method]["exposure_ratio"][group.code]
                cells.append(f"{entry['mean']:.2f} ({entry['min']:.2f}–{entry['max']:.2f})")
            out.append(f"| {name if index == 0 else ''} | {METHOD_NAMES[method]} | "
                       + " | ".join(cells) + " |")
        statuses = []
        for seed in scenario["seeds"]:
            report = seed["methods"][3]["fairness"]["disability"]
            statuses.append(f"seed {seed['seed']}: {report['status'].replace('_', ' ')}, "
                            f"×{report['reservation']:.2f} of ×{report['reservation_bound']:.2f}")
        out.append(f"| | fair variant, seekers with disabilities | {'; '.join(statuses)} | | |")
    out += ["", "Reservation of seekers with disabilities held at multiples of its bound "
            f"(seed {result['seeds'][0]}, the band set out of reach so that the fit uses "
            "the whole bound):", "",
            "| market | × bound | reservation | hires vs plain | exposure ratio, disab. "
            "| hire-rate ratio, disab. |", "|---|---|---|---|---|---|"]
    for name, scenario in scenarios.items():
        for index, row in enumerate(scenario["seeds"][0]["reservation_sweep"]):
            out.append(f"| {name if index == 0 else ''} | {row['bound_multiple']:g} "
                       f"| {row['reservation']:.2f} | {row['hires_vs_plain']:.3f} "
                       f"| {row['exposure_ratio_disability']:.2f} "
                       f"| {row['hire_rate_ratio_disability']:.2f} |")
    out += ["", f"Popularity penalty, lambda picked on seed {result['seeds'][0]}:", "",
            "| market | lambda | hires vs plain | recall@10 vs plain |", "|---|---|---|---|"]
    for name, scenario in scenarios.items():
        for index, row in enumerate(scenario["seeds"][0]["popularity_lambda_sweep"]):
            chosen = " (picked)" if row["lambda"] == scenario["popularity_lambda"] else ""
            out.append(f"| {name if index == 0 else ''} | {row['lambda']:g}{chosen} "
                       f"| {row['hires_vs_plain']:.3f} | {row['recall_vs_plain']:.3f} |")
    out += ["", f"Quality-floor sweep of the congestion-aware method (seed "
            f"{result['seeds'][0]}):", "",
            "| market | floor | hires vs plain | recall@10 vs plain |", "|---|---|---|---|"]
    for name, scenario in scenarios.items():
        for index, row in enumerate(scenario["seeds"][0]["quality_floor_sweep"]):
            floor = row["method"].rsplit("_", 1)[1]
            out.append(f"| {name if index == 0 else ''} | {floor} | {row['hires_vs_plain']:.3f} "
                       f"| {row['recall_vs_plain']:.3f} |")
    out += ["", "Where the fair variant leaves a group's hire-rate ratio below plain top-k:", ""]
    for name, scenario in scenarios.items():
        for found in scenario["fairness_outcomes"]:
            out.append(f"- {name}, seed {found['seed']}, {found['group']}: "
                       f"{found['hire_rate_ratio_plain']:.2f} → {found['hire_rate_ratio_fair']:.2f}"
                       f" — {found['why']}.")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller markets")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS))
    parser.add_argument("--markdown", type=Path, metavar="JSON",
                        help="print the tables of docs/benchmarks.md from a result and stop")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text())), end="")
        return
    started = time.perf_counter()
    scenarios = {}
    for name in args.scenarios:
        full, quick = SCENARIOS[name]
        print(f"{name}:", flush=True)
        scenarios[name] = run_scenario(quick if args.quick else full, args.seeds,
                                       args.replications, lambda line: print(line, flush=True))
    result = {
        "benchmark": "market_sim",
        "quick": args.quick,
        "seeds": args.seeds,
        "replications": args.replications,
        "k": K,
        "shortlist": SHORTLIST,
        "quality_floor": QUALITY_FLOOR,
        "popularity_lambdas": list(POPULARITY_LAMBDAS),
        "scenarios": scenarios,
        "targets": {
            "hires_vs_plain_at_least": 1.15,
            "recall_vs_plain_at_least": 0.95,
            "exposure_ratio_range": [0.8, 1.25],
        },
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {"cpus": os.cpu_count(), "load_average_1m_at_end": round(os.getloadavg()[0], 1)},
    }
    print(json.dumps({name: {"popularity_lambda": s["popularity_lambda"], "summary": s["summary"],
                             "fairness_outcomes": s["fairness_outcomes"]}
                      for name, s in scenarios.items()}, indent=1))
    path = RESULTS / ("market_sim_quick.json" if args.quick else "market_sim.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
