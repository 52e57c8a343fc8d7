"""Single-seeker latency of the matching engine: top-20 among a million open vacancies.

Generates one synthetic labour-market region (``decentwork.matching.synthetic``)
with every vacancy open, builds and saves/loads the region index, then times
``RegionMatcher.recommend_vacancies`` for one seeker at a time. The baseline,
measured in the same run on the same seekers, scores every open vacancy of the
region (``RegionMatcher.score_region``: one sparse product for the skills, then
eligibility and all score components over the full region) and keeps the top 20.
Both must return identical lists; the script checks it.

Usage::

    .venv/bin/python bench/matching_latency.py          # 1,000,000 vacancies
    .venv/bin/python bench/matching_latency.py --quick  # 100,000 vacancies

Writes ``bench/results/matching_latency.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from decentwork.matching import RegionIndex, RegionMatcher
from decentwork.matching.synthetic import make_market

AS_OF = "2025-03-01"
K = 20
RESULTS = Path(__file__).parent / "results" / "matching_latency.json"


def percentiles(samples_s: list[float]) -> dict[str, float]:
    ms = np.array(samples_s) * 1000.0
    return {f"p{q}": round(float(np.percentile(ms, q)), 2) for q in (50, 95, 99)} | {
        "mean": round(float(ms.mean()), 2)
    }


def exhaustive_top(matcher: RegionMatcher, seekers, row: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    vacancy_rows, scores, exclusion = matcher.score_region(seekers, row, AS_OF)
    eligible = exclusion == 0
    ids = matcher.index_.vacancies.vacancy_ids[vacancy_rows[eligible]]
    order = np.lexsort((ids, -scores[eligible]))[:K]
    return ids[order]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100k vacancies, fewer queries")
    parser.add_argument("--seed", type=int, default=20250301)
    args = parser.parse_args()
    n_vacancies = 100_000 if args.quick else 1_000_000
    n_queries = 100 if args.quick else 400
    n_baseline = 20 if args.quick else 40

    started = time.perf_counter()
    market = make_market(
        n_queries,
        n_vacancies,
        n_occupations=1200,
        n_skills=8000,
        random_state=args.seed,
    )
    # The question is about open vacancies: keep every one open on AS_OF.
    vacancies = dataclasses.replace(
        market.vacancies,
        opens_on=np.full(n_vacancies, np.datetime64("2025-01-01")),
        closes_on=np.full(n_vacancies, np.datetime64("2025-06-30")),
        openings_left=np.maximum(market.vacancies.openings_left, 1),
    )
    generated_s = time.perf_counter() - started

    started = time.perf_counter()
    index = RegionIndex.build(vacancies)
    build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "region.npz"
        index.save(path)
        file_mb = path.stat().st_size / 2**20
        started = time.perf_counter()
        index = RegionIndex.load(path)
        load_s = time.perf_counter() - started
    matcher = RegionMatcher(n_recommendations=K).use_index(index)
    index_mb = (
        sum(
            getattr(index.vacancies, f.name).data.nbytes
            + getattr(index.vacancies, f.name).indices.nbytes
            + getattr(index.vacancies, f.name).indptr.nbytes
            if f.name.endswith("skills")
            else getattr(index.vacancies, f.name).nbytes
            for f in dataclasses.fields(index.vacancies)
        )
        + index.skill_postings.data.nbytes
        + index.skill_postings.indices.nbytes
        + index.skill_postings.indptr.nbytes
    ) / 2**20

    seekers = market.seekers
    single = [seekers.take(np.array([row])) for row in range(len(seekers))]
    matcher.recommend_vacancies(single[0], AS_OF)  # warm caches (cached skill counts)
    indexed_s, lists = [], []
    for table in single:
        started = time.perf_counter()
        rows = matcher.recommend_vacancies(table, AS_OF)
        indexed_s.append(time.perf_counter() - started)
        lists.append(rows.vacancy_ids)

    baseline_s, identical = [], 0
    for row in range(n_baseline):
        started = time.perf_counter()
        expected = exhaustive_top(matcher, seekers, row)
        baseline_s.append(time.perf_counter() - started)
        identical += int(np.array_equal(expected, lists[row]))

    indexed = percentiles(indexed_s)
    baseline = percentiles(baseline_s)
    same_seekers = percentiles(indexed_s[:n_baseline])
    result = {
        "benchmark": "matching_latency",
        "quick": args.quick,
        "open_vacancies": n_vacancies,
        "k": K,
        "queries": n_queries,
        "seed": args.seed,
        "generate_market_s": round(generated_s, 2),
        "index_build_s": round(build_s, 2),
        "index_load_s": round(load_s, 2),
        "index_file_mb": round(file_mb, 1),
        "index_arrays_mb": round(index_mb, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "indexed_ms": indexed,
        "baseline_exhaustive_ms": baseline,
        "baseline_queries": n_baseline,
        "indexed_ms_same_queries_as_baseline": same_seekers,
        "speedup_p50": round(baseline["p50"] / same_seekers["p50"], 1),
        "speedup_p95": round(baseline["p95"] / same_seekers["p95"], 1),
        "identical_top_k_lists": f"{identical}/{n_baseline}",
        "target_p95_ms": 30.0,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        },
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
